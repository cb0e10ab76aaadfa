"""Speed of the version comparison tools, each against a baseline in the same run.

Run from the repository root (needs the shared corpus beside it, ../shared/corpus/texts):

    .venv/bin/python benchmarks/diff_speed.py

1. Redline: ``compare.redline.redline`` of two ~200 KB versions (built from the shared texts
   with word-level perturbations: substitutions, deletions, insertions and a moved block)
   against ``difflib.HtmlDiff().make_file`` on the same pair. Target: >= 10x faster, < 1 s.
2. Similar bills: ``compare.similar.SimilarityIndex.query`` over 10,000 synthetic versions
   (passages of the shared texts, each perturbed), p95 latency over 200 queries, against a
   brute-force ``rapidfuzz.fuzz.ratio`` of the query against every version (timed on a few
   queries). Target: p95 < 200 ms and >= 50x faster.
"""

from __future__ import annotations

import difflib
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from compare.redline import redline  # noqa: E402
from compare.similar import SimilarityIndex  # noqa: E402

TEXTS = ROOT.parent / "shared" / "corpus" / "texts"


def corpus() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob("*.txt"))]
    if not texts:
        sys.exit(f"no texts in {TEXTS}")
    return texts


def perturb(text: str, rng: random.Random, rate: float = 0.01) -> str:
    """Substitute, delete and insert words at ``rate`` each; move one block of lines."""
    out = []
    for token in text.split(" "):
        r = rng.random()
        if r < rate:
            out.append("amended")
        elif r < 2 * rate:
            continue
        elif r < 3 * rate:
            out.extend([token, "notwithstanding"])
        else:
            out.append(token)
    lines = " ".join(out).split("\n")
    if len(lines) > 40:
        i = rng.randrange(len(lines) - 20)
        block = lines[i : i + 10]
        del lines[i : i + 10]
        j = rng.randrange(len(lines))
        lines[j:j] = block
    return "\n".join(lines)


def bench_redline(texts: list[str], rng: random.Random) -> dict:
    base = "\n\n".join(texts)
    a = (base * (200_000 // len(base) + 1))[:200_000]
    b = perturb(a, rng)
    started = time.perf_counter()
    ops = redline(a, b)
    ours = time.perf_counter() - started
    started = time.perf_counter()
    difflib.HtmlDiff().make_file(a.splitlines(), b.splitlines())
    baseline = time.perf_counter() - started
    return {
        "chars": (len(a), len(b)),
        "runs": len(ops),
        "ours_s": ours,
        "difflib_s": baseline,
        "ratio": baseline / ours,
    }


def bench_similar(
    texts: list[str], rng: random.Random, n: int = 10_000, queries: int = 200
) -> dict:
    words = " ".join(texts).split()
    versions = {}
    for k in range(n):
        start = rng.randrange(len(words) - 700)
        passage = " ".join(words[start : start + rng.randrange(150, 700)])
        versions[f"v{k}"] = perturb(passage, rng, rate=0.02)
    started = time.perf_counter()
    index = SimilarityIndex()
    for key, text in versions.items():
        index.add(key, text)
    build = time.perf_counter() - started
    keys = list(versions)
    probes = [perturb(versions[rng.choice(keys)], rng, rate=0.02) for _ in range(queries)]
    latencies = []
    for probe in probes:
        started = time.perf_counter()
        index.query(probe, 10)
        latencies.append(time.perf_counter() - started)
    latencies.sort()
    p95 = latencies[int(0.95 * len(latencies)) - 1]
    choices = list(versions.values())
    brute = []
    for probe in probes[:3]:
        started = time.perf_counter()
        process.extract(probe, choices, scorer=fuzz.ratio, limit=10)
        brute.append(time.perf_counter() - started)
    brute_median = statistics.median(brute)
    return {
        "versions": n,
        "build_s": build,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * p95,
        "brute_ms": 1000 * brute_median,
        "ratio_vs_p95": brute_median / p95,
    }


def main() -> None:
    rng = random.Random(2026)
    texts = corpus()
    r = bench_redline(texts, rng)
    print(
        f"redline {r['chars'][0]:,} vs {r['chars'][1]:,} chars: ours {r['ours_s']:.3f} s "
        f"({r['runs']} runs), difflib.HtmlDiff {r['difflib_s']:.3f} s, {r['ratio']:.1f}x faster "
        f"(target >= 10x and < 1 s: {'OK' if r['ratio'] >= 10 and r['ours_s'] < 1 else 'MISSED'})"
    )
    s = bench_similar(texts, rng)
    print(
        f"similar: {s['versions']:,} versions indexed in {s['build_s']:.1f} s; query p50 "
        f"{s['p50_ms']:.2f} ms, p95 {s['p95_ms']:.2f} ms; brute-force rapidfuzz ratio "
        f"{s['brute_ms']:.0f} ms per query; {s['ratio_vs_p95']:.0f}x faster at p95 "
        f"(target p95 < 200 ms and >= 50x: "
        f"{'OK' if s['p95_ms'] < 200 and s['ratio_vs_p95'] >= 50 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
