"""Build the database Datasette serves from the working one, and swap it in atomically.

The working database is copied with ``VACUUM INTO`` to a temporary file beside
the published one; the copy gets full-text search and the matrix table
(``matrix_table``), is checked (integrity,
expected tables, row counts that have not collapsed) and only then replaces the
published file with ``os.replace``. A failed or killed publish leaves the
published file as it was; the next publish clears any temporary file left behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import sqlite_utils
from filelock import FileLock, Timeout

from billtracker.errors import PublishError, disk_full, is_disk_full
from billtracker.publishing.matrix_table import add_matrix
from billtracker.storage import TABLES

EXPECTED_TABLES = (*TABLES, "schema_info")

# Full-text search in the published copy: table -> columns indexed.
SEARCH_COLUMNS = {
    "bills": ["identifier", "title"],
    "versions": ["label", "text"],
    "sections": ["citation", "heading", "text"],
}

# Tables whose row count may not fall below half of the published copy's.
GUARDED_TABLES = ("bills", "versions")

Progress = Callable[[str], None]


def publish(
    working_path: str | os.PathLike,
    published_path: str | os.PathLike,
    *,
    progress: Progress | None = None,
    allow_shrink: bool = False,
    to: Iterable[str | os.PathLike] = (),
) -> dict[str, int]:
    """Copy, index and check the working database, then replace the published one.

    ``to``: directories each holding a replica served by another Datasette;
    after the published file is replaced, :func:`publish_to` replaces the copy
    in each of them the same way (temporary file, checked, ``os.replace``).

    Returns the number of rows per table in the new published database. Raises
    ``PublishError`` (leaving the published file untouched) when the working
    database is missing or unreadable, the copy fails its checks, or the bills
    or versions would shrink below half of what is published now (unless
    ``allow_shrink``).
    """
    working, published = Path(working_path), Path(published_path)
    say = progress or (lambda message: None)
    if not working.is_file():
        raise PublishError(f"no working database at {working}: nothing to publish")
    published.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_path(published)
    with publish_lock(published):
        remove_temp(temp)  # left behind by a publish that was killed
        try:
            say(f"copying {working} to {temp}")
            copy_database(working, temp)
            counts = check_copy(temp, working)
            check_shrink(published, counts, allow_shrink=allow_shrink, say=say)
            say("adding full-text search to " + ", ".join(SEARCH_COLUMNS))
            add_search(temp)
            say("building the matrix table")
            add_matrix(temp)
            check_integrity(temp, working)
            sync_file(temp)
            os.replace(temp, published)
            sync_dir(published.parent)
        except (sqlite3.DatabaseError, OSError) as ex:
            remove_temp(temp)
            if is_disk_full(ex):
                raise disk_full(temp, ex) from ex
            if isinstance(ex, OSError):
                raise
            raise PublishError(f"could not publish {working}: {ex}") from ex
        except BaseException:
            remove_temp(temp)
            raise
    say(
        f"published {published}: {counts.get('bills', 0)} bills, {counts.get('versions', 0)} versions"
    )
    if to:
        publish_to(published, to, progress=progress)
    return counts


def publish_to(
    published_path: str | os.PathLike,
    dirs: Iterable[str | os.PathLike],
    *,
    progress: Progress | None = None,
) -> list[Path]:
    """Replace the copy of the published database in each of ``dirs``, atomically per directory.

    Each copy is written to a temporary file beside its target, checked
    (same SHA-256 as the source, ``PRAGMA quick_check``) and renamed over the
    target with ``os.replace``: a Datasette serving the directory sees the old
    file or the new one, never a partial one. Returns the paths replaced.
    Raises ``PublishError`` for a missing source or a copy that fails its
    check (that directory keeps its old file; directories done before keep
    the new one).
    """
    source = Path(published_path)
    say = progress or (lambda message: None)
    if not source.is_file():
        raise PublishError(f"no published database at {source}: nothing to replicate")
    done = []
    for folder in dict.fromkeys(Path(d) for d in dirs):
        target = folder / source.name
        if target.resolve() == source.resolve():
            continue
        folder.mkdir(parents=True, exist_ok=True)
        temp = temp_path(target)
        with publish_lock(target):
            remove_temp(temp)
            try:
                digest = copy_file(source, temp)
                if file_digest(temp) != digest:
                    raise PublishError(f"the copy {temp} differs from {source}")
                check_quick(temp)
                sync_file(temp)
                os.replace(temp, target)
                sync_dir(folder)
            except (OSError, sqlite3.DatabaseError) as ex:
                remove_temp(temp)
                if is_disk_full(ex):
                    raise disk_full(temp, ex) from ex
                raise PublishError(f"could not replicate {source} to {folder}: {ex}") from ex
            except BaseException:
                remove_temp(temp)
                raise
        say(f"replicated {source} to {target}")
        done.append(target)
    return done


def copy_file(source: Path, dest: Path) -> str:
    """Copy ``source`` to ``dest``; the SHA-256 of the bytes read."""
    digest = hashlib.sha256()
    with open(source, "rb") as src, open(dest, "wb") as out:
        while chunk := src.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
    shutil.copymode(source, dest)
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def check_quick(path: Path) -> None:
    """``PRAGMA quick_check`` on a replica before it goes live."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    finally:
        conn.close()
    if problems != ["ok"]:
        raise PublishError(f"the replica {path} failed its check: {'; '.join(problems[:5])}")


def temp_path(published: Path) -> Path:
    """The temporary file a publish builds beside ``published``."""
    return published.with_name(published.name + "-publishing")


def remove_temp(temp: Path) -> None:
    """Delete a temporary copy and any journal SQLite left beside it."""
    for path in (temp, *(Path(f"{temp}{suffix}") for suffix in ("-journal", "-wal", "-shm"))):
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def publish_lock(published: Path) -> Iterator[None]:
    """Hold an exclusive lock (``filelock``) so two publishes never share the temporary file."""
    lock = FileLock(
        published.with_name(published.name + ".lock"), timeout=0, preserve_lock_file=True
    )
    try:
        lock.acquire()
    except Timeout as ex:
        raise PublishError(f"another publish to {published} is running") from ex
    try:
        yield
    finally:
        lock.release()


def copy_database(working: Path, temp: Path) -> None:
    """``VACUUM INTO`` a consistent, compact copy of the working database."""
    conn = sqlite3.connect(str(working), timeout=30)
    try:
        conn.execute("VACUUM INTO ?", [str(temp)])
    except sqlite3.DatabaseError as ex:
        if is_disk_full(ex):  # the destination is full; the working database is not to blame
            raise disk_full(temp, ex) from ex
        raise PublishError(
            f"could not copy the working database {working} ({ex}): "
            f"is it sound? try: sqlite3 {working} 'pragma integrity_check'"
        ) from ex
    finally:
        conn.close()


def check_copy(temp: Path, working: Path) -> dict[str, int]:
    """Check every expected table is present; return row counts of the ordinary tables."""
    db = sqlite_utils.Database(str(temp))
    try:
        names = db.table_names()
        missing = [t for t in EXPECTED_TABLES if t not in names]
        if missing:
            raise PublishError(
                f"the working database {working} lacks table(s) {', '.join(missing)}: "
                "is it a migrated billtracker database?"
            )
        search_tables = {f"{t}_fts" for t in SEARCH_COLUMNS}
        ordinary = [
            t
            for t in names
            if not any(t == s or t.startswith(s + "_") for s in search_tables)
            and not t.startswith("sqlite_")
        ]
        ordered = [t for t in EXPECTED_TABLES] + sorted(set(ordinary) - set(EXPECTED_TABLES))
        return {t: db.table(t).count for t in ordered}
    finally:
        db.close()


def published_counts(published: Path) -> dict[str, int] | None:
    """Row counts of the guarded tables in the published database, or None if unreadable."""
    if not published.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{published.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return {
                t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in GUARDED_TABLES
            }
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None


def check_shrink(published: Path, counts: dict[str, int], *, allow_shrink: bool, say: Progress):
    """Refuse a copy whose bills or versions fell below half of the published ones."""
    before = published_counts(published)
    if before is None:
        if published.exists():
            say(f"the published database {published} cannot be read: replacing it")
        return
    for table in GUARDED_TABLES:
        old, new = before[table], counts[table]
        if new * 2 < old:
            message = (
                f"{table} would shrink from {old} to {new} rows "
                f"(under half of what {published} holds)"
            )
            if not allow_shrink:
                raise PublishError(
                    f"refusing to publish: {message}; allow_shrink (--allow-shrink) overrides"
                )
            say(f"publishing anyway: {message}")


def add_search(temp: Path) -> None:
    """Build FTS5 indexes (no triggers: the published copy is read-only)."""
    db = sqlite_utils.Database(str(temp))
    try:
        for table, columns in SEARCH_COLUMNS.items():
            handle = db.table(table)
            if db.table(f"{table}_fts").exists():
                handle.disable_fts()  # rowids may differ from the working copy's index
            handle.enable_fts(columns, fts_version="FTS5", tokenize="porter", create_triggers=False)
            db.table(f"{table}_fts").optimize()
        db.execute("PRAGMA journal_mode = DELETE")
        db.conn.commit()
    finally:
        db.close()


def check_integrity(temp: Path, working: Path) -> None:
    """Run ``PRAGMA integrity_check`` on the copy; raise with its first complaints."""
    conn = sqlite3.connect(str(temp))
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()
    if problems != ["ok"]:
        shown = "; ".join(problems[:5]) + ("; ..." if len(problems) > 5 else "")
        raise PublishError(f"the copy of {working} failed its integrity check: {shown}")


def sync_file(path: Path) -> None:
    """Flush a file to disk before it is renamed into place."""
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def sync_dir(directory: Path) -> None:
    """Flush a directory entry (the rename) to disk where the platform allows it."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
