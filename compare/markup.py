"""Amendment markup in bill texts: deleted matter, non-legal noise, and the text that would be law.

Every function is pure (no I/O) and works on character offsets into the ORIGINAL text, so a
caller can blank what it wants to ignore (``blank_spans``) and still quote the original verbatim.

Styles (``detect_style``):

- ``ny``: NY Senate OpenLegislation plain text. New matter in UPPER CASE, deleted matter in
  ``[brackets]``, page headers such as `` S. 987  9``, an ``EXPLANATION--`` legend and an
  ``LBD...`` drafting code at the foot of page 1.
- ``nyc``: NYC Legistar plain text. ``[brackets]`` mark deletions, the section sign is U+FFFD,
  trailing drafting codes (initials, ``LS #...``, dates) end the text.
- ``md``: Maryland PDF-to-Markdown. ``~~word~~`` is matter struck by amendment, ``[brackets]``
  are deletions from existing law, ``START/END OF PAGE n`` markers, running heads, footers
  (``– 3 –``) and, in some renderings, line numbers.
- ``ca``: California (leginfo); strike/italic markup is lost, so nothing is "deleted".
- ``wa``: wa-law.org Markdown re-rendering; official strike/underline markup is dropped, and
  ``[Empty]`` / ``[text](link)`` are formatting, not deletions.
- ``pdf``: pdftotext-like (e.g. Missouri): inline line numbers, run-together words, form feeds,
  page headers (``HB 1515 2``). Missouri's ``[thus]`` brackets are deletions.
- ``brackets``: any other text whose legend says matter in brackets is to be omitted
  (Nevada's "matter between brackets [omitted material] is material to be omitted").
- ``plain``: anything else; no deletion convention is assumed.

What counts as a bracket deletion: a ``[...]`` pair (it may span lines) whose content is not
blank, not an ellipsis cut mark (``[...]``, ``[…]``), not ``[Empty]``, not a Markdown link
(``[x](url)``) and not inside a legend/noise span. ``[5]`` and ``[3.]`` ARE deletions in NYC
texts (renumbered paragraphs) and ``[,]`` / ``[s]`` are deleted punctuation/letters, so content
need not contain a word.

In any style, an amending section ("... is amended to read as follows:") may print deleted
matter in ``((double parentheses))``, as Washington's bills do; that matter is deleted too, as
is Oregon's ``{- deleted -}`` (beside ``{+ new +}``) and Albuquerque's ``[-deleted-]``
(beside ``[+new+]``, which is never a bracket deletion).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

Span = tuple[int, int]

BRACKET_STYLES = frozenset({"ny", "nyc", "md", "pdf", "brackets"})
MAX_BRACKET = 20000

# a struck run may wrap over lines, never over a blank line (a paragraph of its own)
_STRIKE = re.compile(r"~~(?=\S)((?:[^~\n]|~(?!~)|\n(?![ \t]*\n))+?)~~")
_BRACKET = re.compile(rf"\[([^\[\]]{{0,{MAX_BRACKET}}})\]")
_CUT_MARK = re.compile(r"\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]")
_LINE_NO = re.compile(r"^([ \t]*)(\d{1,3})(?=[ \t]+\S)", re.M)
# Illinois Compiled Statutes print each section's citation on a line of its own above it,
# "(5 ILCS 805/15)": a running reference, not text (it would hide the "Sec. 15." below)
_ILCS_HEAD = re.compile(r"^[ \t]*\(\d{1,3} ILCS \d{1,4}/[\w.\-]*\)[ \t]*$", re.M)
_LONE_LINE_NO = re.compile(r"^[ \t]*(\d{1,3})[ \t]*$", re.M)
_PAGE_MARK = re.compile(r"^[ \t]*(?:START|END) OF PAGE \d+[ \t]*$", re.M)
_PAGE_FOOT = re.compile(
    r"^[ \t]*[–—-][ \t]*\d{1,3}[ \t]*[–—-][ \t]*$"
    # "LC004219 - Page 1 of 4", "Page 2 of 9", "Page 3": a page's number on a line of its own
    r"|^[ \t]*(?:[A-Z]{1,5}\d{3,8}[ \t]*[–—-][ \t]*|Req\.[ \t]+No\.[ \t]+\d{1,6}[ \t]+|\d{4}[ \t]{2,})?Page[ \t]+\d{1,3}(?:[ \t]+of[ \t]+\d{1,3})?[ \t]*$"
    r"|^[ \t]*\d{1,3}[ \t]+of[ \t]+\d{1,3}[ \t]*$",  # "2 of 5" (Massachusetts bills)
    re.M,
)
_PAGE_HEAD = re.compile(
    r"^[ \t]*(?:[SA]\.|HB|SB|HCS|SCS|HJR|SJR|HR|SR|AB)[ \t]?\d{1,5}[A-Z]?[ \t]+\d{1,3}[ \t]*$"
    r"|^[ \t]*(?:HB|SB|HJR|SJR)\d{2,5}[ \t]*$"  # a running head that is the bill's number alone
    # Louisiana's running head ("HLS 27RS-1128   ENGROSSED" over "HB NO. 547") and the
    # CODING legend it repeats on every page
    r"|^[ \t]*HLS[ \t]+\d{2}R?S-\d{1,5}(?:[ \t]+[A-Z]+)*[ \t]*$"
    r"|^[ \t]*(?:HB|SB|HCR|SCR|HR|SR)[ \t]+NO\.[ \t]+\d{1,5}[ \t]*$"
    r"|^[ \t]*CODING:[^\n]*(?:\n[ \t]*are additions\.)?[ \t]*$"
    # Maryland's running head, the page number beside the bill's name ("2   HOUSE BILL 964")
    # Vermont's running head: "VT LEG #381204 v.1" over "BILL AS INTRODUCED   H.318" over
    # "2027   Page 4 of 7" (that last line is a page foot)
    r"|^[ \t]*VT LEG #\d{3,8}(?:[ \t]+v\.\d{1,2})?[ \t]*$"
    # Iowa's page foot: the bill draft's number ("LSB 5432SV (2) 91") over the drafter's
    # initials and the page ("jm/rn   2/6")
    r"|^[ \t]*LSB[ \t]+\d{4}[A-Z]{2}(?:[ \t]+\(\d{1,2}\))?[ \t]+\d{2,3}[ \t]*$"
    r"|^[ \t]*[a-z]{2,3}/[a-z]{2,3}[ \t]+\d{1,3}/\d{1,3}[ \t]*$"
    r"|^[ \t]*BILL AS [A-Z ]{5,60}?[ \t]{2,}[HS]\.[ \t]?\d{1,4}[ \t]*$"
    r"|^[ \t]*(?:\d{1,3}[ \t]+(?:HOUSE|SENATE) BILL \d{1,5}|(?:HOUSE|SENATE) BILL \d{1,5}[ \t]+\d{1,3})[ \t]*$",
    re.M,
)
_LBD = re.compile(r"^[ \t]*LBD\d{5}-\d{2}-\d[ \t]*$", re.M)
_LEGEND = re.compile(r"^[ \t]*EXPLANATION\b.*$", re.M)
_LEGEND_WORDS = re.compile(
    r"omitted|indicate|Matter|bold-face|Underlining|Strike|Italics|\[ \]|proposed language|^\s*amendment\.\s*$",
    re.I,
)
# New Mexico prints its legend in each page's margin ("underscored material = new",
# "[bracketed material] = delete") over the bill's file number (".236412.2")
_NM_MARGIN = re.compile(
    r"^[ \t]*(?:underscored material = new|\[bracketed material\] = delete)[ \t]*$"
    r"|^[ \t]*\.\d{6}\.\d{1,2}[A-Za-z]{0,3}[ \t]*$",
    re.M,
)
_WA_CHROME = re.compile(r"^\[wa-law\.org\]\(.*$|^\[Source\]\([^)\n]*\)[ \t]*$", re.M)
_TAIL_LINE = re.compile(
    r"""^\s*(?:
        -{3,}
      | [A-Z]{2,4}(?:/[A-Z]{2,4})*
      | LS[ \t]*\#?[ \t]*[\d,/ LS\#]+
      | \d{1,2}[./]\d{1,2}[./]\d{2,4}(?:[ \t]+\d{1,2}:\d{2}[ \t]*[AaPp]\.?[Mm]\.?)?
      | \d{1,2}:\d{2}[ \t]*[AaPp]\.?[Mm]\.?
      | \d{1,3}
      | Session[ \t]+\d+
      | (?:Int|Res)\.[ \t]*\#?[ \t]*\d+-\d{4}
    )\s*$""",
    re.X,
)
_TAIL_KEY = re.compile(r"LS|\d{1,2}[./]\d{1,2}[./]\d{2,4}")


def detect_style(text: str) -> str:
    """Guess the source markup style of a bill text (see module docstring)."""
    head = text[:20000]
    if "START OF PAGE" in head or len(_STRIKE.findall(head)) >= 3:
        return "md"
    if "\ufffd" in text or re.search(
        r"Be it enacted by the Council|Council of the City of New York|By Council Member", head
    ):
        return "nyc"
    if re.search(
        r"S T A T E +O F +N E W +Y O R K|EXPLANATION--Matter in ITALICS|^ ?[SA]\. \d+ +\d+ *$",
        head,
        re.M,
    ):
        return "ny"
    if re.search(r"wa-law\.org|^## Section \d|NEW SECTION\. Sec\. \d", head, re.M):
        return "wa"
    if re.search(
        r"LEGISLATIVE COUNSEL|STATE OF CALIFORNIA|\bStats\. \d{4}, Ch\.|^(?:GOVERNMENT|LABOR|PENAL) CODE$",
        head,
        re.M,
    ):
        return "ca"
    if "\f" in head or _has_line_numbers(text) or re.search(r"[a-z]{30,}", head):
        return "pdf"
    if _STRIKE.search(head):
        return "md"  # matter struck through, as Maryland prints it
    if _BRACKETED_RULE.search(head) and (_CAPITAL_RUN.search(head) or _AMENDS.search(head)):
        return "ny"  # deleted matter in [brackets], new matter in capitals
    if len(_GLUED_BRACKET.findall(head)) >= 2 and _AMENDS.search(head):
        return "ny"  # Kentucky's deleted matter, its brackets set against the words: "shall[ not]"
    if _BRACKET_LEGEND.search(head):
        return "brackets"  # a legend says so: "matter between brackets [...] is to be omitted"
    if _CAPITALS_BRACKETED.search(head) and _AMENDS.search(head):
        return "brackets"  # Alaska's deleted matter: "[90 DAYS]", "[THE ... SHALL DESTROY ...]"
    return "plain"


# the New York convention in any text that amends: bracketed words (four or more, so
# not a citation) beside new matter in capitals or an "amended to read" clause
_BRACKETED_RULE = re.compile(r"\[(?:[^\]\n]*?\b[a-z]{2,}\b){4}[^\]\n]*\]")
# bracketed matter in capitals, two words or more, in a text printed in mixed case
_CAPITALS_BRACKETED = re.compile(
    r"[a-z][^\[\n]{0,200}\[[A-Z0-9][A-Z0-9 ,.;:'()-]*\b[A-Z]{2,}\b[A-Z0-9 ,.;:'()-]*\]"
)
# a bracket set against the word before it, holding words: "shall[ not] notify",
# "this Act[Procedures ensuring ...]" (a citation's bracket stands apart: "[§28G-5]")
_GLUED_BRACKET = re.compile(r"[a-z,;:)]\[ ?[A-Za-z][^\]\[]{0,600}\]")
_AMENDS = re.compile(r"\bis\s+(?:hereby\s+)?amended\s+to\s+read\b", re.I)
_BRACKET_LEGEND = re.compile(
    r"\b(?:matter|material|text|language|words?)\b[^.\n]{0,60}\b(?:in|within|between|enclosed in)"
    r" (?:(?:square|bold-?faced?|boldface|bold|heavy) )*brackets\b[^.\n]{0,80}(?:\n[^.\n]{0,80})?\b(?:omitted|deleted|repealed|stricken|struck|removed)"
    # a Maryland county's legend: "[[Double boldface brackets]]  Deleted from existing law"
    r"|\[\[?[^\]\n]{0,40}\bbrackets\]\]?[^.\n]{0,40}\b(?:omitted|deleted|repealed|stricken|struck|removed)"
    # "Text deleted from the 2017 order is shown [[in double brackets]]"
    r"|\b(?:deleted|removed|struck|stricken|omitted)\b[^.]{0,80}\[\[[^\]]{0,40}\bbrackets\]\]"
    # "Language being deleted is struck through in the official copy and is printed here within
    # [brackets]"
    r"|\b(?:matter|material|text|language|words?)\b[^.]{0,40}\b(?:deleted|omitted|repealed|stricken|struck|removed)\b[^.]{0,100}\b(?:in|within|between|enclosed in)\s+\[brackets\]"
    # "deleted text is shown in [capitals within brackets]"
    r"|\b(?:deleted|removed|struck|stricken|omitted) (?:text|matter|material|language)\b[^.;\n]{0,40}\b(?:in|within|between)\b[^.;\n]{0,30}\bbrackets\b"
    # Connecticut's "Proposed deletions are enclosed in brackets."
    r"|\bdeletions\b[^.]{0,40}\b(?:enclosed in|in|within|shown in|indicated by|appear in)\s+(?:square\s+)?\[?brackets\b"
    # "language to be deleted ... is shown as [[struck text]] between double brackets"
    r"|\b(?:deleted|removed|struck|stricken|omitted)\b[^.]{0,120}\[\[[^\]\n]{0,40}\]\][^.]{0,40}\bbrackets\b",
    re.I,
)
_CAPITAL_RUN = re.compile(r"\b[A-Z]{2,}(?:[ ,;]+[A-Z]{2,}){4,}")


MAX_JUDGED = 200_000  # how much of a text is read to judge how its lines are numbered


def _has_line_numbers(text: str) -> bool:
    """True when most non-blank lines start with a small line number."""
    lines = [ln for ln in text[:MAX_JUDGED].splitlines() if ln.strip()]
    numbered = sum(1 for ln in lines if _LINE_NO.match(ln))
    return len(lines) >= 10 and numbered >= 0.4 * len(lines)


def _merge(spans: list[Span]) -> list[Span]:
    """Sort spans and merge overlapping or touching ones."""
    out: list[Span] = []
    for s, e in sorted(sp for sp in spans if sp[1] > sp[0]):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _inside(spans: list[Span], start: int, end: int) -> bool:
    """True when [start, end) overlaps any of the sorted, merged spans."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    if i >= 0 and spans[i][1] > start:
        return True
    return i + 1 < len(spans) and spans[i + 1][0] < end


def _contained(spans: list[Span], start: int, end: int) -> bool:
    """True when [start, end) lies entirely inside one of the sorted, merged spans."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


# Minnesota prints page and line ("1.16 Sec. 2.", "2.7 status or place of birth when ...")
_PAGE_LINE_NO = re.compile(r"^([ \t]*)(\d{1,3}\.\d{1,2})(?=[ \t]+\S)", re.M)


def _page_line_number_spans(text: str) -> list[Span]:
    """Spans of page.line numbers, when nearly every line has one and many lines carry on a
    sentence (a policy's decimal paragraph numbers begin their paragraphs instead)."""
    lines = [ln for ln in text[:200000].splitlines() if ln.strip()]
    found = [m for ln in lines if (m := _PAGE_LINE_NO.match(ln))]
    if len(lines) < 10 or len(found) < 0.8 * len(lines):
        return []
    # a line carries on a sentence when it goes on in lower case, after any markup of new
    # matter ("1.33\t_government entity ...")
    carried = sum(1 for m in found if m.string[m.end() :].lstrip(" \t_*")[:1].islower())
    if carried < 0.2 * len(found):
        return []
    return [(m.start(2), m.end(2)) for m in _PAGE_LINE_NO.finditer(text)]


# Iowa prints page and line apart (" 1 31    4.  If the department receives ...")
_PAGE_AND_LINE_NO = re.compile(r"^([ \t]*)(\d{1,3}[ \t]+\d{1,2})(?=[ \t]+\S|[ \t]*$)", re.M)


def _line_number_spans(text: str) -> list[Span]:
    """Spans of inline leading line numbers, when the text is line-numbered (with the page
    number before each, when nearly every numbered line carries both)."""
    if not _has_line_numbers(text):
        return _page_line_number_spans(text)
    lines = [(m.start(2), m.end(2)) for m in _LINE_NO.finditer(text)]
    pairs = [(m.start(2), m.end(2)) for m in _PAGE_AND_LINE_NO.finditer(text)]
    # judged on the text's head, as _has_line_numbers judges line numbers
    paired = sum(1 for start, _ in pairs if start < MAX_JUDGED)
    numbered = sum(1 for start, _ in lines if start < MAX_JUDGED)
    spans = pairs if paired >= 0.8 * numbered else lines
    # the number of a blank line ("   6") is noise too: left in place it reads as the text
    # before the next section's marker
    return spans + [(m.start(1), m.end(1)) for m in _LONE_LINE_NO.finditer(text)]


def _page_head_spans(text: str) -> list[Span]:
    """Running heads: the first non-blank line after each "START OF PAGE n" marker (n > 1)."""
    spans, heads = [], set()
    for m in re.finditer(r"^[ \t]*START OF PAGE (\d+)[ \t]*\n\s*(\S[^\n]*)$", text, re.M):
        if int(m.group(1)) > 1 and len(m.group(2)) < 80:
            spans.append((m.start(2), m.end(2)))
            heads.add(m.group(2).strip())
    for m in re.finditer(r"^[ \t]*START OF PAGE 1[ \t]*\n\s*(\S[^\n]*)$", text, re.M):
        if m.group(1).strip() in heads:
            spans.append((m.start(1), m.end(1)))
    return spans


def _legend_spans(text: str) -> list[Span]:
    """The "EXPLANATION" legend of bracket/caps/strike conventions and its continuation lines."""
    spans = []
    for m in _LEGEND.finditer(text):
        end = m.end()
        for _ in range(6):
            nl = text.find("\n", end + 1)
            nxt = text[end + 1 : nl if nl >= 0 else len(text)]
            if not nxt.strip() or not (_LEGEND_WORDS.search(nxt) or _LBD.match(nxt)):
                break
            end = nl if nl >= 0 else len(text)
        spans.append((m.start(), end))
    return spans


def _tail_spans(text: str) -> list[Span]:
    """The trailing drafting block (initials, "LS #...", dates, page numbers) at the end."""
    pos, end, hits, key = len(text), len(text), 0, False
    while pos > 0:
        start = (
            text.rfind("\n", 0, pos - 1) + 1
            if text[pos - 1 : pos] == "\n"
            else text.rfind("\n", 0, pos) + 1
        )
        line = text[start:pos]
        if line.strip() and not _TAIL_LINE.match(line):
            break
        if line.strip():
            hits += 1
            key = key or bool(_TAIL_KEY.search(line))
        pos = start
        if hits > 40:
            return []
    if hits >= 2 and key:
        first = len(text[pos:end]) - len(text[pos:end].lstrip())
        return [(pos + first, end)]
    return []


def noise_spans(text: str, style: str | None = None) -> list[Span]:
    """Sorted, merged offsets of non-legal noise: page markers/heads, legends, line numbers, codes."""
    style = style or detect_style(text)
    spans: list[Span] = [(m.start(), m.end()) for m in re.finditer(r"\f", text)]
    for rx in (
        _PAGE_MARK,
        _PAGE_FOOT,
        _PAGE_HEAD,
        _LBD,
        _WA_CHROME,
        _CUT_MARK,
        _ILCS_HEAD,
        _NM_MARGIN,
    ):
        spans += [(m.start(), m.end()) for m in rx.finditer(text)]
    spans += _page_head_spans(text) + _legend_spans(text) + _line_number_spans(text)
    spans += _tail_spans(text) + _statement_spans(text) + _annotation_spans(text)
    if "REFERENCES" in text:
        spans += _references_spans(text)
    if "DIGEST" in text:
        spans += [(m.start(), m.end()) for m in _COUNSELS_DIGEST.finditer(text)]
    if "SUMMARY" in text or "SYNOPSIS" in text or "ANALYSIS" in text:
        spans += [(m.start(), m.end()) for m in _LEADING_SUMMARY.finditer(text)]
    if "Acts " in text or "{{" in text or "(P.A. " in text:
        spans += [(m.start(), m.end()) for m in _SOURCE_NOTE.finditer(text)]
    spans += [(m.start(), m.end()) for m in _UNDERLINE_MARK.finditer(text)]
    if "__" in text:
        for m in _DOUBLE_UNDERLINE_MARK.finditer(text):  # the opening and closing marks
            spans += [(m.start(), m.start() + 2), (m.end() - 2, m.end())]
    if "**" in text:  # boldface printed **thus** (Oregon's new sections): the stars are formatting
        spans += [m.span(m.lastindex) for m in _STARRED_MARKER.finditer(text)]
    spans += [(m.start(), m.end()) for m in _LABELLED_INSERTED.finditer(text)]
    if "</" in text:  # the tags of <ins>, <del>, <u> and <s> markup are formatting, not words
        spans += [(m.start(), m.end()) for m in _HTML_MARK.finditer(text)]
    # Minnesota's revisor marks inserted matter "new text begin ... new text end"
    if "new text " in text:
        spans += [(m.start(), m.end()) for m in _MN_NEW_MARK.finditer(text)]
    # Pennsylvania's cross-reference catchlines ("section 6114 (relating to limitation on
    # sale, publication and disclosure of records)") name another section; they enact nothing
    spans += [(m.start(), m.end()) for m in _RELATING_TO.finditer(text)]
    if "<<" in text and ">>" in text:  # new matter printed <<thus>>: the marks are formatting
        spans += [(m.start(), m.end()) for m in _ANGLE_MARK.finditer(text)]
    return _merge(spans)


_ANGLE_MARK = re.compile(r"<<|>>")
# California's Legislative Counsel's Digest, a heading on its own line before the enacting
# clause on its own line: it tells what existing law does and what the bill would do
# ("Existing law permits ..."), and enacts nothing (as Maine's SUMMARY or Iowa's EXPLANATION;
# a leginfo page flattened to one line keeps it, and reads it as preamble)
_COUNSELS_DIGEST = re.compile(
    r"^[ \t]*LEGISLATIVE COUNSEL[’']?S DIGEST[ \t]*$[\s\S]{0,30000}?"
    r"(?=^[ \t]*THE PEOPLE OF THE STATE OF CALIFORNIA DO ENACT AS FOLLOWS)",
    re.M,
)
_RELATING_TO = re.compile(r"\((?:relating|relative) to [^()]{1,200}\)", re.I)
# a summary printed above the enacting clause (Virginia's "SUMMARY AS INTRODUCED:", a
# "SYNOPSIS", New Hampshire's "ANALYSIS"): it tells what the bill would do ("Removes the
# prohibitions on detaining ...") and enacts nothing; it ends where the title, the enacting
# clause or (New Hampshire) the legend of the bill's markup begins
_LEADING_SUMMARY = re.compile(
    r"^[ \t]*(?:SUMMARY(?: AS [A-Z ,-]{3,40})?|BILL SUMMARY|SYNOPSIS|(?:AMENDED )?ANALYSIS):?[ \t]*$[\s\S]{0,30000}?"
    r"(?=^[ \t]*(?:Be it enacted|BE IT ENACTED|The General Assembly of [A-Za-z ]{4,30} enacts"
    r"|AN ACT\b|An Act\b|A BILL\b|A Bill\b"
    # New Hampshire's analysis runs to its legend or the state's name
    r"|Explanation:|STATE OF [A-Z ]{4,30}$|In the Year of Our Lord\b))",
    re.M,
)


# underlined new matter printed between underscores in plain text ("_No person shall be
# held ..._", "_D. Members ..._"): the underscores are formatting, and left in place they
# hide the subdivision marker they stand before. Runs of underscores (blanks to fill in,
# signature lines) and underscores inside words are kept.
_UNDERLINE_MARK = re.compile(  # the underscore first, so the regex engine skips to each one
    r"_(?:(?<![^\W_]_)(?<!__)(?=[^\W_]|[(\[\"“§$])"
    r"|(?<=[^\W_]_|[.,;:)\"”\]%]_)(?![^\W_]|_))"
)

# boldface printed between double stars at a line's start ("**SECTION 3. Disclosure ...**",
# "**(4) ...**"): left in place, the stars hide the section or subdivision marker they stand
# before (stars inside a line, beside struck matter, are left to the markup that reads them)
_STARRED_MARKER = re.compile(
    r"(?m)^[ \t]*(?:\d{1,3}[ \t]+)?(?:\[[^\]\n]{1,12}\][ \t]*)?(\*\*)"  # after a line number, or a struck old number
    r"(?=(?:SECTION|Section|SEC\.|Sec\.|§|\(\w{1,4}\))(?:[ \t]|\*\*)|\d{1,5}(?:\.\d{1,5})*\.[ \t])"  # or a code section's number or a subsection's ("**544.478. 1. No ...", "**2. A ...")
    r"|(?:(?<=\(\w\))|(?<=\(\w\w\)))(\*\*)(?=[ \t])"  # "**(4)** Nothing in ...": the stars closing a new number
    r"|(?<=[.;:])(\*\*)(?=[ \t]*$)"  # the stars closing a bold paragraph, at its line's end
)

# the same printed between double underscores ("state agencies __shall__ not ask", "__(c)
# Nothing in this division restricts ...__"), as some legends set underlined matter
_DOUBLE_UNDERLINE_MARK = re.compile(
    r"(?<![^\s(\[])__(?=[^\W_]|[(\[\"“§$])[^_]{1,4000}?(?<=[^\W_]|[.,;:)\"”\]%])__(?![\w_])"
)

# a sponsor's statement, summary or fiscal note printed after the enacted text (New Jersey's
# "STATEMENT", Maine's "SUMMARY", Maryland's "FISCAL AND POLICY NOTE", a California city's
# "NOTICE AND DIGEST"), a city attorney's review after the signatures, a city's closing
# "ANALYSIS" or run-in "FISCAL NOTE:", Hawaii's digest ("Report Title:" then
# "Description:"), or the list of legal references a school board policy ends with ("Legal
# Reference:"), or an explanation of the bill (Iowa, Rhode Island): it explains the text and
# enacts nothing
_STATEMENT = re.compile(
    r"(?m)^[ \t]*(?:\d{1,3}(?:[ \t]+\d{1,3})?[ \t]+)?"  # perhaps after its page and line numbers ("3 30")
    r"(?:STATEMENT|SPONSOR'?S STATEMENT|(?:INTRODUCER'?S )?STATEMENT OF INTENT|(?:[A-Z]{1,3} ?\d{1,5}[- –—]+)?FISCAL (?:AND POLICY )?NOTE(?: FORM)?"
    r"|Report Title:|SUMMARY|NOTICE AND DIGEST|DIGEST"  # Louisiana prints its DIGEST after the bill
    r"|ANALYSIS"
    r"|FISCAL NOTE:[^\n]*"  # a fiscal note run in on its heading's line, after the enacted text
    r"|(?:\d{4} )?Fiscal Impact Statement"  # Virginia's Department of Planning and Budget
    # a city or county attorney's review printed after the signatures ("LEGAL REVIEW:",
    # "CITY ATTORNEY'S MEMORANDUM")
    r"|LEGAL REVIEW:?|(?:(?:CITY|COUNTY|TOWN|VILLAGE) )?ATTORNEY'?S (?:MEMORANDUM|REVIEW|NOTE|COMMENTS?)|LEGAL MEMORANDUM"
    r"|(?:[IVXL]{1,4}\.[ \t]+)?REFERENCES:?"
    # Iowa's closing "EXPLANATION" and Rhode Island's "EXPLANATION BY THE LEGISLATIVE COUNCIL"
    r"|EXPLANATION(?: BY THE LEGISLATIVE COUNCIL\b.*)?"
    # Connecticut's closing table of the act's sections, effective dates and amended sections
    r"|This act shall take effect as follows and shall amend the following sections:)[ \t]*$"
)


# an annotated code's notes beside a section ("Editor's notes. ...", "Legislative Research
# Commission Note (7/15/2026). ... repealed KRS 65.130, which had read ...", "NOTES OF
# DECISIONS" summarising cases): the publisher's commentary, which may quote repealed law;
# it enacts nothing. A label alone on its line (an annotated code's "Annotations")
# heads notes that run to the next section heading.
_ANNOTATION = re.compile(
    r"^[ \t]*(?:Legislative Research Commission Notes?|Editor'?s'? notes?|Editorial notes?|Compiler'?s'? notes?"
    r"|Code Commission(?:er'?s'?)? notes?|Publisher'?s'? notes?"
    r"|Notes? (?:of|to) Decisions|Case Notes|Judicial Decisions|Interpretive Notes and Decisions"
    r"|Annotations(?=[ \t]*$)"
    # notes that run to their paragraph's end ("History: P.A. 19-20 deleted ...")
    r"|(?P<paragraph>Revis[eo]r'?s'? notes?|History(?=[ \t]*[.:])"
    r"|Historical (?:and Statutory )?Notes?|Amendment Notes?|Effect of amendments?|Cross[- ]references?))\b"
    r"[ \t]*(?:[.:—–-]+[ \t]*)*(?P<text>\S?)",  # "EDITOR'S NOTE. --" ends its line: notes follow
    re.M | re.I,
)
# the next section's heading, perhaps bracketed as Hawaii prints a section not yet codified
# ("[§28G-5]") or after its code's name ("NRS 179F.100", "RCW 10.93.160"), New Hampshire's
# lettered chapter ("594-D:4"), or a rule's number
# alone on its line ("735-010-0255", its catchline below)
_NEXT_SECTION = re.compile(
    r"^[ \t]*\[?(?:§|[A-Z]{2,6}[ \t]+\d+[A-Z]?[.:]\d|(?i:sec(?:tion)?)\.?[ \t]+\d+[A-Za-z]?(?:[.\-–]\d+[A-Za-z]?)*\.(?:[ \t]|$)|\d+[\w]*(?:-[A-Z]{1,3})?[-.:]\d[\w.:-]*\.?(?:[ \t]|$)|(?:ARTICLE|CHAPTER|PART|SUBCHAPTER|TITLE)\b)",
    re.M,
)


# a code's source notes: Louisiana's history line under each section ("Acts 2027, No. 318,
# §1, eff. Aug. 1, 2027.") and its editor's notes in double braces ("{{NOTE: See Acts 2027,
# No. 318, §3, providing that ...}}"), which describe acts and enact nothing
_SOURCE_NOTE = re.compile(
    r"\{\{NOTE:[^{}]{0,3000}\}\}"
    # Connecticut's source line after a section: "(P.A. 15-177, S. 2; P.A. 21-81, S. 3.)"
    r"|(?m:^[ \t]*\((?:P\.A\.|\d{4}(?:, [A-Z][a-z]{2}\.)? Rev\.|Sp\. Sess\.|June Sp\. Sess\.)[^()\n]{0,400}\)[ \t]*$)"
    r"|(?m:^[ \t]*Acts \d{4},[ \t]+(?:\d{1,2}(?:st|nd|rd|th)[ \t]+Ex\.[ \t]+Sess\.,[ \t]+)?No\.[ \t]*\d+"
    r"(?![^\n]*\b(?:shall|may|must|is hereby)\b)[^\n]*$)"
)


# a drafter's analysis printed above an ordinance's enacting clause (Madison's Legistar
# "DRAFTER'S ANALYSIS: The City has ..."): it explains the ordinance to its paragraph's end
_ANALYSIS = re.compile(r"^[ \t]*Drafter'?s'? analysis[ \t]*:", re.M | re.I)
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")


# Oregon's note quoting a repealed section ("Note: ORS 181A.921 (2021 Edition) provided:"),
# the old text in the paragraph below it
_QUOTING_NOTE = re.compile(
    r"^[ \t]*Notes?:[^\n]{0,200}\b(?:provided|read|reads|stated)\b[^\n]{0,40}:[ \t]*$"
    # a drafter's note on what an earlier version would have enacted ("NOTE: An earlier
    # version of this file, as introduced, would have created s. 113.04(6), providing ...")
    r"|^[ \t]*NOTE:[^\n]{0,300}\b(?:would have|as introduced|earlier version|was removed|was deleted)\b",
    re.M,
)


def _annotation_spans(text: str) -> list[Span]:
    """A code publisher's notes: the labelled paragraph, or a bare label's notes up to the
    next section heading; a drafter's analysis to its paragraph's end; a note quoting a
    repealed section, with the quoted text."""
    spans = []
    if "Note" in text or "NOTE" in text:
        for m in _QUOTING_NOTE.finditer(text):
            end = _PARAGRAPH_END.search(text, m.end() + 1)
            spans.append((m.start(), end.start() if end else len(text)))
    for m in _ANALYSIS.finditer(text):
        end = _PARAGRAPH_END.search(text, m.end())
        spans.append((m.start(), end.start() if end else len(text)))
    for m in _ANNOTATION.finditer(text):
        if m.group("text") and m.group("paragraph"):
            end = _PARAGRAPH_END.search(text, m.end())
            spans.append((m.start(), end.start() if end else len(text)))
        elif m.group("text"):  # the note follows its label on the line
            end = text.find("\n", m.start())
            spans.append((m.start(), len(text) if end < 0 else end))
        else:
            nxt = _NEXT_SECTION.search(text, m.end())
            spans.append((m.start(), nxt.start() if nxt else len(text)))
    return spans


# an executive policy's numbered list of the laws and policies it cites ("3.0 REFERENCES",
# "3.4 8 U.S.C. sections 1324a, 1357(g), 1373 and 1644"), up to its next part ("4.0
# DEFINITIONS"): citations, which enact nothing
_REFERENCES_PART = re.compile(r"^[ \t]*(\d{1,2})\.0[ \t]+(?:LEGAL )?REFERENCES:?[ \t]*$", re.M)
_NEXT_PART = re.compile(r"^[ \t]*\d{1,2}\.0[ \t]+[A-Z]", re.M)


def _references_spans(text: str) -> list[Span]:
    """Each numbered REFERENCES part, to the next numbered part."""
    spans = []
    for m in _REFERENCES_PART.finditer(text):
        nxt = _NEXT_PART.search(text, m.end())
        if nxt:
            spans.append((m.start(), nxt.start()))
    return spans


def _statement_spans(text: str) -> list[Span]:
    """From a statement heading after the enacted text to the end of the text; a school
    board policy's list of legal references to the policy's footer ("Policy adopted: ...")
    when a regulation follows it, else to the end."""
    spans = []
    for m in _LEGAL_REFERENCES.finditer(text, len(text) // 10):
        footer = _POLICY_FOOTER.search(text, m.end())
        spans.append((m.start(), footer.start() if footer else len(text)))
    m = _STATEMENT.search(text, len(text) // 3)
    return spans + ([(m.start(), len(text))] if m else [])


_LEGAL_REFERENCES = re.compile(
    r"^[ \t]*(?:\d{1,3}(?:[ \t]+\d{1,3})?[ \t]+)?(?:Legal References?:?|LEGAL REF(?:ERENCE)?S?[.:]?)[ \t]*$",
    re.M,
)
# the footer that closes a school board policy before its regulation begins ("Policy
# adopted: February 7, 2018", a line "Policy  FRESNO UNIFIED SCHOOL DISTRICT" above it, or
# "Policy adopted: June 5, 2025" on one line), or the rule line and "Approved by:" that set
# a procedural directive apart
_POLICY_FOOTER = re.compile(
    r"^[ \t]*(?:(?:Policy|Regulation|Exhibit|Bylaw)(?:\b[^\n]{0,80}\n[ \t]*|[ \t]+))?(?:[Aa]dopted|[Aa]pproved)(?:[ \t]+by)?[ \t]*:"
    r"|^[ \t]*[-=_*]{10,}[ \t]*$",  # or a rule line that sets the next document apart
    re.M,
)


def _strike_spans(text: str, noise: list[Span]) -> list[Span]:
    """Maryland ~~struck~~ runs, merged across whitespace, line numbers and page noise."""
    raw = [(m.start(), m.end()) for m in _STRIKE.finditer(text)]
    raw = [(s, e) for s, e in raw if not _contained(noise, s, e)]
    raw = sorted(raw + _strikes_over_breaks(text, raw, noise))
    out: list[Span] = []
    for s, e in raw:
        if out and _gap_is_filler(text, out[-1][1], s, noise):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


# a legend that says removed matter is printed in {braces} (not Oregon's {+ +} and {- -})
_BRACE_LEGEND = re.compile(
    # not "deleted in [brackets]; material to be added ... shown in {braces}" (new matter)
    r"(?:removed|deleted|stricken|struck|omitted)(?:(?!\b(?:added|new|inserted|underlined)\b)[^.\n]){0,80}\bbraces\b"
    # within one clause: not "new text is shown between {braces}; deleted text is shown in ..."
    r"|\bbraces\b(?:(?!\b(?:added|new|inserted|underlined)\b)[^.\n;]){0,80}(?:removed|deleted|stricken|struck|omitted)",
    re.I,
)
_BRACED = re.compile(r"\{(?! ?[+-])[^{}]{1,3000}?(?<![+-])(?<![+-] )\}")
# the Minnesota revisor's words for struck and inserted matter in a text-only print
_MN_DELETED = re.compile(r"\bdeleted text begin\b.{0,3000}?\bdeleted text end\b", re.S)
_HTML_MARK = re.compile(r"</?(?:ins|del|u|s|strike)>", re.I)
_MN_NEW_MARK = re.compile(r"\bnew text (?:begin|end)\b")
_STRIKE_OPEN = re.compile(r"(?<!\S)~~(?=\S)")
_STRIKE_CLOSE = re.compile(r"(?<=\S)~~(?!\w)")
MAX_STRUCK_RUN = 1500  # a struck run carried over a page break is a paragraph, not pages


def _strikes_over_breaks(text: str, found: list[Span], noise: list[Span]) -> list[Span]:
    """Struck runs whose ``~~`` opens before a page break (blank lines around its page number
    and running head) and closes after it, which ``_STRIKE`` (no blank line inside) leaves
    open: an opening mark outside every run found, paired with the next mark when that one
    closes and a page number stands between them (a stray mark a paragraph away stays one)."""
    out: list[Span] = []
    for m in _STRIKE_OPEN.finditer(text):
        if _contained(found, m.start(), m.end()):
            continue
        following = text.find("~~", m.end())
        close = _STRIKE_CLOSE.match(text, following) if following >= 0 else None
        if (
            close is not None
            and following - m.end() <= MAX_STRUCK_RUN
            and _page_break_between(text, m.end(), following, noise)
        ):
            out.append((m.start(), close.end()))
    return out


def _page_break_between(text: str, start: int, end: int, noise: list[Span]) -> bool:
    """A line of page furniture (noise that is a whole line, such as "-2-") lies in text[start:end]."""
    i = bisect.bisect_left(noise, (start, start))
    while i < len(noise) and noise[i][0] < end:
        s, e = noise[i]
        before = text[text.rfind("\n", 0, s) + 1 : s]
        if not before.strip() and text[e : e + 1] in ("\n", "") and text[s:e].strip():
            return True
        i += 1
    return False


def _gap_is_filler(text: str, start: int, end: int, noise: list[Span]) -> bool:
    """True when text[start:end] holds only whitespace, line numbers or noise."""
    gap = text[start:end]
    if not gap.strip():
        return True
    if len(gap) > 400:
        return False
    kept = _blank_noise(gap, start, noise)
    return not re.sub(r"(?m)^[ \t]*\d{1,3}(?=[ \t])", "", kept).strip()


def _blank_noise(gap: str, start: int, noise: list[Span]) -> str:
    """``gap`` (the text from offset ``start``) with each character that ``_inside`` puts in
    a noise span made a space: the characters from each span's start up to its end or the
    next span's start (sorted spans), found span by span instead of character by character."""
    end = start + len(gap)
    i = max(0, bisect.bisect_right(noise, (start, float("inf"))) - 1)
    chars = None
    for k in range(i, len(noise)):
        s, e = noise[k]
        if s >= end:
            break
        following = noise[k + 1][0] if k + 1 < len(noise) else end
        if following == s:
            continue  # a later span starting here is the one _inside looks at
        a, b = max(s, start), min(e, following, end)
        if a < b:
            chars = chars or list(gap)
            chars[a - start : b - start] = " " * (b - a)
    return "".join(chars) if chars else gap


def _bracket_spans(text: str, noise: list[Span]) -> list[Span]:
    """Bracketed deletions (see module docstring for what is excluded)."""
    out = []
    # the matter between a bracket's ends may carry noise with brackets of its own (New
    # Mexico's margin legend "[bracketed material] = delete" at a page break): read past it
    masked = blank_spans(text, noise) if noise and "[" in text else text
    for m in _BRACKET.finditer(masked):
        inner = m.group(1).strip()
        if not inner or _CUT_MARK.fullmatch(m.group(0)) or inner.lower() == "empty":
            continue
        if inner.startswith("+") and inner.endswith("+"):
            continue  # "[+new matter+]": the convention's other half, kept
        if _LABELLED_INSERTED.match(m.group(0)):
            continue  # "[inserted: new matter]" names itself new
        if text.startswith("(", m.end()) or _contained(noise, m.start(), m.end()):
            continue
        out.append((m.start(), m.end()))
    return out


_DOUBLE_PAREN = re.compile(
    r"\(\(((?:[^()]|\([^()]{0,40}\)){1,4000}?)\)\)"
)  # "(3)" may stand inside


_AMENDED = re.compile(  # perhaps across a printed line number ("are\n30    hereby amended", "to\n20  read")
    r"\b(?:is|are)(?:\s+(?:\d{1,3}\s+)?(?:each|hereby))*\s+(?:\d{1,3}\s+)?amended\s+"
    r"(?:\d{1,3}\s+)?(?:to\s+(?:\d{1,3}\s+)?read|as\s+follows)\b",
    re.I,
)


def _double_paren_spans(text: str, noise: list[Span]) -> list[Span]:
    """``((deleted matter))`` in an amending text (Washington's convention)."""
    if not _AMENDED.search(text):
        return []
    return [
        (m.start(), m.end())
        for m in _DOUBLE_PAREN.finditer(text)
        if m.group(1).strip() and not _contained(noise, m.start(), m.end())
    ]


def deleted_spans(
    text: str, style: str | None = None, *, noise: list[Span] | None = None
) -> list[Span]:
    """Sorted, non-overlapping offsets of deleted/struck matter that would not become law.

    ``noise`` may pass in ``noise_spans(text, style)`` when the caller has it already."""
    style = style or detect_style(text)
    noise = noise_spans(text, style) if noise is None else noise
    spans: list[Span] = []
    if style == "md":
        struck = _strike_spans(text, noise)
        spans += struck + _struck_section_spans(text, noise, struck)
    elif "~~" in text:  # struck matter in a line-numbered (pdf) or plain print
        spans += _strike_spans(text, noise)
    if "</" in text:
        spans += [(m.start(), m.end()) for m in _HTML_DELETED.finditer(text)]
    if style in BRACKET_STYLES:
        spans += _bracket_spans(text, noise)
    spans += _double_paren_spans(text, noise)
    spans += [(m.start(), m.end()) for m in _SIGNED_DELETED.finditer(text)]
    if "{" in text and _BRACE_LEGEND.search(text[:4000]):  # "Text removed ... appears in {braces}"
        spans += [(m.start(), m.end()) for m in _BRACED.finditer(text)]
    if "deleted text begin" in text:  # Minnesota's "deleted text begin ... deleted text end"
        spans += [(m.start(), m.end()) for m in _MN_DELETED.finditer(text)]
    spans += [(m.start(), m.end()) for m in _LABELLED_DELETED.finditer(text)]
    if "(" in text:
        spans += [(m.start(), m.end()) for m in _RESCINDED_QUOTE.finditer(text)]
    if "rescinded" in text or "repealed" in text or "no further effect" in text:
        spans += [(m.start(), m.end()) for m in _RESCINDED_ACCOUNT.finditer(text)]
    spans += [(m.start(1), m.end(1)) for m in _STRUCK_WORDS.finditer(text)]
    if "\u0336" in text:  # struck through with a combining stroke, character by character
        spans += [(m.start(), m.end()) for m in _COMBINING_STRIKE.finditer(text)]
    repealed = _REPEALED_TEXT.search(text)
    if repealed:  # Nevada prints the sections a bill repeals after it: they leave the law
        spans.append((repealed.start(), len(text)))
    if "[" in text and ("rescinded" in text or "repealed" in text or "revoked" in text):
        spans += [m.span(1) for m in _RESCINDED_LIST.finditer(text)]
    if "xhibit" in text or "XHIBIT" in text:
        spans += _inert_exhibit_spans(text)
    return _merge(spans)


# "The following provisions of DET-D-417 (Rev. 2) are rescinded in their entirety and shall
# not be followed: [IV.C.4. An inmate ...] [IV.F.2. ...]": the bracketed rules leave the law
_RESCINDED_LIST = re.compile(
    r"\b(?:are|is) (?:hereby )?(?:rescinded|repealed|revoked)\b[^.:\[\]]{0,120}:\s*"
    r"((?:\[[^\[\]]{1,3000}\][ \t]*\n?\s*)+)"
)
# 'Exhibit "A" is a drafting instruction only and shall have no effect unless and until an
# ordinance is adopted': the draft a resolution attaches enacts nothing
_INERT_EXHIBIT = re.compile(
    r"\bexhibit [\"“]?([a-z0-9]{1,2})[\"”]?(?:(?![.;]\s)[\s\S]){0,160}?"
    r"\b(?:(?:shall|will) have|has|have|is of|carries) no (?:legal )?(?:force|effect)\b"
    r"|\bexhibit [\"“]?([a-z0-9]{1,2})[\"”]? is (?:a drafting instruction|for discussion(?: purposes)?) only\b",
    re.I,
)


def _inert_exhibit_spans(text: str) -> list[Span]:
    """The exhibits a text says have no effect, from each one's heading line to its "END OF
    EXHIBIT" line (or the text's end)."""
    spans: list[Span] = []
    for m in _INERT_EXHIBIT.finditer(text):
        name = re.escape(m.group(1) or m.group(2))
        head = re.compile(rf"(?mi)^[ \t]*exhibit [\"“]?{name}[\"”]?[ \t]*$")
        start = head.search(text, m.end()) or head.search(text)
        if start is None:
            continue
        end = re.compile(rf"(?i)\bend of exhibit [\"“]?{name}[\"”]?").search(text, start.end())
        spans.append((start.start(), end.end() if end else len(text)))
    return spans


# struck matter printed as HTML ("<del>(4) enter into ...</del>", "<s>", "<strike>"), in any
# style (a web edition's plain text keeps the tags)
_HTML_DELETED = re.compile(
    r"<(del|s|strike)\b[^>\n]*>(?:(?!</?(?:del|s|strike)\b).){0,4000}?</\1>", re.S | re.I
)


_REPEALED_TEXT = re.compile(r"^[ \t]*TEXT OF (?:THE )?REPEALED SECTIONS?\b.*$", re.M)


# "is hereby amended by striking out, in lines 241 to 244, the words "The registrar shall
# not disclose ..." (or "the following two sentences:- "..."") and inserting in place
# thereof ...", "is amended to delete the sentence "Members ... shall notify ICE ..."": the
# quoted words leave the law (Massachusetts, Tennessee and other states, and agencies
# amending their orders, amend so)
_STRUCK_WORDS = re.compile(
    r"\b(?:strik(?:e|es|ing)(?: out)?|delet(?:e|es|ing))"
    r",?(?: in [^\"“]{0,80}?,)? the (?:following |first |second |third |fourth |fifth |last )?"
    r"(?:(?:one|two|three|four|five|\d{1,2}) )?(?:words?|sentences?|phrases?|figures?|language)"
    # "the following two sentences:- "...", "the second sentence, which reads: "...""
    r"(?:,? which reads?)?[\s:—–-]*[\"“]([^\"”]{1,3000})[\"”]",
    re.I,
)


# a copy that keeps strike-through as a combining stroke after each character
# ("o\u0336r\u0336" is a struck "or"), spaces between struck words struck or not
_COMBINING_STRIKE = re.compile(r"(?:[^\u0336\n]\u0336)+(?:[ \t]*(?:[^\u0336\n]\u0336)+)*")


# Oregon prints deleted matter as {- ... -} and new matter as {+ ... +}, Albuquerque as
# [-...-] and [+...+]: in any style
_SIGNED_DELETED = re.compile(
    r"\{ ?-(?:(?!- ?\}).){0,4000}- ?\}"  # also "{ - ... - }"
    r"|\[-(?=[^\s\]-])(?:(?!-\]).){0,4000}-\]",
    re.S,
)


# a plain-text rendering that names its markup inside the brackets: "[deleted: old matter]",
# "[stricken: ...]" leave the law, in any style; "[inserted: new matter]" stays, and its
# label is formatting
_LABELLED_DELETED = re.compile(
    r"\[(?:deleted|stricken|struck(?: out)?|repealed|removed)(?: (?:matter|text|language))?:\s"
    r"[^\[\]]{0,4000}\]",
    re.I,
)
# a rescinded rule a policy quotes to record its end ('(4) "ICE agents will not be permitted
# ... without a judicial warrant." (RESCINDED)'): the quoted words leave the law
_RESCINDED_QUOTE = re.compile(
    r"[\"“][^\"”]{10,2000}[\"”][ \t]*\((?i:rescinded|repealed|deleted|stricken|revoked)\)"
)
# a paragraph telling what a rescinded order said ('G.O. 2.27 (2018) provided that "officers
# may inquire about immigration status ..." ... Both provisions are rescinded by this order'):
# the quoted rules are no longer law
_RESCINDED_ACCOUNT = re.compile(
    r"(?m)^[^\n]*?\b(?:provided|stated|read|said)(?: that)?[ \t]*[\"“][^\n]*?"
    r"\b(?:(?:are|is|were|was) (?:hereby )?(?:rescinded|repealed|revoked)\b|no further effect\b)[^\n]*"
)
_LABELLED_INSERTED = re.compile(r"\[(?:inserted|added|new)(?: (?:matter|text|language))?:\s", re.I)


@dataclass(frozen=True)
class SideHeading:
    """A heading printed in the left margin beside the first lines of its text (as Texas
    school boards' policy manuals print them): ``spans`` are its words on each line."""

    title: str
    spans: tuple[Span, ...]
    body_column: int


_INDENTED = re.compile(r"^( {8,24})\S", re.M)
# a field's label ("Title:", "Effective Date:") is a form's, not a heading
_MARGIN_WORDS = re.compile(r"[A-Za-z][A-Za-z'’&/-]*(?: (?:[A-Za-z'’&/-]+|\(?[A-Z]+\)?))*$")
MIN_SIDE_HEADINGS = 4  # fewer margin words are a vote tally or a stray label, not a layout


def side_headings(text: str) -> list[SideHeading]:
    """The headings of a text printed with its headings in a left margin and its body in one
    column to their right; [] for any other layout."""
    counts: dict[int, int] = {}
    for m in _INDENTED.finditer(text):
        counts[len(m.group(1))] = counts.get(len(m.group(1)), 0) + 1
    if not counts or max(counts.values()) < MIN_SIDE_HEADINGS:
        return []
    column = max(counts, key=counts.get)  # the body's column: most indented lines start there
    runs: list[list[tuple[int, int, str]]] = []
    run: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        margin = body[:column].rstrip()
        if (
            len(body) > column
            and body[0] != " "
            and body[column] != " "
            and body[column - 2 : column] == "  "
            and _MARGIN_WORDS.match(margin)
        ):
            run.append((pos, pos + len(margin), margin))
        elif run:
            runs.append(run)
            run = []
        pos += len(line)
    if run:
        runs.append(run)
    found = [
        SideHeading(" ".join(w for _, _, w in r), tuple((a, b) for a, b, _ in r), column)
        for r in runs
        if r[0][2][0].isupper()
    ]
    return found if len(found) >= MIN_SIDE_HEADINGS else []


def blank_spans(text: str, spans: list[Span]) -> str:
    """Return text of the same length with the spans replaced by spaces (newlines kept)."""
    parts, pos = [], 0
    for s, e in _merge([(max(0, s), min(len(text), e)) for s, e in spans]):
        parts.append(text[pos:s])
        parts.append(re.sub(r"[^\n]", " ", text[s:e]))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def law_text(text: str, style: str | None = None) -> str:
    """The text that would become law: deleted matter and noise removed, whitespace tidied."""
    style = style or detect_style(text)
    noise = noise_spans(text, style)
    deleted = deleted_spans(text, style, noise=noise)
    kept = blank_spans(text, deleted + noise)
    kept = kept.replace("~~", "").replace("\ufffd", "§").replace("\f", "\n")
    if style in ("wa", "plain"):
        # renderings that lost their markup: keep the spacing as printed, the only trace
        # of words they dropped ("may :" where "may not" was struck)
        kept = re.sub(r"[ \t]+\n", "\n", kept)
        return re.sub(r"\n{3,}", "\n\n", kept).strip()
    kept = re.sub(r"[ \t]+", " ", kept)
    kept = re.sub(r" *\n *", "\n", kept)
    kept = re.sub(r"\n{3,}", "\n\n", kept)
    return re.sub(r" +([,.;:])", r"\1", kept).strip()


_MD_ARTICLE = re.compile(r"^(?:~~)?Article(?:~~)?\s+(?:~~)?[–-]")
_MD_CODE = re.compile(
    r"^(?:~~)?(\d+[–-]\d+(?:\.\d+)?)\.(?:~~)?(?P<new>[ \t]+_?\d+[–-]\d+(?:\.\d+)?\._?)?$"
)  # "~~5-907.~~ 5-906." (its underlined new number beside it: renumbered)
_MD_NEW_NUMBER = re.compile(
    r"^\s*_?\s*\d+[–-]\d+(?:\.\d+)?\.\s*_?\s*$"
)  # a new section number (underlined)
_MD_BY_SECTION = re.compile(r"^~~Section~~\s+~~(\d+[–-]\d+(?:\.\d+)?)~~$")


def _md_lines(text: str, noise: list[Span]) -> list[tuple[int, int, str]]:
    """(line number, offset of stripped content, stripped content) with noise blanked."""
    out, pos = [], 0
    for no, line in enumerate(blank_spans(text, noise).split("\n"), 1):
        out.append((no, pos + len(line) - len(line.lstrip()), line.strip()))
        pos += len(line) + 1
    return out


def _struck(deleted: list[Span], offset: int, line: str) -> tuple[int, int]:
    """(struck words, words) on one line starting at offset."""
    if not _inside(deleted, offset, offset + len(line)):
        return 0, len(line.split())  # the common case: nothing struck on the line
    words = list(re.finditer(r"\S+", line))
    if not words:
        return 0, 0
    hit = sum(1 for w in words if _inside(deleted, offset + w.start(), offset + w.end()))
    return hit, len(words)


@dataclass(frozen=True)
class _MdSection:
    """A Maryland code section: its heading line, its body, and how much of it is struck."""

    section: str
    line: int
    head_struck: bool
    listed_struck: int | None
    body: Span
    live: int
    total: int
    plain_lines: tuple[int, ...]


def _md_sections(text: str, noise: list[Span], deleted: list[Span]) -> list[_MdSection]:
    """Every code section under a heading line, with its strike counts."""
    offsets = _md_lines(text, noise)
    struck_listed = {m.group(1): no for no, _, ln in offsets if (m := _MD_BY_SECTION.match(ln))}
    heads = [
        i
        for i, (_, _, ln) in enumerate(offsets)
        if _MD_CODE.match(ln) or _MD_ARTICLE.match(ln) or re.match(r"^SECTION \d+\.", ln)
    ]
    out = []
    for n, i in enumerate(heads):
        no, off, ln = offsets[i]
        m = _MD_CODE.match(ln)
        if not m:
            continue
        prev = next((offsets[j] for j in range(i - 1, -1, -1) if offsets[j][2]), None)
        # a struck number under the new number printed for it ("_2-804._" then "~~2-806.~~")
        # renumbers the section: its body stands
        renumbered = bool(m.group("new")) or (
            prev is not None
            and _MD_NEW_NUMBER.match(prev[2]) is not None
            and _struck(deleted, prev[1], prev[2])[0] == 0
        )
        head_struck = not renumbered and (
            _struck(deleted, off, ln)[0] > 0
            or (
                prev is not None
                and _MD_ARTICLE.match(prev[2])
                and _struck(deleted, prev[1], prev[2])[0] > 0
            )
        )
        stop = heads[n + 1] if n + 1 < len(heads) else len(offsets)
        body = [(bno, *_struck(deleted, boff, bln)) for bno, boff, bln in offsets[i + 1 : stop]]
        total = sum(t for _, _, t in body)
        end = offsets[stop][1] if stop < len(offsets) else len(text)
        out.append(
            _MdSection(
                section=m.group(1),
                line=no,
                head_struck=head_struck,
                listed_struck=struck_listed.get(m.group(1)),
                body=(off + len(ln), end),
                live=total - sum(h for _, h, _ in body),
                total=total,
                plain_lines=tuple(bno for bno, h, t in body if t and h < t),
            )
        )
    return out


@functools.lru_cache(maxsize=2)
def _md_sections_of(text: str, noise: tuple[Span, ...], deleted: tuple[Span, ...]):
    """``_md_sections``, kept for the text's next use: the deleted matter and the warnings
    of one Maryland text read the same sections."""
    return tuple(_md_sections(text, list(noise), list(deleted)))


def _struck_section_spans(text: str, noise: list[Span], deleted: list[Span]) -> list[Span]:
    """Bodies of Maryland code sections struck as a whole (struck heading, or struck from
    the bill's list of affected sections): conversion may have lost the body's own marks."""
    return [
        sec.body
        for sec in _md_sections_of(text, tuple(noise), tuple(deleted))
        if sec.head_struck or sec.listed_struck is not None
    ]


def _md_warnings(text: str) -> list[str]:
    """Maryland checks: struck headings over unstruck bodies, struck section lists vs bodies."""
    noise = noise_spans(text, "md")
    deleted = _strike_spans(text, noise)
    warnings: list[str] = []
    for sec in _md_sections_of(text, tuple(noise), tuple(deleted)):
        name = sec.section.replace("–", "-")
        if sec.head_struck and sec.live >= 10 and sec.live >= 0.1 * sec.total:
            warnings.append(
                f"line {sec.line}: heading {name!r} is struck but {sec.live} of {sec.total} words "
                f"in its body (lines {sec.plain_lines[0]}-{sec.plain_lines[-1]}) are not; "
                "strike marks were probably lost, so the whole section is read as struck"
            )
        if not sec.head_struck and sec.listed_struck is not None and sec.live >= 10:
            warnings.append(
                f"line {sec.line}: section {name!r} is struck from the list of affected "
                f"sections (line {sec.listed_struck}) but its text is not struck, so the whole "
                "section is read as struck"
            )
    return warnings


def _bracket_warnings(text: str) -> list[str]:
    """Unbalanced square brackets (a deletion whose end or start was lost). Double brackets
    ("[[deleted by amendment]]", as Maryland's counties print them) pair among themselves,
    and may stand inside a single pair."""
    depth, warnings, line, pos = {"[": 0, "[[": 0}, [], 1, 0
    for m in re.finditer(r"\[\[|\]\]|[\[\]]", text):
        line, pos = line + text.count("\n", pos, m.start()), m.start()
        token = m.group()
        kind = "[[" if len(token) == 2 else "["
        if token.startswith("["):
            if depth[kind]:
                warnings.append(f"line {line}: '{token}' opened inside an open bracket")
            depth[kind] += 1
        elif depth[kind] == 0:
            warnings.append(f"line {line}: '{token}' without a matching '{kind}'")
        else:
            depth[kind] -= 1
        if len(warnings) > 50:
            break
    for kind, left in depth.items():
        if left:
            warnings.append(f"end of text: a '{kind}' bracket is never closed")
    return warnings


def inconsistent_markup(
    text: str, style: str | None = None, *, noise: list[Span] | None = None
) -> list[str]:
    """Human-readable warnings where the amendment markup looks inconsistent (brackets are
    counted past ``noise``, such as a margin legend's own "[bracketed material]")."""
    style = style or detect_style(text)
    warnings = _md_warnings(text) if style == "md" else []
    if style in BRACKET_STYLES:
        warnings += _bracket_warnings(blank_spans(text, noise) if noise else text)
    return warnings + _dropped_word_warnings(text, style)


DROPPED_WORDS = "words seem to be missing"
# "\b(?:shall|may|must)", spelled to begin with a character class (and the word boundary
# as a look-behind after it) so the regex engine skips to an s or m instead of trying
# every position: same matches, about twice as fast
_MODAL_BEFORE_PUNCTUATION = re.compile(r"[sm](?<!\w[sm])(?:hall|ay|ust)[ \t]+(?=[:;,.])", re.I)
_MODAL_BEFORE_GAP = re.compile(r"[sm](?<!\w[sm])(?:hall|ay|ust)[ \t]{2,}(?=\w)", re.I)


def _dropped_word_warnings(text: str, style: str) -> list[str]:
    """Renderings that drop struck matter leave traces such as "may :" or "may  provide"
    where "not" was struck: the text may then read the opposite of the law."""
    found = list(_MODAL_BEFORE_PUNCTUATION.finditer(text))
    if style in ("wa", "plain"):  # other sources justify lines with double spaces
        found += _MODAL_BEFORE_GAP.finditer(text)
    lines = sorted({text.count("\n", 0, m.start()) + 1 for m in found})
    if not lines:
        return []
    shown = ", ".join(str(n) for n in lines[:5]) + (" ..." if len(lines) > 5 else "")
    return [
        f"line {shown}: {DROPPED_WORDS} after a modal verb (e.g. a struck 'not'); "
        "this rendering may have dropped deleted matter, so read its labels with care"
    ]
