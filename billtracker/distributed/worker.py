"""One worker of a distributed crawl: a spider on the shared Redis queue, in a child process.

``python -m billtracker.distributed.worker CONFIG`` is the child's side (started by
:func:`run_worker`, never by hand: ``billtracker crawl SPIDER --distributed`` runs a worker).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
import uuid
from pathlib import Path

from billtracker.ingest.crawl import project_settings, run_child, spider_class
from scrapers.redis_queue import (
    DEFAULT_IDLE_CLOSE,
    DEFAULT_RETRY_SECONDS,
    DEFAULT_WORKER_TTL,
    args_key,
    connect,
    resolve_url,
    worker_settings,
)


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
        returncode, tail = run_child(config, quiet, module="billtracker.distributed.worker")
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

    process = CrawlerProcess(project_settings(config["settings"]))
    crawler = process.create_crawler(config["spider"])
    process.crawl(crawler, **config["spider_args"])
    process.start()
    reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
    extension = getattr(crawler, "billtracker_worker", None)
    result = {"reason": reason, **(extension.counts if extension else {})}
    Path(config["result_path"]).write_text(json.dumps(result))
    return 0 if reason == "finished" else 1


if __name__ == "__main__":
    sys.exit(_worker_in_this_process(json.loads(sys.argv[1])))
