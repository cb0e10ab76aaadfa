"""The comparator against data/checklist_examples.yml: example provisions in many drafting styles.

Each entry of the examples file is a short, self-contained text (a code section, a session
law, a city code or ordinance section, an amending act, a bill with struck and inserted matter,
an executive policy) with the label a careful annotator following the coding protocol of
../shared/eval/README.md would give its main item, and optionally the labels of other items
(``also``). One parametrized test checks every (entry, item) pair; another checks the file's
shape, so that every checklist item keeps full, partial and absent examples. Pairs listed
under an entry's ``known_gap`` are ones the comparator misses today: they are strict
xfails, so fixing one fails the test until the gap is removed from the file.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from billtracker.config import load_checklist
from compare.score import score_text

EXAMPLES_PATH = Path(__file__).resolve().parent.parent / "data" / "checklist_examples.yml"
LABELS = ("full", "partial", "absent")
STYLES = (
    "state code",
    "session law",
    "city code",
    "ordinance",
    "amending act",
    "struck and inserted",
    "executive policy",
)
MIN_ENTRIES, MIN_FULL, MIN_PARTIAL, MIN_ABSENT = 8, 3, 2, 3

EXAMPLES = yaml.safe_load(EXAMPLES_PATH.read_text(encoding="utf-8"))
CHECKLIST = load_checklist()


def _pairs():
    """Every (entry, item, expected label) the examples file asserts, with a readable id."""
    counters: Counter = Counter()
    for index, entry in enumerate(EXAMPLES):
        expected = {entry["item"]: entry["label"], **(entry.get("also") or {})}
        for item, label in expected.items():
            key = (item, label, entry["style"])
            counters[key] += 1
            style = entry["style"].replace(" ", "_")
            role = "" if item == entry["item"] else f"-also{index}"
            gap = (entry.get("known_gap") or {}).get(item)
            marks = [pytest.mark.xfail(strict=True, reason=f"known gap: {gap}")] if gap else []
            yield pytest.param(
                entry,
                item,
                label,
                id=f"{item}-{label}-{style}-{counters[key]}{role}",
                marks=marks,
            )


def _describe(entry: dict, item: str, expected: str, judgement) -> str:
    return (
        f"\n{item}: expected {expected!r}, got {judgement.label!r}"
        f"\nmain item: {entry['item']} ({entry['label']}); style: {entry['style']}"
        f"\nwhy: {entry.get('why', '')}"
        f"\nexplanation: {judgement.explanation}"
        f"\ntext:\n{entry['text']}"
    )


@pytest.mark.parametrize(("entry", "item", "expected"), list(_pairs()))
def test_example_label(entry, item, expected):
    scorecard = score_text(entry["text"], CHECKLIST)
    judgement = scorecard.get(item)
    assert judgement.label == expected, _describe(entry, item, expected, judgement)


def test_examples_file_shape():
    ids = [item.id for item in CHECKLIST.items]
    assert isinstance(EXAMPLES, list) and EXAMPLES, "the examples file must be a non-empty list"
    per_item: dict[str, Counter] = defaultdict(Counter)
    seen_texts: dict[str, int] = {}
    problems = []
    for index, entry in enumerate(EXAMPLES):
        where = f"entry {index} ({entry.get('item')})"
        missing = {"item", "label", "style", "why", "text"} - set(entry)
        unknown = set(entry) - {"item", "label", "style", "why", "text", "also", "known_gap"}
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        if missing:
            problems.append(f"{where}: missing {sorted(missing)}")
            continue
        if entry["item"] not in ids:
            problems.append(f"{where}: unknown item {entry['item']!r}")
        if entry["label"] not in LABELS:
            problems.append(f"{where}: unknown label {entry['label']!r}")
        if entry["style"] not in STYLES:
            problems.append(f"{where}: unknown style {entry['style']!r}")
        also = entry.get("also") or {}
        if not isinstance(also, dict):
            problems.append(f"{where}: also must be a mapping")
            also = {}
        gaps = entry.get("known_gap") or {}
        for gap_item in gaps:
            if gap_item != entry["item"] and gap_item not in also:
                problems.append(f"{where}: known_gap {gap_item!r} is not asserted by the entry")
        for other, label in also.items():
            if other not in ids or label not in LABELS:
                problems.append(f"{where}: bad also {other!r}: {label!r}")
            if other == entry["item"]:
                problems.append(f"{where}: also repeats the main item")
        text = entry["text"]
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: empty text")
            continue
        key = " ".join(text.split())
        if key in seen_texts:
            problems.append(f"{where}: same text as entry {seen_texts[key]}")
        seen_texts.setdefault(key, index)
        per_item[entry["item"]][entry["label"]] += 1
    for item in ids:
        counts = per_item[item]
        if (
            sum(counts.values()) < MIN_ENTRIES
            or counts["full"] < MIN_FULL
            or counts["partial"] < MIN_PARTIAL
            or counts["absent"] < MIN_ABSENT
        ):
            problems.append(f"{item}: too few examples {dict(counts)}")
    assert not problems, "\n".join(problems)
