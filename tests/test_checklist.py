"""data/checklist.yml against ../shared/model-policy.md, and checklist validation errors."""

import copy
import re

import pytest
import yaml

from billtracker.config import CHECKLIST_PATH, load_checklist
from billtracker.errors import ConfigError
from compare.checklist import ChecklistError
from compare.score import score_text
from conftest import SHARED

MODEL_POLICY = SHARED / "model-policy.md"
_HEADING = re.compile(r"^###\s+(.+?)\s*$")
_ROW = re.compile(r"^\|\s*`([a-z0-9_]+)`\s*\|")


def model_policy_items() -> dict[str, dict[str, str]]:
    """id -> {"category": heading name, "polarity": ...} from the markdown tables."""
    items, heading = {}, None
    for line in MODEL_POLICY.read_text(encoding="utf-8").splitlines():
        if m := _HEADING.match(line):
            heading = m.group(1)
        elif (m := _ROW.match(line)) and heading:
            polarity = "weakening" if "weakening" in heading.lower() else "protective"
            name = re.sub(r"\s*\(.*\)\s*$", "", heading)
            items[m.group(1)] = {"category": name, "polarity": polarity}
    return items


POLICY = model_policy_items()
POLICY_IDS = list(POLICY)


@pytest.fixture(scope="module")
def checklist():
    return load_checklist()


def test_model_policy_lists_29_items():
    assert len(POLICY_IDS) == 29


def test_checklist_has_one_item_per_model_policy_id(checklist):
    assert len(checklist.items) == len(POLICY_IDS)


def test_checklist_ids_are_model_policy_ids(checklist):
    assert set(checklist.ids) == set(POLICY_IDS)


def test_checklist_ids_are_unique(checklist):
    assert len(set(checklist.ids)) == len(checklist.ids)


@pytest.mark.parametrize("item_id", POLICY_IDS)
def test_category_matches_model_policy(checklist, item_id):
    item = checklist.get(item_id)
    assert checklist.categories[item.category] == POLICY[item_id]["category"]


@pytest.mark.parametrize("item_id", POLICY_IDS)
def test_polarity_matches_model_policy(checklist, item_id):
    assert checklist.get(item_id).polarity == POLICY[item_id]["polarity"]


# -- invalid checklists: each error names the entry ------------------------------------


def _raw() -> dict:
    return yaml.safe_load(CHECKLIST_PATH.read_text(encoding="utf-8"))


def _item(data: dict, item_id: str) -> dict:
    return next(i for i in data["items"] if i["id"] == item_id)


def _load_bad(tmp_path, data: dict):
    path = tmp_path / "checklist.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises((ConfigError, ChecklistError)) as info:
        load_checklist(path)
    return str(info.value)


def test_unmodified_copy_loads(tmp_path):
    path = tmp_path / "checklist.yml"
    path.write_text(yaml.safe_dump(_raw(), sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert len(load_checklist(path).items) == len(POLICY_IDS)


def test_duplicate_id_is_named(tmp_path):
    data = _raw()
    data["items"].append(copy.deepcopy(_item(data, "no_info_sharing")))
    message = _load_bad(tmp_path, data)
    assert "duplicate id 'no_info_sharing'" in message


def test_unknown_item_key_names_the_item(tmp_path):
    data = _raw()
    _item(data, "data_broker_limits")["weigth"] = 2
    message = _load_bad(tmp_path, data)
    assert "data_broker_limits" in message


def test_unknown_item_key_names_the_key(tmp_path):
    data = _raw()
    _item(data, "data_broker_limits")["weigth"] = 2
    message = _load_bad(tmp_path, data)
    assert "weigth" in message


def test_unknown_top_level_key_is_named(tmp_path):
    data = _raw()
    data["itmes"] = []
    message = _load_bad(tmp_path, data)
    assert "itmes" in message


def test_item_ids_come_from_the_yaml_alone(tmp_path):
    """No copy of the ids in code: a checklist edited to drop one item and add another
    loads and scores exactly its own items (the project's own checklist is held to
    model-policy.md by test_checklist_ids_are_model_policy_ids)."""
    data = _raw()
    data["items"] = [i for i in data["items"] if i["id"] != "no_287g"]
    extra = copy.deepcopy(_item(data, "consent_required"))
    extra["id"] = "consent_for_location_data"
    data["items"].append(extra)
    path = tmp_path / "checklist.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    edited = load_checklist(path)
    assert "no_287g" not in edited.ids and "consent_for_location_data" in edited.ids
    card = score_text("A sheriff shall not enter into a 287(g) agreement.", edited)
    assert [j.item_id for j in card.items] == edited.ids


def test_bad_regex_names_the_item(tmp_path):
    data = _raw()
    _item(data, "no_detainers")["concepts"] = [["(unclosed group"]]
    message = _load_bad(tmp_path, data)
    assert "no_detainers" in message


def test_bad_regex_names_the_pattern(tmp_path):
    data = _raw()
    _item(data, "no_detainers")["concepts"] = [["(unclosed group"]]
    message = _load_bad(tmp_path, data)
    assert "(unclosed group" in message


def test_bad_regex_in_a_cue_list_names_the_cue(tmp_path):
    data = _raw()
    data["cues"]["crime"] = ["\\bconvict", "[unclosed"]
    message = _load_bad(tmp_path, data)
    assert "cues.crime" in message


def test_unknown_cue_reference_names_the_item(tmp_path):
    data = _raw()
    _item(data, "right_to_delete")["concepts"] = [["@no_such_cue"]]
    message = _load_bad(tmp_path, data)
    assert "right_to_delete" in message


def test_unknown_cue_reference_names_the_cue(tmp_path):
    data = _raw()
    _item(data, "right_to_delete")["concepts"] = [["@no_such_cue"]]
    message = _load_bad(tmp_path, data)
    assert "no_such_cue" in message


def test_implied_by_must_name_an_item(tmp_path):
    data = _raw()
    _item(data, "no_notification_transfer")["implied_by"] = "no_such_item"
    message = _load_bad(tmp_path, data)
    assert "no_notification_transfer" in message and "no_such_item" in message


def test_implied_if_exception_must_name_vocabulary_exceptions(tmp_path):
    data = _raw()
    _item(data, "judicial_warrant_access")["implied_if_exception"] = ["a wink"]
    message = _load_bad(tmp_path, data)
    assert "judicial_warrant_access" in message and "a wink" in message


def test_records_released_only_on_a_judicial_warrant_imply_the_records_limb():
    text = (
        "Section 4. No state agency shall disclose personal information from its records "
        "to federal immigration authorities for the purpose of civil immigration "
        "enforcement, except pursuant to a judicial warrant.\n"
    )
    card = score_text(text, load_checklist())
    implied = card.get("judicial_warrant_access")
    assert implied.label == "partial"
    assert "implied by" in implied.explanation["rule"]
    assert card.get("no_info_sharing").label == "full"
    assert card.get("no_notification_transfer").label == "absent"  # no body that holds people


def test_global_flags_in_a_pattern_are_refused_by_name(tmp_path):
    data = _raw()
    _item(data, "right_to_delete")["exclude"] = ["(?s)^.*deleted"]
    message = _load_bad(tmp_path, data)
    assert "right_to_delete" in message and "global flags" in message


def test_a_pattern_that_can_match_empty_text_is_refused_by_name(tmp_path):
    """A lookahead alone ("^(?!...)") matches empty text, which reads as no match: the
    exclusion would silently never apply, so loading refuses it."""
    data = _raw()
    _item(data, "right_to_delete")["exclude"] = ["^(?![\\s\\S]*immigra)"]
    message = _load_bad(tmp_path, data)
    assert "right_to_delete" in message and "empty text" in message


def test_a_full_disclosure_bar_implies_release_notices_partly():
    text = (
        "Section 3. No state or local law enforcement agency shall disclose information "
        "about any person to federal immigration authorities for the purpose of civil "
        "immigration enforcement, except pursuant to a judicial warrant.\n"
    )
    card = score_text(text, load_checklist())
    assert card.get("no_info_sharing").label == "full"
    implied = card.get("no_notification_transfer")
    assert implied.label == "partial"
    assert "implied by" in implied.explanation["rule"]
    assert implied.evidence and implied.evidence[0].quote in text


def test_a_key_given_twice_in_an_item_is_refused_with_its_line(tmp_path):
    """PyYAML keeps the last of two equal keys silently: a second `partial_if` would drop
    the first. The loader refuses it and says where."""
    text = CHECKLIST_PATH.read_text(encoding="utf-8")
    marker = "  - id: no_reverification\n"
    assert marker in text
    text = text.replace(
        marker, marker + "    partial_if:\n      - 'x'\n    partial_if:\n      - 'y'\n"
    )
    path = tmp_path / "checklist.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_checklist(path)
    message = str(info.value)
    assert "partial_if" in message and "twice" in message and "line" in message


def test_implied_by_and_subject_in_and_private_actor_are_checked(tmp_path):
    data = _raw()
    _item(data, "school_protections")["subject_in"] = "somewhere"
    assert "subject_in must be section or provision" in _load_bad(tmp_path, data)
    data = _raw()
    _item(data, "data_minimization")["private_actor"] = "maybe"
    assert "private_actor must be" in _load_bad(tmp_path, data)
