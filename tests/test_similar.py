"""Similar bills: twins (NY S987/A5686), refiled (MO HB1515/HB2489), reintroduced (NYC Int 2352)."""

import random
import time

import pytest

from billtracker import storage
from billtracker.analysis.similar import build_similar, similar_for
from billtracker.ingest.importer import import_paths
from compare.similar import SimilarityIndex, build_signatures, estimate, jaccard, shared_passages
from conftest import TEXTS

REINTRODUCED = [
    "NYC_2021_Int2352-2021_original",
    "NYC_2022_Int0184-2022_original",
    "NYC_2024_Int0395-2024_original",
]


@pytest.fixture(scope="module")
def corpus():
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob("*.txt"))}
    index = SimilarityIndex()
    for name, text in texts.items():
        index.add(name, text)
    return texts, index


def top(index, texts, name, limit=5):
    return index.query(texts[name], limit, exclude=[name])


def test_ny_senate_and_assembly_twins(corpus):
    texts, index = corpus
    (best, sim), *_ = top(index, texts, "NY_2023-2024_S987_original")
    assert best == "NY_2023-2024_A5686_original" and sim > 0.8
    (best, _), *_ = top(index, texts, "NY_2023-2024_A5686_original")
    assert best == "NY_2023-2024_S987_original"
    assert jaccard(texts["NY_2023-2024_S987_original"], texts["NY_2023-2024_A5686_original"]) > 0.8


def test_missouri_same_text_under_two_numbers(corpus):
    texts, index = corpus
    (best, sim), *rest = top(index, texts, "MO_2024_HB1515_introduced")
    assert best == "MO_2024_HB2489_introduced" and sim > 0.9
    assert all(s < sim for _, s in rest)
    a, b = texts["MO_2024_HB1515_introduced"], texts["MO_2024_HB2489_introduced"]
    passages = shared_passages(a, b)
    assert passages[0]["words"] > 300
    assert sum(p["a_end"] - p["a_start"] for p in shared_passages(a, b, limit=50)) > 0.9 * len(a)


def test_nyc_reintroductions_are_each_others_top_matches(corpus):
    texts, index = corpus
    for name in REINTRODUCED:
        found = [n for n, _ in top(index, texts, name, limit=2)]
        assert set(found) == set(REINTRODUCED) - {name}, (name, found)


def test_unrelated_bills_are_not_near_duplicates(corpus):
    texts, index = corpus
    for _, sim in top(index, texts, "CA_2017-2018_SB54_chaptered-ch495"):
        assert sim < 0.5


def test_signatures_and_estimates():
    sigs = build_signatures(
        {
            "a": "one two three four five six seven",
            "b": "",
            "c": "one two three four five six seven",
        }
    )
    assert estimate(sigs["a"], sigs["c"]) == 1.0
    assert estimate(sigs["a"], sigs["b"]) == 0.0
    index = SimilarityIndex()
    index.add("empty", "")
    assert index.query("") == []
    with pytest.raises(ValueError):
        index.add("empty", "again")


def test_query_stays_fast_with_ten_thousand_versions(corpus):
    texts, _ = corpus
    rng = random.Random(7)
    pool = " ".join(texts.values()).split()
    index = SimilarityIndex()
    for n in range(10_000):
        start = rng.randrange(len(pool) - 400)
        index.add(f"v{n}", " ".join(pool[start : start + rng.randrange(40, 120)]))
    target = texts["NYC_2022_Int0184-2022_original"]
    index.add("target", target)
    started = time.perf_counter()
    for _ in range(20):
        result = index.query(target, 10)
    per_query = (time.perf_counter() - started) / 20
    assert result[0] == ("target", 1.0)
    assert per_query < 0.2, per_query


@pytest.fixture(scope="module")
def corpus_db():
    database = storage.open_db(":memory:")
    import_paths(database, [TEXTS])
    yield database
    database.close()


def test_build_similar_and_similar_for(corpus_db):
    lines = []
    rows = build_similar(corpus_db, progress=lines.append)
    assert rows > 0 and lines
    pairs = {
        (r[0], r[1])
        for r in corpus_db.execute("select version_id, other_version_id from similar_bills")
    }
    s987 = corpus_db.execute("select id from versions where bill_id like '%S987'").fetchone()[0]
    a5686 = corpus_db.execute("select id from versions where bill_id like '%A5686'").fetchone()[0]
    assert (s987, a5686) in pairs and (a5686, s987) in pairs
    found = similar_for(corpus_db, s987)
    assert found[0]["version_id"] == a5686 and found[0]["similarity"] > 0.8 and found[0]["shared"]
    # by bill id, and for a file (compared live)
    bill = corpus_db.execute("select bill_id from versions where id = ?", [s987]).fetchone()[0]
    assert similar_for(corpus_db, bill)[0]["version_id"] == a5686
    live = similar_for(corpus_db, str(TEXTS / "NYC_2021_Int2352-2021_original.txt"), limit=3)
    assert {r["bill_id"].split("/")[-1] for r in live[:3]} >= {"Int0184-2022", "Int0395-2024"}
    # versions of the same bill are not listed as similar bills
    assert all(
        corpus_db.execute("select bill_id from versions where id = ?", [a]).fetchone()[0]
        != corpus_db.execute("select bill_id from versions where id = ?", [b]).fetchone()[0]
        for a, b in pairs
    )
