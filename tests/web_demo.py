"""Shared by the web tests: the demo database built once per run, and a real Datasette server.

The demo database is built through the CLI as `make build` does (import the recorded
texts, replay the California spider, then `update` without crawling: score, diff,
publish), once per test session however many modules ask for it.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from billtracker.cli import cli
from billtracker.publishing.serve import datasette_args
from conftest import CORPUS, ROOT, TEXTS

PLUGINS = ROOT / "plugins"
TEMPLATES = ROOT / "templates"
_built: dict[str, Path] = {}


def demo_database(tmp_path_factory) -> Path:
    """The published demo database (built on first use in this session)."""
    if "published" in _built:
        return _built["published"]
    tmp = tmp_path_factory.mktemp("web-demo")
    working, published = tmp / "billtracker.db", tmp / "published.db"
    runner = CliRunner()
    for args in (
        ["import", str(TEXTS), "-q"],
        ["crawl", "california", "--replay", str(CORPUS), "-q"],
        ["update", "--spiders", "", "--published", str(published), "-q"],
    ):
        result = runner.invoke(cli, [*args, "--db", str(working)])
        assert result.exit_code == 0, result.output
    _built["published"] = published
    return published


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running(args: list[str], url: str, *, timeout: float = 30, env=None, log=None):
    """A server process started from ``args``, once ``url/-/versions.json`` answers; yields
    the process and stops it (terminate, then kill) on the way out. Its output goes to
    ``log`` (an open binary file) or a temporary file, never a pipe nobody reads (a full
    pipe blocks the server); if the process dies first, the error shows its output."""
    own_log = log is None
    log = tempfile.TemporaryFile() if own_log else log
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise AssertionError(log.read().decode(errors="replace"))
            try:
                with urllib.request.urlopen(url + "/-/versions.json", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if own_log:
            log.close()


@contextlib.contextmanager
def datasette_server(published: Path, *, timeout: float = 30):
    """A real ``datasette serve`` process (``billtracker serve``'s command); yields its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running(datasette_args(published, port=port), url, timeout=timeout):
        yield url
