"""The ledgers: crawl runs and their errors, update runs and publishes (every write here)."""

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
