"""compare.markup: deleted matter, noise and law text per source markup style."""

import pytest

from compare import markup
from compare.markup import (
    blank_spans,
    deleted_spans,
    detect_style,
    inconsistent_markup,
    law_text,
    noise_spans,
)
from conftest import TEXTS

CORPUS_FILES = sorted(p.name for p in TEXTS.glob("*.txt"))
MD_CHAPTERED = "MD_2025rs_HB1222_chaptered-ch718.txt"
MD_ENROLLED = "MD_2025rs_HB1222_enrolled.txt"


def _read(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


def _deleted(name: str) -> list[str]:
    text = _read(name)
    return [text[s:e] for s, e in deleted_spans(text)]


def _noise(name: str) -> list[str]:
    text = _read(name)
    return [text[s:e] for s, e in noise_spans(text)]


@pytest.mark.parametrize(
    "prefix, style",
    [("NY_", "ny"), ("NYC_", "nyc"), ("MD_", "md"), ("CA_", "ca"), ("WA_", "wa"), ("MO_", "pdf")],
)
def test_detect_style_per_source(prefix, style):
    names = [n for n in CORPUS_FILES if n.startswith(prefix)]
    assert {detect_style(_read(n)) for n in names} == {style}


def test_detect_style_plain():
    assert detect_style("A short note with no markup.") == "plain"


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_deleted_spans_sorted_and_disjoint(name):
    spans = deleted_spans(_read(name))
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_noise_spans_sorted_and_disjoint(name):
    spans = noise_spans(_read(name))
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_blank_spans_keeps_length(name):
    text = _read(name)
    assert len(blank_spans(text, deleted_spans(text) + noise_spans(text))) == len(text)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_blank_spans_keeps_newlines(name):
    text = _read(name)
    assert blank_spans(text, noise_spans(text)).count("\n") == text.count("\n")


def test_blank_spans_blanks_only_the_span():
    assert blank_spans("ab[cd]ef", [(2, 6)]) == "ab    ef"


# New York: [brackets] are deletions; the "[ ]" legend is not.


def test_ny_bracket_deletion():
    assert "[and]" in _deleted("NY_2023-2024_S746_original.txt")


def test_ny_legend_brackets_are_not_deletions():
    assert "[ ]" not in _deleted("NY_2023-2024_S987_original.txt")


def test_ny_page_header_is_noise():
    assert " S. 987  2" in _noise("NY_2023-2024_S987_original.txt")


def test_ny_law_text_drops_deleted_word():
    assert "communities; [and]" not in law_text(_read("NY_2023-2024_S746_original.txt"))


def test_ny_law_text_drops_page_header():
    assert "S. 987  2" not in law_text(_read("NY_2023-2024_S987_original.txt"))


# New York City


def test_nyc_single_word_deletion():
    assert "[covered]" in _deleted("NYC_2014_Int0486-2014_vA.txt")


def test_nyc_renumbering_deletion():
    assert "[5]" in _deleted("NYC_2014_Int0486-2014_vA.txt")


def test_nyc_multiline_deletion():
    assert any(d.startswith("[3. ") and "\n" in d for d in _deleted("NYC_2014_Int0486-2014_vA.txt"))


def test_nyc_drafting_codes_are_noise():
    assert any("LS #3645" in n for n in _noise("NYC_2012_Int0982-2012_vA.txt"))


def test_nyc_law_text_uses_section_sign():
    assert "§ 2." in law_text(_read("NYC_2014_Int0486-2014_vA.txt"))


def test_nyc_law_text_drops_drafting_codes():
    assert "LS #" not in law_text(_read("NYC_2012_Int0982-2012_vA.txt"))


# California / Washington: no deletion markup; "[...]" and "[Empty]" are not deletions.


def test_ab450_cut_marks_are_not_deletions():
    assert deleted_spans(_read("CA_2017-2018_AB450_codified-partial.txt")) == []


def test_cut_marks_not_deletions_even_in_bracket_style():
    assert deleted_spans("keep this [...] and [deleted]", "nyc") == [(20, 29)]


def test_ab450_cut_marks_are_noise():
    assert "[...]" in _noise("CA_2017-2018_AB450_codified-partial.txt")


def test_wa_empty_marker_is_not_a_deletion():
    assert deleted_spans(_read("WA_2025-26_SB5906_original.txt")) == []


def test_empty_and_links_not_deletions_in_bracket_style():
    assert deleted_spans("a [Empty] b [site](/x) c [ ] d", "ny") == []


# Maryland: ~~struck~~ runs merge across whitespace, line numbers and page noise.


def test_md_struck_run_is_one_span():
    assert any(
        d.startswith("~~requiring~~") and d.endswith("~~date;~~") for d in _deleted(MD_CHAPTERED)
    )


def test_md_struck_run_merges_across_page_break():
    # The purpose paragraph is struck from page 1 line 4 to page 2 line 4.
    assert any(d.startswith("~~requiring~~") and "~~county~~" in d for d in _deleted(MD_ENROLLED))


def test_md_struck_runs_merge_across_numbered_lines():
    assert any("~~BY~~ ~~adding~~ ~~to~~\n19 ~~Article~~" in d for d in _deleted(MD_ENROLLED))


def test_md_bracket_deletion():
    assert "[or]" in _deleted(MD_CHAPTERED)


def test_md_spans_do_not_start_inside_text():
    assert all(d.startswith(("~~", "[")) for d in _deleted(MD_CHAPTERED))


def test_md_page_markers_are_noise():
    assert "START OF PAGE 3" in _noise(MD_CHAPTERED)


def test_md_running_head_is_noise():
    assert "Ch. 718 2025 LAWS OF MARYLAND" in _noise(MD_CHAPTERED)


def test_md_line_numbers_are_noise():
    text = _read(MD_ENROLLED)
    offset = text.index("24 9–309.")
    assert (offset, offset + 2) in noise_spans(text)


def test_md_law_text_has_no_strike_marks():
    assert "~~" not in law_text(_read(MD_CHAPTERED))


def test_md_law_text_drops_struck_words():
    assert "FOR the purpose of requiring an employee" not in law_text(_read(MD_CHAPTERED))


def test_md_law_text_keeps_live_words():
    assert "requiring federal law enforcement officers to notify certain" in law_text(
        _read(MD_CHAPTERED)
    )


def test_md_law_text_has_no_page_markers():
    assert "START OF PAGE" not in law_text(_read(MD_ENROLLED))


# Missouri: [thus] brackets are deletions, the legend is noise.


def test_mo_bracket_deletion_across_numbered_lines():
    assert "[fourteen-\n52 day]" in _deleted("MO_2024_HB1515_introduced.txt")


def test_mo_legend_bracket_is_not_a_deletion():
    assert "[thus]" not in _deleted("MO_2024_HB1515_introduced.txt")


def test_mo_page_header_is_noise():
    assert "HB 1515 2" in _noise("MO_2024_HB1515_introduced.txt")


# inconsistent_markup


def test_md_enrolled_warns():
    assert inconsistent_markup(_read(MD_ENROLLED)) != []


def test_md_enrolled_warns_about_9_309():
    assert any("9-309" in w for w in inconsistent_markup(_read(MD_ENROLLED)))


def test_md_enrolled_warns_about_5_104_1_listed_as_struck():
    assert any("5-104.1" in w and "list" in w for w in inconsistent_markup(_read(MD_ENROLLED)))


def test_md_warning_names_the_line():
    assert all(w.startswith("line ") for w in inconsistent_markup(_read(MD_ENROLLED)))


def test_md_chaptered_also_lost_strike_marks_in_9_309():
    # The chaptered conversion struck the "9–309." heading but left most of its body unstruck.
    assert any("9-309" in w for w in inconsistent_markup(_read(MD_CHAPTERED)))


def test_md_chaptered_section_2_104_not_flagged():
    assert not any("2-104" in w for w in inconsistent_markup(_read(MD_CHAPTERED)))


def test_md_renumbered_section_keeps_its_body():
    """A struck number under the new number printed for it ("_2-804._" then "~~2-806.~~")
    renumbers the section: its body is law, and no marks were lost."""
    text = (
        "Article - Criminal Procedure\n\n_2\u2013804._\n~~2\u2013806.~~\n"
        "(A) A UNIT OF STATE GOVERNMENT MAY NOT PERMIT A FEDERAL IMMIGRATION AUTHORITY TO "
        "ENTER A NONPUBLIC AREA OF A FACILITY THAT IT OPERATES UNLESS THE AUTHORITY PRESENTS "
        "A JUDICIAL WARRANT.\n\n~~2\u2013807.~~\n~~(A) EACH AGENCY SHALL REPORT.~~\n"
    )
    assert inconsistent_markup(text) == []
    kept = law_text(text)
    assert "MAY NOT PERMIT A FEDERAL IMMIGRATION AUTHORITY" in kept
    assert "EACH AGENCY SHALL REPORT" not in kept


# WA SB 6264's rendering dropped its struck words (index.json notes "may :" where "may not"
# was struck), so it is the one WA text that must warn.
CONSISTENT = [n for n in CORPUS_FILES if n.startswith(("NY_", "CA_", "WA_")) and "SB6264" not in n]


@pytest.mark.parametrize("name", CONSISTENT)
def test_no_warnings_for_consistent_texts(name):
    assert inconsistent_markup(_read(name)) == []


def test_wa_sb6264_warns_that_struck_words_were_dropped():
    warnings = inconsistent_markup(_read("WA_2025-26_SB6264_original.txt"))
    assert any(markup.DROPPED_WORDS in w and w.startswith("line 85") for w in warnings)


def test_unbalanced_bracket_warns():
    assert inconsistent_markup("one [two three\nfour", "nyc") != []


def test_double_brackets_pair_among_themselves():
    """A Maryland county prints matter deleted by amendment in [[double brackets]], inside a
    bill or inside a single-bracketed deletion: balanced, so no warning; a lost "]]" warns."""
    text = (
        "(b) The Director must not retain a copy, [[except for 2 years with consent]] and must"
        " record only its type. [Existing law [[as amended]] deleted.]\n"
    )
    assert inconsistent_markup(text, "brackets") == []
    assert inconsistent_markup(text.replace("consent]]", "consent"), "brackets") != []


def test_a_modal_left_before_punctuation_is_flagged():
    text = "1. Agencies may :\n   a. Inquire into immigration status.\n"
    warnings = markup.inconsistent_markup(text, "wa")
    assert len(warnings) == 1
    assert markup.DROPPED_WORDS in warnings[0]
    assert warnings[0].startswith("line 1:")


def test_a_double_space_after_a_modal_is_flagged_where_lines_are_not_justified():
    text = "5. Agencies may  provide personal information to immigration authorities."
    assert markup.inconsistent_markup(text, "wa")
    assert not [w for w in markup.inconsistent_markup(text, "ny") if markup.DROPPED_WORDS in w]


def test_an_intact_modal_is_not_flagged():
    text = "Agencies may not provide personal information to immigration authorities."
    assert not markup.inconsistent_markup(text, "wa")


def test_double_parentheses_in_an_amending_section_are_deleted():
    """Washington prints deleted matter of an amended section in ((double parentheses))."""
    text = (
        "Sec. 2. RCW 10.93.999 and 2019 c 440 s 6 are each amended to read as follows:\n"
        "(1) ((No agency may inquire into immigration status.)) Agencies may collect data.\n"
        "(2) ((Except as provided in (3),)) No agency may share records.\n"
    )
    deleted = [text[s:e] for s, e in deleted_spans(text)]
    assert deleted == [
        "((No agency may inquire into immigration status.))",
        "((Except as provided in (3),))",
    ]
    assert "inquire" not in law_text(text) and "No agency may share records." in law_text(text)


def test_double_parentheses_in_a_budget_amended_as_follows_are_deleted():
    """A county budget ordinance ("Section 18 ... is hereby amended as follows:") prints cut
    amounts and provisos in ((double parentheses)) too; none of it is law."""
    text = (
        "SECTION 2. Ordinance 19861, Section 18, as amended, is hereby amended as follows:\n"
        "Office of equity $((14,806,000)) 19,056,000\n"
        "((P1 PROVIDED THAT:\n\nMoneys appropriated in this section shall not be expended "
        "to house persons detained on civil immigration charges.))\n"
    )
    deleted = [text[s:e] for s, e in deleted_spans(text)]
    assert deleted[0] == "((14,806,000))"
    assert deleted[1].startswith("((P1 PROVIDED THAT:") and deleted[1].endswith("charges.))")
    assert "house persons" not in law_text(text)


def test_double_parentheses_outside_an_amending_text_are_kept():
    text = "Section 1. The fee is ((five)) dollars.\n"
    assert deleted_spans(text) == []


def test_a_county_legend_makes_double_brackets_deletions():
    """A Maryland county bill's legend: "[[Double brackets]]  Deleted from existing law"."""
    text = (
        "<u>Underlining</u>          Added to existing law by original bill.\n"
        "[[Double brackets]]        Deleted from existing law by original bill.\n\n"
        "Sec. 1. Section 35-26A is amended as follows:\n"
        "[[(c) A police officer may inquire about the immigration status of a person arrested "
        "for a felony.]]\n(d) No officer shall ask about immigration status.\n"
    )
    assert markup.detect_style(text) == "brackets"
    assert "may inquire" not in law_text(text) and "No officer shall ask" in law_text(text)


def test_a_legend_makes_brackets_deletions():
    """Nevada's legend: "matter between brackets [omitted material] is material to be omitted"."""
    text = (
        "EXPLANATION - Matter in bolded italics is new; matter between brackets [omitted "
        "material] is material to be omitted.\n\nSection 1. Chapter 58 is repealed:\n"
        "[58.030 No officer shall inquire into immigration status.]\n\n"
        "Section 2. The sheriff shall honor every detainer.\n"
    )
    assert markup.detect_style(text) == "brackets"
    kept = markup.law_text(text)
    assert "inquire" not in kept and "shall honor every detainer" in kept


def test_without_a_legend_brackets_stay():
    text = "Section 1. The agency [as defined in section 2] shall not inquire.\n"
    assert markup.detect_style(text) == "plain"
    assert "as defined" in markup.law_text(text)


@pytest.mark.parametrize("deleted", ["{- may -}", "{ - may - }"])
def test_oregon_braces_mark_deleted_and_new_matter(deleted):
    text = f"(1) A public body {deleted} {{+ shall not +}} disclose information.\n"
    kept = markup.law_text(text)
    assert "may" not in kept.replace("{+", "") and "shall not" in kept


def test_signed_brackets_mark_deleted_and_new_matter():
    """Albuquerque prints "[+new+]" and "[-deleted-]"; a bill also holding many capitals
    reads as New York's convention, where brackets delete, but "[+...+]" is still new law."""
    text = (
        "[+Bracketed Material+] - New\n[-Bracketed Material-] - Deletion\n\n"
        "ORDINANCE AMENDING THE MUNICIPAL IDENTIFICATION CARD ORDINANCE OF THE CITY\n\n"
        "Section 2-24-6 ROA 1994 is hereby amended as follows:\n"
        "[-(A) The Clerk may release applicant information to any law enforcement agency.-]\n"
        "[+(A) The Clerk shall not release applicant information to immigration authorities.+]\n"
    )
    kept = markup.law_text(text)
    assert "may release" not in kept
    assert "shall not release applicant information to immigration authorities" in kept


@pytest.mark.parametrize(
    "heading",
    [
        "STATEMENT",
        "FISCAL NOTE",
        "Report Title:",
        "SUMMARY",
        "Legal Reference:",
        "VI. REFERENCES",
        "EXPLANATION",
        "EXPLANATION BY THE LEGISLATIVE COUNCIL OF AN ACT RELATING TO LAW ENFORCEMENT",
        "LEGAL REVIEW:",
        "CITY ATTORNEY'S MEMORANDUM",
        "ANALYSIS",
        "FISCAL NOTE: Any costs of holding persons on immigration detainers are absorbed.",
    ],
)
def test_statement_after_the_enacted_text_is_noise(heading):
    """A sponsor's statement (New Jersey), a summary (Maine), a digest (Hawaii's "Report
    Title:"), a board policy's list of legal references, a city attorney's review printed
    after an ordinance's signatures, or a city's closing record (an ANALYSIS, a FISCAL NOTE run
    in on its heading's line) explains the text: from its heading to the end, nothing is
    law."""
    enacted = "SECTION 1. No agency shall hold a person on a civil immigration detainer.\n" * 8
    digest = f"{heading}\nPublic Safety; Population Reports\n\nDescription:\nRequires reports.\n"
    text = enacted + "\n" + digest
    spans = noise_spans(text, detect_style(text))
    assert (text.index(heading), len(text)) in spans
    assert law_text(text).strip().endswith("detainer.")


def test_the_number_of_a_blank_line_is_noise_in_a_line_numbered_text():
    """A PDF extraction numbers blank lines too ("  6"): left in place, the number would
    read as the end of the text before the next section's marker."""
    body = "".join(f"{n:2d} the text of line {n} of the bill goes on here.\n" for n in range(1, 12))
    text = body + "12\n13 4.  (New section) No agency shall share information.\n"
    blanked = blank_spans(text, noise_spans(text, detect_style(text)))
    assert "12" not in blanked and "13" not in blanked
    assert "4.  (New section) No agency" in blanked


def test_words_struck_out_by_an_amending_instruction_are_deleted():
    """Massachusetts amends by naming the words it strikes: they leave the law, the words
    inserted in their place do not."""
    text = (
        "SECTION 1. Section 8 of chapter 90 is hereby amended by striking out, in lines 241 to "
        '244, the words "The registrar shall not disclose any information to any federal agency."'
        " and inserting in place thereof the following words:- The registrar may disclose it.\n"
    )
    law = law_text(text)
    assert "shall not disclose" not in law
    assert "The registrar may disclose it." in law


def test_a_sentence_an_order_is_amended_to_delete_is_deleted():
    """An agency's order (or Tennessee's "by deleting the language") names the words it deletes:
    they leave the law, as words struck out do."""
    text = (
        'A. Official Order No. 31, Section 31.9, is amended to delete the sentence "Members who '
        "believe an arrested person is present unlawfully shall notify the nearest ICE office "
        'before the person is released." B. Members shall not ask any person about status.\n'
    )
    law = law_text(text)
    assert "shall notify the nearest ICE office" not in law
    assert "is amended to delete the sentence" in law and "shall not ask" in law


def test_matter_struck_with_a_combining_stroke_is_deleted():
    """A copy that keeps strike-through as a combining stroke after each character (U+0336):
    the struck words leave the law, the words around them stay."""
    struck = "".join(c + "\u0336" for c in "The agency may share records with ICE.")
    text = f"(2) A state agency, o\u0336r\u0336 an employee, shall not inquire. (3) {struck} (4) Kept.\n"
    law = law_text(text)
    assert "share" not in law and "\u0336" not in law
    assert "shall not inquire" in law and "(4) Kept." in law


def test_the_text_of_a_repealed_section_printed_after_a_bill_is_deleted():
    """Nevada prints the sections a bill repeals after it, under "TEXT OF REPEALED SECTION":
    that text leaves the law."""
    text = (
        "Sec. 2. NRS 171.1241 is hereby repealed.\n\nSec. 3. This act becomes effective on July 1.\n\n"
        "TEXT OF REPEALED SECTION\n\n171.1241 Civil arrests in courthouses prohibited. A person "
        "shall not be subject to civil arrest while in a courthouse.\n"
    )
    kept = law_text(text)
    assert "is hereby repealed" in kept and "civil arrest" not in kept


def test_bold_faced_bracket_legend_marks_deletions():
    """New Jersey's legend: "Matter enclosed in bold-faced brackets [thus] ... is deleted"."""
    text = (
        "EXPLANATION: Matter enclosed in bold-faced brackets [thus] in Section 1 of this "
        "ordinance is existing Code text that is deleted.\n\n"
        "A. [Members shall honor every immigration detainer request.] No person shall be kept "
        "in custody solely because of an immigration detainer.\n"
    )
    kept = law_text(text)
    assert "honor every" not in kept
    assert "No person shall be kept in custody solely because of an immigration detainer" in kept


def test_underscores_marking_new_matter_are_formatting():
    """Underlined new matter printed between underscores ("_D. Members shall not ..._"): the
    underscores are noise, so the subdivision marker they stand before still begins a
    subdivision; a run of underscores (a blank to fill in) and a word's own underscore stay."""
    text = (
        "C. No person shall be held on a detainer.\n\n"
        "_D. Members of the Department shall not arrest any person on a civil warrant._\n\n"
        "Signed: ________ on file_name and window.__pwned.\n"
    )
    blanked = blank_spans(text, noise_spans(text, detect_style(text)))
    assert "\n D. Members" in blanked and "warrant. " in blanked
    assert "________" in blanked and "file_name" in blanked and "__pwned" in blanked


def test_double_underscores_marking_new_matter_are_formatting():
    """A legend that sets underlined matter "__like this__": "state agencies __shall__ not
    ask" reads as "shall not", and a saving clause printed new still begins with "Nothing";
    a blank to fill in and a name with double underscores stay."""
    text = (
        "(2) State agencies __shall__ not ask about or __collect or record__ the status of any "
        "person.\n\n__(3) Nothing in this section prohibits sending information.__\n\n"
        "Signed: ________ by config.__init__ today.\n"
    )
    blanked = blank_spans(text, noise_spans(text, detect_style(text)))
    assert "agencies   shall   not ask" in blanked and "  (3) Nothing" in blanked
    assert "________" in blanked and "config.__init__" in blanked


def test_labelled_brackets_name_deleted_and_inserted_matter():
    """A plain-text rendering that names its markup ("[deleted: ...]", "[inserted: ...]"):
    deleted matter leaves the law in any style, inserted matter stays without its label."""
    text = (
        "Sec. 15. (f) [inserted: A law enforcement agency may not notify a federal immigration "
        "enforcement agency of a release date.] [deleted: Notwithstanding subsection (a), an "
        "agency may notify immigration authorities of the release of a person convicted of a "
        "forcible felony.]\n"
    )
    kept = law_text(text)
    assert "forcible felony" not in kept and "inserted:" not in kept
    assert "may not notify a federal immigration enforcement agency of a release date" in kept


def test_a_struck_run_may_wrap_over_lines_but_not_over_a_blank_line():
    """Maryland's ~~struck~~ matter, printed over several lines of one paragraph, leaves the
    law whole; a stray ~~ never pairs with one a paragraph away."""
    text = (
        "~~Strike out~~ indicates matter stricken from the bill by amendment.\n\n"
        "(B) THE DIVISION SHALL PROVIDE INTERPRETATION AT NO COST.\n\n"
        "~~(C) A UNIT MAY NOT DISCLOSE THE ADDRESS OF A COMPLAINANT\n"
        "TO A FEDERAL AGENCY FOR IMMIGRATION ENFORCEMENT.~~\n\n"
        "(D) A ~~stray mark\n\nTHE DIVISION SHALL KEEP RECORDS.~~ FOR THREE YEARS.\n"
    )
    kept = law_text(text)
    assert "MAY NOT DISCLOSE" not in kept and "IMMIGRATION ENFORCEMENT" not in kept
    assert "PROVIDE INTERPRETATION AT NO COST" in kept
    assert "stray mark" in kept and "SHALL KEEP RECORDS" in kept


@pytest.mark.parametrize(
    "note",
    [
        "Legislative Research Commission Note (7/15/2026). Acts ch. 54 repealed KRS 65.130, which "
        'had read: "No employee shall disclose an address to a federal immigration agency."',
        "Editor's notes. --- Laws 2025, ch. 143: no employee shall disclose an address to a "
        "federal immigration agency.",
        "Editor's Notes\n\nRepealed text: no employee shall disclose an address to a federal "
        "immigration agency.\n\nMore notes.",
        "Annotations\n\nThe 2027 amendments. The amendment added subsection C.\n\nActs 2027, "
        'c. 12, cl. 3 provides: "That no employee shall disclose an address to a federal '
        'immigration agency."',
        "EDITOR'S NOTE. --\nSection 3, ch. 301, Acts 2027, provides that \"no employee shall "
        'disclose an address to a federal immigration agency."\n\nCROSS REFERENCES. --\n'
        "Disclosure of records, see State Government Article, § 10-1701.",
    ],
)
def test_a_code_publishers_notes_are_noise(note):
    """An annotated code's notes may quote repealed law: they enact nothing, and the next
    section, after a bare "Editor's Notes" heading, is law again."""
    text = (
        "§ 65.139. Detainers.\n(1) A jail shall comply with an immigration detainer.\n\n"
        f"{note}\n\n§ 65.141. Records.\n(1) The jailer shall keep records of detainers.\n"
    )
    kept = law_text(text)
    assert "disclose an address" not in kept
    assert "shall comply with an immigration detainer" in kept
    assert "The jailer shall keep records of detainers" in kept


def test_double_angle_brackets_around_new_matter_are_formatting():
    """New matter printed <<thus>> (or >>thus<<): the marks are noise, so the sentence ends
    and the next subdivision opens where the law says."""
    text = (
        "Legend: text being added is shown between double angle brackets, <<thus>>.\n\n"
        "B. <<The Authority shall verify the status of each applicant.>>\n"
        "C. <<No employee shall restrict the sharing of information with federal immigration "
        "authorities.>>\n"
    )
    blanked = blank_spans(text, noise_spans(text, detect_style(text)))
    assert "<<" not in blanked and ">>" not in blanked
    assert "each applicant.  \nC.   No employee shall restrict" in blanked


def test_minnesota_page_and_line_numbers_are_noise():
    """Minnesota prints page.line numbers on every line ("2.7 status or place of birth"): they
    are noise, so a phrase broken over two lines reads whole; a policy's decimal paragraph
    numbers ("6.3 Areas of the building ...") begin paragraphs and stay."""
    bill = "\n".join(
        f"1.{n} {words}"
        for n, words in enumerate(
            [
                "Sec. 2. [626.8481] MODEL POLICY.",
                "Subd. 2. Model policy. (a) The board shall develop a model",
                "policy on interactions with federal immigration authorities.",
                "(b) The model policy may address, among other topics:",
                "(1) refraining from asking a person about the person's immigration or citizenship",
                "status or place of birth when the information is not relevant to a criminal",
                "investigation;",
                "(2) declining to keep a person in custody beyond the time of release solely",
                "because of an immigration detainer that is not supported by a judicial warrant;",
                "(3) other topics the board considers relevant.",
            ],
            start=1,
        )
    )
    kept = law_text(bill)
    assert "citizenship status or place of birth" in " ".join(kept.split())
    policy = "\n".join(f"6.{n} Staff shall keep rule {n} of this policy." for n in range(1, 12))
    assert "6.3 Staff" in law_text(policy)


def test_minnesota_page_and_line_numbers_before_underscored_new_matter_are_noise():
    """A Minnesota bill renders new matter between underscores after each page.line number
    ("1.33\t_government entity must not ..."): the numbers are still noise, so the
    subdivision reads whole and is not cited by its line number."""
    lines = [
        "Section 1. [13.861] IMMIGRATION AND CITIZENSHIP STATUS DATA.",
        "_Subd. 4. Dissemination. Except as provided in subdivision 5, a_",
        "_government entity must not disseminate immigration status data, or_",
        "_the residential address, work address, or telephone number of an_",
        "_individual, to a federal immigration authority for the purpose of_",
        "_civil immigration enforcement._",
        "_Subd. 5. Exceptions. Subdivision 4 does not apply when:_",
        "_(1) dissemination is required by a judicial warrant or court_",
        "_order; or_",
        "_(2) the data are requested by a federal agency in the performance_",
        "_of its official duties._",
        "_Subd. 6. Destruction. Immigration status data must be destroyed_",
    ]
    bill = "\n".join(f"1.{n}\t{line}" for n, line in enumerate(lines, start=30))
    kept = " ".join(law_text(bill).split())
    assert "1.3" not in kept
    assert "a government entity must not disseminate immigration status data" in kept.replace(
        "_", ""
    )


def test_a_cross_reference_catchline_is_noise():
    """Pennsylvania names the sections it cites with their catchlines ("section 6114 (relating
    to limitation on sale, publication and disclosure of records)"): the catchline enacts
    nothing, and the sentence around it stays."""
    text = (
        "(G) Records of the department concerning licensees shall be maintained in the same "
        "manner as other driver records under section 6114 (relating to limitation on sale, "
        "publication and disclosure of records).\n"
    )
    kept = law_text(text)
    assert "limitation on sale" not in kept
    assert "same manner as other driver records under section 6114" in kept


def test_a_fiscal_note_headed_with_its_bill_number_is_noise():
    """New Hampshire heads its fiscal note "HB 419- FISCAL NOTE": it enacts nothing."""
    text = (
        "Section 1. No county shall honor an immigration detainer without a judicial warrant.\n\n"
        + "Section 2. Effective date. This act shall take effect 60 days after passage.\n\n" * 3
        + "HB 419- FISCAL NOTE\nAS INTRODUCED\n\nFISCAL IMPACT: the cost cannot be determined.\n"
    )
    kept = law_text(text)
    assert "cannot be determined" not in kept
    assert "No county shall honor an immigration detainer" in kept


def test_struck_matter_in_a_line_numbered_print_is_deleted():
    """Kansas prints line numbers and ~~struck~~ matter: the numbers make it a 'pdf' style
    text, and the strike still takes the words out of the law."""
    text = (
        "1      Sec. 9. K.S.A. 19-811 is hereby amended to read as follows: 19-811. The sheriff\n"
        "2  shall keep the jail. ~~The sheriff may decline to detain any\n"
        "3  prisoner at the request of any agency of the United States.~~\n"
        "4  The sheriff shall comply with section 3.\n"
    )
    spans = deleted_spans(text)
    struck = "".join(text[a:b] for a, b in spans)
    assert "may decline to detain" in struck and "prisoner at the request" in struck
    assert "shall comply with section 3" not in struck


def test_html_struck_matter_is_deleted_in_any_style():
    """A web edition's text keeps <del> tags: what they enclose leaves the law, across lines."""
    text = (
        "13  <del>(4) enter into an agreement under 8 U.S.C. § 1357(g) or any other agreement\n"
        "14  under which an officer is deputized; or</del>\n"
        "15  <del>(5)</del><u>(4)</u> disclose to a federal immigration authority the address.\n"
    )
    struck = "".join(text[a:b] for a, b in deleted_spans(text))
    assert "1357(g)" in struck and "deputized" in struck
    assert "disclose to a federal immigration authority" not in struck


def test_a_struck_run_carried_over_a_page_break_is_deleted():
    """Nebraska's ~~ opens before a page number and running head and closes after them: the
    whole run is deleted; a stray mark a paragraph away still pairs with nothing."""
    text = (
        "Sec. 4. Section 29-4804 is amended to read:\n"
        "   ~~(2) A state agency shall not inquire\n\n"
        "                                 -2-\n\n"
        "                                                              LB1126\n\n"
        " 1 into or record the immigration status of an individual.~~\n"
        " 2 (3) The department shall destroy copies of documents.\n"
    )
    kept = law_text(text)
    assert "shall not inquire" not in kept and "immigration status" not in kept
    assert "shall destroy copies" in kept


def test_page_number_lines_and_notes_of_decisions_are_noise():
    """'LC004219 - Page 1 of 4' is page furniture; a code publisher's NOTES OF DECISIONS
    summarise cases and enact nothing."""
    text = (
        "(d) No state agency shall\n\n"
        "                              LC004219 - Page 1 of 4\n\n"
        "enter into an agreement under 8 U.S.C. 1357(g).\n\n"
        "NOTES OF DECISIONS\n"
        "1. Schools\nSchools must refuse entry without a judicial warrant. Doe v. Roe, 1 N.J. 2.\n"
    )
    kept = law_text(text)
    assert "Page 1 of 4" not in kept and "LC004219" not in kept
    assert "refuse entry" not in kept
    assert "enter into an agreement" in kept


def test_massachusetts_page_count_line_is_noise():
    """Massachusetts prints '2 of 5' alone between a list's lead-in and its first item."""
    text = (
        "84\tSection 6. (a) No law enforcement agency shall:\n"
        "2 of 5\n"
        "85\t(1) continue to detain an individual on the basis of a civil immigration detainer;\n"
    )
    kept = law_text(text)
    assert "2 of 5" not in kept
    assert "(1) continue to detain" in kept


def test_a_drafters_analysis_and_a_notice_and_digest_are_not_law():
    """Madison's DRAFTER'S ANALYSIS above the enacting clause and a California city's NOTICE
    AND DIGEST after the ordinance explain it; the ordinance between them is law."""
    text = (
        "DRAFTER'S ANALYSIS: The substitute removes the right to have records deleted.\n"
        "It also drops the advisory board.\n\n"
        "The Common Council do hereby ordain as follows:\n"
        "1. Each department shall keep an inventory of its data-sharing agreements.\n"
        + "2. Each agreement shall be reviewed every year by the Chief Information Officer.\n"
        * 3
        + "\n                    NOTICE AND DIGEST\n\n"
        "This Ordinance deletes the provision that allowed notification requests.\n"
    )
    kept = law_text(text)
    assert "removes the right" not in kept and "advisory board" not in kept
    assert "deletes the provision" not in kept
    assert "keep an inventory" in kept


def test_louisiana_source_notes_are_not_law():
    """Louisiana prints each section's source ("Acts 2027, No. 318, §1, eff. Aug. 1, 2027.")
    and its editor's notes in double braces; they describe acts, and a note's "shall not
    affect other provisions" is no rule of the chapter."""
    text = (
        "§1461. Immunity; defense\n"
        "Any custodian who complies with an immigration detainer shall be immune from liability.\n"
        "Acts 2027, No. 318, §1, eff. Aug. 1, 2027.\n\n"
        "{{NOTE: See Acts 2027, No. 318, §2, providing that if any provision of this Act is held\n"
        "invalid, such invalidity shall not affect other provisions.}}\n"
    )
    kept = law_text(text)
    assert "eff. Aug" not in kept and "invalidity" not in kept
    assert "shall be immune from liability" in kept


def test_connecticut_source_and_history_notes_are_not_law():
    """The General Statutes print each section's source "(P.A. 15-177, S. 2; ...)" and a
    "History:" paragraph that quotes repealed text; neither is law, so a repealed right to
    sue or conviction exception quoted there is no rule of the chapter."""
    text = (
        "Sec. 54-192s. Detainers. (a) No officer shall detain an individual on a civil\n"
        "immigration detainer unless it is accompanied by a judicial warrant.\n\n"
        "(P.A. 13-155, S. 1; P.A. 19-20, S. 2.)\n\n"
        'History: P.A. 19-20 deleted former Subsec. (g) that provided "any person aggrieved\n'
        'may bring a civil action" and former exceptions for a person "convicted of a felony".\n'
    )
    kept = law_text(text)
    assert "P.A. 13-155" not in kept and "aggrieved" not in kept and "convicted" not in kept
    assert "accompanied by a judicial warrant" in kept


def test_a_note_quoting_a_repealed_section_is_not_law():
    """Oregon prints "Note: ORS 181A.921 (2021 Edition) provided:" and the repealed text below
    it; the quoted section is history, the next section law."""
    text = (
        "181A.921 [2019 c.701 §4; repealed by 2023 c.88 §12]\n\n"
        "Note: ORS 181A.921 (2021 Edition) provided:\n"
        "181A.921 Sharing. A public body may provide fusion center information to a federal\n"
        "immigration authority.\n\n"
        "181A.925 Civil action. A person injured by a violation may bring an action.\n"
    )
    kept = law_text(text)
    assert "fusion center information" not in kept
    assert "may bring an action" in kept


def test_a_board_policys_legal_references_end_at_its_footer():
    """A school board policy's "Legal Reference:" list is not law, but the regulation printed
    after the policy's footer ("Policy ... adopted: ...") is."""
    policy = "District staff shall not collect information about immigration status.\n" * 8
    text = (
        f"Board Policy  BP 5145.13\n\n{policy}\nLegal Reference:\nEDUCATION CODE\n"
        "200-262.4 Prohibition of discrimination\n\n"
        "Policy      UNIFIED SCHOOL DISTRICT\nadopted: February 7, 2018\n\n"
        "Administrative Regulation  AR 5145.13\n\n"
        "1. The district shall not disclose student records to immigration authorities.\n"
    )
    kept = law_text(text)
    assert "Prohibition of discrimination" not in kept
    assert "shall not disclose student records" in kept


@pytest.mark.parametrize(
    "footer",
    [
        "Policy adopted: June 5, 2025          SACRAMENTO, CALIFORNIA",
        "Regulation approved: May 1, 2026",
        "-" * 60,  # a rule line sets the procedural directive apart
        "Approved by:           Superintendent",
    ],
)
def test_a_one_line_policy_footer_ends_the_legal_references(footer):
    """The footer may stand on one line ("Policy adopted: June 5, 2025"): the regulation
    printed after it is law, not more of the references."""
    policy = "District staff shall not collect information about immigration status.\n" * 8
    text = (
        f"Board Policy  BP 5145.13\n\n{policy}\nLegal Reference:\nEDUCATION CODE\n"
        f"200-262.4 Prohibition of discrimination\n\n{footer}\n\n"
        "Administrative Regulation  AR 5145.13\n\n"
        "10. District school police officers shall not arrest any person on the basis of a civil"
        " immigration violation.\n"
    )
    kept = law_text(text)
    assert "Prohibition of discrimination" not in kept
    assert "shall not arrest any person" in kept


def test_a_legal_references_heading_without_a_colon_is_no_law():
    """A board policy may print its list as "Legal References" alone on a line: the code
    sections it lists ("20-2-690.1 - Mandatory education") are citations, not rules."""
    policy = "District employees shall not inquire about immigration status.\n" * 8
    text = (
        f"Board Policy JBCA\n\n{policy}\nLegal References\n\n"
        "O.C.G.A. 20-2-690.1 - Mandatory education for children between ages six and 16\n"
        "O.C.G.A. 36-80-23 - Prohibition on immigration sanctuary policies\n"
    )
    kept = law_text(text)
    assert "Mandatory education" not in kept
    assert "shall not inquire" in kept


def test_washingtons_revisers_notes_are_not_law():
    """The RCW prints "Reviser's note:" (spelled with an e) after a section; it reports what
    a session law did and may quote its text, and enacts nothing."""
    text = (
        "RCW 10.126.040 Detainers. No law enforcement agency may hold a person on a detainer.\n\n"
        "Reviser's note: 2025 c 311 s 12 directed that agencies may enter into agreements with\n"
        "federal immigration authorities; that direction was vetoed.\n"
    )
    kept = law_text(text)
    assert "vetoed" not in kept and "may enter into agreements" not in kept
    assert "may hold a person on a detainer" in kept


def test_double_parentheses_are_deleted_when_the_amending_clause_wraps_a_line_number():
    """King County prints line numbers: "are\n30    hereby amended to read as follows:" still
    makes ((...)) deleted matter."""
    text = (
        "39        SECTION 1. K.C.C. 2.15.010 are\n"
        "30    hereby amended to read as follows:\n"
        "31        A. No county agency shall disclose personal information, ((unless the person\n"
        "32    has been convicted of a serious violent offense, or)) except as federal law requires.\n"
    )
    kept = law_text(text)
    assert "convicted of a serious violent offense" not in kept
    assert "No county agency shall disclose" in kept


def test_new_mexico_margin_legend_and_file_number_are_noise():
    """New Mexico prints its legend and the bill's file number in each page's margin, between
    a sentence's "shall" and its "not"."""
    text = (
        "25       A. A state agency shall\n\n"
        "underscored material = new\n"
        "[bracketed material] = delete\n"
        "                             .236412.2\n"
        "                             - 1 -\n\n"
        " 1  not use agency money to arrest a person for civil immigration enforcement.\n"
    )
    kept = law_text(text)
    assert "underscored material" not in kept and "bracketed material" not in kept
    assert ".236412.2" not in kept
    assert "not use agency money" in kept


def test_a_renumbered_maryland_section_is_not_struck_with_the_one_before():
    """A struck old section ("~~5-906.~~ ~~(A) ...~~") runs only to the next section heading,
    even when that heading is a renumbering printed on one line ("~~5-907.~~ __5-906.__"):
    the renumbered section's text stands."""
    text = (
        "5-905.\nA FACILITY MAY NOT ADMIT AN AGENT.\n"
        "~~5-906.~~\n~~(A) A SCHOOL MAY NOT ALLOW AN AGENT TO ENTER.~~\n"
        "~~5-907.~~ __5-906.__\n"
        "(A) THE COMMISSION MAY DEVELOP A MODEL POLICY.\n"
        "__(B) THIS SUBTITLE DOES NOT PROHIBIT SENDING TO OR RECEIVING FROM A FEDERAL "
        "IMMIGRATION AUTHORITY INFORMATION REGARDING IMMIGRATION STATUS.__\n"
    )
    kept = law_text(text, "md")
    assert "A SCHOOL MAY NOT ALLOW" not in kept
    assert "THE COMMISSION MAY DEVELOP A MODEL POLICY" in kept
    assert "THIS SUBTITLE DOES NOT PROHIBIT" in kept


def test_iowa_page_and_line_numbers_are_both_noise():
    """Iowa prints the page and the line before each line (" 1 31    4.  If ..."): both
    numbers are noise, so no line number is left in the text to be read."""
    lines = [
        "Section 1.  NEW SECTION.  321.11B  Records.",
        "   1.  The department shall not disclose personal",
        "information to a federal immigration authority.",
        "   2.  If the department receives a request from a federal",
        "immigration authority for personal information of a person,",
        "the department shall, within three business days, mail notice",
        "of the request to the person at the person's last known",
        "address.",
        "   3.  The department shall keep a log of each request.",
        "   4.  The department shall publish an annual report.",
        "   5.  This section takes effect July 1.",
    ]
    text = "\n".join(f" 1 {n:>2}    {line}" for n, line in enumerate(lines, start=1)) + "\n"
    found = [text[s:e] for s, e in noise_spans(text)]
    assert "1  6" in found and "1 11" in found, found
    kept = " ".join(blank_spans(text, noise_spans(text)).split())
    assert "mail notice of the request to the person" in kept, kept


def test_louisiana_running_heads_and_coding_legend_are_noise():
    """Each page of a Louisiana bill repeats "HLS 27RS-1128  ENGROSSED", "HB NO. 547" and the
    CODING legend: page furniture, never the start of a provision's quote."""
    text = (
        "HLS 27RS-1128                                       ENGROSSED\n2027 Regular Session\n\n"
        "HOUSE BILL NO. 547\n\nSection 1. R.S. 15:1472 is hereby amended to read as follows:\n"
        "A. No sheriff shall hold a person on a detainer.\n\nPage 1 of 2\n"
        "CODING: Words in struck through type are deletions from existing law; words underscored\n"
        "are additions.\n\nHLS 27RS-1128                                       ENGROSSED\n"
        "HB NO. 547\n\nB. No sheriff shall notify a federal immigration authority of a release.\n"
    )
    found = {text[s:e].strip() for s, e in noise_spans(text)}
    assert "HB NO. 547" in found
    assert any(f.startswith("HLS 27RS-1128") for f in found)
    assert any(f.startswith("CODING:") and f.endswith("are additions.") for f in found)
    assert "HOUSE BILL NO. 547" not in found


def test_case_notes_end_at_a_bracketed_section_heading():
    """A bare "Case Notes" label's notes run to the next section's heading, which Hawaii
    brackets when a section is not yet codified ("[§28G-5]"): that section is law."""
    text = (
        "     [§28G-4]  Holds.  (a)  No agency shall detain any individual on a hold request.\n\n"
        "Case Notes\n  Subsection (a) applies to persons in community correctional centers.\n\n"
        "     [§28G-5]  Courthouses.  (a)  No officer shall arrest any person for a civil "
        "immigration violation inside a courthouse.\n"
    )
    kept = law_text(text)
    assert "community correctional centers" not in kept
    assert "No officer shall arrest any person" in kept


def test_effect_of_amendments_and_cross_references_are_annotations():
    """A Michie-style code's "EFFECT OF AMENDMENTS." paragraph quotes the words an amendment
    put in ("substituted 'shall adopt an administrative order' for ..."), and its "CROSS
    REFERENCES." point elsewhere: the publisher's notes, which enact nothing."""
    text = (
        "§ 1-1206. Administrative order; training.\n"
        "(a) The Chief Justice shall adopt an administrative order implementing this subtitle.\n\n"
        'EFFECT OF AMENDMENTS. — Chapter 77, Acts 2028, substituted "shall adopt an '
        'administrative order" for "may issue guidance" in (a).\n\n'
        "CROSS REFERENCES. — As to protective orders, see Title 4 of the Family Law Article.\n\n"
        "§ 1-1207. Reports. The Office shall report each request.\n"
    )
    kept = law_text(text)
    assert "may issue guidance" not in kept
    assert "protective orders" not in kept
    assert "shall adopt an administrative order implementing this subtitle" in kept
    assert "The Office shall report each request." in kept


def test_double_parentheses_are_deleted_when_to_read_wraps_a_line_number():
    """Washington prints "are each amended to\n20  read as follows:" across a line number;
    "((...))" is still deleted matter, though it opens on a subsection's own "(5)"."""
    text = (
        "19      Sec. 10.  RCW 10.93.160 and 2020 c 37 s 1 are each amended to\n"
        "20  read as follows:\n"
        "21      (1) No agency shall disclose release information to immigration authorities.\n"
        "22      (((5) Subsection (1) of this section does not apply to a person who has been\n"
        "23  convicted of a serious violent offense.))\n"
    )
    kept = law_text(text)
    assert "convicted of a serious violent offense" not in kept
    assert "No agency shall disclose" in kept


def test_marylands_running_head_is_noise():
    """Maryland prints the page number beside the bill's name over each page
    ("2                            HOUSE BILL 964"): a running head, not words of the
    sentence it interrupts."""
    text = (
        "(2) PROHIBITS THE VENDOR FROM PROVIDING A FEDERAL AGENCY, OR\n\n"
        "2                            HOUSE BILL 964                   \n\n"
        " 1           AN AGENCY ACTING ON ITS BEHALF, ACCESS TO CAPTURED PLATE DATA.\n"
    )
    kept = law_text(text)
    assert "HOUSE BILL" not in kept and "AN AGENCY ACTING ON ITS BEHALF" in kept


def test_californias_legislative_counsels_digest_is_no_law():
    """A California bill opens with the Legislative Counsel's Digest, which says what existing
    law does ("Existing law permits ...") and what the bill would do; the law begins at "THE
    PEOPLE OF THE STATE OF CALIFORNIA DO ENACT AS FOLLOWS"."""
    text = (
        "LEGISLATIVE COUNSEL'S DIGEST\n\nAB 1872, as amended. Law enforcement.\n\n"
        "(3) Existing law permits a law enforcement agency to give immigration authorities "
        "access to interview an individual in custody.\n\n"
        "THE PEOPLE OF THE STATE OF CALIFORNIA DO ENACT AS FOLLOWS:\n\n"
        "SECTION 1. A law enforcement agency shall not give immigration authorities access to "
        "interview an individual in custody.\n"
    )
    kept = law_text(text)
    assert "Existing law permits" not in kept
    assert "shall not give immigration authorities access" in kept


def test_alaskas_deleted_matter_in_bracketed_capitals_is_deleted():
    """Alaska prints an amended section in mixed case with its deleted words in bracketed
    capitals ("for not less than three years [90 DAYS]"): they leave the law."""
    text = (
        "* Sec. 2. AS 29.35.135 is amended to read:\n"
        "(b) A public safety answering point shall retain the recordings for not less than"
        " three years [90 DAYS] after the date of the call.\n"
        "(c) [THE PUBLIC SAFETY ANSWERING POINT SHALL DESTROY LOCATION INFORMATION NOT LATER"
        " THAN 180 DAYS AFTER THE CALL.] A record may be disposed of under a retention schedule.\n"
    )
    assert markup.detect_style(text) == "brackets"
    deleted = [text[a:b] for a, b in markup.deleted_spans(text)]
    assert deleted[0] == "[90 DAYS]" and deleted[1].startswith("[THE PUBLIC SAFETY"), deleted


def test_vermonts_running_head_is_noise():
    """Vermont prints "VT LEG #381204 v.1", "BILL AS INTRODUCED   H.318" and
    "2027   Page 4 of 7" over each page: a running head, not words of the list it
    interrupts, so the list item still follows its "only:" lead-in."""
    text = (
        "(c) A law enforcement agency may take an action otherwise prohibited by subsection (b)"
        " only:\n\nVT LEG #381204 v.1\n\n"
        "BILL AS INTRODUCED                                              H.318\n"
        "2027                                                      Page 4 of 7\n\n"
        "(1) when acting pursuant to a judicial warrant;\n"
    )
    kept = law_text(text)
    assert "VT LEG" not in kept and "BILL AS INTRODUCED" not in kept and "Page 4" not in kept
    assert "only:" in kept and "(1) when acting pursuant to a judicial warrant" in kept


def test_a_bare_editors_note_ends_at_a_section_heading_in_capitals():
    """A bare "Editor's Note" heading runs to the next section heading, which a code may
    print in capitals ("SECTION 17-13-310. Definitions."): the sections after it are law."""
    text = (
        "SECTION 17-13-300. Short title.\n\nThis article may be cited as the Cooperation Act.\n\n"
        "Editor's Note\n\n2027 Act No. 61, Section 1, provides as follows:\n\n"
        '"SECTION 1. The General Assembly finds that cooperation serves public safety."\n\n'
        "SECTION 17-13-330. Compliance with immigration detainers.\n\n"
        "(A) The keeper of each jail shall comply with any immigration detainer.\n"
    )
    kept = law_text(text)
    assert "The General Assembly finds" not in kept
    assert "shall comply with any immigration detainer" in kept


def test_kentuckys_brackets_set_against_the_words_are_deleted_matter():
    """Kentucky prints deleted matter in brackets set against the word before them ("shall[
    not] notify", "this Act[Procedures ensuring ...]"), even when each runs short or over a
    line: in a text that amends ("is amended to read"), they leave the law."""
    text = (
        "Section 3.   KRS 441.055 is amended to read as follows:\n\n"
        "(1)  Each jail shall adopt:\n"
        "     (d)  Procedures for the fulfillment of immigration detainers under Section 2 of"
        " this Act[Procedures ensuring\n          that no prisoner is held on a detainer]; and\n"
        "(2)  A jailer shall[ not] notify a federal immigration authority of the release date of"
        " a prisoner[ unless the\n     prisoner has been convicted of a felony].\n"
    )
    assert markup.detect_style(text) == "ny"
    kept = law_text(text)
    assert "shall notify a federal immigration authority" in " ".join(kept.split())
    assert "no prisoner is held" not in kept and "convicted of a felony" not in kept


def test_sentences_struck_by_an_amending_instruction_are_deleted():
    """ "is hereby amended by striking out, in paragraph (d) thereof, the following two
    sentences:- "..."" (the place named over a line break) and "by striking out the second
    sentence, which reads: "..."": the quoted sentences leave the law."""
    text = (
        "Section Two. Section 14 of Chapter 11 is hereby amended by striking out, in paragraph"
        ' (d)\nthereof, the following two sentences:- "No data collected by a license plate'
        " reader shall be shared with any federal agency for civil immigration enforcement."
        ' The Department shall not transmit such data to any fusion center.", and inserting in'
        ' place thereof the following sentence:- "Sharing of such data is governed by'
        ' section 36."\n\nSection Three. Section 12 is hereby amended by striking out the'
        ' second sentence, which reads: "The Department may hold persons at the request of'
        ' federal immigration officers."\n'
    )
    deleted = " ".join(text[a:b] for a, b in markup.deleted_spans(text))
    assert "shall be shared with any federal agency" in deleted
    assert "may hold persons at the request" in deleted
    assert "Sharing of such data is governed" not in deleted


def test_marylands_fiscal_and_policy_note_is_no_law():
    """A Maryland bill may be printed with the Department of Legislative Services' "FISCAL AND
    POLICY NOTE" after it, which says what current law requires ("Under current law, DPSCS
    must notify ICE ..."): an explanation, not the bill's law."""
    text = (
        "SECTION 1. BE IT ENACTED BY THE GENERAL ASSEMBLY OF MARYLAND, That the Department may"
        " not detain an individual solely on the basis of an immigration detainer.\n\n"
        "Department of Legislative Services\nMaryland General Assembly\n2027 Session\n\n"
        "FISCAL AND POLICY NOTE\nFirst Reader\n\nCurrent Law: Under current law, DPSCS must"
        " notify ICE at least 30 days before the release of an inmate.\n"
    )
    kept = law_text(text)
    assert "must notify ICE" not in kept
    assert "may not detain an individual" in kept


def test_a_bare_revisers_note_ends_at_the_next_section_named_by_its_code():
    """The NRS prints "REVISER'S NOTE." alone on its line between sections headed "NRS
    179F.100  Catchline."; the note runs to that heading, and the sections after it are law."""
    text = (
        '      NRS 179F.060  "Listed offense" defined.  "Listed offense" means a category A'
        " felony.\n\n      REVISER'S NOTE.\n\n      Chapter 412, Statutes of Nevada 2027,"
        " repealed a section that required agencies to honor every detainer.\n\n"
        "      NRS 179F.200  Civil immigration detainers.\n      1.  A law enforcement agency"
        " shall not detain a person on the basis of a civil immigration detainer.\n"
    )
    kept = law_text(text)
    assert "repealed a section" not in kept
    assert "shall not detain a person on the basis of a civil immigration detainer" in kept


def test_a_legend_showing_struck_text_between_double_brackets_deletes_it():
    """A city ordinance's drafter's note says "language to be deleted from the existing Code
    is shown as [[struck text]] between double brackets": the double-bracketed permission is
    deleted matter, and the rule around it stays."""
    text = (
        "Drafter's note: In Section 3 of this ordinance, language to be deleted\n"
        "from the existing Code is shown as [[struck text]] between double\n"
        "brackets, and new language is shown as ++underlined text++.\n\n"
        "Section 3. Subd. 2. [[The Chief of Police may enter into agreements under 8 U.S.C."
        " 1357(g).]] ++The City shall not enter into any agreement under 8 U.S.C. 1357(g).++\n"
    )
    kept = law_text(text)
    assert "The Chief of Police may enter into agreements" not in kept
    assert "The City shall not enter into any agreement" in kept


def test_an_account_of_what_a_rescinded_order_said_is_no_law():
    """A police general order ends with a rescission note: 'G.O. 2.27 (2018) provided that
    "the Booking Supervisor may ... inform ICE of the anticipated release of a prisoner" ...
    Both provisions are rescinded by this order': the quoted permission is no longer law."""
    text = (
        "IV. PROCEDURES\n\n1. Members shall not notify a federal immigration authority of the"
        " release date of any person in Department custody.\n\nV. RESCISSION NOTE\n\n"
        'G.O. 2.27 (2018) provided that "the Booking Supervisor may, as a courtesy, inform ICE'
        ' of the anticipated release of a prisoner who is the subject of a detainer." Both'
        " provisions are rescinded by this order and have no further effect.\n"
    )
    kept = law_text(text)
    assert "as a courtesy, inform ICE" not in kept
    assert "shall not notify a federal immigration authority" in kept


def test_a_struck_run_over_an_iowa_page_foot_is_deleted():
    """An Iowa bill strikes a subsection across a page break, its foot "LSB 5432SV (2) 91"
    over "jm/rn   2/6": the page foot is furniture, so the whole struck run is deleted."""
    text = (
        " 2 34  card.\n"
        " 2 35     ~~3.  A law enforcement agency may decline to comply with an\n"
        "       LSB 5432SV (2) 91\n"
        "       jm/rn                                  2/6\n\n"
        " 3  1  immigration detainer request with respect to a person who is\n"
        " 3  2  the victim of a criminal offense.~~\n"
        " 3  3     Sec. 4.  A sheriff shall honor each immigration detainer request.\n"
    )
    kept = law_text(text)
    assert "may decline to comply" not in kept
    assert "shall honor each immigration detainer request" in kept


def test_a_legend_adding_matter_in_braces_keeps_it():
    """A council bill's legend says "Material to be deleted in [brackets]; material to be added
    underlined and shown in {braces}": the braced matter is new law, not deleted."""
    text = (
        "Material to be deleted in [brackets]; material to be added underlined and shown in"
        " {braces}.\n\nSec. 19-321. {Status inquiries by city employees.}\n\n{(a) No city"
        " employee shall inquire into the immigration status of any person.}\n"
    )
    kept = law_text(text)
    assert "No city employee shall inquire into the immigration status" in kept


def test_connecticuts_legend_of_deletions_enclosed_in_brackets_deletes_them():
    """A Connecticut raised bill ends with "[Proposed deletions are enclosed in brackets.
    Proposed additions are indicated by underline ...]": the bracketed permission is deleted,
    and the consent-form rule that replaces it stays."""
    text = (
        "Section 1. Section 54-192h of the general statutes is repealed and the following is"
        " substituted in lieu thereof:\n\n"
        "[(i) A law enforcement agency may permit a federal immigration authority to\ninterview"
        " an individual in its custody without notice to the individual.]\n\n"
        "(i) Prior to any interview, the law enforcement agency shall provide the individual with"
        " a written consent form.\n\n"
        "[Proposed deletions are enclosed in brackets. Proposed additions are indicated by\n"
        "underline, except that when the entire text of a bill is new, it is not underlined.]\n"
    )
    kept = law_text(text)
    assert "may permit a federal immigration authority" not in kept
    assert "shall provide the individual with a written consent form" in kept


def test_bare_cross_references_end_at_a_new_hampshire_section_heading():
    """New Hampshire's RSA prints "Cross References." alone on its line after a chapter's
    table of sections, and heads its sections "594-D:4 Catchline. –" (a lettered chapter):
    the references run to that heading, and the sections after it are law."""
    text = (
        "CHAPTER 594-D\nIMMIGRATION DETAINERS\n\nSection\n594-D:4 Civil Arrests.\n\n"
        "Cross References.\nArrest in criminal cases generally, see RSA 594.\n\n\n"
        "594-D:4 Civil Arrests. –\nI. No person shall be subject to civil arrest on the basis"
        " of a civil immigration warrant while inside a courthouse.\n"
    )
    kept = law_text(text)
    assert "Arrest in criminal cases generally" not in kept
    assert "No person shall be subject to civil arrest" in kept


def test_a_bracketed_deletion_runs_past_new_mexicos_margin_legend():
    """A New Mexico bill's bracketed deletion may run over a page break, where the margin
    legend prints "[bracketed material] = delete": the deletion still ends at its own "]",
    and no unbalanced bracket is reported."""
    text = (
        "24             [C. The sheriff shall honor a\n"
        "25   request by a federal immigration authority to hold a prisoner of\n\n"
        "     underscored material = new\n     [bracketed material] = delete\n     .231456.2\n\n"
        "                                  - 6 -\n"
        " 1   the county jail for up to forty-eight hours.]\n"
        " 2        SECTION 8. EMERGENCY.--This act takes effect immediately.\n"
    )
    style = "pdf"  # a whole bill's line numbers make it so
    deleted = " ".join(text[a:b] for a, b in markup.deleted_spans(text, style))
    assert "shall honor a" in deleted and "forty-eight hours" in deleted
    assert "EMERGENCY" not in deleted
    assert inconsistent_markup(text, style, noise=markup.noise_spans(text, style)) == []


def test_louisianas_digest_after_the_bill_is_no_law():
    """Louisiana prints a DIGEST after the bill ("Present law does not expressly address ...;
    proposed law requires ..."), prepared by House Legislative Services: no part of the law."""
    text = (
        "Section 1. R.S. 15:88.1 is hereby enacted to read as follows:\n"
        "A. Each sheriff shall honor any immigration detainer received.\n"
        "B. The sheriff shall notify the attorney general of each detainer honored.\n"
        "C. Nothing in this Section prohibits the sheriff from receiving status information.\n"
        "Section 2. This Act shall become effective on August 1, 2027.\n\n\n"
        "                                   DIGEST\n\n"
        "The digest printed below was prepared by House Legislative Services.\n\n"
        "Present law does not expressly address compliance with federal immigration detainer"
        " requests; proposed law prohibits holding a person beyond release on a detainer.\n"
    )
    kept = law_text(text)
    assert "Present law does not expressly address" not in kept
    assert "Each sheriff shall honor any immigration detainer" in kept


def test_bracketed_rules_a_directive_lists_as_rescinded_are_no_law():
    """A jail directive lists the rules of its earlier revision it ends: "The following
    provisions ... are rescinded in their entirety and shall not be followed:" and then each
    rule in brackets. The bracketed rules leave the law; the directive's own rules stay."""
    text = (
        "IV. PROCEDURES\n\n1. Deputies shall honor every immigration detainer.\n\n"
        "VI. RESCINDED MATERIAL\n\nThe following provisions of Directive 12 (Rev. 1) are"
        " rescinded in their\nentirety and shall not be followed:\n\n"
        "   [IV.C.4. An inmate shall not be held beyond release absent a judicial\n"
        "   warrant.]\n\n   [IV.F.2. ICE officers shall not be given access to nonpublic"
        " areas.]\n\nVII. REFERENCES\n"
    )
    kept = law_text(text)
    assert "absent a judicial" not in kept
    assert "nonpublic" not in kept
    assert "shall honor every immigration detainer" in kept


def test_an_exhibit_the_text_says_has_no_effect_is_no_law():
    """A council resolution asks for an ordinance "substantially in the form attached as
    Exhibit "A"" and says Exhibit "A" "is a drafting instruction only and shall have no effect
    unless and until an ordinance is adopted": the draft it attaches enacts nothing."""
    text = (
        "BE IT RESOLVED BY THE COUNCIL:\n\nSection 1. That the City Manager is requested to"
        ' bring forward an ordinance in the form attached as Exhibit "A".\n\nSection 2. That'
        ' Exhibit "A" is a drafting instruction only\nand shall have no effect unless and until'
        ' an ordinance is adopted.\n\n                 EXHIBIT "A"\n\n1.29.030 NO CITY'
        " DEPARTMENT SHALL INQUIRE INTO THE IMMIGRATION STATUS OF ANY PERSON.\n\n"
        '          [END OF EXHIBIT "A"]\n\nPassed by the Council.\n'
    )
    kept = law_text(text)
    assert "INQUIRE INTO THE IMMIGRATION STATUS" not in kept
    assert "requested to bring forward" in " ".join(kept.split())
    assert "Passed by the Council" in kept


def test_rescinded_rules_quoted_and_a_note_on_an_earlier_version_are_no_law():
    """A policy may quote the rules it rescinds ('(4) "ICE agents will not be permitted ..."
    (RESCINDED)'), a county file may note what "an earlier version of this file, as
    introduced, would have created", and a Virginia bill may print its Fiscal Impact
    Statement: none of them is law."""
    text = (
        "428.3 RESCINDED PROVISIONS\nThe following provisions of the former policy are"
        ' rescinded:\n(4) "ICE agents will not be permitted to enter the non-public areas of the'
        ' Department without a judicial warrant." (RESCINDED)\n\n'
        "428.4 VICTIMS\nOfficers shall not ask a crime victim about immigration status.\n\n"
        "NOTE: An earlier version of this file, as introduced, would have created s. 113.04(6),"
        ' providing that "No County officer shall make an arrest based on an administrative'
        ' warrant."\n\n'
        "SECTION 2. This act takes effect July 1, 2027.\n\n"
        + "Filler line of the bill.\n"
        * 20
        + "\n2027 Fiscal Impact Statement\n\n5. Summary: Repeals the prohibition on release"
        " notifications.\n"
    )
    kept = law_text(text)
    assert "ICE agents will not be permitted" not in kept
    assert "would have created" not in kept and "administrative warrant" not in kept
    assert "Repeals the prohibition" not in kept
    assert "Officers shall not ask a crime victim about immigration status" in kept


def test_an_executive_policys_references_part_is_no_law():
    """King County prints its executive policies with a numbered "3.0 REFERENCES" part listing
    the laws they cite ("3.4 8 U.S.C. sections 1324a, 1357(g), 1373 and 1644"): citations,
    up to the next part ("4.0 DEFINITIONS")."""
    text = (
        "3.0  REFERENCES\n\n3.1  King County Code chapter 2.15\n"
        "3.4  8 U.S.C. sections 1324a, 1357(g), 1373 and 1644\n\n"
        '4.0  DEFINITIONS\n\n4.1  "Department" means an executive department.\n\n'
        "5.0  POLICIES\n\n5.1  Departments shall not enter into agreements under 8 U.S.C."
        " 1357(g).\n"
    )
    kept = law_text(text)
    assert "1324a" not in kept
    assert "Departments shall not enter into agreements" in kept and "4.0" in kept


def test_nebraskas_introducers_statement_of_intent_is_no_law():
    """A Nebraska bill is printed with the "INTRODUCER'S STATEMENT OF INTENT" after it, which
    says what each section would do ("Section 4 requires ..."): an explanation, not law."""
    text = (
        "Section 1. A hospital shall not disclose a patient's immigration status to any federal"
        " immigration authority.\n\n"
        + "Section 2. Filler of the bill.\n"
        * 20
        + "\nINTRODUCER'S STATEMENT OF INTENT\n\nSection 4 requires the person in charge of each"
        " county jail to verify the status of any person booked on a felony charge.\n"
    )
    kept = law_text(text)
    assert "Section 4 requires" not in kept
    assert "A hospital shall not disclose" in kept


def test_new_hampshires_analysis_before_the_bill_is_no_law():
    """A New Hampshire bill opens with an ANALYSIS ("This bill: ... IV. Clarifies that nothing
    in the bill restricts the sharing of records with federal immigration authorities"): it
    tells what the bill does, up to the legend of its markup, and enacts nothing."""
    text = (
        "HOUSE BILL 1318-FN\n\nAN ACT relative to motor vehicle records.\n\n"
        "AMENDED ANALYSIS\n\nThis bill:\n\n"
        "IV. Clarifies that nothing in the bill restricts the sharing of records with federal"
        " immigration authorities.\n\n"
        "Explanation: Matter added to current law appears in bold italics.\n\n"
        "STATE OF NEW HAMPSHIRE\n\n"
        "1 Motor Vehicle Records. The department shall not sell records in bulk.\n"
    )
    law = law_text(text)
    assert "Clarifies that nothing" not in law
    assert "shall not sell records in bulk" in law


def test_new_text_in_braces_and_deleted_text_in_capitals_within_brackets():
    """A borough ordinance's legend reads "new text is shown between {braces}; deleted text is
    shown in [capitals within brackets]": its braces hold new law (the semicolon ends the
    clause that names them), and its bracketed capitals are deleted."""
    text = (
        "Section 3. Chapter 2.108 is amended as follows (new text is shown between {braces};"
        " deleted text is shown in [capitals within brackets]):\n\n"
        "D. [RECORDS OF RECREATION PROGRAM PARTICIPANTS ARE CONFIDENTIAL.]\n\n"
        "{2.108.095 Shelter records.\n\nD. The borough shall not disclose covered records to a"
        " federal agency for the purpose of civil immigration enforcement.}\n"
    )
    law = law_text(text)
    assert "shall not disclose covered records" in law
    assert "RECREATION PROGRAM PARTICIPANTS" not in law
