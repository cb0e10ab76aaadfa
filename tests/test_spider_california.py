"""The california spider in replay mode over the recorded pubinfo files (AB 831's chain)."""

import shutil
from types import SimpleNamespace

import pytest
from scrapy.exceptions import DropItem
from scrapy.settings import Settings

from billtracker.ingest.crawl import run_spider
from conftest import CORPUS, FORMATS, rows
from scrapers.items import ActionItem, BillItem, SponsorItem, VersionItem
from scrapers.pipelines import StorePipeline, ValidatePipeline
from scrapers.pubinfo import parse_dat_file
from scrapers.spiders.california import TABLES, CaliforniaSpider

MINI = FORMATS / "ca_pubinfo" / "mini_2025"
AB831 = "ca/2025-2026/AB831"
HISTORY_URL = "https://downloads.leginfo.legislature.ca.gov/BILL_HISTORY_TBL.dat"


@pytest.fixture(scope="module")
def replayed(tmp_path_factory):
    """Two replay runs into one database: the first stores, the second adds nothing."""
    db_path = tmp_path_factory.mktemp("replay") / "billtracker.db"
    first = run_spider("california", db_path=db_path, replay=CORPUS, quiet=True)
    second = run_spider("california", db_path=db_path, replay=CORPUS, quiet=True)
    return db_path, first, second


def copy_corpus(tmp_path):
    """A replay root laid out like the shared corpus, holding a copy of mini_2025."""
    folder = tmp_path / "corpus" / "formats" / "ca_pubinfo" / "mini_2025"
    folder.mkdir(parents=True)
    for path in MINI.glob("BILL_*"):
        shutil.copyfile(path, folder / path.name)
    return tmp_path / "corpus", folder


def test_first_run_is_ok(replayed):
    assert replayed[1]["status"] == "ok"


def test_first_run_adds_every_version(replayed):
    assert replayed[1]["versions_added"] == 16


def test_first_run_has_no_errors(replayed):
    assert replayed[1]["errors"] == 0


def test_ab831_has_six_versions_in_order(replayed):
    slugs = rows(
        replayed[0], "select slug from versions where bill_id = ? order by ordinal", [AB831]
    )
    assert [s for (s,) in slugs] == [
        "introduced",
        "amended-senate-2025-06-23",
        "amended-senate-2025-07-16",
        "amended-senate-2025-09-03",
        "enrolled",
        "chaptered",
    ]


def test_ab831_version_dates(replayed):
    dates = rows(
        replayed[0], "select date from versions where bill_id = ? order by ordinal", [AB831]
    )
    assert [d for (d,) in dates] == [
        "2025-02-19",
        "2025-06-23",
        "2025-07-16",
        "2025-09-03",
        "2025-09-16",
        "2025-10-11",
    ]


def test_ab831_version_labels(replayed):
    labels = rows(
        replayed[0], "select label from versions where bill_id = ? order by ordinal", [AB831]
    )
    assert [x for (x,) in labels] == ["Introduced"] + ["Amended Senate"] * 3 + [
        "Enrolled",
        "Chaptered",
    ]


def test_version_ordinals_count_from_one(replayed):
    ordinals = rows(
        replayed[0], "select ordinal from versions where bill_id = ? order by ordinal", [AB831]
    )
    assert [o for (o,) in ordinals] == [1, 2, 3, 4, 5, 6]


def test_amended_version_keeps_change_marks(replayed):
    (marked,) = rows(
        replayed[0],
        "select marked_text from versions where id = ?",
        [f"{AB831}@amended-senate-2025-06-23"],
    )[0]
    assert "~~Ramos~~ __Valencia__" in marked


def test_amended_version_text_is_clean(replayed):
    (text,) = rows(
        replayed[0],
        "select text from versions where id = ?",
        [f"{AB831}@amended-senate-2025-06-23"],
    )[0]
    assert "~~" not in text


def test_version_url_names_its_file(replayed):
    (url,) = rows(replayed[0], "select url from versions where id = ?", [f"{AB831}@chaptered"])[0]
    assert url.endswith("/BILL_VERSION_TBL_9506.lob")


def test_bill_row(replayed):
    bill = rows(
        replayed[0],
        "select jurisdiction_id, session, identifier, chamber, status from bills where id = ?",
        [AB831],
    )
    assert bill == [("ca", "2025-2026", "AB831", "Assembly", "Chaptered")]


def test_bill_title_is_the_latest_subject(replayed):
    assert rows(replayed[0], "select title from bills where id = ?", [AB831]) == [
        ("Gambling: operation of a contest or sweepstakes.",)
    ]


def test_all_four_bills_are_stored(replayed):
    assert rows(replayed[0], "select count(*) from bills") == [(4,)]


def test_jurisdiction(replayed):
    assert rows(replayed[0], "select id, name, level from jurisdictions") == [
        ("ca", "California", "state")
    ]


def test_ab831_action_count(replayed):
    assert rows(replayed[0], "select count(*) from actions where bill_id = ?", [AB831]) == [(37,)]


def test_ab831_first_action(replayed):
    first = rows(
        replayed[0],
        "select date, actor, description from actions where bill_id = ? and ordinal = 1",
        [AB831],
    )
    assert first == [("2025-02-19", "Assembly", "Read first time. To print.")]


def test_ab831_last_action(replayed):
    last = rows(
        replayed[0],
        "select date, actor, description from actions where bill_id = ? order by ordinal desc limit 1",
        [AB831],
    )
    assert last == [
        (
            "2025-10-11",
            "Secretary of State",
            "Chaptered by Secretary of State - Chapter 623, Statutes of 2025.",
        )
    ]


def test_ab831_authors(replayed):
    assert rows(replayed[0], "select name, role from sponsors where bill_id = ?", [AB831]) == [
        ("Valencia", "lead author")
    ]


def test_sb275_coauthor(replayed):
    names = rows(
        replayed[0],
        "select name from sponsors where bill_id = ? order by name",
        ["ca/2025-2026/SB275"],
    )
    assert names == [("Limón",), ("Smallwood-Cuevas",)]


def test_rerun_adds_no_version(replayed):
    assert replayed[2]["versions_added"] == 0


def test_rerun_is_ok(replayed):
    assert (replayed[2]["status"], replayed[2]["errors"]) == ("ok", 0)


def test_rerun_keeps_sixteen_versions(replayed):
    assert rows(replayed[0], "select count(*) from versions") == [(16,)]


def test_rerun_duplicates_no_action(replayed):
    assert rows(replayed[0], "select count(*) from actions where bill_id = ?", [AB831]) == [(37,)]


def test_crawl_runs_rows(replayed):
    runs = rows(
        replayed[0], "select spider, status, versions_added, replay from crawl_runs order by id"
    )
    assert runs == [("california", "ok", 16, str(CORPUS)), ("california", "ok", 0, str(CORPUS))]


def test_crawl_run_counts_items(replayed):
    assert rows(replayed[0], "select items from crawl_runs where id = 1") == [
        (replayed[1]["items"],)
    ]


def test_crawl_run_stored_items(replayed):
    assert replayed[1]["items"] > 100


def test_crawl_run_is_finished(replayed):
    assert rows(replayed[0], "select finished is not null from crawl_runs where id = 1") == [(1,)]


@pytest.fixture(scope="module")
def corrupt_run(tmp_path_factory):
    """AB 831's chaptered CAML file is truncated garbage; one BILL_HISTORY row is malformed."""
    root, folder = copy_corpus(tmp_path_factory.mktemp("corrupt"))
    (folder / "BILL_VERSION_TBL_9506.lob").write_text(
        '<?xml version="1.0"?><caml:MeasureDoc xmlns:caml="x"><caml:Bi'
    )
    with (folder / "BILL_HISTORY_TBL.dat").open("a") as f:
        f.write("`202520260AB831`\t`broken row`\n")
    db_path = root.parent / "billtracker.db"
    result = run_spider("california", db_path=db_path, replay=root, quiet=True)
    return db_path, result


def test_corrupt_lob_is_a_crawl_error(corrupt_run):
    errors = rows(corrupt_run[0], "select url, error from crawl_errors where url like '%9506.lob'")
    assert "BILL_VERSION_TBL_9506.lob: not a readable CAML document" in errors[0][1]


def test_malformed_row_is_a_crawl_error(corrupt_run):
    errors = rows(
        corrupt_run[0], "select error from crawl_errors where url like '%BILL_HISTORY_TBL.dat'"
    )
    assert errors == [(f"{HISTORY_URL} line 90: expected 13 fields, found 2",)]


def test_corrupt_run_counts_its_errors(corrupt_run):
    assert corrupt_run[1]["errors"] == 2


def test_corrupt_run_is_partial(corrupt_run):
    """Two malformed rows skipped: the run stored the rest but is partial (ok before #16)."""
    assert corrupt_run[1]["status"] == "partial"


def test_errors_belong_to_the_run(corrupt_run):
    assert rows(corrupt_run[0], "select distinct run_id from crawl_errors") == [
        (corrupt_run[1]["run_id"],)
    ]


def test_other_versions_of_the_bill_are_stored(corrupt_run):
    assert rows(corrupt_run[0], "select count(*) from versions where bill_id = ?", [AB831]) == [
        (5,)
    ]


def test_other_bills_are_stored(corrupt_run):
    assert rows(
        corrupt_run[0], "select count(*) from versions where bill_id = ?", ["ca/2025-2026/SB275"]
    ) == [(4,)]


def test_good_history_rows_are_stored(corrupt_run):
    assert rows(corrupt_run[0], "select count(*) from actions where bill_id = ?", [AB831]) == [
        (37,)
    ]


def test_validate_drops_a_version_without_text():
    item = VersionItem(
        bill_id=AB831, slug="introduced", text=" ", url="http://x/BILL_VERSION_TBL_1.lob"
    )
    with pytest.raises(DropItem, match=r"missing text \(http://x/BILL_VERSION_TBL_1.lob\)"):
        ValidatePipeline().process_item(item)


def test_validate_drops_a_bad_date():
    item = ActionItem(bill_id=AB831, description="Read first time.", date="02/19/2025")
    with pytest.raises(DropItem, match="date '02/19/2025' is not YYYY-MM-DD"):
        ValidatePipeline().process_item(item)


def test_dropped_item_is_recorded_as_a_crawl_error(db_path):
    crawler = SimpleNamespace(
        settings=Settings({"BILLTRACKER_DB": str(db_path)}),
        spider=SimpleNamespace(name="california"),
    )
    store = StorePipeline(crawler)
    store.open_spider()
    item = SponsorItem(bill_id=AB831, name="")
    store.item_dropped(item, None, DropItem("SponsorItem: missing name (ca/2025-2026/AB831)"))
    store.spider_closed(crawler.spider, "finished")
    assert rows(db_path, "select run_id, error from crawl_errors where error like 'Sponsor%'") == [
        (1, "SponsorItem: missing name (ca/2025-2026/AB831)")
    ]


def test_bills_argument_keeps_only_those_bills():
    tables = {name: parse_dat_file(MINI / f"{name}.dat") for name in TABLES}
    spider = CaliforniaSpider(bills="AB 831")
    bills = [i for i in spider.parse_bills(tables) if isinstance(i, BillItem)]
    assert [b.id for b in bills] == [AB831]
