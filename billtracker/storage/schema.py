"""The database schema: opening the working database and its migrations, in order.

Migrations (``sqlite_utils.Migrations``) run when the database is opened; each adds
what a later feature needs and never drops data. Over 400 lines because the schema
is one list of migrations, read top to bottom.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import sqlite3
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

DEFAULT_DB = Path("data/billtracker.db")
DEFAULT_PUBLISHED = Path("data/published.db")

TABLES = (
    "jurisdictions",
    "bills",
    "versions",
    "actions",
    "sponsors",
    "sections",
    "checklist_items",
    "scores",
    "version_scores",
    "version_diffs",
    "changes",
    "crawl_runs",
    "crawl_errors",
)

migrations = Migrations("billtracker")


def working_db_path(path: str | os.PathLike | None = None) -> Path:
    """The working database: ``path``, else ``$BILLTRACKER_DB``, else ``data/billtracker.db``."""
    return Path(path or os.environ.get("BILLTRACKER_DB") or DEFAULT_DB)


# How long a writer waits for another one's transaction before "database is locked".
BUSY_TIMEOUT_S = 60


class Database(sqlite_utils.Database):
    """sqlite-utils' Database whose transactions take the write lock when they begin.

    ``BEGIN IMMEDIATE`` (for ``atomic()`` and for Python's implicit transactions) makes a
    second writer wait up to ``BUSY_TIMEOUT_S`` for the first; a deferred transaction that
    reads and then writes fails at once in WAL mode instead ("database is locked").
    """

    @contextlib.contextmanager
    def atomic(self):
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


def open_db(
    path: str | os.PathLike | None = None, *, migrate: bool = True
) -> sqlite_utils.Database:
    """Open (creating if needed) the working database with foreign keys on, migrated;
    every transaction begins IMMEDIATE (one writer at a time, the others wait)."""
    path = working_db_path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level="IMMEDIATE")
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    db = Database(conn)
    if migrate and migrations.pending(db):
        migrations.apply(db)
        db.table("schema_info").upsert(
            {"key": "schema_version", "value": str(len(migrations.applied(db)))}, pk="key"
        )
    return db


def now() -> str:
    """The current UTC time as an ISO 8601 string (seconds)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def normalise_for_hash(text: str) -> str:
    """Text as compared for identity: Unicode whitespace folded, ends stripped."""
    return re.sub(r"\s+", " ", text).strip()


def text_hash(text: str) -> str:
    """SHA-256 of the normalised text: the identity of a version."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()


@migrations(name="m001_initial")
def m001_initial(db: sqlite_utils.Database) -> None:
    """Create the data model of DESIGN.md."""
    db.table("jurisdictions").create(
        {"id": str, "name": str, "level": str, "state": str}, pk="id", not_null={"name"}
    )
    db.table("bills").create(
        {
            "id": str,
            "jurisdiction_id": str,
            "session": str,
            "identifier": str,
            "title": str,
            "status": str,
            "chamber": str,
            "source_url": str,
            "source": str,
            "first_seen": str,
            "updated": str,
        },
        pk="id",
        foreign_keys=[("jurisdiction_id", "jurisdictions", "id")],
        not_null={"jurisdiction_id", "session", "identifier"},
    )
    db.table("versions").create(
        {
            "id": str,
            "bill_id": str,
            "slug": str,
            "label": str,
            "date": str,
            "ordinal": int,
            "url": str,
            "source": str,
            "text": str,
            "marked_text": str,
            "text_hash": str,
            "chars": int,
            "notes": str,
            "fetched_at": str,
        },
        pk="id",
        foreign_keys=[("bill_id", "bills", "id")],
        not_null={"bill_id", "text", "text_hash"},
    )
    db.table("versions").create_index(["bill_id", "text_hash"], unique=True)
    db.table("versions").create_index(["bill_id", "date"])
    db.table("actions").create(
        {
            "id": int,
            "bill_id": str,
            "ordinal": int,
            "date": str,
            "actor": str,
            "description": str,
            "classification": str,
        },
        pk="id",
        foreign_keys=[("bill_id", "bills", "id")],
        not_null={"bill_id", "description"},
    )
    db.table("actions").create_index(["bill_id", "date", "description"], unique=True)
    db.table("sponsors").create(
        {"id": int, "bill_id": str, "name": str, "role": str},
        pk="id",
        foreign_keys=[("bill_id", "bills", "id")],
        not_null={"bill_id", "name"},
    )
    db.table("sponsors").create_index(["bill_id", "name", "role"], unique=True)
    db.table("sections").create(
        {
            "id": str,
            "version_id": str,
            "ordinal": int,
            "citation": str,
            "heading": str,
            "text": str,
            "start": int,
            "end": int,
        },
        pk="id",
        foreign_keys=[("version_id", "versions", "id")],
        not_null={"version_id", "text"},
    )
    db.table("sections").create_index(["version_id", "ordinal"], unique=True)
    db.table("checklist_items").create(
        {
            "id": str,
            "category": str,
            "title": str,
            "description": str,
            "polarity": str,
            "weight": float,
            "checklist_version": str,
        },
        pk="id",
    )
    db.table("scores").create(
        {
            "version_id": str,
            "item_id": str,
            "checklist_version": str,
            "label": str,
            "confidence": float,
            "section_id": str,
            "citation": str,
            "quote": str,
            "evidence": str,
            "explanation": str,
            "scored_at": str,
        },
        pk=("version_id", "item_id", "checklist_version"),
        foreign_keys=[
            ("version_id", "versions", "id"),
            ("item_id", "checklist_items", "id"),
        ],
    )
    db.table("scores").create_index(["item_id", "label"])
    db.table("version_scores").create(
        {
            "version_id": str,
            "checklist_version": str,
            "score": float,
            "categories": str,
            "scored_at": str,
        },
        pk=("version_id", "checklist_version"),
        foreign_keys=[("version_id", "versions", "id")],
    )
    db.table("version_diffs").create(
        {
            "from_version": str,
            "to_version": str,
            "bill_id": str,
            "checklist_version": str,
            "item_changes": str,
            "score_change": float,
            "summary": str,
            "sections_changed": int,
            "created": str,
        },
        pk=("from_version", "to_version"),
        foreign_keys=[
            ("from_version", "versions", "id"),
            ("to_version", "versions", "id"),
            ("bill_id", "bills", "id"),
        ],
    )
    db.table("changes").create(
        {
            "id": int,
            "at": str,
            "bill_id": str,
            "version_id": str,
            "kind": str,
            "item_id": str,
            "detail": str,
            "key": str,
        },
        pk="id",
        foreign_keys=[("bill_id", "bills", "id")],
        not_null={"at", "bill_id", "kind", "key"},
    )
    db.table("changes").create_index(["key"], unique=True)
    db.table("changes").create_index(["bill_id", "at"])
    db.table("crawl_runs").create(
        {
            "id": int,
            "spider": str,
            "started": str,
            "finished": str,
            "status": str,
            "items": int,
            "versions_added": int,
            "errors": int,
            "replay": str,
        },
        pk="id",
    )
    db.table("crawl_errors").create(
        {"id": int, "run_id": int, "spider": str, "url": str, "error": str, "at": str},
        pk="id",
        foreign_keys=[("run_id", "crawl_runs", "id")],
    )
    db.table("schema_info").insert({"key": "schema_version", "value": str(1)}, pk="key")


def schema_version(db: sqlite_utils.Database) -> int:
    """The schema version recorded in the database: how many migrations it has (0 if none)."""
    if not db.table("schema_info").exists():
        return 0
    row = db.execute("select value from schema_info where key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


@migrations(name="m002_related_bills")
def m002_related_bills(db: sqlite_utils.Database) -> None:
    """Links between bills (same-as, previous versions) and per-run output counts.

    ``related_bills`` holds one row per link (``relation``: ``same-as`` or
    ``previous-version``); the other bill need not be stored. ``crawl_runs``
    gains ``bills`` and ``versions``: how many bills and versions the run's
    spider yielded (stored or already known), for the zero-output rule.
    """
    db.table("related_bills").create(
        {"id": int, "bill_id": str, "related_id": str, "relation": str},
        pk="id",
        foreign_keys=[("bill_id", "bills", "id")],
        not_null={"bill_id", "related_id", "relation"},
    )
    db.table("related_bills").create_index(["bill_id", "related_id", "relation"], unique=True)
    db.table("crawl_runs").add_column("bills", int)
    db.table("crawl_runs").add_column("versions", int)


@migrations(name="m003_update_runs")
def m003_update_runs(db: sqlite_utils.Database) -> None:
    """The scheduled job's ledger: runs, publishes, announced bill state and alerts.

    ``update_runs`` holds one row per ``billtracker update`` (its pid, timing,
    status and counts); ``publish_runs`` one row per publish it attempted;
    ``bill_state`` the status last announced per bill and ``update_state`` the
    last action announced (so status and action changes are recorded once);
    ``alert_subscriptions`` when each subscription was first seen (it hears of
    changes from then on) and ``alerts_sent`` one row per change and
    subscription: sent, failed (retried on later runs) or abandoned.
    ``alerts_sent`` names subscriptions by id and channel, never an address:
    the working database is published.
    """
    db.table("update_runs").create(
        {
            "id": int,
            "pid": int,
            "started": str,
            "finished": str,
            "status": str,
            "spiders": str,
            "failed": str,
            "versions_added": int,
            "scored": int,
            "diffed": int,
            "changes": int,
            "alerts_sent": int,
            "alerts_failed": int,
            "summary": str,
        },
        pk="id",
    )
    db.table("publish_runs").create(
        {
            "id": int,
            "update_run_id": int,
            "started": str,
            "finished": str,
            "status": str,
            "published_path": str,
            "bills": int,
            "versions": int,
            "error": str,
        },
        pk="id",
    )
    db.table("bill_state").create(
        {"bill_id": str, "status": str, "checked": str},
        pk="bill_id",
        foreign_keys=[("bill_id", "bills", "id")],
    )
    db.table("update_state").create({"key": str, "value": str}, pk="key")
    db.table("alert_subscriptions").create(
        {"id": str, "first_seen": str, "since_change_id": int}, pk="id"
    )
    db.table("alerts_sent").create(
        {
            "id": int,
            "subscription": str,
            "change_id": int,
            "channel": str,
            "status": str,
            "attempts": int,
            "last_error": str,
            "created": str,
            "sent_at": str,
        },
        pk="id",
        foreign_keys=[("change_id", "changes", "id")],
        not_null={"subscription", "change_id", "channel", "status"},
    )
    db.table("alerts_sent").create_index(["subscription", "change_id", "channel"], unique=True)
    db.table("alerts_sent").create_index(["status"])
    db.table("changes").create_index(["version_id", "kind"])


@migrations(name="m004_similar_bills")
def m004_similar_bills(db: sqlite_utils.Database) -> None:
    """Precomputed similar versions across bills (``billtracker.analysis.similar.build_similar``)."""
    db.table("similar_bills").create(
        {
            "version_id": str,
            "other_version_id": str,
            "bill_id": str,
            "other_bill_id": str,
            "similarity": float,
            "shared": str,
            "created": str,
        },
        pk=("version_id", "other_version_id"),
        foreign_keys=[("version_id", "versions", "id"), ("other_version_id", "versions", "id")],
        if_not_exists=True,
    )
    db.table("similar_bills").create_index(["other_version_id"], if_not_exists=True)


@migrations(name="m005_score_warnings")
def m005_score_warnings(db: sqlite_utils.Database) -> None:
    """What the comparator warned about a version's text (JSON list), e.g. lost strike marks."""
    db.table("version_scores").add_column("warnings", str)


@migrations(name="m006_latest_versions")
def m006_latest_versions(db: sqlite_utils.Database) -> None:
    """The ``latest_versions`` and ``latest_scored_versions`` views (``storage.queries``)."""
    from .queries import latest_versions_sql

    for sql in latest_versions_sql():
        db.execute(sql)


@migrations(name="m007_version_signatures")
def m007_version_signatures(db: sqlite_utils.Database) -> None:
    """Each version's MinHash signature (``compare.similar``), computed once, so finding
    similar bills for new versions does not read every text again."""
    db.table("version_signatures").create(
        {"version_id": str, "signature": bytes},
        pk="version_id",
        foreign_keys=[("version_id", "versions", "id")],
        if_not_exists=True,
    )


@migrations(name="m008_score_direction")
def m008_score_direction(db: sqlite_utils.Database) -> None:
    """Which way a version points (protective, restrictive, mixed, none): see
    ``compare.score.direction``; ``latest_scored_versions`` shows it too. Versions scored
    before it are re-scored with a new checklist version."""
    from .queries import LATEST_SCORED_WITH_DIRECTION

    db.table("version_scores").add_column("direction", str)
    db.execute("drop view if exists latest_scored_versions")
    db.execute(LATEST_SCORED_WITH_DIRECTION)


@migrations(name="m009_relevance")
def m009_relevance(db: sqlite_utils.Database) -> None:
    """Whether a version is on topic (1/0) and why (``analysis.relevance``); filled by
    ``billtracker score`` for versions scored before it. ``latest_scored_versions`` shows
    both."""
    from .queries import LATEST_SCORED_WITH_RELEVANCE

    db.table("version_scores").add_column("on_topic", int)
    db.table("version_scores").add_column("topic_reason", str)
    db.execute("drop view if exists latest_scored_versions")
    db.execute(LATEST_SCORED_WITH_RELEVANCE)
