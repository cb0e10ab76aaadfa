"""The reviews database: an append-only history of what people said about the comparator's labels.

It lives beside the published database (``reviews.db`` next to ``published.db``) and is
the only file the site writes. ``update`` and ``publish`` never open it for writing;
``publish --to`` sends a checked snapshot of it to each replica (``snapshot``).

One row of ``reviews`` per review: who (``reviewer``, ``role``), when (``at``), what
(``version_id``, ``item_id``, the version's ``text_hash``), the comparator's label then
(``from_label``, under ``checklist_version``), the reviewed label (``to_label``), the
``reason`` and, for a present label, the ``quote`` (verbatim in the text, at
``quote_start``). Triggers refuse UPDATE and DELETE. A review is attached to its version
and item, not to a checklist version, so it survives re-scoring; the latest row of a
(version, item) is the one that counts.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

LABELS = ("full", "partial", "absent")
SCHEMA = """
create table if not exists reviews (
    id integer primary key autoincrement,
    at text not null,
    reviewer text not null,
    role text not null,
    bill_id text not null,
    version_id text not null,
    item_id text not null,
    text_hash text not null,
    checklist_version text,
    from_label text,
    to_label text not null check (to_label in ('full', 'partial', 'absent')),
    reason text not null check (length(trim(reason)) > 0),
    quote text,
    quote_start integer
);
create index if not exists reviews_version_item on reviews (version_id, item_id, id);
create trigger if not exists reviews_no_update before update on reviews
    begin select raise(abort, 'reviews are append-only'); end;
create trigger if not exists reviews_no_delete before delete on reviews
    begin select raise(abort, 'reviews are append-only'); end;
"""
COLUMNS = (
    "at",
    "reviewer",
    "role",
    "bill_id",
    "version_id",
    "item_id",
    "text_hash",
    "checklist_version",
    "from_label",
    "to_label",
    "reason",
    "quote",
    "quote_start",
)


def reviews_path_for(published_path: str | os.PathLike) -> Path:
    """The reviews database beside a published one."""
    return Path(published_path).with_name("reviews.db")


def connect(path: str | os.PathLike) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL, waiting for the writer."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=60)
    conn.execute("pragma journal_mode = wal")
    conn.execute("pragma synchronous = full")
    return conn


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the table, index and append-only triggers when missing (WAL journal)."""
    conn.execute("pragma journal_mode = wal")
    conn.executescript(SCHEMA)


def open_reviews(path: str | os.PathLike) -> sqlite3.Connection:
    """Open (creating when needed) the reviews database at ``path``."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path)
    ensure_schema(conn)
    return conn


def append(conn: sqlite3.Connection, review: dict) -> int:
    """Append one checked review (``forms.check_review``) in an IMMEDIATE transaction; its id."""
    row = {k: review.get(k) for k in COLUMNS}
    row["at"] = row["at"] or now()
    conn.execute("begin immediate")
    try:
        cursor = conn.execute(
            f"insert into reviews ({', '.join(COLUMNS)}) "
            f"values ({', '.join(':' + c for c in COLUMNS)})",
            row,
        )
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise
    return cursor.lastrowid


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def has_reviews(conn: sqlite3.Connection) -> bool:
    found = conn.execute(
        "select 1 from sqlite_master where type = 'table' and name = 'reviews'"
    ).fetchone()
    return found is not None


def current(conn: sqlite3.Connection, version_ids: list[str] | None = None) -> list[dict]:
    """The latest review of each (version, item), for some versions or all."""
    if not has_reviews(conn):
        return []
    where, params = "", []
    if version_ids is not None:
        where = f"where version_id in ({', '.join('?' * len(version_ids))})"
        params = list(version_ids)
    return rows(
        conn,
        f"""select r.* from reviews r join (
              select max(id) as id from reviews {where} group by version_id, item_id
            ) latest on latest.id = r.id order by r.id""",
        params,
    )


def history(conn: sqlite3.Connection, version_id: str, item_id: str) -> list[dict]:
    """Every review of one (version, item), oldest first."""
    if not has_reviews(conn):
        return []
    return rows(
        conn,
        "select * from reviews where version_id = ? and item_id = ? order by id",
        [version_id, item_id],
    )


def snapshot(path: str | os.PathLike, dest: str | os.PathLike) -> Path:
    """A consistent copy of the reviews database at ``dest`` (SQLite's backup API), one file."""
    dest = Path(dest)
    dest.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(str(dest))
        try:
            source.backup(target)
            target.execute("pragma journal_mode = delete")
        finally:
            target.close()
    finally:
        source.close()
    return dest
