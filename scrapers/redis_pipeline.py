"""The Scrapy side of a distributed crawl (see ``billtracker.distributed`` and ``scrapers.redis_queue``).

- :class:`ReliableQueue`: scrapy-redis's FIFO queue whose ``pop`` files the
  request under the worker's *processing* hash in the same atomic step.
- :class:`DistributedScheduler`: scrapy-redis's scheduler that acknowledges a
  request (drops it from the processing hash) once its response, or failure,
  has been handled completely, and that stops the worker cleanly when Redis
  stays unreachable.
- :class:`RedisQueuePipeline`: items (and crawl errors) as JSON onto the
  writer's Redis list instead of into the database.
- :class:`NoStartMiddleware`: workers do not run ``start()``; ``seed`` did.
- :class:`WorkerExtension`: the worker's heartbeat, requeueing of dead workers'
  requests, prompt polling of the shared queue, and when to stop.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time

from redis.exceptions import RedisError
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.queue import FifoQueue
from scrapy_redis.scheduler import Scheduler

from scrapers import redis_queue as dist

from .items import CrawlErrorItem
from .pipelines import item_url

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.2


def _worker_id(crawler) -> str | None:
    return crawler.settings.get("BILLTRACKER_WORKER_ID") if crawler else None


class ReliableQueue(FifoQueue):
    """FIFO request queue; a popped request stays in Redis until it is acknowledged."""

    def __init__(self, server, spider, key, serializer=None):
        super().__init__(server, spider, key, serializer)
        self.worker = _worker_id(getattr(spider, "crawler", None))
        self._pop = server.register_script(dist.POP_SCRIPT)

    @property
    def processing_key(self) -> str:
        return dist.processing_key(self.spider.name, self.worker)

    def pop(self, timeout=0):
        if not self.worker:
            raise RuntimeError("ReliableQueue.pop needs BILLTRACKER_WORKER_ID")
        found = self._pop(keys=[self.key, self.processing_key, dist.TOKEN_COUNTER_KEY])
        if not found:
            return None
        token, data = found
        request = self._decode_request(data)
        request.meta[dist.TOKEN_META] = int(token)
        return request

    def ack(self, request) -> None:
        token = request.meta.get(dist.TOKEN_META)
        if token is not None:
            self.server.hdel(self.processing_key, token)


class DistributedScheduler(Scheduler):
    """scrapy-redis's scheduler with acknowledgements and a clean stop when Redis is lost."""

    crawler = None
    broken = False

    @classmethod
    def from_crawler(cls, crawler):
        instance = super().from_crawler(crawler)
        instance.crawler = crawler
        return instance

    def lost_redis(self, exc: Exception) -> None:
        """Redis stayed away past the retries: stop this worker, leave its requests in Redis."""
        if self.broken:
            return
        self.broken = True
        logger.error(
            "Redis unreachable (%s): stopping this worker; its unfinished requests stay "
            "in Redis for the next worker",
            exc,
        )
        engine = self.crawler.engine if self.crawler else None
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason="redis_unavailable"))

    def enqueue_request(self, request):
        if self.broken:
            return False
        request.meta.pop(dist.TOKEN_META, None)
        try:
            return super().enqueue_request(request)
        except RedisError as exc:
            self.lost_redis(exc)
            return False

    def next_request(self):
        if self.broken:
            return None
        try:
            return super().next_request()
        except RedisError as exc:
            self.lost_redis(exc)
            return None

    def has_pending_requests(self):
        if self.broken:
            return False
        try:
            return super().has_pending_requests()
        except RedisError as exc:
            self.lost_redis(exc)
            return False

    def ack(self, request) -> None:
        """The request's response has been handled: it no longer needs to be in Redis."""
        if self.broken:
            return  # whatever it produced may not have reached Redis
        try:
            self.queue.ack(request)
        except RedisError as exc:
            self.lost_redis(exc)


class NoStartMiddleware:
    """A worker ignores the spider's start(): the start requests were seeded once."""

    async def process_start(self, start):
        return
        yield  # an async generator yielding nothing


class RedisQueuePipeline:
    """Serialise each item as JSON onto the writer's Redis list (``billtracker:items``)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.worker = _worker_id(crawler)
        self.key = crawler.settings.get("BILLTRACKER_ITEMS_KEY") or dist.ITEMS_KEY
        self.server = None
        self.items = 0
        self.errors = 0

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.item_error, signal=signals.item_error)
        crawler.signals.connect(pipeline.spider_error, signal=signals.spider_error)
        return pipeline

    def open_spider(self):
        from scrapy_redis.connection import get_redis_from_settings

        self.server = get_redis_from_settings(self.crawler.settings)

    @property
    def spider_name(self) -> str:
        spider = self.crawler.spider
        return spider.name if spider is not None else "unknown"

    def _scheduler(self):
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)
        return getattr(slot, "scheduler", None)

    def _push(self, item) -> None:
        scheduler = self._scheduler()
        if getattr(scheduler, "broken", False):
            raise DropItem("Redis is unreachable: item left to the worker that redoes this request")
        try:
            self.server.rpush(self.key, dist.item_message(self.spider_name, item, self.worker))
        except RedisError as exc:
            if scheduler is not None and hasattr(scheduler, "lost_redis"):
                scheduler.lost_redis(exc)
            raise DropItem(f"Redis is unreachable: {exc}") from exc

    def process_item(self, item):
        self._push(item)
        if isinstance(item, CrawlErrorItem):
            self.errors += 1
        else:
            self.items += 1
        return item

    def _error(self, url, error: str) -> None:
        self.errors += 1
        logger.error("crawl error at %s: %s", url, error)
        try:
            self._push(CrawlErrorItem(url=url, error=error))
        except DropItem:
            pass  # Redis is gone: the request is redone by another worker

    def item_dropped(self, item, response, exception, spider=None):
        if "Redis is unreachable" in str(exception):
            return
        url = item_url(item) if item is not None else getattr(response, "url", None)
        self._error(url, str(exception))

    def item_error(self, item, response, spider=None, failure=None):
        exc = failure.value if failure is not None else None
        self._error(item_url(item), f"{type(exc).__name__}: {exc}")

    def spider_error(self, failure, response, spider=None):
        exc = failure.value
        self._error(getattr(response, "url", None), f"{type(exc).__name__}: {exc}")


class WorkerExtension:
    """Heartbeat, requeueing of dead workers, prompt polling, and when to stop."""

    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.worker = settings.get("BILLTRACKER_WORKER_ID")
        self.ttl = max(1, settings.getint("BILLTRACKER_WORKER_TTL", dist.DEFAULT_WORKER_TTL))
        self.idle_close = settings.getfloat("BILLTRACKER_IDLE_CLOSE", dist.DEFAULT_IDLE_CLOSE)
        self.idle_since: float | None = None
        self.last_beat = 0.0
        self.loop = None
        self.scheduler = None
        self.requests = 0

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get("BILLTRACKER_WORKER_ID"):
            raise NotConfigured("not a distributed worker")
        extension = cls(crawler)
        crawler.billtracker_worker = extension
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    @property
    def counts(self) -> dict:
        pipeline = self._pipeline()
        return {
            "requests": self.requests,
            "items": pipeline.items if pipeline else 0,
            "errors": pipeline.errors if pipeline else 0,
        }

    def _pipeline(self):
        scraper = getattr(self.crawler.engine, "scraper", None)
        manager = getattr(scraper, "itemproc", None)
        for pipeline in getattr(manager, "middlewares", ()):
            if isinstance(pipeline, RedisQueuePipeline):
                return pipeline
        return None

    @property
    def spider_name(self) -> str:
        return self.crawler.spider.name

    @property
    def server(self):
        return self.scheduler.server

    def spider_opened(self, spider):
        from scrapy.utils.asyncio import create_looping_call

        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)
        self.scheduler = getattr(slot, "scheduler", None)
        if not isinstance(self.scheduler, DistributedScheduler) or not hasattr(
            slot, "remove_request"
        ):
            raise RuntimeError(
                "a distributed worker needs SCHEDULER = "
                "'scrapers.redis_pipeline.DistributedScheduler' and Scrapy's engine slot"
            )
        # A request leaves the engine slot once its response or failure has been
        # handled completely (items through the pipelines, new requests queued):
        # that is when it may leave the worker's processing hash.
        remove_request = slot.remove_request

        def remove_and_ack(request):
            remove_request(request)
            if dist.TOKEN_META in request.meta:
                self.requests += 1
                self.scheduler.ack(request)

        slot.remove_request = remove_and_ack
        self.beat()
        self.loop = create_looping_call(self.tick)
        self.loop.start(POLL_SECONDS, now=False)

    def beat(self) -> None:
        """Refresh this worker's heartbeat; requeue the requests of workers whose expired."""
        self.server.sadd(dist.workers_key(self.spider_name), self.worker)
        self.server.set(
            dist.alive_key(self.worker),
            json.dumps(
                {"pid": os.getpid(), "host": socket.gethostname(), "spider": self.spider_name}
            ),
            ex=self.ttl,
        )
        dist.requeue_dead(self.server, self.spider_name)
        self.last_beat = time.monotonic()

    def tick(self) -> None:
        if self.scheduler is None or self.scheduler.broken:
            return
        try:
            if time.monotonic() - self.last_beat >= self.ttl / 3:
                self.beat()
        except RedisError as exc:
            self.scheduler.lost_redis(exc)
            return
        # Scrapy's engine looks at an idle scheduler only every 5 s; requests pushed
        # by other workers should be picked up at once.
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and slot.closing is None:
            slot.nextcall.schedule()

    def spider_idle(self, spider):
        if self.scheduler is None or self.scheduler.broken:
            return
        try:
            dist.requeue_dead(self.server, spider.name)
            state = dist.crawl_state(self.server, spider.name)
        except RedisError as exc:
            self.scheduler.lost_redis(exc)
            return
        if state["queued"] or state["in_flight"] or self.idle_close <= 0:
            self.idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_close:
            raise DontCloseSpider

    def spider_closed(self, spider, reason):
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.scheduler is None or self.scheduler.broken:
            return
        try:
            returned = dist.release_worker(self.server, spider.name, self.worker)
        except RedisError as exc:
            logger.error("could not deregister from Redis: %s", exc)
            return
        if returned:
            logger.warning("%d unfinished request(s) returned to the queue", returned)
