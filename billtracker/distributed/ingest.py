"""The one writer of a distributed crawl: store the items workers queued in Redis."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

from billtracker import storage
from scrapers.redis_queue import (
    INGESTING_KEY,
    ITEMS_KEY,
    connect,
    crawl_state,
    known_spiders,
    live_workers,
    requeue_dead,
)


class _Writer:
    """``StorePipeline`` driven by hand: one per spider, each with its own ``crawl_runs`` row."""

    def __init__(self, db_path: Path, spider: str):
        from scrapy.settings import Settings

        from scrapers.pipelines import StorePipeline

        self.spider = SimpleNamespace(name=spider)
        crawler = SimpleNamespace(
            settings=Settings({"BILLTRACKER_DB": str(db_path)}), spider=self.spider
        )
        self.pipeline = StorePipeline(crawler)
        self.pipeline.open_spider()

    @property
    def run_id(self) -> int:
        return self.pipeline.run_id

    def store(self, item) -> bool:
        from scrapy.exceptions import DropItem

        from scrapers.pipelines import ValidatePipeline, item_url

        try:
            self.pipeline.process_item(ValidatePipeline().process_item(item))
        except DropItem as exc:
            self.pipeline.record_error(item_url(item), str(exc))
            return False
        return True

    def error(
        self, url: str | None, message: str, *, fatal: bool = False, warning: bool = False
    ) -> None:
        self.pipeline.record_error(url, message, fatal=fatal, warning=warning)

    def close(self, reason: str = "finished") -> dict:
        run_id = self.run_id
        self.pipeline.spider_closed(self.spider, reason)
        return {"run_id": run_id, "spider": self.spider.name}


def _parse_message(data: bytes):
    """(spider, item) from a queued message; ValueError saying what is wrong."""
    from scrapers import items as itemmod

    try:
        message = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"not JSON ({exc})") from None
    if not isinstance(message, dict):
        raise ValueError("not a JSON object")
    spider = message.get("spider")
    if not isinstance(spider, str) or not spider:
        raise ValueError("no spider named")
    kind = message.get("type")
    cls = getattr(itemmod, kind, None) if isinstance(kind, str) and kind.endswith("Item") else None
    if cls is None or not dataclasses.is_dataclass(cls):
        raise ValueError(f"unknown item type {kind!r}")
    fields = message.get("item")
    if not isinstance(fields, dict):
        raise ValueError("no item fields")
    try:
        return spider, cls(**fields)
    except TypeError as exc:
        raise ValueError(f"bad {kind} fields ({exc})") from None


def ingest(
    db_path,
    redis_url: str | None = None,
    *,
    until_idle: bool = True,
    progress: Callable[[str], None] | None = None,
    idle_seconds: float = 2.0,
) -> dict:
    """Be the one writer: pop queued items and store them in the working database ``db_path``.

    Each spider whose items arrive gets a ``crawl_runs`` row, closed (with the
    zero-output rule) once its crawl is over: nothing queued, nothing in
    flight, its items stored. A malformed item is recorded in ``crawl_errors``
    and skipped. With ``until_idle`` the writer returns once the item queue is
    empty and no worker is alive for ``idle_seconds``; otherwise it runs until
    interrupted. Returns ``{"items", "stored", "errors", "runs": [crawl_runs
    rows], "pending": {spider: crawl state}}``.
    """
    say = progress or (lambda message: None)
    db_path = Path(storage.working_db_path(db_path)).resolve()
    server = connect(redis_url)
    # An item popped by a writer that was killed before storing it: store it now.
    while server.lmove(INGESTING_KEY, ITEMS_KEY, "RIGHT", "LEFT") is not None:
        pass
    writers: dict[str, _Writer] = {}
    closed: list[int] = []
    counts = {"items": 0, "stored": 0, "errors": 0}
    idle_since: float | None = None

    def writer_for(spider: str) -> _Writer:
        if spider not in writers:
            writers[spider] = _Writer(db_path, spider)
            say(f"ingest: storing items of {spider} (run {writers[spider].run_id})")
        return writers[spider]

    def close_finished(everything: bool = False, reason: str = "finished") -> None:
        for spider in list(writers):
            if everything or _crawl_over(server, spider):
                closed.append(writers.pop(spider).close(reason)["run_id"])

    reason = "finished"
    try:
        while True:
            data = server.blmove(ITEMS_KEY, INGESTING_KEY, 0.5, "LEFT", "RIGHT")
            if data is None:
                for spider in known_spiders(server):
                    requeue_dead(server, spider)
                close_finished()
                if not until_idle:
                    continue
                busy = server.llen(ITEMS_KEY) or any(
                    live_workers(server, s) for s in known_spiders(server)
                )
                if busy:
                    idle_since = None
                elif idle_since is None:
                    idle_since = time.monotonic()
                elif time.monotonic() - idle_since >= idle_seconds:
                    break
                continue
            idle_since = None
            counts["items"] += 1
            try:
                spider, item = _parse_message(data)
            except ValueError as exc:
                spider = _spider_of(data)
                shown = data[:200].decode("utf-8", "replace")
                writer_for(spider).error(None, f"malformed item in {ITEMS_KEY}: {exc}: {shown!r}")
                counts["errors"] += 1
            else:
                from scrapers.items import CrawlErrorItem

                if isinstance(item, CrawlErrorItem):
                    writer_for(spider).error(
                        item.url, item.error, fatal=bool(item.fatal), warning=bool(item.warning)
                    )
                    counts["errors"] += 1
                elif writer_for(spider).store(item):
                    counts["stored"] += 1
                else:
                    counts["errors"] += 1
            server.lrem(INGESTING_KEY, 1, data)
            if counts["items"] % 500 == 0:
                say(f"ingest: {counts['items']} items, {server.llen(ITEMS_KEY)} queued")
    except BaseException:
        reason = "shutdown"
        raise
    finally:
        close_finished(everything=True, reason=reason)
    db = storage.open_db(db_path)
    try:
        runs = [dict(db.table("crawl_runs").get(run_id)) for run_id in closed]
    finally:
        db.close()
    pending = {s: crawl_state(server, s) for s in known_spiders(server)}
    say(f"ingest: {counts['items']} items, {counts['stored']} stored, {counts['errors']} errors")
    return {**counts, "runs": runs, "pending": pending}


def _crawl_over(server, spider: str) -> bool:
    state = crawl_state(server, spider)
    return not (state["queued"] or state["in_flight"] or state["workers"] or server.llen(ITEMS_KEY))


def _spider_of(data: bytes) -> str:
    try:
        spider = json.loads(data).get("spider")
    except (ValueError, AttributeError, UnicodeDecodeError):
        spider = None
    return spider if isinstance(spider, str) and spider else "unknown"
