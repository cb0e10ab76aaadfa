"""A crawl shared by worker processes through a real Redis, stored by one writer.

A real ``redis-server`` (free port, no persistence unless a test needs a
restart) and a real local HTTP server serving the recorded California pubinfo
files with a fixed latency per request; workers are real subprocesses
(``billtracker crawl california --distributed``). Everything stored is compared
with a plain single-process replay run of the same files.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
import redis

from billtracker import distributed as dist
from billtracker import storage
from billtracker.errors import BilltrackerError
from billtracker.ingest.crawl import ROOT, run_spider
from conftest import CORPUS, FORMATS

MINI = FORMATS / "ca_pubinfo" / "mini_2025"
LATENCY = 0.15  # seconds per request: the crawl takes a few seconds
WORKER_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "0",
    "DOWNLOAD_DELAY": "0",
    "RETRY_TIMES": "1",
    "BILLTRACKER_WORKER_TTL": "2",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A redis-server of our own in ``folder``, on a free port."""

    def __init__(self, folder, *, persist: bool = False):
        if shutil.which("redis-server") is None:
            pytest.fail(
                "redis-server is not installed: `make redis` (or apt-get install redis-server) "
                "installs it; the distributed crawl is tested against a real Redis"
            )
        self.folder = folder
        self.port = free_port()
        self.persist = persist
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None
        self.start()

    def start(self):
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--dir", str(self.folder), "--save", ""]
        args += ["--appendonly", "yes", "--appendfsync", "always"] if self.persist else []
        args += [] if self.persist else ["--appendonly", "no"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.05)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: an append-only file is flushed first
            self.proc.wait(10)

    def client(self):
        return redis.Redis.from_url(self.url)


class SlowHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def do_GET(self):
        time.sleep(LATENCY)
        super().do_GET()


@pytest.fixture(scope="module")
def source():
    handler = functools.partial(SlowHandler, directory=str(MINI))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


@pytest.fixture
def fresh_redis(redis_server):
    redis_server.client().flushall()
    return redis_server


def snapshot(db_path) -> dict:
    """What a crawl stored, without the columns that name where it was fetched from."""
    queries = {
        "jurisdictions": "select id, name, level, state from jurisdictions order by id",
        "bills": "select id, session, identifier, title, status, chamber from bills order by id",
        "versions": "select id, bill_id, slug, label, date, ordinal, text_hash from versions"
        " order by id",
        "actions": "select bill_id, date, description, actor, ordinal from actions"
        " order by bill_id, ordinal",
        "sponsors": "select bill_id, name, role from sponsors order by bill_id, name",
    }
    db = storage.open_db(db_path)
    try:
        return {
            name: [tuple(r) for r in db.execute(sql).fetchall()] for name, sql in queries.items()
        }
    finally:
        db.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The same files crawled by one plain process in replay mode."""
    db_path = tmp_path_factory.mktemp("reference") / "billtracker.db"
    result = run_spider("california", db_path=db_path, replay=CORPUS, quiet=True)
    assert result["status"] == "ok"
    return snapshot(db_path)


def worker_command(url: str, base_url: str, **settings) -> list[str]:
    command = [sys.executable, "-m", "billtracker", "crawl", "california", "--distributed"]
    command += ["--redis", url, "--json", "--quiet", "--idle-close", "1"]
    command += ["-a", f"base_url={base_url}"]
    for name, value in {**WORKER_SETTINGS, **settings}.items():
        command += ["-s", f"{name}={value}"]
    return command


def start_worker(url: str, base_url: str, **settings) -> subprocess.Popen:
    return subprocess.Popen(
        worker_command(url, base_url, **settings),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen, timeout: float = 60) -> tuple[int, dict, str]:
    out, err = proc.communicate(timeout=timeout)
    lines = out.strip().splitlines()
    return proc.returncode, json.loads(lines[-1]) if lines else {}, err


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


def alive(client) -> dict[str, dict]:
    """Live workers: id -> heartbeat (pid, host)."""
    found = {}
    for key in client.scan_iter(match=f"{dist.PREFIX}:alive:*"):
        value = client.get(key)
        if value:
            found[key.decode().rsplit(":", 1)[1]] = json.loads(value)
    return found


def leftovers(client) -> list[str]:
    """Request-queue or processing keys still in Redis after a crawl."""
    keys = [k.decode() for k in client.scan_iter(match=f"{dist.PREFIX}:california:*")]
    return sorted(k for k in keys if ":requests" in k or ":processing:" in k)


def versions_stored_once(db_path) -> bool:
    db = storage.open_db(db_path)
    try:
        dupes = db.execute(
            "select bill_id, text_hash, count(*) from versions group by 1, 2 having count(*) > 1"
        ).fetchall()
        return not dupes
    finally:
        db.close()


# -- two workers share one crawl ---------------------------------------------------------


@pytest.fixture(scope="module")
def shared_crawl(redis_server, source, tmp_path_factory):
    redis_server.client().flushall()
    url = redis_server.url
    seeded = dist.seed("california", url, base_url=source)
    workers = [start_worker(url, source) for _ in range(2)]
    client = redis_server.client()
    wait_for(lambda: len(alive(client)) == 2, 30, "two workers to register")
    db_path = tmp_path_factory.mktemp("shared") / "billtracker.db"
    stored = dist.ingest(db_path, url, idle_seconds=1.0)  # the writer runs alongside
    results = [finish(w) for w in workers]
    return {
        "seeded": seeded,
        "results": results,
        "stored": stored,
        "db_path": db_path,
        "leftovers": leftovers(client),
        "queued_items": client.llen(dist.ITEMS_KEY),
    }


def test_seed_pushes_the_start_request(shared_crawl):
    assert shared_crawl["seeded"] == {
        "spider": "california",
        "requests": 1,
        "items": 1,
        "in_progress": False,
    }


def test_both_workers_finish(shared_crawl):
    assert [(code, r["status"]) for code, r, _ in shared_crawl["results"]] == [(0, "ok")] * 2


def test_both_workers_share_the_work(shared_crawl):
    done = [r["requests"] for _, r, _ in shared_crawl["results"]]
    assert sum(done) == 20  # four tables and sixteen versions, each fetched once
    assert min(done) >= 1


def test_shared_crawl_stores_what_one_process_stores(shared_crawl, reference):
    assert snapshot(shared_crawl["db_path"]) == reference


def test_shared_crawl_stores_each_version_once(shared_crawl):
    assert versions_stored_once(shared_crawl["db_path"])
    assert len(snapshot(shared_crawl["db_path"])["versions"]) == 16


def test_writer_records_one_ok_run(shared_crawl):
    (run,) = shared_crawl["stored"]["runs"]
    assert (run["spider"], run["status"], run["versions_added"], run["errors"]) == (
        "california",
        "ok",
        16,
        0,
    )


def test_nothing_is_left_in_redis(shared_crawl):
    assert shared_crawl["leftovers"] == []
    assert shared_crawl["queued_items"] == 0


def test_seeding_again_during_a_crawl_adds_nothing(fresh_redis, source):
    first = dist.seed("california", fresh_redis.url, base_url=source)
    again = dist.seed("california", fresh_redis.url, base_url=source)
    assert (first["requests"], again["requests"], again["in_progress"]) == (1, 0, True)
    assert fresh_redis.client().llen(dist.queue_key("california")) == 1


# -- a worker killed mid-crawl -------------------------------------------------------------


@pytest.fixture(scope="module")
def killed_crawl(redis_server, source, tmp_path_factory):
    client = redis_server.client()
    client.flushall()
    url = redis_server.url
    dist.seed("california", url, base_url=source)
    workers = [start_worker(url, source) for _ in range(2)]
    wait_for(lambda: len(alive(client)) == 2, 30, "two workers to register")

    def victim():
        # Versions are being fetched and some worker holds requests it has not finished.
        versions_seen = any(b'"VersionItem"' in m for m in client.lrange(dist.ITEMS_KEY, 0, -1))
        if not versions_seen:
            return None
        for worker, beat in alive(client).items():
            held = client.hgetall(dist.processing_key("california", worker))
            if held:
                return worker, beat["pid"], held
        return None

    worker, pid, held = wait_for(victim, 30, "a worker holding requests mid-crawl")
    os.kill(pid, signal.SIGKILL)
    results = [finish(w) for w in workers]
    db_path = tmp_path_factory.mktemp("killed") / "billtracker.db"
    stored = dist.ingest(db_path, url, idle_seconds=0.5)
    return {
        "held": held,
        "worker": worker,
        "results": results,
        "db_path": db_path,
        "stored": stored,
        "leftovers": leftovers(client),
    }


def test_the_killed_worker_held_unfinished_requests(killed_crawl):
    assert len(killed_crawl["held"]) >= 1


def test_the_killed_worker_is_reported_failed(killed_crawl):
    statuses = sorted(r["status"] for _, r, _ in killed_crawl["results"])
    assert statuses == ["failed", "ok"]


def test_the_other_worker_finishes_the_queue(killed_crawl):
    ok = [r for code, r, _ in killed_crawl["results"] if code == 0]
    assert len(ok) == 1 and ok[0]["reason"] == "finished"


def test_nothing_lost_or_duplicated_after_a_kill(killed_crawl, reference):
    assert snapshot(killed_crawl["db_path"]) == reference
    assert versions_stored_once(killed_crawl["db_path"])


def test_the_killed_workers_requests_left_redis(killed_crawl):
    assert killed_crawl["leftovers"] == []


# -- Redis lost mid-crawl ----------------------------------------------------------------


def test_redis_lost_then_back(tmp_path, source, reference):
    """Redis stops mid-crawl: the worker waits, stops cleanly, and a new worker resumes."""
    server = RedisServer(tmp_path, persist=True)
    try:
        url = server.url
        client = server.client()
        dist.seed("california", url, base_url=source)
        worker = start_worker(url, source, BILLTRACKER_REDIS_RETRY_SECONDS="2")
        wait_for(
            lambda: client.llen(dist.ITEMS_KEY) > 10, 30, "the worker to store the tables' items"
        )
        server.stop()
        code, result, err = finish(worker, timeout=60)
        assert (code, result["status"], result["reason"]) == (1, "failed", "redis_unavailable")
        assert "Redis unreachable" in err
        server.start()  # the same data, from the append-only file
        code, result, _ = finish(start_worker(url, source))
        assert (code, result["status"]) == (0, "ok")
        db_path = tmp_path / "billtracker.db"
        dist.ingest(db_path, url, idle_seconds=0.5)
        assert snapshot(db_path) == reference
        assert leftovers(server.client()) == []
    finally:
        server.stop()


# -- failures ---------------------------------------------------------------------------------


def closed_redis_url() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"


def test_unreachable_redis_is_a_clear_error():
    url = closed_redis_url()
    with pytest.raises(dist.RedisUnavailable, match=f"cannot reach Redis at {url}"):
        dist.run_worker("california", redis_url=url, quiet=True)
    assert issubclass(dist.RedisUnavailable, BilltrackerError)


def test_unreachable_redis_exits_non_zero():
    proc = subprocess.run(
        worker_command(closed_redis_url(), "http://127.0.0.1:9"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0
    assert "cannot reach Redis at" in proc.stderr


def test_unreachable_redis_for_seed_and_ingest(tmp_path):
    url = closed_redis_url()
    with pytest.raises(dist.RedisUnavailable):
        dist.seed("california", url)
    with pytest.raises(dist.RedisUnavailable):
        dist.ingest(tmp_path / "billtracker.db", url)


def test_no_redis_named(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(dist.RedisUnavailable, match="set REDIS_URL"):
        dist.seed("california")


def test_malformed_items_are_crawl_errors(fresh_redis, tmp_path):
    from scrapers.items import JurisdictionItem

    client = fresh_redis.client()
    client.rpush(dist.ITEMS_KEY, b"{not json")
    client.rpush(dist.ITEMS_KEY, json.dumps({"v": 1, "spider": "california", "type": "Nope"}))
    client.rpush(
        dist.ITEMS_KEY,
        dist.item_message("california", JurisdictionItem(id="ca", name="California")),
    )
    db_path = tmp_path / "billtracker.db"
    result = dist.ingest(db_path, fresh_redis.url, idle_seconds=0.2)
    assert (result["items"], result["stored"], result["errors"]) == (3, 1, 2)
    db = storage.open_db(db_path)
    try:
        errors = [r[0] for r in db.execute("select error from crawl_errors order by id")]
        stored = [tuple(r) for r in db.execute("select id, name from jurisdictions")]
    finally:
        db.close()
    malformed = [e for e in errors if e.startswith("malformed item in billtracker:items")]
    assert len(malformed) == 2
    assert "not JSON" in malformed[0] and "unknown item type 'Nope'" in malformed[1]
    # A run that brought no bill is failed (the zero-output rule), as any crawl would be.
    assert len(errors) == 4 and all("zero-output rule" in e for e in errors[2:])
    assert stored == [("ca", "California")]
    assert client.llen(dist.ITEMS_KEY) == 0
