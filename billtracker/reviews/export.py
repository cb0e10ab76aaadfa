"""Reviews become gold data: reviewed labels in the columns of ``../shared/eval/labels.csv``.

``export(reviews_conn, published_conn, out, texts=DIR)`` writes one row per reviewed
(version, item), the latest review of each: ``doc`` (the version id made a file name),
``item``, ``label``, ``section`` (the citation of the section holding the quote), ``quote``
and ``note`` (the reason, who and when). With ``texts`` it also writes each reviewed
version's text as ``{doc}.txt``, so ``benchmarks/accuracy.py --labels OUT --texts DIR``
measures the comparator against the reviewers.
"""

from __future__ import annotations

import csv
import os
import re
import sqlite3
from pathlib import Path

from billtracker.reviews import storage

FIELDS = ("doc", "item", "label", "section", "quote", "note")


def doc_name(version_id: str) -> str:
    """A version id as a file name: ``ca/2017-2018/SB54@enrolled`` -> ``ca_2017-2018_SB54@enrolled``."""
    return re.sub(r"[^A-Za-z0-9@._-]+", "_", version_id)


def section_of(conn: sqlite3.Connection, version_id: str, start: int | None) -> str:
    """The citation of the section holding a character offset ("" when none does)."""
    if start is None:
        return ""
    found = conn.execute(
        "select citation from sections where version_id = ? and start <= ? and ? < end "
        "order by (end - start) limit 1",
        [version_id, start, start],
    ).fetchone()
    return (found[0] or "") if found else ""


def export(
    reviews_conn: sqlite3.Connection,
    published_conn: sqlite3.Connection,
    out: str | os.PathLike,
    *,
    texts: str | os.PathLike | None = None,
) -> dict:
    """Write the reviewed labels to ``out`` (and texts to ``texts``); counts of what was written."""
    current = storage.current(reviews_conn)
    written_texts = set()
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for r in current:
            doc = doc_name(r["version_id"])
            writer.writerow(
                {
                    "doc": doc,
                    "item": r["item_id"],
                    "label": r["to_label"],
                    "section": section_of(published_conn, r["version_id"], r["quote_start"]),
                    "quote": r["quote"] or "",
                    "note": f"{r['reason']} ({r['reviewer']}, {r['at'][:10]})",
                }
            )
            if texts is not None and doc not in written_texts:
                write_text(published_conn, r["version_id"], Path(texts) / f"{doc}.txt")
                written_texts.add(doc)
    return {"labels": len(current), "texts": len(written_texts)}


def write_text(conn: sqlite3.Connection, version_id: str, path: Path) -> None:
    found = conn.execute("select text from versions where id = ?", [version_id]).fetchone()
    if found is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(found[0], encoding="utf-8")
