"""The openstates spider in replay mode over the recorded search excerpt (three NY bills)."""

from billtracker import storage
from billtracker.ingest.crawl import run_spider
from conftest import CORPUS


def test_replay_stores_the_three_bills(db_path):
    result = run_spider("openstates", db_path=db_path, replay=CORPUS, quiet=True)
    db = storage.open_db(db_path)
    try:
        ids = [r[0] for r in db.execute("select id from bills order by id")]
        name = db.execute("select name from jurisdictions where id = 'ny'").fetchone()[0]
    finally:
        db.close()
    assert result["status"] == "ok"
    assert ids == ["ny/2025-2026/A10774", "ny/2025-2026/S4735", "ny/2025-2026/S7960"]
    assert name == "New York"


def test_missing_api_key_fails_the_run(db_path, monkeypatch):
    monkeypatch.delenv("OPENSTATES_API_KEY", raising=False)
    result = run_spider("openstates", db_path=db_path, quiet=True, base_url="http://127.0.0.1:9")
    assert result["status"] == "failed"
