"""billtracker.jobs.status: the last run of each spider."""

from billtracker import storage
from billtracker.ingest.crawl import run_spider
from billtracker.jobs.status import status
from conftest import CORPUS


def test_status_reports_the_last_run_per_spider(db_path, monkeypatch):
    monkeypatch.delenv("NY_OPENLEG_API_KEY", raising=False)
    run_spider("ny", db_path=db_path, replay=CORPUS, quiet=True)
    run_spider("ny", db_path=db_path, quiet=True, base_url="http://127.0.0.1:9")
    run_spider("maryland", db_path=db_path, replay=CORPUS, quiet=True)
    db = storage.open_db(db_path)
    try:
        got = status(db)
    finally:
        db.close()
    assert [(r["spider"], r["run_id"], r["status"]) for r in got] == [
        ("maryland", 3, "ok"),
        ("ny", 2, "failed"),
    ]
    assert got[1]["last_error"] == "zero-output rule: the spider yielded no bill"
    assert got[0]["last_error"] is None and got[0]["items"] > 0
    assert set(got[0]) == {
        "spider",
        "run_id",
        "started",
        "finished",
        "status",
        "items",
        "versions_added",
        "errors",
        "last_error",
    }


def test_status_of_an_empty_database(fresh_db):
    assert status(fresh_db) == []
