"""The scheduled job: crawl -> record changes -> score -> diff -> publish -> alert.

:func:`run_update` holds the update lock (``billtracker.jobs.lock``: one run at a
time, a second is refused at once), crawls each spider, then records what
users should hear about in ``changes`` — each once, keyed on its content:
``new_bill``, ``new_version``, ``status`` and ``action`` (from the bills'
state last announced, kept in ``bill_state``/``update_state``), then scores
only the versions without a score and diffs only the pairs not yet diffed
(``diff_database`` records ``item_gained``/``item_lost``/``weakened``/
``score_change``). It publishes atomically (``billtracker.publishing.publish``: a failed
or killed run never changes what Datasette serves) and finally sends the
alerts (``billtracker.jobs.alerts``). Every step is idempotent: running again with
nothing new adds no version, score, diff, change or alert. A failed source is
reported (the run exits non-zero, naming it) but the other steps still run.

Every run is a row of ``update_runs``; every publish a row of
``publish_runs``. A run killed part-way leaves its rows ``running``: the next
run marks them ``interrupted`` and simply does the work left undone.

The steps between crawl and publish are in ``billtracker.jobs.changes``; the
health report in ``billtracker.jobs.status``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from billtracker import storage
from billtracker.config import load_checklist
from billtracker.errors import BilltrackerError
from billtracker.ingest.crawl import EXIT_CODES, run_spider
from billtracker.jobs.changes import max_change_id, process_changes
from billtracker.jobs.lock import UpdateLock, lock_path_for
from billtracker.jobs.status import session_drift, sources_or_none
from billtracker.publishing.publish import publish

Progress = Callable[[str], None] | None

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
    steps that failed), ``partial`` (sources whose crawl lost some fetch or parse),
    ``exit_code`` (0; 3 when only crawls were partial; 1 when anything failed),
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
    database = storage.open_db(db_path)
    interrupted = storage.mark_interrupted(database)
    if interrupted:
        say(f"marked {interrupted} run(s) left 'running' by a killed update as interrupted")
    run_id = storage.start_update_run(database, spiders)
    since_change = max_change_id(database)
    database.close()
    summary = {"run_id": run_id, "failed": [], "partial": [], "crawled": {}, "published": False}
    failures: list[str] = []
    partials: list[str] = []
    try:
        for spider, name, args in spider_runs(spiders, sources_path, replay):
            say(f"crawl {spider}" + (f" (replay {replay})" if replay else ""))
            try:
                result = run_spider(
                    name,
                    db_path=db_path,
                    replay=replay,
                    quiet=progress is None,
                    settings=settings,
                    **args,
                    **spider_args,
                )
            except BilltrackerError as e:
                result = {"status": "failed", "error": str(e)}
            summary["crawled"][spider] = result
            if result.get("status") == "partial":
                why = _first_error(db_path, result.get("run_id"))
                summary["partial"].append(spider)
                partials.append(f"{spider} ({result.get('errors')} errors; first: {why})")
                say(f"crawl {spider} partial: {why}")
            elif result.get("status") != "ok":
                why = result.get("error") or _first_error(db_path, result.get("run_id"))
                summary["failed"].append(spider)
                failures.append(f"{spider} ({why})" if why else spider)
                say(f"crawl {spider} failed: {why or 'see crawl_errors'}")
        database = storage.open_db(db_path)
        try:
            summary.update(process_changes(database, checklist, progress=progress))
            summary["drift"] = session_drift(database, sources_or_none(sources_path))
            for alarm in summary["drift"]:
                say(f"session drift: {alarm}")
            summary["changes"] = max_change_id(database) - since_change
            storage.update_update_run(database, run_id, _counts(summary))
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
    summary["line"] = _line(summary, failures, partials)
    status = "failed" if summary["failed"] else "partial" if summary["partial"] else "ok"
    summary["exit_code"] = EXIT_CODES[status]
    _finish_run(db_path, run_id, summary, status=status)
    return summary


# Keys of a data/sources.yml entry that are spider arguments (``-a``).
SPIDER_ARG_KEYS = ("client",)


def spider_runs(spiders, sources_path=None, replay=None) -> list[tuple[str, str, dict]]:
    """``(label, spider, arguments)`` of each crawl ``update`` runs for ``--spiders``.

    A name is a spider or a ``data/sources.yml`` entry. A spider whose entries carry
    arguments (Legistar's ``client``) runs once per entry, labelled ``legistar (nyc)``;
    a replay run only for the entries that have recorded responses (``replay_folder``).
    """
    sources = (sources_or_none(sources_path) or {}).get("sources") or {}
    runs = []
    for name in spiders:
        entries = [sources[name]] if name in sources else []
        entries = entries or [e for e in sources.values() if e.get("spider") == name]
        if replay is not None and len(entries) > 1:
            entries = [e for e in entries if e.get("replay_folder")]
        with_args = [e for e in entries if any(k in e for k in SPIDER_ARG_KEYS)]
        if not with_args:
            runs.append((name, sources.get(name, {}).get("spider", name), {}))
            continue
        for entry in with_args:
            args = {k: str(entry[k]) for k in SPIDER_ARG_KEYS if k in entry}
            label = f"{entry['spider']} ({', '.join(args.values())})"
            runs.append((label, entry["spider"], args))
    return runs


def _line(summary: dict, failures: list[str], partials: list[str]) -> str:
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
    if partials:
        line += f"; PARTIAL: {'; '.join(partials)}"
    return line


def _counts(summary: dict) -> dict:
    return {
        "versions_added": summary.get("new_versions", 0),
        "scored": summary.get("scored", 0),
        "diffed": summary.get("diffed", 0),
        "changes": summary.get("changes", 0),
    }


def _finish_run(db_path, run_id, summary, *, status: str, error: str | None = None) -> None:
    try:
        database = storage.open_db(db_path)
    except Exception:  # the ledger must never hide the real failure
        return
    try:
        alerts = summary.get("alerts") or {}
        storage.update_update_run(
            database,
            run_id,
            {
                **_counts(summary),
                "finished": storage.now(),
                "status": status,
                "failed": storage.as_json(summary.get("failed", []) + summary.get("partial", [])),
                "alerts_sent": alerts.get("sent", 0),
                "alerts_failed": alerts.get("failed", 0) + alerts.get("abandoned", 0),
                "summary": error or summary.get("line"),
            },
        )
    except Exception:
        pass
    finally:
        database.close()


def _first_error(db_path, run_id) -> str | None:
    if run_id is None:
        return None
    database = storage.open_db(db_path)
    try:
        row = database.execute(
            "select error from crawl_errors where run_id = ? order by id limit 1", [run_id]
        ).fetchone()
        return row[0] if row else None
    finally:
        database.close()


# -- publish and alerts -----------------------------------------------------------


def _publish(db_path, published_path, run_id, say, progress, allow_shrink):
    """Publish and record it in ``publish_runs``; returns (published, error or None)."""

    started = storage.now()
    say(f"publish {published_path}")
    error, counts = None, {}
    try:
        counts = publish(db_path, published_path, progress=progress, allow_shrink=allow_shrink)
    except (BilltrackerError, OSError) as e:  # OSError: ENOSPC on fsync/replace, say
        error = str(e) if isinstance(e, BilltrackerError) else f"{type(e).__name__}: {e}"
        say(f"publish failed: {e}")
    database = storage.open_db(db_path)
    try:
        storage.record_publish_run(
            database,
            {
                "update_run_id": run_id,
                "started": started,
                "finished": storage.now(),
                "status": "failed" if error else "ok",
                "published_path": str(published_path),
                "bills": counts.get("bills"),
                "versions": counts.get("versions"),
                "error": error,
            },
        )
    finally:
        database.close()
    return error is None, error


def _alerts(db_path, config, since_change, say, sleep) -> dict:
    from billtracker.jobs.alerts import load_alerts, run_alerts

    config = config if config is not None else load_alerts()
    if not config.subscriptions:
        return {"queued": 0, "sent": 0, "failed": 0, "abandoned": 0}
    database = storage.open_db(db_path)
    try:
        return run_alerts(database, config, since_change_id=since_change, progress=say, sleep=sleep)
    finally:
        database.close()
