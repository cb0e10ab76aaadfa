"""The ``matrix_rows`` table: one row per bill (its latest scored version), ready to page.

The published database never changes, so the matrix is built once, at publish time,
instead of scanning ``latest_scored_versions`` and ``scores`` on every request. Each
row holds the bill's filters (jurisdiction, level, session, status, stage, on topic),
its score and direction, and ``cells``: the labels and citations of every checklist
item, in checklist order, as JSON, with ``ranks`` (one digit per item, 2 full,
1 partial, 0 absent) to sort by an item. Indexes serve the page's filters and sort.
"""

from __future__ import annotations

import json
import sqlite3

from billtracker.analysis.stage import stage

TABLE = "matrix_rows"
COLUMNS = (
    "bill_id text primary key, identifier text, title text, jurisdiction_id text,"
    " jurisdiction text, level text, state text, session text, status text, stage text,"
    " version_id text, slug text, version_label text, score real, direction text,"
    " on_topic integer, checklist_version text, ranks text, cells text"
)
INDEXES = {
    "score": "(on_topic, score desc, bill_id)",
    "jurisdiction": "(jurisdiction_id, on_topic, score desc, bill_id, jurisdiction)",
    # covers the map and the chart of best scores, which read every on-topic bill
    "map": "(on_topic, jurisdiction_id, jurisdiction, level, state, stage, direction, score)",
    "session": "(session, on_topic, score desc)",
    "level": "(level, on_topic, score desc)",
    "status": "(status, on_topic, score desc)",
    "bill": "(on_topic, bill_id)",
}
RANK = {"full": "2", "partial": "1"}


def build_matrix(conn: sqlite3.Connection, schema: str = "main") -> int:
    """(Re)create ``{schema}.matrix_rows`` from the scored versions; the number of rows."""
    conn.execute(f"drop table if exists {schema}.{TABLE}")
    conn.execute(f"create table {schema}.{TABLE} ({COLUMNS})")
    items = [r[0] for r in conn.execute("select id from checklist_items order by rowid")]
    bills = conn.execute(
        """select b.id, b.identifier, b.title, b.jurisdiction_id, coalesce(j.name, b.jurisdiction_id),
             j.level, j.state, b.session, b.status, l.version_id, l.slug, l.version_label, l.score,
             l.direction, coalesce(l.on_topic, 1), l.checklist_version
           from latest_scored_versions l join bills b on b.id = l.bill_id
           left join jurisdictions j on j.id = b.jurisdiction_id"""
    ).fetchall()
    labels: dict[str, dict[str, tuple]] = {}
    for version_id, item_id, label, citation in conn.execute(
        """select s.version_id, s.item_id, s.label, s.citation from scores s
           join latest_scored_versions l on l.version_id = s.version_id
             and l.checklist_version = s.checklist_version"""
    ):
        labels.setdefault(version_id, {})[item_id] = (label, citation)
    table = []
    for b in bills:
        found = labels.get(b[9], {})
        cells = [found.get(i, ("absent", None)) for i in items]
        ranks = "".join(RANK.get(label, "0") for label, _ in cells)
        table.append((*b[:9], stage(b[8]), *b[9:], ranks, json.dumps(cells)))
    marks = ", ".join("?" * 19)
    conn.executemany(f"insert into {schema}.{TABLE} values ({marks})", table)
    for name, columns in INDEXES.items():
        conn.execute(f"create index {schema}.{TABLE}_{name} on {TABLE} {columns}")
    conn.commit()
    return len(table)


def add_matrix(path) -> int:
    """Build ``matrix_rows`` in the database file at ``path`` (a publish step)."""
    conn = sqlite3.connect(str(path))
    try:
        return build_matrix(conn)
    finally:
        conn.close()
