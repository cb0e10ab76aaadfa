"""The storage module: migrations, append-only versions keyed by text, foreign keys."""

import sqlite3

import pytest

from billtracker import db as dbmod

BILL = {
    "id": "ca/2017-2018/SB54",
    "jurisdiction_id": "ca",
    "session": "2017-2018",
    "identifier": "SB54",
}


@pytest.fixture
def database(db_path):
    database = dbmod.open_db(db_path)
    dbmod.save_jurisdiction(database, "ca", "California")
    dbmod.save_bill(database, BILL)
    yield database
    database.close()


def test_every_table_of_the_data_model_exists(database):
    assert set(dbmod.TABLES) <= set(database.table_names())


def test_migrations_apply_once_and_reopening_is_safe(db_path, database):
    version = dbmod.schema_version(database)
    again = dbmod.open_db(db_path)
    assert dbmod.schema_version(again) == version == len(dbmod.migrations.applied(again))
    assert dbmod.migrations.pending(again) == []


def test_same_text_twice_adds_nothing(database):
    first = dbmod.add_version(
        database, {"bill_id": BILL["id"], "slug": "chaptered", "text": "The law."}
    )
    second = dbmod.add_version(
        database, {"bill_id": BILL["id"], "slug": "chaptered", "text": "The  law.\n"}
    )
    assert first == "ca/2017-2018/SB54@chaptered"
    assert second is None
    assert database.table("versions").count == 1


def test_changed_text_adds_a_version_and_keeps_the_old(database):
    dbmod.add_version(database, {"bill_id": BILL["id"], "slug": "chaptered", "text": "The law."})
    new = dbmod.add_version(
        database, {"bill_id": BILL["id"], "slug": "chaptered", "text": "The law!"}
    )
    assert new == "ca/2017-2018/SB54@chaptered-2"
    texts = [r[0] for r in database.execute("select text from versions order by ordinal")]
    assert texts == ["The law.", "The law!"]


def test_text_hash_ignores_whitespace_only(database):
    assert dbmod.text_hash("a  b\n") == dbmod.text_hash("a b")
    assert dbmod.text_hash("a b") != dbmod.text_hash("a B")


def test_foreign_keys_are_enforced(database):
    with pytest.raises(sqlite3.IntegrityError):
        dbmod.add_version(database, {"bill_id": "nowhere/1/X", "slug": "v1", "text": "x"})


def test_actions_and_sponsors_are_not_duplicated(database):
    action = {"date": "2017-10-05", "description": "Chaptered by Secretary of State.", "ordinal": 1}
    assert dbmod.add_actions(database, BILL["id"], [action]) == 1
    assert dbmod.add_actions(database, BILL["id"], [action]) == 0
    dbmod.add_sponsors(database, BILL["id"], [{"name": "De León", "role": "author"}])
    dbmod.add_sponsors(database, BILL["id"], [{"name": "De León", "role": "author"}])
    assert database.table("sponsors").count == 1


def test_a_change_is_recorded_once(database):
    for _ in range(2):
        dbmod.record_change(database, bill_id=BILL["id"], kind="new_bill", detail="New bill: SB 54")
    assert database.table("changes").count == 1


def test_working_db_path_prefers_argument_then_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("BILLTRACKER_DB", str(tmp_path / "env.db"))
    assert dbmod.working_db_path() == tmp_path / "env.db"
    assert dbmod.working_db_path(tmp_path / "arg.db") == tmp_path / "arg.db"
    monkeypatch.delenv("BILLTRACKER_DB")
    assert dbmod.working_db_path() == dbmod.DEFAULT_DB
