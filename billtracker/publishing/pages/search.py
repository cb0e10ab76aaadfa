"""The search page: full-text search over bills, versions and sections, with snippets,
filters (jurisdiction, level, session) and pages of results.

The query syntax (``fts_query``) is a small, checked subset turned into SQLite FTS5:
words are all required; ``"a phrase"`` matches the words in order; ``OR`` between two
words or phrases matches either; ``-word`` (or ``-"a phrase"``) leaves out texts that
hold it; ``word*`` matches words that start so. Anything else is plain words.
"""

from __future__ import annotations

import html
import re
import sqlite3
import urllib.parse

from billtracker.publishing.pages.views import (
    WebError,
    bill_url,
    check_text_param,
    has_table,
    rows,
    section_anchor,
)

SEARCH_LIMIT = 20
MAX_QUERY_CHARS = 500
MAX_PAGE = 500
MARK_START, MARK_END = "\x02", "\x03"
SEARCH_FILTERS = ("jurisdiction", "level", "session")
FILTER_COLUMNS = {"jurisdiction": "b.jurisdiction_id", "level": "j.level", "session": "b.session"}
TOKENS = re.compile(r'(-?)"([^"]*)"|(\S+)')
SYNTAX = (
    'Every word must appear. "judicial warrant" finds the phrase; detainer OR hold finds '
    "either; -federal leaves out texts with that word; sanctu* finds words that start so."
)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)


def fts_query(q: str) -> str:
    """The user's query as an FTS5 expression, or ``""`` when empty; ``WebError(400)``
    when it cannot be read (an unbalanced quote, a dangling OR, only -words)."""
    if q.count('"') % 2:
        raise WebError(
            400, 'The query has an unbalanced quote ("): close the phrase or drop the quote'
        )
    clauses: list[list[str]] = []
    excluded: list[str] = []
    joining = False
    for minus, phrase, word in TOKENS.findall(q.strip()):
        if word == "OR":
            if not clauses or joining:
                raise WebError(
                    400, "OR needs a word or phrase on each side, as in: detainer OR hold"
                )
            joining = True
            continue
        if word == "AND":
            continue
        negative = bool(minus) or (word.startswith("-") and len(word) > 1)
        words = _words(phrase if phrase or minus else word)
        if not words:
            continue
        term = '"' + " ".join(words) + '"' + ("*" if word.endswith("*") else "")
        if negative:
            excluded.append(term)
        elif joining:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        joining = False
    if joining:
        raise WebError(400, "OR needs a word or phrase on each side, as in: detainer OR hold")
    if not clauses:
        if excluded:
            raise WebError(400, "Add a word to find: a query of only -words matches nothing")
        return ""
    found = " AND ".join(f"({' OR '.join(c)})" if len(c) > 1 else c[0] for c in clauses)
    return f"({found})" + "".join(f" NOT {t}" for t in excluded)


def highlight(snippet: str | None) -> str:
    """An FTS snippet (markers ``\\x02``/``\\x03``) as escaped HTML with ``<mark>``."""
    escaped = html.escape(snippet or "")
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def search_page(conn: sqlite3.Connection, args: dict | str | None) -> dict:
    """Bills, versions and sections matching ``args["q"]``, best first, with highlighted
    snippets; filtered by ``jurisdiction``, ``level``, ``session``; ``page`` from 1."""
    args = args if isinstance(args, dict) else {"q": args}
    q = check_text_param("q", args.get("q"), limit=MAX_QUERY_CHARS)
    filters = {k: check_text_param(k, args.get(k)) for k in SEARCH_FILTERS}
    number = _page_number(args.get("page"))
    page = {
        "q": q,
        "filters": filters,
        "page": number,
        "bills": [],
        "versions": [],
        "sections": [],
        "more": False,
        "available": True,
        "syntax": SYNTAX,
        "options": _options(conn),
    }
    match = fts_query(q)
    if not match:
        return page
    if not all(has_table(conn, f"{t}_fts") for t in ("bills", "versions", "sections")):
        page["available"] = False
        return page
    where = "".join(f" and {FILTER_COLUMNS[k]} = :{k}" for k, v in filters.items() if v)
    params = {
        "match": match,
        "limit": SEARCH_LIMIT + 1,
        "offset": (number - 1) * SEARCH_LIMIT,
        **{k: v for k, v in filters.items() if v},
    }
    snip = f"char({ord(MARK_START)}), char({ord(MARK_END)}), '…'"
    place = "b.jurisdiction_id, coalesce(j.name, b.jurisdiction_id) as jurisdiction, b.session"
    joins = (
        "join bills b on b.id = {}.bill_id left join jurisdictions j on j.id = b.jurisdiction_id"
    )
    queries = {
        "bills": f"""select b.id, b.identifier, b.title, b.status, {place},
              snippet(bills_fts, 1, {snip}, 20) as snippet
            from bills_fts join bills b on b.rowid = bills_fts.rowid
            left join jurisdictions j on j.id = b.jurisdiction_id
            where bills_fts match :match{where} order by rank limit :limit offset :offset""",
        "versions": f"""select v.id, v.bill_id, v.slug, v.label, v.date, b.identifier, b.title,
              {place}, snippet(versions_fts, 1, {snip}, 24) as snippet
            from versions_fts join versions v on v.rowid = versions_fts.rowid {joins.format("v")}
            where versions_fts match :match{where} order by rank limit :limit offset :offset""",
        "sections": f"""select s.id, s.ordinal, s.citation, s.heading, v.bill_id, v.slug, v.label,
              b.identifier, {place}, snippet(sections_fts, 2, {snip}, 24) as snippet
            from sections_fts join sections s on s.rowid = sections_fts.rowid
            join versions v on v.id = s.version_id {joins.format("v")}
            where sections_fts match :match{where} order by rank limit :limit offset :offset""",
    }
    try:
        for group, sql in queries.items():
            found = rows(conn, sql, params)
            page["more"] = page["more"] or len(found) > SEARCH_LIMIT
            page[group] = found[:SEARCH_LIMIT]
    except sqlite3.OperationalError as ex:
        if "fts5" not in str(ex) and "syntax" not in str(ex):
            raise
        raise WebError(
            400, f"The query cannot be read ({ex}): use words, quotes, OR and -word"
        ) from None
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


def _page_number(value: str | None) -> int:
    value = check_text_param("page", value) or "1"
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE:
        raise WebError(400, f"page must be a whole number from 1 to {MAX_PAGE}, not {value!r}")
    return int(value)


def _options(conn: sqlite3.Connection) -> dict[str, list]:
    """The values the filters offer: jurisdictions (id and name), levels and sessions."""
    return {
        "jurisdiction": [
            tuple(r) for r in conn.execute("select id, name from jurisdictions order by name")
        ],
        "level": [
            r[0]
            for r in conn.execute(
                "select distinct level from jurisdictions where level is not null order by 1"
            )
        ],
        "session": [
            r[0]
            for r in conn.execute(
                "select distinct session from bills where session is not null order by 1 desc"
            )
        ],
    }


def search_link(search: dict, /, **changes) -> str:
    """The search address with the current query and filters, some of them changed."""
    args = {"q": search["q"], **{k: v for k, v in search["filters"].items() if v}}
    args.update({k: v for k, v in changes.items() if v is not None})
    if str(args.get("page", "1")) == "1":
        args.pop("page", None)
    return "/search?" + urllib.parse.urlencode(args)
