"""The legistar spider against a real local HTTP server that injects faults.

The server answers like the Legistar Web API for client ``nyc``: matter 76557
(Int 1412-2025) from the recorded NYC mirror (through
``scrapers.legistar_mirror``), and three made-up matters carrying faults: a
truncated JSON body, a "PDF" attachment that is HTML, a history request that
outlasts DOWNLOAD_TIMEOUT, a sponsors request that always fails with HTTP 500,
and a matter whose keys were renamed (changed markup). The matter list itself
fails once with HTTP 500, then succeeds (a retry).
"""

import http.server
import json
import threading
import time
from urllib.parse import unquote, urlsplit

import pytest

from billtracker.ingest.crawl import run_spider
from conftest import CORPUS, FORMATS, rows
from scrapers import legistar_mirror

INT1412 = "nyc/2025/Int1412-2025"
FAST = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "RETRY_TIMES": 1,
    "DOWNLOAD_TIMEOUT": 1,
    "ROBOTSTXT_OBEY": False,
}
TITLE = "A Local Law in relation to immigration enforcement"


def fake_matter(matter_id: int, **changes) -> dict:
    matter = {
        "MatterId": matter_id,
        "MatterFile": f"Int {matter_id:04d}-2025",
        "MatterTitle": TITLE,
        "MatterStatusName": "Committee",
        "MatterIntroDate": "2025-03-01T00:00:00",
    }
    matter.update(changes)
    return {k: v for k, v in matter.items() if v is not None}


class FaultyLegistar(http.server.BaseHTTPRequestHandler):
    mode = "faults"
    hits: dict = {}

    def log_message(self, format, *args):
        pass

    def send(self, status: int, body: bytes, kind: str = "application/json"):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = urlsplit(self.path).path
        self.hits[path] = self.hits.get(path, 0) + 1
        if self.mode == "down":
            return self.send(500, b"server error")
        if path == "/v1/nyc/matters":
            mirror = json.loads(legistar_mirror.response_for(FORMATS / "legistar", self.url()))
            if "MatterLastModifiedUtc" not in unquote(self.path):
                return self.send(200, json.dumps(mirror).encode())
            self.hits["since"] = self.hits.get("since", 0) + 1
            if self.hits["since"] == 1:
                return self.send(500, b"try again")
            fakes = [fake_matter(2), fake_matter(3), fake_matter(4, MatterIntroDate=None)]
            fakes[2]["IntroDate"] = "2025-03-01T00:00:00"
            return self.send(200, json.dumps(mirror + fakes).encode())
        if path.startswith("/v1/nyc/matters/76557"):
            if self.mode == "no-texts" and "/texts/" in path:
                return self.send(500, b"server error")
            body = legistar_mirror.response_for(FORMATS / "legistar", self.url())
            return self.send(200, body) if body else self.send(404, b"[]")
        fixed = {
            "/v1/nyc/matters/2/histories": b"[]",
            "/v1/nyc/matters/2/versions": b'[{"Key": "20", "Value": "*"}]',
            "/v1/nyc/matters/2/texts/20": b'{"MatterTextId": 20, "MatterTextPlain": ""}',
            "/v1/nyc/matters/2/sponsors": b'[{"MatterSponsorName": "Ab',
            "/v1/nyc/matters/2/attachments": json.dumps(
                [
                    {
                        "MatterAttachmentName": "Int. No. 2",
                        "MatterAttachmentHyperlink": self.base() + "/files/int2.pdf",
                        "MatterAttachmentFileName": "int2.pdf",
                        "MatterAttachmentMatterVersion": "*",
                    }
                ]
            ).encode(),
        }
        if path in fixed:
            return self.send(200, fixed[path])
        if path == "/files/int2.pdf":
            return self.send(200, b"<html><body>Page moved</body></html>", "application/pdf")
        if path == "/v1/nyc/matters/3/histories":
            time.sleep(2.5)
            return self.send(200, b"[]")
        if path == "/v1/nyc/matters/3/sponsors":
            return self.send(500, b"server error")
        return self.send(404, b"not found")

    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self) -> str:
        return "https://webapi.legistar.com" + self.path


def serve(mode: str):
    handler = type("Handler", (FaultyLegistar,), {"mode": mode, "hits": {}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, handler, f"http://127.0.0.1:{server.server_address[1]}/v1"


def crawl(db_path, mode: str):
    server, handler, url = serve(mode)
    try:
        result = run_spider(
            "legistar",
            db_path=db_path,
            quiet=True,
            settings=FAST,
            client="nyc",
            base_url=url,
            since="2025-01-01",
        )
    finally:
        server.shutdown()
        server.server_close()
    return result, handler.hits


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    """A replay run stores Int 1412-2025's two versions; then a run against the faulty server."""
    db_path = tmp_path_factory.mktemp("faults") / "billtracker.db"
    run_spider("legistar", db_path=db_path, replay=CORPUS, quiet=True, client="nyc")
    before = rows(db_path, "select id, text_hash from versions order by id")
    started = time.monotonic()
    result, hits = crawl(db_path, "faults")
    return db_path, result, hits, before, time.monotonic() - started


def errors_of(faulty):
    return [
        e
        for (e,) in rows(
            faulty[0], "select error from crawl_errors where run_id = ?", [faulty[1]["run_id"]]
        )
    ]


def test_run_with_failed_fetches_is_partial(faulty):
    """Some fetches and parses failed, the rest was stored: partial (was ``ok`` before #16)."""
    assert (faulty[1]["status"], faulty[1]["exit_code"]) == ("partial", 3)


def test_http_500_then_success_is_retried(faulty):
    assert faulty[2]["since"] == 2


def test_timeout_is_a_crawl_error(faulty):
    assert any("/matters/3/histories" in e and "took longer than" in e for e in errors_of(faulty))


def test_http_500_is_a_crawl_error(faulty):
    assert any("/matters/3/sponsors" in e and "HTTP 500" in e for e in errors_of(faulty))


def test_truncated_json_is_a_crawl_error(faulty):
    assert any("/matters/2/sponsors: not valid JSON" in e for e in errors_of(faulty))


def test_pdf_that_is_not_a_pdf_is_a_crawl_error(faulty):
    assert any("int2.pdf" in e and "is not a PDF" in e for e in errors_of(faulty))


def test_changed_markup_is_a_crawl_error(faulty):
    assert any("unexpected matter (matter 4: no intro date)" in e for e in errors_of(faulty))


def test_every_fault_is_recorded(faulty):
    assert faulty[1]["errors"] == len(errors_of(faulty)) == 5


def test_earlier_versions_are_untouched(faulty):
    assert rows(faulty[0], "select id, text_hash from versions order by id") == faulty[3]


def test_good_matters_are_still_stored(faulty):
    assert rows(faulty[0], "select id from bills order by id") == [
        ("nyc/2025/Int0002-2025",),
        ("nyc/2025/Int0003-2025",),
        (INT1412,),
    ]


def test_fault_run_is_fast(faulty):
    assert faulty[4] < 30


def test_zero_output_when_every_fetch_fails(tmp_path):
    db_path = tmp_path / "billtracker.db"
    run_spider("legistar", db_path=db_path, replay=CORPUS, quiet=True, client="nyc")
    result, _ = crawl(db_path, "down")
    errors = [e for (e,) in rows(db_path, "select error from crawl_errors")]
    assert (result["status"], result["exit_code"]) == ("failed", 1)
    assert "zero-output rule: the spider yielded no bill" in errors
    assert rows(db_path, "select count(*) from versions") == [(2,)]


def test_zero_versions_after_a_run_with_versions_fails(tmp_path):
    db_path = tmp_path / "billtracker.db"
    run_spider("legistar", db_path=db_path, replay=CORPUS, quiet=True, client="nyc")
    result, _ = crawl(db_path, "no-texts")
    errors = [e for (e,) in rows(db_path, "select error from crawl_errors")]
    assert result["status"] == "failed"
    assert any(e.startswith("zero-output rule: the spider yielded no version") for e in errors)


def broken_lob_corpus(tmp_path, broken: int = 3):
    """A copy of the recorded California folder with ``broken`` CAML files that are not XML."""
    import shutil

    root = tmp_path / "corpus"
    folder = root / "formats" / "ca_pubinfo" / "mini_2025"
    shutil.copytree(FORMATS / "ca_pubinfo" / "mini_2025", folder)
    for lob in sorted(folder.glob("*.lob"))[:broken]:
        lob.write_bytes(b"<caml:MeasureDoc this is not XML")
    return root


def test_broken_files_make_crawl_and_update_partial(tmp_path):
    """Three unreadable .lob files: each a crawl error, the run partial, exit 3 (was ok, 0)."""
    import json
    import subprocess
    import sys

    root, db = broken_lob_corpus(tmp_path), tmp_path / "billtracker.db"
    base = [sys.executable, "-m", "billtracker"]
    crawl = subprocess.run(
        [*base, "crawl", "california", "--replay", str(root), "--db", str(db), "--json", "-q"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert crawl.returncode == 3, crawl.stderr
    result = json.loads(crawl.stdout)
    assert (result["status"], result["errors"]) == ("partial", 3)
    assert crawl.stderr.startswith("Error: california finished partial: 3 ")
    update = subprocess.run(
        [*base, "update", "--replay", str(root), "--db", str(db), "--no-alerts", "-q"]
        + ["--published", str(tmp_path / "published.db")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert update.returncode == 3, update.stdout + update.stderr
    assert "PARTIAL: california (3 errors; first: " in update.stdout
    (status, failed), *_ = rows(db, "select status, failed from update_runs order by id desc")
    assert (status, json.loads(failed)) == ("partial", ["california"])
