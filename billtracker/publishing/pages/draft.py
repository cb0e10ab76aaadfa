"""The draft page: score a pasted or uploaded draft and find the nearest published bills
(nothing is written anywhere); and reading the POSTed form (python-multipart).

The nearest bills are ranked by how much of the draft they contain (the share of the
draft's word pairs found in the bill, :func:`containment`), among candidates picked with
rapidfuzz's ``token_set_ratio``, not with the MinHash
index of ``compare.similar``: a draft is often a fragment or a reworded model bill, and
MinHash over five-word shingles finds nothing for a paragraph that shares words but not
long runs of them (a one-sentence draft scores 0 against the bill it paraphrases), while
``token_set_ratio`` ranks it first. MinHash stays the engine for stored versions.
``token_set_ratio`` alone rates a short draft 95 against any long bill that holds its
words, so it only picks the candidates.

For every item a draft lacks or only partly enacts, the page gives the item's wording
and the strongest enacted provision in the database (:func:`strongest_provisions`).
"""

from __future__ import annotations

import io
import re
import sqlite3
import urllib.parse
from dataclasses import dataclass

import python_multipart
from rapidfuzz import fuzz, process, utils

from billtracker.analysis.scorecards import scorecard_dict
from billtracker.publishing.pages.views import (
    DIRECTION_WORDS,
    WebError,
    bill_url,
    rows,
    scorecard_groups,
)
from compare.checklist import Checklist
from compare.score import LABEL_CREDIT, score_text

NEAREST_LIMIT = 5
NEAREST_SHORTLIST = 50
NEAREST_CANDIDATES = 2000
NEAREST_TEXT_CHARS = 40_000
DRAFT_MAX_BYTES = 2_000_000


def nearest_corpus(conn: sqlite3.Connection, limit: int = NEAREST_CANDIDATES) -> list[dict]:
    """The latest version of each bill (capped), with its text cut for fuzzy matching."""
    return rows(
        conn,
        f"""select v.id, v.bill_id, v.slug, v.label,
              substr(v.text, 1, {NEAREST_TEXT_CHARS}) as text, b.identifier, b.title,
              vs.direction, vs.on_topic
            from latest_versions l join versions v on v.id = l.version_id
            join bills b on b.id = l.bill_id
            left join version_scores vs on vs.version_id = v.id
              and vs.checklist_version = (select checklist_version from checklist_items limit 1)
            order by b.updated desc, l.bill_id limit ?""",
        [limit],
    )


def nearest_bills(text: str, corpus: list[dict], limit: int = NEAREST_LIMIT) -> list[dict]:
    """The published versions holding most of ``text`` (:func:`containment`), among the
    candidates rapidfuzz's ``token_set_ratio`` ranks highest; each with its direction."""
    if not corpus or not text.strip():
        return []
    choices = {n: c["text"] for n, c in enumerate(corpus)}
    shortlist = process.extract(
        text[:NEAREST_TEXT_CHARS],
        choices,
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        limit=NEAREST_SHORTLIST,
    )
    pairs = word_pairs(text[:NEAREST_TEXT_CHARS])
    ranked = sorted(
        ((containment(pairs, corpus[n]["text"]), similarity, n) for _, similarity, n in shortlist),
        reverse=True,
    )
    out = []
    for contained, similarity, n in ranked[:limit]:
        c = corpus[n]
        out.append(
            {
                "version_id": c["id"],
                "bill_id": c["bill_id"],
                "identifier": c["identifier"],
                "title": c["title"],
                "label": c["label"],
                "contains": round(contained * 100, 1),
                "similarity": round(similarity, 1),
                "direction": c.get("direction"),
                "direction_words": DIRECTION_WORDS.get(c.get("direction") or "", "not scored"),
                "on_topic": c.get("on_topic"),
                "href": bill_url(c["bill_id"], c["slug"]),
            }
        )
    return out


_WORD = re.compile(r"[a-z0-9]+")


def word_pairs(text: str) -> set[tuple[str, str]]:
    """The consecutive word pairs of a text (lower-cased)."""
    words = _WORD.findall(text.lower())
    return set(zip(words, words[1:], strict=False))


def containment(pairs: set[tuple[str, str]], other: str) -> float:
    """The share (0-1) of a draft's word pairs that ``other`` also holds."""
    if not pairs:
        return 0.0
    return len(pairs & word_pairs(other)) / len(pairs)


def strongest_provisions(conn: sqlite3.Connection) -> dict[str, dict]:
    """For each checklist item, the strongest enacted provision in the database: a
    ``full`` label in a protective or mixed version (weakening items: any), highest
    confidence then highest score; its quote, citation and bill page."""
    found = rows(
        conn,
        """select s.item_id, s.quote, s.citation, s.confidence, v.bill_id, v.slug,
             b.identifier, b.title, vs.score, vs.direction
           from scores s
           join checklist_items c on c.id = s.item_id and c.checklist_version = s.checklist_version
           join version_scores vs on vs.version_id = s.version_id
             and vs.checklist_version = s.checklist_version
           join versions v on v.id = s.version_id join bills b on b.id = v.bill_id
           where s.label = 'full' and coalesce(s.quote, '') != ''
             and (c.polarity = 'weakening' or vs.direction in ('protective', 'mixed'))
           order by s.item_id, s.confidence desc, vs.score desc, v.id""",
    )
    best: dict[str, dict] = {}
    for r in found:
        if r["item_id"] not in best:
            r["href"] = bill_url(r["bill_id"], r["slug"], f"item-{r['item_id']}")
            best[r["item_id"]] = r
    return best


def missing_items(card, checklist: Checklist, provisions: dict[str, dict]) -> list[dict]:
    """Protective items the draft lacks or only partly enacts: the item's wording and the
    strongest enacted provision for it (None when the database holds none)."""
    out = []
    for item, j in zip(checklist.items, card.items, strict=True):
        if item.weakening or item.modality == "mandate" or j.label == "full":
            continue
        out.append(
            {
                "id": item.id,
                "title": item.title,
                "label": j.label,
                "wording": item.description,
                "example": provisions.get(item.id),
            }
        )
    return out


def draft_page(
    text: str,
    checklist: Checklist,
    corpus: list[dict],
    *,
    source: str,
    provisions: dict[str, dict] | None = None,
) -> dict:
    """Score a draft, find its nearest published bills and, for each item it lacks, the
    wording to add and the strongest enacted provision (``provisions``); nothing is
    stored."""
    if not text.strip():
        raise WebError(400, "The draft is empty: paste its text or choose a file")
    card = score_text(text, checklist)
    items = [
        {
            "id": i.id,
            "category": i.category,
            "title": i.title,
            "description": i.description,
            "polarity": i.polarity,
            "weight": i.weight,
        }
        for i in checklist.items
    ]
    judged = {j["id"]: j for j in scorecard_dict(card)["items"]}
    groups = scorecard_groups(items, judged, _unlinked)
    return {
        "source": source,
        "chars": len(text),
        "text": text,
        "score": card.score,
        "categories": card.categories,
        "checklist_version": card.checklist_version,
        "warnings": list(card.warnings),
        "scorecard": groups,
        "counts": {
            k: sum(1 for j in card.items if j.label == k) for k in ("full", "partial", "absent")
        },
        "nearest": nearest_bills(text, corpus),
        "to_add": missing_items(card, checklist, provisions or {}),
        "credit": LABEL_CREDIT,
    }


def _unlinked(item_id: str, e: dict) -> dict:
    """A draft's evidence: quoted from the draft itself, so found, and not linked."""
    return {"section": e["section"], "quote": e["quote"], "found": True, "href": None}


@dataclass
class Upload:
    """A file sent with a form."""

    filename: str
    data: bytes


def parse_form(body: bytes, content_type: str) -> tuple[dict[str, str], dict[str, Upload]]:
    """The fields and files of a POSTed form (urlencoded or multipart)."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded" or not kind:
        try:
            decoded = body.decode("utf-8")
        except UnicodeDecodeError:
            raise WebError(400, "The form was not sent as UTF-8") from None
        return dict(urllib.parse.parse_qsl(decoded, keep_blank_values=True)), {}
    if kind != "multipart/form-data":
        raise WebError(415, f"Cannot read a form sent as {kind}")
    if "boundary=" not in content_type:
        raise WebError(400, "The multipart form has no boundary")
    fields: dict[str, str] = {}
    files: dict[str, Upload] = {}

    def on_field(field) -> None:
        name = (field.field_name or b"").decode("utf-8", "replace")
        try:
            fields[name] = (field.value or b"").decode("utf-8")
        except UnicodeDecodeError:
            raise WebError(400, f"The form field {name!r} is not UTF-8 text") from None

    def on_file(upload) -> None:
        upload.file_object.seek(0)
        data = upload.file_object.read()
        name = (upload.field_name or b"").decode("utf-8", "replace")
        filename = (upload.file_name or b"").decode("utf-8", "replace")
        if filename or data:
            files[name] = Upload(filename, data)

    headers = {"Content-Type": content_type, "Content-Length": str(len(body))}
    try:
        python_multipart.parse_form(headers, io.BytesIO(body), on_field, on_file)
    except python_multipart.exceptions.FormParserError:
        raise WebError(400, "The multipart form could not be read") from None
    return fields, files
