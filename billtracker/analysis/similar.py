"""Similar bills: near-identical texts across bills (twins, refiled and reintroduced bills).

``update_similar(db)`` keeps the ``similar_bills`` table current in proportion to what is
new: each version's MinHash signature (``compare.similar``) is computed once and stored
(``version_signatures``); only versions without one are looked up, and each match also
enters the other version's list when it is among that version's best. ``build_similar(db)``
starts over. ``similar_for(db, ref)`` answers for one file, version id or bill id.

The tables belong to the schema (``billtracker.storage``, migrations m004 and m007).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from billtracker import storage
from billtracker.analysis.diff import resolve
from compare.similar import NUM_BINS, SimilarityIndex, shared_passages, signature

TABLE = "similar_bills"
MIN_SIMILARITY = 0.3
PER_VERSION = 10
SAMPLE_CHARS = 300


def _pack(sig) -> bytes:
    return np.array(sig, dtype=np.uint64).tobytes()


def _unpack(blob: bytes) -> tuple[int, ...]:
    return tuple(np.frombuffer(blob, dtype=np.uint64, count=NUM_BINS).tolist())


def _sign_new(db, progress) -> list[str]:
    """Compute and store the signatures of versions without one; returns their ids."""
    new = [
        r[0]
        for r in db.execute(
            "select id from versions where id not in (select version_id from version_signatures) "
            "order by id"
        )
    ]
    for start in range(0, len(new), 500):
        ids = new[start : start + 500]
        with db.atomic():
            storage.save_signatures(
                db, {vid: _pack(signature(storage.version_text(db, vid))) for vid in ids}
            )
        if progress:
            progress(f"[{start + len(ids)}/{len(new)}] signatures of new versions")
    return new


def _index(db) -> tuple[SimilarityIndex, dict[str, str]]:
    """An index of every stored signature and a map version id -> bill id."""
    index, bill_of = SimilarityIndex(), {}
    for vid, bill_id, blob in db.execute(
        "select v.id, v.bill_id, s.signature from versions v "
        "join version_signatures s on s.version_id = v.id order by v.id"
    ):
        index.add_signature(vid, _unpack(blob))
        bill_of[vid] = bill_id
    return index, bill_of


class _Samples:
    """The longest passage two versions share, computed once per pair of versions."""

    def __init__(self, db):
        self.db = db
        self.texts: dict[str, str] = {}
        self.done: dict[tuple[str, str], str] = {}

    def text(self, vid: str) -> str:
        if vid not in self.texts:
            self.texts[vid] = storage.version_text(self.db, vid) or ""
        return self.texts[vid]

    def __call__(self, a: str, b: str) -> str:
        """The passage as printed in ``a``."""
        if (a, b) not in self.done:
            found = shared_passages(self.text(a), self.text(b), limit=1)
            if found:
                p = found[0]
                self.done[(a, b)] = p["text"][:SAMPLE_CHARS]
                other = " ".join(self.text(b)[p["b_start"] : p["b_end"]].split())
                self.done.setdefault((b, a), other[:SAMPLE_CHARS])
            else:
                self.done[(a, b)] = self.done[(b, a)] = ""
        return self.done[(a, b)]


def update_similar(
    db,
    *,
    progress: Callable[[str], None] | None = None,
    limit: int = PER_VERSION,
    min_similarity: float = MIN_SIMILARITY,
) -> int:
    """Find similar versions for every version not yet looked up; returns rows written."""
    new = _sign_new(db, progress)
    if not new:
        return 0
    index, bill_of = _index(db)
    versions_of: dict[str, list[str]] = {}
    for v, b in bill_of.items():
        versions_of.setdefault(b, []).append(v)
    best: dict[str, list[tuple[str, float]]] = {}
    for n, vid in enumerate(new, 1):
        matches = index.query_signature(
            index.signatures[vid], limit, exclude=versions_of[bill_of[vid]]
        )
        best[vid] = [(o, round(sim, 3)) for o, sim in matches if sim >= min_similarity]
        if progress and (n % 500 == 0 or n == len(new)):
            progress(f"[{n}/{len(new)}] new versions compared")
    sample, when = _Samples(db), storage.now()
    _add_reverse(db, best, set(new), limit, sample)
    rows = [
        {
            "version_id": vid,
            "other_version_id": other,
            "bill_id": bill_of[vid],
            "other_bill_id": bill_of[other],
            "similarity": sim,
            "shared": sample(vid, other),
            "created": when,
        }
        for vid, matches in best.items()
        for other, sim in matches
    ]
    storage.save_similar(db, rows, replace_versions=sorted(best))
    return len(rows)


def _add_reverse(db, best: dict, new: set[str], limit: int, sample: _Samples) -> None:
    """Each new match (v, o) may also be among the best of o: merge it into o's list
    (the passages already stored for o's other matches are kept, not computed again)."""
    reverse: dict[str, list[tuple[str, float]]] = {}
    for vid in new:
        for other, sim in best[vid]:
            if other not in new:
                reverse.setdefault(other, []).append((vid, sim))
    for other, found in reverse.items():
        stored = db.execute(
            f"select other_version_id, similarity, shared from {TABLE} where version_id = ?",
            [other],
        ).fetchall()
        for o, _, shared in stored:
            sample.done[(other, o)] = shared
        merged = {(o, sim) for o, sim, _ in stored} | set(found)
        best[other] = sorted(merged, key=lambda x: (-x[1], x[0]))[:limit]


def build_similar(
    db,
    *,
    progress: Callable[[str], None] | None = None,
    limit: int = PER_VERSION,
    min_similarity: float = MIN_SIMILARITY,
) -> int:
    """Rebuild ``similar_bills`` from nothing; returns how many rows were written."""
    storage.save_similar(db, [])
    storage.forget_signatures(db)
    return update_similar(db, progress=progress, limit=limit, min_similarity=min_similarity)


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
    index = SimilarityIndex()
    bill_of = {}
    for vid, bill_id, other_text in db.execute("select id, bill_id, text from versions"):
        index.add(vid, other_text)
        bill_of[vid] = bill_id
    exclude = [v for v, b in bill_of.items() if own_bill is not None and b == own_bill]
    out = []
    for other, sim in index.query_signature(signature(text), limit, exclude=exclude):
        sample = shared_passages(text, storage.version_text(db, other), limit=1)
        shared = sample[0]["text"][:SAMPLE_CHARS] if sample else ""
        out.append(_row(other, bill_of[other], round(sim, 3), shared))
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
