"""Alert subscriptions: read ``data/alerts.yml``, match changes, queue deliveries.

See ``billtracker.jobs.alerts`` for what subscriptions are and how they are delivered.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from billtracker import storage
from billtracker.config import DATA_DIR, load_checklist
from billtracker.errors import ConfigError

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
    known = set(load_checklist().ids)
    unknown_items = [i for i in sub.items if i not in known]
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
            "select v.text from latest_versions l join versions v on v.id = l.version_id "
            "where l.bill_id = ?",
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
                storage.save_subscription_watermark(db, sub.id, watermark)
            for change in changes:
                if not matches(db, sub, change):
                    continue
                for channel in sub.channels:
                    queued += storage.queue_alert(db, sub.id, change["id"], channel)
            if changes:
                storage.save_subscription_watermark(db, sub.id, changes[-1]["id"])
    return queued
