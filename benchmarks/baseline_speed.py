"""Scoring throughput of the working tree against an earlier commit, in one run.

    .venv/bin/python benchmarks/baseline_speed.py 3b0403f            # 120 versions, 3 rounds
    .venv/bin/python benchmarks/baseline_speed.py HEAD~5 --count 60 --rounds 5

The same ~20 KB versions (built as ``benchmarks/score_speed.py`` builds them) are scored by
the commit's comparator (extracted with ``git archive`` into a temporary folder) and by the
working tree's, each in a fresh child process on one core. The children take turns, round
by round (each going first every other round), so a busy machine slows both alike. Each child reports its best CPU time per
version; the ratio baseline/current is printed per round and as the median: above 1 means
the working tree scores faster. Both sides must offer ``billtracker.config.load_checklist``
and ``compare.score.score_text``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from score_speed import TEXTS, load_sources, make_version  # noqa: E402

CHILD = r"""
import json, sys, time
root, versions, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, root)
from billtracker.config import load_checklist
from compare.score import score_text
checklist = load_checklist()
texts = json.load(open(versions, encoding="utf-8"))
score_text(texts[0], checklist)  # warm-up: compiled patterns, caches
best = float("inf")
for _ in range(repeats):
    start = time.process_time()
    for text in texts:
        score_text(text, checklist)
    best = min(best, (time.process_time() - start) / len(texts))
print(json.dumps({"cpu_ms_per_version": best * 1000}))
"""


def extract(rev: str, into: Path) -> Path:
    """The tree of ``rev`` (a commit, tag or branch) as plain files under ``into``."""
    archive = into / "tree.tar"
    with archive.open("wb") as out:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", rev], stdout=out, check=False
        )
    if done.returncode:
        raise SystemExit(f"Error: git archive could not read {rev!r} (is it a commit here?)")
    tree = into / "tree"
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    return tree


def measure(root: Path, versions: Path, repeats: int) -> float:
    """Best CPU milliseconds per version of the comparator under ``root``, in a child."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), str(versions), str(repeats)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"Error: scoring under {root} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])["cpu_ms_per_version"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("baseline", help="the commit to compare with (e.g. 3b0403f, HEAD~3)")
    ap.add_argument("--count", type=int, default=120, help="versions (default 120)")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    ap.add_argument("--repeats", type=int, default=3, help="passes per child, best kept")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--size", type=int, default=20_000, help="characters per version (about)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)
    if args.count < 1 or args.rounds < 1 or args.repeats < 1 or args.size < 1000:
        ap.error("--count, --rounds and --repeats must be >= 1, --size >= 1000")
    sources = load_sources(TEXTS)
    texts = [make_version(sources, i, args.seed, args.size) for i in range(args.count)]
    rounds = []
    with tempfile.TemporaryDirectory(prefix="billtracker-baseline-") as tmp:
        base = extract(args.baseline, Path(tmp))
        versions = Path(tmp) / "versions.json"
        versions.write_text(json.dumps(texts), encoding="utf-8")
        for n in range(args.rounds):
            if n % 2:  # each side goes first every other round: no order bias
                new = measure(ROOT, versions, args.repeats)
                old = measure(base, versions, args.repeats)
            else:
                old = measure(base, versions, args.repeats)
                new = measure(ROOT, versions, args.repeats)
            rounds.append({"baseline_ms": round(old, 2), "current_ms": round(new, 2),
                           "ratio": round(old / new, 3)})  # fmt: skip
            if not args.json:
                print(f"round {n + 1}: baseline {old:6.2f} ms/version, current {new:6.2f} "
                      f"ms/version, ratio {old / new:.2f}x", file=sys.stderr, flush=True)  # fmt: skip
    result = {
        "baseline": args.baseline,
        "versions": args.count,
        "rounds": rounds,
        "median_ratio": round(statistics.median(r["ratio"] for r in rounds), 3),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{args.count} versions of ~{args.size:,} characters, {args.rounds} rounds: "
              f"the working tree scores {result['median_ratio']:.2f}x as fast as "
              f"{args.baseline} (median; above 1 is faster)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
