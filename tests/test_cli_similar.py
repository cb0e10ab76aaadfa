"""`billtracker similar`: results, a reason when there are none, suggestions for a near miss."""

import pytest
from click.testing import CliRunner
from web_demo import demo_database

from billtracker import storage
from billtracker.analysis.suggest import suggest_ids
from billtracker.cli import cli


@pytest.fixture(scope="module")
def working(tmp_path_factory):
    return demo_database(tmp_path_factory).with_name("billtracker.db")


def similar(working, *args):
    return CliRunner().invoke(cli, ["similar", *args, "--db", str(working)])


def test_similar_lists_versions_of_other_bills(working):
    result = similar(working, "ny/2023-2024/S987")
    assert result.exit_code == 0
    assert "most like ny/2023-2024/S987@" in result.output
    assert "ny/2023-2024/A5686@" in result.output


def test_similar_says_why_there_is_nothing(working):
    result = similar(working, "ca/2017-2018/SB54")
    assert result.exit_code == 0
    assert "No version of another bill shares enough wording" in result.output
    assert "versions of" in result.output and "other bills compared" in result.output


def test_unknown_id_fails_and_suggests_near_ones(working):
    result = similar(working, "ca/2017-2018/SB5")
    assert result.exit_code == 1
    assert "Did you mean: ca/2017-2018/SB54" in result.output


def test_no_suggestion_for_nonsense(working):
    result = similar(working, "zzzz")
    assert result.exit_code == 1 and "Did you mean" not in result.output
    db = storage.open_db(working)
    try:
        assert suggest_ids(db, "ny/2023-2024/S98")[0] == "ny/2023-2024/S987"
    finally:
        db.close()
