"""The web pages on a real Datasette (in process) over the demo database built by the CLI."""

import asyncio
import csv
import html
import io
import json
import re
import sqlite3
import xml.etree.ElementTree as ET

import pytest
import yaml
from datasette.app import Datasette
from datasette.plugins import pm
from web_demo import PLUGINS, TEMPLATES, demo_database

from billtracker.config import load_checklist
from conftest import ROOT, TEXTS

METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text())
QUERIES = METADATA["databases"]["published"]["queries"]
QUERY_PARAMS = {
    "bills_enacting_item": {"item": "no_detainers"},
    "weakened_bills": {"effect": "weaker"},
    "bill_changes_feed": {"bill": "ca/2017-2018/SB54"},
    "jurisdiction_changes_feed": {"jurisdiction": "wa"},
    "item_changes_feed": {"item": "no_detainers"},
}
SB54 = "ca/2017-2018/SB54"
MD_A, MD_B = "md/2025/HB1222@enrolled", "md/2025/HB1222@chaptered"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return demo_database(tmp_path_factory)


@pytest.fixture(scope="module")
def client(published):
    """GET/POST against one Datasette with the project's metadata, plugins and templates."""
    ds = Datasette(
        immutables=[str(published)],
        metadata=METADATA,
        plugins_dir=str(PLUGINS),
        template_dir=str(TEMPLATES),
    )
    loop = asyncio.new_event_loop()
    loop.run_until_complete(ds.invoke_startup())

    class Client:
        def get(self, path, **params):
            return loop.run_until_complete(ds.client.get(path, params=params or None))

        def post(self, path, **kwargs):
            return loop.run_until_complete(ds.client.post(path, **kwargs))

    yield Client()
    loop.close()
    # plugins from --plugins-dir register globally: leave other tests' Datasettes without them
    for plugin in list(pm.get_plugins()):
        if str(getattr(plugin, "__file__", "")).startswith(str(PLUGINS)):
            pm.unregister(plugin)


def text_of(page: str) -> str:
    """The visible text of an HTML page, unescaped, whitespace folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def db_rows(published, sql, params=()):
    with sqlite3.connect(published) as conn:
        return conn.execute(sql, params).fetchall()


def test_home_page_has_search_and_links(client):
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert 'action="/search"' in page.text and 'name="q"' in page.text
    for href in ("/matrix", "/draft", "/compare", "/published/changes_feed.atom"):
        assert f'href="{href}' in page.text


def test_bill_page_of_sb54(client, published):
    page = client.get(f"/bill/{SB54}")
    assert page.status_code == 200, page.text
    data = client.get(f"/bill/{SB54}.json").json()
    ((version_id, text),) = db_rows(
        published, "select id, text from versions where bill_id = ? order by ordinal desc", [SB54]
    )
    assert data["version"]["id"] == version_id
    assert data["bill"]["identifier"] in page.text
    items = [i for g in data["scorecard"] for i in g["items"]]
    assert len(items) == len(load_checklist().items)
    assert len({g["category"] for g in data["scorecard"]}) > 1
    quoted = [(i, e) for i in items for e in i["evidence"]]
    assert len(quoted) >= 4
    visible = text_of(page.text)
    for item, evidence in quoted:
        assert evidence["quote"] in text, item["id"]
        assert " ".join(evidence["quote"].split()) in visible
        # each quote links to the section holding it, and that anchor exists on the page
        anchor = evidence["href"].lstrip("#")
        assert f'href="#{anchor}"' in page.text and f'id="{anchor}"' in page.text
        ordinal = int(anchor.removeprefix("sec-"))
        ((start, end),) = db_rows(
            published,
            "select start, end from sections where version_id = ? and ordinal = ?",
            [version_id, ordinal],
        )
        # the quote starts inside the section it links to
        starts = [m.start() for m in re.finditer(re.escape(evidence["quote"]), text)]
        assert any(start <= at < end for at in starts), (item["id"], anchor, starts)
    # the page and its JSON agree on labels and scores
    for item in items:
        assert f'id="item-{item["id"]}"' in page.text
    assert f"score {data['version']['score']:.1f} of 100" in page.text
    assert "<svg" in page.text and "score history" in page.text


def test_bill_page_shows_direction_and_readings(client):
    data = client.get(f"/bill/{SB54}.json").json()
    assert data["version"]["direction"] == "protective"
    items = {i["id"]: i for g in data["scorecard"] for i in g["items"]}
    reading = items["no_status_collection"]["readings"][0]
    assert "must not" in reading and "inquire" in reading and "immigration status" in reading
    page = text_of(client.get(f"/bill/{SB54}").text)
    assert "Direction: protective" in page
    assert f"Read as: {reading}" in page
    assert items["no_info_sharing"]["readings"], "every present label carries its reading"
    assert all(i["readings"] == [] for i in items.values() if i["label"] == "absent")


def test_matrix_marks_restrictive_bills_and_exports_direction(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/matrix.csv").text)))
    by_bill = {r["bill_id"]: r for r in rows}
    assert by_bill[SB54]["direction"] == "protective"
    restrictive = [r for r in rows if r["direction"] == "restrictive"]
    assert any(r["mandates_cooperation"] != "absent" for r in restrictive)
    assert "restrictive" in text_of(client.get("/matrix").text)


def test_bill_page_of_a_version_and_its_json(client):
    data = client.get("/bill/md/2025/HB1222.json", version="enrolled").json()
    assert data["version"]["id"] == MD_A
    assert [h["version_id"] for h in data["history"]] == [MD_A, MD_B]
    assert data["compare_links"][0]["href"].startswith("/compare?a=md%2F2025%2FHB1222%40enrolled")
    page = client.get("/bill/md/2025/HB1222", version="enrolled")
    assert "(shown)" in page.text and "Enrolled" in text_of(page.text)


def test_bill_page_says_when_a_text_lost_struck_words(client):
    page = client.get("/bill/wa/2025-2026/SB6264")
    assert page.status_code == 200
    assert "Read with care" in page.text
    assert "words seem to be missing" in page.text
    sb54 = client.get(f"/bill/{SB54}")
    assert "Read with care" not in sb54.text


def test_compare_page(client):
    page = client.get("/compare", a=MD_A, b=MD_B)
    assert page.status_code == 200, page.text
    data = client.get("/compare.json", a=MD_A, b=MD_B).json()
    result = data["result"]
    assert {"alignment", "redline", "item_changes", "score_change", "summary"} <= set(result)
    assert (data["a"]["id"], data["b"]["id"]) == (MD_A, MD_B)
    visible = text_of(page.text)
    assert " ".join(result["summary"].split()) in visible
    for change in result["item_changes"]:
        assert change["title"] in visible
    assert ("<del>" in page.text or "<ins>" in page.text) == any(
        op[0] != "equal" for e in result["redline"] for op in e["ops"]
    )
    standalone = client.get("/compare/redline", a=MD_A, b=MD_B)
    assert standalone.status_code == 200 and "<table" in standalone.text


def test_compare_two_bills_uses_latest_versions(client):
    data = client.get("/compare.json", a="wa/2025-2026/SB5906", b=SB54).json()
    assert data["a"]["id"] == "wa/2025-2026/SB5906@engrossed-substitute"
    assert data["b"]["bill_id"] == SB54


def test_matrix_page_json_and_csv(client, published):
    page = client.get("/matrix", show="all")
    data = client.get("/matrix.json", show="all").json()
    assert page.status_code == 200
    ((scored_bills,),) = db_rows(
        published,
        "select count(distinct v.bill_id) from versions v join version_scores s on s.version_id = v.id",
    )
    assert len(data["bills"]) == scored_bills
    assert all(len(b["cells"]) == len(load_checklist().items) for b in data["bills"])
    scores = [b["score"] for b in data["bills"]]
    assert scores == sorted(scores, reverse=True)
    for b in data["bills"][:5]:
        assert f'href="{b["href"]}"' in page.text
    table = list(csv.DictReader(io.StringIO(client.get("/matrix.csv", show="all").text)))
    assert [r["bill_id"] for r in table] == [b["id"] for b in data["bills"]]
    assert table[0]["judicial_warrant_access"] in ("full", "partial", "absent")
    ny = client.get("/matrix.json", jurisdiction="ny", sort="no_info_sharing", desc="1").json()
    assert ny["bills"] and {b["jurisdiction_id"] for b in ny["bills"]} == {"ny"}
    labels = [b["cells"][0]["label"] for b in ny["bills"]]
    order = {"full": 2, "partial": 1, "absent": 0}
    assert [order[x] for x in labels] == sorted((order[x] for x in labels), reverse=True)
    assert "<svg" in page.text and "Best score by jurisdiction" in page.text


def test_search_for_judicial_warrant(client):
    page = client.get("/search", q='"judicial warrant"')
    data = client.get("/search.json", q='"judicial warrant"').json()
    assert page.status_code == 200
    assert data["sections"], "no section mentions a judicial warrant"
    first = data["sections"][0]
    assert re.search(r"<mark>judicial", first["snippet_html"], re.I)
    assert first["href"] in page.text.replace("&amp;", "&")
    assert page.text.count("<mark>") >= len(data["sections"])


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_canned_query(client, name):
    response = client.get(f"/published/{name}.json", **QUERY_PARAMS.get(name, {}))
    assert response.status_code == 200, response.text
    assert response.json()["rows"], name
    page = client.get(f"/published/{name}", **QUERY_PARAMS.get(name, {}))
    assert page.status_code == 200


def test_weakened_bills_query(client):
    weaker = client.get("/published/weakened_bills.json", _shape="array", effect="weaker").json()
    assert weaker and {r["effect"] for r in weaker} == {"weaker"}
    assert "wa/2025-2026/SB5906" in {r["bill_id"] for r in weaker}


@pytest.mark.parametrize(
    "name,params",
    [
        ("changes_feed", {}),
        ("bill_changes_feed", {"bill": "wa/2025-2026/SB5906"}),
        ("jurisdiction_changes_feed", {"jurisdiction": "md"}),
        ("item_changes_feed", {"item": "no_such_item"}),
    ],
)
def test_feeds(client, name, params):
    response = client.get(f"/published/{name}.atom", **params)
    assert response.status_code == 200, response.text
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert entries
    titles = [e.find(f"{ATOM}title").text for e in entries]
    if name == "bill_changes_feed":
        assert all("SB 5906" in t or "SB5906" in t for t in titles)
    if name == "item_changes_feed":
        assert titles == ["No changes recorded yet"]


def test_draft_scores_pasted_text_and_writes_nothing(client, published):
    before = published.stat().st_mtime_ns, published.read_bytes()
    text = (TEXTS / "CA_2017-2018_SB54_chaptered-ch495.txt").read_text()
    page = client.post("/draft", data={"text": text})
    assert page.status_code == 200, page.text
    data = client.post("/draft.json", data={"text": text}).json()
    assert data["score"] > 0
    assert data["nearest"][0]["bill_id"] == SB54
    assert f"Score {data['score']:.1f} of 100" in page.text
    assert (published.stat().st_mtime_ns, published.read_bytes()) == before


def test_draft_upload_and_escaping(client):
    evil = "SECTION 1. <script>window.__pwned=1</script> Agencies shall not share data."
    page = client.post("/draft", files={"file": ("evil.txt", evil.encode(), "text/plain")})
    assert page.status_code == 200, page.text
    assert "<script>window.__pwned" not in page.text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page.text


@pytest.mark.parametrize(
    "path,params,status",
    [
        ("/bill/xx/0000/NOPE", {}, 404),
        ("/bill/xx/0000/NOPE.json", {}, 404),
        (f"/bill/{SB54}", {"version": "no-such-version"}, 404),
        (f"/bill/{SB54}", {"version": "x\x01y"}, 400),
        ("/compare", {"a": MD_A}, 400),
        ("/compare", {"a": "nope@nope", "b": MD_B}, 404),
        ("/compare", {"a": "/etc/passwd", "b": MD_B}, 404),
        ("/compare.json", {"a": MD_A, "b": "x" * 5000}, 400),
        ("/matrix", {"sort": "bogus"}, 400),
        ("/matrix.json", {"desc": "sideways"}, 400),
        ("/search", {"q": "x" * 600}, 400),
    ],
)
def test_bad_input_is_a_clear_4xx(client, path, params, status):
    response = client.get(path, **params)
    assert response.status_code == status, response.text
    if path.endswith(".json"):
        assert response.json()["ok"] is False
    else:
        assert "<html" in response.text


@pytest.mark.parametrize(
    "path",
    ["/compare?a=%ZZ&b=%", "/search?q=%ZZ%22%28*", "/matrix?jurisdiction&&=&sort=", "/search?q="],
)
def test_malformed_query_strings_never_500(client, path):
    response = client.get(path)
    assert 200 <= response.status_code < 500, response.text


@pytest.mark.parametrize(
    ("q", "status"),
    [('"unbalanced', 400), ("NEAR(a b", 200), ("a AND OR", 400), ("*", 200), ("col:term", 200),
     ("'", 200), ("-only", 400)],
)  # fmt: skip
def test_search_syntax_is_read_or_refused_clearly(client, q, status):
    response = client.get("/search.json", q=q)
    assert response.status_code == status, (q, response.text)
    page = client.get("/search", q=q)
    assert page.status_code == status
    if status == 400:
        assert "This search cannot be run" in text_of(page.text) and 'name="q"' in page.text


def test_oversized_upload_is_413(client):
    big = b"a " * 1_100_000
    page = client.post("/draft", files={"file": ("big.txt", big, "text/plain")})
    assert page.status_code == 413
    assert "larger than 2 MB" in page.text
    data = client.post("/draft.json", files={"file": ("big.txt", big, "text/plain")})
    assert data.status_code == 413 and data.json()["ok"] is False


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("fake.pdf", b"this is not a PDF at all", "fake.pdf"),
        ("empty.txt", b"", "empty"),
        ("photo.png", b"\x89PNG....", "unsupported file type"),
        ("latin1.txt", "caf\u00e9".encode("latin-1"), "not UTF-8"),
    ],
)
def test_unreadable_uploads_are_400(client, name, data, message):
    page = client.post("/draft", files={"file": (name, data, "application/octet-stream")})
    assert page.status_code == 400, page.text
    assert message in html.unescape(page.text)
    assert 'role="alert"' in page.text


def test_draft_without_text_is_400(client):
    assert client.post("/draft", data={"text": "   "}).status_code == 400
    assert client.get("/draft.json").status_code == 405


def test_json_endpoints_are_json(client):
    for path in (f"/bill/{SB54}.json", "/matrix.json", "/search.json?q=detainer"):
        response = client.get(path)
        assert response.headers["content-type"].startswith("application/json")
        json.loads(response.text)
