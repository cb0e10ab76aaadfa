"""Reviews under stress on a real ``datasette serve``: the sign-in rate limit, kill -9 in the
middle of writes, a publish while people review, and replicas that receive reviews on publish."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import httpx
from review_server import PASSWORD, csrftoken, demo_copy, review_count, review_server, signed_in

VERSION = "ca/2017-2018/SB54@chaptered"
BILLTRACKER = [sys.executable, "-m", "billtracker"]


def review_form(client, n: int) -> dict:
    token = csrftoken(client, "/review")
    return {
        "csrftoken": token,
        "version": VERSION,
        "item": "consent_required",
        "label": "absent",
        "reason": f"review number {n}",
    }


def test_rate_limit_holds_under_200_wrong_passwords(tmp_path_factory):
    published = demo_copy(tmp_path_factory, "ratelimit")
    with review_server(published) as (url, _):
        with httpx.Client(base_url=url, timeout=30) as client:
            token = csrftoken(client, "/-/login")
            statuses = [
                client.post(
                    "/-/login",
                    data={"username": "alice", "password": f"guess-{i}", "csrftoken": token},
                ).status_code
                for i in range(200)
            ]
            assert statuses[:10] == [200] * 10  # the form again, "Invalid username or password"
            assert set(statuses[10:]) == {429}
            right = client.post(
                "/-/login", data={"username": "alice", "password": PASSWORD, "csrftoken": token}
            )
            assert right.status_code == 429  # locked out, even with the right password
            assert int(right.headers["retry-after"]) > 0
            assert "ds_actor" not in client.cookies


def test_kill_9_in_the_middle_of_writes_leaves_no_partial_row(tmp_path_factory):
    published = demo_copy(tmp_path_factory, "kill9")
    with review_server(published) as (url, process):
        clients = [signed_in(url, a) for a in ("alice", "bob")]
        forms = [[review_form(c, n) for n in range(200)] for c in clients]
        saved, stop = [], threading.Event()

        def writer(client, batch):
            for data in batch:
                if stop.is_set():
                    return
                try:
                    if client.post("/review/label", data=data).status_code == 302:
                        saved.append(data["reason"])
                except httpx.HTTPError:
                    return

        threads = [
            threading.Thread(target=writer, args=(c, f))
            for c, f in zip(clients, forms, strict=True)
        ]
        for t in threads:
            t.start()
        while len(saved) < 20:
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        stop.set()
        for t in threads:
            t.join()
    conn = sqlite3.connect(published.with_name("reviews.db"))
    assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    rows = conn.execute(
        "select reviewer, version_id, item_id, to_label, reason, at from reviews"
    ).fetchall()
    assert all(all(v not in (None, "") for v in r) for r in rows)
    assert {r[4] for r in rows} >= set(saved)  # every acknowledged review survived
    assert len(rows) >= 20
    conn.close()


def test_a_publish_during_reviewing_loses_no_review(tmp_path_factory):
    published = demo_copy(tmp_path_factory, "publish")
    working = published.with_name("billtracker.db")
    with review_server(published) as (url, _):
        alice = signed_in(url, "alice")
        before = review_count(published)
        saved, done = [], threading.Event()

        def writer():
            n = 0
            while not done.is_set() or n < 10:
                if alice.post("/review/label", data=review_form(alice, n)).status_code == 302:
                    saved.append(n)
                n += 1

        thread = threading.Thread(target=writer)
        thread.start()
        inode = published.stat().st_ino
        for _ in range(3):
            result = subprocess.run(
                [
                    *BILLTRACKER,
                    "publish",
                    "--db",
                    str(working),
                    "--published",
                    str(published),
                    "-q",
                ],
                capture_output=True,
                text=True,
            )
            assert result.returncode == 0, result.stderr
        done.set()
        thread.join()
        assert published.stat().st_ino != inode  # the published file really was replaced
        assert review_count(published) == before + len(saved)
        page = httpx.get(url + "/bill/ca/2017-2018/SB54.json").json()
        entry = next(
            e for g in page["scorecard"] for e in g["items"] if e["id"] == "consent_required"
        )
        assert entry["review"]["reason"] == f"review number {saved[-1]}"


def test_replicas_receive_reviews_on_publish_and_take_none(tmp_path_factory):
    published = demo_copy(tmp_path_factory, "primary")
    working = published.with_name("billtracker.db")
    replica_dir = tmp_path_factory.mktemp("replica")
    with review_server(published) as (url, _):
        alice = signed_in(url, "alice")
        assert alice.post("/review/label", data=review_form(alice, 1)).status_code == 302
    result = subprocess.run(
        [*BILLTRACKER, "publish", "--db", str(working), "--published", str(published)]
        + ["--to", str(replica_dir), "-q"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert review_count(replica_dir / "published.db") == review_count(published) == 1
    with review_server(replica_dir / "published.db", replica=True) as (url, _):
        page = httpx.get(url + "/bill/ca/2017-2018/SB54.json").json()
        entry = next(
            e for g in page["scorecard"] for e in g["items"] if e["id"] == "consent_required"
        )
        assert entry["review"]["reviewer"] == "alice"
        bob = signed_in(url, "bob")
        response = bob.post("/review/label.json", data=review_form(bob, 2))
        assert response.status_code == 403
        assert "replica" in response.json()["error"]
    assert review_count(replica_dir / "published.db") == 1
