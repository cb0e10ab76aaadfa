"""Whether a bill is on topic: it concerns immigration enforcement, or the data and
cooperation the checklist covers.

Relevance decides what the pages show by default, never what is crawled or stored.
A version is on topic when its scorecard points somewhere (protective, restrictive or
mixed), or when its title or text names the checklist's counterparts (immigration
authorities, immigration enforcement: ``vocabulary.counterparts``) or one of
:data:`TOPIC_WORDS`. Stored per version in ``version_scores.on_topic`` with the reason
in ``version_scores.topic_reason`` (migration m009), filled by ``billtracker score``.
"""

from __future__ import annotations

import re

from compare.checklist import Checklist
from compare.patterns import terms_in

# topic words the counterparts vocabulary does not hold ("sanctuary-policy ban")
TOPIC_WORDS = re.compile(
    r"\bsanctuary\b|\bimmigration status\b|\b(?:illegal|undocumented) aliens?\b"
    r"|\bimmigration detention\b"
)
POINTING = ("protective", "restrictive", "mixed")


def relevance(
    title: str, text: str, direction: str | None, checklist: Checklist
) -> tuple[bool, str]:
    """``(on_topic, reason)`` for one version's bill title, text and direction."""
    if direction in POINTING:
        return True, f"enacts checklist items ({direction})"
    words = f"{title or ''}\n{text or ''}".lower()
    named = terms_in(checklist.vocabulary.get("counterparts", {}), words)
    if named:
        return True, "names " + " and ".join(named)
    found = TOPIC_WORDS.search(words)
    if found:
        return True, f"concerns {found.group(0)}"
    return False, "does not concern immigration enforcement"


def mark_relevance(db, checklist: Checklist) -> int:
    """Fill ``on_topic`` and ``topic_reason`` of every scored version that lacks them
    (under ``checklist``'s version); returns how many were filled."""
    pending = db.execute(
        "select vs.version_id, coalesce(b.title, ''), v.text, vs.direction "
        "from version_scores vs join versions v on v.id = vs.version_id "
        "left join bills b on b.id = v.bill_id "
        "where vs.checklist_version = ? and vs.on_topic is null",
        [checklist.version],
    ).fetchall()
    with db.atomic():
        for version_id, title, text, direction in pending:
            on_topic, reason = relevance(title, text, direction, checklist)
            db.execute(
                "update version_scores set on_topic = ?, topic_reason = ? "
                "where version_id = ? and checklist_version = ?",
                [int(on_topic), reason, version_id, checklist.version],
            )
    return len(pending)
