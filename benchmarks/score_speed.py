"""Scoring throughput and memory: many ~20 KB versions scored end to end on one core.

Run from the repository root:

    .venv/bin/python benchmarks/score_speed.py              # 1,000 versions, 30 for difflib
    .venv/bin/python benchmarks/score_speed.py --count 200  # a quicker run

Versions are built deterministically (``--seed``) from the shared bill texts in
``../shared/corpus/texts``: paragraphs from several texts are concatenated to
about ``--size`` characters, then perturbed (blocks shuffled, words substituted,
numbers changed). Generation is timed apart from scoring. Every version is
scored with ``compare.score.score_text`` and the project checklist in this one
process, one thread. Reported: versions/second,
wall and CPU time (CPU time is what a busy machine cannot inflate), peak RSS
(``resource.getrusage``) and the current RSS after a quarter, half and
all of the versions, to show memory stays flat.

In the same run the first ``--subset`` versions are scored again with the
comparator's fuzzy matching (``similarity=``, which ranks rule-matched
provisions against exemplar phrasings, and ``sweep=``, which compares every
provision with every exemplar) done by a difflib ratio
(``SequenceMatcher(None, a, b).ratio() * 100``) and by the default rapidfuzz
scorers (``token_set_ratio``, ``ratio``), and both throughputs and
their ratio are printed, with the calls to and time spent inside each similarity
function (its share of scoring time bounds what the choice of function can gain).

Targets printed beside the results: 1,000 versions in under 30 s (for another
``--count``, the same rate: 33.3 versions/s), and rapidfuzz scoring at least 20x
the difflib throughput. ``--check`` makes a missed target exit with status 1
(timings depend on the machine and its load, so the default is to report only).
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from billtracker.config import load_checklist  # noqa: E402
from compare.score import score_text  # noqa: E402

TEXTS = ROOT / ".." / "shared" / "corpus" / "texts"  # ../shared from the repository root
TARGET_SECONDS_PER_1000 = 30.0
TARGET_DIFFLIB_RATIO = 20.0
SUBSTITUTIONS = {
    "agency": "department",
    "department": "agency",
    "information": "data",
    "individual": "person",
    "person": "individual",
    "officer": "official",
    "shall": "must",
    "county": "city",
    "state": "commonwealth",
    "federal": "national",
    "records": "files",
}
_WORD = re.compile(r"\b(" + "|".join(sorted(SUBSTITUTIONS, key=len, reverse=True)) + r")\b", re.I)
_NUMBER = re.compile(r"\b\d{1,4}\b")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")


def difflib_similarity(a: str, b: str) -> float:
    """The difflib equivalent of a 0-100 rapidfuzz score."""
    return difflib.SequenceMatcher(None, a, b).ratio() * 100


def load_sources(folder: Path) -> list[list[str]]:
    """Each shared text as a list of paragraphs (lines, when it has no blank lines)."""
    sources = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        blocks = [b for b in _PARAGRAPH.split(text) if b.strip()]
        if len(blocks) < 4:
            blocks = [ln for ln in text.splitlines() if ln.strip()]
        if blocks:
            sources.append(blocks)
    if not sources:
        raise SystemExit(f"no bill texts in {folder}")
    return sources


def make_version(sources: list[list[str]], index: int, seed: int, size: int) -> str:
    """One deterministic perturbed version of about ``size`` characters."""
    rng = random.Random(seed * 1_000_003 + index)
    first = index % len(sources)
    blocks: list[str] = []
    total, n = 0, 0
    while total < size:
        source = sources[first] if n == 0 else rng.choice(sources)
        start = 0 if n == 0 else rng.randrange(len(source))
        for block in source[start:]:
            blocks.append(block)
            total += len(block) + 2
            if total >= size:
                break
        n += 1
    for _ in range(max(1, len(blocks) // 4)):  # shuffle sections: swap a quarter of the blocks
        i, j = rng.randrange(len(blocks)), rng.randrange(len(blocks))
        blocks[i], blocks[j] = blocks[j], blocks[i]
    text = "\n\n".join(blocks)[: size + 2000]

    def substitute(m: re.Match) -> str:
        if rng.random() >= 0.3:
            return m.group(0)
        word = SUBSTITUTIONS[m.group(0).lower()]
        return word.upper() if m.group(0).isupper() else word

    def renumber(m: re.Match) -> str:
        if rng.random() >= 0.2:
            return m.group(0)
        return str(int(m.group(0)) + rng.randint(1, 9))

    text = _WORD.sub(substitute, text)
    return _NUMBER.sub(renumber, text)


def current_rss_mb() -> float:
    """Resident set size now (Linux /proc), in MB; falls back to the peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def peak_rss_mb() -> float:
    """Peak resident set size of this process, in MB (ru_maxrss is KB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class TimedSimilarity:
    """Wraps a similarity function, counting its calls and the time spent inside it."""

    def __init__(self, fn):
        self.fn, self.calls, self.seconds = fn, 0, 0.0

    def __call__(self, a: str, b: str, **_: object) -> float:
        t0 = time.perf_counter()
        try:
            return self.fn(a, b)
        finally:
            self.seconds += time.perf_counter() - t0
            self.calls += 1


def run(count: int, subset: int, seed: int, size: int) -> dict:
    checklist = load_checklist()
    sources = load_sources(TEXTS)
    score_text(make_version(sources, 0, seed + 1, size), checklist)  # warm-up, not timed

    checkpoints = sorted({max(1, count // 4), max(1, count // 2), count})
    rss_at: dict[int, dict] = {}
    digest = hashlib.sha256()
    generate_s = score_s = score_cpu_s = 0.0
    chars = 0
    subset_texts: list[str] = []
    started = time.perf_counter()
    for i in range(count):
        t0 = time.perf_counter()
        text = make_version(sources, i, seed, size)
        t1, c1 = time.perf_counter(), time.process_time()
        card = score_text(text, checklist)
        t2, c2 = time.perf_counter(), time.process_time()
        generate_s += t1 - t0
        score_s += t2 - t1
        score_cpu_s += c2 - c1
        chars += len(text)
        digest.update(text.encode("utf-8"))
        if len(card.items) != len(checklist.items):
            raise SystemExit(
                f"version {i}: {len(card.items)} judgements, expected {len(checklist)}"
            )
        if i < subset:
            subset_texts.append(text)
        if i + 1 in checkpoints:
            rss_at[i + 1] = {
                "rss_mb": round(current_rss_mb(), 1),
                "peak_mb": round(peak_rss_mb(), 1),
            }
    wall_s = time.perf_counter() - started
    subset_texts = subset_texts[:subset]

    def timed(similarity, sweep, *, wrap: bool) -> tuple[float, TimedSimilarity]:
        """Score the subset with these matching functions (wrapped to count their time)."""
        wrapped = TimedSimilarity(similarity)
        wrapped_sweep = TimedSimilarity(sweep)
        kwargs = (
            {"similarity": wrapped, "sweep": wrapped_sweep}
            if wrap
            else {"similarity": similarity, "sweep": sweep}
        )
        t0 = time.perf_counter()
        for text in subset_texts:
            score_text(text, checklist, **kwargs)
        wrapped.calls += wrapped_sweep.calls
        wrapped.seconds += wrapped_sweep.seconds
        return time.perf_counter() - t0, wrapped

    # the same matching (exemplar ranking and the nearest-phrasing sweep) with difflib
    difflib_s, difflib_fn = timed(difflib_similarity, difflib_similarity, wrap=True)
    # rapidfuzz's own scorers, unwrapped, as score_text runs them; then wrapped to count
    rapidfuzz_s, _ = timed(fuzz.token_set_ratio, fuzz.ratio, wrap=False)
    _, rapidfuzz_fn = timed(fuzz.token_set_ratio, fuzz.ratio, wrap=True)
    n = len(subset_texts)
    rate = count / score_s if score_s else float("inf")
    rapidfuzz_rate = n / rapidfuzz_s if rapidfuzz_s else float("inf")
    difflib_rate = n / difflib_s if difflib_s else float("inf")
    ratio = rapidfuzz_rate / difflib_rate if difflib_rate else float("inf")
    projected_1000 = 1000 / rate if rate else float("inf")
    cpu_rate = count / score_cpu_s if score_cpu_s else float("inf")
    result = {
        "count": count,
        "seed": seed,
        "cpu": "one process, one thread",
        "mean_chars": round(chars / count) if count else 0,
        "versions_digest": digest.hexdigest()[:16],
        "generate_seconds": round(generate_s, 2),
        "score_seconds": round(score_s, 2),
        "wall_seconds": round(wall_s, 2),
        "score_cpu_seconds": round(score_cpu_s, 2),
        "versions_per_second": round(rate, 2),
        "versions_per_cpu_second": round(cpu_rate, 2),
        "projected_seconds_per_1000": round(projected_1000, 1),
        "projected_cpu_seconds_per_1000": round(1000 / cpu_rate, 1) if cpu_rate else 0.0,
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else [],
        "rss": {str(k): v for k, v in rss_at.items()},
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "subset": n,
        "rapidfuzz_versions_per_second": round(rapidfuzz_rate, 2),
        "difflib_versions_per_second": round(difflib_rate, 2),
        "rapidfuzz_over_difflib": round(ratio, 2),
        "similarity_calls": rapidfuzz_fn.calls,
        "similarity_seconds": {
            "rapidfuzz": round(rapidfuzz_fn.seconds, 4),
            "difflib": round(difflib_fn.seconds, 4),
        },
        "similarity_share_of_scoring": round(rapidfuzz_fn.seconds / rapidfuzz_s, 4)
        if rapidfuzz_s
        else 0.0,
        "similarity_function_speedup": round(difflib_fn.seconds / rapidfuzz_fn.seconds, 2)
        if rapidfuzz_fn.seconds
        else 0.0,
        "targets": {
            "seconds_per_1000": TARGET_SECONDS_PER_1000,
            "rapidfuzz_over_difflib": TARGET_DIFFLIB_RATIO,
        },
    }
    misses = []
    if projected_1000 >= TARGET_SECONDS_PER_1000:
        misses.append(
            f"1,000 versions take {projected_1000:.1f} s (target < {TARGET_SECONDS_PER_1000:.0f} s)"
        )
    if ratio < TARGET_DIFFLIB_RATIO:
        misses.append(f"rapidfuzz is {ratio:.2f}x difflib (target >= {TARGET_DIFFLIB_RATIO:.0f}x)")
    result["misses"] = misses
    return result


def print_report(r: dict) -> None:
    t = r["targets"]
    ok = (
        "meets target"
        if r["projected_seconds_per_1000"] < t["seconds_per_1000"]
        else "MISSES TARGET"
    )
    print(
        f"Scored {r['count']} versions (mean {r['mean_chars']:,} chars, seed {r['seed']}, "
        f"digest {r['versions_digest']}), {r['cpu']}"
    )
    print(f"  generation (not in the rate)  {r['generate_seconds']:8.2f} s")
    print(
        f"  scoring                       {r['score_seconds']:8.2f} s wall, "
        f"{r['score_cpu_seconds']:.2f} s CPU (load average {r['load_average']})"
    )
    print(f"  wall, generation + scoring    {r['wall_seconds']:8.2f} s")
    print(
        f"  throughput                    {r['versions_per_second']:8.2f} versions/s wall, "
        f"{r['versions_per_cpu_second']:.2f} per CPU second"
    )
    print(
        f"  time for 1,000 versions       {r['projected_seconds_per_1000']:8.1f} s   "
        f"target < {t['seconds_per_1000']:.0f} s: {ok} "
        f"(CPU time alone: {r['projected_cpu_seconds_per_1000']:.1f} s)"
    )
    print("  memory (current RSS / peak RSS after n versions):")
    for n, m in r["rss"].items():
        print(f"    after {int(n):5}               {m['rss_mb']:8.1f} MB / {m['peak_mb']:.1f} MB")
    print(f"  peak RSS                      {r['peak_rss_mb']:8.1f} MB")
    ok = (
        "meets target"
        if r["rapidfuzz_over_difflib"] >= t["rapidfuzz_over_difflib"]
        else "MISSES TARGET"
    )
    print(f"Similarity function, same {r['subset']} versions:")
    print(f"  rapidfuzz token_set_ratio     {r['rapidfuzz_versions_per_second']:8.2f} versions/s")
    print(f"  difflib SequenceMatcher       {r['difflib_versions_per_second']:8.2f} versions/s")
    print(
        f"  ratio                         {r['rapidfuzz_over_difflib']:8.2f}x   "
        f"target >= {t['rapidfuzz_over_difflib']:.0f}x: {ok}"
    )
    print(
        f"  inside the similarity function: {r['similarity_calls']} calls; "
        f"rapidfuzz {r['similarity_seconds']['rapidfuzz']:.3f} s "
        f"({100 * r['similarity_share_of_scoring']:.1f}% of its scoring time), "
        f"difflib {r['similarity_seconds']['difflib']:.3f} s "
        f"(the function alone: rapidfuzz {r['similarity_function_speedup']:.1f}x faster)"
    )
    if r["misses"]:
        print("Missed targets:")
        for miss in r["misses"]:
            print(f"  - {miss}")
    else:
        print("Every target met.")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000, help="versions to score (default 1000)")
    ap.add_argument("--subset", type=int, default=30, help="versions for the difflib comparison")
    ap.add_argument("--seed", type=int, default=2026, help="seed for the perturbations")
    ap.add_argument("--size", type=int, default=20_000, help="characters per version (about)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)
    if args.count < 1 or args.subset < 0 or args.size < 1000:
        ap.error("--count must be >= 1, --subset >= 0, --size >= 1000")
    result = run(args.count, min(args.subset, args.count), args.seed, args.size)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_report(result)
    return 1 if args.check and result["misses"] else 0


if __name__ == "__main__":
    sys.exit(main())
