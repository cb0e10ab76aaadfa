"""pubinfo .dat tables: tab-separated, backtick-quoted strings, NULL literal."""

import pytest

from billtracker.errors import InputError
from conftest import FORMATS
from scrapers.pubinfo import parse_dat, parse_dat_file, read_table, table_name

MINI = FORMATS / "ca_pubinfo" / "mini_2025"


def test_backticks_are_stripped():
    assert parse_dat("`AB`\t831\n")[0]["col1"] == "AB"


def test_bare_values_are_kept_as_text():
    assert parse_dat("`AB`\t831\n")[0]["col2"] == "831"


def test_null_is_none():
    assert parse_dat("`AB`\tNULL\n")[0]["col2"] is None


def test_quoted_null_is_a_string():
    assert parse_dat("`NULL`\t1\n")[0]["col1"] == "NULL"


def test_tab_inside_backticks_stays_in_the_field():
    assert parse_dat("`a\tb`\t`c`\n")[0]["col1"] == "a\tb"


def test_empty_quoted_string():
    assert parse_dat("``\t1\n")[0]["col1"] == ""


def test_last_line_without_newline():
    assert len(parse_dat("`a`\t1\n`b`\t2")) == 2


def test_crlf_line_ends():
    assert parse_dat("`a`\t1\r\n`b`\t2\r\n")[1]["col2"] == "2"


def test_known_table_has_capublic_columns():
    assert parse_dat_file(MINI / "BILL_TBL.dat")[1]["bill_id"] == "202520260AB831"


def test_bill_version_table_names_its_lob():
    rows = parse_dat_file(MINI / "BILL_VERSION_TBL.dat")
    assert rows[1]["bill_xml"] == "BILL_VERSION_TBL_1532.lob"


def test_history_rows_are_all_read():
    assert len(parse_dat_file(MINI / "BILL_HISTORY_TBL.dat")) == 89


def test_utf8_names():
    rows = parse_dat_file(MINI / "BILL_VERSION_AUTHORS_TBL.dat")
    assert "Limón" in {r["name"] for r in rows}


def test_table_name_from_url():
    assert table_name("http://127.0.0.1:8000/pubinfo/BILL_HISTORY_TBL.dat") == "BILL_HISTORY_TBL"


def test_wrong_field_count_names_file_and_line():
    data = "`a`\t1\n`b`\n"
    with pytest.raises(InputError, match=r"t\.dat line 2: expected 2 fields, found 1"):
        parse_dat(data, name="t.dat")


def test_known_table_checks_its_width():
    with pytest.raises(InputError, match="expected 19 fields, found 3"):
        parse_dat("`202520260AB1`\t`20252026`\t`0`\n", "BILL_TBL")


def test_unterminated_backtick():
    with pytest.raises(InputError, match="line 1: unterminated backtick-quoted field"):
        parse_dat("`a\t1\n", name="t.dat")


def test_stray_backtick():
    with pytest.raises(InputError, match="stray backtick"):
        parse_dat("a`b\t1\n", name="t.dat")


def test_lenient_read_keeps_good_rows():
    rows, _ = read_table("`a`\t1\n`b`\n`c`\t3\n")
    assert [r["col1"] for r in rows] == ["a", "c"]


def test_lenient_read_reports_bad_rows():
    _, errors = read_table("`a`\t1\n`b`\n`c`\t3\n", name="t.dat")
    assert [str(e) for e in errors] == ["t.dat line 2: expected 2 fields, found 1"]
