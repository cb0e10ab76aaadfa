"""The legistar spider (client nyc) in replay mode over the NYC mirror's two snapshots of Int 1412-2025."""

import pytest

from billtracker.ingest.crawl import run_spider
from conftest import CORPUS, FORMATS, rows
from scrapers import legistar_mirror

INT1412 = "nyc/2025/Int1412-2025"


@pytest.fixture(scope="module")
def replayed(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("legistar") / "billtracker.db"
    first = run_spider("legistar", db_path=db_path, replay=CORPUS, quiet=True, client="nyc")
    second = run_spider("legistar", db_path=db_path, replay=CORPUS, quiet=True, client="nyc")
    return db_path, first, second


def test_run_is_ok(replayed):
    assert (replayed[1]["status"], replayed[1]["errors"]) == ("ok", 0)


def test_bill_row(replayed):
    assert rows(
        replayed[0],
        "select jurisdiction_id, session, identifier, status from bills where id = ?",
        [INT1412],
    ) == [("nyc", "2025", "Int1412-2025", "Enacted")]


def test_jurisdiction(replayed):
    assert rows(replayed[0], "select id, name, level, state from jurisdictions") == [
        ("nyc", "New York City", "local", "ny")
    ]


def test_version_changes_from_original_to_a(replayed):
    got = rows(
        replayed[0],
        "select slug, label, date, ordinal from versions where bill_id = ? order by ordinal",
        [INT1412],
    )
    assert got == [
        ("original", "Int 1412-2025", "2025-10-09", 1),
        ("a", "Int 1412-2025-A", "2025-12-18", 2),
    ]


def test_versions_differ(replayed):
    texts = rows(
        replayed[0], "select text from versions where bill_id = ? order by ordinal", [INT1412]
    )
    assert texts[0][0] != texts[1][0]


def test_version_text_is_normalised(replayed):
    (text,) = rows(replayed[0], "select text from versions where id = ?", [f"{INT1412}@a"])[0]
    assert "\ufffd" not in text
    assert text.endswith("§ 8. This local law takes effect immediately.")


def test_actions(replayed):
    got = rows(
        replayed[0],
        "select date, actor, description from actions where bill_id = ? order by ordinal",
        [INT1412],
    )
    assert len(got) == 14
    assert got[0] == ("2025-10-09", "City Council", "Introduced by Council")
    assert got[-1] == ("2026-01-29", "City Council", "Overridden by Council")


def test_sponsors(replayed):
    got = rows(
        replayed[0], "select name, role from sponsors where bill_id = ? order by id", [INT1412]
    )
    assert got[0] == ("Tiffany L. Cabán", "primary sponsor")
    assert got[1] == ("Shaun Abreu", "cosponsor")


def test_rerun_adds_nothing(replayed):
    assert (replayed[2]["status"], replayed[2]["versions_added"]) == ("ok", 0)
    assert rows(replayed[0], "select count(*) from versions") == [(2,)]


def test_mirror_versions_are_oldest_first():
    snaps = legistar_mirror.load_snapshots(FORMATS / "legistar")
    assert legistar_mirror.versions(snaps[76557]) == [
        {"Key": "80459", "Value": "*"},
        {"Key": "80933", "Value": "A"},
    ]


def test_mirror_filters_by_file():
    url = (
        "https://webapi.legistar.com/v1/nyc/matters?$filter=MatterFile%20eq%20%27Int%209999-2025%27"
    )
    assert legistar_mirror.response_for(FORMATS / "legistar", url) == b"[]"


def test_no_client_fails(db_path, monkeypatch):
    monkeypatch.delenv("LEGISTAR_CLIENT", raising=False)
    result = run_spider("legistar", db_path=db_path, replay=CORPUS, quiet=True)
    errors = rows(db_path, "select error from crawl_errors order by id")
    assert result["status"] == "failed"
    assert errors[0][0].startswith("no Legistar client")
