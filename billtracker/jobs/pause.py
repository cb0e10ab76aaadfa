"""A test hook: stop an update at a phase so a test can kill it there. Never set in production.

With ``BILLTRACKER_TEST_PAUSE_AT`` set to ``crawl`` (once two versions went through
the store, inside the crawler process), ``score``, ``diff`` or ``publish`` (after the
copy is made, before it is indexed and swapped in), the run prints ``paused at
<phase>`` to stderr and sleeps (``BILLTRACKER_TEST_PAUSE_SECONDS``, default 120).
Unset, :func:`pause_at` returns at once and the crawl settings are unchanged.
"""

from __future__ import annotations

import os
import sys
import time

from billtracker.ingest.crawl import project_settings

PAUSE_ENV = "BILLTRACKER_TEST_PAUSE_AT"


def pause_at(phase: str) -> None:
    """Sleep here when ``$BILLTRACKER_TEST_PAUSE_AT`` names ``phase`` (tests kill the run)."""
    if os.environ.get(PAUSE_ENV) != phase:
        return
    sys.stderr.write(f"billtracker: paused at {phase} (pid {os.getpid()})\n")
    sys.stderr.flush()
    time.sleep(float(os.environ.get("BILLTRACKER_TEST_PAUSE_SECONDS", "120")))


class PauseAtCrawlPipeline:
    """Scrapy pipeline for the test hook: pauses the crawl once two versions went through."""

    def __init__(self):
        self.versions = 0

    def process_item(self, item):
        if type(item).__name__ == "VersionItem":
            self.versions += 1
            if self.versions == 2:
                pause_at("crawl")
        return item


def crawl_settings(settings: dict | None) -> dict | None:
    """``settings`` with the pausing pipeline added when the hook asks to pause the crawl."""
    if os.environ.get(PAUSE_ENV) != "crawl":
        return settings
    pipelines = dict(project_settings().getdict("ITEM_PIPELINES"))
    pipelines["billtracker.jobs.pause.PauseAtCrawlPipeline"] = 900
    return {**(settings or {}), "ITEM_PIPELINES": pipelines}
