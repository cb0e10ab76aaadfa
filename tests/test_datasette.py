"""A real Datasette over a published database, with the project's metadata.yml."""

import asyncio
import contextlib
import json
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette
from test_publish import make_working_db
from web_demo import PLUGINS, free_port, running

from billtracker import storage
from billtracker.errors import PublishError
from billtracker.publishing.publish import publish
from billtracker.publishing.serve import datasette_args, serve

ROOT = Path(__file__).resolve().parent.parent
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text())
QUERIES = METADATA["databases"]["published"]["queries"]
# Parameters for canned queries that take them.
QUERY_PARAMS = {"bills_enacting_item": {"item": "no_detainers"}}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def published(tmp_path) -> Path:
    target = tmp_path / "publish" / "published.db"
    publish(make_working_db(tmp_path / "billtracker.db"), target)
    return target


@pytest.fixture
def empty_published(tmp_path) -> Path:
    working = tmp_path / "empty.db"
    storage.open_db(working).close()
    target = tmp_path / "publish" / "published.db"
    publish(working, target)
    return target


def get(published: Path, path: str, **params):
    """GET ``path`` from a Datasette serving ``published`` read-only with metadata.yml."""

    async def fetch():
        # the project's plugins as serve loads them: the feeds call bt_site_url()
        ds = Datasette(immutables=[str(published)], metadata=METADATA, plugins_dir=str(PLUGINS))
        return await ds.client.get(path, params=params or None)

    return asyncio.run(fetch())


def rows(published: Path, path: str, **params) -> list[dict]:
    response = get(published, path, _shape="array", **params)
    assert response.status_code == 200, response.text
    return response.json()


def test_metadata_title_and_license(published):
    data = get(published, "/-/metadata.json").json()
    assert data["title"] == "billtracker"
    assert data["license"] == "Code Apache-2.0; bill texts are public records"
    page = get(published, "/published")
    assert page.status_code == 200
    assert "billtracker" in page.text


def test_bills_table_lists_bills(published):
    found = rows(published, "/published/bills.json")
    assert {b["id"] for b in found} == {"ca/2017-2018/SB54", "ca/2017-2018/AB450"}


def test_bills_facets(published):
    response = get(published, "/published/bills.json")
    assert response.status_code == 200
    facets = response.json()["facet_results"]
    assert {"jurisdiction_id", "session", "status"} <= set(facets)
    values = {r["value"]: r["count"] for r in facets["jurisdiction_id"]["results"]}
    assert values == {"ca": 2}
    filtered = rows(published, "/published/bills.json", status="chaptered")
    assert [b["identifier"] for b in filtered] == ["SB 54"]


def test_search_versions(published):
    found = rows(published, "/published/versions.json", _search="detainer")
    assert [v["id"] for v in found] == ["ca/2017-2018/SB54@introduced"]
    sections = rows(published, "/published/sections.json", _search="judicial warrant")
    assert [s["id"] for s in sections] == ["ca/2017-2018/SB54@enrolled#1"]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_query_runs(published, name):
    response = get(published, f"/published/{name}.json", **QUERY_PARAMS.get(name, {}))
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["ok"] is True
    assert data["rows"], f"{name} returned no rows"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_query_runs_on_empty_database(empty_published, name):
    response = get(empty_published, f"/published/{name}.json", **QUERY_PARAMS.get(name, {}))
    assert response.status_code == 200, response.text
    assert response.json()["ok"] is True


def test_bills_enacting_item(published):
    found = rows(published, "/published/bills_enacting_item.json", item="judicial_warrant_access")
    assert [(r["bill_id"], r["label"], r["quote"]) for r in found] == [
        ("ca/2017-2018/SB54", "partial", "without a judicial warrant")
    ]
    # the latest scored version counts, not an earlier one
    found = rows(published, "/published/bills_enacting_item.json", item="no_detainers")
    assert [(r["bill_id"], r["version_id"]) for r in found] == [
        ("ca/2017-2018/SB54", "ca/2017-2018/SB54@enrolled")
    ]


def test_strongest_and_missing_warrant(published):
    strongest = rows(published, "/published/strongest_bills.json")
    assert [(r["jurisdiction_id"], r["version_id"], r["score"]) for r in strongest] == [
        ("ca", "ca/2017-2018/SB54@enrolled", 60.0)
    ]
    missing = rows(published, "/published/missing_judicial_warrant.json")
    assert [(r["bill_id"], r["judicial_warrant_access"]) for r in missing] == [
        ("ca/2017-2018/AB450", "absent")
    ]
    latest = rows(published, "/published/latest_changes.json")
    assert [r["kind"] for r in latest] == ["item_gained"]


def test_changes_atom_feed(published):
    response = get(published, "/published/changes_feed.atom")
    assert response.status_code == 200, response.text
    assert "xml" in response.headers["content-type"]
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text == "billtracker changes"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert "SB 54" in entries[0].find(f"{ATOM}title").text
    assert "judicial warrant" in entries[0].find(f"{ATOM}content").text
    # an absolute link to the bill's page (plugins.billtracker.site_url), not the source
    assert (
        entries[0].find(f"{ATOM}link").get("href") == "http://127.0.0.1:8001/bill/ca/2017-2018/SB54"
    )


def test_changes_atom_feed_without_changes(empty_published):
    response = get(empty_published, "/published/changes_feed.atom")
    assert response.status_code == 200, response.text
    assert len(ET.fromstring(response.content).findall(f"{ATOM}entry")) == 1


def test_datasette_args(tmp_path):
    args = datasette_args(tmp_path / "published.db", port=8123, host="0.0.0.0")
    assert args[-4:] == ["--port", "8123", "--host", "0.0.0.0"]
    assert "serve" in args
    assert args[args.index("-i") + 1] == str((tmp_path / "published.db").resolve())
    assert args[args.index("-m") + 1] == str(ROOT / "metadata.yml")
    for option, folder in (("--plugins-dir", "plugins"), ("--template-dir", "templates")):
        if (ROOT / folder).is_dir():
            assert args[args.index(option) + 1] == str(ROOT / folder)
        else:
            assert option not in args


def test_serve_needs_a_published_db(tmp_path):
    with pytest.raises(PublishError, match="run `billtracker publish` first"):
        serve(tmp_path / "published.db", 8123, "127.0.0.1")


@contextlib.contextmanager
def real_datasette(published):
    """A real ``datasette serve`` over ``published`` (as ``billtracker serve`` runs it); its URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running(datasette_args(published, port=port), base):
        yield base


def test_real_datasette_server(published):
    with real_datasette(published) as base:
        url = f"{base}/published/bills.json?_shape=array"
        with urllib.request.urlopen(url, timeout=5) as response:
            body = json.load(response)
    assert {b["id"] for b in body} == {"ca/2017-2018/SB54", "ca/2017-2018/AB450"}


def status_of(request: urllib.request.Request) -> tuple[int, str, str]:
    """Status, ``Allow`` header and body of a request, error statuses included."""
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("Allow", ""), response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Allow", ""), e.read().decode()


def test_post_to_canned_queries_and_tables_is_403(published):
    """Datasette 0.65.5 answers a POST to a read-only canned query with a 500 and a traceback."""
    paths = [f"/published/{name}" for name in QUERIES] + ["/published/bills", "/published"]
    with real_datasette(published) as base:
        for path in paths:
            post = urllib.request.Request(base + path, data=b"item=no_detainers", method="POST")
            status, allow, body = status_of(post)
            assert (status, allow) == (403, "GET, HEAD"), (path, status, body[:300])
            assert "Traceback" not in body
        for name in QUERIES:
            params = urllib.parse.urlencode(QUERY_PARAMS.get(name, {}))
            get = urllib.request.Request(f"{base}/published/{name}.json?{params}")
            assert status_of(get)[0] == 200, name
