"""The search page: full-text search over bills, versions and sections, with snippets."""

from __future__ import annotations

import html
import sqlite3

from datasette.utils import escape_fts

from billtracker.publishing.pages.views import (
    bill_url,
    check_text_param,
    has_table,
    rows,
    section_anchor,
)

SEARCH_LIMIT = 20
MAX_QUERY_CHARS = 500
MARK_START, MARK_END = "\x02", "\x03"


def fts_query(q: str) -> str:
    """A user's words as a safe FTS5 query: each word or "quoted phrase" quoted, as
    Datasette quotes its own searches (``datasette.utils.escape_fts``)."""
    return escape_fts(q.strip()) if q.strip() else ""


def highlight(snippet: str | None) -> str:
    """An FTS snippet (markers ``\\x02``/``\\x03``) as escaped HTML with ``<mark>``."""
    escaped = html.escape(snippet or "")
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def search_page(conn: sqlite3.Connection, q: str | None, limit: int = SEARCH_LIMIT) -> dict:
    """Bills, versions and sections matching ``q``, best first, with highlighted snippets."""
    q = check_text_param("q", q, limit=MAX_QUERY_CHARS)
    page = {"q": q, "bills": [], "versions": [], "sections": [], "available": True}
    match = fts_query(q)
    if not match:
        return page
    if not all(has_table(conn, f"{t}_fts") for t in ("bills", "versions", "sections")):
        page["available"] = False
        return page
    snip = f"char({ord(MARK_START)}), char({ord(MARK_END)}), '…'"
    page["bills"] = rows(
        conn,
        f"""select b.id, b.identifier, b.title, b.jurisdiction_id, b.session, b.status,
              snippet(bills_fts, 1, {snip}, 20) as snippet
            from bills_fts join bills b on b.rowid = bills_fts.rowid
            where bills_fts match ? order by rank limit ?""",
        [match, limit],
    )
    page["versions"] = rows(
        conn,
        f"""select v.id, v.bill_id, v.slug, v.label, v.date, b.identifier, b.title,
              snippet(versions_fts, 1, {snip}, 24) as snippet
            from versions_fts join versions v on v.rowid = versions_fts.rowid
            join bills b on b.id = v.bill_id
            where versions_fts match ? order by rank limit ?""",
        [match, limit],
    )
    page["sections"] = rows(
        conn,
        f"""select s.id, s.ordinal, s.citation, s.heading, v.bill_id, v.slug, v.label,
              b.identifier, snippet(sections_fts, 2, {snip}, 24) as snippet
            from sections_fts join sections s on s.rowid = sections_fts.rowid
            join versions v on v.id = s.version_id join bills b on b.id = v.bill_id
            where sections_fts match ? order by rank limit ?""",
        [match, limit],
    )
    for r in page["bills"]:
        r["href"] = bill_url(r["id"])
    for r in page["versions"]:
        r["href"] = bill_url(r["bill_id"], r["slug"])
    for r in page["sections"]:
        r["href"] = bill_url(r["bill_id"], r["slug"], section_anchor(r["ordinal"]))
    for group in ("bills", "versions", "sections"):
        for r in page[group]:
            r["snippet_html"] = highlight(r.pop("snippet"))
    return page
