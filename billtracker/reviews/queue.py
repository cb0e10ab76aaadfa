"""The review queue: the labels of each bill's latest scored version most worth a person's time.

A label enters the queue for any of these reasons, each adding to its priority:

- ``recheck``: a person reviewed it, and the comparator's label has changed since;
- ``low confidence``: the comparator's confidence is under ``LOW_CONFIDENCE``;
- ``changed``: the label changed in this version (``version_diffs.item_changes``);
- ``conflict``: its readings conflict: another provision permits what it limits, or an
  exception hollows it (``weakened`` in ``scores.explanation``);
- ``watch list``: the bill is one ``data/sources.yml`` names.

Labels a person has reviewed (and that need no re-check) leave the queue.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.parse

from billtracker.publishing.pages.views import bill_url, check_text_param, checklist_version, rows

LOW_CONFIDENCE = 0.7
WEIGHTS = {"recheck": 4.0, "conflict": 2.0, "changed": 1.5, "low confidence": 1.0, "watched": 0.5}
QUEUE_LIMIT = 200


def watch_list(sources: dict) -> set[str]:
    """The ids of the bills ``data/sources.yml`` names (``{jurisdiction}/{session}/{identifier}``)."""
    out = set()
    for source in (sources.get("sources") or {}).values():
        for b in source.get("bills") or []:
            if source.get("jurisdiction") and b.get("session") and b.get("identifier"):
                out.add(f"{source['jurisdiction']}/{b['session']}/{b['identifier']}")
    return out


def changed_items(conn: sqlite3.Connection, version_ids: list[str]) -> set[tuple[str, str]]:
    """(version, item) pairs whose label changed from the version before."""
    found = set()
    for r in rows(
        conn,
        "select to_version, item_changes from version_diffs "
        "where to_version in (select value from json_each(?))",
        [json.dumps(version_ids)],
    ):
        for change in json.loads(r["item_changes"] or "[]"):
            if change.get("from") != change.get("to"):
                found.add((r["to_version"], change.get("id")))
    return found


def review_queue(
    conn: sqlite3.Connection,
    reviews: list[dict],
    watched: set[str],
    args: dict[str, str | None],
) -> dict:
    """The queue, highest priority first; ``args``: ``jurisdiction`` and ``item`` filters."""
    jurisdiction = check_text_param("jurisdiction", args.get("jurisdiction"))
    item = check_text_param("item", args.get("item"))
    cv = checklist_version(conn)
    where, params = ["s.checklist_version = :cv"], {"cv": cv}
    if jurisdiction:
        where.append("b.jurisdiction_id = :jurisdiction")
        params["jurisdiction"] = jurisdiction
    if item:
        where.append("s.item_id = :item")
        params["item"] = item
    candidates = rows(
        conn,
        f"""select b.id as bill_id, b.identifier, b.jurisdiction_id, b.session, l.version_id,
              l.slug, l.version_label, s.item_id, c.title as item_title, s.label, s.confidence,
              s.citation, s.quote, json_extract(s.explanation, '$.weakened') as weakened,
              json_extract(s.explanation, '$.rule') as rule
            from latest_scored_versions l
            join bills b on b.id = l.bill_id
            join scores s on s.version_id = l.version_id
            join checklist_items c on c.id = s.item_id
            where {" and ".join(where)}""",
        params,
    )
    changed = changed_items(conn, sorted({c["version_id"] for c in candidates}))
    reviewed = {(r["version_id"], r["item_id"]): r for r in reviews}
    queue = []
    for c in candidates:
        key = (c["version_id"], c["item_id"])
        review = reviewed.get(key)
        reasons = []
        if review is not None:
            if review["from_label"] == c["label"]:
                continue  # reviewed, and the comparator has not changed its mind since
            reasons.append("recheck")
        if c["confidence"] is not None and c["confidence"] < LOW_CONFIDENCE:
            reasons.append("low confidence")
        if key in changed:
            reasons.append("changed")
        if c["weakened"]:
            reasons.append("conflict")
        if c["bill_id"] in watched and c["label"] != "absent":
            reasons.append("watched")
        if not reasons:
            continue
        c["reasons"] = reasons
        c["priority"] = round(
            sum(WEIGHTS[r] for r in reasons) + (1 - (c["confidence"] or 0)) / 2, 3
        )
        c["href"] = bill_url(c["bill_id"], c["slug"], f"item-{c['item_id']}")
        c["review_href"] = review_href(c["version_id"], c["item_id"])
        queue.append(c)
    queue.sort(key=lambda c: (-c["priority"], c["bill_id"], c["item_id"]))
    options = {
        "jurisdiction": [r[0] for r in conn.execute("select id from jurisdictions order by id")],
        "item": rows(conn, "select id, title from checklist_items order by rowid"),
    }
    return {
        "entries": queue[:QUEUE_LIMIT],
        "total": len(queue),
        "truncated": len(queue) > QUEUE_LIMIT,
        "filters": {"jurisdiction": jurisdiction, "item": item},
        "options": options,
        "checklist_version": cv,
    }


def review_href(version_id: str, item_id: str) -> str:
    """The address of the review form of one label."""
    return "/review/label?" + urllib.parse.urlencode({"version": version_id, "item": item_id})
