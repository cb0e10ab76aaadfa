"""Publishing: VACUUM INTO a temporary copy, add search, check it, swap it in atomically."""

import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from billtracker import storage
from billtracker.errors import PublishError
from billtracker.publishing import publish as publishmod
from billtracker.publishing.publish import publish, temp_path
from conftest import fill

ROOT = Path(__file__).resolve().parent.parent
CHECKLIST_VERSION = "test-1"

SB54_INTRODUCED = """SECTION 1. Section 7284.6 is added to the Government Code.
(a) California law enforcement agencies shall not detain an individual on the basis of
a hold request or immigration detainer.
(b) Agencies shall not provide personal information to immigration authorities."""

SB54_ENROLLED = """SECTION 1. Section 7284.6 is added to the Government Code.
(a) California law enforcement agencies shall not hold an individual on the basis of a
hold request.
(b) Agencies shall not give immigration authorities access to nonpublic areas of a
facility without a judicial warrant."""

AB450_INTRODUCED = """SECTION 1. Section 7285.1 is added to the Government Code.
An employer shall not provide voluntary consent to an immigration enforcement agent to
enter nonpublic areas of a place of labor."""


def make_working_db(path: Path, *, extra_bills: int = 0) -> Path:
    """A small working database written through billtracker.storage: two scored bills and a change."""
    db = storage.open_db(path)
    storage.save_jurisdiction(db, "ca", "California")
    storage.save_bill(
        db,
        {
            "id": "ca/2017-2018/SB54",
            "jurisdiction_id": "ca",
            "session": "2017-2018",
            "identifier": "SB 54",
            "title": "California Values Act",
            "status": "chaptered",
            "source_url": "https://leginfo.legislature.ca.gov/SB54",
        },
    )
    storage.save_bill(
        db,
        {
            "id": "ca/2017-2018/AB450",
            "jurisdiction_id": "ca",
            "session": "2017-2018",
            "identifier": "AB 450",
            "title": "Immigrant Worker Protection Act",
            "status": "introduced",
        },
    )
    for n in range(extra_bills):
        storage.save_bill(
            db, {"id": f"ca/2017-2018/AB{n}", "jurisdiction_id": "ca", "session": "2017-2018",
                 "identifier": f"AB {n}", "title": f"Filler bill {n}"}
        )  # fmt: skip
    introduced = storage.add_version(
        db,
        {"bill_id": "ca/2017-2018/SB54", "slug": "introduced", "label": "Introduced",
         "date": "2016-12-05", "text": SB54_INTRODUCED},
    )  # fmt: skip
    enrolled = storage.add_version(
        db,
        {"bill_id": "ca/2017-2018/SB54", "slug": "enrolled", "label": "Enrolled",
         "date": "2017-09-16", "text": SB54_ENROLLED},
    )  # fmt: skip
    ab450 = storage.add_version(
        db,
        {"bill_id": "ca/2017-2018/AB450", "slug": "introduced", "label": "Introduced",
         "date": "2017-02-13", "text": AB450_INTRODUCED},
    )  # fmt: skip
    db.table("sections").insert_all(
        [
            {"id": f"{introduced}#1", "version_id": introduced, "ordinal": 1,
             "citation": "Gov. Code § 7284.6(a)", "heading": "Detainers",
             "text": "(a) No detention on the basis of an immigration detainer."},
            {"id": f"{enrolled}#1", "version_id": enrolled, "ordinal": 1,
             "citation": "Gov. Code § 7284.6(b)", "heading": "Access",
             "text": "(b) No access to nonpublic areas without a judicial warrant."},
        ],
        pk="id",
    )  # fmt: skip
    items = [
        SimpleNamespace(id="judicial_warrant_access", category="access",
                        title="Judicial warrant for access", description="...",
                        polarity="protective", weight=1.0),
        SimpleNamespace(id="no_detainers", category="detention", title="No detainers",
                        description="...", polarity="protective", weight=1.0),
    ]  # fmt: skip
    storage.save_checklist(db, SimpleNamespace(version=CHECKLIST_VERSION, items=items))

    def score(version_id, item_id, label, quote=None):
        return {"version_id": version_id, "item_id": item_id, "label": label,
                "checklist_version": CHECKLIST_VERSION, "confidence": 0.9, "quote": quote,
                "scored_at": storage.now()}  # fmt: skip

    db.table("scores").insert_all(
        [
            score(introduced, "no_detainers", "full", "shall not detain an individual"),
            score(enrolled, "no_detainers", "full", "shall not hold an individual"),
            score(enrolled, "judicial_warrant_access", "partial", "without a judicial warrant"),
            score(ab450, "no_detainers", "absent"),
            score(ab450, "judicial_warrant_access", "absent"),
        ]
    )
    db.table("version_scores").insert_all(
        [
            {"version_id": introduced, "checklist_version": CHECKLIST_VERSION, "score": 40.0},
            {"version_id": enrolled, "checklist_version": CHECKLIST_VERSION, "score": 60.0},
            {"version_id": ab450, "checklist_version": CHECKLIST_VERSION, "score": 10.0},
        ]
    )
    storage.record_change(
        db,
        bill_id="ca/2017-2018/SB54",
        version_id=enrolled,
        kind="item_gained",
        item_id="judicial_warrant_access",
        detail="SB 54 (Enrolled) now requires a judicial warrant (partial)",
    )
    db.close()
    return path


@pytest.fixture
def working(tmp_path) -> Path:
    return make_working_db(tmp_path / "billtracker.db")


@pytest.fixture
def published(tmp_path, working) -> Path:
    target = tmp_path / "publish" / "published.db"
    publish(working, target)
    return target


def snapshot(path: Path):
    """What a reader of the published file would notice changing."""
    stat = path.stat()
    return path.read_bytes(), stat.st_mtime_ns, stat.st_ino


def leftovers(published: Path) -> list[str]:
    return sorted(p.name for p in published.parent.iterdir() if "publishing" in p.name)


def test_publish_copies_and_counts(tmp_path, working):
    target = tmp_path / "out" / "published.db"
    messages = []
    counts = publish(working, target, progress=messages.append)
    assert counts["bills"] == 2
    assert counts["versions"] == 3
    assert counts["scores"] == 5
    assert counts["changes"] == 1
    assert set(storage.TABLES) <= set(counts)
    assert target.is_file()
    assert leftovers(target) == []
    assert any("published" in m for m in messages)
    conn = sqlite3.connect(target)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    assert conn.execute("select count(*) from bills").fetchone()[0] == 2


def test_published_copy_has_full_text_search(published):
    conn = sqlite3.connect(published)
    rows = conn.execute(
        "select versions.id from versions join versions_fts on versions_fts.rowid = versions.rowid"
        " where versions_fts match 'detainer'"
    ).fetchall()
    assert rows == [("ca/2017-2018/SB54@introduced",)]
    assert (
        conn.execute(
            "select count(*) from versions_fts where versions_fts match 'detainer'"
        ).fetchone()[0]
        == 1
    )
    sections = conn.execute(
        "select sections.id from sections join sections_fts on sections_fts.rowid = sections.rowid"
        " where sections_fts match 'judicial warrant'"
    ).fetchall()
    assert sections == [("ca/2017-2018/SB54@enrolled#1",)]
    # no triggers: the published copy is never written to
    assert (
        conn.execute("select count(*) from sqlite_master where type = 'trigger'").fetchone()[0] == 0
    )


def test_republish_replaces_search_index(tmp_path, working, published):
    db = storage.open_db(working)
    storage.add_version(
        db, {"bill_id": "ca/2017-2018/AB450", "slug": "amended", "text": "no detainer holds"}
    )
    db.close()
    publish(working, published)
    conn = sqlite3.connect(published)
    found = conn.execute(
        "select versions.id from versions join versions_fts on versions_fts.rowid = versions.rowid"
        " where versions_fts match 'detainer' order by versions.id"
    ).fetchall()
    assert found == [("ca/2017-2018/AB450@amended",), ("ca/2017-2018/SB54@introduced",)]


def test_missing_working_db(tmp_path):
    with pytest.raises(PublishError, match="no working database"):
        publish(tmp_path / "nope.db", tmp_path / "published.db")
    assert not (tmp_path / "published.db").exists()


def break_not_null(path: Path) -> None:
    """Store a NULL under a NOT NULL column: VACUUM INTO copies it, integrity_check objects."""
    conn = sqlite3.connect(path)
    conn.execute("pragma writable_schema = on")
    sql = conn.execute("select sql from sqlite_master where name = 'bills'").fetchone()[0]
    conn.execute(
        "update sqlite_master set sql = ? where name = 'bills'",
        [sql.replace('"chamber" TEXT', '"chamber" TEXT NOT NULL')],
    )
    conn.commit()
    conn.close()


def drop_table(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("drop table crawl_errors")
    conn.commit()
    conn.close()


def corrupt_pages(path: Path) -> None:
    """Overwrite the middle of the file with garbage."""
    conn = sqlite3.connect(path)
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.execute("pragma journal_mode = delete")
    conn.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(page, len(data) - page, page * 2):
        data[start + 16 : start + page] = b"\xa5" * (page - 16)
    path.write_bytes(bytes(data))


def not_a_database(path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"this is not a database " * 200)


@pytest.mark.parametrize(
    "breaker, message",
    [
        (break_not_null, "integrity check.*NULL value in bills.chamber"),
        (drop_table, "lacks table.*crawl_errors"),
        (corrupt_pages, "could not copy the working database|integrity check"),
        (not_a_database, "not a database"),
    ],
)
def test_broken_working_db_leaves_published_untouched(tmp_path, published, breaker, message):
    before = snapshot(published)
    broken = make_working_db(tmp_path / "broken.db")
    breaker(broken)
    with pytest.raises(PublishError, match=message):
        publish(broken, published)
    assert snapshot(published) == before
    assert leftovers(published) == []


def test_shrink_protection(tmp_path):
    target = tmp_path / "published.db"
    publish(make_working_db(tmp_path / "big.db", extra_bills=4), target)
    before = snapshot(target)
    small = make_working_db(tmp_path / "small.db")
    with pytest.raises(PublishError, match=r"bills would shrink from 6 to 2 rows"):
        publish(small, target)
    assert snapshot(target) == before
    assert leftovers(target) == []
    counts = publish(small, target, allow_shrink=True)
    assert counts["bills"] == 2
    assert sqlite3.connect(target).execute("select count(*) from bills").fetchone()[0] == 2


def test_small_shrink_is_allowed(tmp_path):
    target = tmp_path / "published.db"
    publish(make_working_db(tmp_path / "a.db", extra_bills=1), target)
    assert publish(make_working_db(tmp_path / "b.db"), target)["bills"] == 2


def test_unreadable_published_db_is_replaced(tmp_path, working):
    target = tmp_path / "published.db"
    target.write_bytes(b"garbage" * 100)
    messages = []
    publish(working, target, progress=messages.append)
    assert sqlite3.connect(target).execute("select count(*) from bills").fetchone()[0] == 2
    assert any("cannot be read" in m for m in messages)


def test_leftover_temp_file_from_killed_publish(tmp_path, working, published):
    temp = temp_path(published)
    temp.write_bytes(b"half-written copy from a publish that was killed" * 1000)
    Path(f"{temp}-journal").write_bytes(b"stale journal")
    counts = publish(working, published)
    assert counts["bills"] == 2
    assert leftovers(published) == []
    assert sqlite3.connect(published).execute("pragma integrity_check").fetchone()[0] == "ok"


def test_interrupted_publish_cleans_up(tmp_path, working, published, monkeypatch):
    before = snapshot(published)

    def killed(temp):
        raise KeyboardInterrupt

    monkeypatch.setattr(publishmod, "add_search", killed)
    with pytest.raises(KeyboardInterrupt):
        publish(working, published)
    assert snapshot(published) == before
    assert leftovers(published) == []


def test_every_metadata_table_exists_in_a_published_real_schema(tmp_path):
    working = tmp_path / "empty.db"
    storage.open_db(working).close()
    target = tmp_path / "published.db"
    counts = publish(working, target)
    assert counts["bills"] == 0
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text())
    named = set(metadata["databases"]["published"]["tables"])
    conn = sqlite3.connect(target)
    present = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    assert named - present == set()
    assert {"versions_fts", "sections_fts", "bills_fts"} <= present


def test_concurrent_publish_refused(tmp_path, working, published):
    before = snapshot(published)
    with publishmod.publish_lock(published):
        with pytest.raises(PublishError, match="another publish"):
            publish(working, published)
    assert snapshot(published) == before
    assert publish(working, published)["bills"] == 2


def test_full_destination_is_named_not_the_working_database(tmp_path, full_disk):
    """A publish onto a full disk says so and names the file; it never blames the working db."""
    import subprocess
    import sys

    working = make_working_db(tmp_path / "billtracker.db")
    fill(full_disk)
    published = full_disk / "published.db"
    done = subprocess.run(
        [sys.executable, "-m", "billtracker", "publish", "--db", str(working)]
        + ["--published", str(published), "-q"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(f"Error: disk full: could not write {temp_path(published)}")
    assert "is it sound" not in done.stderr
    assert not published.exists() and not temp_path(published).exists()
