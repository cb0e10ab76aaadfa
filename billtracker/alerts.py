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
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import yaml

from . import db as dbmod
from .config import DATA_DIR, MODEL_POLICY_IDS
from .errors import ConfigError

ALERTS_PATH = DATA_DIR / "alerts.yml"
SIGNATURE_HEADER = "X-Billtracker-Signature"
DEFAULT_SECRET_ENV = "BILLTRACKER_WEBHOOK_SECRET"
BATCH = 200  # changes per message at most
SUBSCRIPTION_KEYS = {
    "id",
    "bills",
    "jurisdictions",
    "items",
    "keywords",
    "kinds",
    "all",
    "email",
    "webhook",
    "secret_env",
}
Progress = Callable[[str], None] | None


@dataclass
class Smtp:
    host: str | None = None
    port: int = 25
    sender: str = "billtracker@localhost"
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    ssl: bool = False
    timeout: float = 20.0


@dataclass
class Subscription:
    id: str
    bills: list[str] = field(default_factory=list)
    jurisdictions: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    all: bool = False
    email: list[str] = field(default_factory=list)
    webhook: str | None = None
    secret_env: str = DEFAULT_SECRET_ENV

    @property
    def channels(self) -> list[str]:
        return (["email"] if self.email else []) + (["webhook"] if self.webhook else [])


@dataclass
class AlertConfig:
    subscriptions: list[Subscription] = field(default_factory=list)
    smtp: Smtp = field(default_factory=Smtp)
    retries: int = 3  # tries per run
    backoff: float = 1.0  # seconds before the 2nd try; doubles after each
    max_attempts: int = 9  # tries in all (across runs) before a delivery is abandoned
    timeout: float = 20.0  # seconds per webhook request


def _list(value, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return [str(v) for v in value]
    raise ConfigError(f"{where}: expected a string or a list of strings")


def _env_bool(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


def load_alerts(path: str | Path | None = None, env: dict | None = None) -> AlertConfig:
    """Read and check the subscriptions; a missing default file means no subscriptions."""
    env = os.environ if env is None else env
    explicit = path or env.get("BILLTRACKER_ALERTS")
    path = Path(explicit) if explicit else ALERTS_PATH
    if not path.is_file():
        if explicit:
            raise ConfigError(f"{path}: file not found")
        return AlertConfig(smtp=_smtp({}, env, path))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: invalid YAML: {e}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping")
    config = AlertConfig(smtp=_smtp(data.get("smtp") or {}, env, path))
    for key in ("retries", "max_attempts"):
        if key in data:
            config.__setattr__(key, int(data[key]))
    for key in ("backoff", "timeout"):
        if key in data:
            config.__setattr__(key, float(data[key]))
    seen = set()
    for n, raw in enumerate(data.get("subscriptions") or [], 1):
        sub = _subscription(raw, f"{path}: subscription {n}")
        if sub.id in seen:
            raise ConfigError(f"{path}: subscription id {sub.id!r} is used twice")
        seen.add(sub.id)
        config.subscriptions.append(sub)
    return config


def _smtp(raw: dict, env, path) -> Smtp:
    smtp = Smtp()
    smtp.host = env.get("BILLTRACKER_SMTP_HOST") or raw.get("host")
    smtp.port = int(env.get("BILLTRACKER_SMTP_PORT") or raw.get("port") or 25)
    smtp.sender = env.get("BILLTRACKER_SMTP_FROM") or raw.get("from") or smtp.sender
    smtp.username = env.get("BILLTRACKER_SMTP_USER") or raw.get("username")
    password_env = raw.get("password_env") or "BILLTRACKER_SMTP_PASSWORD"
    smtp.password = env.get(password_env)
    if "password" in raw:
        raise ConfigError(f"{path}: put the SMTP password in ${password_env}, not in the file")
    for key, name in (("starttls", "BILLTRACKER_SMTP_STARTTLS"), ("ssl", "BILLTRACKER_SMTP_SSL")):
        value = env.get(name)
        setattr(smtp, key, _env_bool(value) if value is not None else bool(raw.get(key, False)))
    return smtp


def _subscription(raw, where: str) -> Subscription:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping")
    unknown = set(raw) - SUBSCRIPTION_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if not raw.get("id"):
        raise ConfigError(f"{where}: needs an id")
    where = f"{where.rsplit(':', 1)[0]}: subscription {raw['id']!r}"
    sub = Subscription(
        id=str(raw["id"]),
        bills=_list(raw.get("bills"), where),
        jurisdictions=[j.lower() for j in _list(raw.get("jurisdictions"), where)],
        items=_list(raw.get("items"), where),
        keywords=[k.lower() for k in _list(raw.get("keywords"), where)],
        kinds=_list(raw.get("kinds"), where),
        all=bool(raw.get("all", False)),
        email=_list(raw.get("email"), where),
        webhook=raw.get("webhook") or None,
        secret_env=raw.get("secret_env") or DEFAULT_SECRET_ENV,
    )
    unknown_items = [i for i in sub.items if i not in MODEL_POLICY_IDS]
    if unknown_items:
        raise ConfigError(f"{where}: unknown checklist item(s) {', '.join(unknown_items)}")
    if not sub.channels:
        raise ConfigError(f"{where}: says nobody to tell (give email and/or webhook)")
    if not (sub.all or sub.bills or sub.jurisdictions or sub.items or sub.keywords or sub.kinds):
        raise ConfigError(
            f"{where}: watches nothing (give bills, jurisdictions, items, keywords or kinds, "
            "or all: true)"
        )
    if sub.webhook and not sub.webhook.startswith(("http://", "https://")):
        raise ConfigError(f"{where}: webhook must be an http(s) URL")
    return sub


# -- matching -------------------------------------------------------------------

CHANGE_COLUMNS = (
    "id",
    "at",
    "bill_id",
    "version_id",
    "kind",
    "item_id",
    "detail",
    "identifier",
    "title",
    "jurisdiction_id",
    "link",
)


def changes_after(db, change_id: int) -> list[dict]:
    """Changes recorded after ``change_id``, with their bill's title and jurisdiction."""
    rows = db.execute(
        """select c.id, c.at, c.bill_id, c.version_id, c.kind, c.item_id, c.detail,
                  b.identifier, b.title, b.jurisdiction_id, b.source_url
           from changes c left join bills b on b.id = c.bill_id
           where c.id > ? order by c.id""",
        [change_id],
    ).fetchall()
    return [dict(zip(CHANGE_COLUMNS, r, strict=True)) for r in rows]


def matches(db, sub: Subscription, change: dict) -> bool:
    """Does ``change`` concern what ``sub`` watches? (All given criteria must match.)"""
    if sub.all:
        return True
    if sub.kinds and change["kind"] not in sub.kinds:
        return False
    if sub.bills and change["bill_id"] not in sub.bills and change["identifier"] not in sub.bills:
        return False
    if sub.jurisdictions and (change["jurisdiction_id"] or "").lower() not in sub.jurisdictions:
        return False
    if sub.items and change["item_id"] not in sub.items:
        return False
    if sub.keywords and not _keyword_match(db, sub.keywords, change):
        return False
    return True


def _keyword_match(db, keywords: list[str], change: dict) -> bool:
    head = " ".join(str(change[k] or "") for k in ("title", "detail")).lower()
    if any(k in head for k in keywords):
        return True
    if change["version_id"]:
        row = db.execute("select text from versions where id = ?", [change["version_id"]])
    else:
        row = db.execute(
            "select text from versions where bill_id = ? order by ordinal desc limit 1",
            [change["bill_id"]],
        )
    row = row.fetchone()
    text = (row[0] or "").lower() if row else ""
    return any(k in text for k in keywords)


def queue_alerts(db, config: AlertConfig, *, since_change_id: int = 0) -> int:
    """Match changes not yet looked at against each subscription; queue the matches.

    A subscription seen for the first time starts after ``since_change_id``
    (the last change recorded before this run). Returns how many were queued.
    """
    queued = 0
    for sub in config.subscriptions:
        row = db.execute(
            "select since_change_id from alert_subscriptions where id = ?", [sub.id]
        ).fetchone()
        watermark = row[0] if row else since_change_id
        changes = changes_after(db, watermark)
        with db.atomic():
            if row is None:
                db.table("alert_subscriptions").insert(
                    {"id": sub.id, "first_seen": dbmod.now(), "since_change_id": watermark},
                    pk="id",
                )
            for change in changes:
                if not matches(db, sub, change):
                    continue
                for channel in sub.channels:
                    db.execute(
                        """insert or ignore into alerts_sent
                           (subscription, change_id, channel, status, attempts, created)
                           values (?, ?, ?, 'pending', 0, ?)""",
                        [sub.id, change["id"], channel, dbmod.now()],
                    )
                    queued += db.execute("select changes()").fetchone()[0]
            if changes:
                db.table("alert_subscriptions").update(
                    sub.id, {"since_change_id": changes[-1]["id"]}
                )
    return queued


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
    """POST ``body`` signed; raise on a network error or a non-2xx answer."""
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "billtracker-alerts",
            SIGNATURE_HEADER: sign(body, secret),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as e:
        raise OSError(f"webhook answered HTTP {e.code} {e.reason}") from None


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
    """Try up to ``config.retries`` times, backing off; returns (tries, last error or None)."""
    error = None
    tries = max(1, config.retries)
    for n in range(tries):
        if n:
            sleep(config.backoff * 2 ** (n - 1))
        try:
            send()
            return n + 1, None
        except (OSError, smtplib.SMTPException, ValueError) as e:
            error = f"{type(e).__name__}: {e}"
    return tries, error


def _redact(error: str | None, secrets: list[str]) -> str | None:
    """Keep addresses and webhook URLs out of ``alerts_sent`` (it is published)."""
    if error is None:
        return None
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        error = error.replace(secret, "<recipient>")
    return error


def _record(db, config, row_ids: list[int], tries: int, error: str | None) -> str:
    now = dbmod.now()
    marks = ",".join("?" * len(row_ids))
    with db.atomic():
        if error is None:
            db.execute(
                f"""update alerts_sent set status = 'sent', attempts = attempts + ?,
                    sent_at = ?, last_error = null where id in ({marks})""",
                [tries, now, *row_ids],
            )
            return "sent"
        db.execute(
            f"""update alerts_sent set attempts = attempts + ?, last_error = ?,
                status = case when attempts + ? >= ? then 'abandoned' else 'failed' end
                where id in ({marks})""",
            [tries, error[:500], tries, config.max_attempts, *row_ids],
        )
    rows = db.execute(
        f"select status from alerts_sent where id in ({marks}) limit 1", row_ids
    ).fetchone()
    return rows[0] if rows else "failed"


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
