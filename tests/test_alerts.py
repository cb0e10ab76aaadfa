"""Alerts: subscriptions, a REAL local SMTP server (aiosmtpd) and REAL local webhook receivers."""

from __future__ import annotations

import email
import hashlib
import hmac
import http.server
import json
import socket
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller

from billtracker import storage
from billtracker.errors import ConfigError
from billtracker.jobs import subscriptions as alertsmod
from billtracker.jobs.alerts import (
    AlertConfig,
    Smtp,
    Subscription,
    load_alerts,
    run_alerts,
    sign,
    verify_signature,
)

SECRET = "s3cret-shared"
BILL = "ca/2025-2026/SB275"
OTHER = "ny/2023-2024/S987"


# -- real servers -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailBox:
    """aiosmtpd handler: keeps every message; refuses the first ``fail_first`` with 451."""

    def __init__(self, fail_first: int = 0):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.fail_first = fail_first
        self.tries = 0

    async def handle_DATA(self, server, session, envelope):
        self.tries += 1
        if self.tries <= self.fail_first:
            return "451 Requested action aborted: try again later"
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


@pytest.fixture
def smtp_server():
    box = MailBox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield box, Smtp(host="127.0.0.1", port=controller.port, sender="bills@example.org")
    finally:
        controller.stop()


class Receiver:
    """A real HTTP server receiving webhooks; answers 500 to the first ``fail_first`` POSTs."""

    def __init__(self, fail_first: int = 0):
        self.fail_first = fail_first
        self.posts: list[tuple[dict, bytes]] = []
        self.tries = 0
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.tries += 1
                if receiver.tries <= receiver.fail_first:
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(b"try later")
                    return
                receiver.posts.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, format, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def payloads(self) -> list[dict]:
        return [json.loads(body) for _, body in self.posts]

    def change_ids(self) -> list[int]:
        return [c["id"] for p in self.payloads() for c in p["changes"]]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def flaky_receiver():
    r = Receiver(fail_first=2)
    yield r
    r.close()


# -- a database with changes -----------------------------------------------------------


def seed(db) -> None:
    storage.save_jurisdiction(db, "ca", "California")
    storage.save_jurisdiction(db, "ny", "New York")
    for bill_id, jur, title in (
        (BILL, "ca", "Eligible training provider list"),
        (OTHER, "ny", "New York for All Act"),
    ):
        storage.save_bill(
            db,
            {
                "id": bill_id,
                "jurisdiction_id": jur,
                "session": bill_id.split("/")[1],
                "identifier": bill_id.split("/")[2],
                "title": title,
                "source_url": f"https://example.org/{bill_id}",
            },
        )
    storage.add_version(
        db,
        {
            "bill_id": BILL,
            "slug": "introduced",
            "text": "Agencies shall not notify ICE of release dates.",
        },
    )
    storage.add_version(
        db, {"bill_id": OTHER, "slug": "introduced", "text": "Relating to state agencies."}
    )


def change(db, bill_id, kind, detail, item_id=None, version_id=None) -> int:
    storage.record_change(
        db, bill_id=bill_id, kind=kind, detail=detail, item_id=item_id, version_id=version_id
    )
    return db.execute("select max(id) from changes").fetchone()[0]


@pytest.fixture
def db(fresh_db):
    seed(fresh_db)
    return fresh_db


def no_sleep(seconds):
    no_sleep.calls.append(seconds)


no_sleep.calls = []


# -- config -----------------------------------------------------------------------------


def test_load_alerts_reads_subscriptions_and_env_overrides(tmp_path):
    path = tmp_path / "alerts.yml"
    path.write_text(
        """
smtp: {host: mail.example.org, port: 587, from: a@example.org, starttls: true}
retries: 4
backoff: 0.5
subscriptions:
  - id: sb275
    bills: [ca/2025-2026/SB275]
    webhook: https://hooks.example.org/x
  - id: carveouts
    items: [carveout_serious_crimes]
    keywords: [Felony]
    email: [watch@example.org]
"""
    )
    config = load_alerts(
        path, env={"BILLTRACKER_SMTP_PORT": "2525", "BILLTRACKER_SMTP_PASSWORD": "pw"}
    )
    assert [s.id for s in config.subscriptions] == ["sb275", "carveouts"]
    assert config.smtp.host == "mail.example.org"
    assert config.smtp.port == 2525
    assert config.smtp.password == "pw"
    assert config.smtp.starttls is True
    assert (config.retries, config.backoff) == (4, 0.5)
    assert config.subscriptions[1].keywords == ["felony"]
    assert config.subscriptions[0].channels == ["webhook"]


@pytest.mark.parametrize(
    "body, message",
    [
        ("subscriptions: [{id: a, bills: [x]}]", "says nobody to tell"),
        ("subscriptions: [{id: a, email: [a@b.c]}]", "watches nothing"),
        ("subscriptions: [{id: a, items: [nope], email: [a@b.c]}]", "unknown checklist item"),
        ("subscriptions: [{id: a, bill: [x], email: [a@b.c]}]", "unknown key"),
        ("subscriptions: [{id: a, all: true, webhook: ftp://x}]", "http"),
        (
            "subscriptions: [{id: a, all: true, email: x}, {id: a, all: true, email: y}]",
            "used twice",
        ),
        ("smtp: {password: x}", "BILLTRACKER_SMTP_PASSWORD"),
    ],
)
def test_bad_alert_configs_are_refused_clearly(tmp_path, body, message):
    path = tmp_path / "alerts.yml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=message):
        load_alerts(path, env={})


def test_missing_default_file_means_no_subscriptions(monkeypatch, tmp_path):
    monkeypatch.setattr(alertsmod, "ALERTS_PATH", tmp_path / "none.yml")
    assert load_alerts(env={}).subscriptions == []


def test_the_shipped_alerts_file_loads():
    load_alerts(alertsmod.ALERTS_PATH, env={})


# -- matching ---------------------------------------------------------------------------


def test_matching_by_bill_jurisdiction_item_and_keyword(db):
    ids = {
        "ca_new": change(db, BILL, "new_bill", "New bill: SB275"),
        "ca_item": change(db, BILL, "item_gained", "carve-out", item_id="carveout_serious_crimes"),
        "ny_new": change(db, OTHER, "new_bill", "New bill: S987"),
    }
    changes = {c["id"]: c for c in alertsmod.changes_after(db, 0)}

    def matched(**kwargs):
        sub = Subscription(id="t", email=["x@y.z"], **kwargs)
        return {k for k, i in ids.items() if alertsmod.matches(db, sub, changes[i])}

    assert matched(bills=[BILL]) == {"ca_new", "ca_item"}
    assert matched(bills=["S987"]) == {"ny_new"}
    assert matched(jurisdictions=["ny"]) == {"ny_new"}
    assert matched(items=["carveout_serious_crimes"]) == {"ca_item"}
    assert matched(keywords=["release dates"]) == {"ca_new", "ca_item"}  # in the version text
    assert matched(keywords=["new york for all"]) == {"ny_new"}  # in the title
    assert matched(jurisdictions=["ca"], kinds=["new_bill"]) == {"ca_new"}
    assert matched(all=True) == set(ids)


# -- delivery ---------------------------------------------------------------------------


def test_email_is_delivered_once_through_a_real_smtp_server(db, smtp_server):
    box, smtp = smtp_server
    first = change(db, BILL, "new_bill", "New bill: SB275")
    config = AlertConfig(
        smtp=smtp,
        subscriptions=[Subscription(id="ca", jurisdictions=["ca"], email=["w@example.org"])],
    )
    counts = run_alerts(db, config, sleep=no_sleep)
    assert counts == {"queued": 1, "sent": 1, "failed": 0, "abandoned": 0}
    assert len(box.messages) == 1
    rcpts, message = box.messages[0]
    assert rcpts == ["w@example.org"]
    assert message["From"] == "bills@example.org"
    assert message["Subject"] == "billtracker: 1 change (ca)"
    assert "[new_bill] SB275: New bill: SB275" in message.get_content()
    assert "https://example.org/ca/2025-2026/SB275" in message.get_content()
    # again: nothing new, nothing sent
    assert run_alerts(db, config, sleep=no_sleep)["sent"] == 0
    assert len(box.messages) == 1
    second = change(db, BILL, "status", "SB275: status A -> B")
    assert run_alerts(db, config, sleep=no_sleep)["sent"] == 1
    assert len(box.messages) == 2
    assert "status A -> B" in box.messages[1][1].get_content()
    rows = db.execute(
        "select change_id, channel, status, attempts from alerts_sent order by change_id"
    ).fetchall()
    assert [tuple(r) for r in rows] == [(first, "email", "sent", 1), (second, "email", "sent", 1)]


def test_smtp_refusing_first_is_retried_with_back_off(db):
    box = MailBox(fail_first=1)
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        change(db, BILL, "new_bill", "New bill: SB275")
        config = AlertConfig(
            smtp=Smtp(host="127.0.0.1", port=controller.port),
            subscriptions=[Subscription(id="all", all=True, email=["w@example.org"])],
            backoff=0.25,
        )
        no_sleep.calls.clear()
        counts = run_alerts(db, config, sleep=no_sleep)
    finally:
        controller.stop()
    assert counts["sent"] == 1
    assert box.tries == 2 and len(box.messages) == 1
    assert no_sleep.calls == [0.25]


def test_webhook_is_signed_with_hmac_sha256(db, receiver, monkeypatch):
    monkeypatch.setenv("BILLTRACKER_WEBHOOK_SECRET", SECRET)
    cid = change(db, BILL, "item_gained", "carve-out", item_id="carveout_serious_crimes")
    config = AlertConfig(
        subscriptions=[
            Subscription(id="items", items=["carveout_serious_crimes"], webhook=receiver.url)
        ]
    )
    assert run_alerts(db, config, sleep=no_sleep)["sent"] == 1
    ((headers, body),) = receiver.posts
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Billtracker-Signature"] == expected
    assert verify_signature(body, SECRET, headers["X-Billtracker-Signature"])
    assert not verify_signature(body, "wrong", headers["X-Billtracker-Signature"])
    assert headers["Content-Type"] == "application/json"
    payload = json.loads(body)
    assert payload["subscription"] == "items"
    assert [(c["id"], c["bill_id"], c["kind"], c["item_id"]) for c in payload["changes"]] == [
        (cid, BILL, "item_gained", "carveout_serious_crimes")
    ]
    assert sign(body, SECRET) == expected


def test_receiver_failing_first_then_succeeding_gets_each_change_once(
    db, flaky_receiver, monkeypatch
):
    monkeypatch.setenv("BILLTRACKER_WEBHOOK_SECRET", SECRET)
    ids = [change(db, BILL, "new_bill", "New bill"), change(db, BILL, "status", "moved")]
    config = AlertConfig(
        subscriptions=[Subscription(id="sb", bills=[BILL], webhook=flaky_receiver.url)],
        retries=3,
        backoff=0.01,
    )
    no_sleep.calls.clear()
    counts = run_alerts(db, config, sleep=no_sleep)
    assert counts["sent"] == 2
    assert flaky_receiver.tries == 3  # 500, 500, 204
    assert no_sleep.calls == [0.01, 0.02]  # exponential back-off
    assert flaky_receiver.change_ids() == ids
    run_alerts(db, config, sleep=no_sleep)
    assert flaky_receiver.change_ids() == ids
    attempts = db.execute("select distinct attempts, status from alerts_sent").fetchall()
    assert [tuple(a) for a in attempts] == [(3, "sent")]


def test_failures_are_recorded_retried_next_run_then_abandoned(db, monkeypatch):
    monkeypatch.setenv("BILLTRACKER_WEBHOOK_SECRET", SECRET)
    dead = Receiver(fail_first=100)
    try:
        cid = change(db, BILL, "new_bill", "New bill")
        config = AlertConfig(
            subscriptions=[Subscription(id="sb", bills=[BILL], webhook=dead.url)],
            retries=2,
            backoff=0,
            max_attempts=4,
        )
        first = run_alerts(db, config, sleep=no_sleep)
        assert first == {"queued": 1, "sent": 0, "failed": 1, "abandoned": 0}
        row = db.execute(
            "select status, attempts, last_error from alerts_sent where change_id = ?", [cid]
        ).fetchone()
        assert row[0] == "failed" and row[1] == 2
        assert "HTTP 500" in row[2]
        assert dead.url not in row[2]
        second = run_alerts(db, config, sleep=no_sleep)
        assert second["abandoned"] == 1
        assert dead.tries == 4  # bounded: 2 tries per run, 4 in all
        run_alerts(db, config, sleep=no_sleep)
        assert dead.tries == 4
    finally:
        dead.close()
    # the receiver comes back: an abandoned delivery is not resent, a new change is
    good = Receiver()
    try:
        config.subscriptions[0].webhook = good.url
        newer = change(db, BILL, "status", "moved")
        run_alerts(db, config, sleep=no_sleep)
        assert good.change_ids() == [newer]
    finally:
        good.close()


def test_missing_webhook_secret_is_a_recorded_failure(db, receiver, monkeypatch):
    monkeypatch.delenv("BILLTRACKER_WEBHOOK_SECRET", raising=False)
    change(db, BILL, "new_bill", "New bill")
    config = AlertConfig(subscriptions=[Subscription(id="sb", all=True, webhook=receiver.url)])
    counts = run_alerts(db, config, sleep=no_sleep)
    assert counts["failed"] == 1
    assert receiver.posts == []
    error = db.execute("select last_error from alerts_sent").fetchone()[0]
    assert "BILLTRACKER_WEBHOOK_SECRET" in error


def test_unreachable_smtp_server_is_a_failure_without_the_address(db):
    change(db, BILL, "new_bill", "New bill")
    config = AlertConfig(
        smtp=Smtp(host="127.0.0.1", port=free_port(), timeout=2),
        subscriptions=[Subscription(id="sb", all=True, email=["secret-person@example.org"])],
        retries=1,
    )
    counts = run_alerts(db, config, sleep=no_sleep)
    assert counts["failed"] == 1
    error = db.execute("select last_error from alerts_sent").fetchone()[0]
    assert "refused" in error.lower()
    assert "secret-person" not in error


def test_a_new_subscription_hears_of_changes_from_its_first_run_on(db, receiver, monkeypatch):
    monkeypatch.setenv("BILLTRACKER_WEBHOOK_SECRET", SECRET)
    change(db, BILL, "new_bill", "old news")
    since = db.execute("select max(id) from changes").fetchone()[0]
    fresh = change(db, BILL, "status", "this run")
    config = AlertConfig(subscriptions=[Subscription(id="late", all=True, webhook=receiver.url)])
    run_alerts(db, config, since_change_id=since, sleep=no_sleep)
    assert receiver.change_ids() == [fresh]


def test_email_and_webhook_of_one_subscription_are_tracked_separately(
    db, smtp_server, receiver, monkeypatch
):
    monkeypatch.setenv("BILLTRACKER_WEBHOOK_SECRET", SECRET)
    box, smtp = smtp_server
    change(db, BILL, "new_bill", "New bill")
    config = AlertConfig(
        smtp=smtp,
        subscriptions=[Subscription(id="both", all=True, email=["a@b.c"], webhook=receiver.url)],
    )
    assert run_alerts(db, config, sleep=no_sleep)["sent"] == 2
    assert len(box.messages) == 1 and len(receiver.posts) == 1
    channels = [r[0] for r in db.execute("select channel from alerts_sent order by channel")]
    assert channels == ["email", "webhook"]
