"""What users should hear about: record new bills, versions, statuses and actions, then
score, diff and find similar bills for what is new, in proportion to what changed."""

from __future__ import annotations

from collections.abc import Callable

from billtracker import storage
from billtracker.analysis.diff import diff_database
from billtracker.analysis.scoring import score_database
from billtracker.analysis.similar import update_similar

Progress = Callable[[str], None] | None


def max_change_id(database) -> int:
    """The id of the latest change recorded (0 when none)."""
    return database.execute("select coalesce(max(id), 0) from changes").fetchone()[0]


def process_changes(database, checklist, *, progress: Progress = None) -> dict:
    """Everything between crawl and publish; work in proportion to what is new.

    Records bill and version changes, scores the versions without a score and
    diffs the version pairs not yet diffed (with the stored scorecards: each version is
    scored once), and finds similar bills for the versions not yet looked up. Returns
    ``bill_changes``, ``new_versions``, ``scored``, ``diffed`` and ``similar`` (rows).
    """
    say = progress or (lambda line: None)
    out = {"bill_changes": record_bill_changes(database)}
    out["new_versions"] = record_new_versions(database)
    say("score new versions")
    out["scored"] = score_database(database, checklist, progress=progress)
    say("diff consecutive versions")
    out["diffed"] = diff_database(database, checklist, progress=progress)
    say("find similar bills for new versions")
    out["similar"] = update_similar(database, progress=progress)
    return out


def record_new_versions(database) -> int:
    """Record ``new_version`` for every version not yet announced; returns how many."""
    rows = database.execute(
        """select v.id, v.bill_id, v.label, v.date from versions v
           where not exists (select 1 from changes c
                             where c.version_id = v.id and c.kind = 'new_version')
           order by v.bill_id, v.ordinal"""
    ).fetchall()
    with database.atomic():
        for version_id, bill_id, label, date in rows:
            storage.record_change(
                database,
                bill_id=bill_id,
                version_id=version_id,
                kind="new_version",
                detail=f"New version of {bill_id}: {label or version_id}"
                + (f" ({date})" if date else ""),
            )
    return len(rows)


def record_bill_changes(database) -> int:
    """Record ``new_bill``, ``status`` and ``action`` changes since the last announcement.

    A bill first seen gets ``new_bill`` (its status and past actions are its
    baseline, not news); a known bill whose status moved gets ``status``; an
    action stored since the last run for a known bill gets ``action``.
    Returns how many changes were recorded.
    """
    before = max_change_id(database)
    now = storage.now()
    last_action = database.execute(
        "select value from update_state where key = 'last_action_id'"
    ).fetchone()
    max_action = database.execute("select coalesce(max(id), 0) from actions").fetchone()[0]
    with database.atomic():
        known_before = {r[0] for r in database.execute("select bill_id from bill_state").fetchall()}
        new = database.execute(
            """select b.id, b.identifier, b.title, b.status from bills b
               where not exists (select 1 from bill_state s where s.bill_id = b.id)
               order by b.id"""
        ).fetchall()
        for bill_id, identifier, title, status in new:
            storage.record_change(
                database,
                bill_id=bill_id,
                kind="new_bill",
                detail=f"New bill: {identifier or bill_id}" + (f": {title}" if title else ""),
            )
            storage.save_bill_state(database, bill_id, status, now)
        moved = database.execute(
            """select b.id, b.identifier, s.status, b.status,
                      (select max(date) from actions a where a.bill_id = b.id)
               from bills b join bill_state s on s.bill_id = b.id
               where b.status is not s.status"""
        ).fetchall()
        for bill_id, identifier, old, status, as_of in moved:
            storage.record_change(
                database,
                bill_id=bill_id,
                kind="status",
                detail=f"{identifier or bill_id}: status {old or 'none'} -> {status or 'none'}"
                + (f" (as of {as_of})" if as_of else ""),
            )
            storage.save_bill_state(database, bill_id, status, now)
        if last_action is not None:
            actions = database.execute(
                """select a.bill_id, a.date, a.description, b.identifier
                   from actions a join bills b on b.id = a.bill_id
                   where a.id > ? order by a.bill_id, a.date, a.ordinal, a.id""",
                [int(last_action[0])],
            ).fetchall()
            for bill_id, date, description, identifier in actions:
                if bill_id not in known_before:
                    continue
                storage.record_change(
                    database,
                    bill_id=bill_id,
                    kind="action",
                    detail=f"{identifier or bill_id}: {date or 'undated'}: {description}",
                )
        storage.set_update_state(database, "last_action_id", str(max_action))
    return max_change_id(database) - before
