"""The scheduled job: crawl -> record changes -> score -> diff -> publish -> alert.

:func:`run_update` holds the update lock (``billtracker.lock``: one run at a
time, a second is refused at once), crawls each spider, then records what
users should hear about in ``changes`` — each once, keyed on its content:
``new_bill``, ``new_version``, ``status`` and ``action`` (from the bills'
state last announced, kept in ``bill_state``/``update_state``), then scores
only the versions without a score and diffs only the pairs not yet diffed
(``diff_database`` records ``item_gained``/``item_lost``/``weakened``/
``score_change``). It publishes atomically (``billtracker.publish``: a failed
or killed run never changes what Datasette serves) and finally sends the
alerts (``billtracker.alerts``). Every step is idempotent: running again with
nothing new adds no version, score, diff, change or alert. A failed source is
reported (the run exits non-zero, naming it) but the other steps still run.

Every run is a row of ``update_runs``; every publish a row of
``publish_runs``. A run killed part-way leaves its rows ``running``: the next
run marks them ``interrupted`` and simply does the work left undone.

Test hook: with ``BILLTRACKER_TEST_PAUSE_AT`` set to ``crawl`` (once two
versions went through the store, inside the crawler process), ``score``, ``diff`` or
``publish`` (after the copy is made, before it is indexed and swapped in),
the run prints ``paused at <phase>`` to stderr and sleeps
(``BILLTRACKER_TEST_PAUSE_SECONDS``, default 120) so a test can kill it there.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import db as dbmod
from .config import load_checklist, load_sources
from .crawl import project_settings, run_spider
from .errors import BilltrackerError, ConfigError
from .lock import UpdateLock, lock_path_for
from .publish import publish
from .scoring import score_database

Progress = Callable[[str], None] | None
PAUSE_ENV = "BILLTRACKER_TEST_PAUSE_AT"


# -- test hook ------------------------------------------------------------------


def test_pause(phase: str) -> None:
    """Sleep here when ``$BILLTRACKER_TEST_PAUSE_AT`` names ``phase`` (tests kill the run)."""
    if os.environ.get(PAUSE_ENV) != phase:
        return
    sys.stderr.write(f"billtracker: paused at {phase} (pid {os.getpid()})\n")
    sys.stderr.flush()
    time.sleep(float(os.environ.get("BILLTRACKER_TEST_PAUSE_SECONDS", "120")))


test_pause.__test__ = False  # not a pytest test


class PauseAtCrawlPipeline:
    """Scrapy pipeline for the test hook: pauses the crawl once two versions went through."""

    def __init__(self):
        self.versions = 0

    def process_item(self, item):
        if type(item).__name__ == "VersionItem":
            self.versions += 1
            if self.versions == 2:
                test_pause("crawl")
        return item


def _crawl_settings(settings: dict | None) -> dict | None:
    if os.environ.get(PAUSE_ENV) != "crawl":
        return settings
    pipelines = dict(project_settings().getdict("ITEM_PIPELINES"))
    pipelines["billtracker.update.PauseAtCrawlPipeline"] = 900
    return {**(settings or {}), "ITEM_PIPELINES": pipelines}


# -- the job --------------------------------------------------------------------


def run_update(
    *,
    db_path: Path,
    published_path: Path,
    replay: str | None = None,
    spiders: list[str] | None = None,
    progress: Progress = None,
    spider_args: dict | None = None,
    settings: dict | None = None,
    alerts=None,
    send_alerts: bool = True,
    lock: bool = True,
    sources_path: str | Path | None = None,
    allow_shrink: bool = False,
    alert_sleep: Callable[[float], None] = time.sleep,
) -> dict:
    """Run every step under the update lock; returns a summary.

    ``spider_args`` go to every spider (e.g. ``{"base_url": ...}``), ``settings``
    override Scrapy settings. ``alerts`` is an ``AlertConfig`` (default: load
    ``data/alerts.yml``); ``send_alerts=False`` skips alerts (they stay queued
    for a later run). Raises ``LockHeld`` when another update is running.

    The summary has ``line`` (one line for people), ``failed`` (sources and
    steps that failed), ``exit_code`` (0, or 1 when anything failed),
    ``new_versions``, ``scored``, ``diffed``, ``changes`` (recorded by this
    run), ``alerts`` (counts), ``drift`` (session-drift alarms), ``crawled``
    (per spider run rows), ``run_id`` and ``published`` (bool).
    """
    db_path = Path(db_path)
    say = progress or (lambda line: None)
    update_lock = UpdateLock(lock_path_for(db_path))
    if lock:
        update_lock.acquire()
        if update_lock.stale:
            pid, started = update_lock.stale
            say(f"cleared a stale lock left by a killed update (pid {pid}, started {started})")
    try:
        return _run_locked(
            db_path=db_path,
            published_path=Path(published_path),
            replay=replay,
            spiders=spiders or [],
            say=say,
            progress=progress,
            spider_args=spider_args or {},
            settings=settings,
            alerts=alerts,
            send_alerts=send_alerts,
            sources_path=sources_path,
            allow_shrink=allow_shrink,
            alert_sleep=alert_sleep,
        )
    finally:
        update_lock.release()


def _run_locked(
    *,
    db_path,
    published_path,
    replay,
    spiders,
    say,
    progress,
    spider_args,
    settings,
    alerts,
    send_alerts,
    sources_path,
    allow_shrink,
    alert_sleep,
) -> dict:
    checklist = load_checklist()
    database = dbmod.open_db(db_path)
    interrupted = mark_interrupted(database)
    if interrupted:
        say(f"marked {interrupted} run(s) left 'running' by a killed update as interrupted")
    run_id = _start_run(database, spiders)
    since_change = _max_change_id(database)
    database.close()
    summary = {"run_id": run_id, "failed": [], "crawled": {}, "published": False}
    failures: list[str] = []
    try:
        for spider in spiders:
            say(f"crawl {spider}" + (f" (replay {replay})" if replay else ""))
            try:
                result = run_spider(
                    spider,
                    db_path=db_path,
                    replay=replay,
                    quiet=progress is None,
                    settings=_crawl_settings(settings),
                    **spider_args,
                )
            except BilltrackerError as e:
                result = {"status": "failed", "error": str(e)}
            summary["crawled"][spider] = result
            if result.get("status") != "ok":
                why = result.get("error") or _first_error(db_path, result.get("run_id"))
                summary["failed"].append(spider)
                failures.append(f"{spider} ({why})" if why else spider)
                say(f"crawl {spider} failed: {why or 'see crawl_errors'}")
        database = dbmod.open_db(db_path)
        try:
            summary.update(process_changes(database, checklist, progress=progress))
            summary["drift"] = session_drift(database, _sources(sources_path))
            for alarm in summary["drift"]:
                say(f"session drift: {alarm}")
            summary["changes"] = _max_change_id(database) - since_change
            _progress_update(database, run_id, summary)
        finally:
            database.close()
        summary["published"], publish_error = _publish(
            db_path, published_path, run_id, say, progress, allow_shrink
        )
        if publish_error:
            summary["failed"].append("publish")
            failures.append(f"publish ({publish_error})")
        summary["alerts"] = {"queued": 0, "sent": 0, "failed": 0, "abandoned": 0}
        if send_alerts:
            summary["alerts"] = _alerts(db_path, alerts, since_change, say, alert_sleep)
            if summary["alerts"]["failed"] or summary["alerts"]["abandoned"]:
                failures.append(
                    f"alerts ({summary['alerts']['failed'] + summary['alerts']['abandoned']} "
                    "deliveries failed; see alerts_sent)"
                )
                summary["failed"].append("alerts")
    except BaseException as e:
        _finish_run(db_path, run_id, summary, status="failed", error=f"{type(e).__name__}: {e}")
        raise
    summary["line"] = _line(summary, failures)
    summary["exit_code"] = 1 if summary["failed"] else 0
    _finish_run(db_path, run_id, summary, status="failed" if summary["failed"] else "ok")
    return summary


def _line(summary: dict, failures: list[str]) -> str:
    alerts = summary.get("alerts") or {}
    line = (
        f"update: {summary.get('new_versions', 0)} new versions, "
        f"{summary.get('scored', 0)} scored, {summary.get('diffed', 0)} diffs, "
        f"{summary.get('changes', 0)} changes, {alerts.get('sent', 0)} alerts sent"
        + ("" if summary["published"] else ", not published")
    )
    if summary.get("drift"):
        line += f"; session drift: {'; '.join(summary['drift'])}"
    if failures:
        line += f"; FAILED: {'; '.join(failures)}"
    return line


# -- the ledger -----------------------------------------------------------------


def mark_interrupted(database) -> int:
    """Mark crawl and update runs left ``running`` by a killed run (we hold the lock)."""
    now = dbmod.now()
    with database.atomic():
        stale = [
            r[0]
            for r in database.execute(
                "select id from crawl_runs where status = 'running'"
            ).fetchall()
        ]
        for run in stale:
            database.table("crawl_errors").insert(
                {
                    "run_id": run,
                    "spider": database.execute(
                        "select spider from crawl_runs where id = ?", [run]
                    ).fetchone()[0],
                    "url": None,
                    "error": "interrupted: the update running this crawl was killed",
                    "at": now,
                },
                pk="id",
            )
            database.execute(
                "update crawl_runs set status = 'failed', finished = ?, "
                "errors = coalesce(errors, 0) + 1 where id = ?",
                [now, run],
            )
        cursor = database.execute(
            "update update_runs set status = 'interrupted', finished = ? where status = 'running'",
            [now],
        )
    return len(stale) + cursor.rowcount


def _start_run(database, spiders: list[str]) -> int:
    with database.atomic():
        table = database.table("update_runs")
        table.insert(
            {
                "pid": os.getpid(),
                "started": dbmod.now(),
                "status": "running",
                "spiders": ",".join(spiders),
            },
            pk="id",
        )
        return table.last_pk


def _progress_update(database, run_id: int, summary: dict) -> None:
    with database.atomic():
        database.table("update_runs").update(
            run_id,
            {
                "versions_added": summary.get("new_versions", 0),
                "scored": summary.get("scored", 0),
                "diffed": summary.get("diffed", 0),
                "changes": summary.get("changes", 0),
            },
        )


def _finish_run(db_path, run_id, summary, *, status: str, error: str | None = None) -> None:
    try:
        database = dbmod.open_db(db_path)
    except Exception:  # the ledger must never hide the real failure
        return
    try:
        alerts = summary.get("alerts") or {}
        with database.atomic():
            database.table("update_runs").update(
                run_id,
                {
                    "finished": dbmod.now(),
                    "status": status,
                    "failed": dbmod.as_json(summary.get("failed", [])),
                    "versions_added": summary.get("new_versions", 0),
                    "scored": summary.get("scored", 0),
                    "diffed": summary.get("diffed", 0),
                    "changes": summary.get("changes", 0),
                    "alerts_sent": alerts.get("sent", 0),
                    "alerts_failed": alerts.get("failed", 0) + alerts.get("abandoned", 0),
                    "summary": error or summary.get("line"),
                },
            )
    except Exception:
        pass
    finally:
        database.close()


def _max_change_id(database) -> int:
    return database.execute("select coalesce(max(id), 0) from changes").fetchone()[0]


def _first_error(db_path, run_id) -> str | None:
    if run_id is None:
        return None
    database = dbmod.open_db(db_path)
    try:
        row = database.execute(
            "select error from crawl_errors where run_id = ? order by id limit 1", [run_id]
        ).fetchone()
        return row[0] if row else None
    finally:
        database.close()


# -- changes --------------------------------------------------------------------


def process_changes(database, checklist, *, progress: Progress = None) -> dict:
    """Everything between crawl and publish; work in proportion to what is new.

    Records bill and version changes, scores the versions without a score and
    diffs the version pairs not yet diffed. Returns ``bill_changes``,
    ``new_versions``, ``scored`` and ``diffed``.
    """
    say = progress or (lambda line: None)
    out = {"bill_changes": record_bill_changes(database)}
    out["new_versions"] = record_new_versions(database)
    test_pause("score")
    say("score new versions")
    out["scored"] = score_database(database, checklist, progress=progress)
    test_pause("diff")
    say("diff consecutive versions")
    out["diffed"] = _diff(database, checklist, progress)
    out["similar"] = 0
    if out["new_versions"] or out["scored"]:
        from .similar import build_similar

        say("find similar bills")
        out["similar"] = build_similar(database, progress=progress)
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
            dbmod.record_change(
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
    before = _max_change_id(database)
    now = dbmod.now()
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
            dbmod.record_change(
                database,
                bill_id=bill_id,
                kind="new_bill",
                detail=f"New bill: {identifier or bill_id}" + (f": {title}" if title else ""),
            )
            database.table("bill_state").insert(
                {"bill_id": bill_id, "status": status, "checked": now}, pk="bill_id"
            )
        moved = database.execute(
            """select b.id, b.identifier, s.status, b.status,
                      (select max(date) from actions a where a.bill_id = b.id)
               from bills b join bill_state s on s.bill_id = b.id
               where b.status is not s.status"""
        ).fetchall()
        for bill_id, identifier, old, status, as_of in moved:
            dbmod.record_change(
                database,
                bill_id=bill_id,
                kind="status",
                detail=f"{identifier or bill_id}: status {old or 'none'} -> {status or 'none'}"
                + (f" (as of {as_of})" if as_of else ""),
            )
            database.table("bill_state").update(bill_id, {"status": status, "checked": now})
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
                dbmod.record_change(
                    database,
                    bill_id=bill_id,
                    kind="action",
                    detail=f"{identifier or bill_id}: {date or 'undated'}: {description}",
                )
        database.table("update_state").upsert(
            {"key": "last_action_id", "value": str(max_action)}, pk="key"
        )
    return _max_change_id(database) - before


def _diff(database, checklist, progress) -> int:
    """Diff consecutive versions (the diff module records item changes)."""
    from .diff import diff_database

    return diff_database(database, checklist, progress=progress)


# -- sessions -------------------------------------------------------------------


def _sources(path) -> dict:
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


# -- publish and alerts -----------------------------------------------------------


def _publish(db_path, published_path, run_id, say, progress, allow_shrink):
    """Publish and record it in ``publish_runs``; returns (published, error or None)."""

    def hook(line: str) -> None:
        if line.startswith("adding full-text search"):
            test_pause("publish")
        if progress:
            progress(line)

    started = dbmod.now()
    say(f"publish {published_path}")
    error, counts = None, {}
    try:
        counts = publish(db_path, published_path, progress=hook, allow_shrink=allow_shrink)
    except (BilltrackerError, OSError) as e:  # OSError: ENOSPC on fsync/replace, say
        error = str(e) if isinstance(e, BilltrackerError) else f"{type(e).__name__}: {e}"
        say(f"publish failed: {e}")
    database = dbmod.open_db(db_path)
    try:
        with database.atomic():
            database.table("publish_runs").insert(
                {
                    "update_run_id": run_id,
                    "started": started,
                    "finished": dbmod.now(),
                    "status": "failed" if error else "ok",
                    "published_path": str(published_path),
                    "bills": counts.get("bills"),
                    "versions": counts.get("versions"),
                    "error": error,
                },
                pk="id",
            )
    finally:
        database.close()
    return error is None, error


def _alerts(db_path, config, since_change, say, sleep) -> dict:
    from .alerts import load_alerts, run_alerts

    config = config if config is not None else load_alerts()
    if not config.subscriptions:
        return {"queued": 0, "sent": 0, "failed": 0, "abandoned": 0}
    database = dbmod.open_db(db_path)
    try:
        return run_alerts(database, config, since_change_id=since_change, progress=say, sleep=sleep)
    finally:
        database.close()


# -- health ---------------------------------------------------------------------


def update_status(database, sources: dict | None = None) -> dict:
    """Health of the scheduled job, for ``billtracker status``.

    Keys: ``last_update`` (the latest ``update_runs`` row), ``spiders`` (the
    latest crawl per spider, from ``billtracker.status.status``, with its last
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
    from .status import status as spider_status

    spiders = spider_status(database)
    alerts = dict(
        database.execute("select status, count(*) from alerts_sent group by status").fetchall()
    )
    return {
        "last_update": last_update,
        "versions_added": (last_update or {}).get("versions_added") or 0,
        "spiders": spiders,
        "failed_sources": [s["spider"] for s in spiders if s["status"] != "ok"],
        "drift": session_drift(database, sources if sources is not None else _sources(None)),
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
