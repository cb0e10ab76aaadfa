"""The scoring job: score files standalone, or every unscored version in the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from billtracker import storage
from billtracker.text.extract import read_text
from compare.checklist import Checklist
from compare.score import Scorecard, score_text
from compare.sections import split_sections

MAX_TEXT_CHARS = 12_000_000


def scorecard_dict(card: Scorecard, source: str, *, explain: bool = False) -> dict:
    """The JSON contract of ``billtracker score --format json`` for one input."""
    items = []
    for j in card.items:
        item = {
            "id": j.item_id,
            "label": j.label,
            "confidence": j.confidence,
            "evidence": [{"section": e.section, "quote": e.quote} for e in j.evidence],
        }
        if explain:
            item["explanation"] = j.explanation
        items.append(item)
    out = {
        "source": source,
        "score": card.score,
        "categories": card.categories,
        "checklist_version": card.checklist_version,
        "items": items,
    }
    if card.warnings:
        out["warnings"] = list(card.warnings)
    return out


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
    text = db.execute("select text from versions where id = ?", [version_id]).fetchone()[0]
    card = score_text(text, checklist)
    write_scores(db, version_id, card, split_sections(text))
    return card


def write_scores(db, version_id: str, card: Scorecard, sections, when: str | None = None) -> None:
    """Store one version's sections, item scores and overall score (replacing earlier ones)."""
    when = when or storage.now()
    with db.atomic():
        db.execute("delete from sections where version_id = ?", [version_id])
        db.table("sections").insert_all(
            [
                {
                    "id": f"{version_id}#{s.ordinal}",
                    "version_id": version_id,
                    "ordinal": s.ordinal,
                    "citation": s.citation,
                    "heading": s.heading,
                    "text": s.text,
                    "start": s.start,
                    "end": s.end,
                }
                for s in sections
            ],
            pk="id",
        )
        db.table("scores").upsert_all(
            [_score_row(version_id, j, card.checklist_version, when) for j in card.items],
            pk=("version_id", "item_id", "checklist_version"),
        )
        db.table("version_scores").upsert(
            {
                "version_id": version_id,
                "checklist_version": card.checklist_version,
                "score": card.score,
                "categories": storage.as_json(card.categories),
                "warnings": storage.as_json(list(card.warnings)),
                "scored_at": when,
            },
            pk=("version_id", "checklist_version"),
        )


def _score_row(version_id: str, j, checklist_version: str, when: str) -> dict:
    first = j.evidence[0] if j.evidence else None
    return {
        "version_id": version_id,
        "item_id": j.item_id,
        "checklist_version": checklist_version,
        "label": j.label,
        "confidence": j.confidence,
        "section_id": None,
        "citation": first.section if first else None,
        "quote": first.quote if first else None,
        "evidence": storage.as_json([e.__dict__ for e in j.evidence]),
        "explanation": storage.as_json(j.explanation),
        "scored_at": when,
    }


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
        for n, version_id in enumerate(pending, 1):
            card = score_version(db, version_id, checklist)
            if progress:
                progress(f"[{n}/{len(pending)}] {version_id}: score {card.score}")
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
            for version_id, card, sections in pool.imap(_score_one, jobs):
                write_scores(db, version_id, card, sections)
                n += 1
                if progress:
                    progress(f"[{n}/{len(pending)}] {version_id}: score {card.score}")


def read_input_text(path: str) -> str:
    """A text to score, read through the shared loader (clear errors for bad files)."""
    return read_text(Path(path))
