"""The data and rendering behind the web pages: pure functions, testable without Datasette.

The Datasette plugins in ``plugins/`` are thin: they read the request, call one of the
``*_page`` functions here with a ``sqlite3.Connection`` to the published database (through
``Database.execute_fn``) and hand the dict to a Jinja template (or return it as JSON).
Errors a visitor can cause raise ``WebError`` with an HTTP status and a one-line message.

- ``bill_page(conn, bill_id, version)``: a bill, its versions and actions, the scorecard of
  one version (items grouped by category, evidence linked to the section it quotes), the
  version's text split into sections with the evidence marked, and its score history;
- ``resolve_version(conn, ref)`` and ``compare_page(va, vb, result)``: two versions (or
  bills: their latest versions) and their ``compare.diff.diff_texts`` result;
- ``matrix_page(conn, args)``: bills by checklist items, filtered and sorted; ``matrix_csv``;
- ``search_page(conn, q)``: full-text search over bills, versions and sections with
  highlighted snippets;
- ``draft_page(text, checklist, corpus)``: score a pasted or uploaded draft and find the
  nearest published bills (nothing is written anywhere);
- ``parse_form(body, content_type)``: the fields and files of a POSTed form;
- ``bar_chart_svg`` / ``line_chart_svg``: small inline SVG charts, every label escaped.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP

from rapidfuzz import fuzz, process, utils

from compare.checklist import Checklist
from compare.score import LABEL_CREDIT, score_text

LABEL_ORDER = {"full": 2, "partial": 1, "absent": 0}
LABEL_SHORT = {"full": "full", "partial": "part", "absent": "–"}
MATRIX_FILTERS = ("jurisdiction", "level", "session", "status")
MATRIX_LIMIT = 2000
SEARCH_LIMIT = 20
MAX_QUERY_CHARS = 500
NEAREST_LIMIT = 5
NEAREST_CANDIDATES = 2000
NEAREST_TEXT_CHARS = 40_000
DRAFT_MAX_BYTES = 2_000_000
MARK_START, MARK_END = "\x02", "\x03"


class WebError(Exception):
    """A request the pages cannot serve: ``status`` (4xx) and a one-line message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


# -- shared reads -----------------------------------------------------------------------


def rows(conn: sqlite3.Connection, sql: str, params: Iterable | dict = ()) -> list[dict]:
    """Rows of a query as dicts (``params`` a sequence, or a dict for named parameters)."""
    cursor = conn.execute(sql, params if isinstance(params, dict) else list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """True when the database holds a table (or virtual table) of that name."""
    found = conn.execute(
        "select 1 from sqlite_master where type = 'table' and name = ?", [name]
    ).fetchone()
    return found is not None


def checklist_items(conn: sqlite3.Connection) -> list[dict]:
    """The published checklist items, in checklist order."""
    return rows(
        conn,
        "select id, category, title, description, polarity, weight, checklist_version "
        "from checklist_items order by rowid",
    )


def checklist_version(conn: sqlite3.Connection) -> str | None:
    """The checklist version the published items come from."""
    found = conn.execute("select checklist_version from checklist_items limit 1").fetchone()
    return found[0] if found else None


def categories(items: list[dict]) -> list[tuple[str, list[dict]]]:
    """Items grouped by category, categories in order of first appearance."""
    groups: dict[str, list[dict]] = {}
    for item in items:
        groups.setdefault(item["category"], []).append(item)
    return list(groups.items())


def bill_url(bill_id: str, version_slug: str | None = None, anchor: str | None = None) -> str:
    """The address of a bill page (optionally one version and an anchor in it)."""
    url = "/bill/" + urllib.parse.quote(bill_id, safe="/@-_.")
    if version_slug:
        url += "?" + urllib.parse.urlencode({"version": version_slug})
    return url + (f"#{anchor}" if anchor else "")


def section_anchor(ordinal: int) -> str:
    """The id of a section in a bill page's text."""
    return f"sec-{ordinal}"


def check_text_param(name: str, value: str | None, *, limit: int = 300) -> str:
    """A query-string value stripped, refused when too long or holding control characters."""
    value = (value or "").strip()
    if len(value) > limit:
        raise WebError(400, f"{name} is too long (at most {limit} characters)")
    if any(ord(c) < 32 for c in value):
        raise WebError(400, f"{name} holds control characters")
    return value


# -- the bill page ------------------------------------------------------------------------


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
        "vs.warnings "
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
            {"version_id": v["id"], "label": v["label"] or v["slug"], "score": v["score"]}
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
    scores = {
        r["item_id"]: r
        for r in rows(
            conn,
            "select item_id, label, confidence, citation, quote, evidence, explanation "
            "from scores where version_id = ? and checklist_version = ?",
            [current["id"], cv],
        )
    }
    items = checklist_items(conn)
    card, spans = scorecard(items, scores, sections, text, bill_id, current["slug"])
    page["scorecard"] = card
    page["text_blocks"] = text_blocks(text, sections, spans)
    page["counts"] = label_counts(scores.values())
    return page


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
    items: list[dict],
    scores: dict[str, dict],
    sections: list[dict],
    text: str,
    bill_id: str,
    slug: str,
) -> tuple[list[dict], list[Span]]:
    """The 29 items grouped by category with label, confidence and linked evidence."""
    spans: list[Span] = []
    groups = []
    for category, group in categories(items):
        entries = []
        for item in group:
            score = scores.get(item["id"]) or {}
            evidence = []
            for e in _evidence_list(score):
                start, end = e.get("start"), e.get("end")
                quote = e.get("quote") or ""
                if not isinstance(start, int) or text[start:end] != quote:
                    start = text.find(quote) if quote else -1
                    end = start + len(quote)
                ordinal = section_at(sections, start) if start >= 0 else None
                if start >= 0 and quote:
                    spans.append(Span(start, end, item["id"]))
                evidence.append(
                    {
                        "section": e.get("section") or "",
                        "quote": quote,
                        "found": start >= 0,
                        "href": f"#{section_anchor(ordinal)}" if ordinal is not None else None,
                    }
                )
            entries.append(
                {
                    **item,
                    "label": score.get("label", "not scored"),
                    "confidence": score.get("confidence"),
                    "evidence": evidence,
                    "explanation": _json_or_none(score.get("explanation")),
                }
            )
        groups.append({"category": category, "items": entries})
    return groups, spans


def _evidence_list(score: dict) -> list[dict]:
    evidence = _json_or_none(score.get("evidence")) or []
    if not evidence and score.get("quote"):
        evidence = [{"section": score.get("citation"), "quote": score["quote"]}]
    return [e for e in evidence if isinstance(e, dict)]


def _json_or_none(value):
    if not value:
        return None
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return None


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


# -- charts -------------------------------------------------------------------------------


def bar_chart_svg(bars: list[tuple[str, float]], *, title: str, width: int = 340) -> str:
    """Horizontal bars (label, value 0-100) as an inline SVG with an accessible title."""
    e = html.escape
    row, label_w = 22, 110
    height = row * len(bars) + 10
    scale = (width - label_w - 45) / 100
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title" '
        f'viewBox="0 0 {width} {height}" width="{width * 1.4:.0f}" style="max-width:100%;height:auto">',
        f'<title id="chart-title">{e(title)}</title>',
    ]
    for n, (label, value) in enumerate(bars):
        y = 5 + n * row
        value = max(0.0, min(100.0, float(value or 0)))
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{e(str(label))[:20]}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{value * scale:.1f}" height="15" '
            f'fill="#2a5d8f"></rect>'
            f'<text x="{label_w + value * scale + 4:.1f}" y="{y + 15}" font-size="12">'
            f"{value:.1f}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart_svg(points: list[tuple[str, float | None]], *, title: str) -> str:
    """Scores across versions as a small line chart (inline SVG); unscored points skipped."""
    e = html.escape
    scored = [(label, v) for label, v in points if v is not None]
    width, height, pad = 320, 90, 18
    n = max(len(scored) - 1, 1)
    coords = [
        (pad + i * (width - 2 * pad) / n, height - pad - (v / 100) * (height - 2 * pad))
        for i, (_, v) in enumerate(scored)
    ]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="history-title" '
        f'viewBox="0 0 {width} {height}" width="{width * 1.4:.0f}" style="max-width:100%;height:auto">',
        f'<title id="history-title">{e(title)}</title>',
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="#999"></line>',
        f'<text x="2" y="{pad + 4}" font-size="10">100</text>'
        f'<text x="8" y="{height - pad + 4}" font-size="10">0</text>',
    ]
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline fill="none" stroke="#2a5d8f" stroke-width="2" points="{path}">')
        parts.append("</polyline>")
    for (label, v), (x, y) in zip(scored, coords, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#2a5d8f">'
            f"<title>{e(str(label))}: {v:.1f}</title></circle>"
            f'<text x="{x:.1f}" y="{y - 8:.1f}" font-size="10" text-anchor="middle">{v:.1f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# -- compare ------------------------------------------------------------------------------


def resolve_version(conn: sqlite3.Connection, ref: str, name: str) -> dict:
    """A version by id, or a bill's latest version by bill id; never a file path."""
    ref = check_text_param(name, ref)
    if not ref:
        raise WebError(400, f"Give {name}= a version id (bill@version) or a bill id")
    found = rows(conn, "select id, bill_id, slug, label, text from versions where id = ?", [ref])
    if not found:
        found = rows(
            conn,
            "select id, bill_id, slug, label, text from versions where bill_id = ? "
            "order by ordinal desc, date desc limit 1",
            [ref],
        )
    if not found:
        raise WebError(404, f"{name}={ref!r} is neither a version id nor a bill id")
    return found[0]


def compare_page(va: dict, vb: dict, result: dict) -> dict:
    """Two resolved versions and their ``compare.diff.diff_texts`` result, ready to show."""
    return {
        "a": {k: va[k] for k in ("id", "bill_id", "slug", "label")},
        "b": {k: vb[k] for k in ("id", "bill_id", "slug", "label")},
        "a_href": bill_url(va["bill_id"], va["slug"]),
        "b_href": bill_url(vb["bill_id"], vb["slug"]),
        "result": result,
        "entries": redline_entries(result),
    }


def redline_entries(result: dict, context: int = 200) -> list[dict]:
    """The redline per aligned section; long unchanged runs inside a changed one trimmed."""
    out = []
    for entry in result.get("redline", []):
        ops = entry["ops"]
        changed = entry["kind"] not in ("same", "renumbered") and any(
            op[0] != "equal" for op in ops
        )
        pieces = []
        for i, op in enumerate(ops):
            tag, text = op[0], op[1]
            if tag == "equal" and changed and len(text) > 3 * context:
                head = "" if i == 0 else text[:context]
                tail = "" if i == len(ops) - 1 else text[-context:]
                text = f"{head} … {tail}"
            pieces.append({"tag": tag, "text": text})
        out.append(
            {
                "old_citation": entry["old_citation"],
                "new_citation": entry["new_citation"],
                "kind": entry["kind"],
                "changed": changed,
                "ops": pieces,
            }
        )
    return out


# -- matrix -------------------------------------------------------------------------------


def matrix_page(conn: sqlite3.Connection, args: dict[str, str]) -> dict:
    """Bills (latest scored version) by checklist items, filtered and sorted.

    ``args``: ``jurisdiction``, ``level``, ``session``, ``status`` (exact values),
    ``sort`` (``score``, ``bill`` or an item id) and ``desc`` (``1``/``0``).
    """
    items = checklist_items(conn)
    cv = items[0]["checklist_version"] if items else None
    filters = {k: check_text_param(k, args.get(k)) for k in MATRIX_FILTERS}
    sort = check_text_param("sort", args.get("sort")) or "score"
    item_ids = [i["id"] for i in items]
    if sort not in ("score", "bill", *item_ids):
        raise WebError(400, f"Cannot sort by {sort!r}: use score, bill or a checklist item id")
    desc_arg = check_text_param("desc", args.get("desc"))
    if desc_arg not in ("", "0", "1"):
        raise WebError(400, "desc must be 0 or 1")
    desc = desc_arg != "0" if desc_arg else sort != "bill"
    where, params = ["l.position = 1"], {"cv": cv}
    columns = {
        "jurisdiction": "b.jurisdiction_id",
        "level": "j.level",
        "session": "b.session",
        "status": "b.status",
    }
    for key, value in filters.items():
        if value:
            where.append(f"{columns[key]} = :{key}")
            params[key] = value
    bills = rows(
        conn,
        f"""with latest as (
              select v.bill_id, v.id as version_id, v.slug, v.label as version_label,
                row_number() over (
                  partition by v.bill_id order by v.ordinal desc, v.date desc) as position
              from versions v
              join version_scores vs on vs.version_id = v.id and vs.checklist_version = :cv
            )
            select b.id, b.identifier, b.title, b.jurisdiction_id, j.name as jurisdiction,
              j.level, b.session, b.status, l.version_id, l.slug, l.version_label, vs.score
            from latest l
            join bills b on b.id = l.bill_id
            left join jurisdictions j on j.id = b.jurisdiction_id
            join version_scores vs on vs.version_id = l.version_id and vs.checklist_version = :cv
            where {" and ".join(where)}
            order by b.id
            limit {MATRIX_LIMIT + 1}""",
        params,
    )
    truncated = len(bills) > MATRIX_LIMIT
    bills = bills[:MATRIX_LIMIT]
    labels: dict[str, dict[str, dict]] = {}
    if bills:
        ids = json.dumps([b["version_id"] for b in bills])
        for r in rows(
            conn,
            "select version_id, item_id, label, citation from scores "
            "where checklist_version = ? and version_id in (select value from json_each(?))",
            [cv, ids],
        ):
            labels.setdefault(r["version_id"], {})[r["item_id"]] = r
    for b in bills:
        found = labels.get(b["version_id"], {})
        b["cells"] = [
            {
                "item_id": i,
                "label": (found.get(i) or {}).get("label", "absent"),
                "citation": (found.get(i) or {}).get("citation"),
                "href": bill_url(b["id"], b["slug"], f"item-{i}"),
            }
            for i in item_ids
        ]
        b["href"] = bill_url(b["id"])
    bills.sort(key=_matrix_key(sort, item_ids), reverse=desc)
    options = {
        key: [
            r[0]
            for r in conn.execute(
                f"select distinct {columns[key]} from bills b "
                "left join jurisdictions j on j.id = b.jurisdiction_id "
                f"where {columns[key]} is not null order by 1"
            ).fetchall()
        ]
        for key in MATRIX_FILTERS
    }
    best: dict[str, float] = {}
    for b in bills:
        key = b["jurisdiction"] or b["jurisdiction_id"]
        best[key] = max(best.get(key, 0.0), b["score"] or 0.0)
    return {
        "items": items,
        "categories": [{"category": c, "items": g} for c, g in categories(items)],
        "bills": bills,
        "truncated": truncated,
        "filters": filters,
        "options": options,
        "sort": sort,
        "desc": desc,
        "checklist_version": cv,
        "by_jurisdiction": sorted(best.items(), key=lambda kv: (-kv[1], kv[0])),
    }


def _matrix_key(sort: str, item_ids: list[str]):
    if sort == "bill":
        return lambda b: b["id"]
    if sort == "score":
        return lambda b: (b["score"] or 0.0, b["id"])
    index = item_ids.index(sort)
    return lambda b: (LABEL_ORDER.get(b["cells"][index]["label"], -1), b["score"] or 0.0)


def matrix_csv(page: dict) -> str:
    """The matrix as CSV: one row per bill, one column per checklist item."""
    out = io.StringIO()
    writer = csv.writer(out)
    item_ids = [i["id"] for i in page["items"]]
    writer.writerow(
        ["bill_id", "identifier", "jurisdiction_id", "level", "session", "status"]
        + ["version_id", "score", *item_ids]
    )
    for b in page["bills"]:
        writer.writerow(
            [b["id"], b["identifier"], b["jurisdiction_id"], b["level"], b["session"]]
            + [b["status"], b["version_id"], b["score"], *(c["label"] for c in b["cells"])]
        )
    return out.getvalue()


def matrix_link(page: dict, **changes) -> str:
    """The matrix address with the current filters and sort, some of them changed."""
    args = {k: v for k, v in page["filters"].items() if v}
    args.update(sort=page["sort"], desc="1" if page["desc"] else "0")
    args.update({k: v for k, v in changes.items() if v is not None})
    return "/matrix?" + urllib.parse.urlencode(args)


# -- search -------------------------------------------------------------------------------


def fts_query(q: str) -> str:
    """A user's words as a safe FTS5 query: each word or "quoted phrase" quoted."""
    terms = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', q):
        term = (phrase or word).replace('"', "").strip()
        if term:
            terms.append('"' + term + '"')
    return " ".join(terms)


def highlight(snippet: str | None) -> str:
    """An FTS snippet (markers ``\\x02``/``\\x03``) as escaped HTML with ``<mark>``."""
    escaped = html.escape(snippet or "")
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def search_page(conn: sqlite3.Connection, q: str | None, limit: int = SEARCH_LIMIT) -> dict:
    """Bills, versions and sections matching ``q``, best first, with highlighted snippets."""
    q = check_text_param("q", q, limit=MAX_QUERY_CHARS)
    page = {"q": q, "bills": [], "versions": [], "sections": [], "available": True}
    match = fts_query(q)
    if not match:
        return page
    if not all(has_table(conn, f"{t}_fts") for t in ("bills", "versions", "sections")):
        page["available"] = False
        return page
    snip = f"char({ord(MARK_START)}), char({ord(MARK_END)}), '…'"
    page["bills"] = rows(
        conn,
        f"""select b.id, b.identifier, b.title, b.jurisdiction_id, b.session, b.status,
              snippet(bills_fts, 1, {snip}, 20) as snippet
            from bills_fts join bills b on b.rowid = bills_fts.rowid
            where bills_fts match ? order by rank limit ?""",
        [match, limit],
    )
    page["versions"] = rows(
        conn,
        f"""select v.id, v.bill_id, v.slug, v.label, v.date, b.identifier, b.title,
              snippet(versions_fts, 1, {snip}, 24) as snippet
            from versions_fts join versions v on v.rowid = versions_fts.rowid
            join bills b on b.id = v.bill_id
            where versions_fts match ? order by rank limit ?""",
        [match, limit],
    )
    page["sections"] = rows(
        conn,
        f"""select s.id, s.ordinal, s.citation, s.heading, v.bill_id, v.slug, v.label,
              b.identifier, snippet(sections_fts, 2, {snip}, 24) as snippet
            from sections_fts join sections s on s.rowid = sections_fts.rowid
            join versions v on v.id = s.version_id join bills b on b.id = v.bill_id
            where sections_fts match ? order by rank limit ?""",
        [match, limit],
    )
    for r in page["bills"]:
        r["href"] = bill_url(r["id"])
    for r in page["versions"]:
        r["href"] = bill_url(r["bill_id"], r["slug"])
    for r in page["sections"]:
        r["href"] = bill_url(r["bill_id"], r["slug"], section_anchor(r["ordinal"]))
    for group in ("bills", "versions", "sections"):
        for r in page[group]:
            r["snippet_html"] = highlight(r.pop("snippet"))
    return page


# -- draft scoring -----------------------------------------------------------------------


def nearest_corpus(conn: sqlite3.Connection, limit: int = NEAREST_CANDIDATES) -> list[dict]:
    """The latest version of each bill (capped), with its text cut for fuzzy matching."""
    return rows(
        conn,
        f"""with latest as (
              select v.id, v.bill_id, v.slug, v.label, substr(v.text, 1, {NEAREST_TEXT_CHARS}) as text,
                row_number() over (partition by v.bill_id order by v.ordinal desc, v.date desc)
                  as position
              from versions v)
            select l.id, l.bill_id, l.slug, l.label, l.text, b.identifier, b.title
            from latest l join bills b on b.id = l.bill_id
            where l.position = 1 order by b.updated desc, l.bill_id limit ?""",
        [limit],
    )


def nearest_bills(text: str, corpus: list[dict], limit: int = NEAREST_LIMIT) -> list[dict]:
    """The published versions most like ``text`` (rapidfuzz ``token_set_ratio``)."""
    if not corpus or not text.strip():
        return []
    choices = {n: c["text"] for n, c in enumerate(corpus)}
    found = process.extract(
        text[:NEAREST_TEXT_CHARS],
        choices,
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        limit=limit,
    )
    out = []
    for _, similarity, n in found:
        c = corpus[n]
        out.append(
            {
                "version_id": c["id"],
                "bill_id": c["bill_id"],
                "identifier": c["identifier"],
                "title": c["title"],
                "label": c["label"],
                "similarity": round(similarity, 1),
                "href": bill_url(c["bill_id"], c["slug"]),
            }
        )
    return out


def draft_page(text: str, checklist: Checklist, corpus: list[dict], *, source: str) -> dict:
    """Score a draft and find its nearest published bills; nothing is stored."""
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
    groups = []
    for category, group in categories(items):
        entries = []
        for item in group:
            j = card.get(item["id"])
            entries.append(
                {
                    **item,
                    "label": j.label,
                    "confidence": j.confidence,
                    "evidence": [
                        {"section": e.section, "quote": e.quote, "found": True, "href": None}
                        for e in j.evidence
                    ],
                }
            )
        groups.append({"category": category, "items": entries})
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
        "credit": LABEL_CREDIT,
    }


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
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart() or message.defects:
        raise WebError(400, "The multipart form could not be read")
    fields, files = {}, {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            if filename or payload:
                files[name] = Upload(filename, payload)
            continue
        try:
            fields[name] = payload.decode(part.get_content_charset() or "utf-8")
        except (UnicodeDecodeError, LookupError):
            raise WebError(400, f"The form field {name!r} is not UTF-8 text") from None
    return fields, files
