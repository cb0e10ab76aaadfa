"""The ledgers: crawl runs and their errors, update runs, publishes, what was announced
(bill state) and alert deliveries. Every write to them is here."""

from __future__ import annotations

import os

from .schema import now


def start_crawl_run(db, spider: str, replay: str | None = None) -> int:
    """Open a ``crawl_runs`` row (status ``running``); returns its id."""
    with db.atomic():
        table = db.table("crawl_runs")
        table.insert(
            {"spider": spider, "started": now(), "status": "running", "replay": replay},
            pk="id",
        )
        return table.last_pk


def record_crawl_error(db, run_id: int | None, spider: str, url: str | None, error: str) -> None:
    """Store one failed fetch, parse or write of a crawl run."""
    with db.atomic():
        db.table("crawl_errors").insert(
            {"run_id": run_id, "spider": spider, "url": url, "error": error, "at": now()},
            pk="id",
        )


def finish_crawl_run(db, run_id: int, **counts) -> None:
    """Close a crawl run with its status and counts (``status``, ``items``, ``errors``...)."""
    with db.atomic():
        db.table("crawl_runs").update(run_id, {"finished": now(), **counts})


def fail_crawl_run(db, run_id: int, error: str) -> dict:
    """Mark a crawl run failed, recording why as one more error; returns the row."""
    row = db.table("crawl_runs").get(run_id)
    record_crawl_error(db, run_id, row["spider"], None, error)
    finish_crawl_run(db, run_id, status="failed", errors=(row["errors"] or 0) + 1)
    return db.table("crawl_runs").get(run_id)


def mark_interrupted(db) -> int:
    """Mark crawl and update runs left ``running`` by a killed run (the caller holds the lock)."""
    stale = [r[0] for r in db.execute("select id from crawl_runs where status = 'running'")]
    for run in stale:
        fail_crawl_run(db, run, "interrupted: the update running this crawl was killed")
    with db.atomic():
        cursor = db.execute(
            "update update_runs set status = 'interrupted', finished = ? where status = 'running'",
            [now()],
        )
    return len(stale) + cursor.rowcount


def start_update_run(db, spiders: list[str]) -> int:
    """Open an ``update_runs`` row for this process; returns its id."""
    with db.atomic():
        table = db.table("update_runs")
        table.insert(
            {
                "pid": os.getpid(),
                "started": now(),
                "status": "running",
                "spiders": ",".join(spiders),
            },
            pk="id",
        )
        return table.last_pk


def update_update_run(db, run_id: int, fields: dict) -> None:
    """Store an update run's counts so far (or its end: ``finished``, ``status``...)."""
    with db.atomic():
        db.table("update_runs").update(run_id, fields)


def record_publish_run(db, run: dict) -> None:
    """Store one publish attempt (``publish_runs``)."""
    with db.atomic():
        db.table("publish_runs").insert(run, pk="id")


# -- what was announced: bill state and alerts ------------------------------------------


def save_bill_state(db, bill_id: str, status: str | None, checked: str) -> None:
    """Remember the status last announced for a bill (``bill_state``)."""
    db.table("bill_state").upsert(
        {"bill_id": bill_id, "status": status, "checked": checked}, pk="bill_id"
    )


def set_update_state(db, key: str, value: str) -> None:
    """Remember one value between update runs (``update_state``)."""
    db.table("update_state").upsert({"key": key, "value": value}, pk="key")


def save_subscription_watermark(db, sub_id: str, change_id: int) -> None:
    """The last change an alert subscription has looked at (first seen now if it is new)."""
    if db.execute("select 1 from alert_subscriptions where id = ?", [sub_id]).fetchone():
        db.table("alert_subscriptions").update(sub_id, {"since_change_id": change_id})
    else:
        db.table("alert_subscriptions").insert(
            {"id": sub_id, "first_seen": now(), "since_change_id": change_id}, pk="id"
        )


def queue_alert(db, sub_id: str, change_id: int, channel: str) -> int:
    """Queue one delivery of a change (once per subscription and channel); 1 if queued."""
    db.execute(
        """insert or ignore into alerts_sent
           (subscription, change_id, channel, status, attempts, created)
           values (?, ?, ?, 'pending', 0, ?)""",
        [sub_id, change_id, channel, now()],
    )
    return db.execute("select changes()").fetchone()[0]


def record_delivery(
    db, row_ids: list[int], tries: int, error: str | None, max_attempts: int
) -> str:
    """Record a delivery attempt of queued alerts; returns their status (``sent``,
    ``failed``, or ``abandoned`` after ``max_attempts`` tries in all)."""
    marks = ",".join("?" * len(row_ids))
    with db.atomic():
        if error is None:
            db.execute(
                f"""update alerts_sent set status = 'sent', attempts = attempts + ?,
                    sent_at = ?, last_error = null where id in ({marks})""",
                [tries, now(), *row_ids],
            )
            return "sent"
        db.execute(
            f"""update alerts_sent set attempts = attempts + ?, last_error = ?,
                status = case when attempts + ? >= ? then 'abandoned' else 'failed' end
                where id in ({marks})""",
            [tries, error[:500], tries, max_attempts, *row_ids],
        )
    rows = db.execute(
        f"select status from alerts_sent where id in ({marks}) limit 1", row_ids
    ).fetchone()
    return rows[0] if rows else "failed"
