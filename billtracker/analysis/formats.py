"""Render scorecards for the terminal: a table or Markdown."""

from __future__ import annotations

SYMBOL = {"full": "●", "partial": "◐", "absent": "·"}


def scorecards_table(results: list[dict], checklist) -> str:
    """A plain-text table: one block per input, one line per item."""
    lines = []
    titles = {i.id: i.title for i in checklist.items}
    for r in results:
        direction = f"  direction: {r['direction']}" if r.get("direction") else ""
        lines.append(
            f"{r['source']}  score {r['score']:.1f}/100{direction}"
            f"  (checklist {r['checklist_version']})"
        )
        cats = "  ".join(f"{c} {v:.0f}" for c, v in r["categories"].items())
        lines.append(f"  categories: {cats}")
        for w in r.get("warnings", []):
            lines.append(f"  warning: {w}")
        for item in r["items"]:
            ev = item["evidence"][0] if item["evidence"] else None
            where = f"  [{ev['section']}] {_clip(ev['quote'], 70)}" if ev else ""
            lines.append(
                f"  {SYMBOL[item['label']]} {item['label']:<7} {item['confidence']:.2f}  "
                f"{item['id']:<26} {titles.get(item['id'], '')[:0]}{where}"
            )
            if "explanation" in item:
                lines.extend("      " + line for line in explain_lines(item))
        lines.append("")
    return "\n".join(lines)


def explain_lines(item: dict) -> list[str]:
    """An item's explanation in words: the rule, the readings, the phrasing matched."""
    ex = item["explanation"]
    lines = [f"why: {ex.get('rule', '')}"]
    for reading in item.get("readings", []):
        lines.append(f"reading [{reading['section']}]: {reading['text']}")
    if ex.get("cue"):
        where = ex.get("cue_from") or ex.get("section")
        lines.append(f"cue: “{_clip(ex['cue'], 90)}” (from {where})")
    if ex.get("exemplar"):
        lines.append(f"closest phrasing: “{ex['exemplar']}” ({ex.get('similarity', 0):.0f}/100)")
    if ex.get("rejected"):
        lines.append(f"rejected [{ex['rejected']['section']}]: {ex['rejected']['why']}")
    if ex.get("nearest"):
        near = ex["nearest"]
        lines.append(
            f"nearest [{near['section']}]: “{near['exemplar']}” ({near['similarity']:.0f}/100)"
        )
    for key in ("weakened", "doubt", "was"):
        if ex.get(key):
            lines.append(f"{key}: {ex[key]}")
    return lines


def scorecards_markdown(results: list[dict], checklist) -> str:
    """A Markdown report: a table per input with the evidence quoted."""
    titles = {i.id: i.title for i in checklist.items}
    out = []
    for r in results:
        out.append(
            f"## {r['source']}\n\nScore **{r['score']:.1f}**/100 (checklist {r['checklist_version']})\n"
        )
        out.append("| item | label | confidence | evidence |\n|---|---|---|---|")
        for item in r["items"]:
            ev = "; ".join(f"{e['section']}: “{_clip(e['quote'], 160)}”" for e in item["evidence"])
            out.append(
                f"| {titles.get(item['id'], item['id'])} (`{item['id']}`) | {item['label']} | "
                f"{item['confidence']:.2f} | {_md(ev)} |"
            )
        out.append("")
    return "\n".join(out)


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _md(text: str) -> str:
    return text.replace("|", "\\|")
