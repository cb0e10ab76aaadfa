"""The command line as users meet it: help, versions, the score contract, one-line errors."""

import json

import pytest

from billtracker import __version__
from billtracker.cli import cli
from billtracker.config import load_checklist
from conftest import ROOT, TEXTS

COMMANDS = [
    "import",
    "crawl",
    "score",
    "diff",
    "similar",
    "update",
    "schedule",
    "status",
    "alerts",
    "ingest",
    "publish",
    "serve",
]
SB54 = TEXTS / "CA_2017-2018_SB54_chaptered-ch495.txt"
S987 = TEXTS / "NY_2023-2024_S987_original.txt"


def test_help_lists_every_command(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert len(cli.commands[command].help or "") > 20


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command):
    assert f"billtracker {command}" in (ROOT / "README.md").read_text()


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_score_json_contract(runner):
    result = runner.invoke(cli, ["score", str(S987), str(SB54), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["source"] for d in data] == [str(S987), str(SB54)]
    for d, path in zip(data, [S987, SB54], strict=True):
        text = path.read_text()
        assert 0 <= d["score"] <= 100
        assert len(d["items"]) == len(load_checklist().items)
        assert set(d["categories"]) >= {"data", "resources", "access", "workplace", "rights"}
        for item in d["items"]:
            assert item["label"] in {"full", "partial", "absent"}
            assert 0 <= item["confidence"] <= 1
            if item["label"] != "absent":
                assert item["evidence"], item["id"]
            for ev in item["evidence"]:
                assert ev["quote"] in text
                assert ev["section"] is not None


def test_score_explain_shows_the_deciding_cue(runner):
    result = runner.invoke(cli, ["score", str(SB54), "--format", "json", "--explain"])
    items = {i["id"]: i for i in json.loads(result.output)[0]["items"]}
    explanation = items["no_detainers"]["explanation"]
    assert explanation["cue"].strip() == "shall not"
    assert explanation["section"].startswith("7284.6(a)")


@pytest.mark.parametrize("fmt,marker", [("table", "score"), ("markdown", "| item |")])
def test_score_other_formats(runner, fmt, marker):
    result = runner.invoke(cli, ["score", str(SB54), "--format", fmt])
    assert result.exit_code == 0
    assert marker in result.output
    assert "no_detainers" in result.output


def test_score_does_not_touch_the_database(runner, db_path):
    result = runner.invoke(cli, ["score", str(SB54), "--format", "json", "--db", str(db_path)])
    assert result.exit_code == 0
    assert not db_path.exists()


def bad_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02binary\x00")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"caf\xe9 shall not disclose")
    folder = tmp_path / "bad-index"
    folder.mkdir()
    (folder / "index.json").write_text("[{not json")
    return {
        "missing": tmp_path / "nope.txt",
        "empty": empty,
        "binary": binary,
        "not utf-8": latin,
        "malformed index.json": folder,
    }


@pytest.mark.parametrize(
    "case", ["missing", "empty", "binary", "not utf-8", "malformed index.json"]
)
@pytest.mark.parametrize("command", ["import", "score"])
def test_bad_input_is_one_clear_line(runner, tmp_path, db_path, case, command):
    path = bad_inputs(tmp_path)[case]
    if command == "score" and case == "malformed index.json":
        path = path / "index.json"
    args = [command, str(path), "--db", str(db_path)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_bad_import_loses_nothing(runner, tmp_path, db_path):
    assert runner.invoke(cli, ["import", str(S987), "--db", str(db_path), "-q"]).exit_code == 0
    before = _count(db_path)
    result = runner.invoke(
        cli, ["import", str(S987), str(tmp_path / "nope.txt"), "--db", str(db_path)]
    )
    assert result.exit_code == 1
    assert _count(db_path) == before


def test_checklist_with_duplicate_id_is_refused(runner, tmp_path):
    from billtracker.config import CHECKLIST_PATH

    text = CHECKLIST_PATH.read_text()
    broken = tmp_path / "checklist.yml"
    broken.write_text(text.replace("  - id: no_status_collection", "  - id: no_info_sharing"))
    result = runner.invoke(cli, ["score", str(SB54), "--checklist", str(broken)])
    assert result.exit_code == 1
    assert "duplicate id 'no_info_sharing'" in result.output


def test_unknown_spider_is_one_line(runner, db_path):
    result = runner.invoke(cli, ["crawl", "atlantis", "--db", str(db_path)])
    assert result.exit_code == 1
    assert "atlantis" in result.output
    assert "Traceback" not in result.output


def _count(db_path):
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        return conn.execute("select count(*) from versions").fetchone()[0]
