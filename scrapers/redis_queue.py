"""The shared Redis state of a distributed crawl: keys, Lua scripts, the client, the queue.

Used by the Scrapy components in ``scrapers.redis_pipeline`` (workers) and by
``billtracker.distributed`` (seed, worker, ingest). See ``billtracker.distributed`` for
how the pieces fit together.

Redis unreachable when a command starts: :class:`RedisUnavailable` (a
``BilltrackerError``: one line, non-zero exit). Redis lost mid-crawl: every
Redis call retries with backoff for ``retry_seconds`` (default 60), so the
workers pause and carry on when Redis is back.

Keys (prefix ``billtracker:``): ``{spider}:requests`` (the queue, a list),
``{spider}:dupefilter``, ``{spider}:args`` (the spider arguments given at
seeding, used by workers started without them), ``{spider}:workers`` (a set),
``{spider}:processing:{worker}`` (hash), ``alive:{worker}`` (heartbeat, with a
TTL), ``items`` and ``items:ingesting`` (the writer's own in-flight item).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from urllib.parse import urlsplit, urlunsplit

import redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from billtracker.errors import BilltrackerError

logger = logging.getLogger(__name__)

PREFIX = "billtracker"
ITEMS_KEY = f"{PREFIX}:items"
INGESTING_KEY = f"{PREFIX}:items:ingesting"
TOKEN_COUNTER_KEY = f"{PREFIX}:request-tokens"
TOKEN_META = "billtracker_token"
MESSAGE_VERSION = 1

DEFAULT_RETRY_SECONDS = 60.0
DEFAULT_WORKER_TTL = 30
DEFAULT_IDLE_CLOSE = 5.0


class RedisUnavailable(BilltrackerError):
    "Redis cannot be reached, or no Redis URL was given"


def queue_key(spider: str) -> str:
    return f"{PREFIX}:{spider}:requests"


def dupefilter_key(spider: str) -> str:
    return f"{PREFIX}:{spider}:dupefilter"


def args_key(spider: str) -> str:
    return f"{PREFIX}:{spider}:args"


def workers_key(spider: str) -> str:
    return f"{PREFIX}:{spider}:workers"


def processing_key(spider: str, worker: str) -> str:
    return f"{PREFIX}:{spider}:processing:{worker}"


def alive_key(worker: str) -> str:
    return f"{PREFIX}:alive:{worker}"


# Pop the next request and, in the same atomic step, file it under the worker's
# processing hash with a fresh token: a worker killed after this still owes it.
POP_SCRIPT = """
local data = redis.call('RPOP', KEYS[1])
if not data then return false end
local token = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], token, data)
return {token, data}
"""

# Give a worker's unfinished requests back to the queue (next in line) unless its
# heartbeat is still alive (ARGV[2] == '1' forces: the worker itself is leaving).
REQUEUE_SCRIPT = """
if ARGV[2] ~= '1' and redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
local vals = redis.call('HVALS', KEYS[2])
for _, v in ipairs(vals) do redis.call('RPUSH', KEYS[3], v) end
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[4], ARGV[1])
return #vals
"""


# -- connections -----------------------------------------------------------------


class ResilientRedis(redis.Redis):
    """A Redis client whose every command retries with backoff while Redis is away."""

    @staticmethod
    def resilience(retry_seconds: float = DEFAULT_RETRY_SECONDS, **kwargs) -> dict:
        attempts = max(1, int(retry_seconds))  # about one attempt a second (backoff cap)
        kwargs.setdefault("retry", Retry(ExponentialBackoff(cap=1.0, base=0.05), attempts))
        kwargs.setdefault(
            "retry_on_error", [redis.exceptions.ConnectionError, redis.exceptions.TimeoutError]
        )
        kwargs.setdefault("socket_timeout", 5)
        kwargs.setdefault("socket_connect_timeout", 5)
        return kwargs

    def __init__(self, *args, retry_seconds: float = DEFAULT_RETRY_SECONDS, **kwargs):
        super().__init__(*args, **self.resilience(retry_seconds, **kwargs))

    @classmethod
    def from_url(cls, url: str, retry_seconds: float = DEFAULT_RETRY_SECONDS, **kwargs):
        return super().from_url(url, **cls.resilience(retry_seconds, **kwargs))


def resolve_url(url: str | None = None) -> str:
    """``url``, else ``$REDIS_URL``; RedisUnavailable if neither is set."""
    url = url or os.environ.get("REDIS_URL")
    if not url:
        raise RedisUnavailable(
            "no Redis to share the crawl: pass --redis redis://HOST:6379/0 or set REDIS_URL"
        )
    return url


def shown_url(url: str) -> str:
    """``url`` without its password, for messages."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def connect(url: str | None = None, *, retry_seconds: float = DEFAULT_RETRY_SECONDS):
    """A resilient client for ``url`` (or ``$REDIS_URL``), checked now: RedisUnavailable if
    Redis does not answer at once."""
    url = resolve_url(url)
    try:
        probe = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3, retry=None)
        probe.ping()
        probe.close()
    except (RedisError, OSError, ValueError) as exc:
        raise RedisUnavailable(
            f"cannot reach Redis at {shown_url(url)}: {exc} "
            "(is redis-server running? check --redis / REDIS_URL)"
        ) from exc
    return ResilientRedis.from_url(url, retry_seconds=retry_seconds)


# -- shared state --------------------------------------------------------------------


def live_workers(server, spider: str) -> list[str]:
    """Registered workers of ``spider`` whose heartbeat has not expired."""
    members = sorted(
        m.decode() if isinstance(m, bytes) else m for m in server.smembers(workers_key(spider))
    )
    return [w for w in members if server.exists(alive_key(w))]


def _requeue(server, spider: str, worker: str, *, force: bool) -> int:
    """Run ``REQUEUE_SCRIPT`` for one worker (``force``: even if its heartbeat lives)."""
    script = server.register_script(REQUEUE_SCRIPT)
    keys = [alive_key(worker), processing_key(spider, worker), queue_key(spider)]
    return script(keys=[*keys, workers_key(spider)], args=[worker, "1" if force else "0"])


def requeue_dead(server, spider: str) -> int:
    """Move the unfinished requests of ``spider``'s dead workers back to its queue."""
    moved = 0
    for member in server.smembers(workers_key(spider)):
        worker = member.decode() if isinstance(member, bytes) else member
        n = _requeue(server, spider, worker, force=False)
        if n and n > 0:
            logger.warning("worker %s is gone: %d unfinished request(s) requeued", worker, n)
            moved += n
    return moved


def release_worker(server, spider: str, worker: str) -> int:
    """A leaving worker: requeue whatever it still holds, drop its heartbeat."""
    server.delete(alive_key(worker))
    return _requeue(server, spider, worker, force=True)


def crawl_state(server, spider: str) -> dict:
    """How far ``spider``'s shared crawl is: queued requests, requests in flight, workers."""
    in_flight = 0
    for member in server.smembers(workers_key(spider)):
        worker = member.decode() if isinstance(member, bytes) else member
        in_flight += server.hlen(processing_key(spider, worker))
    return {
        "queued": server.llen(queue_key(spider)),
        "in_flight": in_flight,
        "workers": len(live_workers(server, spider)),
    }


def known_spiders(server) -> list[str]:
    """Spiders with any crawl state in Redis."""
    names = set()
    for pattern in (f"{PREFIX}:*:requests", f"{PREFIX}:*:workers"):
        for key in server.scan_iter(match=pattern, count=100):
            key = key.decode() if isinstance(key, bytes) else key
            names.add(key.split(":")[1])
    return sorted(names)


def queue_settings(url: str, *, retry_seconds: float = DEFAULT_RETRY_SECONDS) -> dict:
    """Scrapy settings putting a crawl on the shared Redis queue (scrapy-redis)."""
    return {
        "REDIS_URL": url,
        "REDIS_PARAMS": {
            "redis_cls": "scrapers.redis_queue.ResilientRedis",
            "retry_seconds": retry_seconds,
        },
        "SCHEDULER": "scrapers.redis_pipeline.DistributedScheduler",
        "SCHEDULER_QUEUE_CLASS": "scrapers.redis_pipeline.ReliableQueue",
        "SCHEDULER_QUEUE_KEY": queue_key("%(spider)s"),
        "SCHEDULER_DUPEFILTER_KEY": dupefilter_key("%(spider)s"),
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,
    }


def worker_settings(
    url: str,
    worker: str,
    *,
    idle_close: float = DEFAULT_IDLE_CLOSE,
    ttl: int = DEFAULT_WORKER_TTL,
    retry_seconds: float = DEFAULT_RETRY_SECONDS,
) -> dict:
    """The settings of one worker: the shared queue, items to Redis, its heartbeat."""
    return {
        **queue_settings(url, retry_seconds=retry_seconds),
        "ITEM_PIPELINES": {
            "scrapers.pipelines.ValidatePipeline": 100,
            "scrapers.pipelines.StorePipeline": None,
            "scrapers.redis_pipeline.RedisQueuePipeline": 800,
        },
        "SPIDER_MIDDLEWARES": {"scrapers.redis_pipeline.NoStartMiddleware": 10},
        "EXTENSIONS": {"scrapers.redis_pipeline.WorkerExtension": 500},
        "BILLTRACKER_WORKER_ID": worker,
        "BILLTRACKER_WORKER_TTL": ttl,
        "BILLTRACKER_IDLE_CLOSE": idle_close,
        "BILLTRACKER_ITEMS_KEY": ITEMS_KEY,
    }


def item_message(spider: str, item, worker: str | None = None) -> str:
    """The JSON an item travels as from a worker to the writer."""
    return json.dumps(
        {
            "v": MESSAGE_VERSION,
            "spider": spider,
            "worker": worker,
            "type": type(item).__name__,
            "item": dataclasses.asdict(item),
        },
        ensure_ascii=False,
    )
