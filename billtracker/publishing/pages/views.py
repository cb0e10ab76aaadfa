"""Shared view-models of the web pages: reads, links, parameters and errors.

Each page module in this package is a pure function from a ``sqlite3.Connection`` to
the published database (through Datasette's ``execute_fn``) and the request's
arguments to a dict a template renders (or the JSON of the page). Errors a visitor
can cause raise ``WebError`` with an HTTP status and a one-line message.
"""

from __future__ import annotations

import sqlite3
import urllib.parse
from collections.abc import Iterable

LABEL_ORDER = {"full": 2, "partial": 1, "absent": 0}
LABEL_SHORT = {"full": "full", "partial": "part", "absent": "–"}
# a version's direction (``compare.score.direction``) in words, wherever a score is shown
DIRECTION_WORDS = {
    "protective": "protective: limits cooperation with immigration enforcement",
    "restrictive": "restrictive: mandates cooperation with immigration enforcement",
    "mixed": "mixed: limits some cooperation, mandates or permits other",
    "none": "no checklist item",
}


class WebError(Exception):
    """A request the pages cannot serve: ``status`` (4xx) and a one-line message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


# -- shared reads -----------------------------------------------------------------------


def rows(conn: sqlite3.Connection, sql: str, params: Iterable | dict = ()) -> list[dict]:
    """Rows of a query as dicts (``params`` a sequence, or a dict for named parameters)."""
    cursor = conn.execute(sql, params if isinstance(params, dict) else list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """True when the database holds a table (or virtual table) of that name."""
    found = conn.execute(
        "select 1 from sqlite_master where type = 'table' and name = ?", [name]
    ).fetchone()
    return found is not None


def checklist_items(conn: sqlite3.Connection) -> list[dict]:
    """The published checklist items, in checklist order."""
    return rows(
        conn,
        "select id, category, title, description, polarity, weight, checklist_version "
        "from checklist_items order by rowid",
    )


def checklist_version(conn: sqlite3.Connection) -> str | None:
    """The checklist version the published items come from."""
    found = conn.execute("select checklist_version from checklist_items limit 1").fetchone()
    return found[0] if found else None


def categories(items: list[dict]) -> list[tuple[str, list[dict]]]:
    """Items grouped by category, categories in order of first appearance."""
    groups: dict[str, list[dict]] = {}
    for item in items:
        groups.setdefault(item["category"], []).append(item)
    return list(groups.items())


def bill_url(bill_id: str, version_slug: str | None = None, anchor: str | None = None) -> str:
    """The address of a bill page (optionally one version and an anchor in it)."""
    url = "/bill/" + urllib.parse.quote(bill_id, safe="/@-_.")
    if version_slug:
        url += "?" + urllib.parse.urlencode({"version": version_slug})
    return url + (f"#{anchor}" if anchor else "")


def section_anchor(ordinal: int) -> str:
    """The id of a section in a bill page's text."""
    return f"sec-{ordinal}"


def check_text_param(name: str, value: str | None, *, limit: int = 300) -> str:
    """A query-string value stripped, refused when too long or holding control characters."""
    value = (value or "").strip()
    if len(value) > limit:
        raise WebError(400, f"{name} is too long (at most {limit} characters)")
    if any(ord(c) < 32 for c in value):
        raise WebError(400, f"{name} holds control characters")
    return value


def scorecard_groups(items: list[dict], judged: dict[str, dict], evidence) -> list[dict]:
    """The checklist items grouped by category, each with its judgement: ``label`` ("not
    scored" when missing), ``confidence``, ``evidence`` (each made by ``evidence(item_id,
    e)``) and ``explanation`` when the judgement has one. ``judged`` holds judgements by
    item id, as ``analysis.scorecards.judgement_dict`` makes them: one shape for the bill
    and draft pages."""
    groups = []
    for category, group in categories(items):
        entries = []
        for item in group:
            j = judged.get(item["id"]) or {}
            entry = {
                **item,
                "label": j.get("label", "not scored"),
                "confidence": j.get("confidence"),
                "evidence": [evidence(item["id"], e) for e in j.get("evidence", [])],
            }
            if "explanation" in j:
                entry["explanation"] = j["explanation"] or None
                entry["weakened"] = bool((j["explanation"] or {}).get("weakened"))
            entry["readings"] = [r.get("text", "") for r in j.get("readings") or []]
            entries.append(entry)
        groups.append({"category": category, "items": entries})
    return groups
