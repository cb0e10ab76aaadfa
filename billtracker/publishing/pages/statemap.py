"""A tile-grid map of the US states: one square per state, coloured by the best score of
its enacted or pending on-topic bills and by their direction, each linking to the state's
bills; cities and counties are listed beside it.

The data come from ``matrix_rows`` (``state_map``); the squares' geometry is computed
here (``map_svg``) and the markup is the ``state_map`` macro of ``templates/_bt_map.html``
(inline SVG, nothing fetched from elsewhere).
"""

from __future__ import annotations

import sqlite3
import urllib.parse

from markupsafe import Markup

from billtracker import templates
from billtracker.publishing.matrix_table import TABLE
from billtracker.publishing.pages.matrix import ensure_matrix

# the usual 11 x 8 tile grid: state -> (column, row)
TILES = {
    "ak": (0, 0), "me": (10, 0), "vt": (9, 1), "nh": (10, 1),
    "wa": (0, 2), "id": (1, 2), "mt": (2, 2), "nd": (3, 2), "mn": (4, 2), "il": (5, 2),
    "wi": (6, 2), "mi": (7, 2), "ny": (8, 2), "ri": (9, 2), "ma": (10, 2),
    "or": (0, 3), "nv": (1, 3), "wy": (2, 3), "sd": (3, 3), "ia": (4, 3), "in": (5, 3),
    "oh": (6, 3), "pa": (7, 3), "nj": (8, 3), "ct": (9, 3),
    "ca": (0, 4), "ut": (1, 4), "co": (2, 4), "ne": (3, 4), "mo": (4, 4), "ky": (5, 4),
    "wv": (6, 4), "va": (7, 4), "md": (8, 4), "de": (9, 4),
    "az": (1, 5), "nm": (2, 5), "ks": (3, 5), "ar": (4, 5), "tn": (5, 5), "nc": (6, 5),
    "sc": (7, 5), "dc": (8, 5),
    "ok": (3, 6), "la": (4, 6), "ms": (5, 6), "al": (6, 6), "ga": (7, 6),
    "hi": (0, 7), "tx": (3, 7), "fl": (8, 7),
}  # fmt: skip
NAMES = {
    code: name.replace("_", " ")
    for code, name in (
        pair.split(":")
        for pair in (
            "ak:Alaska me:Maine vt:Vermont nh:New_Hampshire wa:Washington id:Idaho mt:Montana "
            "nd:North_Dakota mn:Minnesota il:Illinois wi:Wisconsin mi:Michigan ny:New_York "
            "ri:Rhode_Island ma:Massachusetts or:Oregon nv:Nevada wy:Wyoming sd:South_Dakota "
            "ia:Iowa in:Indiana oh:Ohio pa:Pennsylvania nj:New_Jersey ct:Connecticut "
            "ca:California ut:Utah co:Colorado ne:Nebraska mo:Missouri ky:Kentucky "
            "wv:West_Virginia va:Virginia md:Maryland de:Delaware az:Arizona nm:New_Mexico "
            "ks:Kansas ar:Arkansas tn:Tennessee nc:North_Carolina sc:South_Carolina "
            "dc:District_of_Columbia ok:Oklahoma la:Louisiana ms:Mississippi al:Alabama "
            "ga:Georgia hi:Hawaii tx:Texas fl:Florida"
        ).split()
    )
}
# fill and text colour of a square; protective states shade darker as the score rises
BANDS = (
    (75, "#0b5a2a", "#fff"),
    (50, "#2e8b57", "#fff"),
    (25, "#8fd19e", "#111"),
    (0, "#d5f0dc", "#111"),
)
RESTRICTIVE = ("#8a1c1c", "#fff")
MIXED = ("#6a3d9a", "#fff")
NO_ITEM = ("#e4e7eb", "#111")
UNTRACKED = ("#ffffff", "#555")
LEGEND = [
    (BANDS[0][1], "protective, best score 75 or more"),
    (BANDS[1][1], "protective, 50 to 75"),
    (BANDS[2][1], "protective, 25 to 50"),
    (BANDS[3][1], "protective, under 25"),
    (MIXED[0], "mixed: limits some cooperation, mandates other (M)"),
    (RESTRICTIVE[0], "restrictive: mandates cooperation (R)"),
    (NO_ITEM[0], "bills tracked, none enacted or pending with a checklist item"),
    (UNTRACKED[0], "no bills tracked"),
]
TILE, GAP = 44, 4


def state_map(conn: sqlite3.Connection) -> dict:
    """Per state and per city or county: the best score of enacted or pending on-topic bills,
    their direction, and counts. ``{"states": {code: {...}}, "places": [{...}]}``."""
    ensure_matrix(conn)
    found = conn.execute(
        f"""select jurisdiction_id, jurisdiction, level, lower(coalesce(state, jurisdiction_id)),
              count(*), sum(stage in ('enacted', 'pending')),
              max(case when stage in ('enacted', 'pending') then score end),
              sum(stage in ('enacted', 'pending') and direction in ('protective', 'mixed')),
              sum(stage in ('enacted', 'pending') and direction in ('restrictive', 'mixed'))
            from {TABLE} where on_topic = 1 group by jurisdiction_id order by jurisdiction"""
    ).fetchall()
    states, places = {}, []
    for jid, name, level, state, bills, live, best, protect, restrict in found:
        entry = {
            "id": jid,
            "name": name,
            "bills": bills,
            "live": live or 0,
            "best": best,
            "direction": _direction(protect or 0, restrict or 0, best),
            "href": "/matrix?" + urllib.parse.urlencode({"jurisdiction": jid}),
        }
        if level == "state" and state in TILES and state not in states:
            states[state] = entry
        else:
            places.append(entry)
    return {"states": states, "places": places}


def _direction(protect: int, restrict: int, best: float | None) -> str:
    if protect and restrict:
        return "mixed"
    if restrict:
        return "restrictive"
    return "protective" if protect and best is not None else "none"


def describe(entry: dict | None) -> str:
    """One line on a state or city for its square's title and the city list."""
    if entry is None:
        return "no bills tracked"
    counts = f"{entry['bills']} bill{'s' if entry['bills'] != 1 else ''} on topic"
    if not entry["live"]:
        return f"{counts}, none enacted or pending"
    best = f"best enacted or pending score {entry['best'] or 0:.0f}"
    return f"{counts}; {best}; {entry['direction']}"


def _colours(entry: dict | None) -> tuple[str, str]:
    if entry is None:
        return UNTRACKED
    direction = entry["direction"]
    if direction == "restrictive":
        return RESTRICTIVE
    if direction == "mixed":
        return MIXED
    if direction == "none" or not entry["live"]:
        return NO_ITEM
    return next((fill, ink) for floor, fill, ink in BANDS if (entry["best"] or 0) >= floor)


def map_svg(data: dict, *, title: str = "Map of the states") -> Markup:
    """The tile grid as inline SVG: a square per state (a link when it has bills)."""
    squares = []
    for code, (col, row) in TILES.items():
        entry = data["states"].get(code)
        fill, ink = _colours(entry)
        mark = {"restrictive": "R", "mixed": "M"}.get(entry["direction"] if entry else "", "")
        score = (
            f"{entry['best']:.0f}" if entry and entry["live"] and entry["best"] is not None else ""
        )
        note = " ".join(p for p in (score, mark) if p)
        squares.append(
            {
                "code": code.upper(),
                # the visible text first, so the accessible name contains it
                "label": f"{code.upper()}{' ' + note if note else ''}, {NAMES[code]}: {describe(entry)}",
                "href": entry["href"] if entry else None,
                "x": col * (TILE + GAP),
                "y": row * (TILE + GAP),
                "size": TILE,
                "fill": fill,
                "ink": ink,
                "note": note,
            }
        )
    chart = {
        "title": title,
        "width": 11 * (TILE + GAP),
        "height": 8 * (TILE + GAP),
        "squares": squares,
    }
    return templates.macro("_bt_map.html", "state_map")(chart)


def map_view(conn: sqlite3.Connection) -> dict:
    """What the map's section of a page shows: the SVG, its key, the cities and counties."""
    data = state_map(conn)
    return {
        "svg": map_svg(data, title="Map of the states: best enacted or pending score"),
        "legend": LEGEND,
        "states": data["states"],
        "places": [{**p, "line": describe(p)} for p in data["places"]],
    }
