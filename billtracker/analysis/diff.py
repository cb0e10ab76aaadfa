"""Compare versions and drafts: resolve what to compare, and diff the database.

- ``resolve(db, ref)`` -> ``(label, text)`` for a file path, a version id (``bill@slug``) or a
  bill id (its latest version);
- ``diff_versions`` / ``diff_refs``: ``compare.diff.diff_texts`` with stored scorecards;
- ``diff_database(db, checklist)`` diffs consecutive versions of every bill and records the
  changes users should hear about (an amendment that weakens a bill among them).

Rendering a diff (terminal, standalone page) is ``billtracker.analysis.redline``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from billtracker import storage
from billtracker.analysis.scorecards import load_scorecard
from billtracker.errors import NotFound
from billtracker.text.extract import is_supported, read_text
from compare.checklist import Checklist
from compare.diff import diff_texts

# -- resolving what to compare ----------------------------------------------------


def resolve(db, ref: str) -> tuple[str, str]:
    """``(label, text)`` for a file path, a version id ``bill/id@slug`` or a bill id.

    A bill id gives its latest version (highest ordinal). Anything else raises ``NotFound``;
    a file that exists but cannot be read raises ``InputError`` (from ``textio``).
    """
    ref = str(ref)
    path = Path(ref)
    if path.is_file() or (path.exists() and path.is_dir()):
        return ref, read_text(path)
    if db is not None and db.table("versions").exists():
        found = storage.find_version(db, ref)
        if found:
            return found["id"], found["text"]
        if db.execute("select 1 from bills where id = ?", [ref]).fetchone():
            raise NotFound(f"{ref}: bill has no stored versions to compare")
    if "@" in ref:
        raise NotFound(f"{ref}: no such version in the database")
    if is_supported(ref):
        raise NotFound(f"{ref}: no such file, and no bill or version with that id in the database")
    raise NotFound(f"{ref}: not a file, a version id (bill@slug) or a bill id in the database")


# -- the database job ---------------------------------------------------------------


def diff_versions(conn, va: str, vb: str, checklist: Checklist, *, texts=None) -> dict:
    """``diff_texts`` of two stored versions, with their stored scorecards (scored once).

    ``conn`` is a ``sqlite3.Connection`` or ``sqlite_utils.Database``; ``texts`` the two
    texts when the caller has them. A version without a stored scorecard is scored here.
    """
    ta, tb = texts or (storage.version_text(conn, va), storage.version_text(conn, vb))
    return diff_texts(
        ta,
        tb,
        checklist,
        a_label=va,
        b_label=vb,
        a_card=load_scorecard(conn, va, checklist),
        b_card=load_scorecard(conn, vb, checklist),
    )


def diff_refs(db, a: str, b: str, checklist: Checklist) -> dict:
    """Diff two files, version ids or bill ids (see :func:`resolve`)."""
    (la, ta), (lb, tb) = resolve(db, a), resolve(db, b)
    if db is not None and db.table("versions").exists():
        return diff_versions(db, la, lb, checklist, texts=(ta, tb))
    return diff_texts(ta, tb, checklist, a_label=la, b_label=lb)


def pending_pairs(db, checklist_version: str) -> list[tuple[str, str, str]]:
    """(bill_id, from_version, to_version) of consecutive versions not yet diffed."""
    rows = db.execute(
        "select bill_id, id from versions order by bill_id, ordinal, date, id"
    ).fetchall()
    done = {
        (r[0], r[1])
        for r in db.execute(
            "select from_version, to_version from version_diffs where checklist_version = ?",
            [checklist_version],
        ).fetchall()
    }
    out = []
    for (bill_a, va), (bill_b, vb) in zip(rows, rows[1:], strict=False):
        if bill_a == bill_b and (va, vb) not in done:
            out.append((bill_a, va, vb))
    return out


def diff_database(
    db, checklist: Checklist, *, progress: Callable[[str], None] | None = None
) -> int:
    """Diff consecutive versions of every bill not yet diffed for this checklist version.

    Stores a ``version_diffs`` row per pair and records changes: ``item_lost`` /
    ``item_gained`` per item whose presence changed, ``weakened`` per item that got weaker in
    place and once for the amendment when it weakens the bill (score down or a protection
    lost), else ``score_change`` when the score moved. Returns how many pairs were diffed.
    """
    pending = pending_pairs(db, checklist.version)
    for n, (bill_id, va, vb) in enumerate(pending, 1):
        result = diff_versions(db, va, vb, checklist)
        with db.atomic():
            storage.save_diff(db, bill_id, va, vb, checklist.version, result)
            _record(db, bill_id, va, vb, result)
        if progress:
            progress(
                f"[{n}/{len(pending)}] {va} -> {vb}: {len(result['item_changes'])} item changes, "
                f"score {result['score_change']['overall']:+.1f}"
            )
    return len(pending)


def _record(db, bill_id: str, va: str, vb: str, result: dict) -> None:
    weaker = False
    for c in result["item_changes"]:
        if c["to"] == "absent":
            kind = "item_lost"
        elif c["from"] == "absent":
            kind = "item_gained"
        else:
            kind = "weakened" if c["effect"] == "weaker" else "item_gained"
        weaker = weaker or c["effect"] == "weaker"
        verb = "weaker" if c["effect"] == "weaker" else "stronger"
        storage.record_change(
            db,
            bill_id=bill_id,
            version_id=vb,
            kind=kind,
            item_id=c["id"],
            detail=f"{va} -> {vb}: {c['title']}: {c['from']} -> {c['to']} ({verb})",
        )
    delta = result["score_change"]["overall"]
    if delta < 0 or (weaker and delta <= 0):
        kind = "weakened"
    elif delta:
        kind = "score_change"
    else:
        return
    storage.record_change(
        db,
        bill_id=bill_id,
        version_id=vb,
        kind=kind,
        detail=f"{va} -> {vb}: score {result['scores']['a']} -> {result['scores']['b']} "
        f"({delta:+.1f}). {_first_sentence(result['summary'])}",
    )


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?\.)(?:\s|$)", text)
    return m.group(1) if m else text
