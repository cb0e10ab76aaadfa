"""Shared fixtures: the recorded corpus at ../shared, fresh databases, the CLI runner."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from billtracker import storage

ROOT = Path(__file__).resolve().parent.parent
SHARED = (ROOT.parent / "shared").resolve()
CORPUS = SHARED / "corpus"
TEXTS = CORPUS / "texts"
FORMATS = CORPUS / "formats"
FILES = Path(__file__).resolve().parent / "files"


def pytest_collection_modifyitems(config, items):
    """Fail loudly (not skip) when the shared corpus the suite relies on is missing."""
    if not TEXTS.exists():
        raise pytest.UsageError(f"the recorded corpus is missing: expected {TEXTS}")


def rows(db_path, sql, params=()) -> list[tuple]:
    """The rows a query returns from a working database, as tuples."""
    database = storage.open_db(db_path)
    try:
        return [tuple(r) for r in database.execute(sql, params).fetchall()]
    finally:
        database.close()


@pytest.fixture
def shared_dir() -> Path:
    return SHARED


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture
def texts_dir() -> Path:
    return TEXTS


@pytest.fixture
def fresh_db():
    """An empty, migrated, in-memory database."""
    database = storage.open_db(":memory:")
    yield database
    database.close()


@pytest.fixture
def db_path(tmp_path) -> Path:
    """A path for a working database inside the test's temporary folder."""
    return tmp_path / "billtracker.db"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def full_disk(tmp_path):
    """A real small file system (a 4 MiB tmpfs) at ``tmp_path/full``; root only (see ``fill``)."""
    import os
    import subprocess

    mount = tmp_path / "full"
    mount.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True
        ).returncode
    ):
        pytest.skip("mounting a small tmpfs needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(mount, leave: int = 16 * 1024) -> None:
    """Fill the file system at ``mount`` until only ``leave`` bytes are free."""
    import os

    stat = os.statvfs(mount)
    (mount / "filler").write_bytes(b"\0" * max(0, stat.f_bavail * stat.f_frsize - leave))
