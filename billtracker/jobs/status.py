"""Health, for ``billtracker status``: the last run of each spider, the last update and
publish, alerts by delivery status, and session-drift alarms."""

from __future__ import annotations

import json

from billtracker.config import load_sources
from billtracker.errors import ConfigError

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
    """The scheduled job's health on top of :func:`status` (see :func:`update_status`)."""
    return update_status(db, sources)


def health_lines(report: dict) -> list[str]:
    """:func:`health` as lines for a terminal (failed sources and drift flagged in capitals)."""
    return format_status(report)


def sources_or_none(path) -> dict:
    """``data/sources.yml`` (or ``path``); no sources when the default file is missing."""
    try:
        return load_sources(path)
    except ConfigError:
        if path:
            raise
        return {"sources": {}}


def session_drift(database, sources: dict) -> list[str]:
    """Alarms for bills stored in sessions ``data/sources.yml`` does not list for their source."""
    alarms = []
    for name, source in sorted((sources.get("sources") or {}).items()):
        jurisdiction, sessions = source.get("jurisdiction"), source.get("sessions")
        if not jurisdiction or not sessions:
            continue
        marks = ",".join("?" * len(sessions))
        for session, count in database.execute(
            f"""select session, count(*) from bills
                where jurisdiction_id = ? and session not in ({marks})
                group by session order by session""",
            [jurisdiction, *[str(s) for s in sessions]],
        ).fetchall():
            alarms.append(
                f"{name}: {count} bill(s) in session {session}, which sources.yml does not "
                f"list (sessions: {', '.join(str(s) for s in sessions)})"
            )
    return alarms


def update_status(database, sources: dict | None = None) -> dict:
    """Health of the scheduled job, for ``billtracker status``.

    Keys: ``last_update`` (the latest ``update_runs`` row), ``spiders`` (the
    latest crawl per spider, from ``billtracker.jobs.status.status``, with its last
    error), ``failed_sources`` (spiders whose latest crawl did not end ok),
    ``drift`` (session-drift alarms), ``last_publish`` and
    ``last_good_publish`` (``publish_runs`` rows), ``alerts`` (counts by
    status), ``versions_added`` (by the latest update).
    """
    if not database.table("update_runs").exists():
        return {}

    def one(sql, params=()):
        cursor = database.execute(sql, params)
        row = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None

    last_update = one("select * from update_runs order by id desc limit 1")
    if last_update and last_update.get("failed"):
        last_update["failed"] = json.loads(last_update["failed"])
    spiders = status(database)
    alerts = dict(
        database.execute("select status, count(*) from alerts_sent group by status").fetchall()
    )
    return {
        "last_update": last_update,
        "versions_added": (last_update or {}).get("versions_added") or 0,
        "spiders": spiders,
        "failed_sources": [s["spider"] for s in spiders if s["status"] != "ok"],
        "drift": session_drift(database, sources if sources is not None else sources_or_none(None)),
        "last_publish": one("select * from publish_runs order by id desc limit 1"),
        "last_good_publish": one(
            "select * from publish_runs where status = 'ok' order by id desc limit 1"
        ),
        "alerts": alerts,
    }


def format_status(report: dict) -> list[str]:
    """``update_status`` as lines for a terminal."""
    if not report:
        return ["no update has run yet"]
    lines = []
    u = report["last_update"]
    if u:
        lines.append(
            f"last update #{u['id']}: {u['status']}, started {u['started']}, finished "
            f"{u['finished'] or '-'}; {u['versions_added'] or 0} versions added, "
            f"{u['changes'] or 0} changes, {u['alerts_sent'] or 0} alerts sent"
            + (f"; failed: {', '.join(u['failed'])}" if u.get("failed") else "")
        )
    else:
        lines.append("no update has run yet")
    for s in report["spiders"]:
        line = (
            f"  {s['spider']}: {s['status']} at {s['finished'] or s['started']}, "
            f"{s['versions_added'] or 0} versions added, {s['errors'] or 0} errors"
        )
        if s.get("last_error") and s["status"] != "ok":
            line += f" (last error: {s['last_error']})"
        lines.append(line)
    p, good = report["last_publish"], report["last_good_publish"]
    if p:
        lines.append(
            f"last publish: {p['status']} at {p['finished']} to {p['published_path']}"
            + (f" ({p['error']})" if p["error"] else "")
        )
        if p["status"] != "ok" and good:
            lines.append(f"last good publish: {good['finished']}")
    else:
        lines.append("never published by an update")
    for alarm in report["drift"]:
        lines.append(f"SESSION DRIFT: {alarm}")
    if report["failed_sources"]:
        lines.append(f"FAILED SOURCES: {', '.join(report['failed_sources'])}")
    alerts = report["alerts"]
    if alerts:
        lines.append("alerts: " + ", ".join(f"{n} {k}" for k, n in sorted(alerts.items())))
    return lines
