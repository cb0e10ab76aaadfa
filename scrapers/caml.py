"""Parse California's CAML bill documents (``caml:MeasureDoc``) into plain text.

Legislative Counsel marks changes with processing instructions:
``<?xm-insertion_mark_start?> ... <?xm-insertion_mark_end?>`` around inserted
matter and ``<?xm-deletion_mark data="..."?>`` carrying deleted matter (itself
escaped CAML when whole paragraphs or sections were struck). Each document
gives two renderings: ``text``, the version as it would read if enacted (new
matter kept, struck matter dropped), and ``marked_text``, the same with
``~~deleted~~`` and ``__inserted__`` marks. Pure functions: no I/O beyond
:func:`parse_caml_file`.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from billtracker.errors import InputError

CAML_NS = "http://lc.ca.gov/legalservices/schemas/caml.1#"
NAMESPACES = {
    "caml": CAML_NS,
    "xhtml": "http://www.w3.org/1999/xhtml",
    "xlink": "http://www.w3.org/1999/xlink",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
PLAIN, INSERTED, DELETED = "plain", "ins", "del"

# Elements that start and end a paragraph of their own.
BLOCKS = {"p", "ActionLine", "Preamble", "Title", "Subject", "AuthorText", "li", "tr"}
# Editorial notes and metadata that are no part of the printed text.
SKIP = {"Correction", "DigestKey", "MeasureIndicators", "History", "LegislativeInfo", "Authors"}
SPACES = {"EnSpace", "ThinSpace", "EmSpace", "Space"}
HOUSES = {"A": "Assembly", "S": "Senate"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@dataclass
class Section:
    """One bill section (``SECTION 1.``, ``SEC. 2.``) as it would be enacted."""

    num: str
    text: str
    marked_text: str


@dataclass
class CamlDoc:
    """What a CAML bill version says, clean and with change marks."""

    id: str
    version_num: str
    measure_type: str
    measure_num: str
    measure_state: str
    session_year: str
    chapter_num: str | None
    title: str
    subject: str
    digest: str
    body: str
    marked_body: str
    text: str
    marked_text: str
    sections: list[Section] = field(default_factory=list)
    actions: list[tuple[str, str]] = field(default_factory=list)


class _Runs:
    """Collects text runs (plain, inserted, deleted) grouped into paragraphs."""

    def __init__(self) -> None:
        self.blocks: list[list[tuple[str, str]]] = []
        self.current: list[tuple[str, str]] = []
        self.inserting = False
        self.deleting = 0
        self.hold = False

    def add(self, text: str | None) -> None:
        if not text:
            return
        kind = DELETED if self.deleting else INSERTED if self.inserting else PLAIN
        self.current.append((kind, text))

    def start_block(self) -> None:
        if self.hold:
            self.hold = False
            return
        self.end_block()

    def end_block(self) -> None:
        self.hold = False
        if any(t.strip() for _, t in self.current):
            self.blocks.append(self.current)
        self.current = []


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _walk(el, runs: _Runs) -> None:
    """Feed one element (and its descendants, not its tail) into ``runs``."""
    if isinstance(el, etree._ProcessingInstruction):
        _instruction(el, runs)
        return
    if not isinstance(el.tag, str):  # comments
        return
    name = _local(el)
    if name in SKIP:
        return
    if name == "span" and el.get("class") in SPACES:
        runs.add(" ")
    if name == "Num":
        runs.end_block()
    elif name in BLOCKS:
        runs.start_block()
    runs.add(el.text)
    for child in el:
        _walk(child, runs)
        runs.add(child.tail)
    if name == "Num":
        runs.add(" ")
        runs.hold = True
    elif name in BLOCKS:
        runs.end_block()


def _instruction(pi, runs: _Runs) -> None:
    if pi.target == "xm-insertion_mark_start":
        runs.inserting = True
    elif pi.target == "xm-insertion_mark_end":
        runs.inserting = False
    elif pi.target == "xm-deletion_mark":
        runs.deleting += 1
        try:
            _deleted_matter(pi.text or "", runs)
        finally:
            runs.deleting -= 1


def _deleted_matter(pi_text: str, runs: _Runs) -> None:
    """Feed the struck matter carried in a deletion mark's ``data`` pseudo-attribute."""
    m = re.search(r'data="(.*)"', pi_text, re.S)
    data = html.unescape(m.group(1) if m else pi_text)
    if "<" not in data:
        runs.add(data)
        return
    decls = " ".join(f'xmlns:{p}="{u}"' for p, u in NAMESPACES.items())
    wrapper = f'<root xmlns="{NAMESPACES["xhtml"]}" {decls}>{data}</root>'
    try:
        root = etree.fromstring(wrapper.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError:
        runs.add(re.sub(r"<[^>]*>", " ", data))
        return
    runs.add(root.text)
    for child in root:
        _walk(child, runs)
        runs.add(child.tail)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _render(block: list[tuple[str, str]], marked: bool) -> str:
    """One paragraph as clean text, or with ``~~deleted~~``/``__inserted__`` marks."""
    merged: list[list[str]] = []
    for kind, text in block:
        if merged and merged[-1][0] == kind:
            merged[-1][1] += text
        else:
            merged.append([kind, text])
    out = []
    for kind, text in merged:
        text = _squash(text)
        if kind == PLAIN or (kind == INSERTED and not marked):
            out.append(text)
        elif marked and text.strip():
            wrap = "~~" if kind == DELETED else "__"
            lead = " " if text[0] == " " else ""
            trail = " " if text[-1] == " " else ""
            out.append(f"{lead}{wrap}{text.strip()}{wrap}{trail}")
        elif marked:
            out.append(text)
    return _squash("".join(out)).strip()


def _paragraphs(blocks, marked: bool) -> list[str]:
    return [p for p in (_render(b, marked) for b in blocks) if p]


def _runs_of(el) -> _Runs:
    runs = _Runs()
    if el is not None:
        _walk(el, runs)
        runs.end_block()
    return runs


def _clean(el) -> str:
    """The clean text of one element, on one line."""
    return " ".join(_paragraphs(_runs_of(el).blocks, marked=False))


def _marked(el) -> str:
    return " ".join(_paragraphs(_runs_of(el).blocks, marked=True))


def _field(root, path: str) -> str:
    el = root.find(path, NAMESPACES)
    return _clean(el) if el is not None else ""


def _bill_body(bill) -> tuple[list, list[Section]]:
    """Blocks of the bill body, and its sections as enacted."""
    runs = _Runs()
    sections = []
    runs.add(bill.text)
    for child in bill:
        first = len(runs.blocks)
        _walk(child, runs)
        runs.end_block()
        if _local(child) == "BillSection":
            blocks = runs.blocks[first:]
            text = "\n\n".join(_paragraphs(blocks, marked=False))
            if text:
                num = _field(child, "caml:Num")
                marked = "\n\n".join(_paragraphs(blocks, marked=True))
                sections.append(Section(num=num, text=text, marked_text=marked))
        runs.add(child.tail)
    return runs.blocks, sections


def _long_date(iso: str) -> str:
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day:%B} {day.day:02d}, {day.year}"


def _approval_line(actions: list[tuple[str, str]]) -> str | None:
    dates = dict(actions)
    parts = []
    if "APPROVED" in dates:
        parts.append(f"Approved by Governor {_long_date(dates['APPROVED'])}.")
    if "FILED" in dates:
        parts.append(f"Filed with Secretary of State {_long_date(dates['FILED'])}.")
    return f"[ {' '.join(parts)} ]" if parts else None


def _history_lines(actions: list[tuple[str, str]]) -> list[str]:
    """``Amended IN Senate September 03, 2025`` and the like, newest first."""
    lines = []
    for text, date in sorted(actions, key=lambda a: a[1], reverse=True):
        verb, _, house = text.partition("_")
        if verb in {"AMENDED", "PASSED"} and house:
            lines.append(f"{verb.title()} IN {house.title()} {_long_date(date)}")
        elif verb == "ENROLLED":
            lines.append(f"Enrolled {_long_date(date)}")
    return lines


def _document(root, marked: bool, body_blocks) -> str:
    """The version as leginfo prints it: heading, history, title, digest, then the bill.

    Enrolled and chaptered versions often carry the same bill text as the last
    amendment; the heading lines (history, chapter, approval) tell them apart.
    """
    render = _marked if marked else _clean
    desc = root.find("caml:Description", NAMESPACES)
    info = desc.find("caml:LegislativeInfo", NAMESPACES) if desc is not None else None
    mtype = _field(info, "caml:MeasureType") if info is not None else ""
    kind = "Bill" if mtype.endswith("B") else "Measure"
    heading = f"{HOUSES.get(mtype[:1], '')} {kind} No. {_field(info, 'caml:MeasureNum')}".strip()
    chapter = _field(info, "caml:ChapterNum") if info is not None else ""
    actions = _actions(root)
    head = []
    if chapter:
        head.append(f"{heading}\nCHAPTER {chapter}")
    else:
        head.extend(["\n".join(_history_lines(actions)), heading])
        author = desc.find("caml:AuthorText", NAMESPACES) if desc is not None else None
        if author is not None:
            head.append(render(author))
        introduced = dict(actions).get("INTRODUCED")
        if introduced:
            head.append(_long_date(introduced))
    title = desc.find("caml:Title", NAMESPACES) if desc is not None else None
    if title is not None:
        head.append(render(title))
    if chapter:
        head.append(_approval_line(actions) or "")
    digest = root.find("caml:Description/caml:DigestText", NAMESPACES)
    subject = root.find("caml:Description/caml:GeneralSubject", NAMESPACES)
    if digest is not None:
        head.append("LEGISLATIVE COUNSEL'S DIGEST")
        if subject is not None:
            head.append(render(subject))
        head.extend(_paragraphs(_runs_of(digest).blocks, marked))
    return "\n\n".join([h for h in head if h] + _paragraphs(body_blocks, marked))


def _actions(root) -> list[tuple[str, str]]:
    out = []
    for action in root.iterfind("caml:Description/caml:History/caml:Action", NAMESPACES):
        out.append((_field(action, "caml:ActionText"), _field(action, "caml:ActionDate")))
    return out


def _load(data: bytes | str, name: str):
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "unreadable XML"
        raise InputError(f"{name}: not a readable CAML document ({first})") from None
    if root is None or _local(root) != "MeasureDoc":
        found = _local(root) if root is not None else "nothing"
        raise InputError(f"{name}: not a CAML MeasureDoc (root element is {found})")
    return root


def parse_caml(data: bytes | str, name: str = "CAML document") -> CamlDoc:
    """Parse one ``caml:MeasureDoc``; ``name`` (a file name or URL) labels errors.

    Raises :class:`~billtracker.errors.InputError` with a one-line message when
    the document is not well-formed XML or is not a bill document.
    """
    root = _load(data, name)
    bill = root.find("caml:Bill", NAMESPACES)
    if bill is None:
        raise InputError(f"{name}: CAML document has no caml:Bill text")
    body_blocks, sections = _bill_body(bill)
    info = "caml:Description/caml:LegislativeInfo/caml:"
    return CamlDoc(
        id=_field(root, "caml:Description/caml:Id"),
        version_num=_field(root, "caml:Description/caml:VersionNum"),
        measure_type=_field(root, info + "MeasureType"),
        measure_num=_field(root, info + "MeasureNum"),
        measure_state=_field(root, info + "MeasureState"),
        session_year=_field(root, info + "SessionYear"),
        chapter_num=_field(root, info + "ChapterNum") or None,
        title=_field(root, "caml:Description/caml:Title"),
        subject=_field(root, "caml:Description/caml:GeneralSubject"),
        digest="\n\n".join(
            _paragraphs(
                _runs_of(root.find("caml:Description/caml:DigestText", NAMESPACES)).blocks, False
            )
        ),
        body="\n\n".join(_paragraphs(body_blocks, marked=False)),
        marked_body="\n\n".join(_paragraphs(body_blocks, marked=True)),
        text=_document(root, False, body_blocks),
        marked_text=_document(root, True, body_blocks),
        sections=sections,
        actions=_actions(root),
    )


def parse_caml_file(path: str | Path) -> CamlDoc:
    """Parse a CAML ``.lob`` file; unreadable files raise InputError naming the file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return parse_caml(data, name=str(path))
