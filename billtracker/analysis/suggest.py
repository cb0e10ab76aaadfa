"""Ids close to one that was mistyped: bill and version ids ranked with rapidfuzz."""

from __future__ import annotations

from rapidfuzz import fuzz, process

SUGGEST_CUTOFF = 80


def suggest_ids(db, ref: str, *, limit: int = 5, score_cutoff: float = SUGGEST_CUTOFF) -> list[str]:
    """Bill and version ids in ``db`` that look like ``ref``, best first (may be empty)."""
    ids = [r[0] for r in db.execute("select id from bills union all select id from versions")]
    found = process.extract(ref, ids, scorer=fuzz.ratio, limit=limit, score_cutoff=score_cutoff)
    return [choice for choice, _score, _index in found]
