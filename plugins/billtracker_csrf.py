"""Let the draft-scoring form POST without a CSRF token.

Scoring a draft reads nothing private and writes nothing (the served database is
immutable), so a forged request gains an attacker nothing; skipping the token keeps
``/draft`` usable from plain HTML forms, file uploads and ``curl`` alike. Every other POST
keeps Datasette's CSRF protection.
"""

from datasette import hookimpl

SKIP_CSRF_PATHS = ("/draft", "/draft.json")


@hookimpl
def skip_csrf(scope):
    return scope.get("type") == "http" and scope.get("path") in SKIP_CSRF_PATHS
