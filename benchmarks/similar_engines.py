"""Similar-bill engines compared in one run: compare.similar's MinHash against datasketch.

    .venv/bin/pip install datasketch   # only for this measurement; not a dependency
    .venv/bin/python benchmarks/similar_engines.py

Indexes the corpus texts in ``../shared/corpus/texts`` plus 2,000 synthetic bills (as
``benchmarks/update_speed.py`` makes them), then asks each engine for the 10 most similar
texts of every text, both ranking their LSH candidates with numpy, and compares their
estimates with the exact Jaccard similarity of the corpus texts' shingles.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.update_speed import text_for  # noqa: E402
from compare import similar  # noqa: E402

TEXTS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "texts"


def load() -> dict[str, str]:
    texts = {p.name: p.read_text(errors="replace") for p in sorted(TEXTS.glob("*.txt"))}
    rng = random.Random(7)
    texts.update({f"synthetic-{i}": text_for(i, rng) for i in range(2000)})
    return texts


def top(ids, pos, matrix, own, candidates) -> list[tuple[str, float]]:
    candidates = [c for c in candidates if c != own]
    if not candidates:
        return []
    rows = np.fromiter((pos[c] for c in candidates), dtype=np.int64, count=len(candidates))
    est = (matrix[rows] == matrix[pos[own]]).mean(axis=1)
    return sorted(zip(candidates, est.tolist(), strict=True), key=lambda x: (-x[1], x[0]))[:10]


def ours(texts):
    start = time.perf_counter()
    index = similar.SimilarityIndex()
    for id_, text in texts.items():
        index.add(id_, text)
    built = time.perf_counter() - start
    start = time.perf_counter()
    found = {i: index.query_signature(index.signatures[i], 10, exclude=[i]) for i in texts}
    return built, time.perf_counter() - start, found


def theirs(texts):
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    lsh, hashes = MinHashLSH(threshold=0.3, num_perm=128), {}
    for id_, text in texts.items():
        m = MinHash(num_perm=128)
        m.update_batch([h.to_bytes(8, "little") for h in similar.shingles(text)])
        hashes[id_] = m
        lsh.insert(id_, m)
    built = time.perf_counter() - start
    ids = list(texts)
    pos = {i: n for n, i in enumerate(ids)}
    matrix = np.array([hashes[i].hashvalues for i in ids])
    start = time.perf_counter()
    found = {i: top(ids, pos, matrix, i, lsh.query(hashes[i])) for i in ids}
    return built, time.perf_counter() - start, found


def error(texts, found) -> float:
    real = [i for i in texts if not i.startswith("synthetic-")]
    diffs = Counter()
    for i in real:
        for other, estimate in found[i][:3]:
            diffs["sum"] += abs(estimate - similar.jaccard(texts[i], texts[other]))
            diffs["n"] += 1
    return diffs["sum"] / max(diffs["n"], 1)


def main() -> int:
    texts = load()
    print(f"{len(texts)} texts")
    built, queried, found = ours(texts)
    print(f"compare.similar: signatures + index {built:.2f}s, all queries {queried:.2f}s")
    print(f"  mean |estimate - exact Jaccard| of the top 3: {error(texts, found):.3f}")
    try:
        built2, queried2, found2 = theirs(texts)
    except ImportError:
        print("datasketch is not installed: pip install datasketch to compare")
        return 0
    print(f"datasketch:      signatures + index {built2:.2f}s, all queries {queried2:.2f}s")
    print(f"  mean |estimate - exact Jaccard| of the top 3: {error(texts, found2):.3f}")
    print(
        f"ratios datasketch / ours: build {built2 / built:.1f}x, queries {queried2 / queried:.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
