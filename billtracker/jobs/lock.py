"""One update at a time: an exclusive lock (``filelock``) on a lock file that names its holder.

The lock file (by default beside the working database, ``<db>.update.lock``)
holds the holder's PID and start time. ``filelock.FileLock`` (``flock`` on POSIX)
is what excludes: the kernel drops it when its process dies, however it dies,
so a run killed with ``kill -9`` never blocks the next one. The PID is a
message: a second run is refused at once with "another update (pid N, started
T) is running"; a file still naming another process once we hold the lock
(a killed run) is reported as stale and cleared.

It is the writer lock of the working database: ``crawl``, ``import``, ``score`` and
``ingest`` wait for it (``writer_lock``) while an update or another of them writes.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from filelock import FileLock, Timeout

from billtracker.errors import BilltrackerError


class LockHeld(BilltrackerError):
    "Another update holds the lock"


def lock_path_for(db_path: str | os.PathLike) -> Path:
    """The lock file of the update writing ``db_path``."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".update.lock")


def pid_alive(pid: int) -> bool:
    """True when a process with this PID exists (and is not a zombie we can see)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    try:  # a killed child not yet reaped by its parent is a zombie: dead for us
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def read_holder(path: str | os.PathLike) -> tuple[int, str] | None:
    """``(pid, started)`` written in a lock file, or None when it names nobody."""
    try:
        lines = Path(path).read_text(encoding="utf-8").split("\n")
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    try:
        return int(lines[0]), (lines[1] if len(lines) > 1 else "").strip() or "unknown time"
    except ValueError:
        return None


class UpdateLock:
    """``with UpdateLock(path):`` — hold the update lock or raise ``LockHeld`` at once.

    After ``acquire``, ``stale`` is ``(pid, started)`` of a killed run whose
    lock file was found and cleared (else None).
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.lock: FileLock | None = None
        self.stale: tuple[int, str] | None = None

    def acquire(self, wait: float = 0, say=None) -> UpdateLock:
        """Take the lock; with ``wait`` seconds, wait that long for it (``say`` is told once)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.path, timeout=0, preserve_lock_file=True, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            holder = read_holder(self.path)
            who = f"pid {holder[0]}, started {holder[1]}" if holder else "pid unknown"
            if not wait:
                raise LockHeld(
                    f"another update ({who}) is running; lock file {self.path}"
                ) from None
            if say:
                say(f"waiting for the writer lock held by {who} ({self.path})")
            try:
                lock.acquire(timeout=wait)
            except Timeout:
                raise LockHeld(
                    f"another writer ({who}) still holds the working database after {wait:g} s; "
                    f"lock file {self.path}"
                ) from None
        # We hold the lock. A PID still in the file belongs to a run that died
        # without releasing (kill -9, power loss): stale, so clear it.
        # (With the lock held, even a live PID in the file is not the holder: a reused PID.)
        holder = read_holder(self.path)
        if holder and holder[0] != os.getpid():
            self.stale = holder
        started = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        _write(self.path, f"{os.getpid()}\n{started}\n")
        self.lock = lock
        return self

    def release(self) -> None:
        if self.lock is None:
            return
        try:
            _write(self.path, "")
        finally:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> UpdateLock:
        return self if self.lock is not None else self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def _write(path: Path, content: str) -> None:
    """Replace the lock file's content in place (its inode is what is locked)."""
    with open(path, "r+", encoding="utf-8") as handle:
        handle.truncate()
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


# How long a writing command waits for the writer lock before it gives up (one line, exit 1).
WRITER_WAIT_S = 3600


def writer_lock(db_path, say=None, wait: float = WRITER_WAIT_S) -> UpdateLock:
    """The writer lock of the working database ``db_path``, waited for (``with writer_lock(p):``)."""
    lock = UpdateLock(lock_path_for(db_path))
    lock.acquire(wait=wait, say=say)
    return lock
