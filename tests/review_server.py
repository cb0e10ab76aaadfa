"""Shared by the review tests: a real ``datasette serve`` with reviewer accounts and a reviews database.

Each server gets its own copy of the demo databases (working and published) in a temporary
folder, the accounts of ``ACCOUNTS`` (hashed with datasette-auth-passwords, given through
the environment as an operator would) and the arguments ``billtracker serve`` builds.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
from pathlib import Path

import httpx
from datasette_auth_passwords.utils import hash_password
from web_demo import demo_database, free_port, running

from billtracker.publishing.serve import datasette_args
from billtracker.reviews.commands import serve_options

PASSWORD = "correct horse battery staple 17"
ACCOUNTS = {"alice": "reviewer", "bob": "reviewer", "rosa": "admin", "sam": "reader"}
_hash: dict[str, str] = {}


def demo_copy(tmp_path_factory, name: str = "site") -> Path:
    """A fresh folder holding copies of the demo's working and published databases."""
    published = demo_database(tmp_path_factory)
    folder = tmp_path_factory.mktemp(name)
    shutil.copy(published, folder / "published.db")
    shutil.copy(published.with_name("billtracker.db"), folder / "billtracker.db")
    return folder / "published.db"


def account_env() -> dict[str, str]:
    if "hash" not in _hash:
        _hash["hash"] = hash_password(PASSWORD)
    return {f"BILLTRACKER_PASSWORD_HASH_{a.upper()}": _hash["hash"] for a in ACCOUNTS}


@contextlib.contextmanager
def review_server(published: Path, *, replica: bool = False, log_path: Path | None = None):
    """Start ``datasette serve`` as ``billtracker serve`` would; yields (url, process)."""
    reviewers = published.with_name("reviewers.yml")
    reviewers.write_text(
        "reviewers:\n"
        + "".join(f"  {a}: {{name: {a.title()}, role: {r}}}\n" for a, r in ACCOUNTS.items())
    )
    extra = serve_options(published, None, reviewers, replica)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, **account_env()}
    args = datasette_args(published, port=port, **extra)
    try:
        with (
            open(log_path or published.with_name("server.log"), "a+b") as log,
            running(args, url, env=env, log=log) as process,
        ):
            yield url, process
    finally:
        shutil.rmtree(Path(extra["metadata"]).parent, ignore_errors=True)


def csrftoken(client: httpx.Client, url: str) -> str:
    """The CSRF token of a page's form (the client keeps the cookie)."""
    page = client.get(url).text
    return html.unescape(re.search(r'name="csrftoken" value="([^"]+)"', page).group(1))


def signed_in(base: str, account: str, password: str = PASSWORD) -> httpx.Client:
    """A client signed in through datasette-auth-passwords' own /-/login form."""
    client = httpx.Client(base_url=base, timeout=30)
    token = csrftoken(client, "/-/login")
    response = client.post(
        "/-/login", data={"username": account, "password": password, "csrftoken": token}
    )
    assert response.status_code == 302, response.text[:300]
    return client


def review_count(published: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(published.with_name("reviews.db"))
    try:
        return conn.execute("select count(*) from reviews").fetchone()[0]
    finally:
        conn.close()
