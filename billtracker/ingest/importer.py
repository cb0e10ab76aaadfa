"""Import bill texts from files and folders into the working database.

A path may be:

* a folder holding ``index.json`` in the corpus format (a list of objects with
  ``id`` ``{jurisdiction}/{session}/{identifier}``, ``version_slug``, ``file``
  and optional ``title``, ``version``, ``version_date``, ``status``, ``source``,
  ``jurisdiction``, ``level``, ``chamber``, ``notes``, ``completeness``): each
  entry is version ``{id}@{version_slug}`` of bill ``id``;
* that ``index.json`` file itself;
* a folder without ``index.json``: every supported file in it (not recursive)
  is imported as a loose file;
* a loose ``.txt``/``.html``/``.htm``/``.pdf``/``.docx`` file. It becomes bill
  ``draft/drafts/{slug}`` (jurisdiction ``draft``, session ``drafts``,
  identifier = the file name's stem, lower-cased, runs of other characters than
  ``a-z 0-9 _ -`` turned into ``-``), titled with the stem. Its versions get slugs
  ``v1``, ``v2``... in the order their texts first arrive.

A corpus text (an index entry) is stored as the text that would become law,
``compare.markup.law_text`` (deleted matter and page noise dropped), with the
changes marked in ``marked_text`` (``~~deleted~~``, ``__inserted__``; see
``billtracker.text.normalize``) -- but only when that keeps the section structure:
``compare.sections.split_sections`` must find the same sections in the law
text as in the raw text with its deleted matter blanked. Otherwise (NYC Int
0486-2014 in the corpus) ``text`` stays the raw text and ``marked_text``
carries the marked form. Loose files are stored as read.

Versions are keyed by their text (``db.add_version``): importing the same text
again adds nothing; a changed text adds one version and keeps the old one.
Every input is read and checked before anything is written, and all writes happen
in one transaction, so a bad input stores nothing and loses nothing.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from billtracker import storage
from billtracker.errors import InputError
from billtracker.text.extract import SUPPORTED, is_supported, read_text

log = logging.getLogger(__name__)

DRAFT_JURISDICTION = {"id": "draft", "name": "Drafts (imported files)", "level": "draft"}
DRAFT_SESSION = "drafts"
INDEX = "index.json"
OPTIONAL_FIELDS = (
    "title",
    "version",
    "version_date",
    "status",
    "source",
    "jurisdiction",
    "level",
    "chamber",
    "notes",
    "completeness",
)
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
URL = re.compile(r"https?://[^\s\"'<>()\[\],;]+")


@dataclass
class FileResult:
    """What importing one file did."""

    path: str
    bill_id: str
    version_id: str
    added: bool
    bill_added: bool


@dataclass
class ImportResult:
    """Counts and per-file results of one import."""

    bills_added: int = 0
    versions_added: int = 0
    versions_unchanged: int = 0
    files: list[FileResult] = field(default_factory=list)


@dataclass
class Planned:
    """One text read and checked, ready to store."""

    path: Path
    jurisdiction: dict
    bill: dict
    version: dict


def import_paths(db, paths, *, progress: Callable[[str], None] | None = None) -> ImportResult:
    """Import bill texts from files and folders; see the module docstring."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    planned = order_versions(plan_paths(paths))
    return store(db, planned, progress)


# -- reading and checking ------------------------------------------------------


def plan_paths(paths: Iterable) -> list[Planned]:
    """Read and check every input; raise InputError on the first bad one."""
    planned: list[Planned] = []
    for path in map(Path, paths):
        planned.extend(plan_path(path))
    if not planned:
        raise InputError("nothing to import: no paths given")
    return planned


def plan_path(path: Path) -> list[Planned]:
    """The texts one command-line path stands for."""
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    if path.is_dir():
        index = path / INDEX
        return plan_index(index) if index.is_file() else plan_folder(path)
    if path.name == INDEX:
        return plan_index(path)
    return [plan_file(path)]


def plan_folder(folder: Path) -> list[Planned]:
    """Every supported file directly inside a folder that has no index.json."""
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and is_supported(p)
    )
    if not files:
        kinds = ", ".join(SUPPORTED)
        raise InputError(f"{folder}: no {INDEX} and no files to import ({kinds})")
    return [plan_file(p) for p in files]


def slugify(stem: str) -> str:
    """A file stem as a bill identifier: lower case, ``a-z0-9_-`` only."""
    return re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-_")


def plan_file(path: Path) -> Planned:
    """A loose file as a version of bill ``draft/drafts/{slug}``."""
    text = read_text(path)
    identifier = slugify(path.stem)
    if not identifier:
        raise InputError(f"{path}: the file name gives no bill identifier; rename it")
    bill_id = f"{DRAFT_JURISDICTION['id']}/{DRAFT_SESSION}/{identifier}"
    bill = {
        "id": bill_id,
        "jurisdiction_id": DRAFT_JURISDICTION["id"],
        "session": DRAFT_SESSION,
        "identifier": identifier,
        "title": path.stem,
        "source": "file",
    }
    version = {
        "bill_id": bill_id,
        "slug": None,
        "label": path.name,
        "source": f"file:{path.resolve()}",
        "text": text,
    }
    return Planned(path, dict(DRAFT_JURISDICTION), bill, version)


def load_index(index: Path) -> list:
    """The entries of an index.json, checked to be a list of objects."""
    try:
        entries = json.loads(index.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise InputError(f"{index}: is not UTF-8 (byte offset {e.start})") from None
    except json.JSONDecodeError as e:
        raise InputError(
            f"{index}: is not valid JSON ({e.msg} at line {e.lineno} column {e.colno})"
        ) from None
    except OSError as e:
        raise InputError(f"{index}: cannot be read ({e.strerror or e})") from None
    if not isinstance(entries, list):
        raise InputError(f"{index}: expected a list of objects, found {type(entries).__name__}")
    if not entries:
        raise InputError(f"{index}: lists no entries")
    return entries


def plan_index(index: Path) -> list[Planned]:
    """Every entry of a corpus index.json, each checked and its text read."""
    seen: dict[tuple[str, str], int] = {}
    planned = []
    for n, entry in enumerate(load_index(index)):
        where = f"{index}: entry [{n}]"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            where += f" ({entry['id']})"
        check_entry(entry, where)
        key = (entry["id"], entry["version_slug"])
        if key in seen:
            raise InputError(f"{where}: repeats version_slug {key[1]!r} of entry [{seen[key]}]")
        seen[key] = n
        planned.append(plan_entry(index.parent, entry, where))
    return planned


def check_entry(entry, where: str) -> None:
    """Raise InputError naming the entry when it is not a valid index entry."""
    if not isinstance(entry, dict):
        raise InputError(f"{where}: expected an object, found {type(entry).__name__}")
    for key in ("id", "version_slug", "file"):
        if key not in entry:
            raise InputError(f"{where}: missing {key!r}")
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise InputError(f"{where}: {key!r} must be a non-empty string")
    for key in OPTIONAL_FIELDS:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            raise InputError(f"{where}: {key!r} must be a string")
    parts = entry["id"].split("/")
    if len(parts) != 3 or not all(p and p == p.strip() and " " not in p for p in parts):
        raise InputError(
            f"{where}: id {entry['id']!r} is not of the form {{jurisdiction}}/{{session}}/{{identifier}}"
        )
    if re.search(r"[\s/@]", entry["version_slug"]):
        raise InputError(f"{where}: version_slug {entry['version_slug']!r} has a space, / or @")
    if entry.get("version_date") and not DATE.fullmatch(entry["version_date"]):
        raise InputError(f"{where}: version_date {entry['version_date']!r} is not YYYY-MM-DD")


def plan_entry(folder: Path, entry: dict, where: str) -> Planned:
    """One checked index entry with its text read."""
    path = folder / entry["file"]
    if not path.is_file():
        raise InputError(f"{where}: file {entry['file']!r} does not exist in {folder}")
    try:
        text = read_text(path)
    except InputError as e:
        raise InputError(f"{where}: {e}") from None
    code, session, identifier = entry["id"].split("/")
    level = entry.get("level") or "state"
    jurisdiction = {"id": code, "name": entry.get("jurisdiction") or code.upper(), "level": level}
    url = first_url(entry.get("source"))
    bill = {
        "id": entry["id"],
        "jurisdiction_id": code,
        "session": session,
        "identifier": identifier,
        "title": entry.get("title"),
        "status": entry.get("status"),
        "chamber": entry.get("chamber"),
        "source_url": url,
        "source": "import",
    }
    text, marked = law_and_marked_text(text)
    version = {
        "bill_id": entry["id"],
        "slug": entry["version_slug"],
        "label": entry.get("version") or entry["version_slug"],
        "date": entry.get("version_date") or None,
        "url": url,
        "source": entry.get("source"),
        "notes": entry_notes(entry),
        "text": text,
        "marked_text": marked,
    }
    return Planned(path, jurisdiction, bill, version)


def _citations(text: str) -> list[str]:
    from compare.sections import split_sections

    return [s.citation for s in split_sections(text) if s.text.strip()]


def law_and_marked_text(raw: str) -> tuple[str, str | None]:
    """(text, marked_text) for a corpus text; see the module docstring."""
    from billtracker.text.normalize import marked_text
    from compare import markup

    style = markup.detect_style(raw)
    deleted = markup.deleted_spans(raw, style)
    law = markup.law_text(raw, style)
    marked = marked_text(raw, style)
    marked = marked if marked != law else None
    live = markup.blank_spans(raw, deleted + markup.noise_spans(raw, style))
    if law.strip() and _citations(law) == _citations(live):
        return law, marked
    return raw, marked


def first_url(source: str | None) -> str | None:
    """The first http(s) URL in an index entry's ``source``, if any."""
    match = URL.search(source or "")
    return match.group(0).rstrip(".") if match else None


def entry_notes(entry: dict) -> str | None:
    """An entry's ``completeness`` and ``notes`` as one note."""
    parts = []
    if entry.get("completeness"):
        parts.append(f"completeness: {entry['completeness']}.")
    if entry.get("notes"):
        parts.append(entry["notes"])
    return " ".join(parts) or None


def order_versions(planned: list[Planned]) -> list[Planned]:
    """Group texts by bill (first appearance); within a bill, dated ones in date order.

    Undated versions keep their place in the input; the dated ones fill the
    remaining places in order of date.
    """
    groups: dict[str, list[Planned]] = {}
    for item in planned:
        groups.setdefault(item.bill["id"], []).append(item)
    ordered = []
    for items in groups.values():
        dated = iter(
            sorted((i for i in items if i.version.get("date")), key=lambda i: i.version["date"])
        )
        ordered.extend(next(dated) if i.version.get("date") else i for i in items)
    return ordered


# -- writing -------------------------------------------------------------------


def store(db, planned: list[Planned], progress) -> ImportResult:
    """Write checked texts in one transaction, appending versions in order."""
    result = ImportResult()
    with db.atomic():
        for jurisdiction in {p.jurisdiction["id"]: p.jurisdiction for p in planned}.values():
            storage.save_jurisdiction(db, **jurisdiction)
        for item in planned:
            result.files.append(store_one(db, item))
    for item in result.files:
        result.bills_added += item.bill_added
        result.versions_added += item.added
        result.versions_unchanged += not item.added
        line = describe(item)
        log.info(line)
        if progress:
            progress(line)
    return result


def store_one(db, item: Planned) -> FileResult:
    """Save one text's bill and version; the version only if its text is new."""
    bill_id = item.bill["id"]
    bill_added = storage.save_bill(db, item.bill)
    version = dict(item.version)
    if version["slug"] is None:
        count = db.execute("select count(*) from versions where bill_id = ?", [bill_id]).fetchone()
        version["slug"] = f"v{count[0] + 1}"
    version_id = storage.add_version(db, version)
    added = version_id is not None
    if not added:
        version_id = db.execute(
            "select id from versions where bill_id = ? and text_hash = ?",
            [bill_id, storage.text_hash(version["text"])],
        ).fetchone()[0]
    return FileResult(str(item.path), bill_id, version_id, added, bill_added)


def describe(item: FileResult) -> str:
    """One progress line for one imported file, naming the bill."""
    name = Path(item.path).name
    if item.added:
        new = " (new bill)" if item.bill_added else ""
        return f"{item.bill_id}: added version {item.version_id}{new} from {name}"
    return f"{item.bill_id}: unchanged, same text as {item.version_id} ({name})"
