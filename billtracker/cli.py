"""The billtracker command line: one thin command per job, errors as one line.

Over 400 lines because it is the one CLI: each command's options and help text, each
command a few lines calling one function of the package that owns the job.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from billtracker import __version__, storage
from billtracker.errors import BilltrackerError, disk_full, is_disk_full
from billtracker.reviews.commands import replicate as replicate_reviews
from billtracker.reviews.commands import reviews_group
from billtracker.reviews.commands import serve_options as review_serve_options

DB_META = "billtracker.db"


def _remember_db(ctx, param, value):
    """Keep the working database's full path for error messages (``ctx.meta`` is shared)."""
    ctx.meta[DB_META] = str(storage.working_db_path(value).resolve())
    return value


db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    envvar="BILLTRACKER_DB",
    callback=_remember_db,
    help="Working database (default: $BILLTRACKER_DB or data/billtracker.db).",
)
published_option = click.option(
    "--published",
    "published_path",
    type=click.Path(dir_okay=False),
    default=str(storage.DEFAULT_PUBLISHED),
    show_default=True,
    help="The database Datasette serves.",
)
quiet_option = click.option("--quiet", "-q", is_flag=True, help="No progress output.")


class Group(click.Group):
    """A click group that prints expected failures as one line, not a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BilltrackerError as e:
            raise click.ClickException(str(e)) from None
        except Exception as e:
            if not is_disk_full(e):
                raise
            where = getattr(e, "filename", None) or ctx.meta.get(DB_META)
            raise click.ClickException(str(disk_full(where, e))) from None


def _writer(db_path):
    """Wait for the working database's writer lock (held by `update` and every writing
    command); says once on stderr whom it waits for."""
    from billtracker.jobs.lock import writer_lock

    return writer_lock(
        storage.working_db_path(db_path), say=lambda line: click.echo(line, err=True)
    )


def _progress(quiet: bool):
    return None if quiet else (lambda line: click.echo(line, err=True))


@click.group(cls=Group)
@click.version_option(__version__, prog_name="billtracker")
def cli():
    """Track state and local bills that limit immigration enforcement's access to
    data, and score them against the model-policy checklist.

    \b
    Start with:
        billtracker import ../shared/corpus/texts
        billtracker crawl california --replay ../shared/corpus
        billtracker score
        billtracker publish && billtracker serve
    """


@cli.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@quiet_option
def import_(paths, db_path, quiet):
    """Load bill texts from files (.txt .html .pdf .docx) or folders with index.json.

    \b
    Example:
        billtracker import ../shared/corpus/texts
        billtracker import my-draft.docx
    """
    from billtracker.ingest.importer import import_paths

    with _writer(db_path):
        database = storage.open_db(db_path)
        result = import_paths(database, paths, progress=_progress(quiet))
    click.echo(
        f"{result.versions_added} versions added ({result.bills_added} new bills), "
        f"{result.versions_unchanged} unchanged"
    )


@cli.command()
@click.argument("spider")
@click.option(
    "--replay",
    type=click.Path(file_okay=False),
    help="Root of a recorded corpus laid out like ../shared/corpus: crawl offline.",
)
@click.option("--base-url", help="Fetch from this address instead of the official source.")
@click.option(
    "-a",
    "--arg",
    "spider_args",
    multiple=True,
    metavar="NAME=VALUE",
    help="A spider argument, as with `scrapy crawl -a` (e.g. -a client=nyc).",
)
@click.option(
    "-s",
    "--set",
    "scrapy_settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="A Scrapy setting, as with `scrapy crawl -s` (e.g. -s DOWNLOAD_DELAY=2).",
)
@click.option("--verbose", "-v", is_flag=True, help="Show Scrapy's own log (INFO level).")
@click.option("--json", "as_json", is_flag=True, help="Print the run's result as JSON.")
@click.option(
    "--distributed",
    is_flag=True,
    help="Run as a worker sharing one request queue in Redis (items go to `ingest`).",
)
@click.option("--seed", is_flag=True, help="Push the spider's start requests to Redis, then exit.")
@click.option("--redis", "redis_url", envvar="REDIS_URL", help="Redis URL (default: $REDIS_URL).")
@click.option("--forever", is_flag=True, help="With --distributed: wait for work, never close.")
@click.option(
    "--idle-close",
    type=float,
    default=None,
    help="With --distributed: stop after this many seconds with nothing queued (default 5).",
)
@db_option
@quiet_option
def crawl(
    spider,
    replay,
    base_url,
    spider_args,
    scrapy_settings,
    verbose,
    as_json,
    distributed,
    seed,
    redis_url,
    forever,
    idle_close,
    db_path,
    quiet,
):
    """Run a spider live, or offline against recorded responses.

    \b
    Example:
        billtracker crawl california --replay ../shared/corpus
        billtracker crawl legistar -a client=nyc --replay ../shared/corpus
    """
    args = {"base_url": base_url} if base_url else {}
    args.update(_pairs(spider_args, "-a"))
    settings = {"LOG_LEVEL": "INFO" if verbose else "WARNING", **_pairs(scrapy_settings, "-s")}
    if seed:
        from billtracker.distributed.seed import seed as push_seed

        pushed = push_seed(spider, redis_url, settings=settings, **args)
        click.echo(f"{spider}: seeded {pushed['requests']} requests, {pushed['items']} items")
        return
    if not quiet and not distributed:
        click.echo(f"crawl {spider}" + (f" (replay {replay})" if replay else ""), err=True)
    if distributed:
        from billtracker.distributed.worker import run_worker

        if forever or idle_close is not None:
            args["idle_close"] = 0 if forever else idle_close
        result = run_worker(
            spider, redis_url=redis_url, replay=replay, quiet=quiet, settings=settings, **args
        )
    else:
        from billtracker.ingest.crawl import run_spider

        with _writer(db_path):
            result = run_spider(
                spider,
                db_path=storage.working_db_path(db_path),
                replay=replay,
                quiet=quiet,
                settings=settings,
                **args,
            )
    click.echo(json.dumps(result, default=str) if as_json else _crawl_summary(spider, result))
    if result.get("status") == "partial":
        click.echo(
            f"Error: {spider} finished partial: {result.get('errors')} fetches, parses or writes "
            "failed (see `billtracker status` and crawl_errors)",
            err=True,
        )
        sys.exit(3)
    if result.get("status") != "ok":
        if distributed:
            why = result.get("reason")
            if why == "redis_unavailable":
                why = "Redis unreachable; its unfinished requests stay in Redis for the next worker"
            click.echo(f"Error: worker {result.get('worker')} stopped: {why}", err=True)
        sys.exit(1)


def _pairs(values, hint: str) -> dict[str, str]:
    """``NAME=VALUE`` options as a dict; BadParameter for anything else."""
    out = {}
    for pair in values:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint=hint)
        out[name] = value
    return out


def _crawl_summary(spider: str, result: dict) -> str:
    keys = ("status", "items", "versions_added", "errors")
    return f"{spider}: " + ", ".join(f"{k} {result.get(k)}" for k in keys if k in result)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table", "markdown"]),
    default=None,
    help="Output format for scored files (default: table; json when piped).",
)
@click.option("--explain", is_flag=True, help="Show which phrasing matched and which cue decided.")
@click.option(
    "--checklist", "checklist_path", type=click.Path(dir_okay=False), help="Checklist YAML."
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes scoring stored versions in parallel (one writer; same result).",
)
@db_option
@quiet_option
def score(paths, fmt, explain, checklist_path, workers, db_path, quiet):
    """Score files against the checklist, or every unscored version in the database.

    With PATHS, each file is scored standalone and printed; nothing is written.
    Without, every version lacking a score for the current checklist version is
    scored and stored.

    \b
    Example:
        billtracker score bill.txt --format json
        billtracker score
    """
    from billtracker.analysis.formats import scorecards_markdown, scorecards_table
    from billtracker.analysis.scoring import score_database, score_files
    from billtracker.config import load_checklist

    checklist = load_checklist(checklist_path)
    if paths:
        results = score_files(paths, checklist, explain=explain)
        fmt = fmt or ("table" if sys.stdout.isatty() else "json")
        if fmt == "json":
            click.echo(json.dumps(results, indent=2, ensure_ascii=False))
        elif fmt == "markdown":
            click.echo(scorecards_markdown(results, checklist))
        else:
            click.echo(scorecards_table(results, checklist))
        return
    with _writer(db_path):
        database = storage.open_db(db_path)
        n = score_database(database, checklist, workers=workers, progress=_progress(quiet))
    click.echo(f"scored {n} versions (checklist {checklist.version})")


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text")
@click.option(
    "--color/--no-color", default=None, help="Colour the text redline (default: on a terminal)."
)
@db_option
def diff(a, b, fmt, color, db_path):
    """Compare two versions or drafts: redline, item changes, score change.

    A and B are files, version ids (ca/2017-2018/SB54@chaptered) or bill ids
    (their latest version).

    \b
    Example:
        billtracker diff wa/2025-2026/SB5906@original wa/2025-2026/SB5906@engrossed-substitute
        billtracker diff old.txt new.docx --format html > diff.html
    """
    from billtracker.analysis.diff import diff_refs
    from billtracker.analysis.redline import render_html, render_text
    from billtracker.config import load_checklist

    database = storage.open_db(db_path) if _needs_db(a, b) else None
    result = diff_refs(database, a, b, load_checklist())
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    elif fmt == "html":
        click.echo(render_html(result))
    else:
        click.echo(render_text(result, color=sys.stdout.isatty() if color is None else color))


def _needs_db(*refs: str) -> bool:
    return any(not Path(r).exists() for r in refs)


@cli.command()
@click.argument("ref")
@click.option("--limit", default=10, show_default=True)
@db_option
def similar(ref, limit, db_path):
    """The most similar versions anywhere in the database to a bill or version.

    \b
    Example:
        billtracker similar ny/2023-2024/S987
    """
    from billtracker.analysis.diff import resolve
    from billtracker.analysis.similar import similar_for
    from billtracker.analysis.suggest import suggest_ids
    from billtracker.errors import NotFound

    database = storage.open_db(db_path)
    try:
        label, _text = resolve(database, ref)
    except NotFound as ex:
        near = suggest_ids(database, ref)
        hint = f" Did you mean: {', '.join(near)}?" if near else ""
        raise click.ClickException(f"{ex}.{hint}") from None
    found = similar_for(database, ref, limit=limit)
    if not found:
        others = database.execute(
            "select count(*), count(distinct bill_id) from versions where bill_id != "
            "coalesce((select bill_id from versions where id = ?), '')",
            [label],
        ).fetchone()
        click.echo(
            f"No version of another bill shares enough wording with {label} to count as "
            f"similar ({others[0]} versions of {others[1]} other bills compared). Similar "
            "means shared passages of text; to compare what two bills do, use "
            "`billtracker diff A B` or the matrix."
        )
        return
    click.echo(f"Versions of other bills most like {label} (share of wording, 0 to 1):")
    for row in found:
        click.echo(f"{row['similarity']:.2f}  {row['other_version_id']}")


def update_options(f):
    """The options `update` and `schedule` share."""
    options = [
        click.option(
            "--replay",
            type=click.Path(file_okay=False),
            help="Crawl recorded responses from this corpus root.",
        ),
        click.option(
            "--spiders", default="california", show_default=True, help="Comma-separated spiders."
        ),
        click.option("--base-url", help="Fetch every spider from this address."),
        click.option(
            "--alerts", "alerts_path", type=click.Path(dir_okay=False), help="Alerts YAML."
        ),
        click.option("--no-alerts", is_flag=True, help="Queue alerts but send none."),
        click.option("--allow-shrink", is_flag=True, help="Publish even if bills shrink by half."),
        db_option,
        published_option,
        quiet_option,
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _update_kwargs(
    replay, spiders, base_url, alerts_path, no_alerts, allow_shrink, db_path, published_path, quiet
) -> dict:
    """`run_update`'s arguments from the shared options."""
    from billtracker.jobs.alerts import load_alerts

    return {
        "db_path": storage.working_db_path(db_path),
        "published_path": Path(published_path),
        "replay": replay,
        "spiders": [s.strip() for s in spiders.split(",") if s.strip()],
        "spider_args": {"base_url": base_url} if base_url else {},
        "alerts": load_alerts(alerts_path) if alerts_path else None,
        "send_alerts": not no_alerts,
        "allow_shrink": allow_shrink,
        "progress": _progress(quiet),
    }


@cli.command()
@update_options
def update(**options):
    """The scheduled job: crawl, score new versions, diff, record changes, publish, alert.

    Running it again with nothing new at the sources adds nothing. One run at a
    time: a second run exits at once. A failed source is named and the exit
    status is 1; what Datasette serves is only ever replaced by a checked copy.

    \b
    Example:
        billtracker update --replay ../shared/corpus
        billtracker update --spiders california,ny --no-alerts
    """
    from billtracker.jobs.update import run_update

    summary = run_update(**_update_kwargs(**options))
    click.echo(summary["line"])
    sys.exit(summary.get("exit_code", 1 if summary["failed"] else 0))


@cli.command()
@update_options
@click.option("--cron", help="Five-field cron expression (default: sources.yml, else 0 3 * * *).")
@click.option("--timezone", default="UTC", show_default=True)
@click.option("--run-now", is_flag=True, help="Run once at start, then on schedule.")
def schedule(cron, timezone, run_now, **options):
    """Run `update` on a cron schedule in a long-running process (Ctrl-C stops it).

    \b
    Example:
        billtracker schedule --cron "0 */2 * * 1-5" --run-now
    """
    from billtracker.jobs.schedule import run_scheduled

    kwargs = _update_kwargs(**options)
    run_scheduled(
        kwargs, cron=cron, timezone=timezone, run_now=run_now, progress=kwargs["progress"]
    )


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def status(db_path, as_json):
    """Health: the last run of each spider, the last update and publish, alerts.

    \b
    Example:
        billtracker status
    """
    from billtracker.jobs.status import health, health_lines
    from billtracker.jobs.status import status as spider_status

    database = storage.open_db(db_path)
    if as_json:
        report = {"spiders": spider_status(database), "health": health(database)}
        click.echo(json.dumps(report, indent=2, default=str))
        return
    for line in health_lines(health(database)):
        click.echo(line)


@cli.command(name="alerts")
@click.option("--alerts", "alerts_path", type=click.Path(dir_okay=False), help="Alerts YAML.")
@db_option
@quiet_option
def alerts_(alerts_path, db_path, quiet):
    """Send queued and failed alerts again (each change reaches each subscriber once).

    \b
    Example:
        billtracker alerts
    """
    from billtracker.jobs.alerts import deliver, load_alerts

    database = storage.open_db(db_path)
    counts = deliver(database, load_alerts(alerts_path), progress=_progress(quiet))
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))
    if counts.get("failed") or counts.get("abandoned"):
        sys.exit(1)


@cli.command()
@click.option("--redis", "redis_url", envvar="REDIS_URL", help="Redis URL (default: $REDIS_URL).")
@click.option(
    "--forever", is_flag=True, help="Keep waiting for items instead of stopping when idle."
)
@db_option
@quiet_option
def ingest(redis_url, forever, db_path, quiet):
    """The one writer: store the items distributed crawl workers queued in Redis.

    \b
    Example:
        billtracker crawl california --seed --redis redis://127.0.0.1:6379/0
        billtracker crawl california --distributed &   # as many workers as you like
        billtracker ingest
    """
    from billtracker.distributed.ingest import ingest as do_ingest

    with _writer(db_path):
        result = do_ingest(
            storage.working_db_path(db_path),
            redis_url,
            until_idle=not forever,
            progress=_progress(quiet),
        )
    click.echo(
        f"ingested {result['items']} items: {result['stored']} stored, {result['errors']} errors"
    )
    if result["errors"]:
        sys.exit(1)


@cli.command()
@db_option
@published_option
@click.option(
    "--allow-shrink", is_flag=True, help="Publish even if bills or versions shrink by half."
)
@click.option(
    "--to",
    "copies",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Also replace the copy in this folder, atomically (repeatable: one per replica).",
)
@quiet_option
def publish(db_path, published_path, allow_shrink, copies, quiet):
    """Copy the working database to the served one, checked, atomically.

    \b
    Example:
        billtracker publish
    """
    from billtracker.publishing.publish import publish as do_publish

    counts = do_publish(
        storage.working_db_path(db_path),
        Path(published_path),
        progress=_progress(quiet),
        allow_shrink=allow_shrink,
        to=copies,
    )
    replicate_reviews(Path(published_path), copies, None, _progress(quiet))
    click.echo(
        f"published {published_path}: {counts.get('bills', 0)} bills, "
        f"{counts.get('versions', 0)} versions, {counts.get('scores', 0)} scores"
    )


@cli.command()
@published_option
@click.option("--port", default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--reviews",
    type=click.Path(dir_okay=False),
    help="Reviews database (default: beside the published one).",
)
@click.option(
    "--reviewers",
    type=click.Path(dir_okay=False),
    help="Reviewer accounts YAML (default: $BILLTRACKER_REVIEWERS, else data/reviewers.yml).",
)
@click.option(
    "--replica", is_flag=True, help="Serve the reviews read-only (they are written on the primary)."
)
def serve(published_path, port, host, reviews, reviewers, replica):
    """Serve the published database with Datasette (read-only, immutable), and the reviews.

    \b
    Example:
        billtracker serve --port 8001
    """
    from billtracker.publishing.serve import serve as do_serve

    extra = review_serve_options(Path(published_path), reviews, reviewers, replica)
    sys.exit(do_serve(Path(published_path), port=port, host=host, **extra))


cli.add_command(reviews_group)


if __name__ == "__main__":
    cli()
