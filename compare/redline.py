"""Word-level redline of two bill texts (pure functions, no I/O).

``redline(a, b)`` returns ``Op(tag, text)`` runs with tag ``"equal"``, ``"insert"`` or
``"delete"``: for unmarked texts, reading the ``equal`` and ``delete`` runs gives ``a`` and the
``equal`` and ``insert`` runs give ``b`` (words with their spacing tidied to one space or one
newline).

Words are compared case-folded with amendment markup removed (``~~`` strike delimiters and
the brackets of bracketed deletions), so a word NY prints in capitals as new matter matches
the same word in lower case. Page noise (line numbers, page markers, running heads; see
``markup.noise_spans``) is dropped. Matter that the source markup marks as deleted
(``markup.deleted_spans``: NY/NYC/Missouri ``[brackets]``, Maryland ``~~strikes~~``) is not law,
so it always shows as deleted: newly struck in ``b`` it is a ``delete`` run whose ``side`` is
``"b"``, struck in both it is a ``delete`` run whose ``side`` is ``"both"`` (no change: see
``changed``); struck in ``a`` and live in ``b`` it shows deleted then inserted. Matter live in ``a`` and struck in ``b`` is shown deleted once.

The edit script comes from ``rapidfuzz.distance.Indel.opcodes`` over word lists. Long inputs
are first cut at anchors (words that occur once in each side, in the same order: the
"patience" idea) so each call is small, keeping time and memory near-linear in the text
length; a gap with no anchors that is still too large is shown as deleted then inserted.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz.distance import Indel

from . import markup

#: Above this many word pairs (len(a) * len(b)) a gap is cut at anchors before Indel runs.
MAX_CELLS = 2_000_000
#: In repetitive text, words occurring at most this often on both sides may anchor.
REPEAT_ANCHOR = 256
#: A gap larger than this with no anchors is replaced wholesale (delete then insert).
MAX_FALLBACK_CELLS = 20_000_000
_WORD_SPACE = re.compile(r"(\S+)(\s*)")
_WORD_ONLY = re.compile(r"\S+")
_SPACE = re.compile(r"\s*")
_KEY_TABLE = str.maketrans("", "", "[]~")
DELETED_MARK = "\x00"


@dataclass(frozen=True)
class Op:
    """One run of the redline: ``tag`` is "equal", "insert" or "delete"."""

    tag: str
    text: str
    side: str = ""  # on delete runs: "b" newly printed struck in b, "both" struck in a and b


class Token(NamedTuple):
    """One word: its comparison key, how it prints (with the space after it), its offset."""

    key: str
    text: str
    deleted: bool
    start: int


def tokenize(
    text: str,
    style: str | None = None,
    *,
    deleted: list[tuple[int, int]] | None = None,
    noise: list[tuple[int, int]] | None = None,
) -> list[Token]:
    """Words of ``text`` with their deleted flag; page noise dropped.

    Words are cut at the edges of deleted spans, so ``officer[,]`` gives ``officer`` (live) and
    ``[,]`` (deleted). ``deleted`` and ``noise`` may be given precomputed (sorted, merged).
    """
    style = style or markup.detect_style(text)
    if deleted is None and noise is None:
        deleted, noise = markup_spans(text, style)
    if deleted is None:
        deleted = markup.deleted_spans(text, style)
    if noise is None:
        noise = markup.noise_spans(text, style)
    out: list[Token] = []
    for p, q, kind in _segments(len(text), deleted, noise):
        if kind == "noise":
            continue
        first = len(out)
        pairs = _WORD_SPACE.findall(text, p, q)
        if not pairs:
            continue
        starts = [m.start() for m in _WORD_ONLY.finditer(text, p, q)]
        keys = [w.translate(_KEY_TABLE).casefold() or w for w, _ in pairs]
        if kind == "deleted":
            keys = [DELETED_MARK + k for k in keys]
        shown = [
            (w.replace("~~", "") if "~" in w else w) + (("\n" if "\n" in g else " ") if g else "")
            for w, g in pairs
        ]
        flag = kind == "deleted"
        out.extend(
            tuple.__new__(Token, t)
            for t in zip(keys, shown, [flag] * len(keys), starts, strict=True)
            if t[1].strip()
        )
        # the space after a segment's last word lies beyond the segment
        if len(out) > first and q < len(text) and text[q].isspace() and not pairs[-1][1]:
            gap = _SPACE.match(text, q).group()
            last = out[-1]
            out[-1] = last._replace(text=last.text + ("\n" if "\n" in gap else " "))
    return out


def markup_spans(text: str, style: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(deleted spans, noise spans) of a text, finding the noise once for both."""
    noise = markup.noise_spans(text, style)
    try:
        return markup.deleted_spans(text, style, noise=noise), noise
    except TypeError:  # pragma: no cover - an older markup without the noise argument
        return markup.deleted_spans(text, style), noise


def _segments(n: int, deleted, noise):
    """(start, end, kind) covering [0, n): kind is "noise", "deleted" or "text"."""
    points = sorted({0, n, *(x for sp in deleted for x in sp), *(x for sp in noise for x in sp)})
    di = ni = 0
    out = []
    for p, q in zip(points, points[1:], strict=False):
        if p >= q or p >= n:
            continue
        while ni < len(noise) and noise[ni][1] <= p:
            ni += 1
        while di < len(deleted) and deleted[di][1] <= p:
            di += 1
        if ni < len(noise) and noise[ni][0] <= p:
            kind = "noise"
        elif di < len(deleted) and deleted[di][0] <= p:
            kind = "deleted"
        else:
            kind = "text"
        if out and out[-1][2] == kind and out[-1][1] == p:
            out[-1] = (out[-1][0], q, kind)
        else:
            out.append((p, q, kind))
    return out


def redline(a: str, b: str, *, a_style: str | None = None, b_style: str | None = None) -> list[Op]:
    """Word-level redline turning ``a`` into ``b`` (see module docstring)."""
    return redline_tokens(tokenize(a, a_style), tokenize(b, b_style))


def redline_tokens(ta: list[Token], tb: list[Token]) -> list[Op]:
    """The redline of two token lists (from ``tokenize``), as merged runs."""
    ka = [t.key for t in ta]
    kb = [t.key for t in tb]
    runs: list[tuple[str, str] | tuple[str, str, str]] = []
    pending: list[int] = []  # [i1, i2, j1, j2] of consecutive non-equal opcodes
    for tag, i1, i2, j1, j2 in matching_blocks(ka, kb):
        if tag != "equal":
            if pending:
                pending[1], pending[3] = i2, j2
            else:
                pending = [i1, i2, j1, j2]
            continue
        if pending:
            _change(ta[pending[0] : pending[1]], tb[pending[2] : pending[3]], runs)
            pending = []
        runs.extend(
            ("delete", y.text, "both") if y.deleted else ("equal", y.text) for y in tb[j1:j2]
        )
    if pending:
        _change(ta[pending[0] : pending[1]], tb[pending[2] : pending[3]], runs)
    return _merge(runs)


def _change(old: list[Token], new: list[Token], runs: list[tuple[str, str]]) -> None:
    """Runs for a changed stretch; matter live in a and struck in b shows deleted once."""
    gone = Counter(t.key.lstrip(DELETED_MARK) for t in old)
    runs.extend(("delete", t.text) for t in old)
    for t in new:
        if not t.deleted:
            runs.append(("insert", t.text))
        elif gone[t.key[1:]] > 0:
            gone[t.key[1:]] -= 1
        else:
            runs.append(("delete", t.text, "b"))


def _merge(runs) -> list[Op]:
    """Join consecutive runs of the same kind; within a change, deletions come first."""
    out: list[tuple[str, str, list[str]]] = []  # (tag, side, texts)
    pending: dict[tuple[str, str], list[str]] = {}

    def flush():
        for key in sorted(pending, key=lambda k: (k[0] != "delete", k[1] != "b")):
            out.append((key[0], key[1], pending[key]))
        pending.clear()

    for run in runs:
        tag, text = run[0], run[1]
        side = run[2] if len(run) > 2 else ""
        if tag == "equal" or side == "both":
            if pending:
                flush()
            if out and out[-1][0] == tag and out[-1][1] == side:
                out[-1][2].append(text)
            else:
                out.append((tag, side, [text]))
        else:
            pending.setdefault((tag, side), []).append(text)
    if pending:
        flush()
    return [Op(tag, "".join(texts), side) for tag, side, texts in out]


def matching_blocks(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Opcodes (tag, i1, i2, j1, j2) with tags equal/replace/delete/insert, near-linear."""
    out: list[tuple[str, int, int, int, int]] = []
    _diff(a, b, 0, len(a), 0, len(b), out, depth=0)
    return _coalesce(out)


def _diff(a, b, alo, ahi, blo, bhi, out, depth):
    # common prefix and suffix
    k = 0
    while alo + k < ahi and blo + k < bhi and a[alo + k] == b[blo + k]:
        k += 1
    if k:
        out.append(("equal", alo, alo + k, blo, blo + k))
        alo, blo = alo + k, blo + k
    k = 0
    while alo < ahi - k and blo < bhi - k and a[ahi - 1 - k] == b[bhi - 1 - k]:
        k += 1
    tail = [("equal", ahi - k, ahi, bhi - k, bhi)] if k else []
    ahi, bhi = ahi - k, bhi - k
    n, m = ahi - alo, bhi - blo
    if n == 0 or m == 0:
        if n:
            out.append(("delete", alo, ahi, blo, blo))
        if m:
            out.append(("insert", alo, alo, blo, bhi))
    elif n * m <= MAX_CELLS:
        for tag, i1, i2, j1, j2 in Indel.opcodes(a[alo:ahi], b[blo:bhi]):
            out.append((tag, alo + i1, alo + i2, blo + j1, blo + j2))
    else:
        anchors = _anchors(a, b, alo, ahi, blo, bhi) if depth < 8 else []
        if not anchors:
            if n * m <= MAX_FALLBACK_CELLS:
                for tag, i1, i2, j1, j2 in Indel.opcodes(a[alo:ahi], b[blo:bhi]):
                    out.append((tag, alo + i1, alo + i2, blo + j1, blo + j2))
            else:
                out.append(("delete", alo, ahi, blo, blo))
                out.append(("insert", ahi, ahi, blo, bhi))
        else:
            pa, pb = alo, blo
            for i, j in anchors:
                _diff(a, b, pa, i, pb, j, out, depth + 1)
                out.append(("equal", i, i + 1, j, j + 1))
                pa, pb = i + 1, j + 1
            _diff(a, b, pa, ahi, pb, bhi, out, depth + 1)
    out.extend(reversed(tail))


def _anchors(a, b, alo, ahi, blo, bhi) -> list[tuple[int, int]]:
    """Words unique in both ranges, in a longest increasing run of positions."""
    ca = Counter(a[alo:ahi])
    cb = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if cb[b[j]] == 1 and ca.get(b[j]) == 1}
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi) if a[i] in where_b]
    if len(pairs) * 1000 >= ahi - alo:
        return _lis(pairs)
    # few unique words (repetitive text): pair the k-th occurrences of words that occur
    # equally often, and not too often, on both sides
    seen: Counter = Counter()
    pos_b: dict[str, list[int]] = {}
    for j in range(blo, bhi):
        w = b[j]
        if ca.get(w) == cb[w] <= REPEAT_ANCHOR:
            pos_b.setdefault(w, []).append(j)
    pairs = []
    for i in range(alo, ahi):
        w = a[i]
        if w in pos_b:
            pairs.append((i, pos_b[w][seen[w]]))
            seen[w] += 1
    return _lis(pairs)


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence of pairs (sorted by first) increasing in the second (patience sort)."""
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    out = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


def _coalesce(ops):
    """Merge adjacent opcodes with the same tag; delete+insert pairs become replace."""
    out: list[list] = []
    for tag, i1, i2, j1, j2 in ops:
        if i1 == i2 and j1 == j2:
            continue
        if out and out[-1][0] == tag and out[-1][2] == i1 and out[-1][4] == j1:
            out[-1][2], out[-1][4] = i2, j2
        else:
            out.append([tag, i1, i2, j1, j2])
    return [tuple(o) for o in out]


def ops_text(ops: list[Op], side: str) -> str:
    """The text of one side from a redline: "a" (equal + its deletions) or "b" (equal + insert +
    matter printed struck in b)."""
    if side == "a":
        return "".join(op.text for op in ops if op.tag in ("equal", "delete") and op.side != "b")
    return "".join(op.text for op in ops if op.tag != "delete" or op.side in ("b", "both"))


def changed(ops: list[Op]) -> bool:
    """True when the redline has any insertion or deletion (matter struck in both is no change)."""
    return any(op.tag != "equal" and op.side != "both" for op in ops)
