"""The scheduled job: crawl -> score new versions -> diff -> record changes -> publish."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import db as dbmod
from .config import load_checklist
from .crawl import run_spider
from .errors import BilltrackerError
from .publish import publish
from .scoring import score_database

Progress = Callable[[str], None] | None


def run_update(
    *,
    db_path: Path,
    published_path: Path,
    replay: str | None = None,
    spiders: list[str] | None = None,
    progress: Progress = None,
) -> dict:
    """Run every step; a failed source is reported but the other steps still run."""
    say = progress or (lambda line: None)
    checklist = load_checklist()
    failed: list[str] = []
    crawled = {}
    for spider in spiders or []:
        say(f"crawl {spider}" + (f" (replay {replay})" if replay else ""))
        result = run_spider(spider, db_path=db_path, replay=replay, quiet=progress is None)
        crawled[spider] = result
        if result.get("status") != "ok":
            failed.append(spider)
            say(f"crawl {spider} failed: {result.get('errors', 0)} errors (see crawl_errors)")
    database = dbmod.open_db(db_path)
    new_versions = record_new_versions(database)
    say("score new versions")
    scored = score_database(database, checklist, progress=progress)
    say("diff consecutive versions")
    diffed = _diff(database, checklist, progress)
    database.close()
    say(f"publish {published_path}")
    try:
        counts = publish(db_path, published_path, progress=progress)
    except BilltrackerError as e:
        failed.append("publish")
        say(f"publish failed: {e}")
        counts = {}
    line = (
        f"update: {new_versions} new versions, {scored} scored, {diffed} diffs, "
        f"{counts.get('bills', 0)} bills published"
        + (f"; FAILED: {', '.join(failed)}" if failed else "")
    )
    return {"line": line, "failed": failed, "crawled": crawled, "scored": scored}


def record_new_versions(database) -> int:
    """Record a 'new_bill' and a 'new_version' change for anything not yet announced."""
    count = "select count(*) from changes where kind = 'new_version'"
    before = database.execute(count).fetchone()[0]
    rows = database.execute(
        """select v.id, v.bill_id, v.label, v.date, v.ordinal, b.title
           from versions v join bills b on b.id = v.bill_id
           order by v.bill_id, v.ordinal"""
    ).fetchall()
    with database.atomic():
        for version_id, bill_id, label, date, ordinal, title in rows:
            if ordinal == 1:
                dbmod.record_change(
                    database,
                    bill_id=bill_id,
                    kind="new_bill",
                    detail=f"New bill: {title or bill_id}",
                )
            dbmod.record_change(
                database,
                bill_id=bill_id,
                version_id=version_id,
                kind="new_version",
                detail=f"New version of {bill_id}: {label or version_id}"
                + (f" ({date})" if date else ""),
            )
    return database.execute(count).fetchone()[0] - before


def _diff(database, checklist, progress) -> int:
    """Diff consecutive versions (the diff module records item changes)."""
    from .diff import diff_database

    return diff_database(database, checklist, progress=progress)
