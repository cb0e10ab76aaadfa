"""Run the update on a schedule in one long-running process (APScheduler, cron syntax).

The schedule is a five-field cron expression ("minute hour day month weekday",
e.g. ``0 3 * * *`` for 03:00 every day): ``--cron`` on the command line, else
``schedule:`` at the top of ``data/sources.yml``, else :data:`DEFAULT_CRON`.
Runs never overlap (one job instance; the update lock refuses a run started
elsewhere meanwhile), missed runs are coalesced into one, and a failing run
is logged without stopping the scheduler. Cron or a systemd timer calling
``billtracker update`` does the same job without a long-running process: see
``deploy/``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from billtracker.config import load_sources
from billtracker.errors import BilltrackerError, ConfigError

DEFAULT_CRON = "0 3 * * *"
JOB_ID = "billtracker-update"
logger = logging.getLogger(__name__)


def schedule_from_sources(path=None) -> str | None:
    """The ``schedule:`` cron expression of ``data/sources.yml``, if it has one."""
    try:
        value = load_sources(path).get("schedule")
    except ConfigError:
        if path:
            raise
        return None
    return str(value).strip() if value else None


def cron_trigger(expression: str, timezone: str = "UTC"):
    """An APScheduler trigger for a five-field cron expression; ConfigError if invalid."""
    from apscheduler.triggers.cron import CronTrigger

    fields = (expression or "").split()
    if len(fields) != 5:
        raise ConfigError(
            f"schedule {expression!r}: expected five cron fields "
            "(minute hour day month weekday), e.g. '0 3 * * *'"
        )
    try:
        return CronTrigger.from_crontab(" ".join(fields), timezone=timezone)
    except (ValueError, LookupError) as e:
        raise ConfigError(f"schedule {expression!r}: {e}") from None


def next_runs(
    expression: str, count: int = 3, *, timezone: str = "UTC", now: dt.datetime | None = None
) -> list[dt.datetime]:
    """The next ``count`` times the schedule fires after ``now``."""
    trigger = cron_trigger(expression, timezone)
    current = now or dt.datetime.now(dt.UTC)
    out, previous = [], None
    for _ in range(count):
        fire = trigger.get_next_fire_time(previous, current)
        if fire is None:
            break
        out.append(fire)
        previous, current = fire, fire + dt.timedelta(seconds=1)
    return out


def update_job(
    update_kwargs: dict,
    *,
    progress: Callable[[str], None] | None = None,
    runner: Callable[..., dict] | None = None,
) -> dict | None:
    """One scheduled run: ``run_update(**update_kwargs)``; failures are logged, never raised."""
    from billtracker.jobs.update import run_update

    say = progress or logger.info
    try:
        summary = (runner or run_update)(progress=progress, **update_kwargs)
    except BilltrackerError as e:  # another run holds the lock, bad config...
        say(f"scheduled update not run: {e}")
        return None
    except Exception:  # keep the scheduler alive; the next run will try again
        logger.exception("scheduled update crashed")
        say("scheduled update crashed (see the log); the next run will try again")
        return None
    say(summary["line"])
    return summary


def build_scheduler(
    job: Callable[[], object],
    cron: str,
    *,
    timezone: str = "UTC",
    background: bool = False,
    trigger=None,
):
    """A scheduler running ``job`` on ``cron`` (or ``trigger``), never two at once."""
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler

    cls = BackgroundScheduler if background else BlockingScheduler
    scheduler = cls(timezone=timezone)
    scheduler.add_job(
        job,
        trigger or cron_trigger(cron, timezone),
        id=JOB_ID,
        name="billtracker update",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=3600,
        replace_existing=True,
    )
    return scheduler


def run_scheduled(
    update_kwargs: dict,
    *,
    cron: str | None = None,
    timezone: str = "UTC",
    run_now: bool = False,
    progress: Callable[[str], None] | None = None,
    sources_path=None,
) -> None:
    """Run the update on its schedule until interrupted (Ctrl-C or SIGTERM).

    ``update_kwargs`` are :func:`billtracker.jobs.update.run_update`'s keyword
    arguments (``db_path``, ``published_path``, ``replay``, ``spiders``...).
    """
    cron = cron or schedule_from_sources(sources_path) or DEFAULT_CRON
    say = progress or logger.info
    scheduler = build_scheduler(
        lambda: update_job(update_kwargs, progress=progress), cron, timezone=timezone
    )
    upcoming = ", ".join(t.isoformat() for t in next_runs(cron, 2, timezone=timezone))
    say(f"scheduled: billtracker update at '{cron}' ({timezone}); next: {upcoming}")
    if run_now:
        update_job(update_kwargs, progress=progress)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        say("scheduler stopped")
