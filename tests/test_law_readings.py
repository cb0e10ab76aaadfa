"""Whole laws, drafted in many states' styles, read for their meaning.

Each text in ``tests/fixtures/laws`` is a short law written for this test (see its
README). The test checks the text's direction and the labels a careful reader gives its
main provisions: protective laws get their limits, anti-sanctuary laws get
``mandates_cooperation`` and none of the protections they negate, and immigration bills
that limit nothing (legal services, E-Verify) get nothing.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from billtracker.config import load_checklist
from compare.patterns import first_match
from compare.score import Judgement, score_text, weighted_score
from conftest import CORPUS

LAWS = Path(__file__).resolve().parent / "fixtures" / "laws"
PROBE = Path(__file__).resolve().parent / "fixtures" / "probe"
CHECKLIST = load_checklist()
PROTECTIONS = [i.id for i in CHECKLIST.items if not i.weakening]


def _probe_card(folder: str, name: str):
    """The scorecard of one probe fixture text (tests/fixtures/probe/<folder>/texts/<name>)."""
    return score_text((PROBE / folder / "texts" / name).read_text(encoding="utf-8"), CHECKLIST)


# file -> (direction, {item: label}); items not named may take any label
EXPECTED = {
    "trust_act_style": (
        "protective",
        {"no_detainers": "full", "no_287g": "full", "no_status_collection": "full",
         "no_info_sharing": "full", "no_resources": "full", "mandates_cooperation": "absent"},
    ),
    "courthouse_arrests": (  # courthouses only: one kind of sensitive place, which annotators call partial
        "protective",
        {"no_civil_arrests": "full", "sensitive_locations": "partial", "enforcement_mechanism": "full"},
    ),
    "detainer_notice": (  # notice of the detainer, no advice of rights: the mild form (partial)
        "protective",
        {"no_detainers": "full", "individual_notice": "partial", "no_notification_transfer": "full"},
    ),
    "city_resources_ordinance": (
        "protective",
        {"no_resources": "full", "no_287g": "full", "no_detainers": "full",
         "transparency_reporting": "full", "no_status_collection": "full"},
    ),
    "resources_and_agreements": (
        "protective",
        {"no_resources": "full", "no_287g": "full", "no_info_sharing": "full"},
    ),
    "probation_and_reports": (
        "protective",
        {"no_info_sharing": "full", "no_detainers": "full", "no_status_collection": "full",
         "transparency_reporting": "full"},
    ),
    "keep_working_style": (
        "protective",
        {"no_status_collection": "full", "no_detainers": "full", "no_287g": "full",
         "no_notification_transfer": "full", "individual_notice": "full"},
    ),
    "inserted_section": (
        "protective",
        {"no_status_collection": "full", "no_detainers": "full", "no_287g": "full",
         "individual_notice": "full", "no_info_sharing": "full"},
    ),
    "lead_in_list": (
        "protective",
        {"no_info_sharing": "full", "no_status_collection": "full", "database_access_limits": "full",
         "individual_notice": "full"},
    ),
    "school_board_policy": (
        "protective",
        {"school_protections": "full", "sensitive_locations": "full", "training_policies": "full",
         # a board's bar binds every employee of the district it governs (blind labels agree)
         "no_status_collection": "full"},
    ),
    "health_facilities": (
        "protective",
        # health facilities only: one kind of sensitive place (one_place: partial)
        {"judicial_warrant_access": "full", "sensitive_locations": "partial", "no_info_sharing": "full"},
    ),
    "data_brokers": (
        "protective",
        {"data_broker_limits": "full", "data_minimization": "full"},
    ),
    "drivers_licenses": (  # the DMV's applicants only: a narrow bar (partial), as 7 annotators label it
        "protective",
        {"no_info_sharing": "partial", "data_minimization": "full"},
    ),
    "detainer_mandate": ("restrictive", {"mandates_cooperation": "full", "carveout_database_access": "full"}),
    "cooperation_mandate": ("restrictive", {"mandates_cooperation": "full"}),
    "sanctuary_funding": ("restrictive", {"mandates_cooperation": "full"}),
    "sanctuary_ban": ("restrictive", {"mandates_cooperation": "full"}),
    "status_information": (
        "restrictive",
        {"mandates_cooperation": "full", "carveout_database_access": "full"},
    ),
    "district_code_style": (
        "protective",
        {"no_status_collection": "full", "no_detainers": "full", "no_notification_transfer": "full",
         "no_287g": "full", "carveout_database_access": "full", "mandates_cooperation": "absent"},
    ),
    "compiled_statutes_style": (
        "protective",
        {"no_detainers": "full", "no_287g": "full", "no_status_collection": "full",
         "mandates_cooperation": "absent"},
    ),
    "detainer_and_advisement": (
        "protective",
        {"no_detainers": "full", "individual_notice": "full", "mandates_cooperation": "absent"},
    ),
    "attorney_general_directive": (
        "protective",
        {"no_status_collection": "full", "no_detainers": "full", "no_287g": "full",
         "individual_notice": "full", "database_access_limits": "full",
         "mandates_cooperation": "absent"},
    ),
    "sanctuary_policy_ban": (
        "restrictive",
        {"mandates_cooperation": "full", "carveout_database_access": "full"},
    ),
    "courthouse_civil_arrests_act": (  # courthouses only: one kind of sensitive place (partial)
        "protective",
        {"no_civil_arrests": "full", "sensitive_locations": "partial", "judicial_warrant_access": "full",
         "enforcement_mechanism": "full", "carveout_database_access": "absent"},
    ),
    "employer_consent": (
        "protective",
        {"workplace_warrant": "full", "workplace_records": "full", "worker_notice": "full",
         "enforcement_mechanism": "full"},
    ),
    "school_district_records": (
        "protective",
        {"school_protections": "full", "no_status_collection": "partial", "training_policies": "full",
         "carveout_database_access": "absent"},
    ),
    "motor_vehicle_records": (
        "protective",
        {"database_access_limits": "full", "no_info_sharing": "partial", "data_minimization": "full"},
    ),
    "local_entity_enforcement_duties": (
        "restrictive",
        {"mandates_cooperation": "full", "carveout_database_access": "full",
         "individual_notice": "partial"},
    ),
    "sanctuary_policy_grants": ("restrictive", {"mandates_cooperation": "full"}),
    "full_extent_enforcement": ("restrictive", {"mandates_cooperation": "full"}),
    "detainer_warrant_or_felony": (
        "protective",
        {"no_detainers": "full", "carveout_serious_crimes": "full", "transparency_reporting": "full",
         "mandates_cooperation": "absent"},
    ),
    "agency_data_privacy": (
        "protective",
        {"data_broker_limits": "full", "data_minimization": "full", "right_to_delete": "full",
         "consent_required": "full", "mandates_cooperation": "absent"},
    ),
    "city_surveillance_rules": (
        "protective",
        {"surveillance_tech_limits": "full", "fusion_center_limits": "full",
         "no_info_sharing": "partial", "no_notification_transfer": "absent",
         "data_minimization": "partial"},  # "shall be deleted after 30 days": plate-reader data only
    ),
    "sensitive_places_model_policy": (
        "protective",
        {"sensitive_locations": "full", "training_policies": "full", "mandates_cooperation": "absent"},
    ),
    "harboring_penalty": ("restrictive", {"mandates_cooperation": "full"}),
    "immigrant_trust_limitations": (  # a notice ban with a serious-offence exception
        "protective",
        {"no_info_sharing": "full", "no_notification_transfer": "full",
         "carveout_serious_crimes": "full"},
    ),
    "county_detainer_ordinance": (
        "protective",
        {"no_detainers": "full", "no_resources": "full", "transparency_reporting": "partial"},
    ),
    "privilege_from_civil_arrest": (  # courthouses only: one kind of sensitive place, which annotators call partial
        "protective",
        {"no_civil_arrests": "full", "sensitive_locations": "partial", "enforcement_mechanism": "full"},
    ),
    "inserted_section_safe_communities": (
        "protective",
        {"no_status_collection": "full", "no_detainers": "full", "no_notification_transfer": "full",
         "no_info_sharing": "full"},
    ),
    "public_body_disclosure": (
        "protective",
        {"no_info_sharing": "full", "carveout_database_access": "partial",
         "mandates_cooperation": "absent"},
    ),
    "amended_with_double_parentheses": (  # the struck permission to give interview access is gone
        "protective",
        {"no_287g": "full", "mandates_cooperation": "absent"},
    ),
    "victim_certification": (  # a certifying entity may not disclose a victim's status: a
        "protective",  # narrow sharing bar, as two blind annotators label it (partial)
        {"no_info_sharing": "partial", "carveout_database_access": "partial",
         "mandates_cooperation": "absent"},
    ),
    "detention_facility_reviews": ("none", {}),
    "legal_services": ("none", {}),
    "e_verify": ("none", {}),
}  # fmt: skip
RESTRICTIVE_ALLOWED = {"individual_notice"}  # a mandate may also tell the person they are held


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_law_is_read_for_its_meaning(name):
    direction, labels = EXPECTED[name]
    card = score_text((LAWS / f"{name}.txt").read_text(encoding="utf-8"), CHECKLIST)
    got = {j.item_id: j.label for j in card.items}
    assert card.direction == direction, f"{name}: {card.direction}, labels {got}"
    for item, label in labels.items():
        assert got[item] == label, f"{name}: {item} is {got[item]}, expected {label}"
    if direction == "restrictive":
        credited = [i for i in PROTECTIONS if got[i] != "absent" and i not in RESTRICTIVE_ALLOWED]
        assert not credited, f"{name}: an anti-sanctuary law credited with {credited}"
        assert card.score == 0.0
    if direction == "none":  # no limit and no mandate: nothing at all
        assert all(label == "absent" for label in got.values()), got


def test_every_fixture_is_expected():
    assert sorted(p.stem for p in LAWS.glob("*.txt")) == sorted(EXPECTED)


def test_every_protective_law_scores_above_every_restrictive_one():
    scores = {
        name: score_text((LAWS / f"{name}.txt").read_text(encoding="utf-8"), CHECKLIST).score
        for name in EXPECTED
    }
    protective = [scores[n] for n, (d, _) in EXPECTED.items() if d == "protective"]
    restrictive = [scores[n] for n, (d, _) in EXPECTED.items() if d == "restrictive"]
    assert min(protective) > max(restrictive)


def _codified_laws():
    """(path, gold labels) of every codified law with labels: ../shared's statutes and the
    probe set's codes kinds (tests/fixtures/probe)."""
    sources = [(CORPUS / "statutes", CORPUS.parent / "eval" / "labels_statutes.csv")]
    for kind in sorted(p for p in PROBE.iterdir() if "codes" in p.name):  # every round's codes
        for half in ("dev", "closed"):
            sources.append((kind / "texts", kind / f"labels_{half}.csv"))
    laws: dict[Path, dict[str, str]] = {}
    for texts, labels in sources:
        if labels.exists():
            for row in csv.DictReader(labels.open(encoding="utf-8")):
                laws.setdefault(texts / f"{row['doc']}.txt", {})[row["item"]] = row["label"]
    return laws


def _gold_net(gold: dict[str, str]) -> float:
    """The unclamped score the gold labels themselves give a law."""
    judgements = [Judgement(i.id, gold[i.id], 1.0, (), {}) for i in CHECKLIST.items]
    return weighted_score(judgements, CHECKLIST)[1]


def test_every_codified_limit_scores_above_every_anti_sanctuary_law():
    """Issue 13's ordering on codified laws of other states: each law with a full mandate to
    cooperate (gold mandates_cooperation full) is read as mandating cooperation, and every law
    that limits cooperation (gold: some protection, no full mandate) scores above every
    anti-sanctuary law. A mixed chapter, whose own gold labels score it at or above zero
    (status checks beside a full shield for school records; a detainer mandate balanced by
    shelter and school-record protections), is anti-sanctuary in part only and is left out of
    the ordering."""
    laws = _codified_laws()
    assert len(laws) >= 80
    limits, mandates = {}, {}
    for path, gold in laws.items():
        card = score_text(path.read_text(encoding="utf-8"), CHECKLIST)
        if gold["mandates_cooperation"] == "full":
            assert card.get("mandates_cooperation").label != "absent", path.name
            if _gold_net(gold) < 0:
                mandates[path.name] = card.score
        elif any(gold[i] != "absent" for i in PROTECTIONS):
            limits[path.name] = card.score
    assert limits and mandates
    lowest = min(limits, key=limits.get)
    highest = max(mandates, key=mandates.get)
    assert limits[lowest] > mandates[highest], (lowest, limits[lowest], highest, mandates[highest])


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        (
            "Sec. 1. (a) California law enforcement agencies shall not:\n"
            "(1) Use agency moneys or personnel to investigate persons for immigration "
            "enforcement purposes, including any of the following:\n"
            "(A) Providing information regarding a person's release date to immigration "
            "authorities.\n",
            "law enforcement",
        ),
        (
            "Section 1. Section 501.2145, Florida Statutes, is created to read:\n"
            "501.2145 Immigration assistance services.—\n"
            "(2) PROHIBITED PRACTICES.—An immigration assistant may not:\n"
            "(a) Retain a customer's original passport as security for payment.\n"
            "(b) Give legal advice about a customer's eligibility for an immigration benefit.\n",
            "private parties",
        ),
    ],
)
def test_a_list_item_is_bound_by_the_actor_its_lead_in_names(text, actor):
    """The actor of a list item is read from the sentence of its lead-in: across a nested
    list's colons ("shall not: (1) use ...: (A) providing ..."), and after a catchline
    ("prohibited practices.—an immigration assistant may not:")."""
    from compare.score import read_provisions

    provisions, _ = read_provisions(text, CHECKLIST)
    last = [p for p in provisions if p.text.startswith(("(a) providing", "(a) retain"))]
    assert last, [p.text for p in provisions]
    assert last[0].reading.actor == actor


def test_a_catchline_names_whom_a_rule_shields_not_whom_it_binds():
    """A code section's catchline without a verb ("Disclosure ... to federal immigration
    agencies prohibited") gives its subdivisions no actor from the agencies it shields;
    one that names the bound body ("Duties of law enforcement agencies") still does."""
    from compare.score import read_provisions

    def actor(catchline):
        text = (
            "Motor Vehicle Records\n\n39:7B-2. Short title\n2. This act is the Records Act.\n\n"
            f"39:7B-3. {catchline}\n\n3. a. The commission shall not disclose personal "
            "information to a federal immigration agency.\n"
        )
        provisions, _ = read_provisions(text, CHECKLIST)
        return [p for p in provisions if "disclose" in p.text][0].reading.actor

    assert (
        actor("Disclosure of personal information to federal immigration agencies prohibited") == ""
    )
    assert actor("Duties of law enforcement agencies") == "law enforcement"


@pytest.mark.parametrize(
    "finding",
    [
        "The Legislative Assembly finds that individuals of every immigration status must be "
        "able to seek medical care and enroll their children in school without fear.",
        "It is the intent of the Legislative Assembly that schools must remain open to all.",
    ],
)
def test_what_a_legislative_assembly_finds_enacts_nothing(finding):
    """Oregon's legislature is the Legislative Assembly: what it finds is a finding, whatever
    modal the finding uses ("must be able to")."""
    from compare.score import read_provisions

    provisions, _ = read_provisions(f"181A.902 Policy. {finding}\n", CHECKLIST)
    assert [p.force for p in provisions] == ["findings"], [(p.text, p.force) for p in provisions]


APPROPRIATION = (
    "Section 20: Education, Department of\n20.14. Quality Basic Education Program\n"
    "The purpose of this appropriation is to provide formula funds to school systems.\n"
    "Total Funds                                        $12,514,330,917\n"
    "    State General Funds                            $12,486,001,112\n"
    "Provided, that no funds appropriated for the Quality Basic Education Program shall be used "
    "by any local school system to inquire into or record the immigration status of any student "
    "as a condition of enrollment.\n"
)


def test_an_appropriation_proviso_is_its_own_sentence():
    """An appropriations act prints a program's amounts on lines without a period, then its
    provisos: the amount ends its line, so the proviso's quote begins at "Provided", and the
    school program's name ("Quality Basic Education") is no staff training."""
    card = score_text(APPROPRIATION, CHECKLIST)
    quote = card.get("no_status_collection").evidence[0].quote
    assert quote.startswith("Provided, that no funds"), quote
    training = next(i for i in CHECKLIST.items if i.id == "training_policies")
    assert not first_match(training.concepts[0], "quality basic education program")


def test_a_sanction_on_a_forbidden_policy_is_no_training_duty():
    """A mixed bill (written blind for the probe set) that punishes "any county ... that
    adopts a policy in violation of subsection (e)": the policy punished is a sanctuary
    policy, and the bill requires no model policy or training."""
    card = _probe_card("blind80_bills", "GA_HB611_2028.txt")
    assert card.get("training_policies").label == "absent", card.get("training_policies")
    assert card.get("mandates_cooperation").label == "full"


def test_an_anti_sanctuary_codes_grant_sanction_and_leave_to_shield_victims_enact_no_limit():
    """A Texas-style code (written blind for the probe set) denies grants to a body that
    "adopts, enforces, or endorses a policy" limiting cooperation: a sanction, no duty to
    adopt a policy or train. Its "(d) Subsection (b)(1) does not require a peace officer to
    inquire" says what the mandate leaves alone, and bars no sharing."""
    card = _probe_card("blind100_codes", "TX_GOV_753C_2027.txt")
    assert card.get("mandates_cooperation").label == "full"
    assert card.get("training_policies").label == "absent", card.get("training_policies")
    assert card.get("no_info_sharing").label == "absent", card.get("no_info_sharing")


def test_a_public_count_of_requests_granted_reports_cooperation_in_a_weakening_bill():
    """A Virginia-style bill (written blind for the probe set) strikes warrant rules and makes
    the DMV disclose records "upon written request of a federal agency responsible for the
    enforcement of federal immigration law": a mandate. Its kept annual report of "the
    number of such requests received and granted", posted on the website, still tells the
    public about that cooperation."""
    card = _probe_card("blind99_bills", "VA_HB1642_2027.txt")
    assert card.get("mandates_cooperation").label == "full"
    assert card.get("transparency_reporting").label == "full", card.get("transparency_reporting")


def test_a_mission_statement_and_a_criminal_task_force_carve_nothing_out():
    """A Tucson-style police general order (written blind for the probe set): "the mission of
    the Department is ... the prevention and investigation of crime", and task forces allowed
    only for "the investigation of criminal offenses", name no one's conviction or charge."""
    card = _probe_card("blind101_local", "AZ_Tucson_TPD_GO2300_2026.txt")
    carveout = card.get("carveout_serious_crimes")
    assert carveout.label == "absent", carveout
    assert card.get("no_287g").label == "full"


def test_a_resolution_authorizing_a_287g_agreement_on_conditions_enacts_them():
    """A Nassau-style county resolution (written blind for the probe set): "the County
    Executive is hereby authorized to execute ... the Memorandum of Agreement", on conditions
    that bind the police. The resolution acts; its ban on patrol arrests "on the basis of a
    civil immigration detainer" limits civil arrests, not holds."""
    card = _probe_card("blind101_mixed", "NY_NassauCo_Res141-2026.txt")
    assert not any("resolution" in w for w in card.warnings), card.warnings
    assert card.get("no_civil_arrests").label != "absent"
    assert card.get("no_detainers").label == "absent", card.get("no_detainers")


def test_funds_withheld_from_a_violating_school_district_shield_no_student():
    """A Texas-style bill (written blind for the probe set) extends anti-sanctuary duties to
    school-district police; the commissioner "shall withhold ... state funds" from a district
    found to have violated them. That sanction pushes cooperation: no school protection."""
    card = _probe_card("blind103_bills", "TX_HB2871_2027.txt")
    assert card.get("mandates_cooperation").label == "full"
    assert card.get("school_protections").label == "absent", card.get("school_protections")


def test_remedies_of_an_anti_sanctuary_statute_are_no_enforcement_mechanism():
    """A sheriff's policy (written blind for the probe set) that limits stops and civil arrests
    but honours detainers warns that failing the state's anti-sanctuary statute brings civil
    penalties and 'removal from office': those remedies enforce the mandate, not the limits."""
    card = _probe_card("blind63_local", "TravisCo_TCSO_Policy_612.txt")
    assert card.get("mandates_cooperation").label == "full"
    assert card.get("enforcement_mechanism").label == "absent"


def test_a_saving_clause_alone_gives_a_remedy_nothing_to_enforce():
    """A language-access ordinance that limits nothing but saves the city's separate rules on
    immigration enforcement: its complaint process enforces language access, not a checklist
    protection, and the saving clause is no duty for it to serve."""
    text = (
        "Sec. 12.01. Purpose. The Council finds that residents with limited English "
        "proficiency must be able to use city services.\n"
        "Sec. 12.02. Translation. Each department shall translate its vital documents into "
        "the five most common languages spoken in the city.\n"
        "Sec. 12.03. Complaints. (a) Any person who believes that a department has failed to "
        "comply with this chapter may file a complaint with the Office of Civil Rights.\n"
        "Sec. 12.04. Construction. (a) Nothing in this chapter amends or limits the provisions "
        "of this Code governing the sharing of information with federal immigration "
        "authorities.\n"
    )
    card = score_text(text, CHECKLIST)
    assert card.get("enforcement_mechanism").label == "absent"


def test_a_sealing_law_that_never_speaks_of_immigration_carves_nothing_out():
    """A record-sealing statute excludes serious felonies from sealing and keeps police access
    through the state crime information center: neither excepts anything from a limit on
    immigration enforcement, which the law never mentions. Its "pending charge, warrant, or
    detainer" is criminal process, not an immigration hold."""
    text = (
        "SECTION 1. 16-9-401. Definitions. As used in this part:\n"
        '(1) "Record" means a record of an arrest, charge or conviction.\n'
        '(2) "Custodian" means an agency or person that holds a record.\n'
        "16-9-402. Sealing of records. (a) A person may petition the court to seal a record "
        "of a case that ended in dismissal.\n"
        "(b) The court shall order the record sealed within sixty days after the pending "
        "charge, warrant, or detainer is resolved.\n"
        "(c) This section does not apply to the record of a case that charged a class 1 felony "
        "or a crime of violence.\n"
        "(d) Nothing in this section prevents a criminal justice agency from accessing sealed "
        "records through the state crime information center for a criminal justice purpose.\n"
        "16-9-403. Custodians. (a) A custodian that receives notice that a record has been "
        "sealed shall delete the record from each database that it maintains.\n"
        "(b) A custodian shall not disseminate a sealed record to any person.\n"
        "16-9-404. Penalty. A custodian that knowingly disseminates a sealed record commits a "
        "class 2 misdemeanor.\n"
        "SECTION 2. Effective date. This act takes effect July 1, 2028.\n"
    )
    card = score_text(text, CHECKLIST)
    assert card.get("carveout_serious_crimes").label == "absent"
    assert card.get("carveout_database_access").label == "absent"
    assert card.get("no_detainers").label == "absent"


def test_a_drone_law_that_names_homeland_security_only_for_terrorism_is_no_immigration_law():
    """A drone law lets police fly to counter a terrorist attack when the Secretary of Homeland
    Security finds a credible risk: that names no immigration enforcement, so its data rules
    are general ones and its saving clause for task forces limits no fusion centre. A general
    bar on selling data is partial; a general deletion duty binds every agency it governs, so
    it stays full (``no_immigration_subject: full``), as the probe set's annotators read it."""
    text = (
        "Sec. 2933.91. Definitions. As used in sections 2933.91 to 2933.93:\n"
        '(A) "Unmanned aircraft system" means an aircraft operated without a pilot on board.\n'
        '(B) "Recorded data" means images or other data gathered by such a system.\n'
        "Sec. 2933.92. Use by law enforcement. (A) No law enforcement agency shall use an "
        "unmanned aircraft system except as provided in this section.\n"
        "(B) An agency may use a system: (1) under a search warrant; (2) to counter a high "
        "risk of a terrorist attack, if the secretary of the United States department of "
        "homeland security determines that credible intelligence indicates such a risk.\n"
        "(C) Nothing in this section restricts an agency's participation in a "
        "multijurisdictional task force, provided that its systems are operated in compliance "
        "with this section.\n"
        "Sec. 2933.93. Data. (A) An agency shall delete recorded data within thirty days "
        "after it is gathered, unless it is evidence in a criminal investigation.\n"
        "(B) No law enforcement agency shall sell recorded data.\n"
        "(C) An agency shall publish an annual report of its uses of unmanned aircraft.\n"
        "Section 2. This act takes effect ninety days after it is filed.\n"
    )
    card = score_text(text, CHECKLIST)
    assert card.get("fusion_center_limits").label == "absent"
    assert card.get("data_broker_limits").label == "partial", card.get("data_broker_limits")
    assert card.get("data_minimization").label == "full", card.get("data_minimization")


def test_a_general_report_that_counts_federal_requests_in_its_list_is_partial():
    """A facial-recognition law never speaks of immigration, so its report serves only
    general rules; but a report whose list counts the requests received "from any federal
    agency" would show immigration authorities' too: partial, wherever in the section's
    list that count stands. An identification number "issued by a federal agency" counts
    nothing."""
    text = (
        "Sec. 2. (a) No law enforcement unit shall conduct a facial recognition search except "
        "pursuant to a warrant.\n"
        "(b) Each law enforcement unit shall destroy any probe image within thirty days.\n"
        "Sec. 4. (a) Annually, each law enforcement unit that conducted a facial recognition "
        "search shall submit a report to the Office of Policy and Management. Such report "
        "shall include: (1) The number of searches conducted; (2) the number of arrests in "
        "which the technology was used; (3) the number of requests received by the unit from "
        "any federal agency to conduct a search, and the number of such requests granted.\n"
        "(b) The office shall post the reports on its Internet web site.\n"
    )
    card = score_text(text, CHECKLIST)
    assert card.get("transparency_reporting").label == "partial", card.get("transparency_reporting")
    numbered = text.replace(
        "(3) the number of requests received by the unit from any federal agency to conduct "
        "a search, and the number of such requests granted",
        "(3) each probe image, by its identification number issued by a federal agency",
    )
    card = score_text(numbered, CHECKLIST)
    assert card.get("transparency_reporting").label == "absent", card.get("transparency_reporting")


@pytest.mark.parametrize(
    "saved, label",
    [
        (
            "E. Otherwise cooperating with a federal immigration authority, where the Director"
            " determines that such cooperation is consistent with federal law and in the"
            " interest of public safety.",
            "partial",
        ),
        ("E. Complying with a judicial warrant or court order.", "full"),
    ],
)
def test_a_saving_clause_for_the_whole_order_hollows_its_rules_only_when_loose(saved, label):
    """ "Nothing in this Official Order shall be construed to prohibit any member from: ..."
    reaches every rule of the order: a case that gives cooperation back at an official's
    discretion hollows them (partial); a judicial warrant or the 8 U.S.C. 1373 exchange
    hollows nothing."""
    text = (
        "STATE POLICE OFFICIAL ORDER 2027-08\n\n"
        "I. PURPOSE\n\nThis Official Order sets Department policy on immigration status.\n\n"
        "II. PROCEDURES\n\n"
        "A. Civil immigration enforcement\n\n"
        "1. Members shall not arrest or detain any person solely on the basis of a civil "
        "immigration warrant or an administrative warrant.\n\n"
        "2. Members shall not provide to a federal immigration authority, for the purpose of "
        "civil immigration enforcement, any non-public information about a person.\n\n"
        "III. SAVINGS AND CONSTRUCTION\n\n"
        "Nothing in this Official Order shall be construed to prohibit or restrict any member "
        "from:\n\n"
        "A. Sending to, or receiving from, a federal immigration authority information "
        "regarding the immigration status of any individual, as provided in 8 U.S.C. 1373;\n\n"
        f"{saved}\n\n"
        "IV. QUESTIONS\n\nQuestions should be directed to the Office of the Chief Legal Counsel.\n"
    )
    card = score_text(text, CHECKLIST)
    assert card.get("no_civil_arrests").label == label, card.get("no_civil_arrests")
    assert card.get("no_info_sharing").label == label, card.get("no_info_sharing")


@pytest.mark.parametrize(
    "saving, label",
    [
        (
            "(b) Nothing herein shall be construed to limit any Department from cooperating with a"
            " federal immigration agency, where the Chief of Police determines that such"
            " cooperation is in the interest of public safety.",
            "partial",
        ),
        (
            "(b) Nothing in this Chapter shall be construed to restrict the Sheriff from complying"
            " with an immigration detainer to the extent that compliance is required by state law.",
            "full",
        ),
    ],
)
def test_every_saving_clause_of_the_whole_text_counts(saving, label):
    """A bylaw's second saving clause ("Nothing herein ...") reaches its rules as the first
    does; a case kept only "to the extent that compliance is required by state law" keeps
    what the law already demands, and hollows nothing."""
    text = (
        "Section 47-5. Civil arrests. No Department shall arrest or detain any person solely on "
        "the basis of a civil immigration warrant or an administrative warrant.\n"
        "Section 47-9. Construction.\n"
        "(a) Nothing in this Chapter shall be construed to prohibit any Town officer from sending"
        " to, or receiving from, any federal agency information regarding the immigration status"
        " of any individual, as provided in 8 U.S.C. 1373.\n"
        f"{saving}\n"
    )
    card = score_text(text, CHECKLIST)
    assert card.get("no_civil_arrests").label == label, card.get("no_civil_arrests")


def test_a_long_lead_in_keeps_its_subject_for_each_listed_exception():
    """ "No law enforcement officer who receives an immigration detainer or an administrative
    warrant from a federal immigration authority shall detain ... unless the individual:"
    then a list: each item's sentence keeps the lead-in's "No ... shall", so the exceptions
    read as exceptions to a detainer bar, not as a duty to detain."""
    text = (
        "Sec. 54-192h. Civil immigration detainers. (a) As used in this section, "
        '"judicial warrant" means a warrant signed by a judge.\n'
        "(b) No law enforcement officer who receives an immigration detainer or an "
        "administrative warrant from a federal immigration authority shall detain the "
        "individual who is the subject of the detainer or warrant beyond the time such "
        "individual would otherwise be released, unless the detainer is accompanied by a "
        "judicial warrant or unless the individual:\n"
        "(1) Has been convicted of a class A or class B felony offense;\n"
        "(2) Is identified as a confirmed match in the federal Terrorist Screening Database; or\n"
        "(3) Is subject to a final order of removal and has been convicted of a felony.\n"
    )
    card = score_text(text, CHECKLIST)
    assert card.get("mandates_cooperation").label == "absent", card.get("mandates_cooperation")
    assert card.get("no_detainers").label != "absent", card.get("no_detainers")


def test_a_conviction_exception_to_a_protection_in_the_same_section_survives_a_mandate():
    """A bill that adds a detainer mandate still keeps a disclosure bar, and the felony
    exception in another subsection of that bar's section ("(3) Subsection (2) does not apply
    to: (b) ... convicted of a felony") carves out of the bar: it is a carve-out, not a key
    to the mandate's duties."""
    text = (
        "SECTION 1. ORS 180.805 is amended to read:\n"
        '180.805. (1) As used in this section, "personal information" means an individual\'s address, workplace and telephone number.\n'
        "(2) Except as required by state or federal law, a public body may not disclose personal information about an individual for the purpose of enforcement of federal immigration laws unless the public body is presented with a warrant or order signed by a judge.\n"
        "(3) Subsection (2) of this section does not apply to:\n"
        "(a) Information about an individual that is disclosed with the individual's consent; or\n"
        "(b) Information about an individual who has been convicted of a felony listed in ORS 137.700 or 137.707.\n"
        "SECTION 6. (1) A political subdivision of this state may not adopt or enforce an ordinance, resolution, policy or practice that prohibits or restricts a law enforcement agency or its officers from communicating with federal immigration authorities regarding the citizenship, immigration status or release date of a person in custody.\n"
        "(2) A law enforcement agency that has custody of a person who is the subject of an immigration detainer shall comply with the detainer and shall notify the federal immigration authority of the person's release date.\n"
        "(3) A political subdivision that violates this section is ineligible to receive state grant funds.\n"
    )
    card = score_text(text, CHECKLIST)
    assert card.get("mandates_cooperation").label == "full"
    assert card.get("no_info_sharing").label != "absent"
    assert card.get("carveout_serious_crimes").label == "full"


def test_a_resolution_that_approves_an_agreement_enacts_its_terms():
    """A county board resolves "that the Memorandum of Understanding ... attached hereto, be
    approved", and the memorandum's parties "agree as follows": the approved terms bind the
    sheriff, so the text is no mere resolution and its detainer bar counts."""
    card = _probe_card("blind85_mixed", "MN_HennepinCounty_MOU_26-0417.txt")
    assert not any("resolution" in w for w in card.warnings), card.warnings
    assert card.get("no_detainers").label == "full"
    assert card.get("no_287g").label == "full"


def test_a_condition_that_nothing_is_available_forbids_nothing():
    """ "If no certified interpreter is available, ... the court shall" states a condition
    for a duty: the sentence requires, and its "no ... shall" is no prohibition."""
    from compare.score import read_provisions

    text = (
        "§ 8.01-384.3. Interpreters.\n"
        "B. If no certified interpreter is reasonably available, an interpreter the court finds "
        "competent who has taken the oath required by subsection E. The court shall state on the "
        "record why a certified interpreter was not used.\n"
    )
    provisions, _ = read_provisions(text, CHECKLIST)
    assert "prohibit" not in [p.force for p in provisions], [(p.text, p.force) for p in provisions]


def test_a_councils_proclamation_enacts_nothing():
    """A council's proclamation ("PROCLAMATION NO. 26-1180 BY THE COUNCIL") recognises and
    honours, and what it "encourages" the sheriff to keep doing is no rule: it is read as a
    resolution, whatever its numbered sections say."""
    from compare.score import _is_resolution, read_provisions

    text = (
        "PROCLAMATION NO. 26-1180\n\nBY THE COUNCIL OF THE CITY OF RIVERTON\n\n"
        "Title: Honoring the Fifth Anniversary of the Community Trust Ordinance\n\n"
        "WHEREAS, immigrant residents are part of every neighborhood of Riverton;\n\n"
        "Section 1. That the Council hereby recognizes the fifth anniversary of the Community "
        "Trust Ordinance.\n\n"
        "Section 2. That the Council encourages the Sheriff to continue to decline civil "
        "immigration detainer requests and administrative warrants.\n"
    )
    provisions, _ = read_provisions(text, CHECKLIST)
    assert _is_resolution(provisions, CHECKLIST)


@pytest.mark.parametrize(
    "sentence",
    [
        "c. a disclosure to a federal, state, or local law enforcement agency for the "
        "investigation or prosecution of a criminal offense; or",
        "(c) camera footage shall be released to the city police department only for the "
        "investigation of a crime occurring on library premises.",
    ],
)
def test_a_crime_under_investigation_keys_no_conviction_carve_out(sentence):
    """Records released "for the investigation or prosecution of a criminal offense" are
    keyed to a crime under investigation, not to anyone's conviction or charge: the
    carve-out item excludes the sentence."""
    from compare.patterns import first_match

    item = next(i for i in CHECKLIST.items if i.id == "carveout_serious_crimes")
    assert first_match(item.exclude, sentence)


def test_training_on_the_sections_that_shield_victims_serves_a_limit():
    """An Indiana-style code chapter (written blind for the probe set) mandates cooperation but
    shields victims and witnesses in sections 11 and 12; its training section sets "a course of
    instruction on sections 11 through 13": training on the limits the text keeps."""
    card = _probe_card("blind103_codes", "IN_Code_5-2-18.5_2027.txt")
    assert card.get("mandates_cooperation").label == "full"
    assert card.get("training_policies").label == "full", card.get("training_policies")


def test_a_policy_implementing_the_sections_that_shield_victims_serves_a_limit():
    """A Utah-style code chapter (written blind for the probe set) mandates cooperation in one
    part and shields crime victims in another; each agency "shall adopt a written policy
    implementing Sections 53-29-302 and 53-29-303", the shield's sections: a mandated policy
    on the limits the text keeps, not only on its mandate."""
    card = _probe_card("blind104_codes", "UT_Code_53-29_2027GS.txt")
    assert card.get("mandates_cooperation").label != "absent"
    assert card.get("training_policies").label == "full", card.get("training_policies")


def test_a_duty_to_honour_detainers_for_listed_offences_leaves_the_bar_standing():
    """A Nevada-style code chapter (written blind for the probe set) bars holds on detainers
    "except as otherwise provided in subsection 2", and subsection 2 makes jails comply for
    people convicted of or charged with listed offences: a carve-out, not a contradiction."""
    card = _probe_card("blind106_codes", "NV_NRS_Ch179F.txt")
    assert card.get("no_detainers").label == "full", card.get("no_detainers")
    assert card.get("mandates_cooperation").label != "absent"
    assert card.direction == "mixed"


def test_a_bar_on_status_arrests_beside_a_duty_to_honour_detainers_is_partial():
    """A Michigan sheriff's general order (written blind for the probe set) bars stopping or
    arresting anyone "based solely on the person's actual or suspected immigration status"
    and makes the jail honour detainers: the mandate orders some of the civil immigration
    arrests the item bars, so the bar earns partial, as its annotator reads it."""
    card = _probe_card("blind97_mixed", "OaklandCo_MI_OCSO_GO_2027-07.txt")
    assert card.get("mandates_cooperation").label != "absent"
    assert card.get("no_civil_arrests").label == "partial", card.get("no_civil_arrests")


def test_a_catchline_that_lists_a_sections_subjects_narrows_none_of_its_rules():
    """An ORS chapter (written blind for the probe set) heads a section "181A.836 Disclosure
    of personal information; data brokers; motor vehicle and law enforcement data;
    surveillance data." over "(1) A public body may not disclose personal information ...":
    the catchline is a title, not a lead-in, and "surveillance data" in it narrows no rule."""
    card = _probe_card("blind27_codes", "OR_2025_ORS181A830.txt")
    assert card.get("no_info_sharing").label == "full", card.get("no_info_sharing")


def test_immigration_status_among_protected_traits_makes_no_immigration_law():
    """A Colorado facial-recognition bill (written blind for the probe set) bars applying the
    service to anyone "based on ... race, ethnicity, citizenship, place of origin, immigration
    status, age, disability": a trait protected from discrimination, no word on immigration
    enforcement, so its saving clause for disclosures "required by federal law" excepts from
    no limit on it."""
    card = _probe_card("blind118_other_b", "CO_SB27-118_2027.txt")
    assert card.get("carveout_database_access").label == "absent", card.get(
        "carveout_database_access"
    )


def test_a_commissioners_court_request_to_federal_agents_binds_no_one():
    """A Travis County order (written blind for the probe set) binds county departments in its
    first part; in its second "The Court requests that U.S. Immigration and Customs
    Enforcement refrain from conducting civil immigration arrests in or near" its courthouses
    and clinics: a plea to an agency it does not govern, no rule."""
    card = _probe_card("blind121_mixed", "TX_TravisCounty_Order2026-118.txt")
    assert card.get("no_civil_arrests").label == "absent", card.get("no_civil_arrests")
    assert card.get("sensitive_locations").label == "absent", card.get("sensitive_locations")


def test_the_date_of_a_court_appearance_is_no_release_notice():
    """A Washington courthouse chapter (written blind for the probe set) bars court staff from
    giving immigration authorities "information about the date, time, or location of a
    person's court appearance": shared information, not notice of a release from custody."""
    card = _probe_card("blind121_codes", "WA_RCW_2.28.400_28A.642_2026.txt")
    assert card.get("no_notification_transfer").label == "absent", card.get(
        "no_notification_transfer"
    )


def test_a_count_of_fusion_center_searches_in_a_report_limits_no_fusion_center():
    """A Virginia-style facial-recognition bill (written blind for the probe set) makes the
    State Police "include in the annual report ... the number of facial recognition searches
    it conducted through the Virginia Fusion Center": a report's entry, no fusion-center limit."""
    card = _probe_card("blind106_other_b", "VA_HB2214_2027.txt")
    assert card.get("fusion_center_limits").label == "absent", card.get("fusion_center_limits")


def test_suspicious_activity_reports_to_a_fusion_center_are_no_public_reporting():
    """A King County sheriff's order (written blind for the probe set) keeps "full
    participation" in the state fusion center, "the submission of suspicious activity
    reports" among it: neither a fusion-center limit nor public reporting."""
    card = _probe_card("blind105_mixed", "KCSO_GOM_6.18_2027.txt")
    assert card.get("transparency_reporting").label == "absent", card.get("transparency_reporting")
    assert card.get("fusion_center_limits").label == "absent", card.get("fusion_center_limits")


def test_a_jail_authority_resolution_that_approves_a_287g_moa_acts():
    """An Oklahoma County jail trust resolution (written blind for the probe set) says "The MOA
    is hereby approved" and directs its detention center to honour detainers: the trust
    governs the jail by resolution, so the resolution mandates cooperation."""
    card = _probe_card("blind107_local", "OKCCJA_Res2026-07.txt")
    assert card.get("mandates_cooperation").label == "full", card.get("mandates_cooperation")


def test_a_sheriffs_bond_advice_and_release_notice_rules_bar_no_hold():
    """A Travis County sheriff's order under Texas law (written blind for the probe set) honours
    detainers; its rules that a bond order "shall not be construed as an order to disregard a
    detainer", that staff "shall not advise any inmate ... that posting bond will result in"
    release, and that "absent a detainer request" staff shall not report a release to ICE are
    no bar on holds."""
    card = _probe_card("blind103_local", "TravisCounty_TCSO_GO-10.23_2026.txt")
    assert card.get("mandates_cooperation").label != "absent"
    assert card.get("no_detainers").label == "absent", card.get("no_detainers")


def test_a_county_board_that_adopts_a_police_general_order_acts():
    """An Arlington County Board resolution (written blind for the probe set) "adopts the
    amendments to ACPD General Order 532.04 set forth in Attachment A", which "shall govern all
    ACPD personnel": the resolution enacts the order it adopts."""
    card = _probe_card("blind108_local", "ArlingtonCo_Res_ACPD-GO532.04_2026.txt")
    assert card.get("training_policies").label == "full", card.get("training_policies")
    assert card.get("no_status_collection").label != "absent"


def test_a_saving_clause_naming_sections_hollows_their_rules_at_the_chiefs_discretion():
    """A Belmont town bylaw (written blind for the probe set) bars status inquiries, detainer
    holds and release notices in sections 32.3, 32.4 and 32.6, then says "Nothing in sections
    32.3, 32.4 and 32.6 of this Article shall prohibit any agent from cooperating ... in any
    case in which the Chief of Police determines, in the Chief's discretion, that such
    cooperation is necessary": the named rules are given back at will, so each is partial."""
    card = _probe_card("blind110_mixed", "MA_Belmont_ATM2027_Art14.txt")
    for item in ("no_status_collection", "no_detainers", "no_notification_transfer"):
        assert card.get(item).label == "partial", card.get(item)


def test_a_saving_clause_keeping_database_access_authorized_by_law_hollows_nothing():
    """A Nevada bill (written blind for the probe set) says "Nothing in sections 2 to 9,
    inclusive, of this act limits the access of a federal agency to the Nevada Criminal
    Justice Information System ... to the extent such access is otherwise authorized by law":
    a database carve-out, which leaves its 287(g) ban (section 7) whole."""
    card = _probe_card("blind8_mixed", "NV_2027_SB318_trust-act.txt")
    assert card.get("no_287g").label == "full", card.get("no_287g")


def test_a_firearms_sanctuary_ordinance_bars_no_287g_agreement():
    """An Idaho county "Second Amendment sanctuary" ordinance (written blind for the probe
    set) bars deputizing county employees to enforce federal firearm restrictions and never
    speaks of immigration: no 287(g) limit, and its felony "detainer ... lodged by another
    law enforcement agency" is no immigration detainer."""
    card = _probe_card("blind69_other_a", "Boundary_County_ID_Ord_2027-03.txt")
    assert card.get("no_287g").label == "absent", card.get("no_287g")
    assert card.get("no_resources").label != "full", card.get("no_resources")


def test_a_key_saying_deleted_language_is_printed_within_brackets_deletes_it():
    """An Erie County ordinance (written blind for the probe set) says in its KEY that
    "Language being deleted is struck through in the official copy and is printed here
    within [brackets]": its bracketed 287(g) permission is deleted, so the new ban in capitals
    is undercut by nothing."""
    card = _probe_card("blind113_local", "PA_ErieCounty_Ord41_2026.txt")
    assert card.get("no_287g").label == "full", card.get("no_287g")
    assert card.get("no_detention_contracts").label == "full", card.get("no_detention_contracts")


def test_a_policys_numbered_parts_after_its_definitions_bind():
    """A Kent school board policy (written blind for the probe set) lists its definitions under
    an unnumbered "Definitions" heading, then "1. Enrollment and Immigration Status" and its
    lettered rules: the part's heading defines nothing, so "A. The district shall not inquire
    about ... immigration or citizenship status" binds."""
    card = _probe_card("blind114_local", "WA_KentSD_Policy3233_2026.txt")
    assert card.get("no_status_collection").label == "full", card.get("no_status_collection")
    assert card.get("school_protections").label == "full", card.get("school_protections")


def test_a_whole_sentence_saving_clause_saves_nothing_below_it():
    """A Delaware attorney general's directive (written blind for the probe set) ends its
    introduction with "Nothing in this Directive prevents Delaware law enforcement from
    enforcing State criminal law ... or from complying with federal law." That whole sentence
    is a saving clause, not a lead-in: the parts printed under the introduction (its
    prohibited conduct, 287(g) and detainer rules) still bind."""
    card = _probe_card("blind126_mixed", "DE_AG_Directive_2026-02.txt")
    for item in ("no_detainers", "no_287g", "no_notification_transfer", "no_civil_arrests"):
        assert card.get(item).label == "full", card.get(item)


def test_a_saving_sentence_ending_a_section_does_not_save_its_subsections():
    """A code section whose opening paragraph ends in a whole saving sentence, then goes on
    in lettered subsections: the subsections are rules of their own, not what the sentence
    saves (a saving lead-in ending in a colon would still carry its list)."""
    text = (
        "Section 4. Community trust.\n"
        "This section governs the county's dealings with federal immigration authorities."
        " Nothing in this section prevents the sheriff from enforcing state criminal law or"
        " from complying with federal law.\n"
        "(a) No county officer shall detain any person on the basis of a civil immigration"
        " detainer.\n"
        "(b) No county agency shall enter into an agreement under 8 U.S.C. 1357(g).\n"
    )
    card = score_text(text, load_checklist())
    assert card.get("no_detainers").label == "full", card.get("no_detainers")
    assert card.get("no_287g").label == "full", card.get("no_287g")


def test_this_section_in_an_amended_code_section_is_the_code_section():
    """A New Hampshire bill (written blind for the probe set) amends RSA 261:75-b paragraph by
    paragraph in its sections 1 to 7; its section 7 rewrites paragraph IX: "Any person whose
    captured plate data is used ... in violation of this section may bring a civil action".
    "This section" is RSA 261:75-b, whose paragraph III(d) (the bill's section 3) bars using
    plate readers for civil immigration enforcement, so the suit enforces that bar."""
    card = _probe_card("blind126_other_b", "NH_HB1418_2026_r126.txt")
    assert card.get("enforcement_mechanism").label == "full", card.get("enforcement_mechanism")


def test_nothing_herein_is_a_saving_clause():
    """A Puerto Rico executive order (written blind for the probe set) ends with "Nothing
    herein shall restrict the participation of the Puerto Rico Police Bureau in any joint
    federal task force, or access by federal agencies to the Criminal Justice Information
    System": a saving clause that keeps task forces and database access, not a limit on
    task forces."""
    card = _probe_card("blind127_mixed", "PR_OE-2027-041.txt")
    assert card.get("fusion_center_limits").label == "absent", card.get("fusion_center_limits")
    assert card.get("carveout_database_access").label == "full", card.get(
        "carveout_database_access"
    )


def test_a_sibling_that_lets_an_official_set_the_rule_aside_hollows_it():
    """A sheriff's policy bars detainer holds in (a), then "(b) Notwithstanding subsection
    (a), the Jail Commander may authorize a hold of up to 48 hours when the Commander
    determines that the person presents a significant risk to public safety": the bar stands
    only as long as the commander lets it, so it is partial and flagged as weakened."""
    text = (
        "428.5 DETAINERS AND HOLDS\n\n"
        "(a) The Jail shall not hold a person beyond the time the person would otherwise be"
        " eligible for release solely on the basis of an ICE detainer.\n\n"
        "(b) Notwithstanding subsection (a), the Jail Commander may authorize a hold of up to"
        " 48 hours when the Commander determines that the person presents a significant risk"
        " to public safety.\n"
    )
    judgement = score_text(text, load_checklist()).get("no_detainers")
    assert judgement.label == "partial", judgement
    assert judgement.explanation.get("weakened") is True, judgement.explanation


def test_bold_new_sections_of_a_missouri_bill_keep_their_own_numbers():
    """A Missouri bill prints new matter in bold, shown as **thus**, and a new section opens
    inside the stars ("**544.478. 1. No law enforcement officer shall ...", "**2. A law
    enforcement agency shall not disclose ...**"): each opens its own section and
    subsection, so the new section's disclosure bar is not read under the mandate before it."""
    text = (
        "     **544.476. 1. Each sheriff shall comply with any immigration detainer.**\n"
        "     **544.478. 1. No law enforcement officer shall inquire into the immigration\n"
        "status of a person who is a victim of a crime, unless:**\n"
        "     **(1) The inquiry is necessary to investigate the crime; or**\n"
        "     **(2) The person requests certification under 8 U.S.C. Section 1184(p).**\n"
        "     **2. A law enforcement agency shall not disclose the address of a victim of\n"
        "domestic violence to any federal immigration agency, except pursuant to a court\n"
        "order.**\n"
    )
    judgement = score_text(text, load_checklist()).get("no_info_sharing")
    assert judgement.label != "absent", judgement
    assert [e.section for e in judgement.evidence] == ["544.478(2)"], judgement.evidence


def test_sections_cited_in_inserted_text_are_the_amended_laws():
    """A D.C. Council bill (written blind for the probe set) amends the Sanctuary Values
    Amendment Act in its section 3 ("is amended as follows: ... A new section 2c is added"),
    and the new section 2c lets "any person injured by a violation of section 2(d), 2a, or
    2b(a)" sue. Those are the amended Act's sections (its disclosure and workplace limits),
    not the bill's own section 2 (definitions), so the suit enforces the limits."""
    card = _probe_card("blind128_bills", "DC_B26-0512_2026_r128.txt")
    assert card.get("enforcement_mechanism").label == "full", card.get("enforcement_mechanism")


def test_a_findings_paragraph_describes_without_binding():
    """A Honolulu municipal-ID bill (written blind for the probe set) finds that "Without
    identification, residents cannot readily ... pick up children from school" and "notes
    that the Honolulu Police Department does not participate in any agreement under Section
    287(g)": descriptions in a findings paragraph, not a school protection or a 287(g) bar."""
    card = _probe_card("blind128_local", "HNL_BILL42_2027_CD1.txt")
    assert card.get("no_287g").label == "absent", card.get("no_287g")
    assert card.get("sensitive_locations").label == "absent", card.get("sensitive_locations")
