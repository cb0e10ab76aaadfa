"""The matrix page: bills by checklist items, filtered, sorted and paged; and its CSV.

It reads ``matrix_rows``, the table ``billtracker publish`` builds
(``billtracker.publishing.matrix_table``), through its indexes; a database published
before that table existed gets a temporary copy on first use.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import sqlite3
import urllib.parse

from billtracker.publishing.matrix_table import TABLE, build_matrix
from billtracker.publishing.pages.views import (
    WebError,
    bill_url,
    categories,
    check_text_param,
    checklist_items,
    rows,
)

MATRIX_FILTERS = ("jurisdiction", "level", "session", "status")
PAGE_SIZE = 50
COLUMNS = {
    "jurisdiction": "jurisdiction_id",
    "level": "level",
    "session": "session",
    "status": "status",
}
FIELDS = (
    "bill_id as id, identifier, title, jurisdiction_id, jurisdiction, level, session, status, "
    "stage, version_id, slug, version_label, score, direction, on_topic, cells"
)


def matrix_page(conn: sqlite3.Connection, args: dict[str, str], *, everything=False) -> dict:
    """One page of bills (latest scored version) by checklist items, filtered and sorted.

    ``args``: ``jurisdiction``, ``level``, ``session``, ``status`` (exact values),
    ``sort`` (``score``, ``bill`` or an item id), ``desc`` (``1``/``0``), ``show``
    (``on_topic`` or ``all``) and ``page`` (from 1, :data:`PAGE_SIZE` bills a page).
    ``everything``: every matching bill on one page (the CSV).
    """
    ensure_matrix(conn)
    items = checklist_items(conn)
    item_ids = [i["id"] for i in items]
    filters = {k: check_text_param(k, args.get(k)) for k in MATRIX_FILTERS}
    sort, desc, show = _sort_args(args, item_ids)
    number = _page_number(args.get("page"))
    where, params = [], {}
    for key, value in filters.items():
        if value:
            where.append(f"{COLUMNS[key]} = :{key}")
            params[key] = value
    topic = ["on_topic = 1"] if show == "on_topic" else []
    clause = " and ".join(where + topic) or "1"
    total = conn.execute(f"select count(*) from {TABLE} where {clause}", params).fetchone()[0]
    pages = max(1, -(-total // PAGE_SIZE))
    if number > pages:
        raise WebError(404, f"There is no page {number}: the matrix has {pages} page(s)")
    limit = "" if everything else f"limit {PAGE_SIZE} offset {(number - 1) * PAGE_SIZE}"
    bills = rows(
        conn,
        f"select {FIELDS} from {TABLE} where {clause} order by {_order(sort, desc, item_ids)} {limit}",
        params,
    )
    for b in bills:
        version_href = bill_url(b["id"], b["slug"])
        b["cells"] = [
            {
                "item_id": i,
                "label": label,
                "citation": citation,
                "href": f"{version_href}#item-{i}",
            }
            for i, (label, citation) in zip(item_ids, json.loads(b["cells"]), strict=True)
        ]
        b["href"] = bill_url(b["id"])
        b["version_href"] = version_href
    hidden = 0
    if show == "on_topic":
        off = " and ".join(where + ["on_topic = 0"])
        hidden = conn.execute(f"select count(*) from {TABLE} where {off}", params).fetchone()[0]
    best = conn.execute(
        f"select jurisdiction, max(coalesce(score, 0)) from {TABLE} where {clause} "
        "group by jurisdiction order by 2 desc, 1",
        params,
    ).fetchall()
    return {
        "items": items,
        "categories": [{"category": c, "items": g} for c, g in categories(items)],
        "bills": bills,
        "total": total,
        "page": 1 if everything else number,
        "pages": 1 if everything else pages,
        "page_size": PAGE_SIZE,
        "filters": filters,
        "options": {key: _options(conn, key) for key in MATRIX_FILTERS},
        "sort": sort,
        "desc": desc,
        "show": show,
        "off_topic_hidden": hidden,
        "checklist_version": items[0]["checklist_version"] if items else None,
        "by_jurisdiction": [tuple(r) for r in best],
    }


def ensure_matrix(conn: sqlite3.Connection) -> None:
    """Build a temporary ``matrix_rows`` when the database was published without one."""
    found = conn.execute(
        "select 1 from sqlite_master where name = ? union all "
        "select 1 from sqlite_temp_master where name = ?",
        [TABLE, TABLE],
    ).fetchone()
    if not found:
        build_matrix(conn, schema="temp")


def _sort_args(args: dict, item_ids: list[str]) -> tuple[str, bool, str]:
    sort = check_text_param("sort", args.get("sort")) or "score"
    if sort not in ("score", "bill", *item_ids):
        raise WebError(400, f"Cannot sort by {sort!r}: use score, bill or a checklist item id")
    desc_arg = check_text_param("desc", args.get("desc"))
    if desc_arg not in ("", "0", "1"):
        raise WebError(400, "desc must be 0 or 1")
    desc = desc_arg != "0" if desc_arg else sort != "bill"
    show = check_text_param("show", args.get("show")) or "on_topic"
    if show not in ("on_topic", "all"):
        raise WebError(400, "show must be on_topic or all")
    return sort, desc, show


def _page_number(value: str | None) -> int:
    value = check_text_param("page", value) or "1"
    if not value.isdigit() or not 1 <= int(value) <= 100_000:
        raise WebError(400, f"page must be a whole number from 1, not {value!r}")
    return int(value)


def _order(sort: str, desc: bool, item_ids: list[str]) -> str:
    way, other = ("desc", "asc") if desc else ("asc", "desc")
    if sort == "bill":
        return f"bill_id {way}"
    if sort == "score":
        return f"score {way}, bill_id {other}"
    position = item_ids.index(sort) + 1
    return f"substr(ranks, {position}, 1) {way}, score {way}, bill_id {other}"


def _options(conn: sqlite3.Connection, key: str) -> list[str]:
    """The values a filter offers (distinct values, read from its index)."""
    column = COLUMNS[key]
    return [
        r[0]
        for r in conn.execute(
            f"select distinct {column} from {TABLE} where {column} is not null order by 1"
        )
    ]


@functools.lru_cache(maxsize=1024)
def _escape(value: str) -> str:
    return html.escape(value)


def cells_html(bill: dict) -> str:
    """A bill's row of cells as HTML (built here, not in Jinja: a page has ~3,000 cells).
    Absent cells have no evidence to link to, so they are plain text."""
    base = html.escape(bill["version_href"])
    out = []
    for c in bill["cells"]:
        item = _escape(c["item_id"])
        label = c["label"]
        mark = _review_mark(c.get("review"))
        if label == "absent":
            out.append(
                f'<td class="bt-absent" title="{item}: absent">–<i class="bt-visually">absent</i>'
                f"{mark}</td>"
            )
            continue
        label = _escape(label)
        cite = f" ({html.escape(c['citation'])})" if c["citation"] else ""
        out.append(
            f'<td><a href="{base}#item-{item}" class="bt-label bt-{label}" '
            f'title="{item}: {label}{cite}">{"full" if label == "full" else "part"}</a>{mark}</td>'
        )
    return "".join(out)


def _review_mark(review: dict | None) -> str:
    """The check mark of a label a person reviewed (issue 17), with who and when."""
    if not review:
        return ""
    who = html.escape(str(review.get("reviewer") or ""))
    when = html.escape(str(review.get("date") or ""))
    auto = (
        ""
        if review.get("agrees")
        else f" (automatic: {html.escape(str(review.get('automatic_label') or 'not scored'))})"
    )
    return (
        f'<span class="bt-check" title="reviewed by {who}, {when}{auto}">✓'
        f'<span class="bt-visually"> reviewed by {who}</span></span>'
    )


def matrix_csv(page: dict) -> str:
    """The matrix as CSV: one row per bill, one column per checklist item."""
    out = io.StringIO()
    writer = csv.writer(out)
    item_ids = [i["id"] for i in page["items"]]
    writer.writerow(
        ["bill_id", "identifier", "title", "jurisdiction_id", "level", "session", "status"]
        + ["stage", "version_id", "score", "direction", "on_topic", *item_ids]
    )
    for b in page["bills"]:
        writer.writerow(
            [b["id"], b["identifier"], b["title"], b["jurisdiction_id"], b["level"]]
            + [b["session"], b["status"], b["stage"], b["version_id"], b["score"]]
            + [b["direction"], b["on_topic"]]
            + [c["label"] for c in b["cells"]]
        )
    return out.getvalue()


def matrix_link(matrix: dict, /, **changes) -> str:
    """The matrix address with the current filters and sort, some of them changed
    (``page=`` goes to another page; any other change starts again at page 1)."""
    args = {k: v for k, v in matrix["filters"].items() if v}
    args.update(sort=matrix["sort"], desc="1" if matrix["desc"] else "0")
    if matrix.get("show") == "all":
        args["show"] = "all"
    args.update({k: v for k, v in changes.items() if v is not None})
    if str(args.get("page", "1")) == "1":
        args.pop("page", None)
    return "/matrix?" + urllib.parse.urlencode(args)
