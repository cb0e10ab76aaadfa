"""One update at a time: the lock file, a second run refused, a stale lock cleared."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from billtracker.jobs.lock import LockHeld, UpdateLock, lock_path_for, pid_alive, read_holder
from billtracker.jobs.update import run_update

HOLD = """
import sys, time
from billtracker.jobs.lock import UpdateLock
lock = UpdateLock(sys.argv[1]).acquire()
print("held", flush=True)
time.sleep(60)
"""


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.fixture
def holder(tmp_path):
    """Another process holding the lock."""
    path = tmp_path / "billtracker.db.update.lock"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "held"
    yield path, proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_lock_file_names_pid_and_start_time(tmp_path):
    path = tmp_path / "x.lock"
    with UpdateLock(path):
        pid, started = read_holder(path)
        assert pid == os.getpid()
        assert started.startswith("20") and started.endswith("+00:00")
    assert read_holder(path) is None  # released: names nobody


def test_second_run_is_refused_at_once_with_a_clear_message(holder):
    path, proc = holder
    with pytest.raises(LockHeld) as caught:
        UpdateLock(path).acquire()
    message = str(caught.value)
    assert message.startswith(f"another update (pid {proc.pid}, started 20")
    assert "is running" in message


def test_two_locks_in_one_process_exclude_each_other(tmp_path):
    path = tmp_path / "x.lock"
    with UpdateLock(path):
        with pytest.raises(LockHeld, match=f"pid {os.getpid()}"):
            UpdateLock(path).acquire()


def test_lock_of_a_killed_run_is_stale_and_cleared(holder):
    path, proc = holder
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    lock = UpdateLock(path).acquire()
    try:
        assert lock.stale is not None and lock.stale[0] == proc.pid
        assert read_holder(path)[0] == os.getpid()
    finally:
        lock.release()


def test_stale_file_naming_a_dead_pid_is_cleared(tmp_path):
    path = tmp_path / "x.lock"
    pid = dead_pid()
    path.write_text(f"{pid}\n2020-01-01T00:00:00+00:00\n")
    assert not pid_alive(pid)
    with UpdateLock(path) as lock:
        assert lock.stale == (pid, "2020-01-01T00:00:00+00:00")


def test_garbage_in_the_lock_file_is_ignored(tmp_path):
    path = tmp_path / "x.lock"
    path.write_text("not a pid\n")
    with UpdateLock(path) as lock:
        assert lock.stale is None


def test_run_update_refuses_while_another_update_runs(tmp_path, holder):
    path, proc = holder
    db_path = tmp_path / "billtracker.db"
    assert lock_path_for(db_path) == path
    with pytest.raises(LockHeld, match=f"another update \\(pid {proc.pid}"):
        run_update(db_path=db_path, published_path=tmp_path / "published.db")
    assert not db_path.exists()  # refused before touching anything
