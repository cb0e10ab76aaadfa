"""The bill page: a bill, its versions and actions, one version's scorecard with linked
evidence, its text with the evidence marked, and its score history."""

from __future__ import annotations

import json
import sqlite3
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass

from billtracker.analysis.scorecards import stored_judgements
from billtracker.analysis.summary import summarize
from billtracker.config import load_checklist
from billtracker.publishing.pages.views import (
    DIRECTION_WORDS,
    WebError,
    bill_url,
    check_text_param,
    checklist_items,
    checklist_version,
    rows,
    scorecard_groups,
    section_anchor,
)


def bill_page(conn: sqlite3.Connection, bill_id: str, version: str | None = None) -> dict:
    """Everything the bill page shows; ``version`` is a slug or a version id (default: latest)."""
    bill_id = check_text_param("bill id", bill_id)
    found = rows(
        conn,
        "select b.*, j.name as jurisdiction_name, j.level as level from bills b "
        "left join jurisdictions j on j.id = b.jurisdiction_id where b.id = ?",
        [bill_id],
    )
    if not found:
        raise WebError(404, f"No bill with id {bill_id!r}")
    bill = found[0]
    cv = checklist_version(conn)
    versions = rows(
        conn,
        "select v.id, v.slug, v.label, v.date, v.ordinal, v.url, v.chars, vs.score, "
        "vs.warnings, vs.direction, vs.on_topic, vs.topic_reason "
        "from versions v left join version_scores vs "
        "on vs.version_id = v.id and vs.checklist_version = ? "
        "where v.bill_id = ? order by v.ordinal, v.date, v.id",
        [cv, bill_id],
    )
    for v in versions:
        v["url_page"] = bill_url(bill_id, v["slug"])
    for v in versions:
        v["warnings"] = json.loads(v["warnings"]) if v.get("warnings") else []
    current = pick_version(versions, version)
    page = {
        "bill": bill,
        "versions": versions,
        "version": current,
        "actions": rows(
            conn,
            "select date, actor, description, classification from actions "
            "where bill_id = ? order by ordinal, date, id",
            [bill_id],
        ),
        "sponsors": rows(
            conn, "select name, role from sponsors where bill_id = ? order by id", [bill_id]
        ),
        "checklist_version": cv,
        "history": [
            {
                "version_id": v["id"],
                "label": v["label"] or v["slug"],
                "score": v["score"],
                "date": v["date"],
            }
            for v in versions
        ],
        "scorecard": [],
        "text_blocks": [],
        "compare_links": compare_links(versions),
    }
    if current is None:
        return page
    text = conn.execute("select text from versions where id = ?", [current["id"]]).fetchone()[0]
    sections = rows(
        conn,
        "select ordinal, citation, heading, start, end from sections "
        "where version_id = ? order by ordinal",
        [current["id"]],
    )
    scores = stored_judgements(conn, current["id"], cv)
    items = checklist_items(conn)
    card, spans = scorecard(items, scores, sections, text)
    page["scorecard"] = card
    page["text_blocks"] = text_blocks(text, sections, spans)
    page["counts"] = label_counts(scores.values())
    page["summary"] = summarize(scores, load_checklist(), evidence_anchor(card))
    page["direction_words"] = DIRECTION_WORDS.get(current.get("direction") or "", "")
    return page


def evidence_anchor(card: list[dict]):
    """``anchor(item_id, judgement)`` for the summary: the section holding the item's
    first quote, else the item's row of the scorecard."""
    hrefs = {
        i["id"]: next((e["href"] for e in i["evidence"] if e["href"]), None)
        for g in card
        for i in g["items"]
    }
    return lambda item_id, j: hrefs.get(item_id) or f"#item-{item_id}"


def pick_version(versions: list[dict], wanted: str | None) -> dict | None:
    """The version asked for by slug or id, else the latest scored one, else the latest."""
    if wanted:
        wanted = check_text_param("version", wanted)
        for v in versions:
            if wanted in (v["slug"], v["id"]):
                return v
        raise WebError(404, f"This bill has no version {wanted!r}")
    scored = [v for v in versions if v["score"] is not None]
    return (scored or versions or [None])[-1]


def compare_links(versions: list[dict]) -> list[dict]:
    """Links comparing each version with the one before it."""
    return [
        {
            "a": a["id"],
            "b": b["id"],
            "href": "/compare?" + urllib.parse.urlencode({"a": a["id"], "b": b["id"]}),
            "text": f"{a['label'] or a['slug']} → {b['label'] or b['slug']}",
        }
        for a, b in zip(versions, versions[1:], strict=False)
    ]


def label_counts(scores: Iterable[dict]) -> dict[str, int]:
    """How many items each label has."""
    counts = {"full": 0, "partial": 0, "absent": 0}
    for s in scores:
        counts[s["label"]] = counts.get(s["label"], 0) + 1
    return counts


@dataclass(frozen=True)
class Span:
    """A quoted stretch of a version's text and the item it is evidence for."""

    start: int
    end: int
    item_id: str


def scorecard(
    items: list[dict], scores: dict[str, dict], sections: list[dict], text: str
) -> tuple[list[dict], list[Span]]:
    """The items grouped by category, each quote found in the text and linked to its section;
    ``scores`` are judgements by item id (``analysis.scorecards.stored_judgements``)."""
    spans: list[Span] = []

    def locate(item_id: str, e: dict) -> dict:
        start, end, quote = e.get("start"), e.get("end"), e.get("quote") or ""
        if not isinstance(start, int) or text[start:end] != quote:
            start = text.find(quote) if quote else -1
            end = start + len(quote)
        ordinal = section_at(sections, start) if start >= 0 else None
        if start >= 0 and quote:
            spans.append(Span(start, end, item_id))
        return {
            "section": e.get("section") or "",
            "quote": quote,
            "found": start >= 0,
            "href": f"#{section_anchor(ordinal)}" if ordinal is not None else None,
        }

    return scorecard_groups(items, scores, locate), spans


def section_at(sections: list[dict], offset: int) -> int | None:
    """The ordinal of the section holding a character offset."""
    for s in sections:
        if s["start"] is not None and s["start"] <= offset < (s["end"] or 0):
            return s["ordinal"]
    return None


def text_blocks(text: str, sections: list[dict], spans: list[Span]) -> list[dict]:
    """The text cut at section bounds (gaps kept), each block split into marked segments."""
    bounds = sorted(
        (s for s in sections if s["start"] is not None and s["end"] is not None),
        key=lambda s: s["start"],
    )
    blocks, position = [], 0
    for s in bounds:
        start, end = max(s["start"], position), min(s["end"], len(text))
        if start > position:
            blocks.append(_block(text, position, start, spans))
        if end > start:
            blocks.append(
                _block(text, start, end, spans, s["ordinal"], s["citation"], s["heading"])
            )
            position = end
    if position < len(text):
        blocks.append(_block(text, position, len(text), spans))
    return [b for b in blocks if any(seg["text"].strip() for seg in b["segments"])]


def _block(text, start, end, spans, ordinal=None, citation=None, heading=None) -> dict:
    return {
        "anchor": section_anchor(ordinal) if ordinal is not None else None,
        "citation": citation,
        "heading": heading,
        "segments": marked_segments(text, start, end, spans),
    }


def marked_segments(text: str, start: int, end: int, spans: list[Span]) -> list[dict]:
    """``text[start:end]`` as segments, each with the items whose evidence covers it."""
    cuts = {start, end}
    for s in spans:
        if s.end > start and s.start < end:
            cuts.update((max(s.start, start), min(s.end, end)))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:], strict=False):
        items = sorted({s.item_id for s in spans if s.start <= a and s.end >= b})
        out.append({"text": text[a:b], "items": items})
    return out
