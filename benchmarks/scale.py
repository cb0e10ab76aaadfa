"""Beyond one machine: crawl throughput with 1 and 2 workers, scoring throughput with 1 and 2.

Run from the repository root (needs ``redis-server``; ``make redis`` installs it):

    .venv/bin/python benchmarks/scale.py
    .venv/bin/python benchmarks/scale.py --latency 0.5 --copies 8 --workers 1,2,4

Crawl: a private ``redis-server`` (free port, no persistence) and a local HTTP
server answering the recorded California pubinfo files
(``../shared/corpus/formats/ca_pubinfo/mini_2025``: 4 tables read one after
another, then 16 bill texts) after a fixed ``--latency`` per request, one
request at a time per worker (``CONCURRENT_REQUESTS=1``; the peak concurrency the
server saw is printed). The workers
are started and registered first; the clock runs from the seed until nothing
is queued or in flight. The writer (``ingest``) then stores the items. The
ceiling for 2 workers is set by the 4 sequential tables: (4 + 16) / (4 + 8) =
1.67x.

Scoring: the corpus texts (``../shared/corpus/texts``) stored ``--copies``
times as distinct versions (a marker line makes each copy's text differ),
scored with ``score_database(workers=N)`` on copies of one database.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from billtracker import distributed as dist  # noqa: E402
from billtracker import storage  # noqa: E402
from billtracker.analysis.scoring import score_database  # noqa: E402
from billtracker.config import load_checklist  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
MINI = SHARED / "formats" / "ca_pubinfo" / "mini_2025"
TEXTS = SHARED / "texts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PEAK = {"now": 0, "max": 0}
LOCK = threading.Lock()


def slow_server(latency: float):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

        def do_GET(self):
            with LOCK:
                PEAK["now"] += 1
                PEAK["max"] = max(PEAK["max"], PEAK["now"])
            try:
                time.sleep(latency)
                super().do_GET()
            finally:
                with LOCK:
                    PEAK["now"] -= 1

    handler = functools.partial(Handler, directory=str(MINI))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def start_redis(folder: Path):
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
        + ["--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(200):
        try:
            dist.connect(url)
            return proc, url
        except dist.RedisUnavailable:
            time.sleep(0.05)
    raise SystemExit("redis-server did not start")


def crawl_once(url: str, base_url: str, workers: int, folder: Path) -> dict:
    server = dist.connect(url)
    server.flushall()
    settings = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_TIMES=1"]
    # One request at a time per worker (CONCURRENT_REQUESTS_PER_DOMAIN=1 alone did not cap
    # it: the server saw up to 7 at once from one worker), so the workers are what scales.
    settings += ["-s", "CONCURRENT_REQUESTS=1"]
    command = [sys.executable, "-m", "billtracker", "crawl", "california", "--distributed"]
    command += ["--redis", url, "--json", "--quiet", "--idle-close", "1"]
    command += ["-a", f"base_url={base_url}"]
    procs = [
        subprocess.Popen(command + settings, cwd=ROOT, stdout=subprocess.DEVNULL)
        for _ in range(workers)
    ]
    while len(dist.live_workers(server, "california")) < workers:
        time.sleep(0.02)
    PEAK["max"] = 0
    started = time.perf_counter()
    dist.seed("california", url, base_url=base_url)
    while True:
        state = dist.crawl_state(server, "california")
        if not state["queued"] and not state["in_flight"]:
            break
        time.sleep(0.01)
    seconds = time.perf_counter() - started
    for proc in procs:
        proc.wait(60)
    db_path = folder / f"crawl{workers}.db"
    result = dist.ingest(db_path, url, idle_seconds=0.2)
    (run,) = result["runs"]
    return {
        "seconds": seconds,
        "requests": 20,
        "versions": run["versions_added"],
        "peak": PEAK["max"],
    }


def scoring_db(folder: Path, copies: int) -> tuple[Path, int]:
    path = folder / "scoring.db"
    db = storage.open_db(path)
    texts = sorted(TEXTS.glob("*.txt"))
    with db.atomic():
        storage.save_jurisdiction(db, "bench", "Benchmark", level="city")
        for copy in range(copies):
            for n, text_path in enumerate(texts):
                bill_id = f"bench/{copy}/B{n}"
                storage.save_bill(
                    db,
                    {
                        "id": bill_id,
                        "jurisdiction_id": "bench",
                        "session": str(copy),
                        "identifier": f"B{n}",
                    },
                )
                text = text_path.read_text(encoding="utf-8", errors="replace")
                storage.add_version(
                    db, {"bill_id": bill_id, "slug": "v", "text": f"{text}\n\nCopy {copy}.\n"}
                )
    count = db.table("versions").count
    db.close()
    return path, count


def score_once(base: Path, workers: int, checklist) -> float:
    path = base.with_name(f"scored{workers}.db")
    shutil.copy(base, path)
    db = storage.open_db(path)
    try:
        started = time.perf_counter()
        score_database(db, checklist, workers=workers)
        return time.perf_counter() - started
    finally:
        db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency", type=float, default=0.3, help="seconds per request")
    parser.add_argument("--copies", type=int, default=6, help="copies of the corpus texts to score")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare")
    ns = parser.parse_args()
    counts = [int(n) for n in ns.workers.split(",")]
    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server is missing: make redis (or apt-get install redis-server)")
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]))
    print(f"cpus: {os.cpu_count()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        http_server, base_url = slow_server(ns.latency)
        redis_proc, url = start_redis(folder)
        try:
            crawl = {n: crawl_once(url, base_url, n, folder) for n in counts}
        finally:
            redis_proc.terminate()
            redis_proc.wait()
            http_server.shutdown()
        print(
            f"\ncrawl: 20 requests, {ns.latency:.2f}s latency each, CONCURRENT_REQUESTS=1 per worker"
        )
        for n, r in crawl.items():
            ratio = crawl[counts[0]]["seconds"] / r["seconds"]
            print(
                f"  {n} worker(s): {r['seconds']:6.2f}s  {r['requests'] / r['seconds']:6.2f} requests/s"
                f"  {r['versions']} versions stored  peak {r['peak']} concurrent  x{ratio:.2f}"
            )
        base, versions = scoring_db(folder, ns.copies)
        checklist = load_checklist()
        scoring = {n: score_once(base, n, checklist) for n in counts}
        print(f"\nscoring: {versions} versions")
        for n, seconds in scoring.items():
            ratio = scoring[counts[0]] / seconds
            print(
                f"  {n} worker(s): {seconds:6.2f}s  {versions / seconds:7.1f} versions/s  x{ratio:.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
