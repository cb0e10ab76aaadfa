"""Similar bills: near-identical texts across bills (twins, refiled and reintroduced bills).

``build_similar(db)`` indexes every stored version (``compare.similar``) and fills the
``similar_bills`` table with, for each version, the most similar versions of OTHER bills.
``similar_for(db, ref)`` answers for one file, version id or bill id.

The ``similar_bills`` table belongs to the schema (``billtracker.db`` migration m004).
"""

from __future__ import annotations

from collections.abc import Callable

from compare.similar import SimilarityIndex, shared_passages, signature

from . import db as dbmod
from .diff import resolve

TABLE = "similar_bills"
MIN_SIMILARITY = 0.3
PER_VERSION = 10
SAMPLE_CHARS = 300


def _index(db) -> tuple[SimilarityIndex, dict[str, str]]:
    """An index of every stored version and a map version id -> bill id."""
    index, bill_of = SimilarityIndex(), {}
    for vid, bill_id, text in db.execute("select id, bill_id, text from versions order by id"):
        index.add(vid, text)
        bill_of[vid] = bill_id
    return index, bill_of


def _sample(a: str, b: str) -> str:
    passages = shared_passages(a, b, limit=1)
    return passages[0]["text"][:SAMPLE_CHARS] if passages else ""


def build_similar(
    db,
    *,
    progress: Callable[[str], None] | None = None,
    limit: int = PER_VERSION,
    min_similarity: float = MIN_SIMILARITY,
) -> int:
    """Rebuild ``similar_bills``; returns how many rows were written."""
    index, bill_of = _index(db)
    texts = lambda vid: db.execute("select text from versions where id = ?", [vid]).fetchone()[0]  # noqa: E731
    versions_of: dict[str, list[str]] = {}
    for v, b in bill_of.items():
        versions_of.setdefault(b, []).append(v)
    rows, when = [], dbmod.now()
    for n, (vid, sig) in enumerate(index.signatures.items(), 1):
        matches = index.query_signature(sig, limit, exclude=versions_of[bill_of[vid]])
        text = None
        for other, sim in matches:
            if sim < min_similarity:
                continue
            text = text if text is not None else texts(vid)
            rows.append(
                {
                    "version_id": vid,
                    "other_version_id": other,
                    "bill_id": bill_of[vid],
                    "other_bill_id": bill_of[other],
                    "similarity": round(sim, 3),
                    "shared": _sample(text, texts(other)),
                    "created": when,
                }
            )
        if progress and (n % 500 == 0 or n == len(index)):
            progress(f"[{n}/{len(index)}] versions compared")
    with db.atomic():
        db.execute(f"delete from {TABLE}")
        if rows:
            db.table(TABLE).insert_all(rows, pk=("version_id", "other_version_id"))
    return len(rows)


def similar_for(db, ref: str, limit: int = 10) -> list[dict]:
    """The versions of other bills most similar to a file, version id or bill id.

    Uses ``similar_bills`` when it holds rows for a stored version; otherwise compares live
    against every stored version. Each result: ``{"version_id", "bill_id", "similarity",
    "shared"}`` (plus ``other_version_id``/``other_bill_id``, the same ids), best first.
    """
    label, text = resolve(db, ref)
    own = db.execute("select bill_id from versions where id = ?", [label]).fetchone()
    own_bill = own[0] if own else None
    if own and db.table(TABLE).exists():
        rows = db.execute(
            f"select other_version_id, other_bill_id, similarity, shared from {TABLE} "
            "where version_id = ? order by similarity desc, other_version_id limit ?",
            [label, limit],
        ).fetchall()
        if rows:
            return [_row(r[0], r[1], r[2], r[3]) for r in rows]
    index, bill_of = _index(db)
    exclude = [v for v, b in bill_of.items() if own_bill is not None and b == own_bill]
    out = []
    for other, sim in index.query_signature(signature(text), limit, exclude=exclude):
        other_text = db.execute("select text from versions where id = ?", [other]).fetchone()[0]
        out.append(_row(other, bill_of[other], round(sim, 3), _sample(text, other_text)))
    return out


def _row(version_id: str, bill_id: str, similarity: float, shared: str) -> dict:
    """One result; ``other_version_id``/``other_bill_id`` repeat the ids, as in the table."""
    return {
        "version_id": version_id,
        "bill_id": bill_id,
        "other_version_id": version_id,
        "other_bill_id": bill_id,
        "similarity": similarity,
        "shared": shared,
    }
