"""Crawl with many worker processes sharing one Redis queue; one writer stores what they find.

One machine is enough for billtracker's sources (see README, "Beyond one
machine"); this module is for crawls too large or too slow for one process.
The pieces:

- :func:`seed` runs a spider's ``start()`` once and pushes its requests to the
  spider's shared request queue in Redis (and its start items to the item
  queue). Seeding again while a crawl is in progress adds nothing.
- :func:`run_worker` (``run_spider(..., distributed=True)``) runs the spider
  in a child process with scrapy-redis's scheduler and dupefilter: any number
  of workers, on any number of machines, pop requests from the same queue.
  Workers never touch the database: :class:`scrapers.redis_pipeline.RedisQueuePipeline`
  serialises every item (and every crawl error) as JSON onto one Redis list.
- :func:`ingest` is the single writer: it pops the items and stores them
  through ``scrapers.pipelines.StorePipeline`` (SQLite keeps one writer;
  versions keyed by their text hash make an item stored twice harmless) and
  keeps the ``crawl_runs`` / ``crawl_errors`` ledger. A malformed item is a
  crawl error; the writer goes on.

Nothing is lost when a worker dies. Popping a request moves it, atomically,
into the worker's *processing* hash in Redis; it leaves that hash only when
its response has been handled completely (items pushed, follow-up requests
queued). Each worker refreshes a heartbeat key; when a heartbeat expires (the
worker was killed, or its machine lost), any other worker, or the writer,
moves the dead worker's unfinished requests back to the front of the queue.
A request can therefore be fetched twice, never zero times.

Redis unreachable when a command starts: :class:`RedisUnavailable` (a
``BilltrackerError``: one line, non-zero exit). Redis lost mid-crawl: every
Redis call retries with backoff for ``retry_seconds`` (default 60), so the
workers pause and carry on when Redis is back; if it stays away they stop
cleanly (exit 1), leaving their unfinished requests in Redis for the next
worker. Requests are pickled into Redis (as scrapy-redis does): keep Redis on a
private network.

Keys (prefix ``billtracker:``): ``{spider}:requests`` (the queue, a list),
``{spider}:dupefilter``, ``{spider}:args`` (the spider arguments given at
seeding, used by workers started without them), ``{spider}:workers`` (a set),
``{spider}:processing:{worker}`` (hash), ``alive:{worker}`` (heartbeat, with a
TTL), ``items`` and ``items:ingesting`` (the writer's own in-flight item).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import socket
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

import redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from .errors import BilltrackerError

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


def requeue_dead(server, spider: str) -> int:
    """Move the unfinished requests of ``spider``'s dead workers back to its queue."""
    script = server.register_script(REQUEUE_SCRIPT)
    moved = 0
    for member in server.smembers(workers_key(spider)):
        worker = member.decode() if isinstance(member, bytes) else member
        n = script(
            keys=[
                alive_key(worker),
                processing_key(spider, worker),
                queue_key(spider),
                workers_key(spider),
            ],
            args=[worker, "0"],
        )
        if n and n > 0:
            logger.warning("worker %s is gone: %d unfinished request(s) requeued", worker, n)
            moved += n
    return moved


def release_worker(server, spider: str, worker: str) -> int:
    """A leaving worker: requeue whatever it still holds, drop its heartbeat."""
    server.delete(alive_key(worker))
    script = server.register_script(REQUEUE_SCRIPT)
    return script(
        keys=[
            alive_key(worker),
            processing_key(spider, worker),
            queue_key(spider),
            workers_key(spider),
        ],
        args=[worker, "1"],
    )


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
            "redis_cls": "billtracker.distributed.ResilientRedis",
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


# -- seeding ---------------------------------------------------------------------------


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
    from scrapy.crawler import Crawler

    from billtracker.crawl import project_settings, spider_class
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
    from scrapy import Request

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


# -- workers ------------------------------------------------------------------------------


def new_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def run_worker(
    name: str,
    *,
    redis_url: str | None = None,
    replay=None,
    quiet: bool = False,
    settings: dict | None = None,
    idle_close: float = DEFAULT_IDLE_CLOSE,
    **spider_args,
) -> dict:
    """Run one crawl worker of spider ``name`` on the shared Redis queue until the crawl is done.

    The worker stops once nothing is queued or in flight anywhere for
    ``idle_close`` seconds (``0``: never; wait for the next seed). Spider
    arguments not given are taken from the last :func:`seed`. ``settings``
    override Scrapy settings (``BILLTRACKER_WORKER_TTL``: heartbeat lifetime in
    seconds, default 30; ``BILLTRACKER_REDIS_RETRY_SECONDS``: how long to wait
    for a lost Redis before stopping, default 60). Returns ``{"spider", "worker", "status"`` (``ok`` or
    ``failed``), ``"reason", "exit_code", "requests", "items", "errors"}``.
    Raises RedisUnavailable if Redis cannot be reached at start, SpiderError
    for an unknown spider or missing replay folder.
    """
    from billtracker.crawl import _run_child, spider_class
    from scrapers.replay import replay_folder

    cls = spider_class(name)
    url = resolve_url(redis_url)
    server = connect(url)
    if replay is not None:
        replay = Path(replay).resolve()
        replay_folder(replay, cls)
    stored = server.get(args_key(name))
    args = {**(json.loads(stored) if stored else {}), **spider_args}
    worker = new_worker_id()
    user = dict(settings or {})
    ttl = int(user.pop("BILLTRACKER_WORKER_TTL", DEFAULT_WORKER_TTL))
    retry = float(user.pop("BILLTRACKER_REDIS_RETRY_SECONDS", DEFAULT_RETRY_SECONDS))
    overrides = {"LOG_LEVEL": "WARNING" if quiet else "INFO", **user}
    overrides.update(
        worker_settings(url, worker, idle_close=idle_close, ttl=ttl, retry_seconds=retry),
        BILLTRACKER_REPLAY=str(replay) if replay else None,
    )
    fd, result_path = tempfile.mkstemp(prefix="billtracker-worker-", suffix=".json")
    os.close(fd)
    config = {
        "spider": name,
        "settings": overrides,
        "spider_args": args,
        "result_path": result_path,
    }
    try:
        returncode, tail = _run_child(config, quiet, module="billtracker.distributed")
        try:
            result = json.loads(Path(result_path).read_text() or "{}")
        except ValueError:
            result = {}
    finally:
        Path(result_path).unlink(missing_ok=True)
    if not result:
        reason = next((line.strip() for line in reversed(tail) if line.strip()), "")
        result = {
            "reason": f"worker exited with code {returncode}" + (f": {reason}" if reason else "")
        }
    ok = returncode == 0 and result.get("reason") == "finished"
    return {
        "spider": name,
        "worker": worker,
        "status": "ok" if ok else "failed",
        "reason": result.get("reason"),
        "exit_code": 0 if ok else 1,
        "requests": result.get("requests", 0),
        "items": result.get("items", 0),
        "errors": result.get("errors", 0),
    }


def _worker_in_this_process(config: dict) -> int:
    """The child's side of :func:`run_worker`."""
    from scrapy.crawler import CrawlerProcess

    from billtracker.crawl import project_settings

    process = CrawlerProcess(project_settings(config["settings"]))
    crawler = process.create_crawler(config["spider"])
    process.crawl(crawler, **config["spider_args"])
    process.start()
    reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
    extension = getattr(crawler, "billtracker_worker", None)
    result = {"reason": reason, **(extension.counts if extension else {})}
    Path(config["result_path"]).write_text(json.dumps(result))
    return 0 if reason == "finished" else 1


# -- the writer ---------------------------------------------------------------------------


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

    def error(self, url: str | None, message: str, *, fatal: bool = False) -> None:
        self.pipeline.record_error(url, message, fatal=fatal)

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
    from billtracker import db as dbmod

    say = progress or (lambda message: None)
    db_path = Path(dbmod.working_db_path(db_path)).resolve()
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
                    writer_for(spider).error(item.url, item.error, fatal=bool(item.fatal))
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
    db = dbmod.open_db(db_path)
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


# -- command line (tests and containers; `billtracker` wires the same functions) ---------------


def main(argv: list[str] | None = None) -> int:
    import argparse

    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return _worker_in_this_process(json.loads(argv[1]))
    parser = argparse.ArgumentParser(prog="python -m billtracker.distributed")
    parser.add_argument("--redis", default=None, help="Redis URL (default $REDIS_URL)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("worker", "seed"):
        p = sub.add_parser(name)
        p.add_argument("spider")
        p.add_argument("-a", dest="args", action="append", default=[], metavar="NAME=VALUE")
        p.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE")
        p.add_argument("--quiet", action="store_true")
    sub.choices["worker"].add_argument("--replay", default=None)
    sub.choices["worker"].add_argument("--idle-close", type=float, default=DEFAULT_IDLE_CLOSE)
    sub.choices["worker"].add_argument("--forever", action="store_true")
    sub.choices["seed"].add_argument("--force", action="store_true")
    p = sub.add_parser("ingest")
    p.add_argument("--db", default=None)
    p.add_argument("--forever", action="store_true")
    p.add_argument("--idle-seconds", type=float, default=2.0)
    p.add_argument("--quiet", action="store_true")
    ns = parser.parse_args(argv)
    pairs = lambda values: dict(v.split("=", 1) for v in values)  # noqa: E731
    try:
        if ns.command == "worker":
            result = run_worker(
                ns.spider,
                redis_url=ns.redis,
                replay=ns.replay,
                quiet=ns.quiet,
                settings=pairs(ns.settings),
                idle_close=0 if ns.forever else ns.idle_close,
                **pairs(ns.args),
            )
        elif ns.command == "seed":
            result = seed(
                ns.spider, ns.redis, settings=pairs(ns.settings), force=ns.force, **pairs(ns.args)
            )
        else:
            say = None if ns.quiet else (lambda line: print(line, file=sys.stderr))
            result = ingest(
                ns.db,
                ns.redis,
                until_idle=not ns.forever,
                progress=say,
                idle_seconds=ns.idle_seconds,
            )
    except BilltrackerError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result, default=str))
    if result.get("exit_code"):
        why = result.get("reason")
        if why == "redis_unavailable":
            why = "Redis unreachable; its unfinished requests stay in Redis for the next worker"
        print(f"Error: worker {result.get('worker')} stopped: {why}", file=sys.stderr)
    return result.get("exit_code", 0)


if __name__ == "__main__":
    sys.exit(main())
