"""The maryland spider in replay mode over the 2025 bill master list (HB 1222)."""

import pytest

from billtracker.ingest.crawl import run_spider
from conftest import CORPUS, rows

HB1222 = "md/2025/HB1222"


@pytest.fixture(scope="module")
def replayed(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("md") / "billtracker.db"
    return db_path, run_spider("maryland", db_path=db_path, replay=CORPUS, quiet=True)


def test_run_is_ok(replayed):
    assert (replayed[1]["status"], replayed[1]["errors"]) == ("ok", 0)


def test_hb1222(replayed):
    assert rows(
        replayed[0],
        "select session, identifier, chamber, status, title from bills where id = ?",
        [HB1222],
    ) == [
        (
            "2025",
            "HB1222",
            "House",
            "Approved by the Governor - Chapter 718",
            "Public Safety - Immigration Enforcement (Maryland Values Act)",
        )
    ]


def test_sponsors(replayed):
    got = rows(
        replayed[0], "select name, role from sponsors where bill_id = ? order by id", [HB1222]
    )
    assert got[0] == ("Delegate Williams", "primary sponsor")
    assert len(got) == 64


def test_actions_from_the_dated_fields(replayed):
    got = rows(
        replayed[0],
        "select date, actor, description from actions where bill_id = ? order by ordinal",
        [HB1222],
    )
    assert got[0] == ("2025-02-07", "House", "First Reading")
    assert ("2025-03-08", "House", "Third Reading: Passed") in got
    assert len(got) == 10


def test_no_versions_without_texts(replayed):
    assert rows(replayed[0], "select count(*) from versions") == [(0,)]


def test_keyword_discovery_keeps_only_matching_bills(replayed):
    assert rows(replayed[0], "select count(*) from bills") == [(3,)]
