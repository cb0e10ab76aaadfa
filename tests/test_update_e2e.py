"""`billtracker update` day after day against a REAL local HTTP server serving recorded states.

Day 1 SB 275 is introduced; day 2 it is amended and weakened (a carve-out for
people convicted of a serious or violent felony); day 3 nothing is new; day 4
the source is down. Each day: the right changes, the Atom feed through a real
Datasette over the published database, alerts by real SMTP and a real webhook
receiver (which fails first on day 2) — nothing duplicated, nothing lost.
"""

from __future__ import annotations

import asyncio
import functools
import http.server
import re
import sqlite3
import threading
import xml.etree.ElementTree as ET

import pytest
import yaml
from aiosmtpd.controller import Controller
from datasette.app import Datasette
from test_alerts import SECRET, MailBox, Receiver, free_port
from test_update_states import SB275, build_state
from web_demo import PLUGINS

from billtracker import storage
from billtracker.jobs.alerts import AlertConfig, Smtp, Subscription
from billtracker.jobs.status import format_status, update_status
from billtracker.jobs.update import run_update
from conftest import ROOT

FAST = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "RETRY_TIMES": 1}
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text())
ATOM = "{http://www.w3.org/2005/Atom}"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def rows(path, sql, params=()):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [tuple(r) for r in conn.execute(sql, params).fetchall()]
    finally:
        conn.close()


def datasette_get(published, path):
    async def fetch():
        # the project's plugins as serve loads them: the feeds call bt_site_url()
        ds = Datasette(immutables=[str(published)], metadata=METADATA, plugins_dir=str(PLUGINS))
        return await ds.client.get(path)

    return asyncio.run(fetch())


@pytest.fixture(scope="module")
def days(tmp_path_factory):
    """Run the update on each of the four days; snapshot what users would see after each."""
    root = tmp_path_factory.mktemp("states")
    work = tmp_path_factory.mktemp("update")
    db_path, published = work / "billtracker.db", work / "published.db"
    folder = build_state(root, 1)
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    box = MailBox()
    smtp = Controller(box, hostname="127.0.0.1", port=free_port())
    smtp.start()
    hook = Receiver()
    config = AlertConfig(
        smtp=Smtp(host="127.0.0.1", port=smtp.port, sender="bills@example.org"),
        subscriptions=[
            Subscription(id="sb275", bills=[SB275], webhook=hook.url),
            Subscription(
                id="carveouts", items=["carveout_serious_crimes"], email=["c@example.org"]
            ),
            Subscription(
                id="ca-immigration",
                jurisdictions=["ca"],
                keywords=["immigration"],
                email=["i@example.org"],
            ),
        ],
        backoff=0.01,
    )
    mp = pytest.MonkeyPatch()
    mp.setenv("BILLTRACKER_WEBHOOK_SECRET", SECRET)
    snapshots = {}
    try:
        for day in (1, 2, 3, 4):
            if day in (2, 3):
                build_state(root, day)
            if day == 2:
                hook.fail_first = hook.tries + 1  # the receiver fails once, then recovers
            if day == 4:
                server.shutdown()
                server.server_close()
            summary = run_update(
                db_path=db_path,
                published_path=published,
                spiders=["california"],
                spider_args={"base_url": url},
                settings=FAST,
                alerts=config,
            )
            feed = datasette_get(published, "/published/changes_feed.atom")
            assert feed.status_code == 200, feed.text
            snapshots[day] = {
                "summary": summary,
                "changes": rows(
                    db_path, "select id, kind, item_id, version_id from changes order by id"
                ),
                "versions": rows(published, "select id from versions order by ordinal"),
                "scores": rows(db_path, "select version_id from version_scores order by 1"),
                "diffs": rows(db_path, "select from_version, to_version from version_diffs"),
                "feed": [
                    (e.find(f"{ATOM}title").text, e.find(f"{ATOM}content").text)
                    for e in ET.fromstring(feed.content).findall(f"{ATOM}entry")
                ],
                "feed_json": datasette_get(
                    published, "/published/changes_feed.json?_shape=array"
                ).json(),
                "mail": [(rcpt, m["Subject"], m.get_content()) for rcpt, m in box.messages],
                "hook": hook.change_ids(),
                "hook_tries": hook.tries,
                "alerts_sent": rows(
                    db_path, "select subscription, change_id, channel, status from alerts_sent"
                ),
                "status": update_status(storage.open_db(db_path)),
            }
    finally:
        mp.undo()
        smtp.stop()
        hook.close()
    return snapshots


def kinds(snapshot, since=0):
    return [(kind, item) for cid, kind, item, _ in snapshot["changes"] if cid > since]


def test_day1_new_bill_and_version(days):
    d1 = days[1]
    assert d1["summary"]["exit_code"] == 0, d1["summary"]["line"]
    assert kinds(d1) == [("new_bill", None), ("new_version", None)]
    assert d1["versions"] == [(f"{SB275}@introduced",)]
    assert d1["scores"] == [(f"{SB275}@introduced",)]


def test_day1_feed(days):
    titles = [t for t, _ in days[1]["feed"]]
    assert len(titles) == 2
    assert all("SB275" in t for t in titles)
    assert {t.split(" (")[0] for t in titles} == {"SB275 is a new bill", "SB275 has a new version"}


def test_day1_alerts(days):
    d1 = days[1]
    ids = [cid for cid, *_ in d1["changes"]]
    assert d1["hook"] == ids  # sb275 by webhook
    assert [(rcpt, subject) for rcpt, subject, _ in d1["mail"]] == [
        (["i@example.org"], "billtracker: 2 changes (ca-immigration)")
    ]


def test_day2_amendment_weakens_and_is_recorded(days):
    d1, d2 = days[1], days[2]
    assert d2["summary"]["exit_code"] == 0, d2["summary"]["line"]
    since = d1["changes"][-1][0]
    assert kinds(d2, since) == [
        ("status", None),
        ("action", None),
        ("new_version", None),
        # the permission for people with convictions is a conviction carve-out, labelled as
        # one (the release-date bar stays whole beside it, as SB 54's does beside 7282.5) ...
        ("item_gained", "carveout_serious_crimes"),
        # ... and it lowers the bill's score
        ("weakened", None),
    ]
    assert d2["versions"] == [(f"{SB275}@introduced",), (f"{SB275}@amended-senate-2025-03-11",)]
    assert d2["diffs"] == [(f"{SB275}@introduced", f"{SB275}@amended-senate-2025-03-11")]
    assert len(d2["scores"]) == 2


def test_day2_feed_shows_the_weakening(days):
    feed = days[2]["feed"]
    assert len(feed) == 7
    weakened = [content for title, content in feed if " was weakened" in title]
    assert len(weakened) == 1
    scores = [re.search(r"score (\d+\.\d) -> (\d+\.\d)", c) for c in weakened]
    assert [float(m[1]) > float(m[2]) for m in scores if m] == [True]  # the overall drop
    assert any("carve" in title.lower() or "carve" in c.lower() for title, c in feed)
    assert any("status In Committee Process -> In Floor Process" in c for _, c in feed)
    json_ids = {r["atom_id"] for r in days[2]["feed_json"]}
    assert len(json_ids) == 7


def test_day2_alerts_after_a_failing_receiver(days):
    d1, d2 = days[1], days[2]
    since = d1["changes"][-1][0]
    new_ids = [cid for cid, *_ in d2["changes"] if cid > since]
    assert d2["hook"] == [cid for cid, *_ in d1["changes"]] + new_ids  # each once, in order
    assert d2["hook_tries"] == days[1]["hook_tries"] + 2  # a 500, then the retry
    mail = d2["mail"][len(d1["mail"]) :]
    by_rcpt = {tuple(rcpt): (subject, body) for rcpt, subject, body in mail}
    assert by_rcpt[("c@example.org",)][0] == "billtracker: 1 change (carveouts)"
    assert "Carve-outs for people with convictions" in by_rcpt[("c@example.org",)][1]
    assert by_rcpt[("i@example.org",)][0] == "billtracker: 5 changes (ca-immigration)"


def test_day3_nothing_new_adds_nothing(days):
    d2, d3 = days[2], days[3]
    s = d3["summary"]
    assert s["exit_code"] == 0
    assert (s["new_versions"], s["scored"], s["diffed"], s["changes"]) == (0, 0, 0, 0)
    for key in ("changes", "versions", "scores", "diffs", "feed", "mail", "hook", "alerts_sent"):
        assert d3[key] == d2[key], key


def test_day4_source_down_fails_loudly_and_loses_nothing(days):
    d3, d4 = days[3], days[4]
    s = d4["summary"]
    assert s["exit_code"] == 1
    assert s["failed"] == ["california"]
    assert "FAILED: california (could not fetch" in s["line"]
    assert "Connection refused" in s["line"]
    assert s["published"] is True
    for key in ("changes", "versions", "scores", "diffs", "feed", "mail", "hook", "alerts_sent"):
        assert d4[key] == d3[key], key


def test_every_alert_sent_once(days):
    sent = days[4]["alerts_sent"]
    assert len(sent) == len(set((s, c, ch) for s, c, ch, _ in sent))
    assert {status for *_, status in sent} == {"sent"}


def test_status_reports_the_failed_source(days):
    report = days[4]["status"]
    assert report["failed_sources"] == ["california"]
    assert report["last_update"]["status"] == "failed"
    assert report["last_update"]["failed"] == ["california"]
    assert report["last_publish"]["status"] == "ok"
    text = "\n".join(format_status(report))
    assert "FAILED SOURCES: california" in text
    assert "california: failed" in text and "(last error: " in text
    assert days[2]["status"]["versions_added"] == 1
