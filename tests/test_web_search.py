# ruff: noqa: F811 (fixtures imported from the other web test modules)
"""Search: filters, pages of results, where each hit comes from, and clear refusals."""

import pytest
from test_web_pages import client, published, text_of  # noqa: F401 (fixtures)


def hits(data):
    return [r for group in ("bills", "versions", "sections") for r in data[group]]


def test_search_filters_by_jurisdiction_level_and_session(client):
    ny = client.get("/search.json", q="immigration", jurisdiction="ny").json()
    assert hits(ny) and {r["jurisdiction_id"] for r in hits(ny)} == {"ny"}
    local = client.get("/search.json", q="immigration", level="local").json()
    assert hits(local) and {r["jurisdiction_id"] for r in hits(local)} == {"nyc"}
    session = client.get("/search.json", q="immigration", session="2017-2018").json()
    assert hits(session) and {r["session"] for r in hits(session)} == {"2017-2018"}
    assert client.get("/search.json", q="immigration", jurisdiction="zz").json()["sections"] == []


def test_search_pages_past_twenty(client):
    first = client.get("/search.json", q="immigration").json()
    second = client.get("/search.json", q="immigration", page="2").json()
    assert first["more"] is True and len(first["sections"]) == 20
    assert second["sections"] and not {r["id"] for r in first["sections"]} & {
        r["id"] for r in second["sections"]
    }
    page = client.get("/search", q="immigration").text
    assert 'rel="next"' in page and "page=2" in page


def test_search_hits_show_their_jurisdiction(client):
    data = client.get("/search.json", q='"judicial warrant"').json()
    page = text_of(client.get("/search", q='"judicial warrant"').text)
    for r in data["sections"][:3] + data["versions"][:3]:
        assert r["jurisdiction"] and f"{r['jurisdiction']} {r['session']}" in page
    assert "How to search:" in page and "OR" in page


@pytest.mark.parametrize(
    "params",
    [{"q": "x", "page": "0"}, {"q": "x", "page": "two"}, {"q": "x", "page": "9999"},
     {"q": "x", "session": "a\x01b"}, {"q": "x", "jurisdiction": "j" * 400}],
)  # fmt: skip
def test_bad_search_parameters_are_400(client, params):
    assert client.get("/search", **params).status_code == 400
    response = client.get("/search.json", **params)
    assert response.status_code == 400 and response.json()["ok"] is False
