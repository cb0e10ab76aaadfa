"""billtracker.publishing.pages without Datasette: the data and rendering helpers behind the pages."""

import sqlite3

import pytest
from test_publish import make_working_db

from billtracker.publishing import pages as web
from billtracker.publishing.publish import publish
from billtracker.publishing.serve import PUBLIC_SETTINGS, datasette_args


@pytest.fixture
def conn(tmp_path):
    target = tmp_path / "published.db"
    publish(make_working_db(tmp_path / "billtracker.db"), target)
    connection = sqlite3.connect(target)
    yield connection
    connection.close()


def test_marked_segments_cover_the_text_once():
    text = "abcdefghij"
    spans = [web.Span(2, 5, "x"), web.Span(4, 8, "y")]
    segments = web.marked_segments(text, 0, 10, spans)
    assert "".join(s["text"] for s in segments) == text
    assert [(s["text"], s["items"]) for s in segments] == [
        ("ab", []),
        ("cd", ["x"]),
        ("e", ["x", "y"]),
        ("fgh", ["y"]),
        ("ij", []),
    ]


def test_text_blocks_keep_gaps_and_anchor_sections():
    text = "Preamble. Sec 1 text. Sec 2 text."
    sections = [
        {"ordinal": 1, "citation": "1", "heading": None, "start": 10, "end": 22},
        {"ordinal": 2, "citation": "2", "heading": None, "start": 22, "end": len(text)},
    ]
    blocks = web.text_blocks(text, sections, [])
    assert [b["anchor"] for b in blocks] == [None, "sec-1", "sec-2"]
    assert "".join(s["text"] for b in blocks for s in b["segments"]) == text


def test_bill_page_links_evidence_to_sections(conn):
    page = web.bill_page(conn, "ca/2017-2018/SB54")
    assert page["version"]["id"] == "ca/2017-2018/SB54@enrolled"
    warrant = next(
        i for g in page["scorecard"] for i in g["items"] if i["id"] == "judicial_warrant_access"
    )
    assert warrant["label"] == "partial"
    assert warrant["evidence"][0]["quote"] == "without a judicial warrant"
    assert [h["score"] for h in page["history"]] == [40.0, 60.0]
    assert any(seg["items"] for b in page["text_blocks"] for seg in b["segments"])


@pytest.mark.parametrize(
    "bill_id,version,status", [("nope", None, 404), ("ca/2017-2018/SB54", "zzz", 404)]
)
def test_bill_page_errors(conn, bill_id, version, status):
    with pytest.raises(web.WebError) as info:
        web.bill_page(conn, bill_id, version)
    assert info.value.status == status


def test_resolve_version_never_reads_files(conn, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    with pytest.raises(web.WebError) as info:
        web.resolve_version(conn, str(secret), "a")
    assert info.value.status == 404
    assert web.resolve_version(conn, "ca/2017-2018/SB54", "a")["slug"] == "enrolled"


def test_matrix_sorts_and_rejects_unknown_sort(conn):
    page = web.matrix_page(conn, {"sort": "no_detainers"})
    assert [b["id"] for b in page["bills"]] == ["ca/2017-2018/SB54", "ca/2017-2018/AB450"]
    assert web.matrix_csv(page).splitlines()[0].startswith("bill_id,identifier")
    with pytest.raises(web.WebError):
        web.matrix_page(conn, {"sort": "1; drop table bills"})
    assert web.matrix_link(page, sort="bill") == "/matrix?sort=bill&desc=1"


@pytest.mark.parametrize(
    "q,expected",
    [
        ("judicial warrant", '("judicial" AND "warrant")'),
        ('"judicial warrant" detainer', '("judicial warrant" AND "detainer")'),
        ("detainer OR hold warrant", '(("detainer" OR "hold") AND "warrant")'),
        ('warrant -federal -"state law"', '("warrant") NOT "federal" NOT "state law"'),
        ("sanctu*", '("sanctu"*)'),
        ("NEAR(x col:term", '("NEAR x" AND "col term")'),
        ("   ", ""),
    ],
)
def test_fts_query_reads_the_syntax(q, expected):
    assert web.fts_query(q) == expected


@pytest.mark.parametrize(
    ("q", "message"),
    [('"unbalanced', "unbalanced quote"), ("a AND OR", "OR needs"), ("OR x", "OR needs"),
     ("-only -minus", "only -words")],
)  # fmt: skip
def test_fts_query_refuses_what_it_cannot_read(q, message):
    with pytest.raises(web.WebError) as info:
        web.fts_query(q)
    assert info.value.status == 400 and message in info.value.message


def test_search_or_and_minus_change_the_results(conn):
    def ids(q):
        return {r["id"] for r in web.search_page(conn, q)["sections"]}

    warrant = ids("warrant")
    assert warrant and ids("warrant -judicial") < warrant
    assert ids("warrant OR zzzunknown") == warrant and ids("warrant zzzunknown") == set()


def test_search_highlights_and_escapes(conn):
    page = web.search_page(conn, "judicial warrant")
    assert [r["id"] for r in page["sections"]] == ["ca/2017-2018/SB54@enrolled#1"]
    assert "<mark>judicial</mark> <mark>warrant</mark>" in page["sections"][0]["snippet_html"]
    assert web.highlight("<b>\x02x\x03</b>") == "&lt;b&gt;<mark>x</mark>&lt;/b&gt;"


def test_charts_escape_labels():
    svg = web.bar_chart_svg([("<script>", 50.0)], title="a & b")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg
    line = web.line_chart_svg([("v1", 10.0), ("v2", None), ("<v3>", 30.0)], title="t")
    assert line.count("<circle") == 2 and "&lt;v3&gt;" in line


def test_parse_form_multipart_and_urlencoded():
    body = (
        b'--XX\r\nContent-Disposition: form-data; name="text"\r\n\r\nhello\r\n'
        b'--XX\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\nfile body\r\n--XX--\r\n"
    )
    fields, files = web.parse_form(body, "multipart/form-data; boundary=XX")
    assert fields == {"text": "hello"}
    assert (files["file"].filename, files["file"].data) == ("a.txt", b"file body")
    assert web.parse_form(b"text=a+b", "application/x-www-form-urlencoded") == ({"text": "a b"}, {})
    for body, kind, status in (
        (b"x", "multipart/form-data", 400),
        (b"\xff", "application/x-www-form-urlencoded", 400),
        (b"{}", "application/json", 415),
    ):
        with pytest.raises(web.WebError) as info:
            web.parse_form(body, kind)
        assert info.value.status == status


def test_nearest_bills_ranks_by_similarity():
    corpus = [
        {"id": "a@1", "bill_id": "a", "slug": "1", "label": "A", "identifier": "A", "title": "",
         "text": "agencies shall not share personal information with immigration authorities"},
        {"id": "b@1", "bill_id": "b", "slug": "1", "label": "B", "identifier": "B", "title": "",
         "text": "a tax on sugary drinks"},
    ]  # fmt: skip
    found = web.nearest_bills("Agencies shall not share information with immigration", corpus)
    assert [f["bill_id"] for f in found] == ["a", "b"]
    assert web.nearest_bills("", corpus) == []


def test_public_settings_in_the_serve_command(tmp_path):
    args = datasette_args(tmp_path / "p.db")
    for name, value in PUBLIC_SETTINGS.items():
        i = args.index(name)
        assert args[i - 1] == "--setting" and args[i + 1] == str(value)
    assert "-i" in args and args[-4] == "--port"
