"""run_spider against a real local HTTP server, a dead source, and bad arguments."""

import functools
import http.server
import socket
import threading

import pytest

from billtracker.errors import SpiderError
from billtracker.ingest.crawl import list_spiders, run_spider
from conftest import CORPUS, FORMATS, rows

MINI = FORMATS / "ca_pubinfo" / "mini_2025"
AB831 = "ca/2025-2026/AB831"
# A local server needs no politeness delays; keep retries short.
FAST = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "RETRY_TIMES": 1}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(directory):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def closed_port_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/pubinfo"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    server, url = serve(MINI)
    db_path = tmp_path_factory.mktemp("live") / "billtracker.db"
    try:
        result = run_spider("california", db_path=db_path, quiet=True, settings=FAST, base_url=url)
    finally:
        server.shutdown()
        server.server_close()
    return db_path, result, url


@pytest.fixture(scope="module")
def dead(tmp_path_factory):
    """A database filled by a replay run, then a live run against a port nobody listens on."""
    db_path = tmp_path_factory.mktemp("dead") / "billtracker.db"
    run_spider("california", db_path=db_path, replay=CORPUS, quiet=True)
    result = run_spider(
        "california", db_path=db_path, quiet=True, settings=FAST, base_url=closed_port_url()
    )
    return db_path, result


def test_list_spiders():
    assert list_spiders() == ["california", "legistar", "maryland", "ny", "openstates"]


def test_live_run_is_ok(live):
    assert live[1]["status"] == "ok"


def test_live_run_exit_code(live):
    assert live[1]["exit_code"] == 0


def test_live_run_adds_every_version(live):
    assert live[1]["versions_added"] == 16


def test_live_run_is_not_a_replay(live):
    assert live[1]["replay"] is None


def test_live_ab831_versions(live):
    got = rows(
        live[0], "select slug, date from versions where bill_id = ? order by ordinal", [AB831]
    )
    assert got == [
        ("introduced", "2025-02-19"),
        ("amended-senate-2025-06-23", "2025-06-23"),
        ("amended-senate-2025-07-16", "2025-07-16"),
        ("amended-senate-2025-09-03", "2025-09-03"),
        ("enrolled", "2025-09-16"),
        ("chaptered", "2025-10-11"),
    ]


def test_live_versions_come_from_the_server(live):
    (url,) = rows(live[0], "select url from versions where id = ?", [f"{AB831}@introduced"])[0]
    assert url == f"{live[2]}/BILL_VERSION_TBL_1532.lob"


def test_live_ab831_actions(live):
    assert rows(live[0], "select count(*) from actions where bill_id = ?", [AB831]) == [(37,)]


def test_live_ab831_authors(live):
    assert rows(live[0], "select name, role from sponsors where bill_id = ?", [AB831]) == [
        ("Valencia", "lead author")
    ]


def test_live_run_row(live):
    assert rows(live[0], "select spider, status, errors from crawl_runs") == [
        ("california", "ok", 0)
    ]


def test_dead_source_run_fails(dead):
    assert dead[1]["status"] == "failed"


def test_dead_source_exit_code(dead):
    assert dead[1]["exit_code"] == 1


def test_dead_source_is_recorded_as_failed(dead):
    assert rows(dead[0], "select status from crawl_runs order by id") == [("ok",), ("failed",)]


def test_dead_source_records_an_error(dead):
    errors = rows(
        dead[0], "select url, error from crawl_errors where run_id = ?", [dead[1]["run_id"]]
    )
    assert errors[0][0].endswith("/BILL_TBL.dat")


def test_dead_source_error_says_why(dead):
    errors = rows(dead[0], "select error from crawl_errors where run_id = ?", [dead[1]["run_id"]])
    assert "Connection refused" in errors[0][0]


def test_dead_source_loses_no_version(dead):
    assert rows(dead[0], "select count(*) from versions") == [(16,)]


def test_dead_source_loses_no_bill(dead):
    assert rows(dead[0], "select count(*) from bills") == [(4,)]


def test_unknown_spider(db_path):
    with pytest.raises(SpiderError, match="unknown spider 'texas'"):
        run_spider("texas", db_path=db_path)


def test_missing_replay_folder(tmp_path, db_path):
    with pytest.raises(
        SpiderError,
        match=f"no recorded responses for california under {tmp_path}/formats/ca_pubinfo/mini_2025",
    ):
        run_spider("california", db_path=db_path, replay=tmp_path)


def test_missing_replay_folder_records_no_run(tmp_path, db_path):
    with pytest.raises(SpiderError):
        run_spider("california", db_path=db_path, replay=tmp_path)
    assert not db_path.exists()


def test_crawl_opens_no_remote_control_console(db_path):
    """Scrapy's remote-control console (code execution over a local port) stays off."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "billtracker", "crawl", "california", "--verbose"]
    command += ["--replay", str(CORPUS), "--db", str(db_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    log = done.stderr.lower()
    assert "core.engine" in log or "spider opened" in log  # Scrapy's own log was shown
    assert "remote control" not in log and "remotecontrol" not in log
    assert "telnet console listening" not in log
