"""The command line's part in reviews: ``billtracker reviews export``, what ``serve`` adds, and
the replicas' copy of the reviews made by ``publish --to``."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import click

from billtracker.config import PROJECT_ROOT
from billtracker.errors import BilltrackerError
from billtracker.publishing.publish import publish_to
from billtracker.reviews import accounts, export, storage


def serve_options(
    published: Path, reviews: Path | None, reviewers: Path | None, replica: bool
) -> dict:
    """The reviews database and merged metadata ``serve`` passes to Datasette.

    The primary creates its reviews database when missing; a replica serves the copy
    ``publish --to`` sent it, read-only. The metadata (with the accounts' hashes or their
    ``$env`` references) is written to a private temporary folder.
    """
    reviews = Path(reviews) if reviews else storage.reviews_path_for(published)
    if replica:
        if not reviews.is_file():
            raise BilltrackerError(f"no reviews database at {reviews}: run `publish --to` first")
    else:
        storage.open_reviews(reviews).close()
    folder = Path(tempfile.mkdtemp(prefix="billtracker-serve-"))
    metadata = accounts.write_metadata(
        PROJECT_ROOT / "metadata.yml",
        accounts.load_reviewers(reviewers),
        folder / "metadata.yml",
        published=Path(published).stem,
    )
    return {"metadata": metadata, "reviews": reviews, "reviews_writable": not replica}


def replicate(published: Path, copies: tuple[str, ...], reviews: Path | None, say) -> list[Path]:
    """Send a consistent snapshot of the reviews database to each replica folder (atomically)."""
    reviews = Path(reviews) if reviews else storage.reviews_path_for(published)
    if not copies or not reviews.is_file():
        return []
    with tempfile.TemporaryDirectory(prefix="billtracker-reviews-") as tmp:
        snap = storage.snapshot(reviews, Path(tmp) / reviews.name)
        return publish_to(snap, copies, progress=say)


@click.group(name="reviews")
def reviews_group():
    """Reviews of the comparator's labels (the reviews database beside the published one)."""


@reviews_group.command(name="export")
@click.option(
    "--reviews",
    "reviews_path",
    type=click.Path(dir_okay=False),
    default="data/reviews.db",
    show_default=True,
    help="The reviews database.",
)
@click.option(
    "--published",
    "published_path",
    type=click.Path(dir_okay=False),
    default="data/published.db",
    show_default=True,
    help="The published database the reviews refer to.",
)
@click.option("--out", "-o", type=click.Path(dir_okay=False), required=True, help="CSV to write.")
@click.option(
    "--texts",
    type=click.Path(file_okay=False),
    help="Also write each reviewed version's text here, as {doc}.txt.",
)
def export_command(reviews_path, published_path, out, texts):
    """Write reviewed labels as gold data, in the columns of ../shared/eval/labels.csv.

    \b
    Example:
        billtracker reviews export --out reviewed.csv --texts reviewed-texts
        python benchmarks/accuracy.py --labels reviewed.csv --texts reviewed-texts
    """
    for path, what in ((reviews_path, "reviews"), (published_path, "published")):
        if not Path(path).is_file():
            raise BilltrackerError(f"no {what} database at {path}")
    reviews_conn = sqlite3.connect(f"file:{Path(reviews_path).resolve()}?mode=ro", uri=True)
    published_conn = sqlite3.connect(f"file:{Path(published_path).resolve()}?mode=ro", uri=True)
    try:
        counts = export.export(reviews_conn, published_conn, out, texts=texts)
    finally:
        reviews_conn.close()
        published_conn.close()
    click.echo(f"exported {counts['labels']} reviewed labels to {out} ({counts['texts']} texts)")
