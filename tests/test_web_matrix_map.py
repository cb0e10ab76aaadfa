# ruff: noqa: F811 (fixtures imported from the other web test modules)
"""The paged matrix over its publish-time table, bills' stages, and the tile-grid map."""

import importlib.util
import re
import sqlite3

import pytest
from test_web_pages import client, published, text_of  # noqa: F401 (fixtures)

from billtracker.analysis.stage import stage
from billtracker.publishing import pages as web
from billtracker.publishing.matrix_table import TABLE
from conftest import ROOT

spec = importlib.util.spec_from_file_location("serve_speed", ROOT / "benchmarks" / "serve_speed.py")
serve_speed = importlib.util.module_from_spec(spec)
spec.loader.exec_module(serve_speed)


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """A published-shaped database of 250 bills (the serve benchmark's builder)."""
    path = tmp_path_factory.mktemp("many") / "published.db"
    serve_speed.build(path, 250, seed=3)
    conn = sqlite3.connect(path)
    yield conn
    conn.close()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("Approved by the Governor - Chapter 188", "enacted"),
        ("Enacted (Local Law 2013/021)", "enacted"),
        ("In Senate Committee (not enacted)", "failed"),
        ("Filed (End of Session)", "failed"),
        ("Vetoed", "failed"),
        ("In Floor Process", "pending"),
        (None, "pending"),
    ],
)
def test_stage_of_a_status(status, expected):
    assert stage(status) == expected


def test_matrix_pages_through_every_bill_once(many):
    pages = [web.matrix_page(many, {"page": str(n)}) for n in (1, 2, 3)]
    assert [p["total"] for p in pages] == [250] * 3 and pages[0]["pages"] == 3
    assert [len(p["bills"]) for p in pages] == [100, 100, 50]
    ids = [b["id"] for p in pages for b in p["bills"]]
    assert len(set(ids)) == 250
    scores = [b["score"] for p in pages for b in p["bills"]]
    assert scores == sorted(scores, reverse=True)
    assert web.matrix_link(pages[0], page=2) == "/matrix?sort=score&desc=1&page=2"
    everything = web.matrix_page(many, {}, everything=True)
    assert len(everything["bills"]) == 250


@pytest.mark.parametrize(("value", "status"), [("0", 400), ("x", 400), ("-1", 400), ("4", 404)])
def test_matrix_page_number_errors(many, value, status):
    with pytest.raises(web.WebError) as info:
        web.matrix_page(many, {"page": value})
    assert info.value.status == status


def test_matrix_sorts_by_item_across_pages(many):
    first = web.matrix_page(many, {"sort": "judicial_warrant_access", "jurisdiction": "ca"})
    index = [i["id"] for i in first["items"]].index("judicial_warrant_access")
    order = {"full": 2, "partial": 1, "absent": 0}
    ranks = [order[b["cells"][index]["label"]] for b in first["bills"]]
    assert ranks == sorted(ranks, reverse=True) and {
        b["jurisdiction_id"] for b in first["bills"]
    } == {"ca"}


def test_matrix_queries_use_indexes(many):
    plan = " ".join(
        str(r[3])
        for r in many.execute(
            f"explain query plan select bill_id from {TABLE} where jurisdiction_id = 'ca' "
            "and on_topic = 1 order by score desc, bill_id asc limit 100"
        )
    )
    assert "USING" in plan and "INDEX" in plan and "TEMP B-TREE" not in plan


def test_matrix_without_its_table_builds_a_temporary_one(many, tmp_path):
    copy = sqlite3.connect(tmp_path / "copy.db")
    many.backup(copy)
    copy.execute(f"drop table {TABLE}")
    page = web.matrix_page(copy, {"jurisdiction": "ny"})
    assert page["total"] == web.matrix_page(many, {"jurisdiction": "ny"})["total"] > 0
    assert copy.execute(f"select count(*) from temp.{TABLE}").fetchone()[0] == 250
    copy.close()


def test_map_colours_and_links_the_states(client):
    page = client.get("/").text
    svg = re.search(r'<svg[^>]*class="bt-map-svg".*?</svg>', page, re.S).group(0)
    assert svg.count("<rect") == 51  # 50 states and DC
    assert 'href="/matrix?jurisdiction=ca"' in svg
    assert re.search(
        r'<a href="/matrix\?jurisdiction=ca"><title>CA \d+, California: \d+ bills? on topic; '
        r"best enacted or pending score \d+; protective</title>",
        svg,
    )
    assert re.search(r"<title>MO[^,]*, Missouri: [^<]*restrictive</title>", svg)
    assert 'aria-label="TX, Texas: no bills tracked"' in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched
    visible = text_of(page)
    assert "no bills tracked" in visible and "restrictive: mandates cooperation (R)" in visible
    assert re.search(r"New York City\s*: \d+ bills on topic", visible)


def test_matrix_shows_the_map_and_hides_its_table(client):
    assert 'class="bt-map-svg"' in client.get("/matrix").text
    tables = client.get("/published.json").json()["tables"]
    assert next(t for t in tables if t["name"] == TABLE)["hidden"] is True
