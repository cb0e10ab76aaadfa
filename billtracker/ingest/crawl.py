"""Run a spider and record the run: the one way the project crawls.

:func:`run_spider` checks its arguments, opens a ``crawl_runs`` row, runs the
spider with Scrapy's ``CrawlerProcess`` in a child Python process (Twisted's
reactor cannot be restarted, so a fresh process per run keeps repeated runs,
tests and the scheduled job independent), then closes the row and returns its
counts. The child's pipelines write the data, the crawl errors and the final
counts; if the child dies before that, this module marks the run failed and
records why. Failures of the source never raise: they come back as
``status == "failed"``.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

from billtracker import storage
from billtracker.config import PROJECT_ROOT
from billtracker.errors import SpiderError

ROOT = PROJECT_ROOT
SETTINGS_MODULE = "scrapers.settings"
# Exit status of `crawl` and `update` by run status (README, "What billtracker promises"):
# partial = the run stored what it could, but some fetch, parse or write failed.
EXIT_CODES = {"ok": 0, "failed": 1, "partial": 3}


def project_settings(overrides: dict | None = None):
    """The Scrapy settings of ``scrapers/settings.py``, with ``overrides`` on top."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule(SETTINGS_MODULE, priority="project")
    if overrides:
        settings.update(overrides, priority="cmdline")
    return settings


def _loader():
    from scrapy.spiderloader import get_spider_loader

    return get_spider_loader(project_settings())


def list_spiders() -> list[str]:
    """Names of the project's spiders, sorted."""
    return sorted(_loader().list())


def spider_class(name: str):
    """The spider class called ``name``; SpiderError if there is none."""
    loader = _loader()
    if name not in loader.list():
        known = ", ".join(sorted(loader.list())) or "none"
        raise SpiderError(f"unknown spider {name!r} (known spiders: {known})")
    return loader.load(name)


def _finish_run(db_path: Path, run_id: int, returncode: int, tail: list[str]) -> dict:
    """Read the run's row back; mark it failed if the child could not finish it."""
    db = storage.open_db(db_path)
    try:
        row = db.table("crawl_runs").get(run_id)
        if row["status"] == "running" or returncode != 0:
            reason = next((line for line in reversed(tail) if line.strip()), "")
            error = f"crawler exited with code {returncode}" + (
                f": {reason.strip()}" if reason else ""
            )
            row = storage.fail_crawl_run(db, run_id, error)
        return row
    finally:
        db.close()


def _child_command(config: dict, module: str) -> tuple[list[str], dict]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["SCRAPY_SETTINGS_MODULE"] = SETTINGS_MODULE
    return [sys.executable, "-m", module, json.dumps(config)], env


def run_child(config: dict, quiet: bool, module: str = __name__) -> tuple[int, list[str]]:
    """Run ``python -m module CONFIG`` (one crawl) in a child process.

    Returns its exit code and last lines of log. ``module`` is this one, or
    ``billtracker.distributed.worker`` for a worker of a shared crawl.
    """
    command, env = _child_command(config, module)
    tail: collections.deque[str] = collections.deque(maxlen=20)
    proc = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL if quiet else None,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    )
    try:
        for line in proc.stderr:
            tail.append(line)
            if not quiet:
                sys.stderr.write(line)
        return proc.wait(), list(tail)
    except BaseException:
        proc.terminate()
        proc.wait()
        raise


def run_spider(
    name: str,
    *,
    db_path=None,
    replay=None,
    quiet: bool = False,
    settings: dict | None = None,
    **spider_args,
) -> dict:
    """Crawl with spider ``name`` into the working database ``db_path``.

    ``replay`` is the root of a recorded corpus (laid out like
    ``../shared/corpus``): the spider then reads its own folder under
    ``formats/`` and nothing is fetched. ``settings`` overrides Scrapy
    settings; ``spider_args`` are passed to the spider (``-a`` in Scrapy).

    Returns the ``crawl_runs`` row as a dict (``id``, ``spider``, ``started``,
    ``finished``, ``status``: ``ok``, ``partial`` or ``failed``, ``items``,
    ``versions_added``, ``errors``, ``replay``) plus ``run_id`` and
    ``exit_code`` (``EXIT_CODES``: 0 ok, 3 partial, 1 failed). Raises SpiderError only when the
    run cannot start: an unknown spider or a missing replay folder.

    A worker of a crawl shared through Redis is :func:`billtracker.distributed.run_worker`.
    """
    from scrapers.replay import replay_folder

    cls = spider_class(name)
    db_path = Path(storage.working_db_path(db_path)).resolve()
    replay = Path(replay).resolve() if replay is not None else None
    if replay is not None:
        replay_folder(replay, cls)
    db = storage.open_db(db_path)
    try:
        run_id = storage.start_crawl_run(db, name, str(replay) if replay else None)
    finally:
        db.close()
    overrides = {"LOG_LEVEL": "WARNING" if quiet else "INFO", **(settings or {})}
    overrides.update(
        BILLTRACKER_DB=str(db_path),
        BILLTRACKER_RUN_ID=run_id,
        BILLTRACKER_REPLAY=str(replay) if replay else None,
    )
    config = {
        "spider": name,
        "settings": overrides,
        "spider_args": spider_args,
        "parent": os.getpid(),
    }
    try:
        returncode, tail = run_child(config, quiet)
    except BaseException:
        _finish_run(db_path, run_id, -1, ["interrupted"])
        raise
    row = _finish_run(db_path, run_id, returncode, tail)
    return dict(row, run_id=run_id, exit_code=EXIT_CODES.get(row["status"], 1))


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this child (SIGKILL) when the process that started it dies, so
    a crawl never goes on writing after its parent (and the writer lock) are gone."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent check below still holds
        pass
    if os.getppid() != parent:  # the parent died before we got here
        os._exit(1)


def _crawl_in_this_process(config: dict) -> int:
    """The child's side: run one spider with CrawlerProcess and exit."""
    from scrapy.crawler import CrawlerProcess

    die_with_parent(config["parent"])
    process = CrawlerProcess(project_settings(config["settings"]))
    process.crawl(config["spider"], **config["spider_args"])
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(_crawl_in_this_process(json.loads(sys.argv[1])))
