"""Serve the published database with Datasette, read-only, with the project's metadata."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .errors import PublishError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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
    published_path: str | os.PathLike, *, port: int = 8001, host: str = "127.0.0.1"
) -> list[str]:
    """The command serving ``published_path`` immutably with metadata, plugins and templates."""
    args = [*datasette_command(), "serve", "-i", str(Path(published_path).resolve())]
    metadata = PROJECT_ROOT / "metadata.yml"
    if metadata.is_file():
        args += ["-m", str(metadata)]
    for option, name in (("--plugins-dir", "plugins"), ("--template-dir", "templates")):
        folder = PROJECT_ROOT / name
        if folder.is_dir():
            args += [option, str(folder)]
    return [*args, "--port", str(port), "--host", host]


def serve(published_path: str | os.PathLike, port: int = 8001, host: str = "127.0.0.1") -> int:
    """Run Datasette over the published database until it stops; returns its exit code."""
    published = Path(published_path)
    if not published.is_file():
        raise PublishError(f"no published database at {published}: run `billtracker publish` first")
    process = subprocess.Popen(datasette_args(published, port=port, host=host))
    try:
        return process.wait()
    except KeyboardInterrupt:
        # Ctrl-C reached Datasette too; let it shut down cleanly.
        return process.wait()
