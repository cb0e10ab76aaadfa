"""Follow each publish: every request is answered from the published file as it is when the
request starts, never from the file Datasette opened at start-up.

``billtracker publish`` replaces the served file with ``os.replace`` (a new inode). At start-up
each immutable database is swapped for a :class:`FollowingDatabase`; at the start of every
request the wrapper stats its path (dev, inode, mtime, size) and, when the file was replaced,
pins the new one as the next *generation* with a hard link beside it
(``.published.db.<inode>.serving``, the last few kept; a read-only folder falls back to the
path itself). All the
queries of one request run on connections to that request's generation, so an answer is
never a mixture of two publishes, and table counts are recounted for each generation.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import sqlite3
import threading
from pathlib import Path

from datasette import hookimpl
from datasette.database import Database

KEEP_GENERATIONS = 4  # open files kept for requests still running on an older publish
_pinned: contextvars.ContextVar[dict | None] = contextvars.ContextVar("bt_pinned", default=None)
_local = threading.local()


def _identity(stat: os.stat_result) -> tuple:
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)


class FollowingDatabase(Database):
    """An immutable database whose queries run on the file as it was when their request began."""

    def __init__(self, ds, path: str):
        super().__init__(ds, path=path, is_mutable=False)
        self.generations: list[tuple[tuple, str]] = []  # (identity, path to open), newest last
        for stale in Path(path).parent.glob(f".{Path(path).name}.*.serving"):
            stale.unlink(missing_ok=True)  # left by a server that was killed

    def current(self) -> tuple[tuple, str]:
        """The newest generation, pinning the file anew (a hard link) when it was replaced."""
        try:
            identity = _identity(os.stat(self.path))
        except OSError:  # mid-replace or gone: keep serving what we have
            identity = None
        if self.generations and identity in (None, self.generations[-1][0]):
            return self.generations[-1]
        path = Path(self.path)
        link = path.with_name(f".{path.name}.{identity[1] if identity else 0}.serving")
        try:  # a second name keeps this inode reachable after the next publish replaces it
            link.unlink(missing_ok=True)
            os.link(path, link)
            self.generations.append((_identity(os.stat(link)), str(link)))
        except OSError:  # a read-only folder: follow the path itself
            self.generations.append((identity, str(path)))
        self._cached_table_counts = None
        self.cached_hash = self.cached_size = None
        while len(self.generations) > KEEP_GENERATIONS:
            old = self.generations.pop(0)[1]
            if old != self.path:
                Path(old).unlink(missing_ok=True)
        return self.generations[-1]

    @property
    def cached_table_counts(self):
        return None  # counted per generation, never the start-up file's

    async def execute_fn(self, fn):
        pinned = _pinned.get() or {}
        generation = pinned.get(self.name) or self.current()

        def in_thread():
            conns = _local.__dict__.setdefault("conns", {})
            key = (self.name, generation[0])
            conn = conns.get(key)
            if conn is None:
                for old in [k for k in conns if k[0] == self.name]:
                    conns.pop(old).close()
                conn = sqlite3.connect(
                    f"file:{generation[1]}?immutable=1",
                    uri=True,
                    check_same_thread=False,
                )
                self.ds._prepare_connection(conn, self.name)
                conns[key] = conn
            return fn(conn)

        return await asyncio.get_running_loop().run_in_executor(self.ds.executor, in_thread)


@hookimpl
def startup(datasette):
    for name, db in list(datasette.databases.items()):
        if db.path and not db.is_mutable and not isinstance(db, FollowingDatabase):
            datasette.remove_database(name)
            datasette.add_database(FollowingDatabase(datasette, db.path), name=name)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def pinned(scope, receive, send):
            if scope.get("type") != "http":
                return await app(scope, receive, send)
            generations = {
                name: db.current()
                for name, db in datasette.databases.items()
                if isinstance(db, FollowingDatabase)
            }
            token = _pinned.set(generations)
            try:
                await app(scope, receive, send)
            finally:
                _pinned.reset(token)

        return pinned

    return wrap
