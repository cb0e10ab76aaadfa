"""Per-source normalisers on real texts: deleted matter leaves the law text and is marked."""

import json
import re

import pytest

from billtracker.ingest.importer import law_and_marked_text
from billtracker.text.normalize import (
    marked_text,
    normalise_md,
    normalise_ny,
    normalise_nyc,
    unmark,
)
from conftest import FORMATS, TEXTS

S609 = FORMATS / "ny_openleg" / "S609-2017_api_v3_bill_response.json"


def read(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def s987():
    return normalise_ny(read("NY_2023-2024_S987_original.txt"))


@pytest.fixture(scope="module")
def int0486():
    return normalise_nyc(read("NYC_2014_Int0486-2014_vA.txt"))


@pytest.fixture(scope="module")
def hb1222():
    return normalise_md(read("MD_2025rs_HB1222_chaptered-ch718.txt"))


def test_ny_s987_new_matter_is_marked_inserted(s987):
    assert (
        '"__IMMIGRATION AUTHORITIES" MEANS ANY OFFICER, EMPLOYEE, OR GOVERN-__' in s987.marked_text
    )


def test_ny_s987_law_text_drops_legend_and_page_heads(s987):
    assert "EXPLANATION" not in s987.text and "LBD02333-01-3" not in s987.text
    assert not re.search(r"^S\. 987 +\d+$", s987.text, re.M)


def test_ny_s987_marked_text_stands_for_the_law_text(s987):
    assert unmark(s987.marked_text) == s987.text


def test_ny_s609a_deleted_matter():
    raw = json.loads(S609.read_text())["result"]["amendments"]["items"]["A"]["fullText"]
    texts = normalise_ny(raw)
    assert "[one]" in raw and "one" not in texts.text.split("than\n")[1][:10]
    assert "~~one~~ __TWO__ hundred ~~forty~~ hours" in texts.marked_text


def test_nyc_int0486_deleted_matter_absent_from_law_text(int0486):
    assert "Covered crime" not in int0486.text
    assert "[covered]" not in int0486.text


def test_nyc_int0486_deleted_matter_marked(int0486):
    assert '~~3. "Covered crime" shall mean a misdemeanor or felony charge' in int0486.marked_text
    assert "a ~~covered~~ violent or serious crime" in int0486.marked_text


def test_nyc_int0486_section_sign_repaired(int0486):
    assert "\ufffd" not in int0486.text and "\ufffd" not in int0486.marked_text


def test_nyc_nothing_marked_inserted(int0486):
    assert "__" not in int0486.marked_text


def test_md_hb1222_struck_matter_absent_from_law_text(hb1222):
    assert "prohibiting the State, a unit of local government" not in hb1222.text
    assert "~~" not in hb1222.text


def test_md_hb1222_struck_matter_marked(hb1222):
    assert (
        "FOR the purpose of ~~requiring an employee or agent of a State or local correctional facility~~"
        in (hb1222.marked_text)
    )


def test_md_hb1222_bracket_deletion_and_capitals(hb1222):
    assert "an investigation ~~or~~, AN enforcement\naction, __OR A FEDERAL IMMIGRATION" in (
        hb1222.marked_text
    )


def test_md_hb1222_marked_text_stands_for_the_law_text(hb1222):
    assert unmark(hb1222.marked_text) == hb1222.text


def test_marks_never_cross_lines(int0486):
    for line in int0486.marked_text.splitlines():
        assert line.count("~~") % 2 == 0


def test_plain_text_is_left_unmarked():
    assert (
        marked_text("Section 1. A plain [bracket] text.", "plain")
        == "Section 1. A plain [bracket] text."
    )


def test_importer_uses_law_text_when_sections_survive():
    text, marked = law_and_marked_text(read("MD_2025rs_HB1222_chaptered-ch718.txt"))
    assert "~~" not in text and "~~requiring" in marked


def test_importer_keeps_raw_text_when_sections_change():
    raw = read("NYC_2014_Int0486-2014_vA.txt")
    text, marked = law_and_marked_text(raw)
    assert text == raw and "~~" in marked
