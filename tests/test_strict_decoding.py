"""Issue #16: bytes that do not decode are a crawl error naming the file and the byte offset,
never mojibake; actions and sponsors are the source's current list (a good crawl replaces
a bad one). Real spider runs (child processes) over copies of the recorded corpus."""

import shutil

from billtracker import storage
from billtracker.ingest.crawl import run_spider
from conftest import CORPUS, FORMATS, rows

AUTHORS = "BILL_VERSION_AUTHORS_TBL.dat"
SPONSORS = "select bill_id, name, role from sponsors order by 1, 2, 3"
ACTIONS = "select bill_id, date, description from actions order by 1, 2, 3"


def corpus_copy(tmp_path, folder: str, name: str, needle: bytes) -> tuple:
    """A corpus root whose ``folder/name`` has one invalid byte (0xff) before ``needle``."""
    root = tmp_path / "corpus"
    shutil.copytree(FORMATS / folder, root / "formats" / folder)
    path = root / "formats" / folder / name
    data = path.read_bytes()
    offset = data.index(needle)
    path.write_bytes(data[:offset] + b"\xff" + data[offset:])
    return root, offset


def errors(db_path, run_id) -> list[str]:
    return [
        e for (e,) in rows(db_path, "select error from crawl_errors where run_id = ?", [run_id])
    ]


def test_california_invalid_byte_is_an_error_not_mojibake(tmp_path):
    db = tmp_path / "billtracker.db"
    good = run_spider("california", db_path=db, replay=CORPUS, quiet=True)
    assert good["status"] == "ok"
    sponsors = rows(db, SPONSORS)
    assert any("Limón" in name for _, name, _ in sponsors)
    root, offset = corpus_copy(tmp_path, "ca_pubinfo/mini_2025", AUTHORS, b"Ramos")
    bad = run_spider("california", db_path=db, replay=root, quiet=True)
    assert bad["status"] == "partial"
    (error,) = errors(db, bad["run_id"])
    assert AUTHORS in error and f"byte 0xff at byte offset {offset}" in error
    assert rows(db, SPONSORS) == sponsors  # nothing from the bad file, nothing lost
    assert not any("Ã" in name for _, name, _ in rows(db, SPONSORS))


def test_maryland_invalid_byte_is_an_error_not_a_sponsor(tmp_path):
    db = tmp_path / "billtracker.db"
    root, offset = corpus_copy(tmp_path, "md_mga", "2025rs_legislation.json", b"Delegate")
    bad = run_spider("maryland", db_path=db, replay=root, quiet=True)
    assert bad["status"] == "failed"
    error = errors(db, bad["run_id"])[0]
    assert "2025rs/misc/billsmasterlist/legislation.json" in error.lower()
    assert f"byte 0xff at byte offset {offset}" in error
    assert rows(db, SPONSORS) == [] and rows(db, "select id from bills") == []


def test_a_good_crawl_replaces_a_bad_list(tmp_path):
    """Rows an earlier (bad) crawl stored that the source no longer lists are removed."""
    db = tmp_path / "billtracker.db"
    run_spider("california", db_path=db, replay=CORPUS, quiet=True)
    sponsors, actions = rows(db, SPONSORS), rows(db, ACTIONS)
    bill_id = sponsors[0][0]
    database = storage.open_db(db)
    storage.add_sponsors(database, bill_id, [{"name": "LimÃ³n", "role": "COAUTHOR"}])
    storage.add_actions(database, bill_id, [{"date": "2025-01-01", "description": "˙ţĂ("}])
    database.close()
    again = run_spider("california", db_path=db, replay=CORPUS, quiet=True)
    assert again["status"] == "ok"
    assert (rows(db, SPONSORS), rows(db, ACTIONS)) == (sponsors, actions)
