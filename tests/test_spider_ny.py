"""The ny spider in replay mode over the recorded Open Legislation response for S609-2017."""

import json

import pytest
from scrapy.http import TextResponse

from billtracker.ingest.crawl import run_spider
from conftest import CORPUS, FORMATS, rows
from scrapers.items import RelatedBillItem, VersionItem
from scrapers.replay import read_recorded
from scrapers.sources import SessionCheck
from scrapers.spiders.ny import NewYorkSpider, session_of

S609 = "ny/2017-2018/S609"
EXAMPLE = FORMATS / "ny_openleg" / "docs_api_bills_rst_example_bill_response.annotated.jsonc"


@pytest.fixture(scope="module")
def replayed(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("ny") / "billtracker.db"
    result = run_spider("ny", db_path=db_path, replay=CORPUS, quiet=True)
    return db_path, result


def test_run_is_ok(replayed):
    assert (replayed[1]["status"], replayed[1]["errors"]) == ("ok", 0)


def test_bill_row(replayed):
    assert rows(
        replayed[0],
        "select session, identifier, chamber, status, title from bills where id = ?",
        [S609],
    ) == [
        (
            "2017-2018",
            "S609",
            "Senate",
            "In Senate Committee",
            "Relates to training requirements for home inspector licensing",
        )
    ]


def test_each_amendment_is_a_version_in_order(replayed):
    got = rows(
        replayed[0],
        "select slug, label, date, ordinal from versions where bill_id = ? order by ordinal",
        [S609],
    )
    assert got == [("original", "S609", "2017-01-04", 1), ("a", "S609A", "2017-01-18", 2)]


def test_amendment_text_is_the_law_text(replayed):
    (text, marked) = rows(
        replayed[0], "select text, marked_text from versions where id = ?", [f"{S609}@a"]
    )[0]
    assert "not less than\nTWO hundred hours" in text
    assert "[one]" not in text and "EXPLANATION" not in text
    assert "~~one~~ __TWO__ hundred ~~forty~~ hours" in marked


def test_actions_in_order(replayed):
    got = rows(
        replayed[0],
        "select ordinal, date, actor, description from actions where bill_id = ? order by ordinal",
        [S609],
    )
    assert got == [
        (1, "2017-01-04", "Senate", "REFERRED TO JUDICIARY"),
        (2, "2017-01-18", "Senate", "AMEND (T) AND RECOMMIT TO JUDICIARY"),
        (3, "2017-01-18", "Senate", "PRINT NUMBER 609A"),
    ]


def test_sponsor(replayed):
    assert rows(replayed[0], "select name, role from sponsors where bill_id = ?", [S609]) == [
        ("Phil Boyle", "sponsor")
    ]


def test_no_same_as_but_a_previous_version(replayed):
    assert rows(
        replayed[0], "select related_id, relation from related_bills where bill_id = ?", [S609]
    ) == [("ny/2015-2016/S5027", "previous-version")]


def test_documented_example_same_as():
    """The API docs' example (S2180-2013, comments stripped) lists A2098 as same-as."""
    spider = NewYorkSpider()
    spider.sessions = SessionCheck("ny", ["2013-2014"])
    response = TextResponse(
        "https://legislation.nysenate.gov/api/3/bills/2013/S2180",
        body=read_recorded(EXAMPLE),
        encoding="utf-8",
    )
    items = list(spider.parse_bill(response))
    related = {(i.related_id, i.relation) for i in items if isinstance(i, RelatedBillItem)}
    assert ("ny/2013-2014/A2098", "same-as") in related
    assert ("ny/2013-2014/A1989", "substituted-by") in related
    assert [v.slug for v in items if isinstance(v, VersionItem)] == ["original"]


def test_session_of():
    assert [session_of(2017), session_of(2018), session_of("2023")] == [
        "2017-2018",
        "2017-2018",
        "2023-2024",
    ]


def test_missing_api_key_fails_the_run(db_path, monkeypatch):
    monkeypatch.delenv("NY_OPENLEG_API_KEY", raising=False)
    result = run_spider("ny", db_path=db_path, quiet=True, base_url="http://127.0.0.1:9")
    errors = rows(db_path, "select error from crawl_errors order by id")
    assert result["status"] == "failed"
    assert "NY_OPENLEG_API_KEY is not set" in errors[0][0]


def test_session_drift_is_recorded(tmp_path):
    sources = tmp_path / "sources.yml"
    sources.write_text(
        json.dumps(
            {
                "sources": {
                    "new_york": {
                        "spider": "ny",
                        "sessions": ["2025-2026"],
                        "replay_bills": [{"session": "2017-2018", "identifier": "S609"}],
                    }
                }
            }
        )
    )
    db_path = tmp_path / "billtracker.db"
    result = run_spider(
        "ny",
        db_path=db_path,
        replay=CORPUS,
        quiet=True,
        settings={"BILLTRACKER_SOURCES": str(sources)},
    )
    errors = rows(db_path, "select error from crawl_errors")
    assert result["status"] == "ok"
    assert len(errors) == 1 and errors[0][0].startswith("session drift: ny met session '2017-2018'")
