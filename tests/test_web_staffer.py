# ruff: noqa: F811 (fixtures imported from the other web test modules)
"""Issue 15: what a bill does in words, direction and relevance, linked navigation, two
bills side by side, the draft page's borrowable language and plain feeds; on a real
Datasette (in process) over the demo database built by the CLI."""

import re
import sqlite3
import xml.etree.ElementTree as ET

import pytest
from test_web_pages import client, published, text_of  # noqa: F401 (fixtures)

from billtracker.analysis.relevance import relevance
from billtracker.config import load_checklist
from conftest import ROOT

SB54, S987 = "ca/2017-2018/SB54", "ny/2023-2024/S987"
MISSOURI = "mo/2024/SB1373"
GAMBLING = "ca/2025-2026/AB831"
DRAFT = (ROOT / "tests" / "fixtures" / "drafts" / "short_ordinance.txt").read_text()
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize(
    ("title", "text", "direction", "expected"),
    [
        ("Gambling: sweepstakes.", "A contest operator shall register.", "none", False),
        ("Sanctuary-policy ban", "No city shall limit ...", "restrictive", True),
        ("A Local Law to repeal sections", "relating to immigration enforcement", "none", True),
        ("Home inspectors", "training requirements for inspectors", "none", False),
    ],
)
def test_relevance_of_a_text(title, text, direction, expected):
    on_topic, reason = relevance(title, text, direction, load_checklist())
    assert on_topic is expected
    assert reason


def test_every_scored_bill_has_direction_and_relevance(published):
    with sqlite3.connect(published) as conn:
        found = dict(
            (r[0], (r[1], r[2]))
            for r in conn.execute("select bill_id, direction, on_topic from latest_scored_versions")
        )
    assert all(d in ("protective", "restrictive", "mixed", "none") for d, _ in found.values())
    assert found[SB54] == ("protective", 1)
    assert found[MISSOURI] == ("restrictive", 1)
    assert found[GAMBLING] == ("none", 0)


def test_bill_page_says_what_the_bill_does(client):
    data = client.get(f"/bill/{SB54}.json").json()
    summary = data["summary"]
    assert summary["sentence"].startswith("Bars law enforcement from")
    assert "judicial warrant" in summary["sentence"]
    page = client.get(f"/bill/{SB54}").text
    for clause in summary["clauses"]:
        assert clause["href"].startswith("#")
        assert f'id="{clause["href"][1:]}"' in page  # each clause's evidence is on the page
    visible = text_of(page)
    assert "What it does" in visible and "not by a language model" in visible
    assert "Confidence (0 to 1) is how sure" in visible
    assert "No actions recorded" in visible and "Sponsors: none recorded" in visible
    history = re.search(r'<div class="bt-chart">\s*<svg.*?</svg>', page, re.S).group(0)
    assert "2017-10-05" in history  # the score history has a dated axis


def test_restrictive_bill_is_marked_on_its_page(client):
    page = client.get(f"/bill/{MISSOURI}").text
    assert "restrictive: mandates cooperation" in text_of(page)
    assert 'class="bt-restrictive"' in page


def test_matrix_shows_on_topic_bills_unless_asked(client):
    default = client.get("/matrix.json").json()
    ids = {b["id"] for b in default["bills"]}
    assert SB54 in ids and MISSOURI in ids and GAMBLING not in ids
    assert default["off_topic_hidden"] >= 1
    every = {b["id"] for b in client.get("/matrix.json", show="all").json()["bills"]}
    assert GAMBLING in every and ids < every
    assert client.get("/matrix", show="bogus").status_code == 400
    header = client.get("/matrix.csv").text.splitlines()[0].split(",")
    assert header[:3] == ["bill_id", "identifier", "title"]
    assert 'class="bt-restrictive"' in client.get("/matrix").text


def test_ids_link_to_bill_pages_in_tables_and_queries(client):
    query = client.get("/published/strongest_bills").text
    assert re.search(r'<a href="/bill/[a-z]+/[^"]+">', query)
    scores = client.get("/published/scores").text  # version_id, a foreign key
    assert re.search(r'<a href="/bill/[^"?]+\?version=[^"]+">', scores)
    row = client.get("/published/versions/ca~2F2017-2018~2FSB54~40chaptered").text
    assert f'<a href="/bill/{SB54}?version=chaptered">' in row
    database = client.get("/published").text
    assert "select * from bills" in database
    assert "_sqlite_migrations" not in text_of(database).split("Tables")[0]


def test_canned_queries_hide_their_sql(client):
    page = client.get("/published/missing_judicial_warrant").text
    assert "missing_judicial_warrant?_show_sql=1" in page  # the SQL is folded away
    assert not re.search(r"<(?:textarea|pre)[^>]*>[^<]*current_scores", page)
    shown = client.get("/published/missing_judicial_warrant", _show_sql="1").text
    assert re.search(r"<(?:textarea|pre)[^>]*>[^<]*current_scores", shown)


def test_two_bills_side_by_side(client):
    page = client.get("/compare", a=SB54, b=MISSOURI)
    assert page.status_code == 200
    visible = text_of(page.text)
    assert "Compare two bills" in visible and "Compare two versions" not in visible
    assert f"Only in {SB54}" in visible and f"Only in {MISSOURI}" in visible
    assert 'class="bt-restrictive"' in page.text
    assert "<details" in page.text  # the redline is folded
    data = client.get("/compare.json", a=SB54, b=S987).json()
    sides = data["side_by_side"]
    assert sides["sides"]["a"]["direction"] == sides["sides"]["b"]["direction"] == "protective"
    only_a = {r["item"]["id"] for r in sides["groups"]["only_a"]}
    assert only_a and all(
        r["a"]["label"] != "absent" and r["b"]["label"] == "absent"
        for r in sides["groups"]["only_a"]
    )


def test_compare_form_type_ahead(client):
    ids = [x["id"] for x in client.get("/compare/ids.json", q="SB5").json()["ids"]]
    assert SB54 in ids and f"{SB54}@chaptered" in ids
    assert client.get("/compare/ids.json", q="x" * 200).status_code == 400
    assert client.get("/compare/ids.json", q="a\x01b").status_code == 400
    assert 'list="bt-ids"' in client.get("/compare").text


def test_draft_page_ranks_by_containment_and_offers_language(client, published):
    data = client.post("/draft.json", data={"text": DRAFT}).json()
    nearest = data["nearest"]
    assert nearest and all(0 <= n["contains"] < 90 for n in nearest)
    assert [n["contains"] for n in nearest] == sorted(
        (n["contains"] for n in nearest), reverse=True
    )
    assert all(n["direction"] for n in nearest)
    missing = {m["id"]: m for m in data["to_add"]}
    assert "no_detainers" in missing and "no_info_sharing" not in missing
    example = missing["no_detainers"]["example"]
    ((text,),) = (
        sqlite3.connect(published)
        .execute(
            "select group_concat(text, ' ') from versions where bill_id = ?", [example["bill_id"]]
        )
        .fetchall()
    )
    assert example["quote"] in text and example["href"].startswith("/bill/")
    page = client.post("/draft", data={"text": DRAFT}).text
    assert "What to add" in page and "Model policy:" in page


def test_feeds_have_plain_titles_and_absolute_links(client):
    feed = ET.fromstring(client.get("/published/changes_feed.atom").text)
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert titles and not any(
        re.search(r"\b(item_lost|item_gained|new_version)\b", t) for t in titles
    )
    assert all(re.match(r"https?://[^/]+/bill/", link) for link in links)
    assert not any("AB831" in t for t in titles)
    every = client.get("/published/changes_feed.atom", show="all").text
    assert "AB831" in every
