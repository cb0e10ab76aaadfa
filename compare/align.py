"""Align the sections of two versions of a bill (pure functions, no I/O).

``align_sections(old, new)`` pairs the sections (``compare.sections.Section``) of an earlier
and a later text and says what happened to each:

- ``same``: identical text (citations and markup ignored), same citation, same order;
- ``renumbered``: identical text under a different citation, in order;
- ``changed``: similar text (rapidfuzz ``fuzz.ratio`` >= ``score_cutoff``), in order;
- ``moved``: identical or similar text, out of the order of the other pairs;
- ``split``: one old section now stands as several new ones (one pair per piece);
- ``merged``: several old sections now stand as one new one (one pair per piece);
- ``inserted`` / ``deleted``: no counterpart.

Similarity is computed on the section text with its leading citation markers, strike
delimiters, inline line numbers and case removed. Identical texts are paired first by hash;
the rest are scored with ``rapidfuzz.process.extract`` (one C++ pass per old section over the
candidate new sections, sparse results, so memory stays bounded). When both leftovers are
large, candidates are restricted to sections sharing rare words or standing nearby, so time
stays near-linear in the number of sections. Pairs are returned in reading order of the new
text, with deleted sections after the pair that precedes them in the old text.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .redline import longest_increasing

KINDS = ("same", "changed", "moved", "renumbered", "inserted", "deleted", "split", "merged")
#: Compare every leftover old section with every leftover new one up to this many pairs.
FULL_PAIRS = 250_000
#: Characters of a section's text used for fuzzy similarity.
MAX_SIM_CHARS = 4000
#: In the blocked mode: rare words per section used to find candidates, and the window.
RARE_WORDS = 8
WINDOW = 8
MAX_CANDIDATES = 60
CONTAIN = 0.8
#: Same citation and at least this similar: paired before identical text elsewhere.
SAME_CITE_SCORE = 80
#: Texts with fewer words are paired only by citation.
MIN_WORDS = 3

_LEAD = re.compile(
    r"""^\s*(?:
        (?:\#+\s*)?(?:NEW\s+SECTION\.\s*)?(?:SECTION|Section|SEC\.|Sec\.)\s+[0-9A-Z]{1,4}\b\.?
      | [§\ufffd]\s*[\w.\-–]+\.?
      | \d+(?:[.\-–]\d+)+[a-z]?\.
      | (?:~~)?\(\w{1,5}\)(?:~~)?
      | (?:~~)?\w{1,5}\.(?:~~)?(?=\s)
    )""",
    re.X,
)
_LINE_NO = re.compile(r"(?m)^[ \t]*\d{1,3}(?=[ \t])")
_PAGE = re.compile(r"(?m)^[ \t]*(?:START|END) OF PAGE \d+[ \t]*$")
_WORDS = re.compile(r"[a-z0-9]+(?:['’\-][a-z0-9]+)*")


@dataclass(frozen=True)
class Pair:
    """Indexes into the old and new section lists (None for no counterpart) and the kind."""

    old: int | None
    new: int | None
    similarity: float
    kind: str


def comparable(text: str) -> str:
    """A section's text as compared: no leading markers, markup, line numbers or case."""
    text = _PAGE.sub(" ", text)
    text = _LINE_NO.sub(" ", text)
    for _ in range(4):
        m = _LEAD.match(text)
        if not m or not m.group(0).strip():
            break
        text = text[m.end() :]
    text = text.replace("~~", "").replace("\ufffd", "§")
    return " ".join(text.split()).casefold()


def align_sections(old: list, new: list, *, score_cutoff: float = 55) -> list[Pair]:
    """Pair old and new sections and classify each pair (see module docstring)."""
    a = [comparable(s.text) for s in old]
    b = [comparable(s.text) for s in new]
    cites_a = [_cite(x) for x in old]
    cites_b = [_cite(x) for x in new]
    partner_old: dict[int, int] = {}  # old index -> new index
    sim: dict[int, float] = {}  # old index -> similarity of its 1:1 pair
    # 1. identical text under the same citation; 2. same citation, closely similar text
    _exact(list(zip(a, cites_a, strict=True)), list(zip(b, cites_b, strict=True)), partner_old, sim)
    _same_citation(a, b, cites_a, cites_b, partner_old, sim, min_score=SAME_CITE_SCORE)
    # 3. identical substantive text anywhere; 4. similar substantive text anywhere
    subst_a = [t if len(t.split()) >= MIN_WORDS else "" for t in a]
    subst_b = [t if len(t.split()) >= MIN_WORDS else "" for t in b]
    _exact(subst_a, subst_b, partner_old, sim, skip_empty=True)
    _fuzzy(subst_a, subst_b, cites_a, cites_b, partner_old, sim, score_cutoff)
    # 5. what is left under the same citation (short headings, "(a)" lead-ins)
    _same_citation(a, b, cites_a, cites_b, partner_old, sim, min_score=0, short_only=True)
    partner_new = {j: i for i, j in partner_old.items()}
    in_order = _in_order(partner_old)

    kinds: dict[tuple[int | None, int | None], tuple[float, str]] = {}
    for i, j in partner_old.items():
        s = sim[i]
        short = min(len(a[i].split()), len(b[j].split())) < MIN_WORDS
        if short and a[i] == b[j] and _cite(old[i]) == _cite(new[j]):
            kind = "same"
        elif i not in in_order and not short:
            kind = "moved"
        elif s >= 100.0 and a[i] == b[j]:
            kind = "same" if _cite(old[i]) == _cite(new[j]) else "renumbered"
        else:
            kind = "changed"
        kinds[(i, j)] = (round(s, 1), kind)

    words_a = [_wordset(t) for t in a]
    words_b = [_wordset(t) for t in b]
    # split: leftover new sections contained in an old section nearby
    for j in range(len(b)):
        if j in partner_new or not words_b[j]:
            continue
        i = _best_container(j, words_b, words_a, _old_range(j, partner_new, len(a), len(b)))
        if i is None:
            continue
        partner_new[j] = i
        if i not in partner_old:
            partner_old[i] = j
            kinds[(i, j)] = (round(fuzz.ratio(a[i], b[j]), 1), "changed")
            continue
        kinds[(i, j)] = (round(100 * _containment(words_b[j], words_a[i]), 1), "split")
        jj = partner_old[i]
        kinds[(i, jj)] = (kinds[(i, jj)][0], "split")
    # merged: leftover old sections contained in a new section nearby
    used_old = {i for (i, _j) in kinds}
    for i in range(len(a)):
        if i in used_old or not words_a[i]:
            continue
        j = _best_container(i, words_a, words_b, _new_range(i, partner_old, len(a), len(b)))
        if j is None:
            continue
        used_old.add(i)
        ii = partner_new.get(j)
        if ii is None:
            partner_new[j] = i
            kinds[(i, j)] = (round(fuzz.ratio(a[i], b[j]), 1), "changed")
            continue
        kinds[(i, j)] = (round(100 * _containment(words_a[i], words_b[j]), 1), "merged")
        if (ii, j) in kinds and kinds[(ii, j)][1] != "split":
            kinds[(ii, j)] = (kinds[(ii, j)][0], "merged")

    pairs = [Pair(i, j, s, k) for (i, j), (s, k) in kinds.items()]
    used_new = {j for (_i, j) in kinds}
    pairs += [Pair(None, j, 0.0, "inserted") for j in range(len(b)) if j not in used_new]
    pairs += [Pair(i, None, 0.0, "deleted") for i in range(len(a)) if i not in used_old]
    return _reading_order(pairs)


def _cite(section) -> str:
    return getattr(section, "citation", "") or ""


def _exact(a: list, b: list, partner_old, sim, *, skip_empty: bool = False) -> None:
    """Pair equal keys among the unpaired; several copies pair up nearest in position."""
    taken = set(partner_old.values())
    where: dict = defaultdict(list)
    for j, t in enumerate(b):
        if j not in taken and not (skip_empty and not t):
            where[t].append(j)
    for i, t in enumerate(a):
        if i in partner_old or (skip_empty and not t):
            continue
        cands = [j for j in where.get(t, ()) if j not in taken]
        if not cands:
            continue
        target = i * len(b) / max(1, len(a))
        j = min(cands, key=lambda c: abs(c - target))
        partner_old[i] = j
        sim[i] = 100.0
        taken.add(j)


def _same_citation(
    a, b, cites_a, cites_b, partner_old, sim, *, min_score: float, short_only: bool = False
) -> None:
    """Pair unpaired sections whose citation is the same (and unique on each side)."""
    taken = set(partner_old.values())
    count_a = Counter(c for i, c in enumerate(cites_a) if i not in partner_old)
    where_b: dict[str, list[int]] = defaultdict(list)
    for j, c in enumerate(cites_b):
        if j not in taken:
            where_b[c].append(j)
    for i, c in enumerate(cites_a):
        if i in partner_old or not c or count_a[c] != 1 or len(where_b.get(c, ())) != 1:
            continue
        j = where_b[c][0]
        if short_only and max(len(a[i].split()), len(b[j].split())) >= MIN_WORDS:
            continue
        score = fuzz.ratio(a[i][:MAX_SIM_CHARS], b[j][:MAX_SIM_CHARS])
        if score >= min_score:
            partner_old[i] = j
            sim[i] = float(score)
            taken.add(j)


def _fuzzy(a, b, cites_a, cites_b, partner_old, sim, cutoff) -> None:
    """Pair the leftovers by fuzz.ratio, best pairs first (greedy)."""
    left_a = [i for i in range(len(a)) if i not in partner_old and a[i]]
    taken = set(partner_old.values())
    left_b = [j for j in range(len(b)) if j not in taken and b[j]]
    if not left_a or not left_b:
        return
    short_b = {j: b[j][:MAX_SIM_CHARS] for j in left_b}
    scored: list[tuple[float, int, int]] = []
    if len(left_a) * len(left_b) <= FULL_PAIRS:
        for i in left_a:
            for _text, score, j in process.extract(
                a[i][:MAX_SIM_CHARS], short_b, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5
            ):
                scored.append((score, i, j))
    else:
        cands = _candidates(a, b, left_a, left_b, partner_old)
        for i in left_a:
            choices = {j: short_b[j] for j in cands.get(i, ())}
            if not choices:
                continue
            for _text, score, j in process.extract(
                a[i][:MAX_SIM_CHARS], choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5
            ):
                scored.append((score, i, j))
    # same citation breaks near-ties; then nearness in position
    scored.sort(
        key=lambda x: (
            -(x[0] + (3 if cites_a[x[1]] == cites_b[x[2]] else 0)),
            abs(x[1] - x[2]),
            x[1],
        )
    )
    for score, i, j in scored:
        if i in partner_old or j in taken:
            continue
        partner_old[i] = j
        sim[i] = float(score)
        taken.add(j)


def _candidates(a, b, left_a, left_b, partner_old) -> dict[int, set[int]]:
    """Blocked mode: new sections sharing rare words with an old one, or nearby."""
    words_a = {i: set(_WORDS.findall(a[i][:MAX_SIM_CHARS])) for i in left_a}
    words_b = {j: set(_WORDS.findall(b[j][:MAX_SIM_CHARS])) for j in left_b}
    df: Counter = Counter()
    for ws in words_b.values():
        df.update(ws)
    index: dict[str, list[int]] = defaultdict(list)
    for j, ws in words_b.items():
        for w in sorted(ws, key=lambda w: (df[w], w))[:RARE_WORDS]:
            index[w].append(j)
    partner_new = {j: i for i, j in partner_old.items()}
    sorted_b = sorted(left_b)
    out: dict[int, set[int]] = {}
    for i in left_a:
        votes: Counter = Counter()
        for w in sorted(words_a[i], key=lambda w: (df.get(w, 0) or 10**9, w))[:RARE_WORDS]:
            if 0 < df.get(w, 0) <= 50:
                votes.update(index.get(w, ()))
        cand = {j for j, _ in votes.most_common(MAX_CANDIDATES)}
        lo, hi = _new_range(i, partner_old, len(a), len(b))
        k = bisect.bisect_left(sorted_b, lo)
        near = sorted_b[max(0, k - WINDOW) : k + WINDOW + (hi - lo)]
        cand.update(j for j in near[: 2 * WINDOW + 8] if j not in partner_new)
        out[i] = cand
    return out


def _in_order(partner_old: dict[int, int]) -> set[int]:
    """Old indexes of the pairs in the longest run increasing in both texts."""
    return {i for i, _ in longest_increasing(sorted(partner_old.items()))}


def _wordset(text: str) -> frozenset[str]:
    return frozenset(_WORDS.findall(text))


def _containment(small: frozenset, big: frozenset) -> float:
    return len(small & big) / len(small) if small else 0.0


def _best_container(k, words_small, words_big, rng) -> int | None:
    """The section in range rng of the other text that best contains section k's words."""
    small = words_small[k]
    if len(small) < 5:
        return None
    best, best_c = None, CONTAIN
    lo, hi = rng
    for m in range(max(0, lo), min(len(words_big), hi)):
        big = words_big[m]
        if len(big) < len(small):
            continue
        c = _containment(small, big)
        if c >= best_c:
            best, best_c = m, c
    return best


def _old_range(j: int, partner_new: dict[int, int], n_old: int, n_new: int) -> tuple[int, int]:
    """Old indexes between the partners of the nearest paired new sections around j."""
    return _gap(j, partner_new, n_new, n_old)


def _new_range(i: int, partner_old: dict[int, int], n_old: int, n_new: int) -> tuple[int, int]:
    """New indexes between the partners of the nearest paired old sections around i."""
    return _gap(i, partner_old, n_old, n_new)


def _gap(k: int, partner: dict[int, int], n_self: int, n_other: int, reach: int = 3):
    """The other side's range between the partners of k's paired neighbours (inclusive)."""
    est = round(k * n_other / max(1, n_self))
    lo = next((partner[k - d] for d in range(1, reach + 1) if k - d in partner), est - reach)
    hi = next(
        (partner[k + d] + 1 for d in range(1, reach + 1) if k + d in partner), est + reach + 1
    )
    lo, hi = min(lo, hi - 1), max(hi, lo + 1)
    lo, hi = max(0, lo), min(n_other, hi)
    return lo, min(hi, lo + 40)


def _reading_order(pairs: list[Pair]) -> list[Pair]:
    """Sort pairs by new position; deleted sections follow their old predecessor's pair."""
    new_of_old: dict[int, int] = {}
    for p in pairs:
        if p.old is not None and p.new is not None:
            new_of_old[p.old] = max(new_of_old.get(p.old, -1), p.new)
    olds = sorted(new_of_old)

    def key(p: Pair):
        if p.new is not None:
            return (p.new, 0, p.old if p.old is not None else -1)
        k = bisect.bisect_left(olds, p.old) - 1
        anchor = new_of_old[olds[k]] if k >= 0 else -1
        return (anchor, 1, p.old)

    return sorted(pairs, key=key)
