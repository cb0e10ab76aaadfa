"""The reviews on the running site: who may review, and reviews read from Datasette's reviews database.

The pages call ``on_bill`` / ``on_matrix`` with one line each; the review routes live in
``plugins/billtracker_reviews.py``. A role is read from the ``billtracker-reviews``
plugin configuration by account id (``accounts.metadata_with_reviewers``), never from
the request.
"""

from __future__ import annotations

from billtracker.config import load_checklist
from billtracker.reviews import overlay, storage
from billtracker.reviews.queue import review_href

PLUGIN = "billtracker-reviews"
REVIEW = "billtracker-review"  # the permission to write a review
ADMIN = "billtracker-admin"  # the permission to see the accounts page


def config(datasette) -> dict:
    return datasette.plugin_config(PLUGIN) or {}


def role_of(datasette, actor: dict | None) -> str | None:
    """The configured role of a signed-in account (``reviewer`` or ``admin``), else None."""
    if not actor or not isinstance(actor.get("id"), str):
        return None
    entry = (config(datasette).get("reviewers") or {}).get(actor["id"]) or {}
    return entry.get("role")


def reviews_db(datasette):
    """Datasette's reviews database (``plugins.billtracker-reviews.database``, default ``reviews``)."""
    return datasette.databases.get(config(datasette).get("database") or "reviews")


async def current(datasette, version_ids: list[str] | None = None) -> list[dict]:
    """The latest review of each (version, item) of ``version_ids`` (all when None)."""
    db = reviews_db(datasette)
    if db is None:
        return []
    return await db.execute_fn(lambda conn: storage.current(conn, version_ids))


async def can_review(datasette, request) -> bool:
    actor = request.actor if request is not None else None
    return bool(actor) and await datasette.permission_allowed(actor, REVIEW, default=False)


async def on_bill(datasette, request, data: dict) -> dict:
    """The bill page's data with its version's reviews applied, and whether the visitor may review."""
    version = data.get("version")
    reviews = await current(datasette, [version["id"]]) if version else []
    data = overlay.bill(data, reviews, load_checklist())
    data["can_review"] = await can_review(datasette, request) and writable(datasette)
    if data["can_review"] and version:
        for entry in (e for g in data.get("scorecard", []) for e in g["items"]):
            entry["review_href"] = review_href(version["id"], entry["id"])
    return data


async def on_matrix(datasette, data: dict) -> dict:
    """The matrix's data with the reviews of each shown version applied."""
    ids = [b["version_id"] for b in data.get("bills", [])]
    return overlay.matrix(data, await current(datasette, ids) if ids else [], load_checklist())


def matrix_csv(data: dict, base_csv: str) -> str:
    return overlay.matrix_csv(data, base_csv)


def writable(datasette) -> bool:
    """True on the instance that takes reviews (its reviews database is mutable)."""
    db = reviews_db(datasette)
    return db is not None and db.is_mutable


async def agreement(datasette) -> dict:
    """How often the reviewers kept the comparator's label: ``reviews``, ``agreed``, ``share``."""
    found = [r for r in await current(datasette) if r["from_label"]]
    agreed = sum(1 for r in found if r["from_label"] == r["to_label"])
    share = round(agreed / len(found), 3) if found else None
    return {"reviews": len(found), "agreed": agreed, "share": share}
