"""Seed a distributed crawl: push a spider's start requests (and start items) to Redis."""

from __future__ import annotations

import asyncio
import json

from billtracker.ingest.crawl import project_settings, spider_class
from scrapers.redis_queue import (
    ITEMS_KEY,
    args_key,
    connect,
    crawl_state,
    dupefilter_key,
    item_message,
    queue_key,
    queue_settings,
    requeue_dead,
    resolve_url,
)


def seed(
    spider: str,
    redis_url: str | None = None,
    *,
    settings: dict | None = None,
    force: bool = False,
    **spider_args,
) -> dict:
    """Push ``spider``'s start requests (and start items) to the shared queue.

    ``spider_args`` are stored for workers started without arguments. While a
    crawl of ``spider`` is in progress (requests queued or in flight) nothing
    is added unless ``force``, so seeding twice does not crawl twice. Returns
    ``{"spider", "requests", "items", "in_progress"}``.
    """
    from scrapy import Request
    from scrapy.crawler import Crawler

    from scrapers.redis_pipeline import ReliableQueue

    cls = spider_class(spider)
    url = resolve_url(redis_url)
    server = connect(url)
    requeue_dead(server, spider)
    state = crawl_state(server, spider)
    if not force and (state["queued"] or state["in_flight"]):
        return {"spider": spider, "requests": 0, "items": 0, "in_progress": True, **state}
    crawler = Crawler(cls, project_settings({**queue_settings(url), **(settings or {})}))
    instance = cls.from_crawler(crawler, **spider_args)
    outputs = asyncio.run(_collect(instance.start()))
    queue = ReliableQueue(server, instance, queue_key(spider))
    server.delete(dupefilter_key(spider))
    server.set(args_key(spider), json.dumps(spider_args))
    requests = items = 0
    for output in outputs:
        if isinstance(output, Request):
            queue.push(output)
            requests += 1
        elif output is not None:
            server.rpush(ITEMS_KEY, item_message(spider, output))
            items += 1
    return {"spider": spider, "requests": requests, "items": items, "in_progress": False}


async def _collect(agen) -> list:
    return [x async for x in agen]
