"""Reviews on a real ``datasette serve``: who may write, bad input, concurrency, the published
file left alone, replicas, and what readers see (bill page, matrix, JSON, CSV, feed, index)."""

from __future__ import annotations

import sqlite3
import threading

import httpx
import pytest
from review_server import (
    PASSWORD,
    csrftoken,
    demo_copy,
    review_count,
    review_server,
    signed_in,
)

VERSION = "ca/2017-2018/SB54@chaptered"
BILL = "/bill/ca/2017-2018/SB54"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    published = demo_copy(tmp_path_factory)
    with review_server(published) as (url, _):
        yield url, published


def auto(published, item: str) -> tuple[str, str]:
    conn = sqlite3.connect(published)
    try:
        return conn.execute(
            "select label, quote from scores where version_id = ? and item_id = ?", [VERSION, item]
        ).fetchone()
    finally:
        conn.close()


def form(client, **fields) -> dict:
    fields.setdefault("version", VERSION)
    return {"csrftoken": csrftoken(client, "/review"), **fields}


def test_anonymous_reads_everything_and_writes_nothing(site):
    url, published = site
    before = review_count(published)
    with httpx.Client(base_url=url) as anon:
        for path in ("/", "/review", "/review.json", BILL, "/matrix", "/reviews"):
            assert anon.get(path).status_code == 200, path
        data = {"version": VERSION, "item": "fusion_center_limits", "label": "full", "reason": "x"}
        assert anon.post("/review/label", data=data).status_code == 403
        assert anon.post("/review/label.json", data=data).status_code == 403
        assert "Sign in" in anon.post("/review/label", data=data).text
    assert review_count(published) == before


def test_a_reader_account_may_not_review(site):
    url, published = site
    before = review_count(published)
    sam = signed_in(url, "sam")
    data = form(sam, item="fusion_center_limits", label="full", reason="looks right")
    response = sam.post("/review/label.json", data=data)
    assert response.status_code == 403
    assert response.json()["error"] == "Your account may not review to review labels"
    assert review_count(published) == before


def test_forged_post_without_csrf_token_is_403(site):
    url, published = site
    before = review_count(published)
    alice = signed_in(url, "alice")
    data = {"version": VERSION, "item": "fusion_center_limits", "label": "full", "reason": "x"}
    assert alice.post("/review/label", data=data).status_code == 403
    assert alice.post("/review/label", data={**data, "csrftoken": "forged"}).status_code == 403
    assert review_count(published) == before


@pytest.mark.parametrize(
    "path",
    [
        "/published/bills",
        "/published/bills/-/insert",
        "/published/-/create",
        "/published",
        "/reviews/reviews",
        "/reviews/reviews/-/insert",
        "/reviews",
    ],
)
def test_datasette_write_apis_are_refused(site, path):
    url, published = site
    before, size = review_count(published), published.stat().st_size
    alice = signed_in(url, "alice")
    token = csrftoken(alice, "/review")
    body = {"csrftoken": token, "sql": "delete from reviews", "row": '{"id": 1}'}
    response = alice.post(path, data=body)
    assert response.status_code == 403, response.status_code
    assert review_count(published) == before
    assert published.stat().st_size == size
    # a write through a SQL query is refused too
    assert alice.get("/reviews", params={"sql": "delete from reviews"}).status_code >= 400


def test_a_reviewer_cannot_make_themselves_admin(site):
    url, published = site
    alice = signed_in(url, "alice")
    assert alice.get("/review/accounts").status_code == 403
    rosa = signed_in(url, "rosa")
    accounts = rosa.get("/review/accounts")
    assert accounts.status_code == 200 and "alice" in accounts.text
    # a cookie claiming another actor or a role is not signed: anonymous
    forged = httpx.Client(
        base_url=url, cookies={"ds_actor": '{"a": {"id": "rosa", "role": "admin"}}'}
    )
    assert forged.get("/-/actor.json").json() == {"actor": None}
    assert forged.get("/review/accounts").status_code == 403
    # a role field in the form is ignored: the role comes from configuration
    data = form(alice, item="fusion_center_limits", label="full", reason="ok", role="admin")
    response = alice.post("/review/label.json", data=data)
    assert response.status_code == 201
    assert response.json()["review"]["role"] == "reviewer"
    assert alice.get("/review/accounts").status_code == 403


def test_passwords_are_never_stored_or_logged(site):
    url, published = site
    with httpx.Client(base_url=url) as client:
        token = csrftoken(client, "/-/login")
        client.post(
            "/-/login", data={"username": "alice", "password": "wrong-Pa55", "csrftoken": token}
        )
    signed_in(url, "bob")
    for path in published.parent.iterdir():
        if path.is_file():
            data = path.read_bytes()
            assert PASSWORD.encode() not in data, path
            assert b"wrong-Pa55" not in data, path
    assert "pbkdf2" not in published.with_name("reviewers.yml").read_text()


@pytest.mark.parametrize(
    "fields, status, message",
    [
        (
            {"item": "fusion_center_limits", "label": "full", "quote": "words not in the bill"},
            400,
            "not verbatim",
        ),
        ({"item": "no_such_item", "label": "absent"}, 404, "No checklist item"),
        (
            {"item": "fusion_center_limits", "label": "absent", "version": "zz/1/X@v1"},
            404,
            "No version",
        ),
        (
            {"item": "fusion_center_limits", "label": "absent", "reason": "   "},
            400,
            "reason is required",
        ),
        (
            {"item": "fusion_center_limits", "label": "absent", "reason": "x" * 1_000_000},
            413,
            "larger than",
        ),
        ({"item": "fusion_center_limits", "label": "maybe"}, 400, "label must be one of"),
        ({"item": "worker_notice", "label": "partial", "quote": ""}, 400, "needs the quote"),
    ],
)
def test_bad_input_is_a_clear_4xx_and_writes_nothing(site, fields, status, message):
    url, published = site
    alice = signed_in(url, "alice")
    before = review_count(published)
    data = form(alice, **{"reason": "because", **fields})
    response = alice.post("/review/label.json", data=data)
    assert response.status_code == status
    assert message in response.json()["error"]
    html_response = alice.post("/review/label", data=data)
    assert html_response.status_code == status and message in html_response.text
    assert review_count(published) == before


def test_markup_in_the_reason_is_inert(site):
    url, published = site
    alice = signed_in(url, "alice")
    label, quote = auto(published, "individual_notice")
    evil = '<script>window.__pwned=1</script><b id="evil">bold</b>'
    data = form(alice, item="individual_notice", label=label, quote=quote[:50], reason=evil)
    assert alice.post("/review/label", data=data).status_code == 302
    for path in (f"/review/label?version={VERSION}&item=individual_notice", BILL):
        page = alice.get(path).text
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
        assert '<b id="evil">' not in page


def test_two_reviewers_at_once_both_land_in_the_history(site):
    url, published = site
    clients = {a: signed_in(url, a) for a in ("alice", "bob")}
    forms = {
        a: form(c, item="consent_required", label="absent", reason=f"{a} read it")
        for a, c in clients.items()
    }
    barrier, results = threading.Barrier(2), {}

    def save(account):
        barrier.wait()
        results[account] = clients[account].post("/review/label", data=forms[account]).status_code

    threads = [threading.Thread(target=save, args=(a,)) for a in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {"alice": 302, "bob": 302}
    history = httpx.get(
        f"{url}/review/label.json", params={"version": VERSION, "item": "consent_required"}
    ).json()["history"]
    assert {h["reviewer"] for h in history} >= {"alice", "bob"}


def test_a_review_is_marked_on_every_view_and_counts_in_the_score(site):
    url, published = site
    alice = signed_in(url, "alice")
    label, quote = auto(published, "database_access_limits")
    to = "full" if label != "full" else "partial"
    data = form(
        alice,
        item="database_access_limits",
        label=to,
        quote=quote[:40],
        reason="binds every agency",
    )
    response = alice.post("/review/label", data=data)
    assert response.status_code == 302
    assert response.headers["location"].endswith("#item-database_access_limits")
    page = httpx.get(url + BILL + ".json").json()
    entry = next(
        e for g in page["scorecard"] for e in g["items"] if e["id"] == "database_access_limits"
    )
    assert entry["label"] == to and entry["automatic_label"] == label
    assert entry["review"]["reviewer"] == "alice" and entry["review"]["date"]
    assert page["reviewed"]["count"] >= 1 and page["reviewed"]["of"] == 29
    assert page["version"]["score"] != page["reviewed"]["automatic_score"]
    html_page = httpx.get(url + BILL).text
    assert "labels checked by a person" in html_page and "Reviewed by alice (reviewer)" in html_page
    matrix = httpx.get(url + "/matrix.json").json()
    row = next(b for b in matrix["bills"] if b["version_id"] == VERSION)
    cell = next(c for c in row["cells"] if c["item_id"] == "database_access_limits")
    assert cell["label"] == to and cell["review"]["reviewer"] == "alice"
    assert row["score"] == page["version"]["score"]
    csv_text = httpx.get(url + "/matrix.csv").text
    assert f"database_access_limits={to} (automatic: {label}; by alice" in csv_text
    assert "reviewed by alice" in httpx.get(url + "/matrix").text
    feed = httpx.get(url + "/reviews/corrections_feed.atom").text
    assert f"database_access_limits {label} -&gt; {to}" in feed
    assert "agrees with its reviewers" in httpx.get(url + "/").text


def test_a_label_the_comparator_changed_after_review_is_flagged_to_recheck(site):
    url, published = site
    label, _ = auto(published, "carveout_database_access")
    conn = sqlite3.connect(published.with_name("reviews.db"))
    with conn:  # a review made when the comparator said something else
        conn.execute(
            "insert into reviews (at, reviewer, role, bill_id, version_id, item_id, text_hash, "
            "from_label, to_label, reason) values ('2025-01-01T00:00:00+00:00', 'bob', "
            "'reviewer', 'ca/2017-2018/SB54', ?, 'carveout_database_access', 'h', 'absent', "
            "'absent', 'nothing here')",
            [VERSION],
        )
    conn.close()
    assert label != "absent"
    page = httpx.get(url + BILL + ".json").json()
    entry = next(
        e for g in page["scorecard"] for e in g["items"] if e["id"] == "carveout_database_access"
    )
    assert entry["review"]["recheck"] is True
    queue = httpx.get(url + "/review.json", params={"jurisdiction": "ca"}).json()
    flagged = [
        e
        for e in queue["entries"]
        if e["item_id"] == "carveout_database_access" and e["version_id"] == VERSION
    ]
    assert flagged and "recheck" in flagged[0]["reasons"]
    assert queue["entries"][0]["reasons"][0] == "recheck"  # re-checks come first


def test_the_queue_filters_by_jurisdiction_and_item(site):
    url, _ = site
    everything = httpx.get(url + "/review.json").json()
    assert everything["total"] > 0
    assert {"low confidence", "conflict"} <= {
        r for e in everything["entries"] for r in e["reasons"]
    }
    only = httpx.get(
        url + "/review.json", params={"jurisdiction": "wa", "item": "no_civil_arrests"}
    ).json()
    assert only["entries"] and all(
        e["jurisdiction_id"] == "wa" and e["item_id"] == "no_civil_arrests" for e in only["entries"]
    )
    priorities = [e["priority"] for e in everything["entries"]]
    assert priorities == sorted(priorities, reverse=True)
    assert httpx.get(url + "/review", params={"item": "x" * 400}).status_code == 400
