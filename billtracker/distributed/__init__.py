"""Crawl with many worker processes sharing one Redis queue; one writer stores what they find.

One machine is enough for billtracker's sources (see README, "Beyond one
machine"); this module is for crawls too large or too slow for one process.
The pieces:

- :func:`seed` runs a spider's ``start()`` once and pushes its requests to the
  spider's shared request queue in Redis (and its start items to the item
  queue). Seeding again while a crawl is in progress adds nothing.
- :func:`run_worker` (``billtracker crawl SPIDER --distributed``) runs the spider
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

Redis unreachable, lost mid-crawl, and the keys: see ``scrapers.redis_queue``.
Requests are pickled into Redis (as scrapy-redis does): keep Redis on a private network.
"""

from billtracker.distributed.ingest import ingest
from billtracker.distributed.seed import seed
from billtracker.distributed.worker import new_worker_id, run_worker
from scrapers.redis_queue import (
    ITEMS_KEY,
    PREFIX,
    RedisUnavailable,
    connect,
    crawl_state,
    item_message,
    live_workers,
    processing_key,
    queue_key,
)

__all__ = [
    "ITEMS_KEY",
    "PREFIX",
    "RedisUnavailable",
    "connect",
    "crawl_state",
    "ingest",
    "item_message",
    "live_workers",
    "new_worker_id",
    "processing_key",
    "queue_key",
    "run_worker",
    "seed",
]
