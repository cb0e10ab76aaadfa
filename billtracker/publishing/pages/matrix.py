"""The matrix page: bills by checklist items, filtered and sorted; and its CSV."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import urllib.parse

from billtracker.publishing.pages.views import (
    LABEL_ORDER,
    WebError,
    bill_url,
    categories,
    check_text_param,
    checklist_items,
    rows,
)

MATRIX_FILTERS = ("jurisdiction", "level", "session", "status")
MATRIX_LIMIT = 2000


def matrix_page(conn: sqlite3.Connection, args: dict[str, str]) -> dict:
    """Bills (latest scored version) by checklist items, filtered and sorted.

    ``args``: ``jurisdiction``, ``level``, ``session``, ``status`` (exact values),
    ``sort`` (``score``, ``bill`` or an item id) and ``desc`` (``1``/``0``).
    """
    items = checklist_items(conn)
    cv = items[0]["checklist_version"] if items else None
    filters = {k: check_text_param(k, args.get(k)) for k in MATRIX_FILTERS}
    sort = check_text_param("sort", args.get("sort")) or "score"
    item_ids = [i["id"] for i in items]
    if sort not in ("score", "bill", *item_ids):
        raise WebError(400, f"Cannot sort by {sort!r}: use score, bill or a checklist item id")
    desc_arg = check_text_param("desc", args.get("desc"))
    if desc_arg not in ("", "0", "1"):
        raise WebError(400, "desc must be 0 or 1")
    desc = desc_arg != "0" if desc_arg else sort != "bill"
    show = check_text_param("show", args.get("show")) or "on_topic"
    if show not in ("on_topic", "all"):
        raise WebError(400, "show must be on_topic or all")
    where, params = ["l.checklist_version = :cv"], {"cv": cv}
    if show == "on_topic":
        where.append("coalesce(l.on_topic, 1) = 1")
    columns = {
        "jurisdiction": "b.jurisdiction_id",
        "level": "j.level",
        "session": "b.session",
        "status": "b.status",
    }
    for key, value in filters.items():
        if value:
            where.append(f"{columns[key]} = :{key}")
            params[key] = value
    bills = rows(
        conn,
        f"""select b.id, b.identifier, b.title, b.jurisdiction_id, j.name as jurisdiction,
              j.level, b.session, b.status, l.version_id, l.slug, l.version_label, l.score,
              l.direction, l.on_topic
            from latest_scored_versions l
            join bills b on b.id = l.bill_id
            left join jurisdictions j on j.id = b.jurisdiction_id
            where {" and ".join(where)}
            order by b.id
            limit {MATRIX_LIMIT + 1}""",
        params,
    )
    truncated = len(bills) > MATRIX_LIMIT
    bills = bills[:MATRIX_LIMIT]
    labels: dict[str, dict[str, dict]] = {}
    if bills:
        ids = json.dumps([b["version_id"] for b in bills])
        for r in rows(
            conn,
            "select version_id, item_id, label, citation from scores "
            "where checklist_version = ? and version_id in (select value from json_each(?))",
            [cv, ids],
        ):
            labels.setdefault(r["version_id"], {})[r["item_id"]] = r
    for b in bills:
        found = labels.get(b["version_id"], {})
        b["cells"] = [
            {
                "item_id": i,
                "label": (found.get(i) or {}).get("label", "absent"),
                "citation": (found.get(i) or {}).get("citation"),
                "href": bill_url(b["id"], b["slug"], f"item-{i}"),
            }
            for i in item_ids
        ]
        b["href"] = bill_url(b["id"])
    bills.sort(key=_matrix_key(sort, item_ids), reverse=desc)
    options = {
        key: [
            r[0]
            for r in conn.execute(
                f"select distinct {columns[key]} from bills b "
                "left join jurisdictions j on j.id = b.jurisdiction_id "
                f"where {columns[key]} is not null order by 1"
            ).fetchall()
        ]
        for key in MATRIX_FILTERS
    }
    best: dict[str, float] = {}
    for b in bills:
        key = b["jurisdiction"] or b["jurisdiction_id"]
        best[key] = max(best.get(key, 0.0), b["score"] or 0.0)
    return {
        "items": items,
        "categories": [{"category": c, "items": g} for c, g in categories(items)],
        "bills": bills,
        "truncated": truncated,
        "filters": filters,
        "options": options,
        "sort": sort,
        "desc": desc,
        "show": show,
        "off_topic_hidden": _off_topic_count(conn, cv) if show == "on_topic" else 0,
        "checklist_version": cv,
        "by_jurisdiction": sorted(best.items(), key=lambda kv: (-kv[1], kv[0])),
    }


def _off_topic_count(conn: sqlite3.Connection, cv: str | None) -> int:
    """How many scored bills the on-topic view leaves out."""
    return conn.execute(
        "select count(*) from latest_scored_versions where checklist_version = ? and on_topic = 0",
        [cv],
    ).fetchone()[0]


def _matrix_key(sort: str, item_ids: list[str]):
    if sort == "bill":
        return lambda b: b["id"]
    if sort == "score":
        return lambda b: (b["score"] or 0.0, b["id"])
    index = item_ids.index(sort)
    return lambda b: (LABEL_ORDER.get(b["cells"][index]["label"], -1), b["score"] or 0.0)


def matrix_csv(page: dict) -> str:
    """The matrix as CSV: one row per bill, one column per checklist item."""
    out = io.StringIO()
    writer = csv.writer(out)
    item_ids = [i["id"] for i in page["items"]]
    writer.writerow(
        ["bill_id", "identifier", "title", "jurisdiction_id", "level", "session", "status"]
        + ["version_id", "score", "direction", "on_topic", *item_ids]
    )
    for b in page["bills"]:
        writer.writerow(
            [b["id"], b["identifier"], b["title"], b["jurisdiction_id"], b["level"]]
            + [b["session"], b["status"], b["version_id"], b["score"], b["direction"]]
            + [b["on_topic"]]
            + [c["label"] for c in b["cells"]]
        )
    return out.getvalue()


def matrix_link(page: dict, **changes) -> str:
    """The matrix address with the current filters and sort, some of them changed."""
    args = {k: v for k, v in page["filters"].items() if v}
    args.update(sort=page["sort"], desc="1" if page["desc"] else "0")
    if page.get("show") == "all":
        args["show"] = "all"
    args.update({k: v for k, v in changes.items() if v is not None})
    return "/matrix?" + urllib.parse.urlencode(args)
