"""Item pipelines: validate what spiders yield, then store it through ``billtracker.storage``.

``StorePipeline`` also keeps the run's ledger: it opens (or is handed, via
``BILLTRACKER_RUN_ID``) a ``crawl_runs`` row, records every failed fetch,
parse or dropped item in ``crawl_errors``, and closes the row with counts and
a status when the spider closes: ``ok``, ``partial`` (some fetch, parse or
write failed: something the source has is missing) or ``failed``.

Actions and sponsors are the source's current list for each bill: after a run that
is ``ok``, rows of a bill the run no longer saw are deleted (a partial or failed run
only adds, so a bill never loses rows because its source could not be read).

The zero-output rule: a run that yields no bill at all, or no version when the
previous finished run of the same spider yielded some, is failed (a source
that silently returns nothing is broken, not quiet).
"""

from __future__ import annotations

import logging
import re
from dataclasses import fields

from scrapy import signals
from scrapy.exceptions import DropItem

from billtracker import storage

from .items import (
    ActionItem,
    BillItem,
    CrawlErrorItem,
    JurisdictionItem,
    RelatedBillItem,
    SponsorItem,
    VersionItem,
)

logger = logging.getLogger(__name__)

REQUIRED = {
    JurisdictionItem: ("id", "name"),
    BillItem: ("id", "jurisdiction_id", "session", "identifier"),
    VersionItem: ("bill_id", "slug", "text"),
    ActionItem: ("bill_id", "description"),
    SponsorItem: ("bill_id", "name"),
    RelatedBillItem: ("bill_id", "related_id", "relation"),
}
BILL_ID = re.compile(r"^[a-z][a-z0-9-]*/[^/\s]+/[^/\s]+$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ACTION_KNOWN = "select 1 from actions where bill_id = ? and date is ? and description = ?"
SPONSOR_KNOWN = "select 1 from sponsors where bill_id = ? and name = ? and role is ?"
RELATED_KNOWN = "select 1 from related_bills where bill_id = ? and related_id = ? and relation = ?"
PREVIOUS_VERSIONS = (
    "select versions from crawl_runs where spider = ? and id < ? and finished is not null"
    " order by id desc limit 1"
)


def item_url(item) -> str:
    """Where an item came from, as well as it is known."""
    for name in ("url", "source_url"):
        value = getattr(item, name, None)
        if value:
            return value
    return getattr(item, "bill_id", None) or getattr(item, "id", None) or "unknown source"


def _describe(item) -> str:
    key = getattr(item, "slug", None) or getattr(item, "name", None) or ""
    owner = getattr(item, "bill_id", None) or getattr(item, "id", "")
    return f"{type(item).__name__} {owner}{'@' + key if key and owner else key}"


class ValidatePipeline:
    """Drop items missing a required field or carrying a malformed id or date."""

    def process_item(self, item):
        if isinstance(item, CrawlErrorItem):
            return item
        required = REQUIRED.get(type(item))
        if required is None:
            raise DropItem(f"unknown item type {type(item).__name__} ({item_url(item)})")
        for name in required:
            value = getattr(item, name)
            if value is None or (isinstance(value, str) and not value.strip()):
                raise DropItem(f"{_describe(item)}: missing {name} ({item_url(item)})")
        bill_id = item.id if isinstance(item, BillItem) else getattr(item, "bill_id", None)
        if bill_id is not None and not BILL_ID.match(bill_id):
            raise DropItem(f"{_describe(item)}: malformed bill id {bill_id!r} ({item_url(item)})")
        related = getattr(item, "related_id", None)
        if related is not None and not BILL_ID.match(related):
            raise DropItem(f"{_describe(item)}: malformed bill id {related!r} ({item_url(item)})")
        date = getattr(item, "date", None)
        if date is not None and not DATE.match(date):
            raise DropItem(f"{_describe(item)}: date {date!r} is not YYYY-MM-DD ({item_url(item)})")
        return item


class StorePipeline:
    """Write items to the working database named by the ``BILLTRACKER_DB`` setting."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.db = None
        self.run_id: int | None = None
        self.items = 0
        self.versions_added = 0
        self.errors = 0
        self.lost = 0
        self.fatal = False
        self.bills = 0
        self.versions = 0
        # Each bill's actions and sponsors as the source gives them in this run.
        self.current: dict[str, dict[str, set]] = {"actions": {}, "sponsors": {}}

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.item_error, signal=signals.item_error)
        crawler.signals.connect(pipeline.spider_error, signal=signals.spider_error)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    @property
    def spider_name(self) -> str:
        spider = self.crawler.spider
        return spider.name if spider is not None else "unknown"

    def open_spider(self):
        settings = self.crawler.settings
        self.db = storage.open_db(storage.working_db_path(settings.get("BILLTRACKER_DB")))
        self.run_id = settings.getint("BILLTRACKER_RUN_ID") or None
        if self.run_id is None:
            replay = settings.get("BILLTRACKER_REPLAY") or None
            self.run_id = storage.start_crawl_run(self.db, self.spider_name, replay)

    def process_item(self, item):
        if isinstance(item, CrawlErrorItem):
            self.record_error(item.url, item.error, fatal=item.fatal, warning=item.warning)
            return item
        try:
            with self.db.atomic():
                self._store(item)
        except Exception as exc:  # a write that fails loses this item, not the run
            raise DropItem(f"{_describe(item)}: not stored: {exc} ({item_url(item)})") from exc
        self.items += 1
        return item

    def _store(self, item) -> None:
        record = {f.name: getattr(item, f.name) for f in fields(item)}
        if isinstance(item, JurisdictionItem):
            storage.save_jurisdiction(self.db, **record)
        elif isinstance(item, BillItem):
            storage.save_bill(self.db, record)
            self.bills += 1
        elif isinstance(item, VersionItem):
            self.versions += 1
            if storage.add_version(self.db, {k: v for k, v in record.items() if v is not None}):
                self.versions_added += 1
        elif isinstance(item, ActionItem):
            self.current["actions"].setdefault(item.bill_id, set()).add(
                (item.date, item.description)
            )
            if not self._known(ACTION_KNOWN, item.bill_id, item.date, item.description):
                storage.add_actions(self.db, record.pop("bill_id"), [record])
        elif isinstance(item, SponsorItem):
            self.current["sponsors"].setdefault(item.bill_id, set()).add((item.name, item.role))
            if not self._known(SPONSOR_KNOWN, item.bill_id, item.name, item.role):
                storage.add_sponsors(self.db, record.pop("bill_id"), [record])
        elif isinstance(item, RelatedBillItem):
            if not self._known(RELATED_KNOWN, item.bill_id, item.related_id, item.relation):
                storage.save_related(self.db, record)

    def _known(self, sql: str, *params) -> bool:
        # sqlite-utils 4.2 raises KeyError('id') when insert_all(..., pk="id",
        # ignore=True) ignores a single row without an id, so rows already
        # stored are skipped here rather than handed to db.add_actions/add_sponsors.
        return self.db.execute(sql, params).fetchone() is not None

    # -- the run's ledger ----------------------------------------------------

    def record_error(
        self, url: str | None, error: str, *, fatal: bool = False, warning: bool = False
    ) -> None:
        """Store one crawl error for this run (and log it); all but warnings lose data."""
        self.errors += 1
        self.lost += 0 if warning else 1
        self.fatal = self.fatal or fatal
        logger.error("crawl error at %s: %s", url, error)
        if self.db is None:
            return
        storage.record_crawl_error(self.db, self.run_id, self.spider_name, url, error)

    def item_dropped(self, item, response, exception, spider=None):
        url = item_url(item) if item is not None else getattr(response, "url", None)
        self.record_error(url, str(exception))

    def item_error(self, item, response, spider=None, failure=None):
        exc = failure.value if failure is not None else None
        self.record_error(item_url(item), f"{type(exc).__name__}: {exc}")

    def spider_error(self, failure, response, spider=None):
        exc = failure.value
        self.record_error(getattr(response, "url", None), f"{type(exc).__name__}: {exc}")

    def zero_output(self) -> str | None:
        """Why this run broke the zero-output rule (see module docstring), or None."""
        if not self.bills:
            return "zero-output rule: the spider yielded no bill"
        if not self.versions:
            row = self.db.execute(PREVIOUS_VERSIONS, [self.spider_name, self.run_id]).fetchone()
            if row and row[0]:
                return (
                    f"zero-output rule: the spider yielded no version; "
                    f"its previous run yielded {row[0]}"
                )
        return None

    def status(self, reason: str) -> str:
        """``failed`` when the source was unreachable, the crawl was cut short, or nothing
        came; ``partial`` when any fetch, parse or write failed; else ``ok``."""
        if self.fatal or reason != "finished" or (self.lost and not self.items):
            return "failed"
        return "partial" if self.lost else "ok"

    def spider_closed(self, spider, reason):
        if self.db is None:
            return
        zero = self.zero_output()
        if zero:
            self.record_error(None, zero, fatal=True)
        status = self.status(reason)
        if status == "ok":  # a whole run: its lists replace the stored ones
            for table, bills in self.current.items():
                for bill_id, rows in bills.items():
                    storage.keep_current(self.db, table, bill_id, rows)
        storage.finish_crawl_run(
            self.db,
            self.run_id,
            status=status,
            items=self.items,
            versions_added=self.versions_added,
            errors=self.errors,
            bills=self.bills,
            versions=self.versions,
        )
        self.db.close()
        self.db = None
