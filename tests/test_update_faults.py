"""Faults: `kill -9` of `billtracker update` during crawl, scoring and publish; two runs at once;
a full disk on publish. What Datasette serves never changes until a run completes, and the
next run completes with no duplicate and no missing version.

The kills use the test hook ``BILLTRACKER_TEST_PAUSE_AT`` (``tests/faults/sitecustomize.py``,
on the runs' ``PYTHONPATH``): the run prints ``paused at <phase>`` and sleeps there; the test then kills its whole process group
(the update and its crawler) with SIGKILL, as systemd or a lost machine would.
"""

from __future__ import annotations

import hashlib
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from test_update_states import build_state

from billtracker import storage
from billtracker.jobs.lock import lock_path_for, read_holder
from billtracker.jobs.update import run_update
from billtracker.publishing import publish as publishmod

BILLTRACKER = [sys.executable, "-m", "billtracker"]
PHASES = ("crawl", "score", "publish")


def update_command(corpus, db_path, published, *extra):
    return [
        *BILLTRACKER,
        "update",
        "--replay",
        str(corpus),
        "--db",
        str(db_path),
        "--published",
        str(published),
        *extra,
    ]


FAULTS = Path(__file__).resolve().parent / "faults"


def env_with(**values):
    env = dict(os.environ)
    env.pop("BILLTRACKER_TEST_PAUSE_AT", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(FAULTS), env.get("PYTHONPATH")) if p)
    env.update(values)
    return env


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def start_paused(command, phase: str) -> tuple[subprocess.Popen, list[str]]:
    """Start a run that pauses at ``phase``; return once it says so."""
    proc = subprocess.Popen(
        command,
        env=env_with(BILLTRACKER_TEST_PAUSE_AT=phase, BILLTRACKER_TEST_PAUSE_SECONDS="60"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump():
        for line in proc.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    seen = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if line is None:
            raise AssertionError(f"run ended before pausing at {phase}:\n{''.join(seen[-30:])}")
        seen.append(line)
        if f"paused at {phase}" in line:
            return proc, seen
    proc.kill()
    raise AssertionError(f"no pause at {phase}")


def kill9(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


class Reader(threading.Thread):
    """Queries the published database read-only, over and over, as Datasette would."""

    def __init__(self, published: Path):
        super().__init__(daemon=True)
        self.published = published
        self.seen: set[tuple[int, int]] = set()
        self.errors: list[str] = []
        self.queries = 0
        self.done = threading.Event()

    def run(self):
        uri = f"file:{self.published}?mode=ro"
        while not self.done.is_set():
            try:
                conn = sqlite3.connect(uri, uri=True, timeout=1)
                try:
                    versions = conn.execute("select count(*) from versions").fetchone()[0]
                    changes = conn.execute("select count(*) from changes").fetchone()[0]
                    conn.execute(
                        "select rowid from versions_fts where versions_fts match ? limit 1",
                        ["agency"],
                    ).fetchall()
                finally:
                    conn.close()
                self.seen.add((versions, changes))
                self.queries += 1
            except sqlite3.Error as e:
                self.errors.append(str(e))
            time.sleep(0.01)


def table(db_path, sql):
    conn = sqlite3.connect(db_path)
    try:
        return [tuple(r) for r in conn.execute(sql).fetchall()]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def killed(tmp_path_factory):
    """Baseline on day 1; then day 2 with three runs killed (crawl, score, publish), a second
    run started while one holds the lock, and a final normal run."""
    root = tmp_path_factory.mktemp("faults")
    corpus = root / "corpus"
    db_path, published = root / "billtracker.db", root / "published.db"
    build_state(corpus, 1)
    base = subprocess.run(
        update_command(corpus, db_path, published, "-q"),
        env=env_with(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert base.returncode == 0, base.stderr
    build_state(corpus, 2, with_ab2052=True)
    served = digest(published)
    reader = Reader(published)
    reader.start()
    out = {"served_before": served, "after_kill": {}, "lock_after_kill": {}, "killed_pid": {}}
    try:
        for phase in PHASES:
            # After the crawl is killed part-way, the other kills need no crawl: they find
            # its versions unscored (score) and undiffed and unpublished (publish).
            extra = () if phase == "crawl" else ("--spiders", "")
            proc, _ = start_paused(update_command(corpus, db_path, published, *extra), phase)
            out["killed_pid"][phase] = proc.pid
            if phase == "score":
                second = subprocess.run(
                    update_command(corpus, db_path, published, "-q"),
                    env=env_with(),
                    capture_output=True,
                    text=True,
                    timeout=60,
                )
                out["second"] = (second.returncode, second.stderr, proc.pid)
            if phase == "publish":
                out["temp_during_publish"] = publishmod.temp_path(published).exists()
            kill9(proc)
            out.setdefault("versions_after_kill", {})[phase] = table(
                db_path, "select count(*) from versions"
            )[0][0]
            out["after_kill"][phase] = (digest(published), _integrity(published))
            out["lock_after_kill"][phase] = read_holder(lock_path_for(db_path))
        final = subprocess.run(
            update_command(corpus, db_path, published),
            env=env_with(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        time.sleep(0.2)  # let the reader see the new file
    finally:
        reader.done.set()
        reader.join(timeout=10)
    out.update(final=final, reader=reader, db_path=db_path, published=published)
    return out


def _integrity(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("pragma integrity_check").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("phase", PHASES)
def test_kill_leaves_the_served_database_untouched(killed, phase):
    assert killed["after_kill"][phase] == (killed["served_before"], "ok")


def test_the_crawl_kill_left_part_of_the_new_versions(killed):
    assert 1 < killed["versions_after_kill"]["crawl"] < 5


def test_the_publish_kill_happened_mid_publish(killed):
    assert killed["temp_during_publish"] is True


@pytest.mark.parametrize("phase", PHASES)
def test_a_killed_run_leaves_a_stale_lock_naming_it(killed, phase):
    holder = killed["lock_after_kill"][phase]
    assert holder is not None and holder[0] == killed["killed_pid"][phase]


def test_a_second_run_is_refused_with_a_clear_message(killed):
    code, stderr, pid = killed["second"]
    assert code != 0
    assert f"another update (pid {pid}, started 20" in stderr
    assert "is running" in stderr


def test_the_next_run_completes_and_clears_the_stale_lock(killed):
    final = killed["final"]
    assert final.returncode == 0, final.stderr[-3000:]
    assert "cleared a stale lock left by a killed update" in final.stderr
    assert "update: " in final.stdout
    assert read_holder(lock_path_for(killed["db_path"])) is None
    assert not publishmod.temp_path(killed["published"]).exists()


def test_reader_never_failed_and_saw_only_complete_states(killed):
    reader = killed["reader"]
    assert reader.errors == []
    assert reader.queries > 20
    final = table(
        killed["published"],
        "select (select count(*) from versions), (select count(*) from changes)",
    )[0]
    assert reader.seen <= {(1, 2), final}


EXPECTED_VERSIONS = [
    "ca/2025-2026/AB2052@amended-assembly-2026-04-16",
    "ca/2025-2026/AB2052@amended-senate-2026-06-11",
    "ca/2025-2026/AB2052@introduced",
    "ca/2025-2026/SB275@amended-senate-2025-03-11",
    "ca/2025-2026/SB275@introduced",
]


def test_no_duplicate_and_no_missing_version(killed):
    db_path = killed["db_path"]
    assert table(db_path, "select id from versions order by id") == [
        (v,) for v in EXPECTED_VERSIONS
    ]
    assert table(db_path, "select version_id from version_scores order by 1") == [
        (v,) for v in EXPECTED_VERSIONS
    ]
    assert table(db_path, "select count(*), count(distinct version_id) from scores") == [(145, 5)]
    assert table(db_path, "select to_version from version_diffs order by 1") == [
        (EXPECTED_VERSIONS[0],),
        (EXPECTED_VERSIONS[1],),
        (EXPECTED_VERSIONS[3],),
    ]


def test_each_change_recorded_once(killed):
    got = dict(table(killed["db_path"], "select kind, count(*) from changes group by kind"))
    assert got == {
        "new_bill": 2,
        "new_version": 5,
        "status": 1,
        "action": 1,
        "item_gained": 1,
        "weakened": 1,  # the score (the amendment adds a conviction carve-out)
    }
    assert table(
        killed["db_path"],
        "select count(*) from (select version_id from changes where kind = 'new_version' "
        "group by version_id having count(*) > 1)",
    ) == [(0,)]


def test_the_published_copy_matches_the_working_one(killed):
    sql = "select id from versions order by id"
    assert table(killed["published"], sql) == table(killed["db_path"], sql)


def test_interrupted_runs_are_marked(killed):
    db_path = killed["db_path"]
    assert table(db_path, "select status from update_runs order by id") == [
        ("ok",),
        ("interrupted",),
        ("interrupted",),
        ("interrupted",),
        ("ok",),
    ]
    assert table(db_path, "select count(*) from crawl_runs where status = 'running'") == [(0,)]
    errors = table(db_path, "select error from crawl_errors")
    assert ("interrupted: the update running this crawl was killed",) in errors


# -- a full disk -----------------------------------------------------------------------


class FullDiskSqlite:
    """Stands in for the sqlite3 module inside billtracker.publishing.publish: VACUUM INTO fails as on a
    full disk, after writing part of the copy."""

    def __getattr__(self, name):
        return getattr(sqlite3, name)

    @staticmethod
    def connect(*args, **kwargs):
        conn = sqlite3.connect(*args, **kwargs)
        return FullDiskConnection(conn)


class FullDiskConnection:
    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql, params=()):
        if sql.lstrip().upper().startswith("VACUUM INTO"):
            Path(params[0]).write_bytes(b"SQLite format 3\x00" + b"\x00" * 4096)
            raise sqlite3.OperationalError("database or disk is full")
        return self.conn.execute(sql, params)

    def __getattr__(self, name):
        return getattr(self.conn, name)


def working_db(path: Path, n: int) -> None:
    db = storage.open_db(path)
    storage.save_jurisdiction(db, "ca", "California")
    for i in range(n):
        bill_id = f"ca/2025-2026/AB{i + 1}"
        storage.save_bill(
            db,
            {
                "id": bill_id,
                "jurisdiction_id": "ca",
                "session": "2025-2026",
                "identifier": f"AB{i + 1}",
            },
        )
        storage.add_version(
            db,
            {"bill_id": bill_id, "slug": "introduced", "text": f"Bill {i}: relating to agencies."},
        )
    db.close()


def test_a_full_disk_on_publish_leaves_the_served_file_untouched(tmp_path, monkeypatch):
    working, published = tmp_path / "billtracker.db", tmp_path / "published.db"
    working_db(working, 2)
    first = run_update(db_path=working, published_path=published, send_alerts=False)
    assert first["exit_code"] == 0
    served = digest(published)
    working_db(working, 3)  # one more bill to publish
    monkeypatch.setattr(publishmod, "sqlite3", FullDiskSqlite())
    failed = run_update(db_path=working, published_path=published, send_alerts=False)
    assert failed["exit_code"] == 1
    assert failed["failed"] == ["publish"]
    assert "FAILED: publish" in failed["line"] and "database or disk is full" in failed["line"]
    assert digest(published) == served
    assert not publishmod.temp_path(published).exists()
    assert table(published, "select count(*) from bills") == [(2,)]
    runs = table(working, "select status, error from publish_runs order by id")
    assert runs[0] == ("ok", None)
    assert runs[1][0] == "failed" and "database or disk is full" in runs[1][1]
    monkeypatch.undo()
    again = run_update(db_path=working, published_path=published, send_alerts=False)
    assert again["exit_code"] == 0
    assert table(published, "select count(*) from bills") == [(3,)]


def test_full_disk_is_one_line_and_the_run_is_recorded_failed(tmp_path, full_disk):
    """A working database on a full disk: `Error: disk full` naming it, exit 1, no traceback,
    and the run recorded as failed (not left `running`)."""
    from billtracker import storage
    from conftest import CORPUS, fill, rows

    working = full_disk / "billtracker.db"
    storage.open_db(working).close()
    fill(full_disk, leave=64 * 1024)
    done = subprocess.run(
        [sys.executable, "-m", "billtracker", "update", "--replay", str(CORPUS), "-q"]
        + ["--db", str(working), "--published", str(tmp_path / "published.db"), "--no-alerts"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .startswith(f"Error: disk full: could not write {working}")
    ), done.stderr
    (full_disk / "filler").unlink()
    assert [s for (s,) in rows(working, "select status from update_runs")] == ["failed"]
    assert not (tmp_path / "published.db").exists()
