"""Accuracy of the comparator against the gold labels, beside a plain keyword baseline.

Run from the repository root:

    .venv/bin/python benchmarks/accuracy.py          # table
    .venv/bin/python benchmarks/accuracy.py --json   # machine-readable

The labelled texts are the distinct ``doc`` values of ``../shared/eval/labels.csv``
(as ``../shared/eval/docs.py`` lists them), read from ``../shared/corpus/texts``.
Both the comparator (``compare.score.score_text`` with the project checklist) and
the baseline write predictions in the ``billtracker score --format json`` shape to
a temporary file, and ``../shared/eval/evaluate.py`` (imported from its path)
measures each.

The keyword baseline labels an item ``full`` when any of its ``keywords`` from
``data/checklist.yml`` occurs in the text (case-insensitive), with the sentence
around the first occurrence, verbatim, as evidence; otherwise ``absent``.

Exit status 1 when the comparator misses a target or is not strictly above the
baseline on any metric (presence precision, recall and F1, accuracy, kappa,
evidence validity and hit rate; an evidence_valid tie at 1.0 is fine).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from billtracker.analysis.scoring import scorecard_dict  # noqa: E402
from billtracker.config import load_checklist  # noqa: E402
from billtracker.text.extract import read_text  # noqa: E402
from compare.score import score_text  # noqa: E402

SHARED = ROOT / ".." / "shared"  # ../shared from the repository root
EVAL_DIR = SHARED / "eval"
LABELS = EVAL_DIR / "labels.csv"
TEXTS = SHARED / "corpus" / "texts"
EVALUATE = EVAL_DIR / "evaluate.py"

TARGETS = {
    "presence_f1": 0.90,
    "kappa": 0.85,
    "accuracy": 0.90,
    "evidence_valid": 1.0,
    "evidence_hit": 0.80,
}
METRICS = (
    "presence_precision",
    "presence_recall",
    "presence_f1",
    "accuracy",
    "kappa",
    "evidence_valid",
    "evidence_hit",
)
GATED = METRICS  # the comparator must beat the baseline on every one
_SENTENCE_BREAK = re.compile(r"[.;:](?=\s)|\n[ \t]*\n")


def load_evaluator():
    """Import ../shared/eval/evaluate.py as a module, from its path."""
    spec = importlib.util.spec_from_file_location("shared_evaluate", EVALUATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def labelled_docs(labels: Path) -> list[str]:
    """The distinct ``doc`` values of labels.csv, sorted (the logic of docs.py)."""
    with open(labels, newline="", encoding="utf-8") as f:
        return sorted({row["doc"] for row in csv.DictReader(f)})


def gold_labels(labels: Path) -> dict[str, dict[str, str]]:
    """doc -> item -> gold label."""
    gold: dict[str, dict[str, str]] = {}
    with open(labels, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            gold.setdefault(row["doc"].strip(), {})[row["item"].strip()] = row["label"].strip()
    return gold


def sentence_around(text: str, pos: int, length: int) -> tuple[int, int]:
    """Offsets of the sentence holding text[pos:pos+length] (breaks at . ; : or a blank line)."""
    start = 0
    for m in _SENTENCE_BREAK.finditer(text, max(0, pos - 2000), pos):
        start = m.end()
    m = _SENTENCE_BREAK.search(text, pos + length)
    end = m.end() if m else len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def keyword_baseline(text: str, checklist, source: str) -> dict:
    """One prediction object: an item is full when any of its keywords occurs in the text."""
    lowered = text.lower()
    items = []
    for item in checklist.items:
        hits = [(lowered.find(k), k) for k in item.keywords if k and k in lowered]
        if not hits:
            items.append({"id": item.id, "label": "absent", "evidence": []})
            continue
        pos, keyword = min(hits)
        start, end = sentence_around(text, pos, len(keyword))
        quote = text[start:end]
        items.append(
            {"id": item.id, "label": "full", "evidence": [{"section": "", "quote": quote}]}
        )
    return {"source": source, "items": items}


def per_doc_agreement(predictions: list[dict], gold: dict[str, dict[str, str]]) -> dict[str, float]:
    """Share of a document's labelled items whose predicted label equals the gold label."""
    out = {}
    for obj in predictions:
        doc = Path(obj["source"]).name.removesuffix(".txt")
        labels = {it["id"]: it["label"] for it in obj["items"]}
        items = gold.get(doc, {})
        if items:
            agree = sum(labels.get(i, "absent") == g for i, g in items.items())
            out[doc] = round(agree / len(items), 4)
    return out


def evaluate(evaluator, predictions: list[dict], labels: Path, texts: Path) -> dict:
    """Write predictions to a temporary JSON file and measure them with evaluate.py."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "predictions.json"
        path.write_text(json.dumps(predictions), encoding="utf-8")
        return evaluator.evaluate(
            evaluator.load_labels(labels), evaluator.load_predictions(path), texts
        )


def verdicts(comparator: dict, baseline: dict) -> list[str]:
    """Every failed target or baseline comparison, as a sentence (empty when all pass)."""
    failures = []
    for metric, target in TARGETS.items():
        if comparator[metric] < target:
            failures.append(f"{metric} {comparator[metric]} is below the target {target}")
    for metric in GATED:
        c, b = comparator[metric], baseline[metric]
        tie_ok = metric == "evidence_valid" and c == b == 1.0
        if c <= b and not tie_ok:
            failures.append(f"{metric} {c} is not above the keyword baseline's {b}")
    return failures


def run(labels: Path = LABELS, texts: Path = TEXTS) -> dict:
    """Score the labelled texts with the comparator and the baseline; evaluate both."""
    checklist = load_checklist()
    evaluator = load_evaluator()
    docs = labelled_docs(labels)
    comparator_preds, baseline_preds = [], []
    for doc in docs:
        path = texts / f"{doc}.txt"
        text = read_text(path)
        comparator_preds.append(scorecard_dict(score_text(text, checklist), str(path)))
        baseline_preds.append(keyword_baseline(text, checklist, str(path)))
    comparator = evaluate(evaluator, comparator_preds, labels, texts)
    baseline = evaluate(evaluator, baseline_preds, labels, texts)
    gold = gold_labels(labels)
    return {
        "checklist_version": checklist.version,
        "docs": len(docs),
        "pairs": comparator["pairs"],
        "comparator": comparator,
        "baseline": baseline,
        "targets": TARGETS,
        "per_doc": {
            "comparator": per_doc_agreement(comparator_preds, gold),
            "baseline": per_doc_agreement(baseline_preds, gold),
        },
        "failures": verdicts(comparator, baseline),
    }


def print_table(result: dict) -> None:
    c, b = result["comparator"], result["baseline"]
    print(
        f"Accuracy on {result['docs']} labelled texts, {result['pairs']} (doc, item) pairs; "
        f"checklist {result['checklist_version']}"
    )
    print()
    print(f"{'metric':20} {'comparator':>10} {'baseline':>10} {'target':>8}  result")
    for metric in METRICS:
        target = TARGETS.get(metric)
        notes = []
        if target is not None:
            notes.append("meets target" if c[metric] >= target else "MISSES TARGET")
        if metric == "evidence_valid" and c[metric] == b[metric] == 1.0:
            notes.append("ties baseline at 1.0 (allowed)")
        else:
            notes.append("above baseline" if c[metric] > b[metric] else "NOT ABOVE BASELINE")
        shown = f">={target}" if target is not None else "-"
        print(f"{metric:20} {c[metric]:>10} {b[metric]:>10} {shown:>8}  {'; '.join(notes)}")
    print(
        f"{'missing_predictions':20} {c['missing_predictions']:>10} {b['missing_predictions']:>10}"
    )
    print()
    print("Per-document agreement (share of items agreeing with gold):")
    print(f"{'document':45} {'comparator':>10} {'baseline':>10}")
    for doc, share in result["per_doc"]["comparator"].items():
        print(f"{doc:45} {share:>10.3f} {result['per_doc']['baseline'].get(doc, 0.0):>10.3f}")
    print()
    if result["failures"]:
        print("FAIL:")
        for failure in result["failures"]:
            print(f"  - {failure}")
    else:
        print("PASS: every target met and the comparator beats the keyword baseline.")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--labels", type=Path, default=LABELS, help="gold labels (labels.csv)")
    ap.add_argument("--texts", type=Path, default=TEXTS, help="folder of the labelled texts")
    args = ap.parse_args(argv)
    result = run(args.labels, args.texts)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
