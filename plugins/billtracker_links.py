"""Links from Datasette's tables, row pages and canned queries to the bill pages.

``render_cell``: a bill id (``bill_id``, ``bills.id``) links to ``/bill/{id}``; a version
id (``version_id``, ``from_version``, ``to_version``, ``versions.id``) to its bill page
at that version. ``prepare_connection``: ``bt_site_url()`` in SQL, the site's address
(``plugins.billtracker.site_url``), so the feeds link absolutely.
"""

from __future__ import annotations

import re

from datasette import hookimpl
from markupsafe import Markup, escape

from billtracker.publishing.pages.views import bill_url

BILL_COLUMNS = {"bill_id", "bill"}
VERSION_COLUMNS = {"version_id", "from_version", "to_version"}
BILL_ID = re.compile(r"^[a-z0-9][a-z0-9-]*/[^/\s@]+/[^/\s@]+$")
VERSION_ID = re.compile(r"^([a-z0-9][a-z0-9-]*/[^/\s@]+/[^/\s@]+)@([^/\s@]+)$")
DEFAULT_SITE_URL = "http://127.0.0.1:8001"


def link_for(value, column: str, table: str | None) -> str | None:
    """The bill-page address a cell links to, or None."""
    if not isinstance(value, str) or len(value) > 300:
        return None
    if column in BILL_COLUMNS or (table == "bills" and column == "id"):
        return bill_url(value) if BILL_ID.match(value) else None
    if column in VERSION_COLUMNS or (table == "versions" and column == "id"):
        found = VERSION_ID.match(value)
        return bill_url(found.group(1), found.group(2)) if found else None
    return None


@hookimpl
def render_cell(value, column, table, database, datasette):
    if isinstance(value, dict) and isinstance(value.get("value"), str):  # an expanded key
        href = link_for(value["value"], column, table)
        if href is None:
            return None
        label = value.get("label") or value["value"]
        return Markup(
            f'<a href="{escape(href)}">{escape(label)}</a>&nbsp;<em>{escape(value["value"])}</em>'
        )
    href = link_for(value, column, table)
    if href is None:
        return None
    return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')


@hookimpl
def prepare_connection(conn, database, datasette):
    config = datasette.plugin_config("billtracker") or {}
    site = str(config.get("site_url") or DEFAULT_SITE_URL).rstrip("/")
    conn.create_function("bt_site_url", 0, lambda: site, deterministic=True)
