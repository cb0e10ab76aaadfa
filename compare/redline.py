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

Over 400 lines because tokenizing, anchoring and the edit script are one algorithm whose
pieces share the token representation; split, each part would be unreadable alone.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate, chain, compress, repeat
from operator import concat as _concat
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
_SPLIT_WS = re.compile(r"(\s+)")
_SPECIAL = re.compile(r"[\[\]~]")
_BARE_MARK = re.compile(r"(?<!\S)[\[\]~]+(?!\S)")
_KEY_TABLE = str.maketrans("", "", "[]~")
DELETED_MARK = "\x00"
_new_tuple = tuple.__new__
_match_start = re.Match.start
_plus_one = (1).__add__


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
    columns = _words(text, style, deleted, noise, with_starts=True)
    return list(map(_new_tuple, repeat(Token), zip(*columns, strict=True)))


class _Seps(dict):
    """How the gap after a word prints: "" (none), "\n" (it holds a newline) or " "."""

    def __missing__(self, gap: str) -> str:
        sep = "\n" if "\n" in gap else " "
        self[gap] = sep
        return sep


def _words(
    text: str,
    style: str | None,
    deleted: list[tuple[int, int]] | None,
    noise: list[tuple[int, int]] | None,
    with_starts: bool = False,
) -> tuple[list[str], list[str], list[bool], list[int]]:
    """``tokenize`` as parallel lists: keys, texts, deleted flags and (``with_starts``, else
    empty) start offsets.

    The whole text is split into words once. A segment (see ``_segments``) whose edges cut no
    word takes its words from that split (re-keyed when it holds any of "[]~"); any other
    segment is split on its own.
    """
    style = style or markup.detect_style(text)
    if deleted is None and noise is None:
        deleted, noise = markup_spans(text, style)
    if deleted is None:
        deleted = markup.deleted_spans(text, style)
    if noise is None:
        noise = markup.noise_spans(text, style)
    n = len(text)
    # the whole text, line by line: words, where lines start, how many words precede each line
    lines = text.split("\n")
    line_words = list(map(str.split, lines))
    counts = list(map(len, line_words))
    words = list(chain.from_iterable(line_words))
    before = list(accumulate(counts, initial=0))
    line_starts = list(accumulate(map(_plus_one, map(len, lines)), initial=0))
    # how each word prints: followed by " ", by "\n" when a newline follows it, or by nothing
    seps = [" "] * len(words)
    for k in compress(before[1:-1], counts):
        seps[k - 1] = "\n"
    if words and not text[-1].isspace():
        seps[-1] = ""
    all_keys = text.casefold().split()
    all_shown = list(map(_concat, words, seps))
    starts = list(map(_match_start, _WORD_ONLY.finditer(text))) if with_starts else []

    def index(x: int) -> int:
        """How many words start before offset x (which cuts no word)."""
        line = bisect.bisect_right(line_starts, x) - 1
        return before[line] + len(text[line_starts[line] : x].split())

    keys: list[str] = []
    shown: list[str] = []
    flags: list[bool] = []
    offsets: list[int] = []
    special = _SPECIAL.search
    isspace = str.isspace
    gap_sep = _Seps({"": "", " ": " ", "\n": "\n"}).__getitem__
    for p, q, kind in _segments(n, deleted, noise):
        if kind == "noise":
            continue
        flag = kind == "deleted"
        marked = special(text, p, q) is not None
        seg = text[p:q] if marked else ""
        if (
            (p == 0 or isspace(text[p - 1]) or isspace(text[p]))
            and (q == n or isspace(text[q]) or isspace(text[q - 1]))
            and (not marked or _BARE_MARK.search(seg) is None)
        ):
            i, j = index(p), index(q)
            if i == j:
                continue
            if not marked:
                seg_keys, seg_shown = all_keys[i:j], all_shown[i:j]
            else:
                # no word is all markup, so removing the markup keeps every word
                seg_keys = seg.translate(_KEY_TABLE).casefold().split()
                if "~" in seg:
                    seg_shown = list(map(_concat, seg.replace("~~", "").split(), seps[i:j]))
                else:
                    seg_shown = all_shown[i:j]
            keys += map(DELETED_MARK.__add__, seg_keys) if flag else seg_keys
            shown += seg_shown
            flags += [flag] * (j - i)
            if with_starts:
                offsets += starts[i:j]
            if q < n and isspace(text[q]) and isspace(text[q - 1]):
                # the segment ends inside the gap after its last word: only its part counts
                tail = text[p:q]
                tail = tail[len(tail.rstrip()) :]
                shown[-1] = shown[-1][:-1] + ("\n" if "\n" in tail else " ")
            continue
        first = len(shown)
        if not marked:
            seg = text[p:q]
        seg_words, seg_gaps, seg_starts = _split(seg, p)
        if not marked or _BARE_MARK.search(seg) is None:
            # as above, but the words (cut at the segment's edges) are the segment's own
            seg_keys = (seg.translate(_KEY_TABLE) if marked else seg).casefold().split()
            keys += map(DELETED_MARK.__add__, seg_keys) if flag else seg_keys
            if "~" in seg:
                seg_words = seg.replace("~~", "").split()
            shown += map(_concat, seg_words, map(gap_sep, seg_gaps))
            flags += [flag] * len(seg_words)
            if with_starts:
                offsets += seg_starts
        else:
            for w, g, start in zip(seg_words, seg_gaps, seg_starts, strict=True):
                t = (w.replace("~~", "") if "~" in w else w) + gap_sep(g)
                if not t.strip():
                    continue
                k = w.translate(_KEY_TABLE).casefold() or w
                keys.append(DELETED_MARK + k if flag else k)
                shown.append(t)
                flags.append(flag)
                if with_starts:
                    offsets.append(start)
        # the space after a segment's last word lies beyond the segment
        if len(shown) > first and q < n and isspace(text[q]) and not seg_gaps[-1]:
            gap = _SPACE.match(text, q).group()
            shown[-1] += "\n" if "\n" in gap else " "
    return keys, shown, flags, offsets


def _split(text: str, offset: int) -> tuple[list[str], list[str], list[int]]:
    """Words of ``text``, the whitespace after each ("" after a final word) and their offsets
    (plus ``offset``)."""
    parts = _SPLIT_WS.split(text)
    words, gaps = parts[0::2], parts[1::2]
    starts = list(accumulate(map(len, parts), initial=offset))[0::2]
    if words[-1]:
        gaps.append("")
    else:  # trailing whitespace (or no text)
        words.pop()
        starts.pop()
    if words and not words[0]:  # leading whitespace
        del words[0], gaps[0], starts[0]
    return words, gaps, starts


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
    ka, sa, _, _ = _words(a, a_style, None, None)
    kb, sb, fb, _ = _words(b, b_style, None, None)
    return _redline(ka, sa, kb, sb, fb)


def redline_tokens(ta: list[Token], tb: list[Token]) -> list[Op]:
    """The redline of two token lists (from ``tokenize``), as merged runs."""
    ka = [t.key for t in ta]
    sa = [t.text for t in ta]
    kb = [t.key for t in tb]
    sb = [t.text for t in tb]
    fb = [t.deleted for t in tb]
    return _redline(ka, sa, kb, sb, fb)


def _redline(
    ka: list[str], sa: list[str], kb: list[str], sb: list[str], fb: list[bool]
) -> list[Op]:
    """The redline of a's words (keys, texts) against b's (keys, texts, deleted flags).

    Runs are joined while they have the same tag and side; within a change, matter newly
    struck in b comes first, then a's deletions, then b's insertions.
    """
    out: list[tuple[str, str, list[str]]] = []  # (tag, side, texts)
    struck_b = True in fb
    pending: list[int] = []  # [i1, i2, j1, j2] of consecutive non-equal opcodes
    for tag, i1, i2, j1, j2 in matching_blocks(ka, kb):
        if tag != "equal":
            if pending:
                pending[1], pending[3] = i2, j2
            else:
                pending = [i1, i2, j1, j2]
            continue
        if pending:
            _change(ka, sa, kb, sb, fb, *pending, out)
            pending = []
        if struck_b and True in fb[j1:j2]:
            for j in range(j1, j2):
                tag, side = ("delete", "both") if fb[j] else ("equal", "")
                if out and out[-1][0] == tag and out[-1][1] == side:
                    out[-1][2].append(sb[j])
                else:
                    out.append((tag, side, [sb[j]]))
        elif out and out[-1][0] == "equal":
            out[-1][2].extend(sb[j1:j2])
        else:
            out.append(("equal", "", sb[j1:j2]))
    if pending:
        _change(ka, sa, kb, sb, fb, *pending, out)
    return [Op(tag, "".join(texts), side) for tag, side, texts in out]


def _change(ka, sa, kb, sb, fb, i1, i2, j1, j2, out) -> None:
    """Runs for a changed stretch; matter live in a and struck in b shows deleted once."""
    if True in fb[j1:j2]:
        gone = Counter(k.lstrip(DELETED_MARK) for k in ka[i1:i2])
        inserted, struck = [], []
        for j in range(j1, j2):
            if not fb[j]:
                inserted.append(sb[j])
            elif gone[kb[j][1:]] > 0:
                gone[kb[j][1:]] -= 1
            else:
                struck.append(sb[j])
        if struck:
            out.append(("delete", "b", struck))
    else:
        inserted = sb[j1:j2]
    if i2 > i1:
        out.append(("delete", "", sa[i1:i2]))
    if inserted:
        out.append(("insert", "", inserted))


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
                if pa < i or pb < j:
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
        return longest_increasing(pairs)
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
    return longest_increasing(pairs)


def longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
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
