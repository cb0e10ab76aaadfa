"""The update job without crawling: changes recorded once, idempotence, drift, health, schedule."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from billtracker import storage
from billtracker.errors import ConfigError
from billtracker.jobs.changes import record_bill_changes, record_new_versions
from billtracker.jobs.lock import LockHeld
from billtracker.jobs.schedule import (
    build_scheduler,
    cron_trigger,
    next_runs,
    schedule_from_sources,
    update_job,
)
from billtracker.jobs.status import format_status, session_drift, update_status
from billtracker.jobs.update import run_update

BILL = "ca/2025-2026/AB1"
PROTECTIVE = (
    "SECTION 1. A law enforcement agency shall not notify federal immigration authorities of "
    "the release date of any individual."
)
WEAKER = PROTECTIVE + (
    "\n\nSEC. 2. Notwithstanding any other law, an agency may notify federal immigration "
    "authorities of the release date of a person convicted of a serious or violent felony."
)


def bill(db, status="Introduced", session="2025-2026", bill_id=BILL):
    storage.save_jurisdiction(db, "ca", "California")
    storage.save_bill(
        db,
        {
            "id": bill_id,
            "jurisdiction_id": "ca",
            "session": session,
            "identifier": bill_id.rsplit("/", 1)[1],
            "title": "Release dates",
            "status": status,
        },
    )


def kinds(db):
    return [tuple(r) for r in db.execute("select kind, item_id from changes order by id")]


def counts(db):
    return {
        t: db.execute(f"select count(*) from {t}").fetchone()[0]
        for t in ("versions", "version_scores", "scores", "version_diffs", "changes")
    }


def test_migration_m003_adds_the_ledger_tables(fresh_db):
    names = set(fresh_db.table_names())
    assert {
        "update_runs",
        "publish_runs",
        "bill_state",
        "update_state",
        "alert_subscriptions",
        "alerts_sent",
    } <= names


def test_status_and_action_changes_are_recorded_once(fresh_db):
    db = fresh_db
    bill(db)
    storage.add_actions(
        db, BILL, [{"date": "2025-01-01", "description": "Introduced", "ordinal": 1}]
    )
    assert record_bill_changes(db) == 1
    assert kinds(db) == [("new_bill", None)]  # its status and past actions are the baseline
    assert record_bill_changes(db) == 0
    bill(db, status="In Committee")
    storage.add_actions(
        db, BILL, [{"date": "2025-02-01", "description": "Referred to Com. on JUD.", "ordinal": 2}]
    )
    assert record_bill_changes(db) == 2
    details = [r[0] for r in db.execute("select detail from changes order by id")]
    assert details[1:] == [
        "AB1: status Introduced -> In Committee (as of 2025-02-01)",
        "AB1: 2025-02-01: Referred to Com. on JUD.",
    ]
    assert record_bill_changes(db) == 0


def test_new_versions_are_announced_once(fresh_db):
    bill(fresh_db)
    storage.add_version(fresh_db, {"bill_id": BILL, "slug": "introduced", "text": PROTECTIVE})
    assert record_new_versions(fresh_db) == 1
    assert record_new_versions(fresh_db) == 0


def test_update_without_crawl_is_idempotent(tmp_path):
    db_path, published = tmp_path / "billtracker.db", tmp_path / "published.db"
    db = storage.open_db(db_path)
    bill(db)
    storage.add_version(db, {"bill_id": BILL, "slug": "introduced", "text": PROTECTIVE})
    db.close()
    first = run_update(db_path=db_path, published_path=published, send_alerts=False)
    assert first["exit_code"] == 0, first["line"]
    assert (first["new_versions"], first["scored"], first["changes"]) == (1, 1, 2)
    db = storage.open_db(db_path)
    before = counts(db)
    storage.add_version(db, {"bill_id": BILL, "slug": "amended", "text": WEAKER})
    db.close()
    second = run_update(db_path=db_path, published_path=published, send_alerts=False)
    assert (second["new_versions"], second["scored"], second["diffed"]) == (1, 1, 1)
    db = storage.open_db(db_path)
    assert counts(db)["versions"] == before["versions"] + 1
    assert ("item_gained", "carveout_serious_crimes") in kinds(db)
    assert ("weakened", None) in kinds(db)
    after = counts(db)
    db.close()
    for _ in range(2):
        again = run_update(db_path=db_path, published_path=published, send_alerts=False)
        assert (again["new_versions"], again["scored"], again["diffed"], again["changes"]) == (
            0,
            0,
            0,
            0,
        )
        db = storage.open_db(db_path)
        assert counts(db) == after
        db.close()
    assert again["line"].startswith("update: 0 new versions, 0 scored, 0 diffs, 0 changes")


def test_session_drift_names_sessions_sources_does_not_list(fresh_db):
    bill(fresh_db, session="2027-2028", bill_id="ca/2027-2028/AB9")
    bill(fresh_db)
    sources = {"sources": {"california": {"jurisdiction": "ca", "sessions": ["2025-2026"]}}}
    assert session_drift(fresh_db, sources) == [
        "california: 1 bill(s) in session 2027-2028, which sources.yml does not list "
        "(sessions: 2025-2026)"
    ]
    assert session_drift(fresh_db, {"sources": {"x": {"spider": "x"}}}) == []


def test_status_before_any_update(fresh_db):
    report = update_status(fresh_db, sources={"sources": {}})
    assert report["last_update"] is None
    assert format_status(report)[0] == "no update has run yet"


def test_status_after_an_update(tmp_path):
    db_path = tmp_path / "billtracker.db"
    db = storage.open_db(db_path)
    bill(db, session="2031-2032", bill_id="ca/2031-2032/AB1")
    db.close()
    run_update(
        db_path=db_path,
        published_path=tmp_path / "published.db",
        send_alerts=False,
    )
    db = storage.open_db(db_path)
    report = update_status(db)
    lines = format_status(report)
    db.close()
    assert report["last_update"]["status"] == "ok"
    assert report["last_publish"]["status"] == "ok"
    assert lines[0].startswith("last update #1: ok")
    assert any(line.startswith("last publish: ok") for line in lines)
    assert any("SESSION DRIFT: california: 1 bill(s) in session 2031-2032" in x for x in lines)


# -- schedule ------------------------------------------------------------------------


def test_cron_expressions():
    now = dt.datetime(2025, 1, 1, 4, 0, tzinfo=dt.UTC)
    assert [t.isoformat() for t in next_runs("0 3 * * *", 2, now=now)] == [
        "2025-01-02T03:00:00+00:00",
        "2025-01-03T03:00:00+00:00",
    ]
    assert [t.hour for t in next_runs("30 6,18 * * 1-5", 3, now=now)] == [6, 18, 6]


@pytest.mark.parametrize("bad", ["", "0 3 * *", "61 * * * *", "0 3 * * * *", "every day"])
def test_bad_cron_expressions_are_config_errors(bad):
    with pytest.raises(ConfigError, match="schedule"):
        cron_trigger(bad)


def test_schedule_from_sources(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text('schedule: "15 4 * * *"\nsources: {}\n')
    assert schedule_from_sources(path) == "15 4 * * *"
    path.write_text("sources: {}\n")
    assert schedule_from_sources(path) is None


def test_scheduler_fires_the_update_and_never_overlaps():
    from apscheduler.triggers.interval import IntervalTrigger

    calls, running, overlaps = [], threading.Event(), []

    def runner(progress=None, **kwargs):
        if running.is_set():
            overlaps.append(1)
        running.set()
        time.sleep(0.3)
        running.clear()
        calls.append(kwargs)
        return {"line": "update: ok"}

    scheduler = build_scheduler(
        lambda: update_job({"db_path": "x"}, runner=runner, progress=lambda line: None),
        "0 3 * * *",
        background=True,
        trigger=IntervalTrigger(seconds=0.1),
    )
    job = scheduler.get_job("billtracker-update")
    assert job.max_instances == 1 and job.coalesce is True
    scheduler.start()
    time.sleep(1.0)
    scheduler.shutdown(wait=True)
    assert calls and calls[0] == {"db_path": "x"}
    assert overlaps == []


def test_a_failing_scheduled_run_is_reported_not_raised():
    said = []

    def locked(**kwargs):
        raise LockHeld("another update (pid 1, started T) is running")

    def crash(**kwargs):
        raise RuntimeError("boom")

    assert update_job({}, runner=locked, progress=said.append) is None
    assert update_job({}, runner=crash, progress=said.append) is None
    assert said[0] == "scheduled update not run: another update (pid 1, started T) is running"
    assert "crashed" in said[1]


def test_update_takes_spider_arguments_from_sources(tmp_path):
    """`--spiders legistar` runs each recorded Legistar client named in data/sources.yml."""
    from conftest import CORPUS

    db_path = tmp_path / "billtracker.db"
    summary = run_update(
        db_path=db_path,
        published_path=tmp_path / "published.db",
        replay=str(CORPUS),
        spiders=["legistar"],
        send_alerts=False,
    )
    assert summary["failed"] == [], summary["line"]
    assert list(summary["crawled"]) == ["legistar (nyc)"]
    assert summary["crawled"]["legistar (nyc)"]["status"] == "ok"
    db = storage.open_db(db_path)
    try:
        assert db.execute("select count(*) from bills where id like 'nyc/%'").fetchone()[0] > 0
    finally:
        db.close()
