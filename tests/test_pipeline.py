"""The whole flow on real bills: import the corpus, replay the California spider,
score, publish, and read it back through a real Datasette."""

import asyncio
import json
import sqlite3

import pytest
import yaml
from datasette.app import Datasette

from billtracker.cli import cli
from billtracker.config import load_checklist
from conftest import CORPUS, ROOT, TEXTS


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A working and a published database built through the CLI, as `make demo` does."""
    from click.testing import CliRunner

    tmp = tmp_path_factory.mktemp("pipeline")
    working, published = tmp / "billtracker.db", tmp / "published.db"
    runner = CliRunner()
    for args in (
        ["import", str(TEXTS), "-q"],
        ["crawl", "california", "--replay", str(CORPUS), "-q"],
        ["score", "-q"],
    ):
        result = runner.invoke(cli, [*args, "--db", str(working)])
        assert result.exit_code == 0, result.output
    result = runner.invoke(
        cli, ["publish", "--db", str(working), "--published", str(published), "-q"]
    )
    assert result.exit_code == 0, result.output
    return working, published


def rows(path, sql, params=()):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def test_every_corpus_bill_is_stored(built):
    working, _ = built
    index = json.loads((TEXTS / "index.json").read_text())
    stored = {r[0] for r in rows(working, "select id from bills")}
    assert {e["id"] for e in index} <= stored


def test_california_pubinfo_bills_are_stored(built):
    working, _ = built
    assert rows(working, "select count(*) from versions where bill_id = 'ca/2025-2026/AB831'") == [
        (6,)
    ]


def test_every_version_has_29_scores(built):
    working, _ = built
    counts = rows(
        working,
        "select v.id, count(s.item_id) from versions v left join scores s on s.version_id = v.id group by v.id",
    )
    assert counts
    assert {n for _, n in counts} == {len(load_checklist().items)}


@pytest.mark.parametrize("bill", ["ca/2017-2018/SB54", "ca/2017-2018/AB450", "ny/2023-2024/S987"])
def test_seed_bills_have_scores_and_verbatim_evidence(built, bill):
    working, _ = built
    ((version_id, text),) = rows(working, "select id, text from versions where bill_id = ?", [bill])
    ((score,),) = rows(
        working, "select score from version_scores where version_id = ?", [version_id]
    )
    assert score > 0
    quotes = rows(
        working, "select quote from scores where version_id = ? and label != 'absent'", [version_id]
    )
    assert len(quotes) >= 4
    for (quote,) in quotes:
        assert quote in text


def test_rerunning_import_and_crawl_adds_no_version(built, runner):
    working, _ = built
    before = rows(working, "select count(*) from versions")
    assert runner.invoke(cli, ["import", str(TEXTS), "-q", "--db", str(working)]).exit_code == 0
    result = runner.invoke(
        cli, ["crawl", "california", "--replay", str(CORPUS), "-q", "--db", str(working)]
    )
    assert result.exit_code == 0, result.output
    assert rows(working, "select count(*) from versions") == before


def test_rescoring_with_nothing_new_scores_nothing(built, runner):
    working, _ = built
    result = runner.invoke(cli, ["score", "-q", "--db", str(working)])
    assert "scored 0 versions" in result.output


def test_datasette_serves_the_published_scores(built):
    _, published = built
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text())
    ds = Datasette([str(published)], metadata=metadata)

    async def fetch():
        bills = await ds.client.get("/published/bills.json?_shape=array&_size=max")
        scores = await ds.client.get(
            "/published/scores.json?_shape=array&version_id=ca/2017-2018/SB54@chaptered&label=full"
        )
        return bills.json(), scores.json()

    bills, scores = asyncio.run(fetch())
    assert "ny/2023-2024/S987" in {b["id"] for b in bills}
    assert "no_detainers" in {s["item_id"] for s in scores}
