"""Check a submitted review against the published database before anything is written.

``check_review(conn, form, actor)`` returns the row ``storage.append`` writes, or raises
``WebError`` with a 4xx status and a sentence naming the problem: an unknown version or
item, a label that is not full / partial / absent, an empty or over-long reason, a missing
quote for a present label, or a quote that is not verbatim in the version's text (the rule
the comparator's own evidence keeps).
"""

from __future__ import annotations

import sqlite3

from billtracker.publishing.pages.views import WebError, checklist_version
from billtracker.reviews.storage import LABELS

MAX_REASON = 2000
MAX_QUOTE = 2000
MAX_ID = 300


def field(form: dict, name: str, limit: int, *, required: bool = True) -> str:
    """A stripped form field, refused when missing (if required), too long or holding NULs."""
    value = (form.get(name) or "").strip()
    if required and not value:
        raise WebError(400, f"{name} is required")
    if len(value) > limit:
        raise WebError(413, f"{name} is too long ({len(value):,} characters; at most {limit:,})")
    if "\x00" in value:
        raise WebError(400, f"{name} holds a NUL character")
    return value


def check_review(conn: sqlite3.Connection, form: dict, actor: dict) -> dict:
    """The review row for ``form`` (``version``, ``item``, ``label``, ``reason``, ``quote``)."""
    version_id = field(form, "version", MAX_ID)
    item_id = field(form, "item", MAX_ID)
    label = field(form, "label", 20)
    reason = field(form, "reason", MAX_REASON)
    quote = field(form, "quote", MAX_QUOTE, required=False)
    if label not in LABELS:
        raise WebError(400, f"label must be one of {', '.join(LABELS)}, not {label!r}")
    found = conn.execute(
        "select bill_id, text, text_hash from versions where id = ?", [version_id]
    ).fetchone()
    if found is None:
        raise WebError(404, f"No version with id {version_id!r}")
    bill_id, text, text_hash = found
    if conn.execute("select 1 from checklist_items where id = ?", [item_id]).fetchone() is None:
        raise WebError(404, f"No checklist item with id {item_id!r}")
    cv = checklist_version(conn)
    auto = conn.execute(
        "select label, quote from scores where version_id = ? and item_id = ? "
        "and checklist_version = ?",
        [version_id, item_id, cv],
    ).fetchone()
    from_label, auto_quote = auto if auto else (None, None)
    if label != "absent" and not quote and label == from_label and auto_quote:
        quote = auto_quote  # confirming a present label keeps the comparator's evidence
    if label != "absent" and not quote:
        raise WebError(400, f"a {label} label needs the quote that carries it")
    start = text.find(quote) if quote else None
    if quote and start < 0:
        raise WebError(400, "the quote is not verbatim in this version's text")
    return {
        "reviewer": actor["id"],
        "role": actor.get("role") or "reviewer",
        "bill_id": bill_id,
        "version_id": version_id,
        "item_id": item_id,
        "text_hash": text_hash,
        "checklist_version": cv,
        "from_label": from_label,
        "to_label": label,
        "reason": reason,
        "quote": quote if label != "absent" else None,
        "quote_start": start if label != "absent" else None,
    }
