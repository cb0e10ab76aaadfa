"""Per-source normalisers: a raw bill text → the text that would become law, and a marked text.

Every version a spider stores carries two texts (see ``VersionItem``):

- ``text``: what would be law if the version passed, from ``compare.markup.law_text``
  (deleted matter and page noise removed);
- ``marked_text``: the same text with the changes marked in the project convention,
  ``~~deleted~~`` and ``__inserted__``. Marks never cross a line break: a deletion
  running over three lines is marked on each line.

What each source marks (``compare.markup`` describes the styles):

- ``ny`` (Open Legislation plain text): deleted matter in ``[brackets]``; new matter in
  UPPER CASE, marked as inserted from the enacting clause on.
- ``nyc`` (Legistar ``MatterTextPlain``): ``[brackets]`` are deletions; the underlining
  of new matter is lost in plain text, so nothing is marked as inserted.
- ``md`` (Maryland): ``~~struck~~`` matter and ``[brackets]`` are deletions; CAPITALS
  after the enacting clause are matter added to existing law.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compare import markup

DEL_OPEN, DEL_CLOSE, INS_OPEN, INS_CLOSE = "\x01", "\x02", "\x03", "\x04"
_SENTINELS = DEL_OPEN + DEL_CLOSE + INS_OPEN + INS_CLOSE
_ENACTING = {
    "ny": re.compile(r"DO\s+ENACT\s+AS\s+FOLLOWS:"),
    "md": re.compile(r"BE\s+IT\s+ENACTED\s+BY\s+THE\s+GENERAL\s+ASSEMBLY\s+OF\s+MARYLAND"),
}
# A run of upper-case words (letters, digits, hyphens, apostrophes) with the
# punctuation and white space between them.
_CAPS_RUN = re.compile(
    r"(?<![\w\[])[A-Z][A-Z0-9'’-]*(?![a-z])"
    r"(?:[\s,.;:()\"“”/§-]+(?:\d+[A-Z0-9.-]*|[A-Z][A-Z0-9'’-]*)(?![a-z]))*"
)
# A new bill section ("§ 3.", or "S 3." in older texts) ends a run of capitals.
_SECTION_START = re.compile(r"\n[ \t]*(?:§|S|Section|SECTION)[ \t]+\d")
_NOT_INSERTED = re.compile(
    r"^(?:SECTION\s+\d+\.\s*(?:AND\s+)?BE\s+IT\s+(?:FURTHER\s+)?ENACTED.*|[A-Z]\.?|[IVX]+)$",
    re.S,
)


@dataclass
class Normalised:
    """A version's law text and marked text, and the style they were read in."""

    text: str
    marked_text: str
    style: str


def normalise(raw: str, style: str | None = None) -> Normalised:
    """Both texts of one raw version; ``style`` defaults to ``markup.detect_style``."""
    style = style or markup.detect_style(raw)
    return Normalised(markup.law_text(raw, style), marked_text(raw, style), style)


def normalise_ny(raw: str) -> Normalised:
    """A New York Senate/Assembly bill text from Open Legislation."""
    return normalise(raw, "ny")


def normalise_nyc(raw: str) -> Normalised:
    """A New York City Council bill text (Legistar plain text)."""
    return normalise(raw, "nyc")


def normalise_md(raw: str) -> Normalised:
    """A Maryland bill text (PDF text or its Markdown rendering)."""
    return normalise(raw, "md")


def inserted_spans(raw: str, style: str, deleted: list, noise: list) -> list[tuple[int, int]]:
    """Offsets of new matter printed in capitals (NY, Maryland), after the enacting clause."""
    clause = _ENACTING.get(style)
    match = clause.search(raw) if clause else None
    if match is None:
        return []
    spans = []
    blanked = markup.blank_spans(raw, deleted + noise)
    for m in _CAPS_RUN.finditer(blanked, match.end()):
        start, chunk = m.start(), m.group(0)
        cut = _SECTION_START.search(chunk)
        chunk = (chunk[: cut.start()] if cut else chunk).rstrip(' \t\n,;:("“-')
        end = start + len(chunk)
        letters = re.sub(r"[^A-Z]", "", chunk)
        if len(letters) < 3 or _NOT_INSERTED.match(chunk):
            continue
        spans.append((start, end))
    return spans


def marked_text(raw: str, style: str | None = None) -> str:
    """The raw text, tidied like ``markup.law_text``, with ``~~deleted~~`` and ``__inserted__``."""
    style = style or markup.detect_style(raw)
    raw = raw.translate({ord(c): " " for c in _SENTINELS})
    noise = markup.noise_spans(raw, style)
    deleted = markup.deleted_spans(raw, style)
    inserted = inserted_spans(raw, style, deleted, noise)
    text = markup.blank_spans(raw, noise)
    marks = [(s, e, DEL_OPEN, DEL_CLOSE) for s, e in deleted]
    marks += [(s, e, INS_OPEN, INS_CLOSE) for s, e in inserted]
    parts, pos = [], 0
    for start, end, opening, closing in sorted(marks):
        if start < pos:
            continue
        parts.append(text[pos:start])
        inner = text[start:end]
        if opening == DEL_OPEN:
            inner = _strip_deletion_marks(inner)
        parts.append(_wrap_lines(inner, opening, closing))
        pos = end
    parts.append(text[pos:])
    return _tidy("".join(parts))


def _strip_deletion_marks(inner: str) -> str:
    """A deleted span's words without its ``[`` ``]`` delimiters and ``~~`` strike marks."""
    inner = inner.replace("~~", "")
    if inner.startswith("[") and inner.endswith("]"):
        inner = inner[1:-1]
    return inner


def _wrap_lines(inner: str, opening: str, closing: str) -> str:
    """Wrap each line's words in the marks, leaving line breaks outside them."""
    out = []
    for line in inner.split("\n"):
        words = line.strip()
        if not words:
            out.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(line.rstrip()) :]
        words = re.sub(r"[ \t]+", " ", words)
        out.append(f"{lead}{opening}{words}{closing}{trail}")
    return "\n".join(out)


def _tidy(kept: str) -> str:
    """``markup.law_text``'s white-space tidying, keeping the marks."""
    kept = kept.replace("~~", "").replace("\ufffd", "§").replace("\f", "\n")
    kept = re.sub(r"[ \t]+", " ", kept)
    kept = re.sub(r" *\n *", "\n", kept)
    kept = re.sub(r"\n{3,}", "\n\n", kept)
    kept = re.sub(r" +([,.;:])", r"\1", kept).strip()
    kept = re.sub(f"{INS_CLOSE}([ ]*){INS_OPEN}", r"\1", kept)
    kept = re.sub(f"{DEL_CLOSE}([ ]*){DEL_OPEN}", r"\1", kept)
    for sentinel, mark in (
        (DEL_OPEN, "~~"),
        (DEL_CLOSE, "~~"),
        (INS_OPEN, "__"),
        (INS_CLOSE, "__"),
    ):
        kept = kept.replace(sentinel, mark)
    return kept


def unmark(marked: str) -> str:
    """The law text a marked text stands for: deletions dropped, insertion marks removed."""
    text = re.sub(r"~~.*?~~", "", marked)
    text = re.sub(r"__(?![_\s])(.+?)(?<![_\s])__", r"\1", text)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return re.sub(r" +([,.;:])", r"\1", text).strip()
