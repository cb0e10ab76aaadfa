"""Issue #16: a running `billtracker serve` follows each publish: with parallel clients,
every answer is wholly one publish (rows and count agree), never an error, and within a
few seconds of a publish every answer is the new file. A real Datasette process."""

import json
import threading
import time
import urllib.error
import urllib.request

from test_datasette import real_datasette
from test_publish import make_working_db

from billtracker.publishing.publish import publish

PUBLISHES = 3
CLIENTS = 4
URL = "/published/bills.json?_shape=objects&_size=100"


def answer(base: str) -> tuple[int, frozenset, int]:
    with urllib.request.urlopen(base + URL, timeout=10) as response:
        status, body = response.status, json.load(response)
    ids = frozenset(row["id"] for row in body["rows"])
    return status, ids, body["filtered_table_rows_count"]


def test_serve_follows_each_publish_with_parallel_clients(tmp_path):
    published = tmp_path / "publish" / "published.db"
    publish(make_working_db(tmp_path / "w0.db"), published)
    answers, problems, stop = [], [], threading.Event()
    with real_datasette(published) as base:
        expected = [answer(base)[1]]

        def client():
            while not stop.is_set():
                try:
                    answers.append(answer(base))
                except urllib.error.HTTPError as e:  # every answer counts: an error fails
                    problems.append(f"{e!r}: {e.read()[:300]!r}")
                except Exception as e:
                    problems.append(repr(e))

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        try:
            lags = []
            for n in range(1, PUBLISHES + 1):
                publish(make_working_db(tmp_path / f"w{n}.db", extra_bills=n), published)
                published_at = time.monotonic()
                while answer(base)[2] != len(expected[0]) + n:
                    assert time.monotonic() - published_at < 5, f"publish {n} not followed in 5 s"
                    time.sleep(0.02)
                lags.append(time.monotonic() - published_at)
                expected.append(answer(base)[1])
                time.sleep(0.5)
        finally:
            stop.set()
            for thread in threads:
                thread.join()
    assert problems == []
    assert len(answers) > 50
    for status, ids, count in answers:
        assert status == 200 and len(ids) == count and ids in expected
    assert {ids for _, ids, _ in answers} >= set(expected[1:])
    assert max(lags) < 2, lags
    print(
        f"followed {PUBLISHES} publishes in {[round(x, 3) for x in lags]} s; "
        f"{len(answers)} answers from {CLIENTS} clients, none mixed or failed"
    )
