"""The scoring job: score files standalone, or every unscored version in the database.

Each version is scored once per checklist version: everything else (diffs, the compare
page, changes and alerts) reads the stored scorecard (``analysis.scorecards``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from billtracker import storage
from billtracker.analysis.relevance import mark_relevance
from billtracker.analysis.scorecards import scorecard_dict
from billtracker.text.extract import read_text
from compare.checklist import Checklist
from compare.score import Scorecard, score_text
from compare.sections import split_sections

MAX_TEXT_CHARS = 12_000_000
BATCH = 50  # versions stored per transaction


def score_files(paths: Iterable[str], checklist: Checklist, *, explain: bool = False) -> list[dict]:
    """Score each file standalone, in input order; nothing is written anywhere."""
    results = []
    for path in paths:
        text = read_text(path)
        results.append(scorecard_dict(score_text(text, checklist), str(path), explain=explain))
    return results


def unscored_versions(db, checklist_version: str) -> list[str]:
    """Ids of versions with no score for this checklist version."""
    rows = db.execute(
        """select id from versions where id not in (
             select version_id from version_scores where checklist_version = ?)
           order by bill_id, ordinal""",
        [checklist_version],
    ).fetchall()
    return [r[0] for r in rows]


def score_version(db, version_id: str, checklist: Checklist) -> Scorecard:
    """Score one stored version and write its sections, scores and overall score."""
    text = storage.version_text(db, version_id)
    card = score_text(text, checklist)
    with db.atomic():
        store_scorecard(db, version_id, card, split_sections(text))
    mark_relevance(db, checklist)
    return card


def store_scorecard(
    db, version_id: str, card: Scorecard, sections, when: str | None = None
) -> None:
    """Write a scorecard through storage, in the one scorecard shape."""
    card_dict = scorecard_dict(card, explain=True, offsets=True)
    storage.write_scores(db, version_id, card_dict, sections, when)


write_scores = store_scorecard  # its name when this module was billtracker/scoring.py


def score_database(
    db,
    checklist: Checklist,
    *,
    workers: int = 1,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Score every version that has no score for the current checklist version.

    With ``workers`` > 1 the texts are scored by that many processes
    (``multiprocessing``); this process reads the texts and is the only writer,
    storing results in the same order as one worker would, so the stored rows
    are the same (but for their timestamps).
    """
    storage.save_checklist(db, checklist)
    pending = unscored_versions(db, checklist.version)
    started = dt.datetime.now()
    if workers > 1 and len(pending) > 1:
        _score_in_parallel(db, checklist, pending, workers, progress)
    else:
        for start in range(0, len(pending), BATCH):
            with db.atomic():  # one transaction per batch of versions
                for n, version_id in enumerate(pending[start : start + BATCH], start + 1):
                    text = storage.version_text(db, version_id)
                    card = score_text(text, checklist)
                    store_scorecard(db, version_id, card, split_sections(text))
                    if progress:
                        progress(f"[{n}/{len(pending)}] {version_id}: score {card.score}")
    mark_relevance(db, checklist)
    if progress and pending:
        seconds = (dt.datetime.now() - started).total_seconds()
        how = f" with {workers} workers" if workers > 1 and len(pending) > 1 else ""
        progress(f"scored {len(pending)} versions in {seconds:.1f}s{how}")
    return len(pending)


_worker_checklist: Checklist | None = None


def _init_worker(checklist: Checklist) -> None:
    global _worker_checklist
    _worker_checklist = checklist


def _score_one(job: tuple[str, str]) -> tuple[str, Scorecard, list]:
    version_id, text = job
    return version_id, score_text(text, _worker_checklist), split_sections(text)


def _score_in_parallel(db, checklist, pending: list[str], workers: int, progress) -> None:
    import multiprocessing

    workers = min(workers, len(pending))
    batch = workers * 8  # texts read ahead: bounded memory, workers kept busy
    context = multiprocessing.get_context("spawn")  # no inherited database handles or threads
    n = 0
    with context.Pool(workers, initializer=_init_worker, initargs=(checklist,)) as pool:
        for start in range(0, len(pending), batch):
            ids = pending[start : start + batch]
            jobs = [
                (vid, db.execute("select text from versions where id = ?", [vid]).fetchone()[0])
                for vid in ids
            ]
            with db.atomic():
                for version_id, card, sections in pool.imap(_score_one, jobs):
                    store_scorecard(db, version_id, card, sections)
                    n += 1
                    if progress:
                        progress(f"[{n}/{len(pending)}] {version_id}: score {card.score}")


def read_input_text(path: str) -> str:
    """A text to score, read through the shared loader (clear errors for bad files)."""
    return read_text(Path(path))
