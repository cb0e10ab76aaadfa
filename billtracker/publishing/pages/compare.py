"""The compare page: two versions (or bills: their latest versions) and their redline."""

from __future__ import annotations

import sqlite3

from billtracker import storage
from billtracker.analysis.redline import redline_view
from billtracker.analysis.scorecards import load_scorecard
from billtracker.publishing.pages.views import WebError, bill_url, check_text_param


def resolve_version(conn: sqlite3.Connection, ref: str, name: str) -> dict:
    """A version by id, or a bill's latest version by bill id; never a file path."""
    ref = check_text_param(name, ref)
    if not ref:
        raise WebError(400, f"Give {name}= a version id (bill@version) or a bill id")
    found = storage.find_version(conn, ref)
    if not found:
        raise WebError(404, f"{name}={ref!r} is neither a version id nor a bill id")
    return found


def stored_scorecards(conn: sqlite3.Connection, va: str, vb: str, checklist) -> tuple:
    """The stored scorecards of two versions (None for one not scored under ``checklist``)."""
    return load_scorecard(conn, va, checklist), load_scorecard(conn, vb, checklist)


def compare_page(va: dict, vb: dict, result: dict) -> dict:
    """Two resolved versions and their ``compare.diff.diff_texts`` result, ready to show."""
    return {
        "a": {k: va[k] for k in ("id", "bill_id", "slug", "label")},
        "b": {k: vb[k] for k in ("id", "bill_id", "slug", "label")},
        "a_href": bill_url(va["bill_id"], va["slug"]),
        "b_href": bill_url(vb["bill_id"], vb["slug"]),
        "result": result,
        "entries": redline_view(result),
    }
