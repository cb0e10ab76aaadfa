"""Comparing versions: WA SB 5906 item changes, identical and bad inputs, the database job."""

import json

import pytest

from billtracker import storage
from billtracker.analysis.diff import diff_database, resolve
from billtracker.analysis.redline import render_text
from billtracker.config import load_checklist
from billtracker.errors import InputError, NotFound
from billtracker.ingest.importer import import_paths
from compare.diff import diff_texts
from compare.score import score_text
from conftest import TEXTS

WA_A = TEXTS / "WA_2025-26_SB5906_original.txt"
WA_B = TEXTS / "WA_2025-26_SB5906_engrossed-substitute.txt"


@pytest.fixture(scope="module")
def checklist():
    return load_checklist()


@pytest.fixture(scope="module")
def wa(checklist):
    a, b = WA_A.read_text(encoding="utf-8"), WA_B.read_text(encoding="utf-8")
    return a, b, diff_texts(a, b, checklist, a_label="SB 5906", b_label="ESSB 5906")


def test_wa_item_changes_are_exactly_the_scorer_label_changes(wa, checklist):
    a, b, result = wa
    json.dumps(result)  # JSON-able
    la, lb = score_text(a, checklist).labels, score_text(b, checklist).labels
    expected = {i: (la[i], lb[i]) for i in la if la[i] != lb[i]}
    got = {c["id"]: (c["from"], c["to"]) for c in result["item_changes"]}
    assert got == expected
    assert expected  # the substitute rewrote the bill: something changed
    for change in result["item_changes"]:
        assert change["sections"], change
        assert change["title"] == checklist.get(change["id"]).title
    assert result["identical"] is False


def test_wa_scores_summary_and_alignment(wa, checklist):
    a, b, result = wa
    card_a, card_b = score_text(a, checklist), score_text(b, checklist)
    assert result["scores"] == {"a": card_a.score, "b": card_b.score}
    assert result["score_change"]["overall"] == round(card_b.score - card_a.score, 1)
    assert set(result["score_change"]["categories"]) == set(checklist.categories)
    summary = result["summary"]
    assert "\n" not in summary and summary.startswith("Going from SB 5906 to ESSB 5906")
    for change in result["item_changes"]:
        assert change["title"] in summary
    assert len(result["alignment"]) == len(result["redline"])
    kinds = {e["kind"] for e in result["alignment"]}
    assert {"renumbered", "changed", "inserted", "deleted"} <= kinds
    # the judicial subpoena was dropped from 1(1)(b)
    entry = next(e for e in result["redline"] if e["new_citation"] == "Section 1(1)(b)")
    assert any(op[0] == "delete" and "subpoena" in op[1] for op in entry["ops"])


def test_identical_texts_are_said_plainly(checklist):
    text = WA_B.read_text(encoding="utf-8")
    result = diff_texts(text, text + "\n\n", checklist)
    assert result["identical"] is True
    assert result["item_changes"] == []
    assert result["score_change"]["overall"] == 0
    assert result["sections_changed"] == 0
    assert all(op[0] == "equal" for e in result["redline"] for op in e["ops"])
    assert "identical" in result["summary"]
    assert "identical" in render_text(result, color=False)


def test_one_empty_side_gives_a_clear_result(checklist):
    text = WA_B.read_text(encoding="utf-8")
    result = diff_texts("", text, checklist)
    assert result["summary"].startswith("A is empty")
    assert all(e["kind"] == "inserted" for e in result["alignment"])
    assert all(op[0] == "insert" for e in result["redline"] for op in e["ops"])
    back = diff_texts(text, "", checklist)
    assert all(e["kind"] == "deleted" for e in back["alignment"])
    assert all(c["to"] == "absent" for c in back["item_changes"])


def test_render_text_item_changes_first_and_colour(wa):
    _, _, result = wa
    plain = render_text(result, color=False)
    assert "\x1b[" not in plain
    first_item = plain.index("Checklist items that changed")
    assert first_item < plain.index("==")
    assert "[-" in plain and "{+" in plain
    coloured = render_text(result, color=True)
    assert "\x1b[31;9m" in coloured and "\x1b[32;4m" in coloured


@pytest.fixture(scope="module")
def corpus_db():
    database = storage.open_db(":memory:")
    import_paths(database, [TEXTS])
    yield database
    database.close()


def test_resolve_files_versions_bills_and_errors(corpus_db, tmp_path):
    label, text = resolve(corpus_db, str(WA_A))
    assert label == str(WA_A) and "early learning" in text
    label, text = resolve(corpus_db, "wa/2025-2026/SB5906@original")
    assert label == "wa/2025-2026/SB5906@original"
    label, _ = resolve(corpus_db, "wa/2025-2026/SB5906")
    assert label == "wa/2025-2026/SB5906@engrossed-substitute"  # the latest version
    with pytest.raises(NotFound, match="no-such-bill"):
        resolve(corpus_db, "no-such-bill")
    with pytest.raises(NotFound, match="no such version"):
        resolve(corpus_db, "wa/2025-2026/SB5906@zzz")
    binary = tmp_path / "bill.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    with pytest.raises(InputError, match="binary"):
        resolve(corpus_db, str(binary))
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(InputError, match="empty"):
        resolve(None, str(empty))


def test_diff_database_records_the_weakening_amendment(corpus_db, checklist):
    lines = []
    n = diff_database(corpus_db, checklist, progress=lines.append)
    assert n >= 3 and len(lines) == n
    row = corpus_db.execute(
        "select item_changes, score_change, summary, sections_changed, checklist_version from version_diffs "
        "where from_version = ? and to_version = ?",
        ["wa/2025-2026/SB5906@original", "wa/2025-2026/SB5906@engrossed-substitute"],
    ).fetchone()
    assert row is not None
    changes, score_change, summary, sections_changed, version = row
    assert version == checklist.version and sections_changed > 0 and summary
    item_ids = {c["id"] for c in json.loads(changes)}
    kinds = corpus_db.execute(
        "select kind, item_id from changes where bill_id = 'wa/2025-2026/SB5906'"
    ).fetchall()
    assert {i for _, i in kinds if i} == item_ids
    if score_change < 0:
        assert ("weakened", None) in kinds
    assert {k for k, _ in kinds} <= {"item_lost", "item_gained", "weakened", "score_change"}
    # nothing left to do; changes are recorded once
    before = corpus_db.execute("select count(*) from changes").fetchone()[0]
    assert diff_database(corpus_db, checklist) == 0
    assert corpus_db.execute("select count(*) from changes").fetchone()[0] == before
