"""The crawl's promises, proven against a real local server: one request at a time per
host, spaced out, and robots.txt obeyed — with the project's own settings (no overrides).

The server answers each request after 0.3 s (a slow source), counts the requests in
flight and records when each started.
"""

import http.server
import threading
import time

import pytest

from billtracker.ingest.crawl import project_settings, run_spider
from conftest import FORMATS, rows

MINI = FORMATS / "ca_pubinfo" / "mini_2025"
AB831 = "ca/2025-2026/AB831"
FORBIDDEN = "BILL_VERSION_TBL_1532.lob"  # AB831 as introduced
DELAY = 0.3


class Source(http.server.ThreadingHTTPServer):
    """Serves the recorded pubinfo files slowly and keeps a log of what was asked."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most_in_flight = 0
        self.started: list[tuple[float, str]] = []


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def do_GET(self):
        server = self.server
        with server.lock:
            server.in_flight += 1
            server.most_in_flight = max(server.most_in_flight, server.in_flight)
            server.started.append((time.monotonic(), self.path))
        try:
            time.sleep(DELAY)
            if self.path == "/robots.txt":
                body = f"User-agent: *\nDisallow: /{FORBIDDEN}\n".encode()
            else:
                found = MINI / self.path.lstrip("/")
                if not found.is_file():
                    self.send_error(404)
                    return
                body = found.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        finally:
            with server.lock:
                server.in_flight -= 1


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    server = Source()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    db_path = tmp_path_factory.mktemp("polite") / "billtracker.db"
    try:
        result = run_spider("california", db_path=db_path, quiet=True, base_url=url, bills="AB831")
    finally:
        server.shutdown()
        server.server_close()
    return server, result, db_path


def test_the_settings_under_test_are_the_projects():
    settings = project_settings()
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getfloat("DOWNLOAD_DELAY") >= 1


def test_the_crawl_fetched_the_bill(crawl):
    server, result, db_path = crawl
    paths = [p for _, p in server.started]
    assert "/BILL_TBL.dat" in paths
    assert rows(db_path, "select count(*) from versions where bill_id = ?", [AB831])[0][0] == 5
    assert len(paths) >= 8  # robots.txt, four tables, the versions: enough to measure spacing


def test_at_most_one_request_in_flight(crawl):
    server, _, _ = crawl
    assert server.most_in_flight == 1


def test_requests_are_spaced_out(crawl):
    server, _, _ = crawl
    starts = sorted(t for t, _ in server.started)
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    # DOWNLOAD_DELAY 1 s, randomised to 0.5-1.5x, between the starts of two requests
    assert min(gaps) >= 0.5 - 0.02, gaps
    assert sum(gaps) / len(gaps) >= 0.8, gaps


def test_robots_txt_is_read_first_and_obeyed(crawl):
    server, _, db_path = crawl
    paths = [p for _, p in sorted(server.started)]
    assert paths[0] == "/robots.txt"
    assert f"/{FORBIDDEN}" not in paths
    stored = rows(db_path, "select slug from versions where bill_id = ?", [AB831])
    assert ("introduced",) not in stored
