"""The storage module: migrations, append-only versions keyed by text, foreign keys."""

import sqlite3

import pytest

from billtracker import storage

BILL = {
    "id": "ca/2017-2018/SB54",
    "jurisdiction_id": "ca",
    "session": "2017-2018",
    "identifier": "SB54",
}


@pytest.fixture
def database(db_path):
    database = storage.open_db(db_path)
    storage.save_jurisdiction(database, "ca", "California")
    storage.save_bill(database, BILL)
    yield database
    database.close()


def test_every_table_of_the_data_model_exists(database):
    assert set(storage.TABLES) <= set(database.table_names())


def test_migrations_apply_once_and_reopening_is_safe(db_path, database):
    version = storage.schema_version(database)
    again = storage.open_db(db_path)
    assert storage.schema_version(again) == version == len(storage.migrations.applied(again))
    assert storage.migrations.pending(again) == []


def test_same_text_twice_adds_nothing(database):
    first = storage.add_version(
        database, {"bill_id": BILL["id"], "slug": "chaptered", "text": "The law."}
    )
    second = storage.add_version(
        database, {"bill_id": BILL["id"], "slug": "chaptered", "text": "The  law.\n"}
    )
    assert first == "ca/2017-2018/SB54@chaptered"
    assert second is None
    assert database.table("versions").count == 1


def test_changed_text_adds_a_version_and_keeps_the_old(database):
    storage.add_version(database, {"bill_id": BILL["id"], "slug": "chaptered", "text": "The law."})
    new = storage.add_version(
        database, {"bill_id": BILL["id"], "slug": "chaptered", "text": "The law!"}
    )
    assert new == "ca/2017-2018/SB54@chaptered-2"
    texts = [r[0] for r in database.execute("select text from versions order by ordinal")]
    assert texts == ["The law.", "The law!"]


def test_text_hash_ignores_whitespace_only(database):
    assert storage.text_hash("a  b\n") == storage.text_hash("a b")
    assert storage.text_hash("a b") != storage.text_hash("a B")


def test_foreign_keys_are_enforced(database):
    with pytest.raises(sqlite3.IntegrityError):
        storage.add_version(database, {"bill_id": "nowhere/1/X", "slug": "v1", "text": "x"})


def test_actions_and_sponsors_are_not_duplicated(database):
    action = {"date": "2017-10-05", "description": "Chaptered by Secretary of State.", "ordinal": 1}
    assert storage.add_actions(database, BILL["id"], [action]) == 1
    assert storage.add_actions(database, BILL["id"], [action]) == 0
    storage.add_sponsors(database, BILL["id"], [{"name": "De León", "role": "author"}])
    storage.add_sponsors(database, BILL["id"], [{"name": "De León", "role": "author"}])
    assert database.table("sponsors").count == 1


def test_a_change_is_recorded_once(database):
    for _ in range(2):
        storage.record_change(
            database, bill_id=BILL["id"], kind="new_bill", detail="New bill: SB 54"
        )
    assert database.table("changes").count == 1


def test_working_db_path_prefers_argument_then_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("BILLTRACKER_DB", str(tmp_path / "env.db"))
    assert storage.working_db_path() == tmp_path / "env.db"
    assert storage.working_db_path(tmp_path / "arg.db") == tmp_path / "arg.db"
    monkeypatch.delenv("BILLTRACKER_DB")
    assert storage.working_db_path() == storage.DEFAULT_DB
