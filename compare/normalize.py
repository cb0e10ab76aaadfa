"""A searchable view of a bill text that maps back to the original offsets.

Rules match on a lower-cased text with whitespace folded and words re-joined
across end-of-line hyphens ("IMMI-\\n GRATION" -> "immigration"); evidence is
quoted from the original text, so every normalised offset maps back to it.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass

import wordninja

_TOKEN = re.compile(r"\S+")
_LINE_END_HYPHEN = re.compile(r"-(?=[^\S\n]*\n)")
_RUN_MIN = 14
_RUN = re.compile(rf"[a-z]{{{_RUN_MIN},}}")
_TRANSLATE = str.maketrans(
    {"\ufffd": "§", "“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"}
)


@dataclass(frozen=True)
class View:
    """A normalised text and the map from its offsets back to the original."""

    text: str
    norm_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]
    orig_ends: tuple[int, ...]

    def to_original(self, pos: int, *, end: bool = False) -> int:
        """The original offset of normalised offset ``pos`` (an end offset if ``end``)."""
        if not self.norm_starts:
            return 0
        if end:
            i = max(0, bisect.bisect_left(self.norm_starts, pos) - 1)
            delta = pos - self.norm_starts[i]
            return min(self.orig_ends[i], self.orig_starts[i] + delta)
        i = max(0, bisect.bisect_right(self.norm_starts, pos) - 1)
        delta = pos - self.norm_starts[i]
        return min(self.orig_ends[i], self.orig_starts[i] + delta)


def normalise(
    text: str, start: int = 0, end: int | None = None, *, split_runs: bool = False
) -> View:
    """Build the normalised view of ``text[start:end]`` (offsets stay those of ``text``).

    ``split_runs`` re-spaces words that PDF extraction ran together
    ("nopersonoragency" -> "no person or agency").
    """
    end = len(text) if end is None else end
    matches = list(_TOKEN.finditer(text, start, end))
    if not matches:
        return View("", (), (), ())
    orig_starts = [m.start() for m in matches]
    orig_ends = [m.end() for m in matches]
    low = text[start:end].translate(_TRANSLATE).lower()
    if len(low) == end - start:  # lower() kept every length: its words are the tokens
        tokens = low.split()  # str.split and \S+ agree on what whitespace is
    else:
        tokens = [m.group().translate(_TRANSLATE).lower() for m in matches]
    breaks = _hyphen_breaks(text, matches, orig_ends, start, end)
    for k in breaks:
        tokens[k] = tokens[k][:-1]
    if split_runs:
        tokens = [_RUN.sub(_split_run, t) if len(t) >= _RUN_MIN else t for t in tokens]
    _drop_abbreviation_periods(tokens)
    if not breaks:  # the common case: tokens joined by single spaces
        norm_starts = list(itertools.accumulate(map(_PLUS_ONE, map(len, tokens)), initial=0))
        norm_starts.pop()
        return View(" ".join(tokens), tuple(norm_starts), tuple(orig_starts), tuple(orig_ends))
    seps = [" "] * len(tokens)
    seps[-1] = ""
    for k in breaks:
        seps[k] = ""
    parts = [t + sep for t, sep in zip(tokens, seps, strict=True)]
    norm_starts = [0, *itertools.accumulate(len(p) for p in parts)][:-1]
    return View("".join(parts), tuple(norm_starts), tuple(orig_starts), tuple(orig_ends))


_PLUS_ONE = (1).__add__


_DOTTED = re.compile(r"^\(?(?:[a-z]\.){2,}[a-z]?\.?,?$")  # u.s. u.s.c. e.g. d.c.
_CITING = frozenset({"sec.", "secs.", "s.", "ss.", "no.", "nos.", "ch.", "art.", "subd.", "par."})


def _drop_abbreviation_periods(tokens: list[str]) -> None:
    """Rules read "8 U.S.C. Sec. 1373" as one phrase: periods inside dotted
    abbreviations, and after citing words before a number, are dropped (in place)."""
    for k, token in enumerate(tokens):
        if "." not in token:
            continue
        if _DOTTED.match(token):
            tokens[k] = token.replace(".", "")
        elif token in _CITING and k + 1 < len(tokens) and tokens[k + 1][:1] in "0123456789§":
            tokens[k] = token[:-1]


def _hyphen_breaks(
    text: str, matches: list[re.Match], orig_ends: list[int], start: int, end: int
) -> list[int]:
    """Indices of tokens that end a line with a hyphen splitting a word."""
    out = []
    for m in _LINE_END_HYPHEN.finditer(text, start, end):
        k = bisect.bisect_left(orig_ends, m.end())
        if (
            k < len(matches) - 1
            and orig_ends[k] == m.end()
            and _hyphen_break(text, matches[k], end)
        ):
            out.append(k)
    return out


def _split_run(m: re.Match) -> str:
    """Segment one run of letters into English words."""
    return _segment(m.group())


@functools.lru_cache(maxsize=65536)
def _segment(run: str) -> str:
    return " ".join(wordninja.split(run))


def _hyphen_break(text: str, m: re.Match, end: int) -> bool:
    """True when a token ends a line with a hyphen that splits a word."""
    token = m.group()
    if len(token) < 3 or not token.endswith("-") or not token[-2].isalpha():
        return False
    gap_end = m.end()
    while gap_end < end and text[gap_end].isspace():
        gap_end += 1
    return "\n" in text[m.end() : gap_end] and gap_end < end and text[gap_end].isalpha()
