"""The compare page: two versions (or bills: their latest versions) and their redline."""

from __future__ import annotations

import sqlite3

from billtracker.analysis.scorecards import load_scorecard
from billtracker.publishing.pages.views import WebError, bill_url, check_text_param, rows


def resolve_version(conn: sqlite3.Connection, ref: str, name: str) -> dict:
    """A version by id, or a bill's latest version by bill id; never a file path."""
    ref = check_text_param(name, ref)
    if not ref:
        raise WebError(400, f"Give {name}= a version id (bill@version) or a bill id")
    found = rows(conn, "select id, bill_id, slug, label, text from versions where id = ?", [ref])
    if not found:
        found = rows(
            conn,
            "select id, bill_id, slug, label, text from versions where bill_id = ? "
            "order by ordinal desc, date desc limit 1",
            [ref],
        )
    if not found:
        raise WebError(404, f"{name}={ref!r} is neither a version id nor a bill id")
    return found[0]


def compare_page(va: dict, vb: dict, result: dict) -> dict:
    """Two resolved versions and their ``compare.diff.diff_texts`` result, ready to show."""
    return {
        "a": {k: va[k] for k in ("id", "bill_id", "slug", "label")},
        "b": {k: vb[k] for k in ("id", "bill_id", "slug", "label")},
        "a_href": bill_url(va["bill_id"], va["slug"]),
        "b_href": bill_url(vb["bill_id"], vb["slug"]),
        "result": result,
        "entries": redline_entries(result),
    }


def redline_entries(result: dict, context: int = 200) -> list[dict]:
    """The redline per aligned section; long unchanged runs inside a changed one trimmed."""
    out = []
    for entry in result.get("redline", []):
        ops = entry["ops"]
        changed = entry["kind"] not in ("same", "renumbered") and any(
            op[0] != "equal" for op in ops
        )
        pieces = []
        for i, op in enumerate(ops):
            tag, text = op[0], op[1]
            if tag == "equal" and changed and len(text) > 3 * context:
                head = "" if i == 0 else text[:context]
                tail = "" if i == len(ops) - 1 else text[-context:]
                text = f"{head} … {tail}"
            pieces.append({"tag": tag, "text": text})
        out.append(
            {
                "old_citation": entry["old_citation"],
                "new_citation": entry["new_citation"],
                "kind": entry["kind"],
                "changed": changed,
                "ops": pieces,
            }
        )
    return out


def stored_scorecards(conn: sqlite3.Connection, va: str, vb: str, checklist) -> tuple:
    """The stored scorecards of two versions (None for one not scored under ``checklist``)."""
    return load_scorecard(conn, va, checklist), load_scorecard(conn, vb, checklist)
