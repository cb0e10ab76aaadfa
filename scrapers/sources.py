"""What a spider follows, from ``data/sources.yml``: named bills, keywords, known sessions.

``BILLTRACKER_SOURCES`` (a Scrapy setting) names another sources file; tests
use it. A spider looks its entry up by spider name (and, for Legistar, by
client), and asks :class:`SessionCheck` about every session it meets: a
session not listed is *session drift* (the legislature started a session the
data does not know yet), logged as a warning and recorded once per run in
``crawl_errors``, like Open States' session-drift alarm. The bill is still
stored.
"""

from __future__ import annotations

import logging

from billtracker.config import load_sources
from billtracker.errors import ConfigError

from .items import CrawlErrorItem

logger = logging.getLogger(__name__)
SETTING = "BILLTRACKER_SOURCES"


def source_entry(settings, spider: str, **match) -> dict:
    """The sources.yml entry read by ``spider`` (whose keys equal ``match``), else ``{}``."""
    data = load_sources(settings.get(SETTING) if settings is not None else None)
    for name, entry in (data.get("sources") or {}).items():
        if entry.get("spider") != spider:
            continue
        if all(str(entry.get(k)) == str(v) for k, v in match.items()):
            return dict(entry, source_name=name, keywords=_keywords(data, entry))
    return {}


def _keywords(data: dict, entry: dict) -> list[str]:
    words = entry.get("keywords", data.get("discovery_keywords")) or []
    if not isinstance(words, list):
        raise ConfigError(f"sources: keywords must be a list, found {words!r}")
    return [str(w) for w in words]


def named_bills(entry: dict, key: str = "bills") -> list[dict]:
    """The bills an entry follows by name: dicts with ``session`` and ``identifier``."""
    return [b for b in entry.get(key) or [] if isinstance(b, dict) and b.get("identifier")]


class SessionCheck:
    """Flags each session a run meets that the sources file does not list (once per run)."""

    def __init__(self, spider: str, sessions, where: str = "data/sources.yml"):
        self.spider = spider
        self.known = {str(s) for s in sessions or []}
        self.where = where
        self.seen: set[str] = set()

    def check(self, session: str, url: str):
        """Yield a CrawlErrorItem the first time an unlisted ``session`` is met."""
        if not self.known or session in self.known or session in self.seen:
            return
        self.seen.add(session)
        message = (
            f"session drift: {self.spider} met session {session!r}, which {self.where} "
            f"does not list (known: {', '.join(sorted(self.known))})"
        )
        logger.warning(message)
        yield CrawlErrorItem(url=url, error=message, warning=True)


def matches_keywords(text: str | None, keywords: list[str]) -> bool:
    """True when any keyword occurs in ``text`` (case-insensitive)."""
    low = (text or "").lower()
    return any(k.lower() in low for k in keywords)
