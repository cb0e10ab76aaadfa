"""Compare two versions of a bill: aligned sections, a redline, and what changed on the checklist.

``diff_texts(a_text, b_text, checklist)`` is pure (no I/O) and returns a JSON-able dict:

- ``a`` / ``b``: ``{"label", "chars", "sections", "score"}`` for each side;
- ``identical``: True when the texts are the same up to whitespace;
- ``alignment``: one entry per aligned pair, in reading order of ``b``:
  ``{"old", "new", "old_citation", "new_citation", "kind", "similarity"}`` (``old``/``new``
  are section ordinals or None; kinds are those of ``compare.align``);
- ``redline``: one entry per alignment entry (same order): ``{"old_citation",
  "new_citation", "kind", "ops": [[tag, text], ...]}`` with tags equal/insert/delete; a
  delete of matter that ``b`` prints struck carries a third element, ``"b"`` (newly struck) or
  ``"both"`` (struck in both texts: no change);
- ``item_changes``: only the checklist items whose label differs:
  ``{"id", "title", "from", "to", "effect", "weakening_item", "sections", "old_sections",
  "new_sections", "old_reading", "new_reading", "why"}``; the readings say in words what
  the provision carrying the item does in each text, and ``why`` the rule behind the new
  label; ``sections`` are the citations of the evidence behind the change (in
  ``a`` for what was lost, in ``b`` for what was gained), those in changed sections first;
  ``old_sections``/``new_sections`` say which text each citation is in; ``effect`` is
  "stronger" or "weaker" for the bill's protections;
- ``score_change``: ``{"overall": b - a, "categories": {category: b - a}}``;
- ``scores``: ``{"a": score, "b": score}``;
- ``sections_changed``: pairs that are not ``same`` or ``renumbered``;
- ``summary``: one plain-English paragraph, naming items by their checklist titles.
"""

from __future__ import annotations

import bisect

from . import markup
from .align import align_sections
from .checklist import Checklist
from .redline import Token, changed, redline_tokens, tokenize
from .score import LABEL_CREDIT, Scorecard, score_text
from .sections import split_sections

UNCHANGED = ("same", "renumbered")


def same_text(a: str, b: str) -> bool:
    """True when two texts differ at most in whitespace."""
    return a.split() == b.split()


def diff_texts(
    a_text: str,
    b_text: str,
    checklist: Checklist,
    *,
    a_label: str = "A",
    b_label: str = "B",
    a_card: Scorecard | None = None,
    b_card: Scorecard | None = None,
) -> dict:
    """Compare two texts (see module docstring). Scorecards may be passed in when known."""
    identical = same_text(a_text, b_text)
    sec_a, sec_b = split_sections(a_text), split_sections(b_text)
    pairs = align_sections(sec_a, sec_b)
    tok_a, tok_b = _tokens(a_text), _tokens(b_text)
    starts_a, starts_b = [t.start for t in tok_a], [t.start for t in tok_b]

    alignment, redline, changed_a, changed_b = [], [], set(), set()
    for p in pairs:
        sa = sec_a[p.old] if p.old is not None else None
        sb = sec_b[p.new] if p.new is not None else None
        ta = _slice(tok_a, starts_a, sa)
        tb = _slice(tok_b, starts_b, sb)
        ops = redline_tokens(ta, tb)
        kind = p.kind
        if identical and kind not in UNCHANGED:
            kind = "same"
        old_cite = sa.citation if sa else None
        new_cite = sb.citation if sb else None
        if kind not in UNCHANGED and changed(ops):
            if old_cite is not None:
                changed_a.add(old_cite)
            if new_cite is not None:
                changed_b.add(new_cite)
        alignment.append(
            {
                "old": sa.ordinal if sa else None,
                "new": sb.ordinal if sb else None,
                "old_citation": old_cite,
                "new_citation": new_cite,
                "kind": kind,
                "similarity": p.similarity,
            }
        )
        redline.append(
            {
                "old_citation": old_cite,
                "new_citation": new_cite,
                "kind": kind,
                "ops": [[op.tag, op.text, op.side] if op.side else [op.tag, op.text] for op in ops],
            }
        )

    card_a = a_card or score_text(a_text, checklist)
    card_b = b_card or (card_a if identical else score_text(b_text, checklist))
    item_changes = _item_changes(card_a, card_b, checklist, changed_a, changed_b)
    score_change = {
        "overall": round(card_b.score - card_a.score, 1),
        "categories": {
            c: round(card_b.categories.get(c, 0.0) - card_a.categories.get(c, 0.0), 1)
            for c in checklist.categories
        },
    }
    sections_changed = sum(1 for e in alignment if e["kind"] not in UNCHANGED)
    result = {
        "a": {
            "label": a_label,
            "chars": len(a_text),
            "sections": len(sec_a),
            "score": card_a.score,
        },
        "b": {
            "label": b_label,
            "chars": len(b_text),
            "sections": len(sec_b),
            "score": card_b.score,
        },
        "identical": identical,
        "checklist_version": checklist.version,
        "alignment": alignment,
        "redline": redline,
        "item_changes": item_changes,
        "score_change": score_change,
        "scores": {"a": card_a.score, "b": card_b.score},
        "sections_changed": sections_changed,
    }
    result["summary"] = summarize(result, a_text=a_text, b_text=b_text)
    return result


def _tokens(text: str) -> list[Token]:
    style = markup.detect_style(text) if text else "plain"
    return tokenize(text, style) if text else []


def _slice(tokens: list[Token], starts: list[int], section) -> list[Token]:
    """The tokens that start inside a section."""
    if section is None:
        return []
    return tokens[
        bisect.bisect_left(starts, section.start) : bisect.bisect_left(starts, section.end)
    ]


def _credit(label: str, weakening: bool) -> float:
    """How much a label protects: a weakening item's presence counts against."""
    value = LABEL_CREDIT.get(label, 0.0)
    return -value if weakening else value


def _item_changes(card_a, card_b, checklist, changed_a: set, changed_b: set) -> list[dict]:
    out = []
    for item in checklist.items:
        ja, jb = card_a.get(item.id), card_b.get(item.id)
        if ja.label == jb.label:
            continue
        old_cites = _cites(ja, changed_a)
        new_cites = _cites(jb, changed_b)
        cites = [c for c in old_cites if c in changed_a] + [c for c in new_cites if c in changed_b]
        cites += [c for c in old_cites + new_cites if c not in cites]
        delta = _credit(jb.label, item.weakening) - _credit(ja.label, item.weakening)
        out.append(
            {
                "id": item.id,
                "title": item.title,
                "from": ja.label,
                "to": jb.label,
                "effect": "stronger" if delta > 0 else "weaker",
                "weakening_item": item.weakening,
                "sections": list(dict.fromkeys(cites)),
                "old_sections": old_cites,
                "new_sections": new_cites,
                "old_reading": ja.readings[0].describe() if ja.readings else "",
                "new_reading": jb.readings[0].describe() if jb.readings else "",
                "why": jb.explanation.get("rule", ""),
            }
        )
    return out


def _cites(judgement, changed: set) -> list[str]:
    """Evidence citations of a judgement, those in changed sections first."""
    cites = [e.section for e in judgement.evidence]
    return list(dict.fromkeys([c for c in cites if c in changed] + cites))


def _phrase(change: dict) -> str:
    """'removed “title” (Sec. 1)' and the like, for the summary."""
    title = f"“{change['title']}”"
    a, b = change["from"], change["to"]
    if change.get("weakening_item"):
        if a == "absent":
            verb = f"added a carve-out, {title}"
        elif b == "absent":
            verb = f"removed the carve-out {title}"
        elif b == "full":
            verb = f"broadened the carve-out {title} (partial to full)"
        else:
            verb = f"narrowed the carve-out {title} (full to partial)"
    elif a == "absent":
        verb = f"added {title}" + (" in part" if b == "partial" else "")
    elif b == "absent":
        verb = f"removed {title}"
    elif b == "partial":
        verb = f"weakened {title} (full to partial)"
    else:
        verb = f"strengthened {title} (partial to full)"
    cites = change["sections"][:3]
    return verb + (f" ({'; '.join(cites)})" if cites else "")


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def summarize(result: dict, *, a_text: str = "", b_text: str = "") -> str:
    """One plain-English paragraph describing a ``diff_texts`` result."""
    a, b = result["a"]["label"], result["b"]["label"]
    sa, sb = result["scores"]["a"], result["scores"]["b"]
    if result["identical"]:
        return (
            f"{a} and {b} are identical (apart from whitespace): no words, sections or checklist "
            f"items changed, and the score stays {sa}."
        )
    lead = ""
    if not a_text.strip() or not b_text.strip():
        empty, other = (a, b) if not a_text.strip() else (b, a)
        lead = (
            f"{empty} is empty, so all of {other} shows as {'added' if empty == a else 'removed'}. "
        )
    changes = result["item_changes"]
    weaker = [c for c in changes if c["effect"] == "weaker"]
    stronger = [c for c in changes if c["effect"] == "stronger"]
    kinds: dict[str, int] = {}
    for e in result["alignment"]:
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    if changes:
        body = (
            f"Going from {a} to {b}, the text "
            + _join([_phrase(c) for c in weaker + stronger])
            + "."
        )
    else:
        body = (
            f"Going from {a} to {b}, the wording changed but no checklist item changed its label."
        )
    delta = result["score_change"]["overall"]
    if delta:
        trend = "weaker" if delta < 0 else "stronger"
        body += f" The score went from {sa} to {sb} ({delta:+.1f}), so {b} is {trend} than {a}."
    else:
        body += f" The score stays {sb}."
    parts = [
        f"{kinds[k]} {label}"
        for k, label in (
            ("changed", "changed"),
            ("inserted", "added"),
            ("deleted", "removed"),
            ("moved", "moved"),
            ("renumbered", "renumbered"),
            ("split", "split pieces"),
            ("merged", "merged pieces"),
        )
        if kinds.get(k)
    ]
    if parts:
        body += f" Sections: {_join(parts)}; {kinds.get('same', 0)} unchanged."
    return lead + body
