"""Shared reads: the latest version of each bill and a version by id.

The views behind them are made by migration ``m006_latest_versions``, so the pages,
the canned queries in ``metadata.yml`` and the jobs all mean the same by "latest":
the highest ordinal, then the latest date, then the highest id.

- ``latest_versions``: one row per bill, its latest version;
- ``latest_scored_versions``: one row per bill, its latest version scored under the
  current checklist (the one ``checklist_items`` holds).
"""

from __future__ import annotations

LATEST_ORDER = "order by v.ordinal desc, v.date desc, v.id desc"

LATEST_VERSIONS = f"""
create view if not exists latest_versions as
select version_id, bill_id, slug, version_label, version_date, ordinal from (
  select v.id as version_id, v.bill_id, v.slug, v.label as version_label,
    v.date as version_date, v.ordinal,
    row_number() over (partition by v.bill_id {LATEST_ORDER}) as position
  from versions v
) where position = 1
"""

LATEST_SCORED_VERSIONS = f"""
create view if not exists latest_scored_versions as
select version_id, bill_id, slug, version_label, version_date, ordinal, score,
  checklist_version from (
  select v.id as version_id, v.bill_id, v.slug, v.label as version_label,
    v.date as version_date, v.ordinal, vs.score, vs.checklist_version,
    row_number() over (partition by v.bill_id {LATEST_ORDER}) as position
  from versions v
  join version_scores vs on vs.version_id = v.id
  where vs.checklist_version = (select checklist_version from checklist_items limit 1)
) where position = 1
"""


# migration m008 adds each version's direction to the view (the view m006 made is dropped)
LATEST_SCORED_WITH_DIRECTION = f"""
create view if not exists latest_scored_versions as
select version_id, bill_id, slug, version_label, version_date, ordinal, score,
  direction, checklist_version from (
  select v.id as version_id, v.bill_id, v.slug, v.label as version_label,
    v.date as version_date, v.ordinal, vs.score, vs.direction, vs.checklist_version,
    row_number() over (partition by v.bill_id {LATEST_ORDER}) as position
  from versions v
  join version_scores vs on vs.version_id = v.id
  where vs.checklist_version = (select checklist_version from checklist_items limit 1)
) where position = 1
"""


# migration m009 adds whether each version is on topic (``analysis.relevance``)
LATEST_SCORED_WITH_RELEVANCE = f"""
create view if not exists latest_scored_versions as
select version_id, bill_id, slug, version_label, version_date, ordinal, score,
  direction, on_topic, topic_reason, checklist_version from (
  select v.id as version_id, v.bill_id, v.slug, v.label as version_label,
    v.date as version_date, v.ordinal, vs.score, vs.direction, vs.on_topic,
    vs.topic_reason, vs.checklist_version,
    row_number() over (partition by v.bill_id {LATEST_ORDER}) as position
  from versions v
  join version_scores vs on vs.version_id = v.id
  where vs.checklist_version = (select checklist_version from checklist_items limit 1)
) where position = 1
"""


def latest_versions_sql() -> tuple[str, str]:
    """The ``create view`` statements of ``latest_versions`` and ``latest_scored_versions``."""
    return LATEST_VERSIONS, LATEST_SCORED_VERSIONS


def version_text(db, version_id: str) -> str | None:
    """The text of a stored version (None when there is none)."""
    row = db.execute("select text from versions where id = ?", [version_id]).fetchone()
    return row[0] if row else None


def find_version(conn, ref: str) -> dict | None:
    """The version ``ref`` names: a version id, or a bill id (its latest version).

    ``{"id", "bill_id", "slug", "label", "text"}``, or None. ``conn`` is a
    ``sqlite3.Connection`` or a ``sqlite_utils.Database``: the one resolver of ids.
    """
    cursor = conn.execute(
        "select id, bill_id, slug, label, text from versions where id = ? union all "
        "select v.id, v.bill_id, v.slug, v.label, v.text from latest_versions l "
        "join versions v on v.id = l.version_id where l.bill_id = ? limit 1",
        [ref, ref],
    )
    row = cursor.fetchone()
    return dict(zip(("id", "bill_id", "slug", "label", "text"), row, strict=True)) if row else None


def latest_version(db, bill_id: str) -> str | None:
    """The id of a bill's latest version (None when it has none)."""
    row = db.execute(
        "select version_id from latest_versions where bill_id = ?", [bill_id]
    ).fetchone()
    return row[0] if row else None
