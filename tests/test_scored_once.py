"""Every version is scored exactly once per checklist version.

The real comparator runs; the test only counts its calls (``compare.score.score_text``,
wherever a module bound it), keyed by the text scored.
"""

import sys
from collections import Counter

import pytest

import compare.score
from billtracker import storage
from billtracker.analysis.diff import diff_refs, diff_versions
from billtracker.config import load_checklist
from billtracker.ingest.importer import import_paths
from billtracker.jobs.changes import process_changes
from billtracker.publishing.pages import stored_scorecards
from compare.diff import diff_texts
from conftest import TEXTS

REAL_SCORE_TEXT = compare.score.score_text


@pytest.fixture
def scoring_calls(monkeypatch):
    """Counts of ``score_text`` calls by text hash, for every module that bound it."""
    calls = Counter()

    def counted(text, checklist, **kwargs):
        calls[storage.text_hash(text)] += 1
        return REAL_SCORE_TEXT(text, checklist, **kwargs)

    for module in list(sys.modules.values()):
        if getattr(module, "score_text", None) is REAL_SCORE_TEXT:
            monkeypatch.setattr(module, "score_text", counted)
    return calls


@pytest.fixture(scope="module")
def checklist():
    return load_checklist()


@pytest.fixture
def corpus_db(tmp_path):
    db = storage.open_db(tmp_path / "billtracker.db")
    import_paths(db, TEXTS)
    yield db
    db.close()


def version_hashes(db) -> Counter:
    return Counter(r[0] for r in db.execute("select text_hash from versions"))


def test_an_update_scores_each_new_version_exactly_once(corpus_db, checklist, scoring_calls):
    work = process_changes(corpus_db, checklist)
    assert work["diffed"] > 0  # the corpus has amended bills, so diffs ran too
    assert work["scored"] == work["new_versions"] == sum(version_hashes(corpus_db).values())
    assert scoring_calls == version_hashes(corpus_db)

    bill_id, text = corpus_db.execute(
        "select bill_id, text from versions order by bill_id, ordinal limit 1"
    ).fetchone()
    amended = text + "\n\nSEC. 99. This act takes effect immediately."
    storage.add_version(corpus_db, {"bill_id": bill_id, "slug": "amended-test", "text": amended})
    scoring_calls.clear()
    work = process_changes(corpus_db, checklist)
    assert (work["new_versions"], work["scored"], work["diffed"]) == (1, 1, 1)
    assert scoring_calls == Counter({storage.text_hash(amended): 1})

    scoring_calls.clear()
    work = process_changes(corpus_db, checklist)
    assert (work["scored"], work["diffed"], work["similar"]) == (0, 0, 0)
    assert not scoring_calls


def test_diffs_and_compare_read_the_stored_scorecards(corpus_db, checklist, scoring_calls):
    process_changes(corpus_db, checklist)
    va, vb = corpus_db.execute(
        "select from_version, to_version from version_diffs order by from_version limit 1"
    ).fetchone()
    scoring_calls.clear()
    stored = diff_versions(corpus_db, va, vb, checklist)
    by_refs = diff_refs(corpus_db, va, vb, checklist)
    card_a, card_b = stored_scorecards(corpus_db.conn, va, vb, checklist)
    assert card_a is not None and card_b is not None
    assert not scoring_calls  # nothing scored again: the diff, the CLI and /compare's cards

    fresh = diff_texts(
        storage.version_text(corpus_db, va),
        storage.version_text(corpus_db, vb),
        checklist,
        a_label=va,
        b_label=vb,
    )
    assert len(scoring_calls) == 2  # scoring from scratch is what the stored cards save
    for result in (stored, by_refs):
        assert result["item_changes"] == fresh["item_changes"]
        assert result["scores"] == fresh["scores"]
        assert result["summary"] == fresh["summary"]
