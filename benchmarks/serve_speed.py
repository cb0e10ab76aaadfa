"""How fast the published site answers: bill pages, a faceted table and a search, under load.

Run from the repository root:

    .venv/bin/python benchmarks/serve_speed.py                   # 10,000 bills, 30,000 versions
    .venv/bin/python benchmarks/serve_speed.py --bills 2000 --requests 300 --threads 4

A synthetic published database is built with sqlite-utils (``--bills`` bills of three
versions each, 29 scores per version, a few sections per version, full-text search and
the matrix table as ``billtracker publish`` builds them), then served by a real ``datasette serve`` process
with the command ``billtracker serve`` runs (metadata, plugins, templates, public
settings, immutable). A bounded pool of ``--threads`` threads sends ``--requests``
requests of each kind (after a warm-up):

- ``bill``: ``/bill/{id}``, a random bill's page (scorecard, text, history);
- ``facets``: ``/{database}/bills?jurisdiction_id=..`` with the default facets (the
  database is named after the file, ``published`` unless ``--db`` names another);
- ``search``: ``/search?q=..`` over bills, versions and sections (snippets);
- ``matrix``: ``/matrix?jurisdiction=..``, the first page of one jurisdiction's bills by
  checklist item (read from ``matrix_rows``, built as ``billtracker publish`` builds it);
- ``compare``: ``/compare?a=..&b=..``, two different bills side by side.

Reported per kind: median, p95 and max latency in milliseconds and requests per second;
the target is p95 < 100 ms. ``--check`` exits 1 when a p95 misses it.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from billtracker import storage  # noqa: E402
from billtracker.config import load_checklist  # noqa: E402
from billtracker.publishing.matrix_table import add_matrix  # noqa: E402
from billtracker.publishing.publish import add_search  # noqa: E402

TARGET_P95_MS = 100
STATES = ["ca", "ny", "wa", "md", "mo", "il", "tx", "or", "nj", "ma", "co", "mn"]
WORDS = (
    "agency shall not share personal information immigration authorities judicial warrant "
    "detainer notification release date database access school hospital courthouse employer "
    "records consent delete report training enforcement policy data broker surveillance"
).split()
# Texts draw on WORDS and 3,000 filler words, so a two-word search is selective, as in
# real bills (where every text does not hold every word).
VOCABULARY = WORDS + [f"w{n}" for n in range(3000)]
LABELS = ["full", "partial", "absent", "absent", "absent"]


def build(path: Path, bills: int, seed: int) -> None:
    """A published-shaped database of ``bills`` bills, three scored versions each."""
    rng = random.Random(seed)
    db = sqlite_utils.Database(str(path))
    db.execute("PRAGMA synchronous = OFF")
    storage.migrations.apply(db)
    checklist = load_checklist()
    storage.save_checklist(db, checklist)
    cv = checklist.version
    item_ids = [i.id for i in checklist.items]
    db.table("jurisdictions").insert_all(
        [{"id": s, "name": s.upper(), "level": "state", "state": s} for s in STATES], pk="id"
    )
    bill_rows, versions, sections, scores, vscores = [], [], [], [], []
    for n in range(bills):
        state = STATES[n % len(STATES)]
        session = str(2015 + n % 10)
        bill_id = f"{state}/{session}/SB{n}"
        bill_rows.append(
            {"id": bill_id, "jurisdiction_id": state, "session": session,
             "identifier": f"SB {n}", "title": " ".join(rng.choices(WORDS, k=6)),
             "status": rng.choice(["introduced", "passed", "enacted", "vetoed"]),
             "updated": "2025-01-01T00:00:00+00:00"}
        )  # fmt: skip
        for ordinal, slug in enumerate(("introduced", "amended", "enrolled"), 1):
            paragraphs = [" ".join(rng.choices(VOCABULARY, k=60)) + "." for _ in range(4)]
            text = "\n\n".join(f"SEC. {i + 1}. {p}" for i, p in enumerate(paragraphs))
            vid = f"{bill_id}@{slug}"
            versions.append(
                {"id": vid, "bill_id": bill_id, "slug": slug, "label": slug.title(),
                 "date": f"{session}-0{ordinal}-01", "ordinal": ordinal, "text": text,
                 "text_hash": f"{n}-{ordinal}", "chars": len(text)}
            )  # fmt: skip
            start = 0
            for i, p in enumerate(paragraphs):
                block = f"SEC. {i + 1}. {p}"
                sections.append(
                    {"id": f"{vid}#{i}", "version_id": vid, "ordinal": i, "citation": str(i + 1),
                     "heading": None, "text": block, "start": start, "end": start + len(block)}
                )  # fmt: skip
                start += len(block) + 2
            quote = paragraphs[0][:40]
            for item in item_ids:
                label = rng.choice(LABELS)
                scores.append(
                    {"version_id": vid, "item_id": item, "checklist_version": cv,
                     "label": label, "confidence": 0.9, "citation": "1",
                     "quote": quote if label != "absent" else None}
                )  # fmt: skip
            vscores.append(
                {"version_id": vid, "checklist_version": cv, "score": rng.random() * 100}
            )
    with db.atomic():
        db.table("bills").insert_all(bill_rows, batch_size=2000)
        db.table("versions").insert_all(versions, batch_size=2000)
        db.table("sections").insert_all(sections, batch_size=2000)
        db.table("scores").insert_all(scores, batch_size=5000)
        db.table("version_scores").insert_all(vscores, batch_size=2000)
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    add_search(path)
    add_matrix(path)
    sqlite_utils.Database(str(path)).vacuum()


def fetch(url: str) -> float:
    """Milliseconds to fetch ``url`` completely (``inf`` for an error or a timeout)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            if response.status != 200:
                return float("inf")
    except OSError as ex:
        print(f"  {url}: {ex}", file=sys.stderr)
        return float("inf")
    return (time.perf_counter() - started) * 1000


def measure(urls: list[str], threads: int) -> tuple[list[float], float]:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        times = list(pool.map(fetch, urls))
    return times, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bills", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=500, help="requests per kind")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="exit 1 if a p95 misses the target")
    parser.add_argument("--db", type=Path, help="build here (or reuse if it exists) and keep it")
    args = parser.parse_args(argv)

    from web_demo import datasette_server

    folder = None if args.db else Path(tempfile.mkdtemp(prefix="billtracker-serve-speed-"))
    path = args.db or folder / "published.db"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        build(path, args.bills, args.seed)
        print(
            f"built {args.bills:,} bills / {args.bills * 3:,} versions in "
            f"{time.perf_counter() - started:.1f}s ({path.stat().st_size / 1e6:.0f} MB)"
        )
    rng = random.Random(args.seed)
    ids = [f"{STATES[n % len(STATES)]}/{2015 + n % 10}/SB{n}" for n in range(args.bills)]
    kinds = {
        "bill": lambda: "/bill/" + rng.choice(ids),
        "facets": lambda: f"/{path.stem}/bills?jurisdiction_id=" + rng.choice(STATES),
        "search": lambda: "/search?q=" + "+".join(rng.sample(WORDS, 2)),
        "matrix": lambda: "/matrix?jurisdiction=" + rng.choice(STATES),
        "compare": lambda: "/compare?a={}&b={}".format(*rng.sample(ids, 2)),
    }
    failed = False
    try:
        with datasette_server(path, timeout=60) as base:
            print(f"datasette at {base}; {args.threads} threads, {args.requests} requests per kind")
            print(f"{'kind':8} {'median':>8} {'p95':>8} {'max':>8} {'req/s':>8}")
            for kind, make in kinds.items():
                measure([base + make() for _ in range(20)], args.threads)  # warm-up
                times, seconds = measure(
                    [base + make() for _ in range(args.requests)], args.threads
                )
                errors = sum(1 for t in times if t == float("inf"))
                times = [t for t in times if t != float("inf")] or [float("inf")]
                p95 = percentile(times, 95)
                failed = failed or p95 >= TARGET_P95_MS or errors > 0
                print(
                    f"{kind:8} {statistics.median(times):7.1f}ms {p95:7.1f}ms "
                    f"{max(times):7.1f}ms {len(times) / seconds:8.1f}"
                    + ("" if p95 < TARGET_P95_MS else f"  (target p95 < {TARGET_P95_MS} ms)")
                    + (f"  {errors} errors" if errors else "")
                )
    finally:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
