"""Split a bill text into its leaf subdivisions, each with a full citation path.

``split_sections(text)`` returns contiguous ``Section`` records covering the whole text: the
first starts at 0, each ends where the next starts, the last ends at ``len(text)``, and
``s.text == text[s.start:s.end]``. Text before the first recognised marker (title, preamble,
digest) is a section with citation ``""``. Empty text gives ``[]``; text with no recognisable
structure gives one section with citation ``""``.

Citation format (the same for every style):

- Bill sections as printed, normalised: ``"Section 1"``, ``"§ 2"``, ``"SEC. 3"``,
  ``"SECTION 1"``, ``"Sec. 4"`` (Washington ``## Section 4`` and ``NEW SECTION. Sec. 4.`` give
  ``"Section 4"`` / ``"Sec. 4"``), ``"Section A"`` (Missouri). U+FFFD is read as ``§``; a
  trailing period and the Markdown ``## `` are dropped; whitespace is collapsed.
- Code sections replace the bill section as the root of the path: ``"7284.6"`` (California),
  ``"9-309"`` (Maryland; the en dash is normalised to ``-``), ``"67.307"`` (Missouri),
  ``"§ 145.05"`` / ``"§ 256-B"`` (New York, printed with §), ``"§ 9-131"`` (NYC).
- When a NY/NYC bill section amends a code section without printing its heading ("Subdivision b
  of section 9-131 of the administrative code ... is amended to read as follows:"), the target
  is inferred from that clause: the following ``b.`` / ``1.`` become ``"§ 9-131(b)(1)"``.
- Subdivisions are appended in parentheses with the label as printed, whatever the printed
  form: ``(a)``, ``a.`` and ``a`` all give ``(a)``; e.g. ``"7284.6(a)(1)(C)"``,
  ``"§ 3(2)"``, ``"Section 4(1)(a)(i)"``. Subdivisions before any section have a bare path
  such as ``"(a)(1)"``.

A marker counts only where a new subdivision can begin: at a line start (after indentation or
an inline line number) following a sentence end, a colon, a semicolon, "; or"/"; and" or a
blank line; inline after such punctuation (the flattened California text); or right after
another marker ("(a) (1)", "7284.6. (a)"). Cross-references such as "subdivision (a)",
"Section 7284.6(a)" or "8 U.S.C. Sec. 1357(g)" are therefore not markers. Letters and numbers
must continue the running sequence of their level (gaps of up to two are tolerated, since
amended texts renumber), or start a new level at its first value ("a", "1", "i"), or be the
first marker after a section heading (amendments that start at "subdivision e"). "i", "v" and
"x" are read as letters when they follow "h", "u", "w" at the same level, as roman numerals when
they follow a roman numeral, and otherwise by looking ahead for "ii" (roman) versus "j"
(letter). NY new matter is in capitals, so NY letter markers are case-folded for sequencing.
Headings printed in a left margin beside their text (``markup.side_headings``) divide it as
heading lines do, cited by all their words. Markers inside deleted matter still split (the printed structure) but do not constrain the
numbering of the next live marker.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from compare import markup

MAX_SECTIONS = 20000
MAX_HEADING_WORDS = 20

_SENTENCE_VERBS = re.compile(
    r"\b(?:shall|means?|is|are|was|were|may|must|has|have|includes?|does|do|will|can|would|should)\b",
    re.I,
)
_ABBREV = re.compile(
    r"(?:\b(?:[A-Za-z]\.){2,}|\b(?:Sec|Secs|No|Nos|Stat|Stats|Ch|Art|art|Mr|Ms|Mrs|Dr|St|Pub|Reg|seq|vs|v|Co|Inc|Corp|Dept|Gov|Rev|Supp|Vol|Ann|Cal|Md|Mo|ch|s|ss|c)\.|\b[A-Z][a-z]{1,5}\. C\.)$"
)
_REF_WORDS = re.compile(
    r"(?:\b(?:Sections?|Sec|Secs|Code|Chapter|Title|Part|Division|Article|Statutes|Stats|Act|of|and|or|to|in|on|by|with|than)|\bU\.S\.C\.|\bC\.F\.R\.)\s*$"
)
_MARKER = re.compile(
    r"""
    (?<![^\W_])  # no marker starts inside a word (an underscore of inserted matter may precede it)
    (?:
    (?P<bill>(?:\#\#[ \t]*)?(?:NEW[ \t]SECTION\.[ \t]*|New[ \t]+(?=Sec(?:tion|\.)[ \t]))?(?:SECTION|Section|SEC\.|Sec\.|Article(?=[ \t]+\d{1,3}\.-))[ \t]+(?P<bn>\d{1,3}(?:[A-Za-z]\b(?=\.))?|[A-Z]|(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|ELEVEN|TWELVE)(?=\.[ \t]))\b(?![.\-–:]\d)(?P<bdot>\.(?!\d))?)
  | (?P<sign>(?:[§\ufffd]|(?:SECTION|Section|SEC\.|Sec\.)(?=[ \t]+\d+[A-Za-z]?[.\-–:]\d))[ \t]*(?P<sn>\d+(?:[A-Za-z]\d{0,3})?(?:[.\-–:]\w+)*)(?![\w\-–:]|\.\w)\.?(?!(?:\([0-9A-Za-z]{1,4}\))*,?[ \t]+(?:does|do|shall|is|are|applies|apply|may|must|prohibits?|restricts?|limits?)\b)(?!(?:\([0-9A-Za-z]{1,4}\))+,?[ \t]+[a-z]))  # not "Section 18-301(b)(4) does not apply", "Section 12-6-704 does not apply" (a reference)
  | (?P<stat>(?<![^\n])\d{2,4}[A-Z]?\.\d{2,5}[A-Za-z]?(?=[ \t]+[A-Z][a-z])
      | (?<![^\n])\d{1,4}[A-Z]\.\d{1,5}[A-Za-z]?(?=[ \t]+[A-Z][a-z])  # "27A.2 Enforcement" (Iowa)
      | (?:(?<=\n[ \t]{2})|(?<=\n[ \t]{3})|(?<=\n[ \t]{4})|(?<=\n[ \t]{5})|(?<=\n[ \t]{6}))\d{2,4}[A-Z]?\.\d{2,5}[A-Za-z]?(?=[ \t]+[A-Z][a-z][^\n]{0,160}?\.[ \t]+(?:\(1\)|[A-Z]))  # "     182.610 Disclosure ... prohibited; exceptions. (1) Except ..." (ORS, indented below its table of sections)
      | (?<![^\n])\d{2,5}\.\d{1,4}[A-Za-z]?(?=[ \t]+[-–—][ \t]+[A-Z][a-z])  # "2135.06 - Confidentiality." (a city code as Municode prints it)
      | (?:(?<![^\n])|(?<=\n[ \t]{2})|(?<=\n[ \t]{4})|(?<=\n[ \t]{6})|(?<=\n[ \t]{8}))\d{1,4}-[A-Z]{1,2}:\d{1,3}(?:-[a-z])?(?=[ \t]+[A-Z][a-z])  # "106-R:4 Custody." (New Hampshire RSA, perhaps indented below its "Section 106-R:4" line)
      | (?:(?<![^\n])|(?<=\n[ \t])|(?<=\n[ \t]{2})|(?<=\n[ \t]{3})|(?<=\n[ \t]{4})|(?<=\n[ \t]{5})|(?<=\n[ \t]{6}))\d{2,4}[A-Z]?\.\d{2,5}[A-Za-z]?(?=[ \t]+1\.[ \t]+[A-Z])  # "171.1239 1. As used ..." (an NRS section as a bill amends it, perhaps indented)
      | (?:(?<![^\n])|(?<=\n[ \t]{2})|(?<=\n[ \t]{3})|(?<=\n[ \t]{4})|(?<=\n[ \t]{5})|(?<=\n[ \t]{6}))\d{1,4}(?:[.\-–]\d{1,4}){2,3}(?=[ \t]+(?:[-–—][ \t]+)?[A-Z][a-z])  # "7.20.050 Release of recordings.", "2-27.3 Use of City Resources.", "13.10.010 - Definitions." (city codes), perhaps after a blanked line number
      | (?<![^\n])\d{1,3}-\d{3,4}(?=[ \t]+(?:[A-Z]{3,}(?:[ \t]+[A-Z&,;/'’-]{2,})*|[A-Z][a-z]+(?:[ \t]+(?:[A-Z][A-Za-z'’-]*|of|and|or|the|to|for|in|on|by|with|from))*)\.[ \t]*\n)  # "10-1602 DEFINITIONS." alone on its line (a city code's chapter and section, Lawrence KS)
      | (?<![^\n])\d{1,3}[A-Z]{1,2}-\d{1,3}[a-z]?-\d{1,4}[a-z]?(?:\.\d{1,3})?(?=\.?[ \t]+[A-Z])  # "63G-32-101. Title." (Utah Code)
      | (?<![^\n])\d{1,3}[A-Z]?-\d{1,3}[A-Z]{1,2}-\d{1,4}[a-z]?(?:\.\d{1,3})?(?=\.[ \t]+[A-Z])  # "23-3C-2. Catchline.", "23A-28H-1. Definitions." (South Dakota Codified Laws, W. Va. Code without its sign)
      | (?P<colon>(?<![^\n])\d{1,3}[A-Z]?:\d{1,5}[A-Z]{0,2}(?:-\d{1,4}[a-z]?(?:\.\d{1,3})?)?(?=\.?[ \t]+[A-Z][a-z]))  # "1:1105. Automated license plate readers." (Ann Arbor), "52:17B-246. Definitions." (N.J.S.A.), "10A:31-24.1 Purpose and scope" (N.J.A.C.)
      | (?<![^\n])Art\.[ \t]+\d{1,3}[A-Z]?(?:\.\d{1,4}[A-Za-z]?)+(?=\.[ \t]+[A-Z])  # "Art. 2.261. DEFINITIONS." (Texas Code of Criminal Procedure)
      | (?<![^\n])\d{1,3}[A-Z]{0,2}-\d{1,3}[a-z]{1,2}-\d{1,4}[a-z]?(?:\.\d{1,3})?(?=\.[ \t]+[A-Z])  # "41-6a-2003. Automatic license plate reader systems." (Utah Code, a lettered chapter)
      | (?<![^\n])\d{1,3}-\d{1,3}[A-Z]?-\d{1,4}[A-Z]?(?=:[ \t]+[A-Z][A-Z ;,'’&/()-]{2,80}:)  # "2-18-11: CONSTRUCTION:" (a city code as Sterling Codifiers prints it; its table lists "2-18-11: Construction")
      | (?<![^\n])\d{1,3}[ \t]+[A-Z]{2,6}[ \t]+\d{1,4}(?:[.\-]\d{1,4}[A-Za-z]?)+(?=\.[ \t]+[A-Z][a-z])  # "13 AAC 68.345. Release of information." (an administrative code cited by its title)
      | (?<![^\n])\d{1,3}-\d{1,4},\d{1,4}(?=\.[ \t]+[A-Z])  # "79-2,150. Act, how cited." (Nebraska's sections inserted between two numbers)
      | (?<![^\n])\d{3}-\d{3}-\d{4}(?=[ \t]*\n[ \t]*[A-Z][a-z])  # "735-010-0250" alone on its line, its catchline below (Oregon Administrative Rules)
      | (?<![^\n])Section[ \t]+\d{1,5}[A-Za-z]?(?:\.\d{1,4})?(?=[ \t]+[-–—][ \t]+[A-Z][a-z])  # "Section 1318 - Short Title; Definitions" (Oklahoma's statutes as OSCN prints them)
      | (?<![^\n])R[ \t]\d{1,3}\.\d{2,5}[a-z]?(?=[ \t]+[A-Z][a-z])  # "R 257.1707 Query access by governmental agencies." (Michigan Administrative Code)
      | (?<![^\n])Rule[ \t]+\d{1,4}(?:[.\-]\d{1,4})*[A-Za-z]?(?=\.?[ \t]+[A-Z][a-z])  # "Rule 1960. Civil Arrests in and Around Court Facilities." (court rules), "Rule 5.3  Disclosure" (an agency's rules)
      | (?:(?<![^\n])|(?<=\n__)|(?<=\n[ \t]{2})|(?<=\n[ \t]{4})|(?<=\n[ \t]{6}))\d{1,2}[A-Z]?\.\d{1,2}(?=[ \t]+[A-Z][A-Za-z ,/&-]{2,60}\.(?:[ \t]|[ \t]*\n[ \t]*\())  # "4.2 Patient information." (a policy), its text on the line or its "(a)" below; "__7A.1 Inquiries." as an amendment inserts it
      | (?<![^\n])\d{1,4}(?:\.\d{1,4}){1,3}(?=[ \t]+[A-Z]{3,}\b)  # "409.12.4 POLICY" (a manual)
      | (?<![^\n])\d{1,2}\.\d{1,2}(?=[ \t]+[A-Z][a-z]+(?:[ \t]+(?:[A-Z][A-Za-z'’-]*|of|and|or|the|to|for|in|on|by|with|from))*[ \t]*\n)  # "9.4 Patient Participation" alone on its line (a state agency's rule, as Rhode Island's Code of Regulations prints it)
      | (?<![^\n])\d{4}(?=[ \t]+[A-Z]{3,}(?:[ \t]+[A-Z&,/-]{2,})*[ \t]*(?:\[[^\]\n]{1,40}\])?[ \t]*\n)  # "3762 ISSUANCE AND TRAINING [CALEA 41.3.8 f]" (a police manual's four-digit chapter sections)
      | (?<![^\n])(?:[A-Z]{1,3}|\d{1,3})-\d{1,4}\.\d{1,3}(?=[ \t]+[A-Z]{3,}\b)  # "J-330.4 INTAKE AND BOOKING", "4-218.05 CIVIL IMMIGRATION DETAINERS" (a manual's policy number and section)
      | (?<![^\n])\d{4}\.\d{1,2}(?=[ \t]+[A-Z][a-z])  # "3762.1 Issuance", "3766.1 Members may ..." (its numbered paragraphs)
      | (?<![^\n])[A-Z]{2,5}[ \t]+\d+[A-Z]?(?:[.\-–]\d+[A-Za-z]?)+(?=[ \t]*\n)  # "RCW 10.93.160" alone
      | (?:(?<![^\n])|(?<=\n[ \t])|(?<=\n[ \t]{2})|(?<=\n[ \t]{3})|(?<=\n[ \t]{4})|(?<=\n[ \t]{5})|(?<=\n[ \t]{6}))\d{1,3}(?=[ \t]+[A-Z][a-z]+(?:[ \t]+(?:[A-Z][A-Za-z-]*|of|and|the|to|for|in|on|by|from))*[;.][ \t])  # New Hampshire: "2 New Section; Pupil Records; ..." and "1 Statement of Findings."
      | (?<![^\n])(?:[A-Z]\.){2,5}[ \t]+\d{1,3}[A-Z]?[:.\-–]\d{1,5}[A-Z]{0,2}(?:[.\-–]\d{1,4}[a-z]?)*(?=\.?[ \t]+[A-Z][a-z])  # "N.J.S.A. 52:17B-264. Prohibited conduct" (a dotted code name before the number)
      | (?:(?<![^\n])|(?<=\n[ \t]{2})|(?<=\n[ \t]{4})|(?<=\n[ \t]{6})|(?<=\n[ \t]{8}))[A-Z]{2,5}[ \t]+\d+[A-Z]?(?:[.\-–]\d+[A-Za-z]?)+(?=[ \t]+["“]?[A-Z][a-z][^\n]{0,150}?\.(?:[ \t]*\n|[ \t]+["“(]?[A-Z]|[ \t]+\((?:\d{1,2}|[a-z])\))))  # "NRS 239D.060 Disclosure of ... prohibited; exceptions." (perhaps indented, as the NRS prints it); "RCW 43.475.030  Catchline. (1) ..."
  | (?P<subd>(?<![^\n \t])Subd(?:ivision|\.)[ \t]+(?P<sdn>\d{1,3}[a-z]?)\.(?=[ \t]))  # Minnesota's "Subd. 3."
  | (?P<caps>(?<=\n\n)(?:ORDERS?|IT[ \t]IS[ \t](?:HEREBY[ \t])?(?:FURTHER[ \t])?ORDERED)(?=:?[ \t]*\n))  # a court order's capitalised part heading alone on its line ("ORDERS", "IT IS ORDERED:"): its numbered orders are no items of the definition above it
  | (?P<head>(?<=\n\n)(?=[^\n]*[a-z])(?!(?:By|Sponsored|Introduced|Submitted|Moved|Seconded|Offered|Presented)\b)(?![^\n]*\b(?:Members?|Alderpersons?|Councilmembers?|Commissioners?|Supervisors?)[ \t][A-Z][a-z]+(?:-[A-Z][a-z]+)?,)[A-Z][A-Za-z’'-]*(?:[ \t]+(?:[A-Z][A-Za-z’'-]*|of|the|and|or|to|for|in|on|an?|by|with|from|not)[,;]?){0,9}(?=[ \t]*\n(?:[ \t]*\n)?[ \t]*[A-Z0-9(]))
  | (?P<code>(?<![\w.§\-–:])\d+(?:[.\-–]\d+)+[a-z]?\.(?=[\s~]))
  | (?P<bare>(?<![\w.§\-–$])\d{3,5}\.(?=[ \t\n]+[A-Z(]))
  | (?P<paren>(?<![^\W_])(?:(?<!\))|(?<=\n\([a-zA-Z0-9]\))|(?<=\n\([a-zA-Z0-9]{2}\))|(?<=\n[ \t]{1}\([a-zA-Z0-9]\))|(?<=\n[ \t]{1}\([a-zA-Z0-9]{2}\))|(?<=\n[ \t]{2}\([a-zA-Z0-9]\))|(?<=\n[ \t]{2}\([a-zA-Z0-9]{2}\))|(?<=\n[ \t]{3}\([a-zA-Z0-9]\))|(?<=\n[ \t]{3}\([a-zA-Z0-9]{2}\))|(?<=\n[ \t]{4}\([a-zA-Z0-9]\))|(?<=\n[ \t]{4}\([a-zA-Z0-9]{2}\))|(?<=\n[ \t]{5}\([a-zA-Z0-9]\))|(?<=\n[ \t]{5}\([a-zA-Z0-9]{2}\))|(?<=\n[ \t]{6}\([a-zA-Z0-9]\))|(?<=\n[ \t]{6}\([a-zA-Z0-9]{2}\)))\((?P<pv>\d{1,3}|[a-z]{1,2}|[A-Z]{1,2}|[ivxlc]{3,7}|[IVXLC]{3,7})\)(?=[\s(~]|$))
  | (?P<dot>(?<![\w.\-–,$/])(?P<dv>\d{1,3}|[a-z]|[A-Z]|[ivx]{2,6}|[IVX]{2,6})\.(?=[ \t\n(~]|$))
    )
    """,
    re.X,
)
# every place a _MARKER match can begin (a superset): scanning for these and trying
# _MARKER only there finds the same matches as _MARKER.finditer, at half the cost
_MARKER_START = re.compile(
    r"(?<![^\W_])(?=[#§\ufffd(\d]|[A-Z]{1,3}-\d|NEW|New[ \t]+Sec|SEC|Sec|[A-Za-z]\.|[ivxIVX]{2,6}\.|[A-Z]{2,5}[ \t]+\d|(?<=\n\n)[A-Z]|Subd|Article|Art\.|Rule[ \t])"
)
_INTRO_TARGET = re.compile(
    r"(?P<chain>(?:(?:sub)?(?:paragraph|division|clause|section|item)\s+\(?[0-9A-Za-z]{1,6}\)?\s+of\s+)*)"
    r"(?<!commencing with )section\s+(?P<num>\d+(?:[.\-–]\w+)*)",
    re.I,
)
_CHAIN_ITEM = re.compile(r"(?P<word>\w+)\s+(?P<id>\(?[0-9A-Za-z]{1,6}\)?)\s+of", re.I)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


@dataclass(frozen=True)
class Section:
    ordinal: int
    citation: str
    heading: str
    start: int
    end: int
    text: str


@dataclass
class _Level:
    kind: str
    label: str
    value: int
    flag: str = ""


@dataclass
class _State:
    style: str
    bill: str = ""
    code: str = ""
    expected_bill: int = 1
    fresh: bool = False
    last_end: int = -1
    heading_code: str = ""  # the last unnumbered heading taken as ``code`` ("Proof of Residency")
    # (code, stack) around a policy's "4.1" that numbers within its "4.": "5." closes it
    outer: tuple[str, list] | None = None


def _roman(s: str) -> int:
    """Value of a roman numeral (0 when not one)."""
    s = s.lower()
    if not s or any(c not in _ROMAN for c in s):
        return 0
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = _ROMAN[a]
        total += -v if b != " " and _ROMAN[b] > v else v
    return total


def _letters(s: str) -> int:
    """Ordinal of a letter label: a=1 ... z=26, aa=27, ab=28 (California style)."""
    s = s.lower()
    if len(s) == 1:
        return ord(s) - 96
    if len(s) == 2:
        return 26 * (ord(s[0]) - 96) + ord(s[1]) - 96
    return 0


def _norm(label: str) -> str:
    """Normalise a printed label: § for U+FFFD, hyphen for en dash, tidy spaces, no period."""
    label = label.replace("\ufffd", "§").replace("–", "-").replace("#", "")
    label = re.sub(r"^\s*(?:NEW\s+SECTION\.\s*|New\s+(?=Sec))", "", label)  # Kansas "New Sec. 2."
    label = re.sub(r"§\s*", "§ ", re.sub(r"\s+", " ", label)).strip()
    return label.rstrip(".")


def _deleted_at(deleted: list[tuple[int, int]], pos: int) -> bool:
    """True when pos lies inside a deleted span."""
    i = bisect.bisect_right(deleted, (pos, float("inf"))) - 1
    return i >= 0 and deleted[i][0] <= pos < deleted[i][1]


_STATUS_NOTE = re.compile(
    r"\((?:New section|New|Amended|Repealed|Effective [^()\n]{1,40})\)", re.I
)  # "4. (New section) a.", Connecticut's "Section 1. (NEW) (Effective October 1, 2022) (a)"


def _skip_back(w: str, j: int) -> int:
    """Skip back over spaces, strike delimiters, an opening '[' and short '[n]' deletions."""
    while True:
        k = j
        while k > 0 and w[k - 1] in " \t":
            k -= 1
        if w[max(0, k - 2) : k] in ("~~", "__"):  # a strike or underline mark opens before it
            k -= 2
        elif k > 2 and w[k - 1] == ">" and (tag := _OPEN_TAG.search(w, max(0, k - 8), k)):
            k = tag.start()  # new matter opens before the marker ("<ins>(3) ...")
        elif w[max(0, k - 3) : k] == "{ +":  # Oregon's new matter opens before the marker
            k -= 3
        elif w[max(0, k - 2) : k] in ("{+", "[+"):  # new matter opens before the marker
            k -= 2
        elif k > 0 and w[k - 1] == "[":
            k -= 1
        elif k > 0 and w[k - 1] == "→":
            k -= 1  # Kentucky prints an arrow before each section ("→SECTION 3.")
        elif k > 0 and w[k - 1] in '"“' and (k == 1 or w[k - 2] == "\n"):
            k -= 1  # a section a bill inserts, in quotation marks ('"§ 15A-292.' in North Carolina)
        elif k > 0 and w[k - 1] == "]":
            o = w.rfind("[", max(0, k - 14), k)
            k = o if o >= 0 and "\n" not in w[o:k] else k
        elif k > 0 and w[k - 1] == ")":  # a status note between a section and its first subdivision
            o = w.rfind("(", max(0, k - 48), k)
            k = o if o >= 0 and _STATUS_NOTE.fullmatch(w, o, k) else k
        if k == j:
            return j
        j = k


_CATCHLINE_DASH = re.compile(r"\.[ \t]*[–-]$")


def _ends_clause(before: str, line_start: bool = True) -> bool:
    """True when the text before a marker ends a sentence, clause or list item."""
    if re.search(r"\[[.:;]\][,;]?\s*$", before):
        return True
    # spaces, strike marks, bold marks, short bracketed deletions, and the close of new matter
    # ("+]", "+}")
    before = re.sub(
        r"(?:\s|~~|__|\*\*|</?(?:ins|del|u|s|i|b|em|strike)>|\[[^\[\]\n]{0,40}\]|\]|[+-] ?[\]}])+$",
        "",
        before,
    )
    if not before:
        return True
    if re.search(r"[;,]\]?\s*(?:or|and)$" if line_start else r";\]?\s*(?:or|and)$", before, re.I):
        return True
    if before[-1] in ":;—" or before.endswith("--"):  # "--" is a typed em dash ("Title.--(a)")
        return True
    if line_start and _CATCHLINE_DASH.search(before):  # a catchline's dash: "Exceptions. –"
        return True
    return before[-1] == "." and not _ABBREV.search(before)


# a lettered heading line in title case ("D. Access to District Facilities"): a list below it
# begins a subdivision
_LETTERED_HEADING = re.compile(
    r"(?:^|\n)[ \t]*[A-Z]\.[ \t]+[A-Z][A-Za-z’'/&-]*"
    r"(?:[ \t]+(?:[A-Z][A-Za-z’'/&-]*|of|the|and|or|to|for|in|on|an?|as|at|by|with|from)){0,8}[ \t]*$"
    # or in sentence case, a few words with no verb ("A. Patient information")
    r"|(?:^|\n)[ \t]*[A-Z]\.[ \t]+(?![^\n]*\b(?:shall|may|must|will|is|are|does|do|not|no|has|have)\b)"
    r"[A-Z][a-z’'/&-]*(?:[ \t]+[a-z’'/&-]+){1,4}[ \t]*$"
)
_CAPS_HEADING = re.compile(
    # a heading in capitals, perhaps numbered (also a code section's catchline in capitals:
    # "§ 2056h. CRIMINAL JUSTICE INFORMATION SYSTEMS; CIVIL IMMIGRATION ENFORCEMENT")
    r"(?:^|\n)[ \t]*(?:[\d.]*|[IVXLC]{1,5}\.|§[ \t]*\d+[A-Za-z]?(?:[.\-–:]\w+)*\.)[ \t]*[A-Z][A-Z ,;&/()-]{2,120}$"
    # a directive's lettered catchline on a line of its own ("A. Status Inquiries")
    r"|(?:^|\n)[ \t]*(?:[IVXLC]{1,5}|[A-Z])\.[ \t]+[A-Z][A-Za-z’'-]*"
    r"(?:[ \t]+(?:[A-Z][A-Za-z’'-]*|of|the|and|or|to|for|in|on|an?|by|with|from|not)){0,7}$"
)


def _boundary(w: str, start: int, st: _State, heading: bool = False) -> bool:
    """True when a marker at start can begin a new subdivision (see module docstring)."""
    j = _skip_back(w, start)
    if j == st.last_end or _skip_back(w, st.last_end) == j:
        return True
    if j == 0 or w[j - 1] == "\n":
        k = j
        while k > 0 and w[k - 1] in " \t\n":
            k -= 1
        if (
            k == 0
            or k == st.last_end
            or w.count("\n", k, j) >= 2
            or _ends_clause(w[max(0, k - 80) : k])
            or _MODAL_LEAD.search(w, max(0, k - 40), k)  # "a peace officer may not" and its list
            or _CAPS_HEADING.search(w, max(0, k - 80), k)  # after "409.12.4 POLICY"
            or _LETTERED_HEADING.search(w, max(0, k - 80), k)  # after "D. Access to Facilities"
            # "§634. Access to records" on its line, and "1." below it
            or (st.fresh and _CATCHLINE_LINE.fullmatch(w, st.last_end, k))
        ):
            return True
        return heading and not re.search(
            r"(?:[,§]|" + _REF_WORDS.pattern + ")$", w[max(0, k - 40) : k]
        )
    if _RESTATED_NUMBER.fullmatch(w, w.rfind("\n", 0, j) + 1, j):
        return True  # "29-4803 (1) No law enforcement agency shall": Nebraska restates a section
    return _ends_clause(w[max(0, j - 80) : j], line_start=False)


# a section's catchline alone on its line, without a period (Maine: "§634. Access to employee
# records by immigration enforcement agents", its "1. Definitions." on the next line)
# (California's run on with semicolons: "Immigration status of pupils and families; collection
# and disclosure of information; access to school sites; model policies")
# (Louisiana wraps a long catchline, its next line in lower case: "§1844.2. Immigration status of
# victims and witnesses; inquiries;\nconfidentiality; certification", its "A." below)
_CATCHLINE_LINE = re.compile(
    r"[ \t]*[A-Z][A-Za-z’'/&,;()-]*(?:(?:[ \t]+|[ \t]*\n[ \t]*(?=[a-z]))[A-Za-z’'/&,;()-]+){0,24}"
)
_OPEN_TAG = re.compile(r"<(?:ins|u|i|b|em)>$")
# a lead-in that ends on its modal with no colon (Alaska: "may not" and then "(1) detain ...")
_MODAL_LEAD = re.compile(r"\b(?:shall|may|must)(?: not)?[ \t]*$")
# a code section's number alone at the start of a line, its first subdivision after it
_RESTATED_NUMBER = re.compile(r"[ \t]*\d{1,4}-\d{2,5}(?:\.\d{1,4})?[A-Z]?")


# a lead-in's colon just before a marker: the list after it is nested, not a restart
_LEAD_IN_END = re.compile(r":[ \t]*\n?[ \t]*\n?[ \t]*$")


def _kind(m: re.Match, w: str, cands: list[re.Match], idx: int, stack: list[_Level], style: str):
    """(kind, label, value) of a subdivision marker, resolving roman/letter ambiguity."""
    form = "paren" if m.group("paren") else "dot"
    label = m.group("pv") or m.group("dv")
    if label.isdigit():
        return f"{form}-num", label, int(label)
    upper = label.isupper()
    case = "lower" if style == "ny" or not upper else "upper"
    letter, roman = (f"{form}-{case}", _letters(label)), (f"{form}-r{case}", _roman(label))
    if (
        not roman[1]
        or (len(label) == 1 and label.lower() not in "ivx")
        or (len(label) == 2 and label[0] == label[1] and roman[1] > 3)
    ):
        return letter[0], label, letter[1]
    if len(label) > 1:
        return roman[0], label, roman[1]
    for lvl in reversed(stack):
        if lvl.kind == letter[0] and lvl.value + 1 == letter[1]:
            return letter[0], label, letter[1]
        if lvl.kind == roman[0] and lvl.value + 1 == roman[1]:
            return roman[0], label, roman[1]
    nxt = _lookahead(cands, idx, form, upper)
    if nxt == label + label[0] or (nxt and _roman(nxt) == 2):
        return roman[0], label, roman[1]
    if nxt and _letters(nxt) == letter[1] + 1:
        return letter[0], label, letter[1]
    pick = roman if label.lower() == "i" or any(lvl.kind == letter[0] for lvl in stack) else letter
    return pick[0], label, pick[1]


def _lookahead(cands: list[re.Match], idx: int, form: str, upper: bool) -> str:
    """Label of the next alphabetic marker of the same form and case ('' if none)."""
    for m in cands[idx + 1 : idx + 40]:
        lab = m.group("pv") if form == "paren" else m.group("dv")
        if lab and lab.isalpha() and lab.isupper() == upper:
            return lab
    return ""


def _accept(stack: list[_Level], kind: str, value: int, fresh: bool) -> int | None:
    """Index at which a new marker of kind/value goes in the stack, or None to reject it."""
    for i in range(len(stack) - 1, 0, -1):  # the next of an inner list, not a repeat of an outer
        if stack[i].kind == kind and stack[i].value + 1 == value and not stack[i].flag:
            return i
    for i, lvl in enumerate(stack):
        if lvl.kind == kind:
            if lvl.flag or lvl.value <= value <= lvl.value + 3:
                return i
            if value == 1 and i < len(stack) - 1 and stack[-1].kind in ("dot-upper", "dot-lower"):
                return len(stack)  # "5. Guidelines", "D. Access": its own "1." list below
            return None
    return len(stack) if value == 1 or fresh else None


def _seed_kind(word: str, ident: str, style: str) -> tuple[str, str, int]:
    """Stack level implied by "subdivision a" / "paragraph (m)" in an amending clause."""
    form = (
        "paren"
        if ident.startswith("(")
        else ("dot" if style == "nyc" or ident.isdigit() else "paren")
    )
    label = ident.strip("()")
    if label.isdigit():
        return f"{form}-num", label, int(label)
    case = "lower" if style == "ny" or label.islower() else "upper"
    if word.lower() in ("subparagraph", "clause", "item") and _roman(label):
        return f"{form}-r{case}", label, _roman(label)
    return f"{form}-{case}", label, _letters(label)


def _infer_target(w: str, end: int, st: _State) -> list[_Level] | None:
    """Code section and seeded levels named by a NY/NYC amending clause after a bill section."""
    window = w[end : end + 900]
    stop = re.search(r"follows:|to read:", window)
    if st.style not in ("ny", "nyc") or not stop:
        return None
    m = _INTRO_TARGET.search(window[: stop.start()])
    if not m:
        return None
    st.code = "§ " + _norm(m.group("num"))
    items = list(_CHAIN_ITEM.finditer(m.group("chain")))[::-1]
    return [
        _Level(*_seed_kind(c.group("word"), c.group("id"), st.style), flag="seed") for c in items
    ]


def _is_bill(m: re.Match, w: str, st: _State) -> bool:
    """True when a Section/§ marker is the bill's own next section (not a code section)."""
    num = m.group("bn") or m.group("sn")
    if m.group("bill") and not m.group("bdot") and not m.group("bill").startswith("#"):
        return False
    n = _bill_number(num)
    if n is None:
        return num == "A" and st.expected_bill == 1
    if _printed_otherwise(m, st):
        return False  # a "Section 2." of a chapter the bill's "SECTION 1." inserts
    first = not st.bill and m.group("bdot") is not None  # an excerpt may start at "Section 3."
    inserted = num[-1].isalpha() and n == st.expected_bill - 1  # "Sec. 1e." after "Sec. 1."
    if not (
        st.expected_bill <= n <= st.expected_bill + 1
        or first
        or inserted
        or _numbered_apart(m, w, st)
    ):
        return False
    nxt = re.match(r"\s*([^\n]{0,40})", w[m.end() :]).group(1)
    return not (st.style == "ny" and re.match(r"[^a-z]*[A-Z]{3}[^a-z]*$", nxt))


def _printed_otherwise(m: re.Match, st: _State) -> bool:
    """The bill numbers its own sections in capitals ("SECTION 1.", as Massachusetts prints
    them) and this marker is not in capitals ("Section 2."), or in words ("Section One.") and
    this one in digits: a section of the code it inserts or amends, not the bill's."""
    word = (m.group("bill") or "").split()
    own = st.bill.split()
    if len(own) > 1 and own[1].upper() in _NUMBER_WORDS and (m.group("bn") or "").isdigit():
        return True  # the bill numbers its sections in words ("Section One."): "Section 36." is the code's
    return bool(word and own and own[0].isupper() and len(own[0]) > 3 and not word[0].isupper())


def _numbered_apart(m: re.Match, w: str, st: _State) -> bool:
    """A bill section numbered further on, as Illinois numbers them (1, 5, 10, ..., 99): at a
    line start, printed as the bill's earlier sections are ("Section 5. Definitions."), and
    followed by a capital; an amended act's own "Sec. 15." is printed another way."""
    if not (st.bill and m.group("bill") and m.group("bdot")):
        return False
    word = m.group("bill").split()[0]
    if st.bill.split()[0].rstrip(".") != word.rstrip("."):  # "Section" or "Sec." alike
        return False
    line_start = not w[
        w.rfind("\n", 0, m.start()) + 1 : m.start()
    ].strip()  # after blanked line numbers too
    n = _bill_number(m.group("bn"))
    return (
        line_start
        and n is not None
        and n > st.expected_bill
        # "Section 5. Definitions." or Michigan's inserted "Sec. 7a. (1) Except ..."
        and bool(re.match(r"[ \t]+(?:[A-Z]|\((?:1|a)\)[ \t]+[A-Z])", w[m.end() : m.end() + 8]))
    )


_NUMBER_WORDS = (
    "ONE",
    "TWO",
    "THREE",
    "FOUR",
    "FIVE",
    "SIX",
    "SEVEN",
    "EIGHT",
    "NINE",
    "TEN",
    "ELEVEN",
    "TWELVE",
)


def _bill_number(num: str) -> int | None:
    """A bill section's number, Michigan's inserted "7a" read as 7, Massachusetts' "Two" as
    2; None for a letter."""
    if num.upper() in _NUMBER_WORDS:
        return _NUMBER_WORDS.index(num.upper()) + 1
    if num.isdigit():
        return int(num)
    if len(num) > 1 and num[:-1].isdigit() and num[-1].isalpha():
        return int(num[:-1])
    return None


def _split_points(
    w: str, style: str, deleted: list[tuple[int, int]]
) -> list[tuple[int, str, int, int]]:
    """(offset, citation, depth, mend) per marker; mend is the marker end, negated for
    subdivisions ("a."), -1 when no catchline can follow ("(a)")."""
    st, stack, out = _State(style), [], []
    cands = _markers(w)
    # colon numbers number sections when two or more stand in the text: one "7:60 Residence
    # and Enrollment" line numbers a school board's whole policy, not its sections
    if sum(1 for m in cands if m.group("colon")) < 2:
        cands = [m for m in cands if not m.group("colon")]
    # unnumbered headings divide only a text that numbers no sections (a policy manual;
    # a "§ 1.240" it cites among its references numbers none of its own)
    unnumbered = not any(
        (m.group("bill") or m.group("code") or m.group("stat"))
        and not w[w.rfind("\n", 0, m.start()) + 1 : m.start()].strip()
        for m in cands
    )
    for idx, m in enumerate(cands):
        if m.group("head") or m.group("caps"):
            # in a text with no numbered sections (a policy manual, an ordinance's body),
            # a heading line ends the list above it and names what follows
            if (
                not unnumbered
                or (st.code and st.code != st.heading_code)
                or len(out) >= MAX_SECTIONS
            ):
                continue
            st.code = st.heading_code = _norm(m.group(0))
            stack, st.fresh = [], True
            st.last_end = m.end()
            out.append((m.start(), st.code, 0, -1))
            continue
        if m.group("subd"):
            if len(out) >= MAX_SECTIONS:
                continue
            base = (st.code or st.bill).split(", subd. ", 1)[0]
            st.code, stack, st.fresh = f"{base}, subd. {m.group('sdn')}", [], True
            st.last_end = m.end()
            out.append((m.start(), st.code, 0, m.end()))
            continue
        heading = bool(m.group("bill") or m.group("sign") or m.group("code") or m.group("stat"))
        if heading and re.match(r"[ \t]*(?:of|OF)\b|[ \t]*[,;]", w[m.end() : m.end() + 6]):
            continue
        if len(out) >= MAX_SECTIONS:
            break
        if not (_boundary(w, m.start(), st, heading) or _ca_code(w, m, style)):
            continue
        cite = ""
        if m.group("bill") or m.group("sign"):
            if _is_bill(m, w, st):
                num = m.group("bn") or m.group("sn")
                st.bill, st.code, st.expected_bill = (
                    _norm(m.group(0)),
                    "",
                    (int(num) + 1 if num.isdigit() else (_bill_number(num) or 1) + 1),
                )
                cite = st.bill
                stack = _infer_target(w, m.end(), st) or []
            elif m.group("sign") and (
                not m.group("sn").isdigit() or style == "ny" or int(m.group("sn")) >= 100
            ):  # "§ 4801." (V.S.A., M.R.S.) is a code section; "§ 2." a bill's own
                st.code, stack = _norm(m.group(0)), []
            elif (
                m.group("bill")
                and m.group("bdot")
                and (style == "ny" or _inserted(w, m) or _printed_otherwise(m, st))
            ):
                st.code, stack = _norm(m.group(0)), []
            else:
                continue
            st.fresh = True
        elif m.group("code") or m.group("stat") or (m.group("bare") and style == "ca"):
            st.outer = _outer_level(m.group(0), st, stack)
            st.code, stack, st.fresh = _norm(m.group(0)), [], True
        elif m.group("bare"):
            continue
        else:
            if m.group("dot") and not _dot_ok(w, m, st):
                continue
            if st.outer and m.group("dv") == str(st.outer[1][-1].value + 1):
                (st.code, stack), st.outer = st.outer, None  # "5. PROCEDURE" after "4.10"
            kind, label, value = _kind(m, w, cands, idx, stack, style)
            at = _accept(stack, kind, value, st.fresh)
            if (
                at is not None
                and at < len(stack)
                and value == 1
                and stack[-1].kind != kind
                and _LEAD_IN_END.search(w, max(0, m.start() - 8), m.start())
            ):
                at = len(stack)  # "(2) The model policy shall, at a minimum:" and its "(A)"
            if at is None:
                continue
            stack = stack[:at] + [
                _Level(kind, label, value, "deleted" if _deleted_at(deleted, m.start()) else "")
            ]
            st.fresh = False
        st.last_end = m.end()
        cite = cite or (st.code or st.bill) + "".join(f"({lvl.label})" for lvl in stack)
        mend = -1 if m.group("paren") else (-m.end() if m.group("dot") else m.end())
        out.append((m.start(), cite, len(stack), mend))
    return out


def _outer_level(number: str, st: _State, stack: list[_Level]) -> tuple[str, list] | None:
    """The running code and levels down to "4." when ``number`` is a policy's "4.1" under it."""
    if not re.fullmatch(r"\d{1,2}\.\d{1,2}", number):
        return None
    whole = int(number.split(".")[0])
    if st.outer and st.outer[1][-1].value == whole:
        return st.outer  # "4.2" after "4.1"
    for i, lvl in enumerate(stack):
        if lvl.kind == "dot-num" and lvl.value == whole:
            return st.code, stack[: i + 1]
    return None


def _markers(w: str) -> list[re.Match]:
    """``list(_MARKER.finditer(w))``: the same non-overlapping matches, left to right."""
    out, last, match = [], 0, _MARKER.match
    for start in _MARKER_START.finditer(w):
        pos = start.start()
        if pos < last:
            continue
        m = match(w, pos)
        if m is not None:
            out.append(m)
            last = m.end()
    return out


def _inserted(w: str, m: re.Match) -> bool:
    """A "Section 64." heading printed as inserted text: it follows a line that ends in a
    colon ("... by inserting after section 63 the following section:-")."""
    before = w[max(0, m.start() - 200) : m.start()].rstrip()
    return before.endswith((":", ":-", ":—")) and "\n" in w[max(0, m.start() - 3) : m.start()]


def _ca_code(w: str, m: re.Match, style: str) -> bool:
    """California code sections may follow an unpunctuated chapter heading ("Authorities 7284.")."""
    if style != "ca" or not (m.group("code") or m.group("bare")):
        return False
    before = w[max(0, m.start() - 60) : m.start()]
    return bool(re.search(r"\b[A-Z][a-z]+\s+$", before)) and not _REF_WORDS.search(before)


def _dot_ok(w: str, m: re.Match, st: _State) -> bool:
    """Inline "a." / "1." markers need a capital, quote or bracket after them."""
    j = _skip_back(w, m.start())
    if j == 0 or w[j - 1] == "\n" or _skip_back(w, st.last_end) == j or j == st.last_end:
        return True
    return bool(re.match(r"[ \t]+[A-Z\"“(\[]", w[m.end() : m.end() + 3]))


def _heading(w: str, start: int, limit: int, deeper_next: bool, subdivision: bool) -> str:
    """The catchline printed right after a marker ("Definitions."), else ''."""
    m = re.match(
        r"[ \t\n]*([A-Z][^.\n]*(?:\n[^.\n]*)?)\.(?=\s|$)", w[start : min(limit, start + 300)]
    )
    if not m:
        return ""
    head = re.sub(r"\s+", " ", m.group(1)).strip()
    if subdivision and re.search(r"[,;]", head):
        return ""
    if (
        len(head.split()) > MAX_HEADING_WORDS
        or _SENTENCE_VERBS.search(head)
        or '"' in head
        or "“" in head
    ):
        return ""
    rest = w[start + m.end() : limit].strip()
    return head if rest or deeper_next else ""


def _line_start(w: str, pos: int) -> int:
    """Move a split back to its line start when only blanks/noise precede it on the line."""
    ls = w.rfind("\n", 0, pos) + 1
    return ls if re.fullmatch(r"[\s\[~]*(?:\[[^\]\n]{0,12}\][\s~]*)?", w[ls:pos]) else pos


def split_sections(
    text: str,
    *,
    style: str | None = None,
    noise: list[tuple[int, int]] | None = None,
    deleted: list[tuple[int, int]] | None = None,
    side: list[markup.SideHeading] | None = None,
) -> list[Section]:
    """Split text into contiguous leaf sections with citation paths (see module docstring).

    ``style``, ``noise``, ``deleted`` and ``side`` (its margin headings) may pass in what
    the caller already computed with ``compare.markup`` for this text."""
    if not text:
        return []
    style = style or markup.detect_style(text)
    noise = markup.noise_spans(text, style) if noise is None else noise
    deleted = markup.deleted_spans(text, style, noise=noise) if deleted is None else deleted
    w = markup.blank_spans(text, noise)
    side = markup.side_headings(text) if side is None else side
    if side:
        w = _set_apart(w, side)
    points, starts = [], []
    for pos, cite, depth, mend in _split_points(w, style, deleted):
        pos = _line_start(w, pos - 2 if w[pos - 2 : pos] == "~~" else pos)
        if starts and pos <= starts[-1]:
            points[-1] = (points[-1][0], cite, depth, mend)
            continue
        points.append((pos, cite, depth, mend))
        starts.append(pos)
    if not points or points[0][0] > 0:
        points.insert(0, (0, "", -1, 0))
    out = []
    titles = {h.spans[0][0]: h for h in side}
    heading = None
    for i, (pos, cite, depth, mend) in enumerate(points):
        if pos in titles:
            heading = titles[pos]
        first = heading and w[heading.spans[0][0] : heading.spans[0][1]]
        if first and (cite == first or cite.startswith(first + "(")):
            cite = heading.title + cite[len(first) :]  # the heading's words on every line
        end = points[i + 1][0] if i + 1 < len(points) else len(text)
        deeper = i + 1 < len(points) and points[i + 1][2] > depth
        head = _heading(w, abs(mend), end, deeper, mend < 0) if cite and mend != -1 else ""
        out.append(Section(i, cite, head, pos, end, text[pos:end]))
    return out


def _set_apart(w: str, side: list[markup.SideHeading]) -> str:
    """``w`` with each margin heading set on a line of its own above its text (its first
    line's words, the line before it blank), the same length: a heading line like any other.
    Its words on later lines are blanked; a heading not after a blank line is blanked whole."""
    chars = list(w)
    for heading in side:
        (start, end), rest = heading.spans[0], heading.spans[1:]
        for a, b in rest:
            chars[a:b] = " " * (b - a)
        before = w.rfind("\n", 0, max(0, start - 1)) + 1
        if start and not (w[start - 1] == "\n" and not w[before : start - 1].strip()):
            chars[start:end] = " " * (end - start)
            continue
        chars[before:start] = "\n" * (start - before)
        body = w.index(w[end:].lstrip(" ")[:1], end) if w[end:].strip() else end
        gap = body - end
        chars[end:body] = "\n\n" + " " * (gap - 2) if gap >= 2 else chars[end:body]
    return "".join(chars)


def section_at(sections: list[Section], offset: int) -> Section | None:
    """The section containing offset (None when outside the text)."""
    if not sections or offset < sections[0].start or offset >= sections[-1].end:
        return None
    i = bisect.bisect_right([s.start for s in sections], offset) - 1
    return sections[i]
