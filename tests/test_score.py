"""The comparator (compare.score.score_text) with the real checklist.

Cue tests use sentences written for these tests, not taken from the corpus. Seed-bill tests
score the labelled corpus texts and compare with ../shared/eval/labels.csv.
"""

import csv
from pathlib import Path
from types import SimpleNamespace

import pytest

from billtracker.config import load_checklist
from compare import markup
from compare.score import score_text, weighted_score
from conftest import SHARED, TEXTS

LABELS = SHARED / "eval" / "labels.csv"
PROBE = Path(__file__).parent / "fixtures" / "probe"
N_ITEMS = len(load_checklist().items)


@pytest.fixture(scope="module")
def checklist():
    return load_checklist()


def labels_of(text, checklist):
    return score_text(text, checklist).labels


def present(text, checklist):
    """The items that are not absent, with their labels."""
    return {k: v for k, v in labels_of(text, checklist).items() if v != "absent"}


# -- binding versus permissive ------------------------------------------------------

BINDING_SHARING = [
    "The department shall not disclose personal information about any individual to federal "
    "immigration authorities.",
    "Section 1. The department shall not disclose personal information about any individual to "
    "federal immigration authorities.",
    "A state agency may not share the home address of any person with federal immigration "
    "authorities.",
    "No agency shall provide personal information about a resident to immigration authorities "
    "for immigration enforcement.",
    "Law enforcement agencies are prohibited from disclosing personal information of any "
    "individual to federal immigration authorities.",
]
OPTIONAL_SHARING = [
    "The department may choose not to disclose personal information about any individual to "
    "federal immigration authorities.",
    "Agencies are encouraged not to disclose personal information about any individual to "
    "federal immigration authorities.",
    "A county may decline to share personal information about any individual with federal "
    "immigration authorities.",
]


@pytest.mark.parametrize("text", BINDING_SHARING)
def test_binding_prohibition_is_full(checklist, text):
    assert labels_of(text, checklist)["no_info_sharing"] == "full"


@pytest.mark.parametrize("text", OPTIONAL_SHARING)
def test_permissive_or_encouraged_is_partial(checklist, text):
    assert labels_of(text, checklist)["no_info_sharing"] == "partial"


# -- saving clauses and exceptions -----------------------------------------------------

SAVING = [
    "Nothing in this section shall prohibit sending information regarding citizenship or "
    "immigration status to federal immigration authorities.",
    "This section does not prohibit a law enforcement agency from exchanging information "
    "regarding the citizenship or immigration status of any individual with federal "
    "immigration authorities.",
]


@pytest.mark.parametrize("text", SAVING)
def test_saving_clause_is_a_database_carveout(checklist, text):
    assert labels_of(text, checklist)["carveout_database_access"] == "full"


@pytest.mark.parametrize("text", SAVING)
def test_saving_clause_is_not_a_sharing_ban(checklist, text):
    assert labels_of(text, checklist)["no_info_sharing"] == "absent"


EXCEPTIONS = [
    "A law enforcement agency shall not notify federal immigration authorities of the release "
    "date of any person unless the person has been convicted of a violent felony.",
    "A sheriff shall not honor an immigration detainer except where the individual has been "
    "convicted of a serious or violent felony.",
]


@pytest.mark.parametrize("text", EXCEPTIONS)
def test_conviction_exception_is_a_serious_crimes_carveout(checklist, text):
    assert labels_of(text, checklist)["carveout_serious_crimes"] == "full"


@pytest.mark.parametrize(
    ("text", "item"),
    [(EXCEPTIONS[0], "no_notification_transfer"), (EXCEPTIONS[1], "no_detainers")],
)
def test_rule_with_conviction_exception_is_not_full(checklist, text, item):
    assert labels_of(text, checklist)[item] != "full"


# -- deleted matter ------------------------------------------------------------------------

NY_RULE = (
    "A STATE AGENCY SHALL NOT DISCLOSE PERSONAL INFORMATION ABOUT ANY INDIVIDUAL TO FEDERAL "
    "IMMIGRATION AUTHORITIES."
)


def ny_bill(rule: str) -> str:
    return (
        "S T A T E  O F  N E W  Y O R K\n\n"
        "  THE  PEOPLE OF THE STATE OF NEW YORK, REPRESENTED IN SENATE AND ASSEMBLY, DO ENACT "
        "AS FOLLOWS:\n\n"
        "  Section 1. Section 12 of the executive law is amended to read as follows:\n"
        f"  S 12. Agency records. {rule} A state agency shall keep its records in good order.\n"
        "  S 2. This act shall take effect immediately.\n"
    )


MD_WORDS = (
    "shall not disclose personal information about any individual to federal immigration "
    "authorities."
)


def md_bill(struck: bool) -> str:
    words = " ".join(f"~~{w}~~" for w in MD_WORDS.split()) if struck else MD_WORDS
    return (
        "START OF PAGE 1\nHOUSE BILL 99\n\n"
        "1 SECTION 1. BE IT ENACTED BY THE GENERAL ASSEMBLY OF MARYLAND, That the Laws of "
        "Maryland read as follows:\n\n"
        "2 Article – State Government\n\n3 9-101.\n\n"
        f"4 A unit of State government {words} A unit may keep records.\n\n"
        "5 SECTION 2. AND BE IT FURTHER ENACTED, That this Act shall take effect October 1, "
        "2025.\n\nEND OF PAGE 1\n"
    )


def test_ny_rule_as_new_matter_is_full(checklist):
    assert labels_of(ny_bill(NY_RULE), checklist)["no_info_sharing"] == "full"


def test_ny_rule_in_brackets_is_absent(checklist):
    assert labels_of(ny_bill(f"[{NY_RULE}]"), checklist)["no_info_sharing"] == "absent"


def test_ny_bill_with_only_bracketed_rule_enacts_nothing(checklist):
    assert present(ny_bill(f"[{NY_RULE}]"), checklist) == {}


def test_md_rule_unstruck_is_full(checklist):
    assert labels_of(md_bill(struck=False), checklist)["no_info_sharing"] == "full"


def test_md_rule_struck_is_absent(checklist):
    assert labels_of(md_bill(struck=True), checklist)["no_info_sharing"] == "absent"


def test_md_bill_with_only_struck_rule_enacts_nothing(checklist):
    assert present(md_bill(struck=True), checklist) == {}


# -- texts that enact nothing --------------------------------------------------------------

ENACTS_NOTHING = {
    "definition": '"Immigration authorities" means any officer, employee or person otherwise '
    "paid by or acting as an agent of United States Immigration and Customs Enforcement, or any "
    "other officer responsible for enforcement of the civil provisions of the Immigration and "
    "Nationality Act.",
    "definition of hold request": '"Hold request" means a request by federal immigration '
    "authorities that a local law enforcement agency maintain custody of an individual beyond "
    "the time the individual would otherwise be eligible for release.",
    "findings": "The Legislature finds and declares that a relationship of trust between "
    "immigrant communities and state agencies is central to public safety, and that state "
    "agencies should not disclose personal information to federal immigration authorities.",
    "council findings": "The Council finds that honoring immigration detainers and sharing "
    "personal information with immigration authorities undermines public trust.",
    "resolution": "Resolved, that the Council calls upon the State to prohibit state agencies "
    "from disclosing personal information to federal immigration authorities and to bar "
    "holding any person on an immigration detainer.",
    "resolution with whereas": "Whereas, immigrant residents fear that city agencies share "
    "their personal information with federal immigration authorities; now, therefore, be it\n"
    "Resolved, that the Council of the City of New York calls upon the State Legislature to "
    "pass legislation prohibiting state agencies from disclosing personal information to "
    "federal immigration authorities and barring any person from being held on an immigration "
    "detainer.",
}


@pytest.mark.parametrize("text", ENACTS_NOTHING.values(), ids=ENACTS_NOTHING.keys())
def test_text_that_enacts_nothing_is_all_absent(checklist, text):
    assert present(text, checklist) == {}


@pytest.mark.parametrize("text", ENACTS_NOTHING.values(), ids=ENACTS_NOTHING.keys())
def test_text_that_enacts_nothing_scores_zero(checklist, text):
    assert score_text(text, checklist).score == 0.0


# -- lead-ins, guidance, mandates -------------------------------------------------------------

LEAD_IN = [
    "(a) Law enforcement agencies shall not:\n(1) Detain an individual on the basis of a hold "
    "request.",
    "SECTION 1. (a) Law enforcement agencies shall not:\n(1) Detain an individual on the basis "
    "of a hold request.\n(2) Provide personal information about an individual to immigration "
    "authorities.",
]


@pytest.mark.parametrize("text", LEAD_IN)
def test_lead_in_prohibition_is_inherited(checklist, text):
    assert labels_of(text, checklist)["no_detainers"] == "full"


def test_lead_in_prohibition_reaches_second_paragraph(checklist):
    assert labels_of(LEAD_IN[1], checklist)["no_info_sharing"] == "full"


GUIDANCE = (
    "The Attorney General shall publish model policies limiting assistance with immigration "
    "enforcement at public schools, health facilities and courthouses, that schools may adopt."
)


def test_guidance_only_is_partial(checklist):
    assert labels_of(GUIDANCE, checklist)["sensitive_locations"] == "partial"


def test_guidance_only_makes_nothing_full(checklist):
    assert "full" not in present(GUIDANCE, checklist).values()


NOT_REMEDIES = [
    GUIDANCE,
    "The Attorney General shall collect data on immigration enforcement activity by local "
    "agencies.",
    "The Attorney General shall not participate in immigration enforcement operations.",
]


@pytest.mark.parametrize("text", NOT_REMEDIES, ids=["model policies", "data", "no part"])
def test_attorney_general_duty_is_not_a_remedy(checklist, text):
    assert labels_of(text, checklist)["enforcement_mechanism"] == "absent"


MANDATES = [
    "No municipality shall adopt a sanctuary policy.",
    "Every law enforcement agency shall fully cooperate with federal immigration authorities "
    "and shall comply with any immigration detainer.",
    "No political subdivision shall prohibit or restrict any official from communicating with "
    "immigration and customs enforcement.",
]


@pytest.mark.parametrize("text", MANDATES)
def test_mandate_is_mandates_cooperation(checklist, text):
    assert labels_of(text, checklist)["mandates_cooperation"] == "full"


@pytest.mark.parametrize("text", MANDATES)
def test_mandate_earns_no_protective_item(checklist, text):
    card = score_text(text, checklist)
    protective = {i.id for i in checklist.items if not i.weakening}
    assert {j.item_id for j in card.items if j.label != "absent"} & protective == set()


SYNTHETIC = (
    BINDING_SHARING + OPTIONAL_SHARING + SAVING + EXCEPTIONS + LEAD_IN + MANDATES + [GUIDANCE]
)


@pytest.mark.parametrize("text", SYNTHETIC)
def test_synthetic_evidence_is_verbatim_span(checklist, text):
    card = score_text(text, checklist)
    assert all(text[e.start : e.end] == e.quote for j in card.items for e in j.evidence)


@pytest.mark.parametrize("text", SYNTHETIC)
def test_synthetic_present_labels_have_evidence(checklist, text):
    card = score_text(text, checklist)
    assert all(j.evidence for j in card.items if j.label != "absent")


# -- seed bills against the gold labels ----------------------------------------------------------


def _gold() -> dict[str, dict[str, str]]:
    gold: dict[str, dict[str, str]] = {}
    with open(LABELS, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            gold.setdefault(row["doc"], {})[row["item"]] = row["label"]
    return gold


GOLD = _gold()
DOCS = sorted(GOLD)
SEED_BILLS = [
    "CA_2017-2018_SB54_chaptered-ch495",
    "CA_2017-2018_AB450_codified-partial",
    "NY_2023-2024_S987_original",
    "MO_2024_HB1515_introduced",
    "MO_2024_SB1373_introduced",
]
MISSOURI = [d for d in SEED_BILLS if d.startswith("MO_")]


@pytest.fixture(scope="module")
def scored(checklist):
    """doc -> (text, scorecard) for every labelled document."""
    out = {}
    for doc in DOCS:
        text = (TEXTS / f"{doc}.txt").read_text(encoding="utf-8")
        out[doc] = (text, score_text(text, checklist))
    return out


def _has_protective_gold(doc, checklist) -> bool:
    protective = {i.id for i in checklist.items if not i.weakening}
    return any(label != "absent" for item, label in GOLD[doc].items() if item in protective)


def test_seed_bills_are_labelled():
    assert set(SEED_BILLS) <= set(DOCS)


@pytest.mark.parametrize("doc", SEED_BILLS)
def test_seed_bill_agrees_with_gold(scored, doc):
    labels = scored[doc][1].labels
    gold = GOLD[doc]
    agree = sum(labels[item] == label for item, label in gold.items()) / len(gold)
    assert agree >= 0.90, {i: (g, labels[i]) for i, g in gold.items() if labels[i] != g}


@pytest.mark.parametrize("other", [d for d in DOCS if d not in MISSOURI])
@pytest.mark.parametrize("mo", MISSOURI)
def test_missouri_scores_no_higher_than_other_labelled_docs(scored, mo, other):
    assert scored[mo][1].score <= scored[other][1].score


@pytest.mark.parametrize("mo", MISSOURI)
def test_missouri_scores_below_protective_bills(scored, checklist, mo):
    others = [d for d in DOCS if d not in MISSOURI and _has_protective_gold(d, checklist)]
    not_below = {d: scored[d][1].score for d in others if scored[d][1].score <= scored[mo][1].score}
    assert not_below == {}, f"{mo} scores {scored[mo][1].score}"


@pytest.mark.parametrize("doc", DOCS)
def test_evidence_offsets_give_the_quote(scored, doc):
    text, card = scored[doc]
    spans = [(j.item_id, e) for j in card.items for e in j.evidence]
    assert [(i, e.start, e.end) for i, e in spans if text[e.start : e.end] != e.quote] == []


@pytest.mark.parametrize("doc", DOCS)
def test_evidence_quote_is_in_text(scored, doc):
    text, card = scored[doc]
    assert [e.quote for j in card.items for e in j.evidence if e.quote not in text] == []


@pytest.mark.parametrize("doc", DOCS)
def test_present_labels_have_evidence(scored, doc):
    card = scored[doc][1]
    assert [j.item_id for j in card.items if j.label != "absent" and not j.evidence] == []


# -- bad input ----------------------------------------------------------------------------------

SPANISH = (
    "El departamento no divulgará información personal de ninguna persona a las autoridades "
    "federales de inmigración. Ninguna agencia detendrá a una persona sobre la base de una "
    "solicitud de retención migratoria, salvo orden judicial. Las escuelas no permitirán el "
    "acceso de agentes de inmigración a las áreas no públicas sin una orden judicial."
)


@pytest.mark.parametrize("text", ["", " ", "\n\n\t\n"], ids=["empty", "space", "blank lines"])
def test_empty_text_gives_29_items(checklist, text):
    assert len(score_text(text, checklist).items) == N_ITEMS


@pytest.mark.parametrize("text", ["", " ", "\n\n\t\n"], ids=["empty", "space", "blank lines"])
def test_empty_text_is_all_absent(checklist, text):
    assert present(text, checklist) == {}


PARAGRAPH = (
    "The department shall keep its offices open to the public during business hours and shall "
    "not disclose personal information about any individual to federal immigration "
    "authorities, and it shall answer correspondence within thirty days"
)


def test_plain_paragraph_gives_29_items(checklist):
    assert len(score_text(PARAGRAPH, checklist).items) == N_ITEMS


def test_plain_paragraph_is_still_read(checklist):
    assert labels_of(PARAGRAPH, checklist)["no_info_sharing"] == "full"


def test_spanish_text_gives_29_items(checklist):
    assert len(score_text(SPANISH, checklist).items) == N_ITEMS


def test_spanish_text_is_all_absent(checklist):
    assert present(SPANISH, checklist) == {}


def test_ten_megabyte_text_completes(checklist):
    base = (TEXTS / "NY_2023-2024_A5686_original.txt").read_text(encoding="utf-8")
    big = base * (10_000_000 // len(base) + 1)
    assert len(score_text(big, checklist).items) == N_ITEMS


def test_a_text_that_lost_struck_words_is_visibly_uncertain(checklist):
    text = (
        "Section 1.\n1. State and local law enforcement agencies may :\n"
        "a. Inquire into or collect information about an individual's immigration status.\n"
        "2. Agencies may  provide personal information about an individual to federal "
        "immigration authorities.\n"
    )
    card = score_text(text, checklist)
    assert any(markup.DROPPED_WORDS in w for w in card.warnings)
    assert max(j.confidence for j in card.items) <= 0.5


def test_request_exception_hollows_a_rule_and_is_flagged(checklist):
    """Issue 13: "except pursuant to a judicial warrant" turned into "unless requested by
    federal immigration authorities in writing" no longer keeps the item at full."""
    rule = (
        "Section 1. No state or local agency shall disclose personal information about any "
        "individual to federal immigration authorities, "
    )
    warrant = score_text(rule + "except pursuant to a judicial warrant.", checklist)
    request = score_text(
        rule + "unless requested by federal immigration authorities in writing.", checklist
    )
    assert warrant.get("no_info_sharing").label == "full"
    hollowed = request.get("no_info_sharing")
    assert hollowed.label == "partial" and hollowed.explanation.get("weakened")
    assert "on request" in hollowed.readings[0].exceptions
    assert request.get("individual_notice").label == "absent"


def test_a_right_to_sue_beside_a_protection_is_a_full_remedy(checklist):
    text = (
        "Section 1. No state or local agency shall disclose personal information about any "
        "individual to federal immigration authorities.\n"
        "Section 2. Any person injured by a violation of this act may bring a civil action "
        "for damages and injunctive relief."
    )
    assert score_text(text, checklist).get("enforcement_mechanism").label == "full"
    alone = "Sec. 4. A person injured by unlicensed gambling may bring a civil action."
    assert score_text(alone, checklist).get("enforcement_mechanism").label == "absent"


def test_anti_sanctuary_bar_is_a_mandate_not_the_protections_it_negates(checklist):
    text = (
        "Sec. 752.053. (a) A local entity may not adopt, enforce, or endorse a policy under "
        "which the entity prohibits or materially limits the enforcement of immigration laws.\n"
        "(b) A local entity may not prohibit or materially limit a peace officer from doing "
        "any of the following:\n"
        "(1) inquiring into the immigration status of a person under arrest;\n"
        "(2) complying with an immigration detainer."
    )
    card = score_text(text, checklist)
    assert card.get("mandates_cooperation").label == "full"
    assert card.get("no_status_collection").label == "absent"
    assert card.get("no_detainers").label == "absent"
    assert card.direction == "restrictive"
    assert card.score == 0.0


def test_quotes_end_at_a_clause_boundary_never_mid_word(checklist):
    long_rule = (
        "A law enforcement agency shall not notify federal immigration authorities of the "
        "release date of any individual in its custody, "
        + ", ".join(f"including a person held under a charge of kind {n}" for n in range(40))
        + "."
    )
    card = score_text(long_rule, checklist)
    quote = card.get("no_notification_transfer").evidence[0].quote
    assert long_rule.startswith(quote) and len(quote) < len(long_rule)
    assert long_rule[len(quote)] in " ,;:" or quote[-1] in ",;:"


def test_an_exception_in_a_law_that_mandates_nothing_narrows_it_by_half(checklist):
    """An exception in a law that limits cooperation and mandates none narrows its rules, which
    still stand; in a law that mandates cooperation it weighs in full."""

    def net(labels):
        judged = [
            SimpleNamespace(item_id=i.id, label=labels.get(i.id, "absent")) for i in checklist.items
        ]
        return weighted_score(judged, checklist)[1]

    limit = {"no_status_collection": "partial"}
    carve = {"carveout_serious_crimes": "partial"}
    mandate = {"mandates_cooperation": "full"}
    assert net(limit) > net({**limit, **carve}) > 0  # narrowed, not undone
    half = net(limit) - net({**limit, **carve})
    full = net({**limit, **mandate}) - net({**limit, **mandate, **carve})
    assert full == pytest.approx(2 * half, abs=0.11)


_BODY_CAMERA_LAW = """AN ACT relating to body-worn cameras.

Section 1. Definitions. As used in this act, "recording" means the images and sound a body-worn camera records.

Section 2. Permitted uses. A law enforcement agency may review a recording only to investigate a complaint or a crime.

Section 3. Retention. A recording shall not be retained by a law enforcement agency for more than 90 days and shall be destroyed at the end of that period.

Section 4. Sale. A law enforcement agency shall not sell a recording for any purpose.

Section 5. Policy. Each agency shall adopt a written usage and privacy policy.

Section 6. Audits. Each agency shall audit the use of its cameras every year.

Section 7. Penalty. A person who knowingly misuses a recording is guilty of a misdemeanor.

Section 8. Effective date. This act takes effect on July 1.
"""


def test_a_retention_limit_in_a_text_that_never_speaks_of_immigration_stays_full(checklist):
    """A body-camera law limits immigration enforcement only as it limits everyone; its
    retention limit binds every agency it governs, so by the documented choice for general
    privacy rules (README; ``no_immigration_subject: full``) it stays full. A general rule of
    the items left partial (a bar on selling data) is tested with the drone law in
    tests/test_law_readings.py."""
    assert checklist.get("data_minimization").no_immigration_subject == "full"
    judgement = score_text(_BODY_CAMERA_LAW, checklist).get("data_minimization")
    assert judgement.label == "full", judgement
    assert judgement.evidence  # the retention limit is quoted


def test_the_same_protection_in_an_immigration_law_is_full(checklist):
    text = _BODY_CAMERA_LAW.replace(
        "for any purpose.", "for any purpose, or share it for civil immigration enforcement."
    )
    assert score_text(text, checklist).get("data_minimization").label == "full"


def test_be_it_further_ends_the_resolving_clause_before_it(checklist):
    """A "...; and be it further RESOLVED, That ..." connective closes the clause before it, so
    the next clause's evidence begins at its own "RESOLVED"."""
    text = (
        "RESOLVED, That the Common Council hereby adopts the following policy, which shall bind "
        "the Police Department; and be it further\n\n"
        "RESOLVED, That members of the Department shall not ask any person about his or her "
        "immigration status; and be it further\n\n"
        "RESOLVED, That the Department shall not hold any person on an immigration detainer.\n"
    )
    card = score_text(text, checklist)
    quote = card.get("no_status_collection").evidence[0].quote
    assert quote.startswith("RESOLVED, That members"), quote


def test_a_decimal_range_of_sections_holds_the_sections_between():
    """Minnesota numbers sections as decimals: "sections 626.965 to 626.9658" holds 626.9653,
    so a remedy for violating that range enforces the rule in 626.9653."""
    from compare.score import _in_decimal_range

    quote = "The attorney general may bring an action to enjoin a violation of sections 626.965 to 626.9658."
    assert _in_decimal_range("626.9653", quote)
    assert _in_decimal_range("626.965", quote)
    assert not _in_decimal_range("626.97", quote)
    assert not _in_decimal_range("627.9653", quote)
    assert not _in_decimal_range("12", quote)


@pytest.mark.parametrize(
    ("exception", "label"),
    [
        # a request honoured only for people serving sentences for violent crimes: a
        # serious-crime exception (its own item), which leaves the bar whole
        (
            "The commissioner shall, upon the request of a federal immigration authority, "
            "provide notice of the release date of any individual serving a sentence for a "
            "violent crime.",
            "full",
        ),
        # a request honoured for anyone gives the act back: the bar is hollow
        (
            "The commissioner shall, upon the request of a federal immigration authority, "
            "provide notice of the release date of any individual.",
            "partial",
        ),
    ],
)
def test_a_request_for_people_convicted_of_named_crimes_leaves_the_rule_whole(
    exception, label, checklist
):
    text = (
        "Section 1. Except as provided in section 2, no law enforcement agency shall:\n"
        "(a) Provide an individual's release date to a federal immigration authority; or\n"
        "(b) Detain an individual on the basis of a civil immigration detainer.\n\n"
        f"Section 2. Exceptions.\nI. {exception}\n"
    )
    assert labels_of(text, checklist)["no_notification_transfer"] == label


def test_a_citation_ending_a_sentence_before_an_article_heading_ends_it(checklist):
    """ "... compliance with Section 5.3." then "ARTICLE 6. PROHIBITED USES 6.1 Recipient shall
    not ..." on the next lines: the duty to send a copy of a report does not take the
    next article's "shall not"."""
    from compare.score import read_provisions

    text = (
        "5.4 Recipient shall provide the Office with a copy of any report at least fifteen days "
        "before its release, for the purpose of confirming compliance with Section 5.3.\n\n"
        "ARTICLE 6. PROHIBITED USES\n\n6.1 Recipient shall not sell any data.\n"
    )
    provisions, _ = read_provisions(text, checklist)
    copy = next(p for p in provisions if "copy of any report" in p.text)
    assert "shall not" not in copy.text
    assert copy.force == "require"


def test_a_decimal_paragraph_reads_its_section_heading_as_its_subject(checklist):
    """ "7A.3 Exception." names no immigration authority; the heading of section 7A it stands
    under does ("REQUESTS FROM FEDERAL IMMIGRATION AUTHORITIES"), so it is a carve-out."""
    text = (
        "ORDINANCE NO. 26-04\n\nBE IT ORDAINED BY THE BOARD OF COMMISSIONERS:\n\n"
        "SECTION 7A. REQUESTS FROM FEDERAL IMMIGRATION AUTHORITIES.\n\n"
        "7A.1 Inquiries. No employee shall inquire into the immigration status of any person.\n\n"
        "7A.2 Disclosure. No county department shall disclose the home address of any person "
        "to a federal immigration authority unless the request is accompanied by a judicial "
        "warrant.\n\n"
        "7A.3 Exception. Section 7A.2 does not prohibit a county department from responding to "
        "a request concerning a person who has been convicted of a crime of violence within the "
        "preceding ten years.\n"
    )
    assert labels_of(text, checklist)["carveout_serious_crimes"] != "absent"


def test_an_exception_section_named_by_its_sign_is_read(checklist):
    """ "Except as provided in § 12-6-705, ... shall not:" points to the exceptions section by its
    sign: an administrative warrant among its cases hollows the bar."""
    text = (
        "12-6-704. Limitations.\n(a) Except as provided in § 12-6-705, a law enforcement agency "
        "shall not:\n(1) Hold a person solely on the basis of an immigration detainer beyond the "
        "time the person would otherwise be released; or\n(2) Notify a federal immigration "
        "authority of the release date of a person in its custody.\n\n"
        "12-6-705. Exceptions.\n(a) Section 12-6-704 does not apply with respect to a person "
        "who:\n(1) Has been convicted of a felony; or\n(2) Is the subject of an administrative "
        "warrant of removal issued by a federal immigration authority.\n"
    )
    assert labels_of(text, checklist)["no_detainers"] == "partial"


def test_a_modal_in_a_list_items_exception_does_not_make_it_a_duty(checklist):
    """ "A poll worker shall not: ... (d) ask any voter about immigration status, except that
    when a voter is challenged the manager shall put the questions": (d) is what the lead-in
    forbids; the "shall" of its exception governs only the exception."""
    text = (
        "3.05 Conduct. While on duty, a precinct election official shall not:\n\n"
        "(a) discuss any candidate or issue on the ballot;\n\n"
        "(b) ask any voter about the voter's citizenship or immigration status, except that when "
        "a voter is challenged the voting location manager shall put the questions prescribed "
        "by law.\n"
    )
    assert labels_of(text, checklist)["no_status_collection"] != "absent"


@pytest.mark.parametrize(
    ("directive", "enacts"),
    [
        (
            "2. Detainers. The Adult Detention Facility shall not hold any person on the basis "
            "of a civil immigration detainer after the person is otherwise eligible for release.",
            True,
        ),
        (
            "2. Detainers. The Board requests that the Sheriff shall not hold any person on the "
            "basis of a civil immigration detainer after the person is eligible for release.",
            False,
        ),
    ],
)
def test_a_resolutions_numbered_directives_to_its_own_bodies_enact(directive, enacts, checklist):
    """ "BE IT RESOLVED BY THE BOARD ... THAT:" and numbered directives binding the county's own
    facility act; the same words as a request to the sheriff enact nothing."""
    text = (
        "RESOLUTION NO. 2026-041\n\nWHEREAS, residents must be able to seek help without fear; "
        "and\n\nNOW, THEREFORE, BE IT RESOLVED BY THE BOARD OF COUNTY COMMISSIONERS THAT:\n\n"
        '1. Definitions. "Civil immigration detainer" means a request by ICE to hold a person.\n\n'
        f"{directive}\n"
    )
    assert (labels_of(text, checklist)["no_detainers"] != "absent") is enacts


def test_a_compiled_documents_first_part_under_a_repeated_header_is_read(checklist):
    """A board policy and its regulation each begin "Lakeview Unified School District": the
    policy's untitled body before the regulation's numbered items is a part, not a title."""
    header = "Lakeview Unified School District"
    text = (
        f"{header}\nBoard Policy\n\nIMMIGRATION ENFORCEMENT\n\n"
        "The Board believes every school should be safe for all students.\n\n"
        "District resources, including personnel, facilities and funds, shall not be used to "
        "assist with immigration enforcement, except as required by law.\n\n"
        f"{header}\nAdministrative Regulation\n\nDefinitions\n\n"
        "1. Immigration enforcement means any effort to enforce federal civil immigration "
        "law.\n\n2. Staff shall keep a log of visitors.\n"
    )
    assert labels_of(text, checklist)["no_resources"] == "full"


def test_a_defined_immigration_agent_is_the_agent_a_later_rule_names(checklist):
    """A policy that defines "Federal immigration agent:" then says "when an agent asks to
    speak with a patient, the charge nurse will tell the patient ... not required to speak":
    that agent is the immigration agent, and the patient is told of the request."""
    text = (
        "4. DEFINITIONS\n\n4.1 Federal immigration agent: an officer or agent of U.S. "
        "Immigration and Customs Enforcement or U.S. Customs and Border Protection.\n\n"
        "5. PROCEDURE\n\n5.5 Notice to patients\n\n5.5.1 When an agent asks to speak with a "
        "patient, the charge nurse will tell the patient of the request, and will inform the "
        "patient that the patient is not required to speak with the agent and may ask to have "
        "an attorney present.\n"
    )
    assert labels_of(text, checklist)["individual_notice"] == "full"


def test_a_text_that_hands_immigration_matters_elsewhere_is_about_criminal_holds(checklist):
    """A jail release procedure that names immigration only to say another procedure handles
    it ("does not govern requests ... from federal immigration authorities") is about
    criminal holds: its release notices and hold rules make no checklist rule. Naming
    immigration in a rule of its own keeps them."""
    procedure = (
        "OPERATING PROCEDURE 9.04\nSUBJECT: INMATE RELEASE\n\n"
        "I. PURPOSE\n\nTo establish uniform steps for the timely release of inmates, including "
        "checks for warrants and holds and required notifications.\n\n"
        "II. SCOPE\n\nA. This procedure applies to every release of an inmate from the Jail.\n\n"
        "B. This procedure does not govern requests or notices from federal immigration "
        "authorities. Those matters are addressed exclusively by OP 9.11.\n\n"
        "III. DEFINITIONS\n\nA. Hold: a warrant of another state or a detainer lodged under the "
        "Interstate Agreement on Detainers.\n\n"
        "IV. PROCEDURE\n\nA. Release Time Frames\n\n1. No inmate shall be detained past the time "
        "release authority is received, except on a hold confirmed under this procedure.\n\n"
        "B. Records\n\n1. Release records shall be retained in accordance with the retention "
        "schedule and shall not be destroyed while any claim concerning the release is pending.\n"
    )
    assert present(procedure, checklist) == {}
    own_rule = procedure.replace(
        "B. Records", "2. No inmate shall be held on an immigration detainer.\n\nB. Records"
    )
    assert "no_detainers" in present(own_rule, checklist)


def test_a_duty_inside_a_that_clause_after_the_is_no_rule(checklist):
    """ "... depends on the confidence that the Library will not disclose what the user reads"
    states a principle: "the" between "that" and the body does not make it a rule."""
    principle = (
        "1. STATEMENT OF PRINCIPLE\n\nThe Library Board affirms that a user's right to read "
        "freely depends on the confidence that the Library will not disclose patron records "
        "to federal immigration authorities.\n"
    )
    assert present(principle, checklist) == {}
    rule = "2. DISCLOSURE\n\nThe Library will not disclose patron records to federal immigration authorities.\n"
    assert present(principle + rule, checklist)


def test_a_task_force_that_fulfils_its_duties_with_hsi_agents_mandates_nothing(checklist):
    """A trafficking task force that "shall collaborate, as needed to fulfill the duties of
    the task force, with" federal agents, HSI among them, helps criminal investigations:
    "fulfill the duties of" is not a duty to honor detainers (a blind probe text)."""
    path = PROBE / "blind58_other" / "texts" / "TX_HB_2741_2027.txt"
    assert (
        labels_of(path.read_text(encoding="utf-8"), checklist)["mandates_cooperation"] == "absent"
    )


def test_a_form_which_states_the_interview_is_voluntary_is_notice(checklist):
    """A jail policy that has staff "provide the inmate with Form WCSO-612A ..., which shall
    state the purpose of the interview, that the interview is voluntary, that the inmate may
    decline" gives the person notice, and its bar on housing people "on behalf of a federal
    immigration authority" is a detention-contract bar (a blind probe text)."""
    path = PROBE / "blind59_mixed" / "texts" / "NV_WashoeCo_DB_Policy_612.txt"
    labels = labels_of(path.read_text(encoding="utf-8"), checklist)
    assert labels["individual_notice"] != "absent"
    assert labels["no_detention_contracts"] == "full"


def test_a_policy_number_or_a_date_ending_a_sentence_ends_it(checklist):
    """ "... are governed by Policy 09.4341." and "... no later than January 1, 2028." end their
    sentences: the next sentence ("Visitor records shall be ...", "The School may include ...")
    is a provision of its own, not a run-on of the one before."""
    from compare.score import read_provisions

    text = (
        "Section 3. Visitors.\n"
        "Interviews of students by law enforcement officers are governed by Policy 09.4341. "
        "Requests for student education records are governed by Policy 09.14. "
        "The office shall publish the forms no later than January 1, 2028. "
        "The School of Government may include the provisions of this act in its training.\n"
    )
    provisions, _ = read_provisions(text, checklist)
    texts = [p.text for p in provisions]
    assert any(t.startswith("requests for student education records") for t in texts), texts
    assert any(t.startswith("the school of government may include") for t in texts), texts
