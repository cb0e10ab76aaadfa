"""Put people's reviews over the comparator's labels on the bill page, the matrix and its CSV.

A reviewed label replaces the automatic one (which stays beside it as
``automatic_label``), carries who reviewed it, when and why, and is flagged ``recheck``
when the comparator's label has changed since the review. Scores are recomputed from the
reviewed labels (``compare.score.weighted_score``, the comparator's own formula).
"""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

from compare.checklist import Checklist
from compare.score import weighted_score


def mark(review: dict, automatic: str | None) -> dict:
    """What a page shows of a review: the label, who, when, why, and whether to re-check."""
    return {
        "label": review["to_label"],
        "automatic_label": automatic,
        "reviewer": review["reviewer"],
        "role": review["role"],
        "date": (review["at"] or "")[:10],
        "reason": review["reason"],
        "quote": review["quote"],
        "agrees": review["to_label"] == automatic,
        "recheck": review["from_label"] != automatic,
    }


def score(labels: dict[str, str], checklist: Checklist) -> float:
    """The 0-100 score of a set of labels by item id (missing items count as absent)."""
    judged = [
        SimpleNamespace(item_id=i.id, label=labels.get(i.id, "absent")) for i in checklist.items
    ]
    return weighted_score(judged, checklist)[0]


def by_key(reviews: list[dict]) -> dict[tuple[str, str], dict]:
    return {(r["version_id"], r["item_id"]): r for r in reviews}


def apply(labels: list[dict], version_id: str, id_key: str, found: dict) -> int:
    """Put the reviews of one version over its labelled entries (each a dict with the item id
    under ``id_key`` and a ``label``); the number of entries reviewed."""
    count = 0
    for entry in labels:
        review = found.get((version_id, entry[id_key]))
        if review is None:
            continue
        entry["review"] = mark(review, entry["label"])
        entry["automatic_label"] = entry["label"]
        entry["label"] = review["to_label"]
        count += 1
    return count


def bill(page: dict, reviews: list[dict], checklist: Checklist) -> dict:
    """The bill page with the current version's reviews applied (``page["reviewed"]``)."""
    version = page.get("version")
    found = by_key(reviews)
    entries = [e for g in page.get("scorecard", []) for e in g["items"]]
    count = apply(entries, version["id"], "id", found) if version else 0
    page["reviewed"] = {"count": count, "of": len(entries), "recheck": 0}
    if count:
        page["reviewed"]["recheck"] = sum(1 for e in entries if e.get("review", {}).get("recheck"))
        page["reviewed"]["automatic_score"] = version.get("score")
        version["score"] = score({e["id"]: e["label"] for e in entries}, checklist)
        page["counts"] = {k: sum(1 for e in entries if e["label"] == k) for k in page["counts"]}
    return page


def matrix(page: dict, reviews: list[dict], checklist: Checklist) -> dict:
    """The matrix with reviews applied to each bill's shown version; scores recomputed."""
    found = by_key(reviews)
    for b in page.get("bills", []):
        reviewed = apply(b["cells"], b["version_id"], "item_id", found)
        b["reviewed"] = reviewed
        if reviewed:
            b["automatic_score"] = b["score"]
            b["score"] = score({c["item_id"]: c["label"] for c in b["cells"]}, checklist)
    return page


def matrix_csv(page: dict, base_csv: str) -> str:
    """The matrix CSV with two more columns: ``automatic_score`` and ``reviewed`` (per item:
    ``item=label (automatic: x; by reviewer, date)``)."""
    rows = list(csv.reader(io.StringIO(base_csv)))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*rows[0], "automatic_score", "reviewed"])
    for row, b in zip(rows[1:], page.get("bills", []), strict=True):
        notes = [
            f"{c['item_id']}={c['label']} (automatic: {c['review']['automatic_label']}; "
            f"by {c['review']['reviewer']}, {c['review']['date']})"
            for c in b["cells"]
            if "review" in c
        ]
        writer.writerow([*row, b.get("automatic_score", b["score"]), "; ".join(notes)])
    return out.getvalue()
