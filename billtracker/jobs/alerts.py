"""Tell subscribers about changes: e-mail (SMTP) and signed webhooks, each change once.

Subscriptions live in ``data/alerts.yml`` (or ``$BILLTRACKER_ALERTS``). Each
names what to watch — ``bills``, ``jurisdictions``, checklist ``items``,
``keywords`` (matched in the bill's title, the change and the version's text),
optionally ``kinds`` of change — and who to tell: ``email`` addresses and/or a
``webhook`` URL. Criteria of different sorts must all match; any entry of a
list matches. ``all: true`` subscribes to every change.

Delivery is recorded per change, subscription and channel in ``alerts_sent``
(migration m003): a change is matched once (a per-subscription watermark in
``alert_subscriptions``), queued as ``pending`` and marked ``sent`` once
delivered, so it is never sent twice. A failed delivery is retried at once
with exponential back-off (``retries`` tries), then left ``failed`` with its
error and retried by later runs until ``max_attempts`` tries in all, when it
is ``abandoned``. A subscription first seen by a run hears of the changes that
run records and later ones, not of the whole history.

Webhooks get a JSON POST whose body is signed with HMAC-SHA256 under a shared
secret from the environment (``secret_env``, default
``BILLTRACKER_WEBHOOK_SECRET``): header ``X-Billtracker-Signature:
sha256=<hex>`` (check it with :func:`verify_signature`). The SMTP server comes
from the ``smtp`` section, overridden by ``BILLTRACKER_SMTP_HOST``, ``_PORT``,
``_FROM``, ``_USER``, ``_PASSWORD``, ``_STARTTLS`` and ``_SSL``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import smtplib
import time
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import make_msgid

import httpx
import tenacity

from billtracker import storage
from billtracker.jobs.subscriptions import (
    BATCH,
    CHANGE_COLUMNS,
    SIGNATURE_HEADER,
    AlertConfig,
    Smtp,
    Subscription,
    load_alerts,
    queue_alerts,
)

Progress = Callable[[str], None] | None
DELIVERY_ERRORS = (OSError, smtplib.SMTPException, ValueError)

__all__ = [
    "AlertConfig",
    "deliver",
    "load_alerts",
    "queue_alerts",
    "run_alerts",
    "verify_signature",
]


# -- delivery -------------------------------------------------------------------


def sign(body: bytes, secret: str) -> str:
    """The ``X-Billtracker-Signature`` value for ``body``: ``sha256=<hex HMAC>``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, secret: str, header: str | None) -> bool:
    """Check a received signature in constant time (for webhook receivers)."""
    return bool(header) and hmac.compare_digest(sign(body, secret), header.strip())


def webhook_body(sub: Subscription, changes: list[dict]) -> bytes:
    payload = {
        "subscription": sub.id,
        "delivery": f"{sub.id}:{changes[0]['id']}-{changes[-1]['id']}",
        "changes": [
            {
                "id": c["id"],
                "at": c["at"],
                "bill_id": c["bill_id"],
                "identifier": c["identifier"],
                "title": c["title"],
                "version_id": c["version_id"],
                "kind": c["kind"],
                "item_id": c["item_id"],
                "detail": c["detail"],
                "link": c["link"],
            }
            for c in changes
        ],
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


def send_webhook(url: str, body: bytes, secret: str, timeout: float = 20.0) -> None:
    """POST ``body`` signed (httpx); raise OSError on a network error or a non-2xx answer."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "billtracker-alerts",
        SIGNATURE_HEADER: sign(body, secret),
    }
    try:
        response = httpx.post(url, content=body, headers=headers, timeout=timeout)
    except httpx.HTTPError as e:
        raise OSError(f"webhook unreachable: {e}") from None
    if not response.is_success:
        raise OSError(f"webhook answered HTTP {response.status_code} {response.reason_phrase}")


def email_message(smtp: Smtp, sub: Subscription, changes: list[dict]) -> EmailMessage:
    message = EmailMessage()
    n = len(changes)
    message["Subject"] = f"billtracker: {n} change{'s' if n != 1 else ''} ({sub.id})"
    message["From"] = smtp.sender
    message["To"] = ", ".join(sub.email)
    message["Message-ID"] = make_msgid(domain="billtracker")
    lines = [f"{n} change{'s' if n != 1 else ''} for your subscription {sub.id}:", ""]
    for c in changes:
        bill = c["identifier"] or c["bill_id"]
        lines.append(f"- [{c['kind']}] {bill}: {c['detail']}")
        lines.append(f"  {c['at']}" + (f"  {c['link']}" if c["link"] else ""))
    message.set_content("\n".join(lines) + "\n")
    return message


def send_email(smtp: Smtp, message: EmailMessage) -> None:
    """Send through the configured SMTP server; raise on any failure."""
    if not smtp.host:
        raise OSError("no SMTP server configured (set BILLTRACKER_SMTP_HOST or smtp.host)")
    cls = smtplib.SMTP_SSL if smtp.ssl else smtplib.SMTP
    with cls(smtp.host, smtp.port, timeout=smtp.timeout) as server:
        if smtp.starttls and not smtp.ssl:
            server.starttls()
        if smtp.username:
            server.login(smtp.username, smtp.password or "")
        server.send_message(message)


def _pending(db, sub_id: str, channel: str) -> list[tuple[int, int]]:
    """(alerts_sent id, change id) still to deliver, oldest first."""
    return [
        tuple(r)
        for r in db.execute(
            """select id, change_id from alerts_sent
               where subscription = ? and channel = ? and status in ('pending', 'failed')
               order by change_id""",
            [sub_id, channel],
        ).fetchall()
    ]


def deliver(
    db,
    config: AlertConfig,
    *,
    progress: Progress = None,
    sleep: Callable[[float], None] = time.sleep,
    env: dict | None = None,
) -> dict:
    """Deliver every queued alert; returns counts ``sent``, ``failed``, ``abandoned``."""
    env = os.environ if env is None else env
    say = progress or (lambda line: None)
    counts = {"sent": 0, "failed": 0, "abandoned": 0}
    for sub in config.subscriptions:
        for channel in sub.channels:
            pending = _pending(db, sub.id, channel)
            for start in range(0, len(pending), BATCH):
                batch = pending[start : start + BATCH]
                by_id = {c["id"]: c for c in _changes_by_id(db, [cid for _, cid in batch])}
                changes = [by_id[cid] for _, cid in batch if cid in by_id]
                if not changes:
                    continue
                send = _sender(config, sub, channel, changes, env)
                tries, error = _with_retries(send, config, sleep)
                error = _redact(error, [*sub.email, sub.webhook or ""])
                outcome = _record(db, config, [rid for rid, _ in batch], tries, error)
                counts[outcome] += len(batch)
                target = f"{sub.id} by {channel}"
                if error is None:
                    say(f"alerts: sent {len(batch)} change(s) to {target}")
                else:
                    say(f"alerts: {outcome} {len(batch)} change(s) to {target}: {error}")
    return counts


def _changes_by_id(db, ids: list[int]) -> list[dict]:
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"""select c.id, c.at, c.bill_id, c.version_id, c.kind, c.item_id, c.detail,
                  b.identifier, b.title, b.jurisdiction_id, b.source_url
           from changes c left join bills b on b.id = c.bill_id where c.id in ({marks})""",
        ids,
    ).fetchall()
    return [dict(zip(CHANGE_COLUMNS, r, strict=True)) for r in rows]


def _sender(config, sub, channel, changes, env) -> Callable[[], None]:
    if channel == "email":
        message = email_message(config.smtp, sub, changes)
        return lambda: send_email(config.smtp, message)
    body = webhook_body(sub, changes)

    def post():
        secret = env.get(sub.secret_env)
        if not secret:
            raise OSError(f"no webhook secret: set ${sub.secret_env}")
        send_webhook(sub.webhook, body, secret, timeout=config.timeout)

    return post


def _with_retries(send, config: AlertConfig, sleep) -> tuple[int, str | None]:
    """Try up to ``config.retries`` times with exponential back-off (tenacity: ``backoff``,
    then twice that...); returns (tries, last error or None)."""
    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(max(1, config.retries)),
        wait=tenacity.wait_exponential(multiplier=config.backoff, min=0),
        retry=tenacity.retry_if_exception_type(DELIVERY_ERRORS),
        sleep=sleep,
        reraise=True,
    )
    try:
        retrying(send)
    except DELIVERY_ERRORS as e:
        return retrying.statistics["attempt_number"], f"{type(e).__name__}: {e}"
    return retrying.statistics["attempt_number"], None


def _redact(error: str | None, secrets: list[str]) -> str | None:
    """Keep addresses and webhook URLs out of ``alerts_sent`` (it is published)."""
    if error is None:
        return None
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        error = error.replace(secret, "<recipient>")
    return error


def _record(db, config, row_ids: list[int], tries: int, error: str | None) -> str:
    return storage.record_delivery(db, row_ids, tries, error, config.max_attempts)


def run_alerts(
    db,
    config: AlertConfig | None = None,
    *,
    since_change_id: int = 0,
    progress: Progress = None,
    sleep: Callable[[float], None] = time.sleep,
) -> dict:
    """Queue the new changes for every subscription, then deliver what is queued."""
    config = config or load_alerts()
    queued = queue_alerts(db, config, since_change_id=since_change_id)
    counts = deliver(db, config, progress=progress, sleep=sleep)
    return dict(counts, queued=queued)
