"""Crawl health: the last run of each spider, for ``billtracker status``."""

from __future__ import annotations

LAST_RUNS = """
select r.id, r.spider, r.started, r.finished, r.status, r.items, r.versions_added, r.errors
from crawl_runs r
where r.id = (select max(id) from crawl_runs where spider = r.spider)
order by r.spider
"""
LAST_ERROR = "select error from crawl_errors where run_id = ? order by id desc limit 1"


def status(db) -> list[dict]:
    """The last run of every spider that has run: ``spider``, ``run_id``, ``started``,
    ``finished``, ``status`` (``ok``, ``failed`` or ``running``), ``items``,
    ``versions_added``, ``errors`` and ``last_error`` (the run's latest error, or None),
    sorted by spider name."""
    out = []
    for row in db.execute(LAST_RUNS).fetchall():
        run_id, spider, started, finished, state, items, added, errors = row
        last = db.execute(LAST_ERROR, [run_id]).fetchone()
        out.append(
            {
                "spider": spider,
                "run_id": run_id,
                "started": started,
                "finished": finished,
                "status": state,
                "items": items or 0,
                "versions_added": added or 0,
                "errors": errors or 0,
                "last_error": last[0] if last else None,
            }
        )
    return out


def health(db, sources: dict | None = None) -> dict:
    """The scheduled job's health on top of :func:`status`: the last update (versions
    added, changes, alerts, failed sources), the last publish and the last good one,
    alerts by delivery status and session-drift alarms. See
    :func:`billtracker.update.update_status` for the keys; ``{}`` before any update."""
    from .update import update_status

    return update_status(db, sources)


def health_lines(report: dict) -> list[str]:
    """:func:`health` as lines for a terminal (failed sources and drift flagged in capitals)."""
    from .update import format_status

    return format_status(report)
