"""Scoring with several processes stores exactly what one process stores."""

import shutil

import pytest

from billtracker import storage
from billtracker.analysis.scoring import score_database
from billtracker.config import load_checklist
from billtracker.ingest.importer import import_paths
from conftest import TEXTS

TABLES = {
    "scores": "select * from scores order by version_id, item_id, checklist_version",
    "version_scores": "select * from version_scores order by version_id, checklist_version",
    "sections": "select * from sections order by id",
}
TIMESTAMPS = {"scored_at"}


def rows(db, sql):
    cursor = db.execute(sql)
    names = [d[0] for d in cursor.description]
    return [
        tuple(v for n, v in zip(names, row, strict=True) if n not in TIMESTAMPS)
        for row in cursor.fetchall()
    ]


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """The corpus texts imported once, then scored by one worker and by two."""
    folder = tmp_path_factory.mktemp("parallel")
    base = folder / "base.db"
    db = storage.open_db(base)
    import_paths(db, TEXTS)
    db.close()
    checklist = load_checklist()
    out = {}
    for workers in (1, 2):
        path = folder / f"workers{workers}.db"
        shutil.copy(base, path)
        db = storage.open_db(path)
        lines = []
        try:
            n = score_database(db, checklist, workers=workers, progress=lines.append)
            out[workers] = {
                "n": n,
                "lines": lines,
                "tables": {name: rows(db, sql) for name, sql in TABLES.items()},
            }
        finally:
            db.close()
    return out


def test_every_version_is_scored(scored):
    assert scored[1]["n"] == scored[2]["n"] >= 30


def test_two_workers_give_the_same_scores(scored):
    assert scored[2]["tables"]["scores"] == scored[1]["tables"]["scores"]


def test_two_workers_give_the_same_overall_scores(scored):
    assert scored[2]["tables"]["version_scores"] == scored[1]["tables"]["version_scores"]


def test_two_workers_give_the_same_sections(scored):
    assert scored[2]["tables"]["sections"] == scored[1]["tables"]["sections"]


def test_scores_are_not_empty(scored):
    assert len(scored[1]["tables"]["scores"]) > 100


def test_progress_says_how_many_workers(scored):
    assert scored[2]["lines"][-1].endswith("with 2 workers")
    assert len(scored[2]["lines"]) == scored[2]["n"] + 1


def test_rescoring_in_parallel_finds_nothing_left(tmp_path):
    db = storage.open_db(tmp_path / "b.db")
    try:
        import_paths(db, sorted(TEXTS.glob("MO_*")))
        versions = db.table("versions").count
        checklist = load_checklist()
        assert versions >= 2
        assert score_database(db, checklist, workers=2) == versions
        assert score_database(db, checklist, workers=2) == 0
    finally:
        db.close()
