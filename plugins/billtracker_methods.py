"""Answer 403 to a POST (or any write method) on the served databases' pages.

The served database is immutable and its canned queries are read-only, but Datasette
0.65.5 answers a POST to a canned query or a table with a 500 and a traceback. This
wrapper answers ``403 Forbidden`` (with ``Allow: GET, HEAD``) for any method other than
GET, HEAD and OPTIONS under ``/{database}``, unless a canned query says ``write: true``:
nobody, signed in or not, writes through Datasette's own pages. Plugin pages (``/draft``,
``/review/label``) are not under a database and keep their own methods and permissions.
"""

from __future__ import annotations

import json

from datasette import hookimpl

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def _target(path: str) -> tuple[str, str]:
    """``(database, name)`` of ``/database/name.ext/...`` (name without its extension)."""
    parts = path.strip("/").split("/")
    name = parts[1].rsplit(".", 1)[0] if len(parts) > 1 else ""
    return parts[0].rsplit(".", 1)[0], name


async def _writable(datasette, database: str, name: str) -> bool:
    queries = await datasette.get_canned_queries(database, None)
    return bool(name and (queries.get(name) or {}).get("write"))


async def _refuse(send, method: str) -> None:
    body = json.dumps(
        {"ok": False, "error": f"{method} is forbidden here: the published data is read-only"}
    ).encode()
    headers = [
        (b"content-type", b"application/json; charset=utf-8"),
        (b"allow", b"GET, HEAD"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 403, "headers": headers})
    await send({"type": "http.response.body", "body": body})


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded(scope, receive, send):
            method = scope.get("method", "GET").upper()
            if scope.get("type") == "http" and method not in READ_METHODS:
                database, name = _target(scope.get("path", ""))
                if database in datasette.databases and not await _writable(
                    datasette, database, name
                ):
                    await _refuse(send, method)
                    return
            await app(scope, receive, send)

        return guarded

    return wrap
