"""Stop ``billtracker update`` at a phase so a fault test can kill it there (tests only).

``tests/test_update_faults.py`` puts this folder on ``PYTHONPATH`` of the runs it starts,
so Python loads this module first in the update and in its crawler child. With
``BILLTRACKER_TEST_PAUSE_AT`` set to ``crawl`` (once two versions went through the
store, inside the crawler), ``score``, ``diff`` or ``publish`` (after the copy is made,
before it is indexed and swapped in), the run prints ``paused at <phase>`` to stderr and
sleeps (``BILLTRACKER_TEST_PAUSE_SECONDS``, default 120). The project's code knows
nothing of this: the hook wraps its functions as their modules are imported.
"""

import importlib.abc
import importlib.util
import os
import sys
import time

PHASE = os.environ.get("BILLTRACKER_TEST_PAUSE_AT")


def pause_at(phase: str) -> None:
    if PHASE != phase:
        return
    sys.stderr.write(f"billtracker: paused at {phase} (pid {os.getpid()})\n")
    sys.stderr.flush()
    time.sleep(float(os.environ.get("BILLTRACKER_TEST_PAUSE_SECONDS", "120")))


def pausing(phase: str, function):
    def paused_first(*args, **kwargs):
        pause_at(phase)
        return function(*args, **kwargs)

    return paused_first


class PauseAtCrawlPipeline:
    """Scrapy pipeline: pauses the crawl once two versions went through."""

    def __init__(self):
        self.versions = 0

    def process_item(self, item):
        if type(item).__name__ == "VersionItem":
            self.versions += 1
            if self.versions == 2:
                pause_at("crawl")
        return item


def patch(module) -> None:
    if module.__name__ == "billtracker.jobs.changes":
        module.score_database = pausing("score", module.score_database)
        module.diff_database = pausing("diff", module.diff_database)
    elif module.__name__ == "billtracker.publishing.publish":
        module.add_search = pausing("publish", module.add_search)
    elif module.__name__ == "scrapers.settings":
        pipelines = dict(module.ITEM_PIPELINES, **{f"{__name__}.PauseAtCrawlPipeline": 900})
        module.ITEM_PIPELINES = pipelines


TARGETS = {"billtracker.jobs.changes", "billtracker.publishing.publish", "scrapers.settings"}


class PatchOnImport(importlib.abc.MetaPathFinder):
    """Finds the target modules as usual, then patches each once it has run."""

    def find_spec(self, fullname, path, target=None):
        if fullname not in TARGETS:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def run_then_patch(module):
            run(module)
            patch(module)

        spec.loader.exec_module = run_then_patch
        return spec


if PHASE:
    sys.meta_path.insert(0, PatchOnImport())
