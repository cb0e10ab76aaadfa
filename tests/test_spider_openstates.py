"""The openstates spider in replay mode over the recorded search excerpt (three NY bills)."""

import http.server
import threading

from billtracker import storage
from billtracker.ingest.crawl import run_spider
from conftest import CORPUS, rows


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


class Recorder(http.server.ThreadingHTTPServer):
    """A real local Open States stand-in: answers every request with an empty result page
    and records the path and X-API-KEY header of each."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), RecordingHandler)
        self.seen: list[tuple[str, str | None]] = []


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self.server.seen.append((self.path, self.headers.get("X-API-KEY")))
        body = b"" if self.path == "/robots.txt" else b'{"results": [], "pagination": {}}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def crawl_recorded(db_path) -> tuple[dict, list]:
    server = Recorder()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    fast = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "RETRY_TIMES": 0}
    try:
        result = run_spider(
            "openstates", db_path=db_path, quiet=True, settings=fast, base_url=url, q="sanctuary"
        )
    finally:
        server.shutdown()
        server.server_close()
    return result, server.seen


def test_missing_api_key_fails_the_run_before_any_request(db_path, monkeypatch):
    monkeypatch.delenv("OPENSTATES_API_KEY", raising=False)
    result, seen = crawl_recorded(db_path)
    assert result["status"] == "failed"
    assert seen == []  # the server was up: nothing was asked of it without a key
    errors = [r[0] for r in rows(db_path, "select error from crawl_errors")]
    assert any("OPENSTATES_API_KEY is not set" in e for e in errors), errors


def test_with_a_key_the_same_crawl_asks_the_server(db_path, monkeypatch):
    monkeypatch.setenv("OPENSTATES_API_KEY", "test-key")
    _, seen = crawl_recorded(db_path)
    searches = [(path, key) for path, key in seen if path.startswith("/bills")]
    assert searches and all(key == "test-key" for _, key in searches), seen
