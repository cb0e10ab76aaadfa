"""The data behind the web pages, one module per page over shared view-models (``views``).

The Datasette plugin ``plugins/billtracker_pages.py`` is thin: it reads the request, calls
one ``*_page`` function with a ``sqlite3.Connection`` to the published database and hands
the dict to a Jinja template in ``templates/`` (or returns it as JSON).

- ``bill``: ``bill_page(conn, bill_id, version)``;
- ``compare``: ``resolve_version(conn, ref, name)`` and ``compare_page(va, vb, result)``;
- ``matrix``: ``matrix_page(conn, args)``, ``matrix_csv``, ``matrix_link``;
- ``search``: ``search_page(conn, args)``, ``fts_query``, ``search_link``;
- ``draft``: ``draft_page(text, checklist, corpus)``, ``nearest_corpus``, ``parse_form``;
- ``statemap``: ``map_view(conn)``, the tile-grid map of the states;
- ``charts``: ``bar_chart_svg`` / ``line_chart_svg``.
"""

from billtracker.publishing.pages.bill import Span, bill_page, marked_segments, text_blocks
from billtracker.publishing.pages.charts import bar_chart_svg, history_chart_svg, line_chart_svg
from billtracker.publishing.pages.compare import (
    compare_page,
    matching_ids,
    resolve_version,
    side_by_side,
    stored_scorecards,
)
from billtracker.publishing.pages.draft import (
    DRAFT_MAX_BYTES,
    Upload,
    draft_page,
    nearest_bills,
    nearest_corpus,
    parse_form,
    strongest_provisions,
)
from billtracker.publishing.pages.matrix import (
    MATRIX_FILTERS,
    cells_html,
    matrix_csv,
    matrix_link,
    matrix_page,
)
from billtracker.publishing.pages.search import (
    SEARCH_FILTERS,
    fts_query,
    highlight,
    search_link,
    search_page,
)
from billtracker.publishing.pages.search import SYNTAX as SEARCH_SYNTAX
from billtracker.publishing.pages.statemap import map_svg, map_view, state_map
from billtracker.publishing.pages.views import WebError, bill_url, check_text_param

__all__ = [
    "DRAFT_MAX_BYTES",
    "MATRIX_FILTERS",
    "SEARCH_FILTERS",
    "SEARCH_SYNTAX",
    "Span",
    "Upload",
    "WebError",
    "bar_chart_svg",
    "bill_page",
    "cells_html",
    "bill_url",
    "check_text_param",
    "compare_page",
    "draft_page",
    "fts_query",
    "highlight",
    "history_chart_svg",
    "line_chart_svg",
    "map_svg",
    "map_view",
    "marked_segments",
    "matching_ids",
    "matrix_csv",
    "matrix_link",
    "matrix_page",
    "nearest_bills",
    "nearest_corpus",
    "parse_form",
    "resolve_version",
    "search_link",
    "search_page",
    "side_by_side",
    "state_map",
    "stored_scorecards",
    "strongest_provisions",
    "text_blocks",
]
