"""Reviewed judgements: the review queue, the review form, who may review, and sign-in limits.

- ``/review`` (and ``.json``): the queue of labels most worth a person's time
  (``billtracker.reviews.queue``), filterable by jurisdiction and item; anyone may read it.
- ``/review/label?version=&item=``: one label, its evidence and its review history; a
  signed-in reviewer gets the form. ``POST /review/label`` (or ``.json``) appends a review
  to the reviews database after ``billtracker.reviews.forms.check_review``.
- ``/review/accounts``: the accounts and their roles, for admins only.

Sign-in is datasette-auth-passwords (``/-/login``); this plugin rate-limits failed
sign-ins per client address (``limits``, a moving window; ``login_rate``, default
``10/minute``): past the limit every attempt, right or wrong, gets a 429.
Datasette's ``permission_allowed`` decides: ``billtracker-review`` for the roles
``reviewer`` and ``admin``, ``billtracker-admin`` for ``admin``, read from configuration
by account id. Every POST keeps Datasette's CSRF protection (asgi-csrf).
"""

from __future__ import annotations

import json
import time
import urllib.parse

from datasette import hookimpl
from datasette.utils.asgi import Response
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from billtracker.config import load_sources
from billtracker.publishing.pages.views import WebError, rows
from billtracker.reviews import forms, queue, site, storage

MAX_BODY = 64_000
LOGIN_PATH = "/-/login"
_limiter = MovingWindowRateLimiter(MemoryStorage())


def published(datasette):
    name = (datasette.plugin_config("billtracker") or {}).get("database")
    return datasette.get_database(name)


async def render(datasette, request, template, context, status=200):
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status)


async def error_page(datasette, request, status, message, as_json):
    """A 4xx answer naming the problem: a JSON error, or the error page."""
    if as_json:
        return Response.json({"ok": False, "status": status, "error": message}, status=status)
    return await render(
        datasette, request, "review_error.html", {"status": status, "message": message}, status
    )


# -- /review ----------------------------------------------------------------------------


async def review_queue(datasette, request):
    as_json = bool(request.url_vars.get("format"))
    args = {k: request.args.get(k) for k in ("jurisdiction", "item")}
    reviews = await site.current(datasette)
    watched = queue.watch_list(load_sources())
    try:
        data = await published(datasette).execute_fn(
            lambda conn: queue.review_queue(conn, reviews, watched, args)
        )
    except WebError as ex:
        return await error_page(datasette, request, ex.status, ex.message, as_json)
    if as_json:
        return Response.json(data, default=str)
    data["can_review"] = await site.can_review(datasette, request)
    return await render(datasette, request, "review_queue.html", data)


# -- /review/label ----------------------------------------------------------------------


def label_context(conn, version_id: str, item_id: str) -> dict:
    """The label being reviewed: its version, bill, item and the comparator's judgement."""
    found = rows(
        conn,
        "select v.id, v.slug, v.label as version_label, v.bill_id, b.identifier, b.title "
        "from versions v join bills b on b.id = v.bill_id where v.id = ?",
        [version_id],
    )
    if not found:
        raise WebError(404, f"No version with id {version_id!r}")
    item = rows(conn, "select id, title, description from checklist_items where id = ?", [item_id])
    if not item:
        raise WebError(404, f"No checklist item with id {item_id!r}")
    score = rows(
        conn,
        "select s.label, s.confidence, s.citation, s.quote, s.explanation from scores s "
        "join checklist_items c on c.id = s.item_id and c.checklist_version = s.checklist_version "
        "where s.version_id = ? and s.item_id = ?",
        [version_id, item_id],
    )
    auto = score[0] if score else {"label": None, "confidence": None, "quote": None}
    explanation = json.loads(auto.pop("explanation", None) or "{}")
    auto["rule"] = explanation.get("rule")
    auto["weakened"] = bool(explanation.get("weakened"))
    auto["readings"] = [r.get("text", "") for r in explanation.get("readings") or []]
    return {"version": found[0], "item": item[0], "auto": auto}


async def review_label(datasette, request):
    as_json = bool(request.url_vars.get("format"))
    version_id = (request.args.get("version") or "").strip()
    item_id = (request.args.get("item") or "").strip()
    if request.method == "POST":
        return await save_review(datasette, request, as_json)
    try:
        forms.field({"version": version_id}, "version", forms.MAX_ID)
        forms.field({"item": item_id}, "item", forms.MAX_ID)
        context = await published(datasette).execute_fn(
            lambda conn: label_context(conn, version_id, item_id)
        )
    except WebError as ex:
        return await error_page(datasette, request, ex.status, ex.message, as_json)
    db = site.reviews_db(datasette)
    context["history"] = (
        await db.execute_fn(lambda conn: storage.history(conn, version_id, item_id)) if db else []
    )
    context["can_review"] = await site.can_review(datasette, request)
    context["writable"] = site.writable(datasette)
    if as_json:
        return Response.json(context, default=str)
    return await render(datasette, request, "review_form.html", context)


async def save_review(datasette, request, as_json: bool):
    """Check and append one review; 302 to the bill page (or 201 JSON)."""
    if not await site.can_review(datasette, request):
        who = "Sign in as a reviewer" if not request.actor else "Your account may not review"
        return await error_page(datasette, request, 403, f"{who} to review labels", as_json)
    if not site.writable(datasette):
        message = "This instance is a replica: reviews are written on the primary instance"
        return await error_page(datasette, request, 403, message, as_json)
    try:
        form = parse_form(await read_body(request))
        review = await published(datasette).execute_fn(
            lambda conn: forms.check_review(conn, form, request.actor)
        )
        review["role"] = site.role_of(datasette, request.actor)
    except WebError as ex:
        return await error_page(datasette, request, ex.status, ex.message, as_json)
    review_id = await site.reviews_db(datasette).execute_write_fn(
        lambda conn: storage.append(conn, review), block=True
    )
    if as_json:
        return Response.json({"ok": True, "id": review_id, "review": review}, status=201)
    href = "/bill/" + urllib.parse.quote(review["bill_id"], safe="/@-_.")
    slug = review["version_id"].rsplit("@", 1)[-1]
    return Response.redirect(f"{href}?version={urllib.parse.quote(slug)}#item-{review['item_id']}")


async def read_body(request) -> bytes:
    """The request body, refused with 413 past ``MAX_BODY`` bytes."""
    chunks, size, more = [], 0, True
    while more:
        message = await request.receive()
        size += len(message.get("body", b""))
        if size > MAX_BODY:
            raise WebError(413, f"The form is larger than {MAX_BODY // 1000} kB")
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


def parse_form(body: bytes) -> dict:
    try:
        fields = urllib.parse.parse_qs(body.decode("utf-8"), strict_parsing=False)
    except UnicodeDecodeError:
        raise WebError(400, "The form is not UTF-8") from None
    return {k: v[-1] for k, v in fields.items()}


# -- /review/accounts -------------------------------------------------------------------


async def accounts(datasette, request):
    if not request.actor or not await datasette.permission_allowed(
        request.actor, site.ADMIN, default=False
    ):
        return await error_page(datasette, request, 403, "Only admins see the accounts", False)
    counts: dict[str, int] = {}
    for r in await site.current(datasette):
        counts[r["reviewer"]] = counts.get(r["reviewer"], 0) + 1
    people = [
        {"id": a, "name": e.get("name"), "role": e.get("role"), "reviews": counts.get(a, 0)}
        for a, e in sorted((site.config(datasette).get("reviewers") or {}).items())
    ]
    return await render(datasette, request, "review_accounts.html", {"people": people})


# -- hooks ------------------------------------------------------------------------------


@hookimpl
def register_routes():
    return [
        (r"^/review(?P<format>\.json)?$", review_queue),
        (r"^/review/label(?P<format>\.json)?$", review_label),
        (r"^/review/accounts$", accounts),
    ]


@hookimpl
def permission_allowed(datasette, actor, action):
    if action == site.REVIEW:
        return site.role_of(datasette, actor) in ("reviewer", "admin")
    if action == site.ADMIN:
        return site.role_of(datasette, actor) == "admin"
    return None


@hookimpl
def menu_links(datasette, actor):
    if site.role_of(datasette, actor):
        return [{"href": "/review", "label": "Review queue"}]
    return None


@hookimpl
def extra_template_vars(template, datasette):
    if template != "index.html":
        return None

    async def inner():
        return {"review_agreement": await site.agreement(datasette)}

    return inner


@hookimpl
def startup(datasette):
    async def inner():
        db = site.reviews_db(datasette)
        if db is not None and db.is_mutable:
            await db.execute_write_fn(storage.ensure_schema, block=True)

    return inner


@hookimpl
def asgi_wrapper(datasette):
    rate = parse(site.config(datasette).get("login_rate") or "10/minute")

    def wrap(app):
        async def limited(scope, receive, send):
            if (
                scope.get("type") == "http"
                and scope.get("path") == LOGIN_PATH
                and scope.get("method") == "POST"
            ):
                client = (scope.get("client") or ("unknown",))[0]
                if not _limiter.test(rate, "login", client):
                    reset = _limiter.get_window_stats(rate, "login", client).reset_time
                    await too_many(send, reset)
                    return

                async def counting(event):
                    if event["type"] == "http.response.start" and event["status"] != 302:
                        _limiter.hit(rate, "login", client)  # a failed attempt
                    await send(event)

                return await app(scope, receive, counting)
            await app(scope, receive, send)

        return limited

    return wrap


async def too_many(send, reset_time: float) -> None:
    wait = max(1, int(reset_time - time.time()) + 1)
    body = f"Too many sign-in attempts from this address: try again in {wait} s\n".encode()
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"retry-after", str(wait).encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})
