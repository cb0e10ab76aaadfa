"""CAML bill documents: titles, clean law text, and Legislative Counsel change marks."""

import pytest

from billtracker.errors import InputError
from conftest import FORMATS
from scrapers.caml import parse_caml, parse_caml_file

MINI = FORMATS / "ca_pubinfo" / "mini_2025"
NEW_TITLE = (
    "An act to amend Section 17539.1 of the Business and Professions Code, "
    "and to add Section 337o to the Penal Code, relating to gambling."
)


@pytest.fixture(scope="module")
def introduced():
    return parse_caml_file(MINI / "BILL_VERSION_TBL_1532.lob")


@pytest.fixture(scope="module")
def amended():
    """AB 831 as amended in the Senate on 2025-06-23: the bill was gutted and rewritten."""
    return parse_caml_file(MINI / "BILL_VERSION_TBL_5925.lob")


@pytest.fixture(scope="module")
def enrolled():
    return parse_caml_file(MINI / "BILL_VERSION_TBL_8872.lob")


@pytest.fixture(scope="module")
def chaptered():
    return parse_caml_file(MINI / "BILL_VERSION_TBL_9506.lob")


def test_introduced_title(introduced):
    assert (
        introduced.title
        == "An act to amend Section 12012.25 of the Government Code, relating to gaming."
    )


def test_amended_title_is_the_new_one(amended):
    assert amended.title == NEW_TITLE


def test_subject(amended):
    assert amended.subject == "Gambling: operation of a contest or sweepstakes."


def test_measure(amended):
    assert (amended.measure_type, amended.measure_num, amended.version_num) == ("AB", "831", "98")


def test_text_is_not_empty(introduced):
    assert len(introduced.text) > 5000


def test_text_has_the_enacting_clause(introduced):
    assert "The people of the State of California do enact as follows:" in introduced.text


def test_marked_text_shows_deleted_matter(amended):
    assert "~~Ramos~~" in amended.marked_text


def test_marked_text_shows_inserted_matter(amended):
    assert "__Valencia__" in amended.marked_text


def test_marked_text_shows_an_inline_change(amended):
    assert "any ~~method~~ __method, including an internet website" in amended.marked_text


def test_law_text_has_no_deletion_marks(amended):
    assert "~~" not in amended.text


def test_law_text_has_no_insertion_marks(amended):
    assert "__" not in amended.text


def test_law_text_keeps_inserted_matter(amended):
    assert "any method, including an internet website or an online application," in amended.text


def test_law_text_drops_struck_section(amended):
    assert "Alturas Rancheria" not in amended.text


def test_marked_text_keeps_struck_section(amended):
    assert (
        "~~(1) The compact between the State of California and the Alturas Rancheria"
        in amended.marked_text
    )


def test_sections_are_the_enacted_ones(amended):
    assert [s.num for s in amended.sections] == ["SECTION 1.", "SEC. 2.", "SEC. 3."]


def test_section_text_starts_with_its_number(amended):
    assert amended.sections[1].text.startswith("SEC. 2. Section 337o is added to the Penal Code")


def test_chaptered_has_no_marks(chaptered):
    assert chaptered.marked_text == chaptered.text


def test_chaptered_heading_names_the_chapter(chaptered):
    assert "Assembly Bill No. 831\nCHAPTER 623" in chaptered.text


def test_chaptered_bill_text_is_the_enrolled_bill_text(enrolled, chaptered):
    assert chaptered.body == enrolled.body


def test_chaptered_version_differs_from_enrolled(enrolled, chaptered):
    assert chaptered.text != enrolled.text


def test_corrupt_document_raises_input_error(tmp_path):
    broken = tmp_path / "BILL_VERSION_TBL_1.lob"
    broken.write_text(
        '<caml:MeasureDoc xmlns:caml="http://lc.ca.gov/legalservices/schemas/caml.1#"><caml:Bill>'
    )
    with pytest.raises(InputError, match="BILL_VERSION_TBL_1.lob"):
        parse_caml_file(broken)


def test_corrupt_document_message_is_one_line(tmp_path):
    broken = tmp_path / "broken.lob"
    broken.write_bytes(b"PK\x03\x04 this is a zip, not XML")
    with pytest.raises(InputError) as info:
        parse_caml_file(broken)
    assert "\n" not in str(info.value)


def test_other_xml_is_not_a_bill():
    with pytest.raises(InputError, match="not a CAML MeasureDoc"):
        parse_caml("<html><body>Not found</body></html>", name="page.lob")
