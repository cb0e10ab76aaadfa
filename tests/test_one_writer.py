"""Issue #16: two crawls and an import at once on one working database lose no row and
report no false success; a crawl child whose parent died stops writing. Real processes."""

import os
import signal
import subprocess
import sys
import time

from conftest import CORPUS, TEXTS, rows

TABLES = {
    "bills": "select id, title, status from bills",
    "versions": "select id, text_hash from versions",
    "actions": "select bill_id, date, description from actions",
    "sponsors": "select bill_id, name, role from sponsors",
}


def cli(*args) -> list[str]:
    return [sys.executable, "-m", "billtracker", *map(str, args)]


def snapshot(db) -> dict:
    return {name: sorted(rows(db, sql)) for name, sql in TABLES.items()}


def test_two_crawls_and_an_import_at_once_lose_nothing(tmp_path):
    reference = tmp_path / "reference.db"
    for command in (
        cli("crawl", "california", "--replay", CORPUS, "--db", reference, "-q"),
        cli("import", TEXTS, "--db", reference, "-q"),
    ):
        subprocess.run(command, check=True, capture_output=True, timeout=300)
    db = tmp_path / "billtracker.db"
    commands = [
        cli("crawl", "california", "--replay", CORPUS, "--db", db, "-q", "--json"),
        cli("crawl", "california", "--replay", CORPUS, "--db", db, "-q", "--json"),
        cli("import", TEXTS, "--db", db, "-q"),
    ]
    procs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in commands]
    done = [(p.wait(timeout=600), p.stdout.read(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _, _ in done] == [0, 0, 0], done
    assert rows(db, "select error from crawl_errors") == []
    assert [s for (s,) in rows(db, "select status from crawl_runs")] == ["ok", "ok"]
    assert snapshot(db) == snapshot(reference)


def test_a_crawl_child_dies_with_its_parent(tmp_path):
    """kill -9 of `billtracker crawl` leaves no child writing after the parent is gone."""
    import functools
    import http.server
    import threading

    from test_crawl import MINI, QuietHandler

    class Slow(QuietHandler):
        def do_GET(self):
            time.sleep(0.5)
            super().do_GET()

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Slow, directory=str(MINI))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    parent = subprocess.Popen(
        cli("crawl", "california", "--base-url", url, "--db", tmp_path / "b.db", "-q")
        + ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        children = f"/proc/{parent.pid}/task/{parent.pid}/children"
        deadline = time.monotonic() + 30
        while not open(children).read().split():
            assert time.monotonic() < deadline and parent.poll() is None
            time.sleep(0.05)
        (child,) = map(int, open(children).read().split())
        time.sleep(1)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 5
        while os.path.exists(f"/proc/{child}") and "Z" not in _state(child):
            assert time.monotonic() < deadline, "the crawl child outlived its parent"
            time.sleep(0.05)
    finally:
        server.shutdown()
        server.server_close()


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return "Z"


def test_writing_commands_wait_for_the_writer_lock(tmp_path):
    """While an update holds the lock, `import` says whom it waits for and writes nothing;
    it finishes once the lock is released."""
    from billtracker.jobs.lock import UpdateLock, lock_path_for

    db = tmp_path / "billtracker.db"
    lock = UpdateLock(lock_path_for(db)).acquire()
    proc = subprocess.Popen(
        cli("import", TEXTS, "--db", db, "-q"), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        line = proc.stderr.readline().decode()
        assert line.startswith(f"waiting for the writer lock held by pid {os.getpid()}"), line
        time.sleep(1)
        assert proc.poll() is None
        assert not db.exists() or rows(db, "select count(*) from versions") == [(0,)]
    finally:
        lock.release()
    assert proc.wait(timeout=120) == 0
    proc.stdout.close()
    proc.stderr.close()
    assert rows(db, "select count(*) from versions")[0][0] > 0
