"""How the update's work scales with what changed: 10,000 bills, 1% of them amended.

    .venv/bin/python benchmarks/update_speed.py            # 10,000 bills (a few minutes)
    .venv/bin/python benchmarks/update_speed.py --bills 2000 --changed 0.01
    .venv/bin/python benchmarks/update_speed.py --bills 2000 --baseline /tmp/old

``--baseline DIR`` also runs the same benchmark from another checkout (e.g. the commit
before issue #14: ``git worktree add /tmp/old 3b0403f``) in the same run, and prints both
full-rebuild times and their ratio.

Builds a synthetic working database directly through ``billtracker.storage`` writes
(one introduced version per bill, texts varied so each scores on its own), then
times ``billtracker.jobs.changes.process_changes`` — everything between crawl and
publish: record bill/version changes, score unscored versions, diff undiffed
pairs, find similar bills for new versions — three ways:

- full rebuild: every version scored (the first run over the database);
- 1% changed: an amended version and a status change for 1% of the bills;
- no change: the same again with nothing new.

It prints the times, the work done and the ratios to the full rebuild, then
times one atomic publish (a full copy with search indexes, done by every run
whatever changed). The no-change run must do no scoring, no diffing, no similar-bill
work and record no change; the 1% run must cost at most 5% of the full rebuild.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from billtracker import storage  # noqa: E402
from billtracker.config import load_checklist  # noqa: E402
from billtracker.jobs.changes import process_changes  # noqa: E402
from billtracker.publishing.publish import publish  # noqa: E402

CLAUSES = [
    "A law enforcement agency shall not use agency moneys to investigate, detain, or arrest "
    "persons for immigration enforcement purposes.",
    "An agency shall not provide information regarding a person's release date to federal "
    "immigration authorities unless presented with a judicial warrant.",
    "No state agency shall collect information regarding the immigration status of any person "
    "except as required by state or federal law.",
    "Each agency shall report annually to the Legislature the number of requests it received "
    "from immigration authorities.",
    "A school district shall not permit immigration authorities to enter a school site without "
    "a judicial warrant.",
    "This act relates to the licensing of barbers and the inspection of their premises.",
    "The department shall adopt regulations to implement this section.",
    "An employer shall provide notice to employees of any inspection of employment records.",
]
WEAKENING = (
    "Notwithstanding any other law, an agency may notify federal immigration authorities of the "
    "release date of a person convicted of a serious or violent felony."
)


def text_for(i: int, rng: random.Random) -> str:
    picked = rng.sample(CLAUSES, k=rng.randint(2, 5))
    sections = [f"SEC. {n}. {clause}" for n, clause in enumerate(picked, 1)]
    return f"An act relating to public agencies (bill {i}).\n\n" + "\n\n".join(sections)


def build(path: Path, bills: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    db = storage.open_db(path)
    storage.save_jurisdiction(db, "ca", "California")
    with db.atomic():
        for i in range(bills):
            bill_id = f"ca/2025-2026/AB{i + 1}"
            storage.save_bill(
                db,
                {
                    "id": bill_id,
                    "jurisdiction_id": "ca",
                    "session": "2025-2026",
                    "identifier": f"AB{i + 1}",
                    "title": f"Public agencies {i}",
                    "status": "In Committee",
                },
            )
            storage.add_version(
                db, {"bill_id": bill_id, "slug": "introduced", "text": text_for(i, rng)}
            )
    db.close()


def amend(path: Path, bills: int, share: float, seed: int = 11) -> int:
    rng = random.Random(seed)
    chosen = rng.sample(range(bills), k=max(1, int(bills * share)))
    db = storage.open_db(path)
    with db.atomic():
        for i in chosen:
            bill_id = f"ca/2025-2026/AB{i + 1}"
            old = db.execute(
                "select text from versions where bill_id = ? order by ordinal desc limit 1",
                [bill_id],
            ).fetchone()[0]
            storage.add_version(
                db,
                {"bill_id": bill_id, "slug": "amended", "text": old + f"\n\nSEC. 9. {WEAKENING}"},
            )
            db.execute("update bills set status = 'Amended' where id = ?", [bill_id])
    db.close()
    return len(chosen)


def timed(path: Path, checklist) -> tuple[float, float, dict, int]:
    """Wall and CPU seconds of one ``process_changes``, its work and the changes it recorded."""
    db = storage.open_db(path)
    before = db.execute("select count(*) from changes").fetchone()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    work = process_changes(db, checklist)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    changes = db.execute("select count(*) from changes").fetchone()[0] - before
    db.close()
    return wall, cpu, work, changes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bills", type=int, default=10_000)
    parser.add_argument("--changed", type=float, default=0.01, help="share of bills amended")
    parser.add_argument("--baseline", help="another checkout to time the same way, e.g. /tmp/old")
    args = parser.parse_args(argv)
    checklist = load_checklist()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        start = time.perf_counter()
        build(path, args.bills)
        print(f"built {args.bills} bills in {time.perf_counter() - start:.1f}s")
        full = timed(path, checklist)
        print(f"full rebuild: {full[0]:8.2f}s (cpu {full[1]:.2f}s)  {full[2]}  {full[3]} changes")
        n = amend(path, args.bills, args.changed)
        part = timed(path, checklist)
        print(f"{n} amended:  {part[0]:8.2f}s (cpu {part[1]:.2f}s)  {part[2]}  {part[3]} changes")
        none = timed(path, checklist)
        print(f"no change:    {none[0]:8.2f}s (cpu {none[1]:.2f}s)  {none[2]}  {none[3]} changes")
        for name, run in ((f"{args.changed:.0%} changed", part), ("no change", none)):
            print(
                f"ratio {name} / full rebuild: {run[0] / full[0]:.4f} wall, "
                f"{run[1] / full[1]:.4f} cpu"
            )
        work, changes = none[2], none[3]
        idle = {k: work.get(k, 0) for k in ("new_versions", "scored", "diffed", "similar")}
        assert idle == {"new_versions": 0, "scored": 0, "diffed": 0, "similar": 0}, work
        assert changes == 0
        start = time.perf_counter()
        counts = publish(path, Path(tmp) / "published.db")
        print(
            f"publish (every run, atomic full copy + search): "
            f"{time.perf_counter() - start:.2f}s for {counts['versions']} versions"
        )
    if args.baseline:
        old = baseline_full(Path(args.baseline), args.bills)
        print(f"baseline ({args.baseline}) full rebuild: {old[0]:8.2f}s (cpu {old[1]:.2f}s)")
        print(f"this checkout full rebuild:        {full[0]:8.2f}s (cpu {full[1]:.2f}s)")
        print(f"full rebuild speed-up: {old[0] / full[0]:.2f}x wall, {old[1] / full[1]:.2f}x cpu")
    return 0


# Builds the same database with another checkout's own code and times its full rebuild.
BASELINE = """
import sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {root!r})
from benchmarks import update_speed as bench
from billtracker.config import load_checklist
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "bench.db"
    bench.build(path, {bills})
    checklist = load_checklist()
    wall, cpu = time.perf_counter(), time.process_time()
    bench.timed(path, checklist)
    print(time.perf_counter() - wall, time.process_time() - cpu)
"""


def baseline_full(root: Path, bills: int) -> tuple[float, float]:
    """Wall and CPU seconds of a full rebuild by another checkout (its own code)."""
    root = root.resolve()
    proc = subprocess.run(
        [sys.executable, "-c", BASELINE.format(root=str(root), bills=bills)],
        cwd=root,
        capture_output=True,
        text=True,
    )
    try:
        wall, cpu = (float(x) for x in proc.stdout.split()[-2:])
    except ValueError:
        message = f"no full-rebuild time from {root}:\n{proc.stdout}\n{proc.stderr}"
        raise SystemExit(message) from None
    return wall, cpu


if __name__ == "__main__":
    sys.exit(main())
