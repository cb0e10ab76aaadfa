"""The model-policy checklist as data: items, their matching rules, and validation.

No file reading here (``billtracker.config`` does that): ``Checklist.from_dict``
takes the parsed YAML and raises ``ChecklistError`` naming the bad entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ITEM_KEYS = {
    "id",
    "category",
    "title",
    "description",
    "polarity",
    "weight",
    "modality",
    "exemplars",
    "concepts",
    "exclude",
    "partial_if",
    "partial_if_in_section",
    "partial_if_in_provision",
    "full_requires",
    "keywords",
    "serves_protections",
    "permission",
    "requested_right",
    "narrow_actor",
    "the_department",
    "narrow_scope",
    "one_place",
    "own_sector",
    "general_reach",
    "no_immigration_subject",
    "private_actor",
    "subject_in",
    "needs_protection",
    "in_exceptions",
    "acts",
    "core_cue",
    "implied_by",
    "implied_if_exception",
    "contradicted_by_mandate",
    "contradicted",
    "unless_named",
    "general_partial_if",
    "serving_general",
}
REQUIRED_ITEM_KEYS = {"id", "category", "title", "description", "polarity", "weight", "concepts"}
TOP_KEYS = {"version", "categories", "vocabulary", "cues", "items"}
VOCABULARY_KINDS = ("actors", "acts", "objects", "counterparts", "exceptions", "scopes")
POLARITIES = {"protective", "weakening"}
MODALITIES = {"prohibit", "require", "any", "saving", "mandate"}


class ChecklistError(ValueError):
    "The checklist data is invalid; the message names the entry"


@dataclass(frozen=True)
class ChecklistItem:
    """One checklist provision with the rules the comparator matches it by."""

    id: str
    category: str
    title: str
    description: str
    polarity: str
    weight: float
    concepts: tuple[tuple[re.Pattern, ...], ...]
    modality: str = "prohibit"
    exemplars: tuple[str, ...] = ()
    exclude: tuple[re.Pattern, ...] = ()
    partial_if: tuple[re.Pattern, ...] = ()
    partial_if_in_section: tuple[re.Pattern, ...] = ()  # narrowing in the list around it
    partial_if_in_provision: tuple[re.Pattern, ...] = ()  # narrowing in the provision's own words
    full_requires: tuple[re.Pattern, ...] = ()
    keywords: tuple[str, ...] = ()
    serves_protections: bool = False
    permission: str = "partial"  # what a mere permission ("may") earns: partial or full
    requested_right: str = "absent"  # what a person's right to ask for it ("may request") earns
    narrow_actor: str = "full"  # what a rule binding one named agency earns: full or partial
    # what a rule binding "the department" (office, division ...) earns where the text does
    # not define it as one body: full, or partial (one body all the same)
    the_department: str = "full"
    narrow_scope: str = "full"  # what a rule for one small scope (cue `narrow_scope`) earns
    one_place: str = "full"  # what rules naming one kind of place only (cue `place_kinds`) earn
    own_sector: str = "full"  # what a school or library board's rule on its own students earns
    general_reach: str = (
        "absent"  # what a bar on giving "any agency" what it limits earns (cue `general_recipient`)
    )
    # what a protection earns in a text that never speaks of immigration ("absent" also
    # makes an exception item absent there: it excepts nothing)
    no_immigration_subject: str = "partial"
    private_actor: str = "full"  # what a rule binding private parties only earns
    subject_in: str = "section"  # where immigration must be named: its code section or context
    needs_protection: bool = False  # absent from a text that neither limits nor mandates
    in_exceptions: bool = False  # carried by an item of an "except:" list (a judicial warrant)
    acts: tuple[str, ...] = ()  # the vocabulary acts this item limits
    core_cue: str = ""  # a cue list naming the item's core form, preferred as evidence
    implied_by: str = ""  # an item whose full label implies this one at least partly
    implied_if_exception: tuple[str, ...] = ()  # ... when its rule yields only to these exceptions
    # a mandate (a weakening item's evidence) matching these contradicts the item ("shall honor
    # all detainers" leaves no detainer bar), unless the item's own evidence matches unless_named
    contradicted_by_mandate: tuple[re.Pattern, ...] = ()
    # what the contradicted protection earns (partial: it still bars some of what it bars)
    contradicted: str = "absent"
    unless_named: tuple[re.Pattern, ...] = ()
    # where no rule of the text speaks of immigration, evidence matching these still earns
    # partial (a public count of federal agencies' requests) instead of serving nothing
    general_partial_if: tuple[re.Pattern, ...] = ()
    # what a ``needs_protection`` item earns where it serves only general rules (no rule of
    # the text speaks of immigration, yet they reach immigration authorities as everyone)
    serving_general: str = "absent"

    @property
    def weakening(self) -> bool:
        return self.polarity == "weakening"


@dataclass(frozen=True)
class Checklist:
    """All items, their categories, the shared cue lists, and the checklist version."""

    version: str
    categories: dict[str, str]
    items: tuple[ChecklistItem, ...]
    cues: dict[str, tuple[re.Pattern, ...]] = field(default_factory=dict)
    vocabulary: dict[str, dict[str, tuple[re.Pattern, ...]]] = field(default_factory=dict)

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def get(self, item_id: str) -> ChecklistItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def ids(self) -> list[str]:
        return [item.id for item in self.items]

    @classmethod
    def from_dict(cls, data: dict, *, source: str = "checklist") -> Checklist:
        """Build and validate a checklist from parsed YAML."""
        if not isinstance(data, dict):
            raise ChecklistError(f"{source}: expected a mapping with version, categories, items")
        unknown = set(data) - TOP_KEYS
        if unknown:
            raise ChecklistError(f"{source}: unknown top-level keys: {', '.join(sorted(unknown))}")
        for key in ("version", "categories", "items"):
            if key not in data:
                raise ChecklistError(f"{source}: missing top-level key '{key}'")
        categories = data["categories"]
        if not isinstance(categories, dict) or not categories:
            raise ChecklistError(f"{source}: 'categories' must map category ids to names")
        cues: dict[str, tuple[re.Pattern, ...]] = {}
        for name, patterns in (data.get("cues") or {}).items():
            cues[name] = _patterns(patterns, f"{source}: cues.{name}", cues)
        vocabulary = _vocabulary(data.get("vocabulary") or {}, source)
        items, seen = [], set()
        raw_items = data["items"]
        if not isinstance(raw_items, list) or not raw_items:
            raise ChecklistError(f"{source}: 'items' must be a non-empty list")
        for n, raw in enumerate(raw_items, 1):
            item = _item(raw, categories, cues, f"{source}: item {n}")
            if item.id in seen:
                raise ChecklistError(f"{source}: item {n}: duplicate id '{item.id}'")
            seen.add(item.id)
            items.append(item)
        known_acts = set(vocabulary.get("acts", {}))
        for item in items:
            if item.core_cue and item.core_cue not in cues:
                raise ChecklistError(
                    f"{source}: item '{item.id}': unknown core_cue '{item.core_cue}'"
                )
            if item.implied_by and item.implied_by not in seen:
                raise ChecklistError(
                    f"{source}: item '{item.id}': implied_by names no item '{item.implied_by}'"
                )
            unknown = set(item.implied_if_exception) - set(vocabulary.get("exceptions", {}))
            if unknown:
                raise ChecklistError(
                    f"{source}: item '{item.id}': implied_if_exception not in "
                    f"vocabulary.exceptions: {', '.join(sorted(unknown))}"
                )
            unknown_acts = set(item.acts) - known_acts
            if unknown_acts:
                raise ChecklistError(
                    f"{source}: item '{item.id}': acts not in vocabulary.acts: "
                    f"{', '.join(sorted(unknown_acts))}"
                )
        return cls(str(data["version"]), dict(categories), tuple(items), cues, vocabulary)


def _item(raw, categories: dict, cues: dict, where: str) -> ChecklistItem:
    """Validate one item entry and compile its patterns."""
    if not isinstance(raw, dict):
        raise ChecklistError(f"{where}: expected a mapping")
    where = f"{where} ('{raw.get('id', '?')}')"
    unknown = set(raw) - ITEM_KEYS
    if unknown:
        raise ChecklistError(f"{where}: unknown keys: {', '.join(sorted(unknown))}")
    missing = REQUIRED_ITEM_KEYS - set(raw)
    if missing:
        raise ChecklistError(f"{where}: missing keys: {', '.join(sorted(missing))}")
    if raw["category"] not in categories:
        raise ChecklistError(f"{where}: unknown category '{raw['category']}'")
    if raw["polarity"] not in POLARITIES:
        raise ChecklistError(f"{where}: polarity must be protective or weakening")
    modality = raw.get("modality", "prohibit")
    if modality not in MODALITIES:
        raise ChecklistError(f"{where}: modality must be one of {', '.join(sorted(MODALITIES))}")
    try:
        weight = float(raw["weight"])
    except (TypeError, ValueError):
        raise ChecklistError(f"{where}: weight must be a number") from None
    if weight <= 0:
        raise ChecklistError(f"{where}: weight must be positive")
    concepts = raw["concepts"]
    if not isinstance(concepts, list) or not concepts:
        raise ChecklistError(f"{where}: concepts must be a non-empty list of pattern lists")
    return ChecklistItem(
        id=str(raw["id"]),
        category=raw["category"],
        title=str(raw["title"]),
        description=" ".join(str(raw["description"]).split()),
        polarity=raw["polarity"],
        weight=weight,
        modality=modality,
        concepts=tuple(
            _patterns(group, f"{where}: concepts[{i}]", cues) for i, group in enumerate(concepts)
        ),
        exemplars=tuple(str(e) for e in raw.get("exemplars") or ()),
        exclude=_patterns(raw.get("exclude") or [], f"{where}: exclude", cues),
        partial_if=_patterns(raw.get("partial_if") or [], f"{where}: partial_if", cues),
        partial_if_in_section=_patterns(
            raw.get("partial_if_in_section") or [], f"{where}: partial_if_in_section", cues
        ),
        partial_if_in_provision=_patterns(
            raw.get("partial_if_in_provision") or [], f"{where}: partial_if_in_provision", cues
        ),
        full_requires=_patterns(raw.get("full_requires") or [], f"{where}: full_requires", cues),
        keywords=tuple(str(k).lower() for k in raw.get("keywords") or ()),
        serves_protections=bool(raw.get("serves_protections", False)),
        permission=_label_choice(raw, "permission", "partial", where),
        requested_right=_label_choice(raw, "requested_right", "absent", where, absent=True),
        narrow_actor=_label_choice(raw, "narrow_actor", "full", where),
        the_department=_label_choice(raw, "the_department", "full", where),
        narrow_scope=_label_choice(raw, "narrow_scope", "full", where),
        one_place=_label_choice(raw, "one_place", "full", where),
        own_sector=_label_choice(raw, "own_sector", "full", where),
        general_reach=_label_choice(raw, "general_reach", "absent", where, absent=True),
        no_immigration_subject=_label_choice(
            raw, "no_immigration_subject", "partial", where, absent=True
        ),
        private_actor=_label_choice(raw, "private_actor", "full", where, absent=True),
        subject_in=_subject_in(raw, where),
        needs_protection=bool(raw.get("needs_protection", False)),
        in_exceptions=bool(raw.get("in_exceptions", False)),
        acts=tuple(str(a) for a in raw.get("acts") or ()),
        core_cue=str(raw.get("core_cue") or ""),
        implied_by=str(raw.get("implied_by") or ""),
        implied_if_exception=tuple(raw.get("implied_if_exception") or ()),
        contradicted_by_mandate=_patterns(
            raw.get("contradicted_by_mandate") or [], f"{where}: contradicted_by_mandate", cues
        ),
        contradicted=_label_choice(raw, "contradicted", "absent", where, absent=True),
        unless_named=_patterns(raw.get("unless_named") or [], f"{where}: unless_named", cues),
        general_partial_if=_patterns(
            raw.get("general_partial_if") or [], f"{where}: general_partial_if", cues
        ),
        serving_general=_label_choice(raw, "serving_general", "absent", where, absent=True),
    )


def _subject_in(raw: dict, where: str) -> str:
    """Where the subject (immigration) must be named for the item: anywhere in the
    provision's code section (``section``), or in the provision and its context
    (``provision``: a rule at schools is no protection unless it speaks of enforcement)."""
    value = raw.get("subject_in", "section")
    if value not in ("section", "provision"):
        raise ChecklistError(f"{where}: subject_in must be section or provision")
    return value


def _label_choice(raw: dict, key: str, default: str, where: str, absent: bool = False) -> str:
    """An item key whose value is a label: full or partial (or absent, where allowed)."""
    value = raw.get(key, default)
    allowed = ("partial", "full", "absent") if absent else ("partial", "full")
    if value not in allowed:
        raise ChecklistError(f"{where}: {key} must be {' or '.join(allowed)}")
    return value


def _vocabulary(raw, source: str) -> dict[str, dict[str, tuple[re.Pattern, ...]]]:
    """Compile the reading vocabulary: kind -> term -> patterns."""
    if not isinstance(raw, dict):
        raise ChecklistError(f"{source}: 'vocabulary' must map kinds to terms")
    unknown = set(raw) - set(VOCABULARY_KINDS)
    if unknown:
        raise ChecklistError(f"{source}: unknown vocabulary kinds: {', '.join(sorted(unknown))}")
    out: dict[str, dict[str, tuple[re.Pattern, ...]]] = {}
    for kind in VOCABULARY_KINDS:
        terms = raw.get(kind) or {}
        if not isinstance(terms, dict):
            raise ChecklistError(f"{source}: vocabulary.{kind} must map terms to patterns")
        out[kind] = {
            str(term): _patterns(patterns, f"{source}: vocabulary.{kind}.{term}")
            for term, patterns in terms.items()
        }
    return out


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _patterns(patterns, where: str, cues: dict | None = None) -> tuple[re.Pattern, ...]:
    """Compile a list of regular expressions (case-insensitive); "@name" splices in a cue list."""
    if isinstance(patterns, str):
        patterns = [patterns]
    if not isinstance(patterns, list):
        raise ChecklistError(f"{where}: expected a list of patterns")
    compiled = []
    for p in patterns:
        if isinstance(p, str) and p.startswith("@"):
            if cues is None or p[1:] not in cues:
                raise ChecklistError(f"{where}: unknown cue list {p!r}")
            compiled.extend(cues[p[1:]])
            continue
        if _GLOBAL_FLAGS.match(str(p)):  # patterns are joined into one alternation
            raise ChecklistError(
                f"{where}: pattern {p!r} sets global flags; write [\\s\\S] for any character"
            )
        try:
            regex = re.compile(str(p), re.IGNORECASE)
        except re.error as e:
            raise ChecklistError(f"{where}: bad pattern {p!r}: {e}") from None
        if regex.search("") is not None:  # a match is read by its text: an empty one counts as none
            raise ChecklistError(
                f"{where}: pattern {p!r} can match empty text, so it never counts; "
                "make it match at least one character (end a lookahead with [\\s\\S])"
            )
        compiled.append(regex)
    return tuple(compiled)
