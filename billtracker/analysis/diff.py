"""Compare versions and drafts: resolve what to compare, render the result, diff the database.

- ``resolve(db, ref)`` -> ``(label, text)`` for a file path, a version id (``bill@slug``) or a
  bill id (its latest version);
- ``render_text(result, color)`` and ``render_html(result)`` render a
  ``compare.diff.diff_texts`` result for a terminal or as a standalone web page;
- ``diff_database(db, checklist)`` diffs consecutive versions of every bill and records the
  changes users should hear about (an amendment that weakens a bill among them).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from billtracker import storage
from billtracker.analysis.scorecards import load_scorecard
from billtracker.errors import NotFound
from billtracker.text.extract import is_supported, read_text
from compare.checklist import Checklist
from compare.diff import diff_texts

RED_STRIKE = "\x1b[31;9m"
GREEN = "\x1b[32;4m"
BOLD = "\x1b[1m"
DIM = "\x1b[2m"
RESET = "\x1b[0m"
CONTEXT = 160


# -- resolving what to compare ----------------------------------------------------


def resolve(db, ref: str) -> tuple[str, str]:
    """``(label, text)`` for a file path, a version id ``bill/id@slug`` or a bill id.

    A bill id gives its latest version (highest ordinal). Anything else raises ``NotFound``;
    a file that exists but cannot be read raises ``InputError`` (from ``textio``).
    """
    ref = str(ref)
    path = Path(ref)
    if path.is_file() or (path.exists() and path.is_dir()):
        return ref, read_text(path)
    if db is not None and db.table("versions").exists():
        row = db.execute("select id, text from versions where id = ?", [ref]).fetchone()
        if row:
            return row[0], row[1]
        latest = storage.latest_version(db, ref)
        if latest:
            return latest, storage.version_text(db, latest)
        if db.execute("select 1 from bills where id = ?", [ref]).fetchone():
            raise NotFound(f"{ref}: bill has no stored versions to compare")
    if "@" in ref:
        raise NotFound(f"{ref}: no such version in the database")
    if is_supported(ref):
        raise NotFound(f"{ref}: no such file, and no bill or version with that id in the database")
    raise NotFound(f"{ref}: not a file, a version id (bill@slug) or a bill id in the database")


# -- terminal ---------------------------------------------------------------------


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
    for entry in result["redline"]:
        if entry["kind"] in ("same", "renumbered"):
            continue
        ops = entry["ops"]
        if entry["kind"] in ("moved", "split", "merged") and not _has_change(ops):
            continue
        head = f"{entry['old_citation'] or '-'} -> {entry['new_citation'] or '-'} ({entry['kind']})"
        lines += ["", bold(f"== {head} ==")]
        lines.append(_ops_text(ops, color))
    return "\n".join(lines).rstrip() + "\n"


def _has_change(ops: list) -> bool:
    """True when JSON redline ops insert or delete anything (struck-in-both is no change)."""
    return any(op[0] != "equal" and not (len(op) > 2 and op[2] == "both") for op in ops)


def _ops_text(ops: list, color: bool) -> str:
    parts = []
    for i, op in enumerate(ops):
        tag, text = op[0], op[1]
        if tag == "equal":
            parts.append(_trim(text, first=i == 0, last=i == len(ops) - 1))
        elif tag == "delete":
            parts.append(f"{RED_STRIKE}{text}{RESET}" if color else f"[-{text.rstrip()}-] ")
        else:
            parts.append(f"{GREEN}{text}{RESET}" if color else f"{{+{text.rstrip()}+}} ")
    return "".join(parts).rstrip()


def _trim(text: str, *, first: bool, last: bool) -> str:
    """Long unchanged runs keep only some context around the changes."""
    if len(text) <= 3 * CONTEXT:
        return text
    head = "" if first else text[:CONTEXT]
    tail = "" if last else text[-CONTEXT:]
    return f"{head} … {tail}"


# -- HTML -------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222;line-height:1.45}
h1{font-size:1.3rem} .summary{max-width:70rem;background:#f5f5f0;padding:.8rem 1rem;border-radius:6px}
table{border-collapse:collapse;width:100%} td,th{vertical-align:top;border-top:1px solid #ddd;padding:.4rem .6rem}
table.redline td{width:50%;white-space:pre-wrap;font-family:Georgia,serif;font-size:.93rem}
.cite{font-family:system-ui,sans-serif;font-size:.8rem;color:#555;display:block;margin-bottom:.2rem}
.cite a{color:#555}
del{background:#fdd;color:#900;text-decoration:line-through} ins{background:#dfd;color:#060;text-decoration:underline}
tr.same td{color:#777} .kind{font-size:.75rem;background:#eee;border-radius:3px;padding:0 .3rem}
.weaker{color:#a00} .stronger{color:#060} table.items td,table.items th{text-align:left}
"""


def render_html(result: dict) -> str:
    """A standalone page: summary and item changes at the top, then a side-by-side redline.

    Every piece of bill text, label and citation is escaped with ``html.escape``; the page has
    no scripts of its own.
    """
    e = html.escape
    a, b = result["a"], result["b"]
    anchors = _anchors(result)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(a['label'])} → {e(b['label'])}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{e(a['label'])} → {e(b['label'])}</h1>",
        f"<p>Score {e(str(result['scores']['a']))} → {e(str(result['scores']['b']))} "
        f"({result['score_change']['overall']:+.1f})</p>",
        f'<p class="summary">{e(result["summary"])}</p>',
    ]
    if result["item_changes"]:
        out.append('<h2>Checklist items that changed</h2><table class="items">')
        out.append("<tr><th>Item</th><th>From</th><th>To</th><th>Sections</th></tr>")
        for c in result["item_changes"]:
            links = ", ".join(
                [_link(anchors["old"], s, f"{a['label']} ") for s in c.get("old_sections", [])]
                + [_link(anchors["new"], s, f"{b['label']} ") for s in c.get("new_sections", [])]
            ) or e(", ".join(c["sections"]))
            out.append(
                f'<tr class="{e(c["effect"])}"><td>{e(c["title"])} <small>({e(c["id"])})</small></td>'
                f"<td>{e(c['from'])}</td><td>{e(c['to'])}</td><td>{links}</td></tr>"
            )
        out.append("</table>")
    out.append('<h2>Text</h2><table class="redline">')
    out.append(f"<tr><th>{e(a['label'])}</th><th>{e(b['label'])}</th></tr>")
    for n, entry in enumerate(result["redline"]):
        kind = entry["kind"]
        left, right = [], []
        for op in entry["ops"]:
            tag, text = op[0], e(op[1])
            side = op[2] if len(op) > 2 else ""
            if tag == "equal":
                left.append(text)
                right.append(text)
            elif tag == "delete":
                if side in ("", "both"):
                    left.append(f"<del>{text}</del>")
                if side in ("b", "both"):
                    right.append(f"<del>{text}</del>")
            else:
                right.append(f"<ins>{text}</ins>")
        cls = "same" if kind in ("same", "renumbered") else "changed"
        old_c, new_c = entry["old_citation"], entry["new_citation"]
        out.append(
            f'<tr id="s{n}" class="{cls}">'
            f'<td><span class="cite">{_cite_html(old_c, n)} <span class="kind">{e(kind)}</span></span>'
            f"{''.join(left)}</td>"
            f'<td><span class="cite">{_cite_html(new_c, n)}</span>{"".join(right)}</td></tr>'
        )
    out.append("</table></body></html>")
    return "\n".join(out) + "\n"


def _cite_html(cite: str | None, n: int) -> str:
    if cite is None:
        return "—"
    return f'<a href="#s{n}">{html.escape(cite or "(preamble)")}</a>'


def _anchors(result: dict) -> dict[str, dict[str, str]]:
    """{"old"|"new": citation -> row anchor}, changed rows preferred."""
    out: dict[str, dict[str, str]] = {"old": {}, "new": {}}
    for prefer_changed in (True, False):
        for n, entry in enumerate(result["redline"]):
            if prefer_changed and entry["kind"] in ("same", "renumbered"):
                continue
            for side in ("old", "new"):
                cite = entry[f"{side}_citation"]
                if cite is not None and cite not in out[side]:
                    out[side][cite] = f"s{n}"
    return out


def _link(anchors: dict[str, str], cite: str, prefix: str) -> str:
    text = html.escape(prefix + (cite or "(preamble)"))
    return f'<a href="#{anchors[cite]}">{text}</a>' if cite in anchors else text


# -- the database job ---------------------------------------------------------------


def diff_versions(conn, va: str, vb: str, checklist: Checklist, *, texts=None) -> dict:
    """``diff_texts`` of two stored versions, with their stored scorecards (scored once).

    ``conn`` is a ``sqlite3.Connection`` or ``sqlite_utils.Database``; ``texts`` the two
    texts when the caller has them. A version without a stored scorecard is scored here.
    """
    ta, tb = texts or (storage.version_text(conn, va), storage.version_text(conn, vb))
    return diff_texts(
        ta,
        tb,
        checklist,
        a_label=va,
        b_label=vb,
        a_card=load_scorecard(conn, va, checklist),
        b_card=load_scorecard(conn, vb, checklist),
    )


def diff_refs(db, a: str, b: str, checklist: Checklist) -> dict:
    """Diff two files, version ids or bill ids (see :func:`resolve`)."""
    (la, ta), (lb, tb) = resolve(db, a), resolve(db, b)
    if db is not None and db.table("versions").exists():
        return diff_versions(db, la, lb, checklist, texts=(ta, tb))
    return diff_texts(ta, tb, checklist, a_label=la, b_label=lb)


def pending_pairs(db, checklist_version: str) -> list[tuple[str, str, str]]:
    """(bill_id, from_version, to_version) of consecutive versions not yet diffed."""
    rows = db.execute(
        "select bill_id, id from versions order by bill_id, ordinal, date, id"
    ).fetchall()
    done = {
        (r[0], r[1])
        for r in db.execute(
            "select from_version, to_version from version_diffs where checklist_version = ?",
            [checklist_version],
        ).fetchall()
    }
    out = []
    for (bill_a, va), (bill_b, vb) in zip(rows, rows[1:], strict=False):
        if bill_a == bill_b and (va, vb) not in done:
            out.append((bill_a, va, vb))
    return out


def diff_database(
    db, checklist: Checklist, *, progress: Callable[[str], None] | None = None
) -> int:
    """Diff consecutive versions of every bill not yet diffed for this checklist version.

    Stores a ``version_diffs`` row per pair and records changes: ``item_lost`` /
    ``item_gained`` per item whose presence changed, ``weakened`` per item that got weaker in
    place and once for the amendment when it weakens the bill (score down or a protection
    lost), else ``score_change`` when the score moved. Returns how many pairs were diffed.
    """
    pending = pending_pairs(db, checklist.version)
    for n, (bill_id, va, vb) in enumerate(pending, 1):
        result = diff_versions(db, va, vb, checklist)
        with db.atomic():
            storage.save_diff(db, bill_id, va, vb, checklist.version, result)
            _record(db, bill_id, va, vb, result)
        if progress:
            progress(
                f"[{n}/{len(pending)}] {va} -> {vb}: {len(result['item_changes'])} item changes, "
                f"score {result['score_change']['overall']:+.1f}"
            )
    return len(pending)


def _record(db, bill_id: str, va: str, vb: str, result: dict) -> None:
    weaker = False
    for c in result["item_changes"]:
        if c["to"] == "absent":
            kind = "item_lost"
        elif c["from"] == "absent":
            kind = "item_gained"
        else:
            kind = "weakened" if c["effect"] == "weaker" else "item_gained"
        weaker = weaker or c["effect"] == "weaker"
        verb = "weaker" if c["effect"] == "weaker" else "stronger"
        storage.record_change(
            db,
            bill_id=bill_id,
            version_id=vb,
            kind=kind,
            item_id=c["id"],
            detail=f"{va} -> {vb}: {c['title']}: {c['from']} -> {c['to']} ({verb})",
        )
    delta = result["score_change"]["overall"]
    if delta < 0 or (weaker and delta <= 0):
        kind = "weakened"
    elif delta:
        kind = "score_change"
    else:
        return
    storage.record_change(
        db,
        bill_id=bill_id,
        version_id=vb,
        kind=kind,
        detail=f"{va} -> {vb}: score {result['scores']['a']} -> {result['scores']['b']} "
        f"({delta:+.1f}). {_first_sentence(result['summary'])}",
    )


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?\.)(?:\s|$)", text)
    return m.group(1) if m else text
