"""The reviews database and its gold-data export, on the real demo database: append-only
history, checked input, scores from reviewed labels, accounts, and the export round trip
through ``billtracker reviews export`` and ``benchmarks/accuracy.py``."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys

import pytest
from web_demo import demo_database

from billtracker.cli import cli
from billtracker.config import load_checklist
from billtracker.errors import ConfigError
from billtracker.publishing.pages.views import WebError
from billtracker.reviews import accounts, forms, overlay, storage
from conftest import ROOT

VERSIONS = ("ca/2017-2018/SB54@chaptered", "ca/2017-2018/AB450@chaptered")
ALICE = {"id": "alice", "role": "reviewer"}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    conn = sqlite3.connect(f"file:{demo_database(tmp_path_factory)}?mode=ro", uri=True)
    yield conn
    conn.close()


def judged(published):
    return published.execute(
        "select version_id, item_id, label, quote from scores where version_id in (?, ?) "
        "order by version_id, item_id",
        VERSIONS,
    ).fetchall()


def test_history_is_append_only(tmp_path, published):
    conn = storage.open_reviews(tmp_path / "reviews.db")
    version, item, label, quote = judged(published)[0]
    review = forms.check_review(
        published,
        {"version": version, "item": item, "label": label, "reason": "ok", "quote": quote},
        ALICE,
    )
    storage.append(conn, review)
    storage.append(conn, {**review, "reason": "again"})
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("update reviews set to_label = 'full'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("delete from reviews")
    assert [r["reason"] for r in storage.history(conn, version, item)] == ["ok", "again"]
    assert [r["reason"] for r in storage.current(conn)] == ["again"]
    row = storage.current(conn)[0]
    assert row["text_hash"] and row["checklist_version"] and row["from_label"] == label


def test_check_review_refuses_what_is_not_in_the_text(published):
    version, item, *_ = next(r for r in judged(published) if r[2] != "absent")
    with pytest.raises(WebError, match="not verbatim") as ex:
        forms.check_review(
            published,
            {
                "version": version,
                "item": item,
                "label": "full",
                "reason": "r",
                "quote": "no such words",
            },
            ALICE,
        )
    assert ex.value.status == 400


def test_score_is_computed_from_reviewed_labels(published):
    checklist = load_checklist()
    stored = published.execute(
        "select score from version_scores where version_id = ?", [VERSIONS[0]]
    ).fetchone()[0]
    labels = {i: lab for v, i, lab, _ in judged(published) if v == VERSIONS[0]}
    assert overlay.score(labels, checklist) == stored  # the comparator's own formula
    assert overlay.score({**labels, "judicial_warrant_access": "absent"}, checklist) <= stored
    assert overlay.score({}, checklist) == 0.0


def test_accounts_hold_hashes_never_passwords(tmp_path):
    path = tmp_path / "reviewers.yml"
    path.write_text("reviewers:\n  alice: {role: reviewer}\n  rosa: {role: admin, name: Rosa}\n")
    found = accounts.load_reviewers(path)
    assert found["alice"]["password_hash"] == {"$env": "BILLTRACKER_PASSWORD_HASH_ALICE"}
    meta = accounts.metadata_with_reviewers({"plugins": {"x": 1}}, found, "published")
    assert meta["plugins"]["billtracker-reviews"]["reviewers"]["rosa"] == {
        "name": "Rosa",
        "role": "admin",
    }
    assert "role" not in meta["plugins"]["datasette-auth-passwords"]["actors"]["rosa"]
    path.write_text("reviewers:\n  alice: {role: reviewer, password: hunter2}\n")
    with pytest.raises(ConfigError, match="never a password"):
        accounts.load_reviewers(path)
    path.write_text("reviewers:\n  alice: {role: superuser}\n")
    with pytest.raises(ConfigError, match="role must be one of"):
        accounts.load_reviewers(path)


def test_export_round_trip_measures_the_comparator_against_reviewers(tmp_path, published, runner):
    db = tmp_path / "reviews.db"
    conn = storage.open_reviews(db)
    agreed = 0
    for n, (version, item, label, quote) in enumerate(judged(published)):
        to = label if n % 5 else ("absent" if label != "absent" else "full")
        if to == "full" and label == "absent":
            continue  # a present label needs a quote this text may not hold
        fields = {"version": version, "item": item, "label": to, "reason": f"read {n}"}
        if to != "absent":
            fields["quote"] = quote[:80]
        storage.append(conn, forms.check_review(published, fields, ALICE))
        agreed += to == label
    total = len(storage.current(conn))
    conn.close()
    published_path = published.execute("pragma database_list").fetchone()[2]
    out, texts = tmp_path / "reviewed.csv", tmp_path / "texts"
    result = runner.invoke(
        cli,
        ["reviews", "export", "--reviews", str(db), "--published", published_path]
        + ["--out", str(out), "--texts", str(texts)],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open()))
    assert list(rows[0]) == ["doc", "item", "label", "section", "quote", "note"]
    assert len(rows) == total and len(list(texts.iterdir())) == 2
    assert all(r["quote"] for r in rows if r["label"] != "absent")
    measured = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "accuracy.py"), "--json"]
        + ["--labels", str(out), "--texts", str(texts)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    report = json.loads(measured.stdout)["sets"]["reviewed.csv"]["comparator"]
    assert report["pairs"] == total and report["missing_predictions"] == 0
    assert report["accuracy"] == round(
        agreed / total, 4
    )  # the comparator disagrees where people did
    assert report["evidence_valid"] == 1.0
