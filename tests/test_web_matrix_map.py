# ruff: noqa: F811 (fixtures imported from the other web test modules)
"""The paged matrix over its publish-time table, bills' stages, and the tile-grid map."""

import asyncio
import importlib.util
import re
import sqlite3

import pytest
from datasette.app import Datasette
from datasette.plugins import pm
from test_web_pages import METADATA, client, published, text_of  # noqa: F401 (fixtures)
from web_demo import PLUGINS, TEMPLATES

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
    size = web.matrix_page(many, {})["page_size"]
    count = -(-250 // size)
    pages = [web.matrix_page(many, {"page": str(n)}) for n in range(1, count + 1)]
    assert {p["total"] for p in pages} == {250} and pages[0]["pages"] == count > 1
    assert [len(p["bills"]) for p in pages] == [size] * (count - 1) + [250 - size * (count - 1)]
    ids = [b["id"] for p in pages for b in p["bills"]]
    assert len(set(ids)) == 250
    scores = [b["score"] for p in pages for b in p["bills"]]
    assert scores == sorted(scores, reverse=True)
    assert web.matrix_link(pages[0], page=2) == "/matrix?sort=score&desc=1&page=2"
    everything = web.matrix_page(many, {}, everything=True)
    assert len(everything["bills"]) == 250


@pytest.mark.parametrize(("value", "status"), [("0", 400), ("x", 400), ("-1", 400), ("99", 404)])
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


@pytest.fixture(scope="module")
def many_client(many):
    """The project's Datasette (plugins, templates, metadata) over the 250-bill database."""
    path = many.execute("pragma database_list").fetchone()[2]
    ds = Datasette(
        immutables=[path], metadata=METADATA, plugins_dir=str(PLUGINS), template_dir=str(TEMPLATES)
    )
    loop = asyncio.new_event_loop()

    class Client:
        def get(self, path, **params):
            return loop.run_until_complete(ds.client.get(path, params=params or None))

    yield Client()
    loop.close()
    for plugin in list(pm.get_plugins()):  # as test_web_pages' client leaves them
        if str(getattr(plugin, "__file__", "")).startswith(str(PLUGINS)):
            pm.unregister(plugin)


def test_matrix_page_links_to_the_next_and_previous_pages(many_client):
    first = many_client.get("/matrix").text
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = many_client.get("/matrix", page="2")
    assert second.status_code == 200 and 'rel="prev"' in second.text
    assert "page 2 of" in text_of(second.text)
    assert many_client.get("/matrix", page="99").status_code == 404
    assert many_client.get("/matrix.json", page="0").json()["ok"] is False
