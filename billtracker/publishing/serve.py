"""Serve the published database with Datasette, read-only, with the project's metadata."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from billtracker.config import PROJECT_ROOT
from billtracker.errors import PublishError

# Settings for a public deployment (README, "Serving in public"): queries are cut off
# after 3 s, tables and queries return at most 1,000 rows, the database file is not
# offered for download (it is rebuilt from public sources; fetch the data as CSV or
# JSON instead), CSV exports stay small, facet suggestions (a query per column on every
# table page) are off, and there are more threads for parallel readers.
PUBLIC_SETTINGS = {
    "sql_time_limit_ms": 3000,
    "max_returned_rows": 1000,
    "default_page_size": 20,
    "facet_time_limit_ms": 500,
    "facet_suggest_time_limit_ms": 200,
    "suggest_facets": "off",
    "allow_download": "off",
    "allow_csv_stream": "on",
    "max_csv_mb": 50,
    "num_sql_threads": 6,
    "default_cache_ttl": 300,
}


def datasette_command() -> list[str]:
    """The datasette executable of this environment (falling back to ``python -m datasette``)."""
    beside = Path(sys.executable).with_name("datasette")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("datasette")
    if found:
        return [found]
    return [sys.executable, "-m", "datasette"]


def datasette_args(
    published_path: str | os.PathLike,
    *,
    port: int = 8001,
    host: str = "127.0.0.1",
    metadata: str | os.PathLike | None = None,
    reviews: str | os.PathLike | None = None,
    reviews_writable: bool = True,
) -> list[str]:
    """The command serving ``published_path`` immutably with metadata, plugins and templates;
    with ``reviews``, also the reviews database (writable unless ``reviews_writable`` is off)."""
    args = [*datasette_command(), "serve", "-i", str(Path(published_path).resolve())]
    if reviews:
        args += ([] if reviews_writable else ["-i"]) + [str(Path(reviews).resolve())]
    metadata = Path(metadata) if metadata else PROJECT_ROOT / "metadata.yml"
    if metadata.is_file():
        args += ["-m", str(metadata)]
    for option, name in (("--plugins-dir", "plugins"), ("--template-dir", "templates")):
        folder = PROJECT_ROOT / name
        if folder.is_dir():
            args += [option, str(folder)]
    for name, value in PUBLIC_SETTINGS.items():
        args += ["--setting", name, str(value)]
    return [*args, "--port", str(port), "--host", host]


def serve(
    published_path: str | os.PathLike, port: int = 8001, host: str = "127.0.0.1", **extra
) -> int:
    """Run Datasette over the published database until it stops; returns its exit code.
    ``extra``: ``metadata``, ``reviews``, ``reviews_writable`` (see ``datasette_args``)."""
    published = Path(published_path)
    if not published.is_file():
        raise PublishError(f"no published database at {published}: run `billtracker publish` first")
    process = subprocess.Popen(datasette_args(published, port=port, host=host, **extra))
    try:
        return process.wait()
    except KeyboardInterrupt:
        # Ctrl-C reached Datasette too; let it shut down cleanly.
        return process.wait()
