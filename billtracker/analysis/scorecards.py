"""One scorecard shape: a ``compare.score.Scorecard`` as a dict, and a stored one read back.

:func:`scorecard_dict` is the only place a scorecard becomes a dict: the JSON of
``billtracker score --format json``, the rows ``billtracker.storage.write_scores`` stores,
and the scorecards of the bill and draft pages all come from it. A new field of a
judgement is added here once.

:func:`load_scorecard` rebuilds the ``Scorecard`` of a stored version, so diffs, the
``/compare`` page and ``billtracker diff`` read what scoring stored instead of scoring
the text again.
"""

from __future__ import annotations

import json

from compare.checklist import Checklist
from compare.reading import Reading
from compare.score import Evidence, Judgement, Scorecard, direction, weighted_score


def judgement_dict(j: Judgement, *, explain: bool = False, offsets: bool = False) -> dict:
    """One item's judgement: ``id``, ``label``, ``confidence``, ``evidence`` (``section``,
    ``quote``; with ``offsets`` also ``start``/``end``), and with ``explain`` its
    ``explanation``."""
    keys = ("section", "quote", "start", "end") if offsets else ("section", "quote")
    out = {
        "id": j.item_id,
        "label": j.label,
        "confidence": j.confidence,
        "evidence": [{k: getattr(e, k) for k in keys} for e in j.evidence],
    }
    if explain:
        out["explanation"] = {k: v for k, v in j.explanation.items() if k != "readings"}
        out["readings"] = [r.as_dict() for r in j.readings]
    return out


def scorecard_dict(
    card: Scorecard, source: str | None = None, *, explain: bool = False, offsets: bool = False
) -> dict:
    """The JSON contract of ``billtracker score --format json`` for one input."""
    out = {
        "source": source,
        "score": card.score,
        "direction": card.direction,
        "categories": card.categories,
        "checklist_version": card.checklist_version,
        "items": [judgement_dict(j, explain=explain, offsets=offsets) for j in card.items],
    }
    if card.warnings:
        out["warnings"] = list(card.warnings)
    return out


def load_scorecard(conn, version_id: str, checklist: Checklist) -> Scorecard | None:
    """The stored scorecard of a version under ``checklist``'s version (None if unscored).

    ``conn`` is a ``sqlite3.Connection`` or a ``sqlite_utils.Database``.
    """
    found = conn.execute(
        "select score, categories, warnings, direction from version_scores "
        "where version_id = ? and checklist_version = ?",
        [version_id, checklist.version],
    ).fetchone()
    if found is None:
        return None
    stored = {row[0]: row for row in _score_rows(conn, version_id, checklist.version)}
    if any(item.id not in stored for item in checklist.items):
        return None
    judgements = tuple(_judgement(*stored[item.id]) for item in checklist.items)
    _, net, _ = weighted_score(judgements, checklist)
    return Scorecard(
        score=found[0],
        net=net,
        categories=json.loads(found[1]) if found[1] else {},
        items=judgements,
        checklist_version=checklist.version,
        warnings=tuple(json.loads(found[2]) if found[2] else ()),
        direction=found[3] or direction(judgements, checklist),
    )


def stored_judgements(conn, version_id: str, checklist_version: str) -> dict[str, dict]:
    """A stored version's judgements by item id, each as :func:`judgement_dict` makes it
    (with offsets and explanation); items not scored are missing."""
    return {
        row[0]: judgement_dict(_judgement(*row), explain=True, offsets=True)
        for row in _score_rows(conn, version_id, checklist_version)
    }


def _score_rows(conn, version_id: str, checklist_version: str) -> list[tuple]:
    return conn.execute(
        "select item_id, label, confidence, citation, quote, evidence, explanation "
        "from scores where version_id = ? and checklist_version = ?",
        [version_id, checklist_version],
    ).fetchall()


def _judgement(item_id, label, confidence, citation, quote, evidence, explanation) -> Judgement:
    rows = json.loads(evidence) if evidence else []
    explained = json.loads(explanation) if explanation else {}
    if not rows and quote:
        rows = [{"section": citation, "quote": quote}]
    return Judgement(
        item_id=item_id,
        label=label,
        confidence=confidence,
        evidence=tuple(
            Evidence(r.get("section") or "", r.get("quote") or "", r.get("start"), r.get("end"))
            for r in rows
            if isinstance(r, dict)
        ),
        explanation=explained,
        readings=tuple(Reading.from_dict(r) for r in explained.get("readings") or ()),
    )
