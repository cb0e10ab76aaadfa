"""compare.sections: leaf sections with citation paths, on every corpus text."""

import pytest

from compare import markup
from compare.sections import Section, section_at, split_sections
from conftest import TEXTS

CORPUS_FILES = sorted(p.name for p in TEXTS.glob("*.txt"))


def _read(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


def _sections(name: str) -> list[Section]:
    return split_sections(_read(name))


def _citations(name: str) -> list[str]:
    return [s.citation for s in _sections(name)]


def test_corpus_is_present():
    assert len(CORPUS_FILES) >= 30


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_first_section_starts_at_zero(name):
    assert _sections(name)[0].start == 0


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_last_section_ends_at_text_end(name):
    assert _sections(name)[-1].end == len(_read(name))


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_sections_are_contiguous(name):
    sections = _sections(name)
    assert all(a.end == b.start for a, b in zip(sections, sections[1:], strict=False))


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_section_text_is_the_slice(name):
    text = _read(name)
    assert all(s.text == text[s.start : s.end] for s in _sections(name))


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_sections_are_not_empty(name):
    assert all(s.end > s.start for s in _sections(name))


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_ordinals_are_positions(name):
    assert [s.ordinal for s in _sections(name)] == list(range(len(_sections(name))))


def test_empty_text_has_no_sections():
    assert split_sections("") == []


def test_unstructured_text_is_one_section():
    assert [s.citation for s in split_sections("Just some words without any structure.")] == [""]


def test_unstructured_text_section_covers_text():
    text = "Just some words without any structure."
    assert split_sections(text)[0].text == text


def test_preamble_has_empty_citation():
    assert _sections("CA_2017-2018_SB54_chaptered-ch495.txt")[0].citation == ""


# California SB 54: one flattened line; sections recovered from inline markers.


def test_sb54_is_one_line():
    assert "\n" not in _read("CA_2017-2018_SB54_chaptered-ch495.txt")


@pytest.mark.parametrize(
    "citation",
    ["SECTION 1", "SEC. 3", "7282.5(a)(3)(AA)", "7284.6(a)(1)", "7284.6(a)(1)(C)", "7284.8"],
)
def test_sb54_citation_exists(citation):
    assert citation in _citations("CA_2017-2018_SB54_chaptered-ch495.txt")


def test_sb54_subparagraph_c_text():
    sec = next(
        s
        for s in _sections("CA_2017-2018_SB54_chaptered-ch495.txt")
        if s.citation == "7284.6(a)(1)(C)"
    )
    assert sec.text.startswith("(C) Providing information regarding a person’s release date")


def test_sb54_letter_i_after_h_is_a_letter():
    assert "7282.5(a)(3)(I)" in _citations("CA_2017-2018_SB54_chaptered-ch495.txt")


def test_sb54_cross_reference_is_not_a_subdivision():
    # "(b) Notwithstanding the limitations in subdivision (a), ..." must not start a new (a).
    cites = _citations("CA_2017-2018_SB54_chaptered-ch495.txt")
    assert cites.count("7284.6(a)") == 1


def test_sb54_usc_reference_is_not_a_subdivision():
    assert not any(
        c.endswith("(g)") and c.startswith("7284.6")
        for c in _citations("CA_2017-2018_SB54_chaptered-ch495.txt")
    )


# New York


def test_ny_s987_bill_section_citation():
    assert "Section 1" in _citations("NY_2023-2024_S987_original.txt")


def test_ny_s987_section_sign_citation():
    assert "§ 3" in _citations("NY_2023-2024_S987_original.txt")


def test_ny_s987_code_section_subdivision():
    assert "§ 256-B(3)" in _citations("NY_2023-2024_S987_original.txt")


def test_ny_s987_inferred_amendment_target():
    # "Section 1.20 of the criminal procedure law is amended by adding ... subdivisions 46, ..."
    assert "§ 1.20(46)" in _citations("NY_2023-2024_S987_original.txt")


def test_ny_s987_code_section_heading():
    sec = next(s for s in _sections("NY_2023-2024_S987_original.txt") if s.citation == "§ 319")
    assert sec.heading == "DEFINITIONS"


def test_ny_s746_paragraph_of_inferred_subdivision():
    assert "§ 94-b(5)(m)" in _citations("NY_2023-2024_S746_original.txt")


def test_ny_page_header_is_not_a_marker():
    assert not any("(S)" in c for c in _citations("NY_2023-2024_S987_original.txt"))


# New York City (U+FFFD for §)


def test_nyc_0486_subdivision_b_paragraph_1():
    assert "§ 9-131(b)(1)" in _citations("NYC_2014_Int0486-2014_vA.txt")


def test_nyc_0486_bill_section_from_replacement_char():
    assert "§ 4" in _citations("NYC_2014_Int0486-2014_vA.txt")


def test_nyc_0486_subdivision_heading():
    sec = next(s for s in _sections("NYC_2014_Int0486-2014_vA.txt") if s.citation == "§ 9-131(a)")
    assert sec.heading == "Definitions"


def test_nyc_0486_renumbered_paragraph_uses_new_number():
    sec = next(s for s in _sections("NYC_2014_Int0486-2014_vA.txt") if "[5] 3." in s.text[:20])
    assert sec.citation == "§ 9-131(a)(3)"


def test_nyc_0656_printed_code_section_heading():
    sec = next(s for s in _sections("NYC_2011_Int0656-2011_vA.txt") if s.citation == "§ 9-131")
    assert sec.heading == "Persons not to be detained"


def test_nyc_1412_paragraph_target_from_amending_clause():
    assert "§ 9-131(a)(4)" in _citations("NYC_2025_Int1412-2025_vA.txt")


def test_nyc_resolution_has_no_sections():
    assert _citations("NYC_2025_Res0714-2025_vA.txt") == [""]


# Maryland


def test_md_chaptered_code_section():
    assert "9-309" in _citations("MD_2025rs_HB1222_chaptered-ch718.txt")


def test_md_chaptered_nested_citation():
    assert "6-111(A)(4)(VI)(1)(A)" in _citations("MD_2025rs_HB1222_chaptered-ch718.txt")


def test_md_chaptered_roman_after_number():
    assert "5-104(b)(5)(I)" in _citations("MD_2025rs_HB1222_chaptered-ch718.txt")


def test_md_cross_reference_line_is_not_a_section():
    # "(5) ... HAS THE MEANING STATED IN\n§ 21–902 OF THE TRANSPORTATION ARTICLE."
    assert not any("21-902" in c for c in _citations("MD_2025rs_HB1222_chaptered-ch718.txt"))


def test_md_enrolled_line_numbers_do_not_hide_sections():
    assert "10-1702(B)(2)(III)(3)" in _citations("MD_2025rs_HB1222_enrolled.txt")


# Washington


@pytest.mark.parametrize(
    "name", ["WA_2025-26_SB5906_original.txt", "WA_2025-26_SB5906_engrossed-substitute.txt"]
)
def test_wa_section_4(name):
    assert "Section 4" in _citations(name)


def test_wa_roman_items():
    assert "Section 5(1)(a)(iv)" in _citations("WA_2025-26_SB5906_original.txt")


def test_wa_letter_i_after_h():
    assert "Section 5(1)(i)" in _citations("WA_2025-26_SB5906_original.txt")


# Missouri (PDF-extracted)


@pytest.mark.parametrize("citation", ["Section A", "285.530(4)(1)", "650.475(3)"])
def test_mo_hb1515_citation_exists(citation):
    assert citation in _citations("MO_2024_HB1515_introduced.txt")


def test_mo_wrapped_cross_reference_is_not_a_section():
    # "... requirements of sections 285.525 to\n44 285.550." is a reference, not a heading.
    assert "285.550" not in _citations("MO_2024_HB1515_introduced.txt")


def test_mo_hb1515_and_hb2489_same_structure():
    assert _citations("MO_2024_HB1515_introduced.txt") == _citations(
        "MO_2024_HB2489_introduced.txt"
    )


def test_ab450_code_sections():
    assert "90.2(a)(1)(D)" in _citations("CA_2017-2018_AB450_codified-partial.txt")


def test_pa_chapter_section_with_letter_inside_number():
    """Pennsylvania numbers a new chapter's sections "§ 66A04.": the letter sits inside the number."""
    text = (
        "Section 2. Title 42 is amended by adding a chapter to read:\n"
        "CHAPTER 66A\n"
        "§ 66A03. Definitions.\n"
        "The following words have the meanings given.\n"
        "§ 66A04. Protection from civil arrest.\n"
        "(a) General rule.--No individual shall be subject to civil arrest in a court facility.\n"
    )
    citations = [s.citation for s in split_sections(text)]
    assert "§ 66A04" in citations
    assert "§ 66A04(a)" in citations


def test_me_numbered_subsection_below_catchline_without_period():
    """Maine prints a section's catchline on its own line, with no period, and "1." below it."""
    text = (
        "Sec. 2. 26 MRSA §§634 to 636 are enacted to read:\n"
        "§634. Access to employee records by immigration enforcement agents\n"
        "1. Definitions. As used in this section, the following terms have the following meanings.\n"
        'A. "Employee records" means a personnel file.\n'
        "2. Records. An employer may not provide employee records to an immigration agent.\n"
    )
    citations = [s.citation for s in split_sections(text)]
    assert "§ 634(1)(A)" in citations
    assert "§ 634(2)" in citations


def test_police_manual_four_digit_sections_and_paragraphs():
    """A police manual numbers its sections "3762 ISSUANCE AND TRAINING [CALEA 41.3.8 f]" and
    their paragraphs "3762.2 Training" (the title alone, or a sentence after it)."""
    text = (
        "3762 ISSUANCE AND TRAINING [CALEA 41.3.8 f]\n\n"
        "3762.1 Issuance\nAll sworn members assigned to Patrol shall be issued a camera.\n\n"
        "3762.2 Training\nNo member shall operate a camera until trained.\n\n"
        "3766 REVIEW OF RECORDINGS\n\n"
        "3766.1 Members may review their own recordings before writing a report.\n"
    )
    citations = [s.citation for s in split_sections(text)]
    assert citations == ["3762", "3762.1", "3762.2", "3766", "3766.1"]


# section_at


def test_section_at_finds_section_of_offset():
    text = _read("CA_2017-2018_SB54_chaptered-ch495.txt")
    sections = split_sections(text)
    offset = text.index("Providing information regarding a person’s release date")
    assert section_at(sections, offset).citation == "7284.6(a)(1)(C)"


def test_section_at_start_offset():
    sections = _sections("NY_2023-2024_S987_original.txt")
    assert section_at(sections, sections[5].start) == sections[5]


def test_section_at_last_char():
    text = _read("NY_2023-2024_S987_original.txt")
    sections = split_sections(text)
    assert section_at(sections, len(text) - 1) == sections[-1]


def test_section_at_past_end_is_none():
    sections = _sections("NY_2023-2024_S987_original.txt")
    assert section_at(sections, sections[-1].end) is None


def test_section_at_empty_is_none():
    assert section_at([], 0) is None


# Large input: must finish (kept linear) and still cover the text.


@pytest.fixture(scope="module")
def big_text() -> str:
    text = _read("NYC_2014_Int0486-2014_vA.txt")
    return (text + "\n") * (10_000_000 // len(text) + 1)


@pytest.fixture(scope="module")
def big_sections(big_text):
    return split_sections(big_text)


def test_big_text_first_section_starts_at_zero(big_sections):
    assert big_sections[0].start == 0


def test_big_text_last_section_ends_at_end(big_sections, big_text):
    assert big_sections[-1].end == len(big_text)


def test_big_text_sections_contiguous(big_sections):
    assert all(a.end == b.start for a, b in zip(big_sections, big_sections[1:], strict=False))


def test_bill_sections_numbered_apart_as_illinois_numbers_them():
    """Sections 1, 5, 10, ... 99 are each the bill's own; an amended act's "Sec. 15." inside
    a bill section is not the bill's next section, and the bill's numbering goes on after it."""
    text = (
        "Section 1. Short title. This Act may be cited as the Example Act.\n\n"
        'Section 5. Definitions. As used in this Act:\n"Agency" means a State agency.\n\n'
        "Section 10. The Other Act is amended by changing Section 15 as follows:\n"
        "Sec. 15. Limits.\n(a) No agency shall inquire.\n\n"
        "Section 20. Reports.\n(a) Each agency shall report.\n\n"
        "Section 99. Effective date. This Act takes effect upon becoming law.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "Section 5" in cites and "Section 99" in cites
    assert "Section 20(a)" in cites  # not swallowed by the amended act's "Sec. 15"
    assert any(c.endswith("(a)") and "15" in c for c in cites)


def test_a_section_cited_in_the_middle_of_a_line_is_no_heading():
    text = "Section 1. Purpose. This Act amends\nthe law. See Section 7. Nothing else.\n"
    assert [s.citation for s in split_sections(text)] == ["Section 1"]


def test_a_policy_numbers_its_rules_four_point_two_with_a_heading():
    """A hospital's or police department's policy numbers its rules "4.2 Patient Information."
    under "4. POLICY": each is a section of its own."""
    text = (
        "4. POLICY\n\n"
        "4.1 Access to Facilities. Workforce members shall not admit immigration agents.\n\n"
        "4.2 Patient Information. The District shall not disclose patient information.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "4.1" in cites and "4.2" in cites


def test_illinois_compiled_statutes_sections_under_their_citation_lines():
    """ILCS prints "(5 ILCS 805/15)" above "Sec. 15.": the citation line is a running
    reference, and the sections are numbered apart (1, 5, 10, 15)."""
    text = (
        "    (5 ILCS 805/1)\n    Sec. 1. Short title. This Act is the TRUST Act.\n"
        "(Source: P.A. 100-463.)\n\n"
        "    (5 ILCS 805/5)\n    Sec. 5. Findings. The General Assembly finds it.\n"
        "(Source: P.A. 100-463.)\n\n"
        "    (5 ILCS 805/15)\n    Sec. 15. Prohibition.\n    (a) No agency shall hold a person.\n"
    )
    style = markup.detect_style(text)
    cites = [
        s.citation for s in split_sections(text, style=style, noise=markup.noise_spans(text, style))
    ]
    assert "Sec. 5" in cites and "Sec. 15(a)" in cites


def test_nevada_sections_printed_with_their_catchlines():
    """NRS prints "NRS 239D.060 Disclosure ... prohibited; exceptions." and then the
    section's subsections; a one-word catchline may run on into its text."""
    text = (
        "CHAPTER 239D - PERSONAL INFORMATION\n\n"
        "NRS 239D.010 Definitions. As used in this chapter, the words defined have their meanings.\n\n"
        "NRS 239D.060 Disclosure of personal information prohibited; exceptions.\n"
        "1. A state agency shall not disclose personal information.\n"
        "2. A state agency may disclose personal information if:\n"
        "(a) The person consents in writing.\n\n"
        "NRS 239D.070 Collection of information.\n"
        "1. A state agency shall not inquire into immigration status.\n"
    )
    sections = split_sections(text)
    cites = [s.citation for s in sections]
    assert "NRS 239D.010" in cites and "NRS 239D.060(2)(a)" in cites
    assert "NRS 239D.070(1)" in cites  # not a sixth item of 239D.060's list
    assert {s.citation: s.heading for s in sections}["NRS 239D.060"].startswith("Disclosure")


def test_a_policy_manual_divided_by_unnumbered_headings():
    """A school board's policy has no numbered sections, only headings on lines of their own:
    a heading ends the list above it (the rule under it is no item of a definition)."""
    text = (
        "Residence Requirement\n"
        "A person with legal custody means any of the following:\n"
        "a. A parent;\n"
        "b. A guardian.\n\n"
        "Information the District Does Not Collect\n"
        "No employee of the District shall request a student's immigration status.\n\n"
        "LEGAL REF.:\n105 ILCS 5/10-20.12a, and 5/10-22.5a.\n"
    )
    sections = split_sections(text)
    rule = section_at(sections, text.index("No employee"))
    assert rule.citation == "Information the District Does Not Collect"
    assert "means any of the following" not in rule.text


def test_a_bill_preamble_heading_is_no_section():
    """In a text with numbered sections, a heading line before them ("Bill Summary") is
    part of the preamble, not a section of its own."""
    text = (
        "Bill Summary\nThe bill makes a locality ineligible for grants.\n\n"
        "SECTION 1. A locality shall not do this.\n"
    )
    assert [s.citation for s in split_sections(text)] == ["", "SECTION 1"]


@pytest.mark.parametrize(
    ("line", "citation"),
    [
        ("2-27.3 Use of City Resources.", "2-27.3"),  # a city code numbered with a hyphen
        ("106-R:4 Custody.", "106-R:4"),  # New Hampshire's RSA
        ("171.1239 1. As used in this section:", "171.1239"),  # NRS as a bill amends it
    ],
)
def test_code_sections_of_more_states_head_their_subsections(line, citation):
    text = (
        f"Section 1. The code is amended to read as follows:\n\n{line}\n"
        "A. No city agency shall use city funds for immigration enforcement.\n"
        "B. The City shall not enter into any agreement under 8 U.S.C. 1357(g).\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert citation in cites, cites


def test_a_policy_heading_may_stand_apart_from_its_text():
    """A library policy prints "Disclosure of Patron Records", a blank line, then the rule."""
    text = (
        "What We Collect\n\nThe Library collects only what it needs:\n1. a name;\n2. an address.\n\n"
        "Disclosure of Patron Records\n\nPatron records shall not be disclosed to any agency.\n"
    )
    sections = split_sections(text)
    assert section_at(sections, text.index("Patron records")).citation == (
        "Disclosure of Patron Records"
    )


# Drafting layouts whose sections a text must be divided into, and citations each must yield.
LAYOUTS = {
    # an ordinance adds "7.20.050 Release of recordings." to a city code: each such section is
    # its own, so a definition's lead-in ("As used in this chapter:") ends there
    "city code in three parts": (
        "Section 1. The City Code is amended by adding Chapter 7.20 to read as follows:\n\n"
        "7.20.010 Definitions.\nAs used in this chapter:\n"
        'A. "Recording" means video captured by a body-worn camera.\n\n'
        "7.20.050 Release of recordings.\n"
        "A. Recordings are public records.\n"
        "B. The Department shall not provide any recording to a federal agency.\n",
        ("7.20.010(A)", "7.20.050(B)"),
    ),
    # North Carolina prints the sections it adds in quotation marks ('"§ 15A-292.')
    "section inserted in quotation marks": (
        'SECTION 1. Chapter 15A is amended by adding a new Article to read:\n"§ 15A-291. Definitions.\n'
        "(1) Hold request. - A request.\n"
        '"§ 15A-292. Limitations.\n(a) An agency shall not engage in any of the following:\n'
        "(1) Detaining an individual on the basis of a hold request.\n",
        ("§ 15A-292(a)(1)",),
    ),
    # a sheriff's written directive: "IV. PROCEDURES", then "A. Status Inquiries" on a line of
    # its own, then numbered rules
    "directive with lettered catchlines": (
        "I. PURPOSE\nThis directive sets procedures.\n\nII. POLICY\nThe Office serves everyone.\n\n"
        "III. DEFINITIONS\nA. Detainer: A request.\nB. ICE: the agency.\n\n"
        "IV. PROCEDURES\nA. Status Inquiries\n1. Deputies shall not ask about status.\n"
        "B. Detainers\n1. Personnel shall not hold a person on a detainer.\n",
        ("(III)(B)", "(IV)(A)(1)", "(IV)(B)(1)"),
    ),
    # Minnesota numbers a section's subdivisions "Subdivision 1." and "Subd. 2." and letters
    # the paragraphs of each anew; each subdivision keeps its section as its root
    "Minnesota subdivisions": (
        "Section 1. [175.48] WORKER INFORMATION.\n\n"
        "Subdivision 1. Definitions. (a) The terms have the meanings given.\n"
        '(b) "Department" means the Department of Labor and Industry.\n\n'
        "Subd. 2. Status inquiries. Department employees must not inquire into status.\n\n"
        "Subd. 3. Disclosure. (a) The department shall not disclose worker information.\n",
        ("Section 1, subd. 1(b)", "Section 1, subd. 2", "Section 1, subd. 3(a)"),
    ),
    # a law of Puerto Rico in English translation numbers its sections "Article 1.-"
    "Puerto Rico articles": (
        "BE IT ENACTED BY THE LEGISLATIVE ASSEMBLY OF PUERTO RICO:\n\n"
        "Article 1.- Title.\nThis Law shall be known as the Safe Access Act.\n\n"
        'Article 2.- Definitions.\nFor purposes of this Law:\n(a) "Department" means the Department.\n\n'
        "Article 4.- Confidentiality.\n(a) No school shall disclose a student record.\n",
        ("Article 2(a)", "Article 4(a)"),
    ),
    # Nevada bills print the amended section indented: "   171.1237  1.  A peace officer"
    "indented NRS section a bill amends": (
        "   Sec. 2. NRS 171.1237 is hereby amended to read as follows:\n"
        "   171.1237  1.  A peace officer shall not inquire into immigration status.\n"
        "   2.  The provisions of subsection 1 do not prohibit a certification.\n",
        ("171.1237(1)", "171.1237(2)"),
    ),
    # a school board policy divided by unnumbered headings ends with "Legal Reference:" and a
    # list of code sections ("200-262.4 Prohibition of discrimination"): the list is no
    # section of the policy, so the headings still divide it
    "policy with a legal reference list": (
        "Board Policy 5145.13\n\nEnrollment\n\nStaff shall not ask about immigration status.\n\n"
        "Release of Records\n\nNo employee shall release a student record to immigration "
        "authorities.\n\nTraining\n\nThe Superintendent shall provide training on this policy.\n\n"
        "Legal Reference:\nEDUCATION CODE\n200-262.4 Prohibition of discrimination\n"
        "234.7 Student protections relating to immigration\n",
        ("Release of Records", "Training"),
    ),
    # Nashville's Metro Code prints "13.10.020 - Council approval required.": the dash does
    # not hide the section, so its subdivisions are not read as the definitions'
    "Metro Code number before a dash": (
        '13.10.010 - Definitions.\nA. "Department" means any department of the Metropolitan '
        "Government.\n\n13.10.020 - Council approval required.\nA. No department shall "
        "acquire a new surveillance technology without approval of the Council.\n",
        ("13.10.020", "13.10.020(A)"),
    ),
    # some city codes and the N.J.S.A. number sections with a colon: "1:1105. Automated
    # license plate readers.", "52:17B-251 Disclosure of personal information ..."
    "colon-numbered sections": (
        "1:1104. Prohibited uses.\n\n(1) No City department shall acquire a cell-site "
        "simulator.\n\n1:1105. License plate readers.\n\n(1) ALPR data shall be deleted "
        "within 21 days.\n\n52:17B-251 Disclosure prohibited; exceptions.\n\n2. A public "
        "agency shall not disclose personal information.\n",
        ("1:1104(1)", "1:1105(1)", "52:17B-251(2)"),
    ),
    # the N.J.A.C. numbers a rule "10A:31-24.1 Purpose and scope" (a letter in the title, a
    # decimal in the section); the authority line's "30:8-57." is a citation, no section
    "N.J.A.C. rules": (
        "Authority\nN.J.S.A. 30:1B-6 and 30:8-57.\n\n10A:31-24.1 Purpose and scope\n\n(a) This "
        "subchapter sets standards.\n\n10A:31-24.10 Records and reports\n\n(a) Each facility "
        "shall keep a log.\n",
        ("10A:31-24.1(a)", "10A:31-24.10(a)"),
    ),
    # a chief judge's administrative order: its definitions are lettered, then "ORDERS" and
    # "IT IS ORDERED:" head the numbered orders, which are no items of definition (d)
    "court administrative order": (
        'CHIEF JUDGE ORDER 2026-02\n\nDEFINITIONS\n\n(a) "Court facility" means a courthouse.\n'
        '(b) "Judicial warrant" means a warrant signed by a judge.\n\nORDERS\n\nIT IS ORDERED:\n\n'
        "1. No person shall civilly arrest any individual in a court facility.\n"
        "2. Court personnel shall not permit immigration agents to enter nonpublic areas.\n",
        ("IT IS ORDERED(1)", "IT IS ORDERED(2)"),
    ),
    # one "7:60 Residence and Enrollment" line numbers a school board's whole policy: its
    # unnumbered headings still divide it
    "policy numbered with a colon": (
        "Board of Education\n\n7:60 Residence and Enrollment\n\nProof of Residency\n"
        "The person enrolling a student shall provide proof of residency.\n\n"
        "Information the District Does Not Collect\nThe District will not ask about "
        "immigration status.\n",
        ("Proof of Residency", "Information the District Does Not Collect"),
    ),
    # a health system's policy numbers "4. POLICY", then "4.3 Patient Information." alone on
    # its line above its "(a)", and returns to "5. PROCEDURE" after "4.10": the "5." closes
    # the "4.x" numbers, it is no subdivision of "4.10"
    "policy numbered within its parts": (
        "1. PURPOSE\n\nThis policy protects patients.\n\n4. POLICY\n\n"
        "4.1 Use of resources. Staff shall not assist immigration agents.\n\n"
        "4.3 Patient Information.\n(a) Staff shall not disclose patient information.\n"
        "(b) Staff shall not release records without consent.\n\n"
        "4.10 Relationship to other law. Nothing in this policy prevents compliance with a "
        "court order.\n\n5. REPORTING\n\n5.1 The Office shall publish a report each year.\n\n"
        "6. TRAINING\n\n6.1 All staff shall complete training.\n",
        ("4.1", "4.3(a)", "4.3(b)", "4.10", "(5)", "(6)"),
    ),
    # Kansas bills number new sections "New Section 1." and "New Sec. 2.", amended ones "Sec. 9."
    "Kansas new sections": (
        "New Section 1. (a) This act shall be known as the act.\n"
        "New Sec. 2. (a) No municipality shall adopt a sanctuary policy.\n"
        "(b) No agency shall limit cooperation.\n"
        "New Sec. 3. If any provision of this act is held invalid, the invalidity shall "
        "not affect other provisions.\n"
        "Sec. 4. This act shall take effect on July 1.\n",
        ("Section 1(a)", "Sec. 2(a)", "Sec. 2(b)", "Sec. 3", "Sec. 4"),
    ),
    # a school board policy's "5. Guidelines" holds lettered parts, each with its own "1."
    # list below a title-case heading line; "5." after "4." continues that list, it does not
    # repeat "5. Guidelines"
    "lettered parts with their own lists": (
        "1. Purpose\nThe Board protects students.\n\n2. Authority\nThe Board adopts this policy.\n\n"
        "3. Definitions\nTerms have their usual meaning.\n\n"
        "4. Delegation\nThe Superintendent shall develop procedures.\n\n5. Guidelines\n\n"
        "A. Access to District Facilities\n1. Schools are safe zones.\n"
        "2. No employee shall admit an agent.\n3. Staff shall ask for a warrant.\n"
        "4. The principal shall call counsel.\n5. Nothing in this section prevents an "
        "emergency response.\n\nB. Notice to Parents\nThe principal shall tell the parents.\n\n"
        "C. The District as Employer\n1. The District shall not admit an agent to a worksite.\n",
        ("(5)(A)(1)", "(5)(A)(5)", "(5)(B)", "(5)(C)(1)"),
    ),
    # South Dakota Codified Laws number sections "23-3C-2." (a letter inside the number)
    "SDCL sections": (
        '23-3C-1. Definitions.\nTerms used in this chapter mean:\n(1) "Agency," a police '
        'department;\n(2) "Officer," a peace officer.\n\n23-3C-6. Victims.\nA law enforcement '
        "officer may not inquire into the immigration status of a victim.\n",
        ("23-3C-1(1)", "23-3C-1(2)", "23-3C-6"),
    ),
    # a commercial New Jersey print puts the code's name before the number
    "N.J.S.A. sections": (
        "N.J.S.A. 52:17B-261. Short title\n\n1. This act is the Immigrant Trust Act.\n\n"
        "N.J.S.A. 52:17B-264. Prohibited conduct\n\n4. a. An agency shall not ask about status.\n",
        ("N.J.S.A. 52:17B-261", "N.J.S.A. 52:17B-264(4)(a)"),
    ),
    # Nebraska restates an amended section as "29-4803 (1) ..."; its (2) follows (1)'s list
    "Nebraska restated section": (
        "Sec. 3. Section 29-4803, Revised Statutes Cumulative Supplement, 2024, is amended to "
        "read:\n29-4803 (1) No law enforcement agency shall:\n(a) Detain an individual on a "
        "hold request;\n(b) Arrest an individual on a civil warrant.\n(2) A law enforcement "
        "agency is not required to use agency money for civil immigration enforcement.\n",
        ("Sec. 3(1)(a)", "Sec. 3(1)(b)", "Sec. 3(2)"),
    ),
    # Alaska hangs a list on "may not" with no colon, each item in underlined new matter
    "Alaska list after a bare modal": (
        "__Sec. 44.99.600. Limits. (a) A state agency may not__\n"
        "    __(1) detain a person solely on the basis of a civil immigration detainer;__\n"
        "    __(2) transfer a person to a federal immigration authority.__\n",
        ("Sec. 44.99.600(a)(1)", "Sec. 44.99.600(a)(2)"),
    ),
    # New Hampshire numbers a bill's sections "1 Statement of Findings." and "2 New Section; ..."
    "New Hampshire bill sections": (
        "AN ACT relative to pupil records.\n\n"
        "1 Statement of Findings. The general court finds that fear keeps children home.\n"
        "2 New Section; Pupil Records. Amend RSA 189 by inserting the following new section:\n"
        "189:68-c Pupil Records.\nI. No school district shall ask a pupil about status.\n",
        ("1", "2"),
    ),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_drafting_layouts_divide_into_their_sections(layout):
    text, expected = LAYOUTS[layout]
    cites = [s.citation for s in split_sections(text)]
    assert set(expected) <= set(cites), cites


def test_a_citation_after_a_colon_is_no_section():
    """ "N.J.S.A. 30:1B-6 and 30:8-57." cites a title's section: its "8-57." is no marker."""
    text = LAYOUTS["N.J.A.C. rules"][0]
    assert not [s.citation for s in split_sections(text) if s.citation.startswith("8-57")]


@pytest.mark.parametrize(
    "sponsors",
    [
        "Board Members Ortega-Blum, Nakashima, Fairweather",
        "By Alderperson Okafor; Seconded by Alderperson Lindqvist",
    ],
)
def test_a_sponsor_line_is_no_section_heading(sponsors):
    """A resolution's line of sponsors stands where a policy's heading would: it names no section."""
    text = (
        "BOARD OF EDUCATION\n\nSafe Schools Resolution\n\n"
        f"{sponsors}\n\n"
        "Resolved, That the Board hereby adopts the following as policy:\n\n"
        "1. No District employee shall ask about immigration status.\n"
    )
    citations = [s.citation for s in split_sections(text)]
    assert not any(sponsors.split()[1] in c for c in citations), citations


def test_new_matter_in_signed_brackets_opens_its_subdivision():
    """ "...responding.+]" ends a clause, so the "[+(D)" on the next line is a subdivision
    (Albuquerque's convention for new matter)."""
    text = (
        "Sec. 2-24-6 CONFIDENTIALITY.\n"
        "(C) The Clerk shall refer each request to the City Attorney before responding.+]\n"
        "[+(D) No person outside the Clerk's office shall be given access to the database.+]\n"
    )
    citations = [s.citation for s in split_sections(text)]
    assert citations[-2:] == ["Sec. 2-24-6(C)", "Sec. 2-24-6(D)"]


def test_a_section_named_by_an_exemption_is_no_heading():
    """ "(c) Section 18-301(b)(4) does not apply to ..." cites a section: it stays in (c)."""
    text = (
        "Sec. 18-309. Exceptions.\n"
        "(b) Nothing in this article restricts a response to a criminal history inquiry.\n"
        "(c) Section 18-301(b)(4) does not apply to a person convicted of an assaultive crime.\n"
        "(d) Nothing in this article prohibits compliance with a judicial warrant.\n\n"
        "Section 18-310. Enforcement.\n(a) A person injured may bring a civil action.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "Sec. 18-309(c)" in cites and "Sec. 18-309(d)" in cites
    assert not any(c.startswith("Section 18-301") for c in cites)
    assert "Section 18-310" in cites


def test_new_hampshire_rsa_as_the_general_court_prints_it():
    """The RSA site prints "Section 106-P:4", then the section indented with its catchline and
    a dash ("106-P:4 Exceptions. –"), and its paragraphs I., II. below: each is a subdivision."""
    text = (
        "CHAPTER 106-P\n\nSection 106-P:3\n\n"
        "    106-P:3 Prohibited Activities. –\n"
        "I. No law enforcement agency shall:\n(a) Inquire into immigration status; or\n"
        "(b) Detain an individual on the basis of a civil immigration detainer.\n\n"
        "Section 106-P:4\n\n"
        "    106-P:4 Exceptions. –\n"
        "I. A law enforcement agency may respond to a notification request if the individual:\n"
        "(a) Has been convicted of a violent crime; or\n(b) Is required to register.\n"
        "II. The commissioner shall provide notice of the release date.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert cites[1:] == [
        "106-P:3",
        "106-P:3(I)",
        "106-P:3(I)(a)",
        "106-P:3(I)(b)",
        "106-P:4",
        "106-P:4(I)",
        "106-P:4(I)(a)",
        "106-P:4(I)(b)",
        "106-P:4(II)",
    ], cites


def test_a_section_cited_as_the_subject_of_its_exception_is_no_heading():
    """ "(a) Section 12-6-704 does not apply ..." and "(b) Section 12-6-704 does not prohibit
    ... from:" cite the section their exceptions lift: both stay in the exceptions section,
    with (b)'s list under (b)."""
    text = (
        "12-6-705. Exceptions.\n"
        "(a) Section 12-6-704 does not apply with respect to a person who:\n"
        "(1) Has been convicted of a felony; or\n(2) Is the subject of a final order.\n"
        "(b) Section 12-6-704 does not prohibit a law enforcement agency from:\n"
        "(1) Exchanging information under 8 U.S.C. 1373; or\n"
        "(2) Providing access to the crime information center.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "12-6-705(b)(2)" in cites, cites
    assert not any(c.startswith("Section 12-6-704") for c in cites), cites


def test_lettered_section_numbers_and_their_decimal_paragraphs():
    """An amendment adds "SECTION 7A." with paragraphs "7A.1 Inquiries.", "7A.2 ...", printed
    as inserted matter: each paragraph is a section of its own."""
    text = (
        "Section 4. Ordinance No. 19-02 is amended by adding a new Section 7A to read:\n\n"
        "__SECTION 7A. REQUESTS FROM FEDERAL IMMIGRATION AUTHORITIES.__\n\n"
        "__7A.1 Inquiries. No employee shall inquire into immigration status.__\n\n"
        "__7A.2 Disclosure of data. No department shall disclose data to a federal "
        "immigration authority.__\n\n"
        "__7A.3 Exception. Section 7A.2 does not prohibit a response about a person convicted "
        "of a crime of violence.__\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert ["SECTION 7A", "7A.1", "7A.2", "7A.3"] == [c for c in cites if "7A" in c], cites


def test_kentucky_arrow_before_each_section():
    """Kentucky prints "→SECTION 3." before each section of a bill; the arrow does not hide the
    marker, and the subsections below it are that section's."""
    text = (
        "AN ACT relating to court facilities.\n"
        "Be it enacted by the General Assembly of the Commonwealth of Kentucky:\n"
        "→SECTION 1.   A NEW SECTION OF KRS CHAPTER 26A IS CREATED TO READ AS FOLLOWS:\n"
        '    (1) "Court facility" means any building in which a court sits.\n'
        "→SECTION 2.   A NEW SECTION OF KRS CHAPTER 26A IS CREATED TO READ AS FOLLOWS:\n"
        "    (1) Court personnel shall not lend personnel to a federal immigration authority.\n"
        "    (2) Court personnel shall not inquire into immigration status.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert ["SECTION 1", "SECTION 1(1)", "SECTION 2", "SECTION 2(1)", "SECTION 2(2)"] == [
        c for c in cites if c
    ], cites


def test_a_custody_manuals_lettered_policy_numbers_are_sections():
    """A jail manual numbers its sections with the policy's letter and number ("J-330.4
    INTAKE AND BOOKING"); each is a section, its "(a)" below it."""
    text = (
        "Sheriff's Office\nCustody Manual\n\nPolicy J-330\n\n"
        "J-330.1 PURPOSE AND SCOPE\nThis policy governs immigration detainers.\n\n"
        "J-330.4 INTAKE AND BOOKING\n(a) Intake deputies do not ask about immigration status.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert ["J-330.1", "J-330.4", "J-330.4(a)"] == [c for c in cites if c], cites
    numbered = (
        "Policy Number: 4-218\n\n4-218.01 PURPOSE\n\nThis policy governs detainers.\n\n"
        "4-218.05 CIVIL IMMIGRATION DETAINERS\n\nA. The ADC does not hold any person on a detainer.\n"
    )
    cites = [s.citation for s in split_sections(numbered)]
    assert ["4-218.01", "4-218.05", "4-218.05(A)"] == [c for c in cites if c], cites


def test_city_code_sections_after_printed_line_numbers():
    """A city's ordinance printed with line numbers ("10  2.95.010 Title."): once the line
    numbers are blanked, the code sections they stood before still mark sections."""
    text = (
        " 1  Section 2. Chapter 2.95 is added to the Municipal Code to read as follows:\n"
        " 2\n"
        " 3  2.95.010 Title.\n"
        " 4  This Chapter shall be known as the Values Ordinance.\n"
        " 5\n"
        " 6  2.95.040 Use of City resources.\n"
        " 7  A. No City department shall inquire into an individual's immigration status.\n"
        " 8  B. No City department shall detain an individual on the basis of a hold request.\n"
        " 9  C. No City department shall enter into a contract to detain individuals for\n"
        "10  civil immigration enforcement.\n"
    )
    st = markup.detect_style(text)
    cites = [s.citation for s in split_sections(text, style=st, noise=markup.noise_spans(text, st))]
    assert ["2.95.010", "2.95.040", "2.95.040(A)", "2.95.040(B)", "2.95.040(C)"] == [
        c for c in cites if c.startswith("2.95")
    ], cites


def test_a_lettered_heading_in_sentence_case_heads_its_list():
    """ "A. Patient information" on its own line is a heading (no verb), so "1." below it is
    its first subdivision, not part of its text."""
    text = (
        "II. PROCEDURES\n"
        "A. Patient information\n"
        "1. Staff will not disclose information about a patient to immigration authorities.\n"
        "B. Workforce\n"
        "1. Human Resources will not reverify the employment eligibility of an employee.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert ["(A)", "(A)(1)", "(B)", "(B)(1)"] == [c for c in cites if c], cites


def test_indented_decimal_paragraphs_with_catchlines():
    """A department policy indents its paragraphs under the numbered part ("      6.2   Disclosure.
    Metro shall not ..."); each is a section of its own."""
    text = (
        "6.0   POLICIES:\n"
        "      6.1   Immigration status. Metro does not ask riders about immigration status.\n"
        "      6.2   Disclosure. Metro shall not disclose rider information to immigration"
        " authorities.\n"
        "7.0   PROCEDURES:\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert ["6.0", "6.1", "6.2", "7.0"] == [c for c in cites if c], cites


def test_headings_printed_in_the_margin_divide_the_text():
    """A policy manual printing its headings in a left margin beside their text (as Texas
    school boards' manuals do): each heading, on however many lines, cites the text beside
    and below it, and a list under one heading ends at the next."""
    body = " " * 15
    text = (
        "Lakeview ISD\n\nCOMMUNITY RELATIONS\n\n"
        "Federal        The Board affirms that every child is entitled to a free\n"
        "Immigration    public education.\n"
        f"Authorities\n{body}This section governs requests by federal officers.\n\n"
        "Use of         The District shall not use District funds to assist civil\n"
        "District       immigration enforcement, except:\n\n"
        f"{body}1.  as required by federal law; or\n\n"
        f"{body}2.  under a judicial warrant.\n\n"
        "Reports to     The Superintendent shall report to the Board in open session\n"
        "the Board      each semester the number of requests by federal officers.\n\n"
        "Complaints     A parent may file a complaint under FNG(LOCAL).\n"
        f"{body}An employee who violates this section may be disciplined.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "Use of District(2)" in cites
    reports = next(s for s in split_sections(text) if s.citation == "Reports to the Board")
    assert "each semester" in reports.text and "Complaints" not in reports.text


def test_court_and_agency_rules_are_sections():
    """A court's "Rule 1960. Civil Arrests ..." and an agency's "Rule 5.3  Disclosure" head
    sections, and their subdivisions are cited under them."""
    text = (
        "ANNEX A\n\nRule 1954. Security in Court Facilities.\n\n(a) Security plans. The president "
        "judge shall adopt a security plan.\n\nRule 1960. Civil Arrests in and Around Court "
        "Facilities.\n\n(a) Prohibition. No person shall be subject to civil arrest while "
        "present in a court facility.\n\n(b) Nonpublic areas. Court personnel shall not permit "
        "any officer to enter a nonpublic area without a judicial warrant.\n\n"
        "Rule 5.3  Disclosure of Personal Information\n\n(A) The Division shall not disclose "
        "personal information for immigration enforcement.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "Rule 1960(b)" in cites and "Rule 1954(a)" in cites and "Rule 5.3(A)" in cites


def test_michigans_inserted_sections_with_a_letter_are_the_bills_own():
    """A Michigan bill inserts "Sec. 7a." and "Sec. 7b." after its "Sec. 1." definitions, each
    opening on "(1)": they are sections of the bill, not the last definition's subdivisions."""
    text = (
        "Sec. 1. As used in this act:\n"
        '(a) "Employer" means a person that employs an individual.\n'
        '(b) "Department" means the department of labor.\n'
        "Sec. 7a. (1) An employer shall not provide voluntary consent to an immigration\n"
        "enforcement agent to enter a nonpublic area of a place of labor.\n"
        "(2) Subsection (1) does not apply in an emergency.\n"
        "Sec. 7b. (1) An employer shall provide a notice to each current employee.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "Sec. 7a(1)" in cites and "Sec. 7b(1)" in cites, cites
    assert not any(c.startswith("Sec. 1(b)(") for c in cites), cites


def test_a_boldfaced_new_section_printed_with_stars_is_a_section():
    """Oregon prints new sections in boldface, shown **thus** in a text copy: the stars
    before "SECTION 3." are formatting, and the section is the bill's own."""
    text = (
        "Be It Enacted by the People of the State of Oregon:\n\n"
        "**SECTION 1. Sections 2 and 3 of this 2027 Act are added to ORS chapter 802.**\n\n"
        "**SECTION 2. As used in sections 2 and 3 of this 2027 Act:**\n\n"
        '**(1) "Department" means the Department of Transportation.**\n\n'
        "**SECTION 3. Disclosure. (1) The department may not disclose personal information to a "
        "federal immigration authority unless presented with a judicial warrant.**\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "SECTION 3(1)" in cites, cites
    assert "SECTION 2(1)" in cites, cites


def test_a_catchline_run_on_with_semicolons_leaves_the_first_subdivision_its_own():
    """California's section catchlines run on with semicolons ("Immigration status of pupils;
    collection and disclosure of information; model policies"): "(a)" on the next line is
    the section's first subdivision, and "(b)" its second."""
    text = (
        "§ 234.9. Immigration status of pupils and families; collection and disclosure of "
        "information; access to school sites; model policies\n"
        "(a) For purposes of this section:\n"
        '(1) "Judicial warrant" means a warrant issued by a judge.\n'
        "(b) School officials shall not collect information regarding citizenship.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "§ 234.9(a)(1)" in cites and "§ 234.9(b)" in cites, cites


def test_sections_of_an_inserted_chapter_do_not_end_the_bills_capital_sections():
    """A Massachusetts bill prints its own sections in capitals ("SECTION 1.") and the
    chapters it inserts in mixed case ("Section 1." to "Section 4."): after the inserted
    chapter, "SECTION 2." is the bill's next section, and the next chapter's sections are
    sections too, not subdivisions of the last one."""
    text = (
        "SECTION 1. The General Laws are hereby amended by inserting after chapter 147B the"
        " following chapter:-\n"
        'Section 1. As used in this chapter, "agency" means any agency of the commonwealth.\n'
        "Section 2. No agency shall inquire about the immigration status of any person.\n"
        "Section 3. Nothing in this chapter shall prohibit any agency from:"
        " (i) complying with federal law; or (ii) complying with a judicial warrant.\n\n"
        "SECTION 2. The General Laws are hereby amended by inserting after chapter 93L the"
        " following chapter:-\n"
        'Section 1. As used in this chapter, "data broker" means a business that sells data.\n'
        "Section 2. (a) A public body shall not sell personal data to a data broker.\n"
        "(b) A public body shall not purchase personal data from a data broker.\n\n"
        "SECTION 3. This act shall take effect 90 days after its passage.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert cites.count("SECTION 2") == 1 and "SECTION 3" in cites, cites
    assert "Section 2(a)" in cites and not any(c.startswith("Section 3(ii)(") for c in cites), cites


def test_a_chained_first_marker_opens_both_levels_and_a_colon_nests_the_list_after_it():
    """Vermont prints a section's first subdivision and its first paragraph together,
    "(a)(1)": "(2)" is then (a)'s second paragraph. A list after a lead-in's colon
    ("The model policy shall, at a minimum:" then "(A)") is nested under it, even where
    bracketed deleted matter makes capital letters read as lower-case ones."""
    text = (
        "Sec. 2. 20 V.S.A. § 2366 is amended to read:\n\n"
        "§ 2366. LAW ENFORCEMENT AGENCIES; FAIR AND IMPARTIAL POLICING POLICY\n\n"
        "(a)(1) On or before [Struck: January 1, 2018] January 1, 2028, every law enforcement"
        " agency shall adopt a policy that includes each component of the model policy.\n\n"
        "(2) The Council shall update its model policy. The model policy shall, at a minimum:\n\n"
        "(A) prohibit the use of agency funds to investigate a violation of federal civil"
        " immigration law; and\n\n"
        "(B) require that personnel receive training on the policy.\n\n"
        "(b) Each officer shall receive training.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "§ 2366(a)(1)" in cites and "§ 2366(a)(2)" in cites, cites
    assert "§ 2366(a)(2)(A)" in cites and "§ 2366(a)(2)(B)" in cites, cites
    assert "§ 2366(b)" in cites, cites


def test_a_reference_chained_after_a_marker_mid_sentence_is_no_subdivision():
    """ "as provided in section 5(a)(1)" names a subdivision; only a chain at a line's start
    opens one."""
    text = (
        "§ 4801. Limits.\n(a) Except as provided in section 4805(a)(1), no agency shall share"
        " data.\n(b) No agency shall collect data.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert cites == ["§ 4801", "§ 4801(a)", "§ 4801(b)"], cites


def test_a_city_code_section_numbered_with_a_dash_before_its_catchline_is_a_section():
    """Municode prints a city code's sections as "2135.06 - Confidentiality." on their own
    line: each is a section, and its "(A)" a subdivision of it, not of the ordinance's
    "SECTION 1" that enacts the chapter."""
    text = (
        "SECTION 1. That new Chapter 2135 of the City Codes is hereby enacted to read as"
        " follows:\n\n"
        "2135.01 - Definitions.\n\n"
        '(A) "Applicant" means a person who applies for a card.\n\n'
        "2135.06 - Confidentiality.\n\n"
        "(A) The Director shall collect only the information that is necessary.\n\n"
        "(B) The Director shall not retain a copy of any document for more than 90 days.\n\n"
        "SECTION 2. That this ordinance shall take effect at the earliest period allowed.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "2135.06(A)" in cites and "2135.06(B)" in cites and "2135.01(A)" in cites, cites
    assert "SECTION 2" in cites, cites


def test_an_oklahoma_statute_as_oscn_prints_it_opens_a_section_at_each_catchline():
    """OSCN prints each statute as "Section 1319 - Public Employers ...", a "Cite as" line,
    its lettered subsections, then "Historical Data": each "Section NNNN - ..." line opens a
    section, so its subsections are cited by it, not by the history heading above."""
    text = (
        "Section 1318 - Short Title; Definitions\n"
        "Cite as: 25 O.S. § 1318 (OSCN 2026)\n\n"
        "A. Sections 1318 through 1325 of this title shall be known as the Act.\n\n"
        "Historical Data\n"
        "Laws 2026, HB 2890, c. 201, § 1, eff. November 1, 2026.\n\n"
        "Section 1322 - Sanctuary Policies Prohibited\n"
        "Cite as: 25 O.S. § 1322 (OSCN 2026)\n\n"
        "A. No political subdivision shall adopt, enact, or enforce a sanctuary policy.\n\n"
        "B. A political subdivision may enter into an agreement under 8 U.S.C., Section"
        " 1357(g).\n\n"
        "Historical Data\n"
        "Laws 2026, HB 2890, c. 201, § 5, eff. November 1, 2026.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "Section 1322(A)" in cites and "Section 1322(B)" in cites, cites
    assert not any(c.startswith("Historical Data(") for c in cites), cites


def test_a_nebraska_section_numbered_with_a_comma_is_a_section():
    """Nebraska numbers a section inserted between two others with a comma ("79-2,153.
    Enrollment; ..."): each is a section, so its "(1)" is not read as a sixth item of the
    definitions section above it."""
    text = (
        "79-2,152. Terms, defined.\n"
        "For purposes of the act:\n"
        "(1) Judicial warrant means a warrant signed by a judge;\n"
        "(2) School means a public elementary or secondary school.\n"
        "Source: Laws 2026, LB1037, § 3.\n\n"
        "79-2,153. Enrollment; immigration or citizenship status; inquiry prohibited.\n"
        "(1) A school district shall not inquire about the citizenship or immigration status"
        " of a student.\n"
        "(2) Nothing in this section prohibits a school district from requesting a birth"
        " certificate.\n"
        "Source: Laws 2026, LB1037, § 4.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "79-2,153(1)" in cites and "79-2,152(2)" in cites, cites


def test_a_utah_code_section_in_a_lettered_chapter_is_a_section():
    """The Utah Code numbers a section of a lettered chapter "41-6a-2003. Automatic license
    plate reader systems -- Restrictions.": each is a section, so its "(1)" is not read as a
    seventh item of the definitions section above it."""
    text = (
        "41-6a-2002. Definitions.\n\n"
        "As used in this part:\n"
        '(1) "Captured plate data" means the data captured by a reader system.\n'
        '(2) "Governmental entity" means the same as that term is defined in Section'
        " 63G-2-103.\n\n"
        "41-6a-2003. Automatic license plate reader systems -- Restrictions.\n\n"
        "(1) A governmental entity may not use an automatic license plate reader system.\n"
        "(2) Captured plate data may not be shared with a federal immigration authority.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "41-6a-2003(1)" in cites and "41-6a-2002(2)" in cites, cites


def test_bold_new_subdivisions_are_subdivisions():
    """Oregon prints new matter in boldface, here as **stars**: a bold paragraph's closing
    stars end its sentence, and a renumbered "[(3)] **(4)**" opens the fourth subdivision, so
    new subsections are not read as one sentence with the saving clause after them."""
    text = (
        "SECTION 6. ORS 181A.820 is amended to read:\n"
        "181A.820. (1) A law enforcement agency may not use public moneys to detect a person"
        " whose only violation is presence in violation of federal immigration law.\n"
        "**(2) A law enforcement agency may not enter into an agreement under 8 U.S.C."
        " 1357(g).**\n"
        "**(3) A law enforcement agency may not arrest an individual on the basis of a civil"
        " immigration detainer.**\n"
        "[(3)] **(4)** Nothing in this section prohibits an arrest on a criminal warrant.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert cites[-3:] == ["SECTION 6(2)", "SECTION 6(3)", "SECTION 6(4)"], cites


def test_a_section_inserted_with_a_letter_after_its_number_is_a_section():
    """Michigan inserts "Sec. 1e." after an act's "Sec. 1.": it opens a section of its own,
    so its "(1)" to "(6)" are not read as items under the last subdivision of Sec. 1."""
    text = (
        "Sec. 1. (1) A resident may apply for an identification card.\n"
        "(2) The secretary of state shall not charge a fee.\n"
        '**Sec. 1e. (1) As used in this section, "department" means the department of'
        " corrections.**\n"
        "**(2) The department shall destroy any copy of a document within 30 days.**\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert cites[-3:] == ["Sec. 1e", "Sec. 1e(1)", "Sec. 1e(2)"], cites


def test_oregon_administrative_rules_open_a_section_at_each_rule_number():
    """The Oregon Administrative Rules print each rule's number alone on its line, its
    catchline below, and a "History:" label above the next rule: the label's notes end at
    that number, so the next rule is read, not blanked as history."""
    text = (
        "735-010-0250\nPurpose and Definitions\n\n"
        '(1) As used in these rules, "personal information" has the meaning given in ORS'
        " 802.175.\n\n"
        "Statutory/Other Authority: ORS 184.616\nHistory:\n"
        "DMV 14-2027, adopt filed 11/19/2027, effective 01/01/2028\n\n"
        "735-010-0255\nProhibited Disclosures\n\n"
        "(1) DMV may not disclose personal information to a federal immigration authority.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "735-010-0255(1)" in cites, cites


def test_a_rule_numbered_with_its_catchline_alone_on_its_line_is_a_section():
    """A state agency's rule printed as Rhode Island's Code of Regulations prints it ("9.4
    Patient Participation" alone on its line, lettered subsections below) opens a section
    at each number, so "9.5(C)" is cited, not the whole Part as one."""
    text = (
        "Part 9 Health Information Exchange\n\n"
        "9.4 Patient Participation\n"
        "A. Participation in the exchange is voluntary.\n"
        "B. A participant shall not condition treatment on participation.\n\n"
        "9.5 Access and Disclosure\n"
        "A. An authorized user may access information only for treatment.\n"
        "C. Information obtained through the exchange shall not be sold to a data broker.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "9.5(C)" in cites and "9.4(B)" in cites, cites


def test_an_ordinance_that_numbers_its_sections_in_words_opens_each_one():
    """A Massachusetts city ordinance numbers its own sections in words ("Section One.",
    "Section Two."); the code section it inserts ("Section 36. Trust Ordinance.") is the
    code's, so "Section Two." after it is the ordinance's next section, not part of 36(h)."""
    text = (
        "Section One. Chapter 2 is hereby amended by inserting the following section:-\n\n"
        "Section 36. Trust Ordinance.\n(a) No city agency shall disclose personal information.\n"
        "(h) Severability. If any provision is held invalid, the rest remains.\n\n"
        "Section Two. Section 14 of Chapter 11 is hereby amended by striking out paragraph (d).\n\n"
        "Section Three. This ordinance shall take effect upon its passage.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "Section Two" in cites and "Section Three" in cites, cites
    assert "Section 36(a)" in cites, cites


def test_a_michigan_administrative_rule_opens_a_section_at_each_rule_number():
    """Michigan's Administrative Code prints each rule as "R 257.1707 Catchline." over "Rule 7.
    (1) ..."; the list of rules the filing adds ("R 257.1701, R 257.1702 ...") opens none."""
    text = (
        "R 257.1701, R 257.1702, and R 257.1703 are added to the Michigan Administrative Code.\n\n"
        "R 257.1702 Bulk records.\n  Rule 2. (1) The department may furnish bulk records only"
        " to persons listed in the code.\n\n"
        "R 257.1703 Query access by governmental agencies.\n  Rule 3. (1) A governmental agency"
        " may query individual records.\n  (2) A federal agency may query department records for"
        " any purpose authorized by federal law.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "R 257.1703(2)" in cites and "R 257.1702" in cites, cites
    assert "R 257.1701" not in cites, cites


def test_a_city_code_printed_by_sterling_codifiers_opens_each_numbered_section():
    """Many small cities' codes head a section "2-18-11: CONSTRUCTION:" (the chapter's table
    lists it as "2-18-11: Construction"): each heading opens a section, so a saving clause
    there is no item of the list before it."""
    text = (
        "2-18-8: AUDITS AND ANNUAL REPORT:\n\nB. The chief shall post a written report that"
        " includes:\n1. The number of queries;\n2. The number of data sharing requests.\n\n"
        "2-18-11: CONSTRUCTION:\n\nNothing in this chapter shall be construed to prohibit the"
        " city from sending to, or receiving from, any federal agency information regarding"
        " the citizenship or immigration status of any individual.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "2-18-11" in cites and "2-18-8(B)(2)" in cites, cites


def test_an_administrative_code_section_cited_by_its_title_opens_a_section():
    """Alaska's regulations print a new section as "13 AAC 68.345. Catchline. (a) ...": the
    title number before the code's name still opens a section, and its subsections follow."""
    text = (
        "13 AAC 68 is amended by adding a new section to read:\n\n"
        "13 AAC 68.345. Release of information for civil immigration enforcement. (a) The"
        " department may not release a person's address to a federal immigration authority.\n\n"
        "(b) This section does not affect the access of a federal agency to APSIN.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "13 AAC 68.345(b)" in cites, cites


def test_a_catchline_wrapped_onto_a_second_line_still_heads_its_subsections():
    """A Louisiana bill wraps a long catchline, its second line in lower case ("§1844.2.
    Immigration status of victims; inquiries;\\nconfidentiality; certification"): its "A."
    and "B." below are the section's subsections."""
    text = (
        "Section 1. R.S. 46:1844.2 is hereby enacted to read as follows:\n"
        "§1844.2. Immigration status of victims and witnesses; inquiries;\n"
        "confidentiality; certification\n"
        "A. As used in this Section, the following terms have the following\nmeanings:\n"
        '(1) "Victim" means a person against whom a crime is committed.\n'
        '(2) "Witness" means a person who saw a crime.\n'
        "B. No peace officer shall inquire into the immigration status of a victim.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "§ 1844.2(B)" in cites and "§ 1844.2(A)(2)" in cites, cites


def test_a_south_dakota_section_with_a_lettered_title_opens_a_section():
    """South Dakota's Codified Laws head sections "23A-28H-2. Catchline." (a lettered title and
    chapter); its table of sections, without the period, opens none."""
    text = (
        "23A-28H-1 Definitions.\n23A-28H-2 Inquiry into immigration status restricted.\n\n"
        "23A-28H-1. Definitions.\n\nTerms used in this chapter mean:\n\n"
        '(1) "Victim," a person against whom a crime is committed.\n\n'
        "23A-28H-2. Inquiry into immigration status restricted.\n\nA law enforcement officer"
        " may not inquire into the immigration status of a victim or witness.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "23A-28H-2" in cites and "23A-28H-1(1)" in cites, cites


def test_an_nrs_section_indented_five_spaces_as_a_bill_amends_it_opens_a_section():
    """A Nevada bill reprints the NRS section it amends indented ("     239.013  1. Except as
    otherwise provided ..."): the section opens there, and its "2." is a sibling of "1.", not
    an item of 1.'s list."""
    text = (
        "     Sec. 9. NRS 239.013 is hereby amended to read as follows:\n"
        "     239.013  1. Except as otherwise provided in subsection 2, the records of a library"
        " are confidential and may be disclosed only:\n"
        "     (a) In response to an order issued by a court;\n"
        "     (b) Upon the written consent of the user.\n"
        "     2. A library shall not disclose any record described in subsection 1 to a federal"
        " immigration authority.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "239.013(2)" in cites, cites


def test_an_ors_section_indented_below_its_table_of_sections_opens_a_section():
    """The ORS prints a chapter's table of sections ("182.610 Disclosure ... prohibited;
    exceptions") and then each section indented, its catchline ending in a period before its
    text ("     182.610 Disclosure ... exceptions. (1) Except as ..."): the indented heading
    opens the section its subsections belong to, not the last line of the table."""
    text = (
        "PERSONAL INFORMATION HELD BY STATE AGENCIES\n\n"
        "182.600 Definitions for ORS 182.600 to 182.615\n"
        "182.610 Disclosure of personal information prohibited; exceptions\n"
        "182.615 Civil action; remedies\n\n"
        "     182.600 Definitions for ORS 182.600 to 182.615. As used in ORS 182.600 to 182.615:\n"
        '     (1) "State agency" means any agency of the executive branch.\n\n'
        "     182.610 Disclosure of personal information prohibited; exceptions. (1) A state"
        " agency may not disclose personal information to a federal immigration authority.\n"
        "     (2) Subsection (1) of this section does not apply to a disclosure required by a"
        " judicial warrant.\n\n"
        "     182.615 Civil action; remedies. (1) A person injured by a violation may bring a"
        " civil action.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "182.610(2)" in cites, cites
    assert "182.615(1)" in cites, cites
    assert "182.615(3)" not in cites, cites


def test_a_subsection_and_its_first_subdivision_on_one_indented_line_both_open():
    """Vermont prints new matter underlined, shown as __(c)(1) As used ...__; blanked, the
    marks leave the line indented: its "(1)" still opens a subdivision of (c), so the "(2)"
    that follows is (c)(2), not lost inside (c)(1)(A)."""
    text = (
        "§ 104. RECORDS\n"
        "__(a) The records are public.__\n"
        "__(c)(1) As used in this subsection:__\n"
        '__(A) "Judicial warrant" means a warrant issued by a judge.__\n'
        "__(2) The Department shall not disclose records to a federal immigration"
        " authority.__\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "§ 104(c)(1)(A)" in cites, cites
    assert "§ 104(c)(2)" in cites, cites


def test_a_delaware_code_citation_inside_a_paragraph_opens_no_section():
    """An attorney general's directive cites its authority in running text ("... officer of
    the State of Delaware. 29 Del. C. § 2504. Pursuant to that authority ..."): "Del. C." is
    an abbreviation, not a sentence's end, so "§ 2504" is a reference, and the directive's
    own parts keep their own citations."""
    text = (
        "I. INTRODUCTION\n\n"
        "The Attorney General is the chief law enforcement officer of the State of Delaware."
        " 29 Del. C. § 2504. Pursuant to that authority, this directive binds every agency.\n\n"
        "II. LIMITS\n\n"
        "A. No agency shall honor a civil immigration detainer.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert not any("2504" in c for c in cites), cites
    assert "(II)(A)" in cites, cites


def test_a_city_code_section_numbered_chapter_hyphen_section_opens_a_section():
    """Lawrence, Kansas numbers its code sections by chapter and section ("10-1602
    DEFINITIONS.", no period after the number, the catchline in capitals alone on its line):
    each opens a section, so the article's rules are not read as items of its definitions."""
    text = (
        "ARTICLE 16. COMMUNITY TRUST\n\n"
        "10-1602 DEFINITIONS.\n\n"
        "As used in this Article:\n\n"
        '(a) "City agency" means every department of the City.\n\n'
        "10-1605 DETAINERS.\n\n"
        "(a) The Police Department shall not hold any person on the basis of a civil"
        " immigration detainer.\n"
    )
    cites = [s.citation for s in split_sections(text)]
    assert "10-1602(a)" in cites, cites
    assert "10-1605(a)" in cites, cites
