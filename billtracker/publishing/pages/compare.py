"""The compare page: two versions (or bills: their latest versions) and their redline."""

from __future__ import annotations

import sqlite3

from billtracker import storage
from billtracker.analysis.redline import redline_view
from billtracker.analysis.scorecards import load_scorecard, stored_judgements
from billtracker.publishing.pages.views import (
    DIRECTION_WORDS,
    WebError,
    bill_url,
    check_text_param,
    checklist_items,
)


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


def compare_page(va: dict, vb: dict, result: dict, sides: dict | None = None) -> dict:
    """Two resolved versions and their ``compare.diff.diff_texts`` result, ready to show;
    for two different bills also ``side_by_side`` (``sides``) and only the redline of
    aligned sections (a section of one matched to a section of the other)."""
    two_bills = va["bill_id"] != vb["bill_id"]
    entries = redline_view(result)
    if two_bills:
        entries = [e for e in entries if e["old_citation"] and e["new_citation"]]
    return {
        "two_bills": two_bills,
        "side_by_side": sides,
        "a": {k: va[k] for k in ("id", "bill_id", "slug", "label")},
        "b": {k: vb[k] for k in ("id", "bill_id", "slug", "label")},
        "a_href": bill_url(va["bill_id"], va["slug"]),
        "b_href": bill_url(vb["bill_id"], vb["slug"]),
        "result": result,
        "entries": entries,
    }


def matching_ids(conn: sqlite3.Connection, q: str | None, limit: int = 20) -> list[dict]:
    """Bill and version ids starting with (or bill identifiers equal to) what was typed,
    for the compare form's type-ahead."""
    q = check_text_param("q", q, limit=100)
    if len(q) < 2:
        return []
    like = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    found = conn.execute(
        "select id, title from bills where id like ? escape '\\' or identifier like ? "
        "escape '\\' order by id limit ?",
        [like, like, limit],
    ).fetchall()
    versions = conn.execute(
        "select v.id, coalesce(v.label, v.slug) from versions v where v.id like ? escape '\\' "
        "or v.bill_id in (select id from bills where id like ? escape '\\' "
        "or identifier like ? escape '\\') order by v.id limit ?",
        [like, like, like, limit],
    ).fetchall()
    return [{"id": i, "text": t or ""} for i, t in [*found, *versions]][: limit * 2]


def side_by_side(conn: sqlite3.Connection, va: dict, vb: dict) -> dict:
    """Two different bills' scorecards item by item: what each enacts that the other
    lacks, what both enact, each with its label and quotes; and each one's direction."""
    items = checklist_items(conn)
    cv = items[0]["checklist_version"] if items else None
    sides = {}
    for name, v in (("a", va), ("b", vb)):
        found = conn.execute(
            "select score, direction, on_topic from version_scores "
            "where version_id = ? and checklist_version = ?",
            [v["id"], cv],
        ).fetchone()
        score, direction, on_topic = found or (None, None, None)
        sides[name] = {
            "judged": stored_judgements(conn, v["id"], cv),
            "score": score,
            "direction": direction,
            "direction_words": DIRECTION_WORDS.get(direction or "", "not scored"),
            "on_topic": on_topic,
        }
    groups = {"only_a": [], "only_b": [], "both": []}
    for item in items:
        cells = {}
        for name, v in (("a", va), ("b", vb)):
            j = sides[name]["judged"].get(item["id"]) or {}
            cells[name] = {
                "label": j.get("label", "absent"),
                "quotes": [e["quote"] for e in j.get("evidence", [])][:2],
                "readings": [r.get("text", "") for r in j.get("readings") or []][:1],
                "href": bill_url(v["bill_id"], v["slug"], f"item-{item['id']}"),
            }
        has_a, has_b = (cells[n]["label"] != "absent" for n in ("a", "b"))
        if has_a or has_b:
            key = "both" if has_a and has_b else ("only_a" if has_a else "only_b")
            groups[key].append({"item": item, **cells})
    for side in sides.values():
        del side["judged"]
    return {"sides": sides, "groups": groups}
