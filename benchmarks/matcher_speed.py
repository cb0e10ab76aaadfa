"""Multi-pattern matching: the checklist's pattern lists over the corpus provisions.

Run from the repository root:

    .venv/bin/python benchmarks/matcher_speed.py            # every shared text, best of 5
    .venv/bin/python benchmarks/matcher_speed.py --limit 10  # a quicker run

The workload is real: each shared bill text (its first ``--chars`` characters) is
scored once with ``compare.score.score_text`` while every call of
``compare.patterns.first_match`` is recorded (pattern list, text). The recorded calls
are then replayed, text by text, by each way of finding the leftmost match of a list
of patterns, and every way must give the same answers:

- ``alternation``: one Python regex of the whole list, run on every text;
- ``re._parser gate``: the same regex, skipped when the text holds none of the
  literal prefixes read from the parsed patterns (``re._parser``: how
  ``compare/patterns.py`` matched before Aho-Corasick);
- ``RE2 gate``: ``google-re2`` (``re2``) compiles the list (when RE2 accepts every
  pattern: no look-arounds) and says whether it matches at all; the Python regex
  then finds the match itself, so the answers cannot differ;
- ``Aho-Corasick`` (``compare.patterns.first_match``, kept): ``pyahocorasick`` finds
  every literal prefix of every list in one pass over a text; only the patterns
  whose literals the text holds are run, each from its literal's first place, and
  answers are remembered for the text (its caches are emptied before each text).

Reported: microseconds per call for each, and each one's speed relative to the
``re._parser`` gate (above 1 is faster).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from billtracker.config import load_checklist  # noqa: E402
from compare import patterns  # noqa: E402
from compare import score as score_module  # noqa: E402

TEXTS = ROOT / ".." / "shared" / "corpus" / "texts"

try:
    import re2
except ImportError:  # optional: only this benchmark uses it
    re2 = None


def record(texts: list[str], checklist) -> list[list[tuple[tuple, str]]]:
    """The (patterns, text) of every first_match call made while scoring each text."""
    calls: list[list[tuple[tuple, str]]] = []
    original = score_module._first_match

    def recording(found, text):
        calls[-1].append((tuple(found), text))
        return original(found, text)

    score_module._first_match = recording
    try:
        for text in texts:
            calls.append([])
            score_module.score_text(text, checklist)
    finally:
        score_module._first_match = original
    return calls


class Alternation:
    name = "alternation"

    def __init__(self, found: tuple):
        self.regex = re.compile("|".join(f"(?:{p.pattern})" for p in found)) if found else None

    def first(self, text: str) -> str:
        m = self.regex.search(text) if self.regex is not None else None
        return m.group(0) if m else ""


class ParserGate(Alternation):
    """The literal gate compare/patterns.py used before: prefixes from re._parser."""

    name = "re._parser gate"

    def __init__(self, found: tuple):
        prefixed = [p for p in found if patterns.literal_prefixes(p.pattern) is not None]
        free = [p for p in found if p not in prefixed]
        self.prefixed = Alternation(tuple(prefixed)).regex
        self.free = Alternation(tuple(free)).regex
        literals = sorted({lit for p in prefixed for lit in patterns.literal_prefixes(p.pattern)})
        self.literals = literals
        many = len(literals) > patterns.GATE_LITERALS
        self.gate = re.compile("|".join(map(re.escape, literals))) if many else None

    def first(self, text: str) -> str:
        m = None
        if self.prefixed is not None:
            held = (
                self.gate.search(text) is not None
                if self.gate is not None
                else any(lit in text for lit in self.literals)
            )
            if held:
                m = self.prefixed.search(text)
        if self.free is not None:
            other = self.free.search(text)
            if other is not None and (m is None or other.start() < m.start()):
                m = other
        return m.group(0) if m else ""


class RE2Gate(ParserGate):
    name = "RE2 gate"

    def __init__(self, found: tuple):
        super().__init__(found)
        self.re2 = None
        if found:
            options = re2.Options()
            options.log_errors = False
            options.max_mem = 256 << 20
            try:
                self.re2 = re2.compile("|".join(f"(?:{p.pattern})" for p in found), options)
            except Exception:  # RE2 has no look-arounds: such lists keep the parser gate
                self.re2 = None

    def first(self, text: str) -> str:
        if self.re2 is not None and self.re2.search(text) is None:
            return ""
        return super().first(text)


class AhoCorasick:
    name = "Aho-Corasick (kept)"

    def __init__(self, found: tuple):
        self.patterns = found

    def first(self, text: str) -> str:
        return patterns.first_match(self.patterns, text)

    @staticmethod
    def new_text() -> None:
        patterns._MEMO.clear()
        patterns._LITERALS.found.clear()


def replay(kind, calls, repeat: int) -> tuple[float, list[str]]:
    """Best-of-``repeat`` CPU seconds to answer every recorded call, and the answers."""
    made = {}
    for per_text in calls:
        for found, _ in per_text:
            if found not in made:
                made[found] = kind(found)
    best, answers = float("inf"), []
    for _ in range(repeat):
        answers = []
        t0 = time.process_time()
        for per_text in calls:
            if hasattr(kind, "new_text"):
                kind.new_text()
            for found, text in per_text:
                answers.append(made[found].first(text))
        best = min(best, time.process_time() - t0)
    return best, answers


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N texts")
    parser.add_argument("--chars", type=int, default=20_000, help="characters of each text")
    parser.add_argument("--repeat", type=int, default=5, help="best of N replays")
    args = parser.parse_args(argv)
    paths = sorted(TEXTS.glob("*.txt"))[: args.limit or None]
    texts = [p.read_text(encoding="utf-8", errors="replace")[: args.chars] for p in paths]
    checklist = load_checklist()
    calls = record(texts, checklist)
    n = sum(map(len, calls))
    print(
        f"{len(texts)} texts, {n} first_match calls, {len({c for t in calls for c in t})} distinct"
    )
    kinds = [Alternation, ParserGate, AhoCorasick]
    if re2 is not None:
        kinds.insert(2, RE2Gate)
    else:
        print("google-re2 is not installed: RE2 not measured")
    results = {kind.name: replay(kind, calls, args.repeat) for kind in kinds}
    reference = results[ParserGate.name]
    for name, (seconds, answers) in results.items():
        same = "same answers" if answers == reference[1] else "ANSWERS DIFFER"
        ratio = reference[0] / seconds if seconds else float("inf")
        print(f"{name:22s} {seconds / n * 1e6:7.2f} us/call  {ratio:5.2f}x  {same}")
    return 0 if all(r[1] == reference[1] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
