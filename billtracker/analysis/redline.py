"""One redline view-model for every way a diff is shown: terminal, standalone page, /compare.

:func:`redline_view` turns a ``compare.diff.diff_texts`` result into entries, one per
aligned pair of sections, with long unchanged runs inside a changed section trimmed to
``CONTEXT`` characters each side of the change, and each side of the side-by-side view.
:func:`redline_page` adds the item changes with links to the rows they cite. The
renderers only lay these out: :func:`render_text` for a terminal, :func:`render_html`
with the Jinja template ``templates/redline.html`` (autoescaped), and the ``/compare``
page with ``templates/compare.html``.
"""

from __future__ import annotations

from billtracker import templates

CONTEXT = 200
UNCHANGED = ("same", "renumbered")
RED_STRIKE = "\x1b[31;9m"
GREEN = "\x1b[32;4m"
BOLD = "\x1b[1m"
RESET = "\x1b[0m"


def has_change(ops: list) -> bool:
    """True when redline ops insert or delete anything (struck in both texts is no change)."""
    return any(op[0] != "equal" and not (len(op) > 2 and op[2] == "both") for op in ops)


def trim(text: str, *, first: bool, last: bool, context: int = CONTEXT) -> str:
    """A long unchanged run keeps ``context`` characters next to the changes around it."""
    if len(text) <= 3 * context:
        return text
    head = "" if first else text[:context]
    tail = "" if last else text[-context:]
    return f"{head} … {tail}"


def redline_view(result: dict, context: int = CONTEXT) -> list[dict]:
    """The redline entries of a diff: ``old_citation``, ``new_citation``, ``kind``,
    ``changed``, ``anchor``, ``ops`` (``tag``, ``text``, ``side``; equal runs of a changed
    entry trimmed), ``left`` and ``right`` (the ops each side of a side-by-side view)."""
    out = []
    for n, entry in enumerate(result.get("redline", [])):
        raw = entry["ops"]
        changed = entry["kind"] not in UNCHANGED and has_change(raw)
        ops = []
        for i, op in enumerate(raw):
            tag, text, side = op[0], op[1], op[2] if len(op) > 2 else ""
            if tag == "equal" and changed:
                text = trim(text, first=i == 0, last=i == len(raw) - 1, context=context)
            ops.append({"tag": tag, "text": text, "side": side})
        out.append(
            {
                "old_citation": entry["old_citation"],
                "new_citation": entry["new_citation"],
                "kind": entry["kind"],
                "changed": changed,
                "anchor": f"s{n}",
                "ops": ops,
                "left": [o for o in ops if o["tag"] == "equal" or _struck_in(o, "a")],
                "right": [o for o in ops if o["tag"] != "delete" or _struck_in(o, "b")],
            }
        )
    return out


def _struck_in(op: dict, side: str) -> bool:
    """A delete shown struck in text ``a`` (old) or ``b`` (new)."""
    if op["tag"] != "delete":
        return False
    return op["side"] in (("", "both") if side == "a" else ("b", "both"))


def redline_page(result: dict) -> dict:
    """The diff, its redline entries, and its item changes with links to cited rows."""
    entries = redline_view(result)
    anchors = {"old": {}, "new": {}}
    for prefer_changed in (True, False):
        for entry in entries:
            if prefer_changed and entry["kind"] in UNCHANGED:
                continue
            for side in ("old", "new"):
                cite = entry[f"{side}_citation"]
                if cite is not None:
                    anchors[side].setdefault(cite, entry["anchor"])
    changes = []
    for c in result["item_changes"]:
        links = [
            {
                "text": f"{result[x]['label']} {cite or '(preamble)'}",
                "href": anchors[side].get(cite),
            }
            for side, x, key in (("old", "a", "old_sections"), ("new", "b", "new_sections"))
            for cite in c.get(key, [])
        ]
        changes.append({**c, "links": links})
    return {**result, "entries": entries, "changes": changes}


# -- renderers ----------------------------------------------------------------------


def render_text(result: dict, color: bool = False) -> str:
    """A terminal redline: item changes first, then each changed section.

    With ``color``, deletions are red and struck through and insertions green and underlined
    (ANSI); without, deletions print as ``[-text-]`` and insertions as ``{+text+}``.
    """
    a, b = result["a"], result["b"]
    bold = (lambda s: f"{BOLD}{s}{RESET}") if color else (lambda s: s)
    lines = [
        bold(f"{a['label']} -> {b['label']}"),
        f"score {result['scores']['a']} -> {result['scores']['b']} "
        f"({result['score_change']['overall']:+.1f})",
        "",
        result["summary"],
    ]
    if result["identical"]:
        return "\n".join(lines) + "\n"
    if result["item_changes"]:
        lines += ["", bold("Checklist items that changed:")]
        for c in result["item_changes"]:
            where = f"  [{'; '.join(c['sections'])}]" if c["sections"] else ""
            mark = "-" if c["effect"] == "weaker" else "+"
            lines.append(f"  {mark} {c['title']} ({c['id']}): {c['from']} -> {c['to']}{where}")
            for side in ("old", "new"):
                if c.get(f"{side}_reading"):
                    lines.append(f"      {side}: {c[f'{side}_reading']}")
    for entry in redline_view(result):
        if not entry["changed"] and entry["kind"] not in ("changed", "inserted", "deleted"):
            continue
        head = f"{entry['old_citation'] or '-'} -> {entry['new_citation'] or '-'} ({entry['kind']})"
        lines += ["", bold(f"== {head} =="), _ops_text(entry["ops"], color)]
    return "\n".join(lines).rstrip() + "\n"


def _ops_text(ops: list[dict], color: bool) -> str:
    parts = []
    for op in ops:
        text = op["text"]
        if op["tag"] == "equal":
            parts.append(text)
        elif op["tag"] == "delete":
            parts.append(f"{RED_STRIKE}{text}{RESET}" if color else f"[-{text.rstrip()}-] ")
        else:
            parts.append(f"{GREEN}{text}{RESET}" if color else f"{{+{text.rstrip()}+}} ")
    return "".join(parts).rstrip()


def render_html(result: dict) -> str:
    """A standalone page: summary and item changes at the top, then a side-by-side redline
    (``templates/redline.html``; every piece of text is escaped by Jinja)."""
    return templates.render("redline.html", page=redline_page(result))
