"""Reviewer accounts: a YAML file of people and roles, turned into Datasette configuration.

The file (``data/reviewers.yml`` by default, or ``$BILLTRACKER_REVIEWERS``) names each
account, its role (``reviewer`` or ``admin``) and where its password hash comes from::

    reviewers:
      alice:
        name: Alice Ng
        role: reviewer
        # password_hash: pbkdf2_sha256$...   (or, by default, from the environment:)
        # password_hash_env: BILLTRACKER_PASSWORD_HASH_ALICE
      sam: {role: reader}   # signs in, may not review

Hashes are made with ``datasette hash-password`` (datasette-auth-passwords, PBKDF2);
no clear password is ever read from this file. ``metadata_with_reviewers`` merges the
accounts into the project's ``metadata.yml`` for one ``datasette serve``: the hashes into
``datasette-auth-passwords`` (as ``$env`` references when they come from the
environment), names and roles into ``billtracker-reviews``, where the permission hook
reads a role by account id (never from the request or the sign-in cookie).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from billtracker.config import PROJECT_ROOT
from billtracker.errors import ConfigError

ROLES = ("reader", "reviewer", "admin")  # a reader signs in but may not review
DEFAULT_PATH = PROJECT_ROOT / "data" / "reviewers.yml"


def reviewers_path(path: str | os.PathLike | None = None) -> Path:
    return Path(path or os.environ.get("BILLTRACKER_REVIEWERS") or DEFAULT_PATH)


def load_reviewers(path: str | os.PathLike | None = None) -> dict[str, dict]:
    """Accounts by id: ``name``, ``role`` and ``password_hash`` (a hash or ``{"$env": VAR}``)."""
    path = reviewers_path(path)
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found = data.get("reviewers") if isinstance(data, dict) else None
    if not isinstance(found, dict):
        raise ConfigError(f"{path}: expected a mapping 'reviewers:' of account ids")
    out = {}
    for account, entry in found.items():
        entry = entry or {}
        if not re.fullmatch(r"[a-z][a-z0-9_.-]{0,39}", str(account)):
            raise ConfigError(f"{path}: account id {account!r} must be lower-case letters/digits")
        role = entry.get("role", "reviewer")
        if role not in ROLES:
            raise ConfigError(f"{path}: {account}: role must be one of {', '.join(ROLES)}")
        if "password" in entry:
            raise ConfigError(
                f"{path}: {account}: store a password_hash (datasette hash-password), never a password"
            )
        env = entry.get("password_hash_env") or f"BILLTRACKER_PASSWORD_HASH_{account.upper()}"
        secret = entry.get("password_hash") or {"$env": re.sub(r"[^A-Z0-9_]", "_", env.upper())}
        out[account] = {"name": entry.get("name") or account, "role": role, "password_hash": secret}
    return out


def metadata_with_reviewers(
    metadata: dict, reviewers: dict[str, dict], published: str | None = None
) -> dict:
    """``metadata`` with the accounts' plugin configuration added (a new dict); ``published``
    names the published database for the pages (the reviews database is served beside it)."""
    plugins = dict(metadata.get("plugins") or {})
    if published:
        plugins["billtracker"] = {"database": published, **(plugins.get("billtracker") or {})}
    auth = {f"{a}_password_hash": r["password_hash"] for a, r in reviewers.items()}
    auth["actors"] = {a: {"id": a, "name": r["name"]} for a, r in reviewers.items()}
    plugins["datasette-auth-passwords"] = auth
    plugins["billtracker-reviews"] = {
        **(plugins.get("billtracker-reviews") or {}),
        "reviewers": {a: {"name": r["name"], "role": r["role"]} for a, r in reviewers.items()},
    }
    return {**metadata, "plugins": plugins}


def write_metadata(
    source: Path, reviewers: dict[str, dict], dest: Path, published: str | None = None
) -> Path:
    """Write ``source`` (metadata.yml) merged with the accounts to ``dest``, readable by its owner only."""
    metadata = yaml.safe_load(source.read_text(encoding="utf-8")) if source.is_file() else {}
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        yaml.safe_dump(
            metadata_with_reviewers(metadata or {}, reviewers, published), handle, sort_keys=False
        )
    return dest
