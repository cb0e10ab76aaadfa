"""Importing the recorded corpus and loose files; bad inputs store nothing."""

import json
from collections import defaultdict

import pytest

from billtracker import storage
from billtracker.errors import InputError
from billtracker.ingest.importer import import_paths
from billtracker.text.extract import read_text
from conftest import TEXTS

INDEX = json.loads((TEXTS / "index.json").read_text(encoding="utf-8"))
SB54 = "CA_2017-2018_SB54_chaptered-ch495.txt"


@pytest.fixture(scope="module")
def corpus_db():
    """A database holding the whole recorded corpus (imported once)."""
    database = storage.open_db(":memory:")
    lines = []
    result = import_paths(database, [TEXTS], progress=lines.append)
    yield database, result, lines
    database.close()


@pytest.fixture
def imported(fresh_db):
    """A fresh database with the corpus imported."""
    import_paths(fresh_db, [TEXTS])
    return fresh_db


def count(db, table: str) -> int:
    return db.execute(f"select count(*) from {table}").fetchone()[0]


def counts(db) -> dict:
    return {t: count(db, t) for t in ("jurisdictions", "bills", "versions")}


def distinct_texts() -> int:
    """Index entries, less those whose text repeats another entry of the same bill."""
    hashes = defaultdict(set)
    for entry in INDEX:
        hashes[entry["id"]].add(storage.text_hash(read_text(TEXTS / entry["file"])))
    return sum(len(h) for h in hashes.values())


def version_ids(db, bill_id: str) -> list[str]:
    rows = db.execute("select id from versions where bill_id = ? order by ordinal", [bill_id])
    return [row[0] for row in rows]


def title(db, bill_id: str):
    row = db.execute("select title from bills where id = ?", [bill_id]).fetchone()
    return row and row[0]


def changed_copy(tmp_path):
    """A folder with SB54's text, one character changed, and its own index.json."""
    folder = tmp_path / "changed"
    folder.mkdir()
    text = (TEXTS / SB54).read_text(encoding="utf-8")
    (folder / "sb54.txt").write_text(text.replace("SECTION 1.", "SECTION 1!", 1), encoding="utf-8")
    entry = {"id": "ca/2017-2018/SB54", "version_slug": "chaptered", "file": "sb54.txt"}
    (folder / "index.json").write_text(json.dumps([entry]), encoding="utf-8")
    return folder


def assert_rejected(db, paths, fragment: str) -> str:
    """Import ``paths``, expecting InputError; return its message."""
    with pytest.raises(InputError) as info:
        import_paths(db, paths)
    message = str(info.value)
    assert fragment in message
    return message


# -- the corpus ------------------------------------------------------------------


def test_corpus_has_34_index_entries():
    assert len(INDEX) == 34


def test_corpus_versions_one_per_distinct_text(corpus_db):
    database, _, _ = corpus_db
    assert count(database, "versions") == distinct_texts()


def test_corpus_imports_34_versions(corpus_db):
    database, _, _ = corpus_db
    assert count(database, "versions") == 34


def test_corpus_result_counts_versions(corpus_db):
    _, result, _ = corpus_db
    assert result.versions_added == 34


def test_corpus_result_counts_bills(corpus_db):
    _, result, _ = corpus_db
    assert result.bills_added == len({e["id"] for e in INDEX})


def test_every_index_bill_exists(corpus_db):
    database, _, _ = corpus_db
    stored = {row[0] for row in database.execute("select id from bills")}
    assert {e["id"] for e in INDEX} <= stored


def test_every_index_version_exists(corpus_db):
    database, _, _ = corpus_db
    stored = {row[0] for row in database.execute("select id from versions")}
    assert {f"{e['id']}@{e['version_slug']}" for e in INDEX} == stored


@pytest.mark.parametrize(
    "bill_id", ["ca/2017-2018/SB54", "ca/2017-2018/AB450", "ny/2023-2024/S987"]
)
def test_key_bills_have_index_titles(corpus_db, bill_id):
    database, _, _ = corpus_db
    expected = next(e["title"] for e in INDEX if e["id"] == bill_id)
    assert title(database, bill_id) == expected


def test_sb54_title_names_the_act(corpus_db):
    database, _, _ = corpus_db
    assert "California Values Act" in title(database, "ca/2017-2018/SB54")


def test_nyc_int1412_has_original_then_a(corpus_db):
    database, _, _ = corpus_db
    assert version_ids(database, "nyc/2025/Int1412-2025") == [
        "nyc/2025/Int1412-2025@original",
        "nyc/2025/Int1412-2025@a",
    ]


def test_md_hb1222_has_enrolled_then_chaptered(corpus_db):
    database, _, _ = corpus_db
    assert version_ids(database, "md/2025/HB1222") == [
        "md/2025/HB1222@enrolled",
        "md/2025/HB1222@chaptered",
    ]


def test_bill_fields_come_from_the_id(corpus_db):
    database, _, _ = corpus_db
    row = database.execute(
        "select jurisdiction_id, session, identifier from bills where id = 'md/2025/HB1222'"
    ).fetchone()
    assert row == ("md", "2025", "HB1222")


def test_local_jurisdiction_is_named_from_index(corpus_db):
    database, _, _ = corpus_db
    row = database.execute("select name, level from jurisdictions where id = 'nyc'").fetchone()
    assert row == ("New York City", "local")


def test_version_label_and_date_come_from_index(corpus_db):
    database, _, _ = corpus_db
    row = database.execute(
        "select label, date from versions where id = 'nyc/2025/Int1412-2025@a'"
    ).fetchone()
    assert row == ('Legistar version "A"', "2026-01-29")


def test_source_url_is_taken_from_source(corpus_db):
    database, _, _ = corpus_db
    url = database.execute(
        "select source_url from bills where id = 'ca/2017-2018/SB54'"
    ).fetchone()[0]
    assert (
        url == "https://leginfo.legislature.ca.gov/faces/billTextClient.xhtml?bill_id=201720180SB54"
    )


def test_stored_text_matches_file(corpus_db):
    database, _, _ = corpus_db
    text = database.execute(
        "select text from versions where id = 'ca/2017-2018/SB54@chaptered'"
    ).fetchone()[0]
    assert text == (TEXTS / SB54).read_text(encoding="utf-8")


def test_progress_gives_one_line_per_file(corpus_db):
    _, _, lines = corpus_db
    assert len(lines) == 34


def test_progress_lines_name_the_bill(corpus_db):
    _, _, lines = corpus_db
    assert lines[0].startswith("ca/2017-2018/SB54: added")


# -- re-importing ----------------------------------------------------------------


def test_reimport_adds_no_version(imported):
    assert import_paths(imported, [TEXTS]).versions_added == 0


def test_reimport_reports_all_unchanged(imported):
    assert import_paths(imported, [TEXTS]).versions_unchanged == 34


def test_reimport_keeps_version_count(imported):
    import_paths(imported, [TEXTS])
    assert count(imported, "versions") == 34


def test_changed_copy_adds_one_version(imported, tmp_path):
    assert import_paths(imported, [changed_copy(tmp_path)]).versions_added == 1


def test_changed_copy_gets_a_new_version_id(imported, tmp_path):
    import_paths(imported, [changed_copy(tmp_path)])
    assert version_ids(imported, "ca/2017-2018/SB54") == [
        "ca/2017-2018/SB54@chaptered",
        "ca/2017-2018/SB54@chaptered-2",
    ]


def test_changed_copy_leaves_old_version_unchanged(imported, tmp_path):
    sql = "select text, text_hash, ordinal from versions where id = 'ca/2017-2018/SB54@chaptered'"
    before = imported.execute(sql).fetchone()
    import_paths(imported, [changed_copy(tmp_path)])
    assert imported.execute(sql).fetchone() == before


def test_changed_copy_adds_no_bill(imported, tmp_path):
    assert import_paths(imported, [changed_copy(tmp_path)]).bills_added == 0


# -- loose files -----------------------------------------------------------------


def test_loose_file_becomes_a_draft_bill(fresh_db, tmp_path):
    path = tmp_path / "My Draft Ordinance.txt"
    path.write_text("Section 1. No sharing.", encoding="utf-8")
    result = import_paths(fresh_db, [path])
    assert result.files[0].version_id == "draft/drafts/my-draft-ordinance@v1"


def test_loose_file_reimport_adds_nothing(fresh_db, tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text("Section 1. No sharing.", encoding="utf-8")
    import_paths(fresh_db, [path])
    assert import_paths(fresh_db, [path]).versions_added == 0


def test_changed_loose_file_adds_v2(fresh_db, tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text("Section 1. No sharing.", encoding="utf-8")
    import_paths(fresh_db, [path])
    path.write_text("Section 1. No sharing at all.", encoding="utf-8")
    import_paths(fresh_db, [path])
    assert version_ids(fresh_db, "draft/drafts/draft") == [
        "draft/drafts/draft@v1",
        "draft/drafts/draft@v2",
    ]


def test_folder_without_index_imports_supported_files(fresh_db, tmp_path):
    (tmp_path / "a.txt").write_text("Bill A text.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>Bill B text.</p>", encoding="utf-8")
    (tmp_path / "notes.rtf").write_text("ignored", encoding="utf-8")
    assert import_paths(fresh_db, [tmp_path]).bills_added == 2


# -- bad inputs store nothing ----------------------------------------------------


def good_file(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text("Section 1. A good draft.", encoding="utf-8")
    return path


def test_missing_file_stores_nothing(imported, tmp_path):
    before = counts(imported)
    assert_rejected(imported, [good_file(tmp_path), tmp_path / "gone.txt"], "gone.txt")
    assert counts(imported) == before


def test_missing_file_message_is_one_line(imported, tmp_path):
    message = assert_rejected(imported, [tmp_path / "gone.txt"], "no such file")
    assert "\n" not in message


def test_empty_file_stores_nothing(imported, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    before = counts(imported)
    assert_rejected(imported, [good_file(tmp_path), tmp_path / "empty.txt"], "empty.txt: is empty")
    assert counts(imported) == before


def test_binary_file_stores_nothing(imported, tmp_path):
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02\x03binary")
    before = counts(imported)
    assert_rejected(imported, [good_file(tmp_path), tmp_path / "blob.txt"], "blob.txt: is a binary")
    assert counts(imported) == before


def test_non_utf8_file_stores_nothing(imported, tmp_path):
    (tmp_path / "cafe.txt").write_bytes(b"caf\xe9")
    before = counts(imported)
    assert_rejected(
        imported, [good_file(tmp_path), tmp_path / "cafe.txt"], "cafe.txt: is not UTF-8"
    )
    assert counts(imported) == before


def test_unsupported_extension_stores_nothing(imported, tmp_path):
    (tmp_path / "bill.rtf").write_text("{\\rtf1 hello}", encoding="utf-8")
    before = counts(imported)
    assert_rejected(imported, [good_file(tmp_path), tmp_path / "bill.rtf"], "bill.rtf: unsupported")
    assert counts(imported) == before


def test_invalid_json_index_stores_nothing(imported, tmp_path):
    folder = changed_copy(tmp_path)
    (folder / "index.json").write_text("[{not json", encoding="utf-8")
    before = counts(imported)
    assert_rejected(imported, [good_file(tmp_path), folder], "index.json: is not valid JSON")
    assert counts(imported) == before


def test_index_entry_missing_id_stores_nothing(imported, tmp_path):
    folder = changed_copy(tmp_path)
    entries = [{"id": "ca/2017-2018/SB54", "version_slug": "x", "file": "sb54.txt"}]
    entries.append({"version_slug": "chaptered", "file": "sb54.txt"})
    (folder / "index.json").write_text(json.dumps(entries), encoding="utf-8")
    before = counts(imported)
    assert_rejected(imported, [folder], "index.json: entry [1]: missing 'id'")
    assert counts(imported) == before


def test_index_not_a_list_is_rejected(fresh_db, tmp_path):
    (tmp_path / "index.json").write_text('{"id": "x"}', encoding="utf-8")
    assert_rejected(fresh_db, [tmp_path], "expected a list of objects")


def test_index_bad_id_names_entry(fresh_db, tmp_path):
    folder = changed_copy(tmp_path)
    entry = {"id": "ca/SB54", "version_slug": "a", "file": "sb54.txt"}
    (folder / "index.json").write_text(json.dumps([entry]), encoding="utf-8")
    assert_rejected(fresh_db, [folder], "entry [0] (ca/SB54): id 'ca/SB54' is not of the form")


def test_index_missing_file_names_entry(fresh_db, tmp_path):
    folder = changed_copy(tmp_path)
    entry = {"id": "ca/2017-2018/SB54", "version_slug": "a", "file": "nope.txt"}
    (folder / "index.json").write_text(json.dumps([entry]), encoding="utf-8")
    assert_rejected(
        fresh_db, [folder], "entry [0] (ca/2017-2018/SB54): file 'nope.txt' does not exist"
    )


def test_index_bad_text_names_entry_and_file(fresh_db, tmp_path):
    folder = changed_copy(tmp_path)
    (folder / "sb54.txt").write_bytes(b"caf\xe9")
    assert_rejected(fresh_db, [folder], "entry [0] (ca/2017-2018/SB54): ")


def test_rejected_import_writes_nothing_to_empty_db(fresh_db, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError):
        import_paths(fresh_db, [TEXTS, tmp_path / "empty.txt"])
    assert count(fresh_db, "bills") == 0


def test_failure_while_writing_rolls_back(imported, tmp_path, monkeypatch):
    real = storage.add_version
    calls = []

    def failing(db, version):
        calls.append(version["bill_id"])
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(db, version)

    monkeypatch.setattr(storage, "add_version", failing)
    before = counts(imported)
    (tmp_path / "second.txt").write_text("Another draft.", encoding="utf-8")
    with pytest.raises(RuntimeError):
        import_paths(imported, [good_file(tmp_path), tmp_path / "second.txt"])
    assert counts(imported) == before
