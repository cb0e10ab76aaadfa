"""billtracker's pages on Datasette: /bill/{id}, /compare, /matrix, /search and /draft.

One hook (``register_routes``); the work is done by the pure functions of
``billtracker.publishing.pages``. Every page is also served as JSON (``.json``); the matrix as CSV.
Errors a visitor can cause become 4xx pages (or JSON errors), never a 500.
"""

from __future__ import annotations

import asyncio
import collections
import functools
import os
import sqlite3
import time
import urllib.parse

from datasette import hookimpl
from datasette.utils.asgi import Response
from datasette.views.base import DatasetteError
from markupsafe import Markup

from billtracker.config import load_checklist
from billtracker.errors import InputError
from billtracker.publishing import pages as web
from billtracker.reviews import site as reviews
from billtracker.text.extract import text_from_bytes

PLUGIN = "billtracker"
DIFF_CACHE_SIZE = 64
_diff_cache: collections.OrderedDict = collections.OrderedDict()
_corpus_cache: dict[str, list[dict]] = {}
_provisions_cache: dict[str, dict] = {}


def config(datasette) -> dict:
    return datasette.plugin_config(PLUGIN) or {}


def database(datasette):
    """The published database: ``plugins.billtracker.database``, else the first one."""
    name = config(datasette).get("database")
    try:
        return datasette.get_database(name)
    except KeyError:
        raise DatasetteError(f"No database named {name!r}", status=500) from None


async def run(db, fn, *args):
    """Run ``fn(conn, *args)`` on the database within ``sql_time_limit_ms``; errors are 4xx."""
    limit_ms = db.ds.setting("sql_time_limit_ms")

    def call(conn):
        deadline = time.monotonic() + limit_ms / 1000
        conn.set_progress_handler(lambda: time.monotonic() > deadline, 1000)
        try:
            return fn(conn, *args)
        finally:
            conn.set_progress_handler(None, 1000)

    try:
        return await db.execute_fn(call)
    except web.WebError as ex:
        raise DatasetteError(ex.message, status=ex.status, title=error_title(ex.status)) from None
    except sqlite3.OperationalError as ex:
        if "interrupted" not in str(ex):
            raise
        message = f"The request took longer than {limit_ms} ms: narrow it down (fewer results)"
        raise DatasetteError(message, status=400, title="Too slow") from None


def error_title(status: int) -> str:
    return {
        400: "Bad request",
        404: "Not found",
        413: "Too large",
        415: "Unsupported form",
    }.get(status, f"Error {status}")


async def page(datasette, request, template: str, context: dict, status: int = 200):
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status)


def json_response(data, status: int = 200) -> Response:
    return Response.json(data, status=status, default=str)


# -- /bill/{id} -------------------------------------------------------------------------


async def bill(datasette, request):
    bill_id = urllib.parse.unquote(request.url_vars["bill_id"])
    data = await run(database(datasette), web.bill_page, bill_id, request.args.get("version"))
    data = await reviews.on_bill(datasette, request, data)
    if request.url_vars.get("format"):
        return json_response(data)
    title = f"{data['bill']['identifier']}: score history"
    data["history_svg"] = Markup(web.history_chart_svg(data["history"], title=title))
    data["json_href"] = web.bill_url(bill_id) + ".json"
    return await page(datasette, request, "bill.html", data)


# -- /compare ---------------------------------------------------------------------------


async def compare(datasette, request):
    a, b = request.args.get("a"), request.args.get("b")
    fmt = request.url_vars.get("format")
    if not fmt and not a and not b:
        return await page(datasette, request, "compare.html", {"form_only": True})
    db = database(datasette)
    va = await run(db, web.resolve_version, a, "a")
    vb = await run(db, web.resolve_version, b, "b")
    result = await diff(db, va, vb)
    sides = await run(db, web.side_by_side, va, vb) if va["bill_id"] != vb["bill_id"] else None
    data = web.compare_page(va, vb, result, sides)
    if fmt == ".json":
        return json_response({k: v for k, v in data.items() if k != "entries"})
    if fmt == "/redline":
        from billtracker.analysis.redline import render_html

        return Response.html(render_html(result))
    return await page(datasette, request, "compare.html", data)


async def diff(db, va: dict, vb: dict) -> dict:
    """``diff_texts`` of two versions with their stored scorecards (nothing is scored
    again), cached (the served database never changes)."""
    from compare.diff import diff_texts

    checklist = load_checklist()
    key = (va["id"], vb["id"], checklist.version)
    if key in _diff_cache:
        _diff_cache.move_to_end(key)
        return _diff_cache[key]
    card_a, card_b = await run(db, web.stored_scorecards, va["id"], vb["id"], checklist)
    result = await asyncio.to_thread(
        functools.partial(
            diff_texts,
            va["text"],
            vb["text"],
            checklist,
            a_label=va["id"],
            b_label=vb["id"],
            a_card=card_a,
            b_card=card_b,
        )
    )
    _diff_cache[key] = result
    while len(_diff_cache) > DIFF_CACHE_SIZE:
        _diff_cache.popitem(last=False)
    return result


async def compare_ids(datasette, request):
    """``/compare/ids.json?q=``: ids for the compare form's type-ahead."""
    found = await run(database(datasette), web.matching_ids, request.args.get("q"))
    return json_response({"ids": found})


# -- /matrix ----------------------------------------------------------------------------


async def matrix(datasette, request):
    args = {k: request.args.get(k) for k in (*web.MATRIX_FILTERS, "sort", "desc", "show", "page")}
    fmt = request.url_vars.get("format")
    matrix_page = functools.partial(web.matrix_page, everything=fmt == ".csv")
    data = await run(database(datasette), matrix_page, args)
    data = await reviews.on_matrix(datasette, data)
    if fmt == ".json":
        return json_response(data)
    if fmt == ".csv":
        return Response(
            reviews.matrix_csv(data, web.matrix_csv(data)),
            content_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="billtracker-matrix.csv"'},
        )
    for b in data["bills"]:
        b["cells_html"] = Markup(web.cells_html(b))
    data["chart_svg"] = Markup(
        web.bar_chart_svg(data["by_jurisdiction"], title="Best score by jurisdiction (0-100)")
    )
    data["state_map"] = await state_map(datasette)
    data["link"] = lambda **changes: web.matrix_link(data, **changes)
    query = urllib.parse.urlencode({k: v for k, v in args.items() if v})
    data["csv_href"] = "/matrix.csv" + (f"?{query}" if query else "")
    data["json_href"] = "/matrix.json" + (f"?{query}" if query else "")
    return await page(datasette, request, "matrix.html", data)


# -- /search ----------------------------------------------------------------------------


async def search(datasette, request):
    args = {k: request.args.get(k) for k in ("q", "page", *web.SEARCH_FILTERS)}
    as_json = bool(request.url_vars.get("format"))
    try:
        data = await run(database(datasette), web.search_page, args)
    except DatasetteError as ex:
        if as_json or ex.status >= 500:
            raise
        # the form stays, with the query, the message and the syntax note
        context = {"q": args["q"] or "", "error": ex.message, "syntax": web.SEARCH_SYNTAX}
        context.update(filters={k: args[k] or "" for k in web.SEARCH_FILTERS}, options=None)
        return await page(datasette, request, "search.html", context, status=ex.status)
    if as_json:
        return json_response(data)
    for group in ("bills", "versions", "sections"):
        for r in data[group]:
            r["snippet_html"] = Markup(r["snippet_html"])
    data["link"] = lambda **changes: web.search_link(data, **changes)
    return await page(datasette, request, "search.html", data)


# -- /draft -----------------------------------------------------------------------------


async def draft(datasette, request):
    as_json = bool(request.url_vars.get("format"))
    limit = int(config(datasette).get("draft_max_bytes") or web.DRAFT_MAX_BYTES)
    context = {"max_mb": limit / 1_000_000, "text": "", "error": None, "result": None}
    if request.method != "POST":
        if as_json:
            return json_response({"ok": False, "error": "POST a draft to score it"}, status=405)
        return await page(datasette, request, "draft.html", context)
    try:
        body = await read_body(request, limit)
        fields, files = web.parse_form(body, request.headers.get("content-type", ""))
        upload = files.get("file")
        if upload is not None:
            text = await asyncio.to_thread(text_from_bytes, upload.data, upload.filename)
            source = upload.filename
        else:
            text, source = fields.get("text", ""), "pasted text"
        context["text"] = text if upload is None else ""
        corpus = await corpus_for(datasette)
        provisions = await provisions_for(datasette)
        result = await asyncio.to_thread(
            functools.partial(
                web.draft_page,
                text,
                load_checklist(),
                corpus,
                source=source,
                provisions=provisions,
            )
        )
    except web.WebError as ex:
        return await draft_error(datasette, request, context, ex.status, ex.message, as_json)
    except InputError as ex:
        return await draft_error(datasette, request, context, 400, str(ex), as_json)
    if as_json:
        return json_response({k: v for k, v in result.items() if k != "credit"})
    context["result"] = result
    return await page(datasette, request, "draft.html", context)


async def draft_error(datasette, request, context, status, message, as_json):
    if as_json:
        return json_response({"ok": False, "status": status, "error": message}, status=status)
    context.update(error=message, status=status)
    return await page(datasette, request, "draft.html", context, status=status)


async def read_body(request, limit: int) -> bytes:
    """The request body, refused with 413 once it passes ``limit`` bytes."""
    length = request.headers.get("content-length")
    too_big = web.WebError(413, f"The upload is larger than {limit / 1_000_000:g} MB")
    if length and length.isdigit() and int(length) > limit:
        raise too_big
    chunks, size, more = [], 0, True
    while more:
        message = await request.receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


async def corpus_for(datasette) -> list[dict]:
    """The published versions drafts are matched against, read once per database."""
    db = database(datasette)
    if db.name not in _corpus_cache:
        _corpus_cache[db.name] = await db.execute_fn(web.nearest_corpus)
    return _corpus_cache[db.name]


async def provisions_for(datasette) -> dict:
    """The strongest enacted provision per item, read once per database."""
    db = database(datasette)
    key = f"{db.name}#provisions"
    if key not in _provisions_cache:
        _provisions_cache[key] = await db.execute_fn(web.strongest_provisions)
    return _provisions_cache[key]


_map_cache: dict[tuple, dict] = {}


async def state_map(datasette) -> dict:
    """The map's data, computed once per published file (the file never changes; a new
    publish is a new file, so its inode and mtime make the key)."""

    def cached(conn):
        path = conn.execute("pragma database_list").fetchone()[2]
        stat = os.stat(path) if path else None
        key = (path, stat.st_ino, stat.st_mtime_ns) if stat else None
        if key is None or key not in _map_cache:
            found = web.map_view(conn)
            if key is None:
                return found
            _map_cache.clear()  # keep only the file being served
            _map_cache[key] = found
        return _map_cache[key]

    return await run(database(datasette), cached)


@hookimpl
def extra_template_vars(template, datasette):
    """The index page gets the map of the states."""
    if template != "index.html":
        return None

    async def inner():
        try:
            return {"state_map": await state_map(datasette)}
        except (DatasetteError, sqlite3.DatabaseError):
            return {"state_map": None}  # not a billtracker database: no map

    return inner


@hookimpl
def register_routes():
    return [
        (r"^/bill/(?P<bill_id>.+?)(?P<format>\.json)?$", bill),
        (r"^/compare/ids\.json$", compare_ids),
        (r"^/compare(?P<format>\.json|/redline)?$", compare),
        (r"^/matrix(?P<format>\.json|\.csv)?$", matrix),
        (r"^/search(?P<format>\.json)?$", search),
        (r"^/draft(?P<format>\.json)?$", draft),
    ]
