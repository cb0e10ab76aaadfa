"""Every write to the working database: bills, versions, actions, changes, scores, runs.

Versions are append-only and keyed by a hash of their normalised text: storing a
text a bill already has adds nothing; a changed text adds a new version and never
overwrites an earlier one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from .schema import now, text_hash


def save_jurisdiction(db, id: str, name: str, level: str = "state", state: str | None = None):
    """Insert or update one jurisdiction."""
    db.table("jurisdictions").upsert(
        {
            "id": id,
            "name": name,
            "level": level,
            "state": state or (id if level == "state" else None),
        },
        pk="id",
    )


def save_bill(db, bill: dict) -> bool:
    """Insert a bill or update its mutable fields; returns True when the bill is new."""
    table = db.table("bills")
    existing = db.execute("select 1 from bills where id = ?", [bill["id"]]).fetchone()
    record = {k: v for k, v in bill.items() if v is not None}
    record["updated"] = now()
    if existing:
        table.update(bill["id"], record)
        return False
    record.setdefault("first_seen", record["updated"])
    table.insert(record, pk="id")
    return True


def add_version(db, version: dict) -> str | None:
    """Store a version unless the bill already has this text; returns the new id or None.

    ``version`` needs ``bill_id``, ``slug`` and ``text``. Its id is
    ``{bill_id}@{slug}``; a different text arriving under a slug already taken
    gets ``{bill_id}@{slug}-2`` (then ``-3``...), so nothing is overwritten.
    """
    text = version["text"]
    digest = text_hash(text)
    bill_id = version["bill_id"]
    if db.execute(
        "select 1 from versions where bill_id = ? and text_hash = ?", [bill_id, digest]
    ).fetchone():
        return None
    base = f"{bill_id}@{version['slug']}"
    version_id, n = base, 1
    while db.execute("select 1 from versions where id = ?", [version_id]).fetchone():
        n += 1
        version_id = f"{base}-{n}"
    ordinal = version.get("ordinal")
    if ordinal is None:
        ordinal = db.execute(
            "select coalesce(max(ordinal), 0) + 1 from versions where bill_id = ?", [bill_id]
        ).fetchone()[0]
    record = dict(version)
    record.update(
        id=version_id,
        text_hash=digest,
        chars=len(text),
        ordinal=ordinal,
        fetched_at=version.get("fetched_at") or now(),
    )
    db.table("versions").insert(record, pk="id")
    return version_id


def add_actions(db, bill_id: str, actions: Iterable[dict]) -> int:
    """Store a bill's actions, ignoring ones already stored; returns how many were new."""
    before = db.execute("select count(*) from actions where bill_id = ?", [bill_id]).fetchone()[0]
    rows = [dict(a, bill_id=bill_id) for a in actions]
    if rows:
        # no pk= here: sqlite-utils looks up the pk of an ignored single row and fails
        db.table("actions").insert_all(rows, ignore=True)
    after = db.execute("select count(*) from actions where bill_id = ?", [bill_id]).fetchone()[0]
    return after - before


def add_sponsors(db, bill_id: str, sponsors: Iterable[dict]) -> None:
    """Store a bill's sponsors, ignoring ones already stored."""
    rows = [dict(s, bill_id=bill_id) for s in sponsors]
    if rows:
        db.table("sponsors").insert_all(rows, ignore=True)


# The columns that identify a row of a bill's list (as the source gives it).
LIST_KEYS = {"actions": ("date", "description"), "sponsors": ("name", "role")}


def keep_current(db, table: str, bill_id: str, current: set[tuple]) -> int:
    """Make a bill's ``actions`` or ``sponsors`` the source's current list: delete the rows
    it no longer gives (their history stays in ``changes``); returns how many went."""
    first, second = LIST_KEYS[table]
    stale = [
        row_id
        for row_id, a, b in db.execute(
            f"select id, {first}, {second} from {table} where bill_id = ?", [bill_id]
        )
        if (a, b) not in current
    ]
    if stale:
        with db.atomic():
            db.execute(f"delete from {table} where id in ({','.join('?' * len(stale))})", stale)
    return len(stale)


def record_change(
    db, *, bill_id: str, kind: str, detail: str, version_id=None, item_id=None, at=None
):
    """Record one change users should hear about, once (keyed on its content)."""
    key = "|".join(str(x) for x in (bill_id, version_id, kind, item_id, detail))
    with db.atomic():
        db.execute(
            "insert or ignore into changes (at, bill_id, version_id, kind, item_id, detail, key) "
            "values (?, ?, ?, ?, ?, ?, ?)",
            [
                at or now(),
                bill_id,
                version_id,
                kind,
                item_id,
                detail,
                hashlib.sha1(key.encode()).hexdigest(),
            ],
        )


def save_checklist(db, checklist) -> None:
    """Store the checklist items (from ``compare.Checklist``) with their version."""
    db.table("checklist_items").upsert_all(
        [
            {
                "id": item.id,
                "category": item.category,
                "title": item.title,
                "description": item.description,
                "polarity": item.polarity,
                "weight": item.weight,
                "checklist_version": checklist.version,
            }
            for item in checklist.items
        ],
        pk="id",
    )


def as_json(value) -> str:
    """Compact JSON for a TEXT column."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def save_related(db, record: dict) -> None:
    """Store one link between bills (``related_bills``)."""
    db.table("related_bills").insert(record)


def write_scores(db, version_id: str, card: dict, sections, when: str | None = None) -> None:
    """Store one version's sections, item scores and overall score (replacing earlier ones).

    ``card`` is ``billtracker.analysis.scorecards.scorecard_dict(..., explain=True,
    offsets=True)``; ``sections`` the text's ``compare.sections``. Inside an
    outer ``db.atomic()`` many versions share one transaction.
    """
    with db.atomic():
        _write_scores(db.conn, version_id, card, sections, when or now())


def _write_scores(conn, version_id: str, card: dict, sections, when: str) -> None:
    cv = card["checklist_version"]
    conn.execute("delete from sections where version_id = ?", [version_id])
    conn.executemany(
        "insert into sections (id, version_id, ordinal, citation, heading, text, start, end) "
        "values (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (f"{version_id}#{s.ordinal}", version_id, s.ordinal, s.citation, s.heading, s.text)
            + (s.start, s.end)
            for s in sections
        ],
    )
    conn.executemany(
        "insert or replace into scores (version_id, item_id, checklist_version, label, "
        "confidence, section_id, citation, quote, evidence, explanation, scored_at) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [_score_row(version_id, item, cv, when) for item in card["items"]],
    )
    conn.execute(
        "insert or replace into version_scores (version_id, checklist_version, score, "
        "categories, warnings, direction, scored_at) values (?, ?, ?, ?, ?, ?, ?)",
        [
            version_id,
            cv,
            card["score"],
            as_json(card["categories"]),
            as_json(card.get("warnings", [])),
            card.get("direction"),
            when,
        ],
    )


def _score_row(version_id: str, item: dict, checklist_version: str, when: str) -> tuple:
    first = item["evidence"][0] if item["evidence"] else None
    return (
        version_id,
        item["id"],
        checklist_version,
        item["label"],
        item["confidence"],
        None,
        first["section"] if first else None,
        first["quote"] if first else None,
        as_json(item["evidence"]),
        as_json(dict(item.get("explanation", {}), readings=item.get("readings", []))),
        when,
    )


def save_diff(db, bill_id: str, va: str, vb: str, checklist_version: str, result: dict) -> None:
    """Store the ``version_diffs`` row of two consecutive versions."""
    db.table("version_diffs").upsert(
        {
            "from_version": va,
            "to_version": vb,
            "bill_id": bill_id,
            "checklist_version": checklist_version,
            "item_changes": as_json(result["item_changes"]),
            "score_change": result["score_change"]["overall"],
            "summary": result["summary"],
            "sections_changed": result["sections_changed"],
            "created": now(),
        },
        pk=("from_version", "to_version"),
    )


def forget_signatures(db) -> None:
    """Drop every stored similarity signature (to compute them all again)."""
    with db.atomic():
        db.execute("delete from version_signatures")


def save_similar(db, rows: list[dict], *, replace_versions: list[str] | None = None) -> None:
    """Store similar-version rows: all of them anew, or the lists of ``replace_versions``."""
    with db.atomic():
        if replace_versions is None:
            db.execute("delete from similar_bills")
        else:
            db.execute(
                "delete from similar_bills where version_id in (select value from json_each(?))",
                [as_json(replace_versions)],
            )
        columns = ("version_id", "other_version_id", "bill_id", "other_bill_id")
        columns += ("similarity", "shared", "created")
        db.conn.executemany(
            f"insert or replace into similar_bills ({', '.join(columns)}) "
            f"values ({', '.join('?' * len(columns))})",
            [tuple(r[c] for c in columns) for r in rows],
        )


def save_signatures(db, signatures: dict[str, bytes]) -> None:
    """Store versions' similarity signatures (``version_signatures``)."""
    if signatures:
        db.table("version_signatures").upsert_all(
            [{"version_id": v, "signature": s} for v, s in signatures.items()], pk="version_id"
        )
