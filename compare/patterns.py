"""Fast matching of the checklist's regular expressions on lower-cased texts.

Most of the comparator's patterns begin with one of a few literal strings ("immigra",
"disclos"), and most literals occur nowhere in a given text. ``Matcher`` joins a list of
patterns into one alternation and skips a text holding none of their literal prefixes
without running the regex; ``ProvisionIndex`` remembers, for one text, which provisions
hold each literal, shared by every item. The literals come from ``compare.literals``,
which reads them from the parsed pattern.
"""

from __future__ import annotations

import functools
import re

from .literals import literal_prefixes, required_factors

try:
    import ahocorasick as _ahocorasick
except ImportError:  # pragma: no cover - a dependency; without it literals are found one by one
    _ahocorasick = None

GATE_LITERALS = 6  # above this many literals a regex of them beats `in` tests
MEMO_LIMIT = 4096  # cached results kept at most (``forget`` empties them for a new text)


def first_match(patterns, text: str) -> str:
    """The text matched by the leftmost match of any of the patterns, or ''."""
    entry = _BY_ID.get(id(patterns))  # matcher(patterns), its common case inlined
    found = entry[1] if entry is not None and entry[0] is patterns else matcher(patterns)
    if found is None:
        return ""
    key = (found, text)
    hit = _MEMO.get(key)
    if hit is None:
        m = found.search(text)
        hit = m.group(0) if m else ""
        if len(_MEMO) >= MEMO_LIMIT:
            _MEMO.clear()
        _MEMO[key] = hit
    return hit


_MEMO: dict[tuple, str] = {}  # (matcher, text) -> first_match: items test the same cues


class _Literals:
    """Every literal prefix of every matcher made so far, found in a text in one pass
    (an Aho-Corasick automaton, which reports overlapping literals too); the literals of a
    text are cached, since the same provision texts are tested by many items."""

    def __init__(self):
        self.words: set[str] = set()
        self.version = 0  # grows with every new literal: cached findings are then stale
        self.automaton = None
        self.found: dict[str, tuple[dict[str, int], frozenset[str]]] = {}

    def add(self, literals) -> None:
        new = set(literals) - self.words
        if new:
            self.words |= new
            self.version += 1
            self.automaton = None
            self.found.clear()

    def positions(self, text: str) -> tuple[dict[str, int], frozenset[str]]:
        """Each literal occurring in the text with where it first begins, and the set of them."""
        found = self.found.get(text)
        if found is None:
            first = self._scan(text)
            found = (first, frozenset(first))
            if len(self.found) >= MEMO_LIMIT:
                self.found.clear()
            self.found[text] = found
        return found

    def _scan(self, text: str) -> dict[str, int]:
        if _ahocorasick is None:  # pragma: no cover - the package is a dependency
            return {w: i for w in self.words if (i := text.find(w)) >= 0}
        if self.automaton is None:
            automaton = _ahocorasick.Automaton()
            for word in self.words:
                automaton.add_word(word, (word, len(word) - 1))
            automaton.make_automaton()
            self.automaton = automaton
        found: dict[str, int] = {}
        for end, (word, back) in self.automaton.iter(text):
            if word not in found:
                found[word] = end - back
        return found


_LITERALS = _Literals()


class Matcher:
    """A case-sensitive alternation of patterns (texts here are lower-cased), with a
    literal pre-check: an alternative that must begin with one of a few literal strings
    is run only on a text holding one of them, and from where the first of them stands.

    ``search`` gives the leftmost match of the patterns that have literal prefixes (ties
    to the earlier pattern, as one alternation would), unless a pattern without literal
    prefixes matches strictly earlier; ``search_all`` gives exactly ``regex.search``."""

    def __init__(self, patterns: tuple[re.Pattern, ...]):
        self.regex = _alternation(patterns)
        prefixes: set[str] = set()
        unprefixed = []
        self.singles: list[re.Pattern] = []
        self.by_literal: dict[str, list[int]] = {}
        self.free: list[int] = []  # alternatives with no literal prefix
        self.factors: list[tuple[frozenset[str], ...]] = []  # further literals each needs
        for i, p in enumerate(patterns):
            self.singles.append(re.compile(p.pattern))
            self.factors.append(required_factors(p.pattern))
            found = literal_prefixes(p.pattern)
            if found is None:
                unprefixed.append(p)
                self.free.append(i)
            else:
                prefixes |= found
                for lit in found:
                    self.by_literal.setdefault(lit, []).append(i)
        self.literals = None if unprefixed else tuple(sorted(prefixes))
        self.unprefixed = _alternation(unprefixed)
        # an alternative with no literal prefix is still skipped on a text lacking a
        # literal it needs further on ("^(?!...)[\s\S]*\bineligible for" needs
        # "ineligible for"), unless one such alternative needs none
        self.gated = (
            tuple((self.singles[i], self.factors[i]) for i in self.free)
            if all(self.factors[i] for i in self.free)
            else None
        )
        self.prefix_set = frozenset(prefixes)
        # the factors are found in the same pass as the prefixes: a set test then says
        # whether a text holds them
        _LITERALS.add(prefixes.union(*(f for fs in self.factors for f in fs)))

    def leftmost(
        self, text: str, first: dict[str, int], held, present: frozenset[str]
    ) -> re.Match | None:
        """The leftmost match of the prefixed alternatives, ties to the earlier one (what
        one alternation of them finds), given the literals the text holds (``present``;
        ``held`` are those of ``prefix_set``) and where each first begins: only the
        alternatives beginning with a held literal and holding their factors can match,
        and none before its literal."""
        factors = self.factors
        if len(held) == 1:
            (lit,) = held
            only = self.by_literal[lit]
            if len(only) == 1:  # the common case: one alternative can match
                i = only[0]
                if factors[i] and not _holds(present, factors[i]):
                    return None  # a literal the match needs further on is missing
                return self.singles[i].search(text, first[lit])
        starts: dict[int, int] = {}
        for lit in held:
            pos = first[lit]
            for i in self.by_literal[lit]:
                if factors[i] and not _holds(present, factors[i]):
                    continue
                if i not in starts or pos < starts[i]:
                    starts[i] = pos
        best, best_key = None, None
        for pos, i in sorted([(pos, i) for i, pos in starts.items()]):
            if best_key is not None and (pos, i) > best_key:
                break  # no later alternative can begin before the best match
            m = self.singles[i].search(text, pos)
            if m is not None and (best_key is None or (m.start(), i) < best_key):
                best, best_key = m, (m.start(), i)
        return best

    def search(self, text: str) -> re.Match | None:
        first = None
        if self.prefix_set:
            positions, present = _LITERALS.found.get(text) or _LITERALS.positions(text)
            held = self.prefix_set & present
            if held:
                first = self.leftmost(text, positions, held, present)
        if self.unprefixed is not None:
            other = self._unprefixed(text)
            if other is not None and (first is None or other.start() < first.start()):
                first = other
        return first

    def _unprefixed(self, text: str) -> re.Match | None:
        """``self.unprefixed.search(text)``, running only the alternatives whose further
        literals the text holds."""
        if self.gated is None:
            return self.unprefixed.search(text)
        present = (_LITERALS.found.get(text) or _LITERALS.positions(text))[1]
        able = [single for single, factors in self.gated if _holds(present, factors)]
        if len(able) == len(self.gated):
            return self.unprefixed.search(text)
        best = None
        for single in able:  # leftmost, ties to the earlier alternative
            m = single.search(text)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best

    def search_all(self, text: str) -> re.Match | None:
        """``self.regex.search(text)``: the leftmost match, ties to the earlier pattern."""
        if self.free:
            return self.regex.search(text)
        positions, present = _LITERALS.positions(text)
        held = self.prefix_set & present
        return self.leftmost(text, positions, held, present) if held else None

    def finditer(self, text: str):
        return self.regex.finditer(text)


def terms_in(kind: dict[str, tuple[re.Pattern, ...]], text: str) -> list[str]:
    """The keys of ``kind`` (term -> patterns) any of whose patterns matches the text, in
    order: ``[t for t, p in kind.items() if matcher(p).search(text)]``, with the terms
    whose literals the text lacks skipped without a call."""
    entry = _KINDS.get(id(kind))
    if entry is None or entry[0] is not kind:
        entry = (kind, [(term, matcher(found)) for term, found in kind.items()])
        if len(_KINDS) >= 256:
            _KINDS.clear()
        _KINDS[id(kind)] = entry
    present = (_LITERALS.found.get(text) or _LITERALS.positions(text))[1]
    return [
        term
        for term, m in entry[1]
        if m is not None
        and (m.unprefixed is not None or not m.prefix_set.isdisjoint(present))
        and m.search(text)
    ]


_KINDS: dict[int, tuple] = {}


def _alternation(patterns) -> re.Pattern | None:
    """One case-sensitive regex matching any of the patterns."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


def matcher(patterns) -> Matcher | None:
    """The cached matcher for a list of patterns (found by the list's identity first: the
    checklist's pattern tuples live as long as it, and hashing patterns is not free)."""
    entry = _BY_ID.get(id(patterns))
    if entry is not None and entry[0] is patterns:
        return entry[1]
    found = _matcher(tuple(patterns))
    if isinstance(patterns, tuple):
        if len(_BY_ID) >= 4096:
            _BY_ID.clear()
        _BY_ID[id(patterns)] = (patterns, found)  # holds the tuple, so its id stays its own
    return found


_BY_ID: dict[int, tuple] = {}


def prepare(groups) -> None:
    """Make the matchers of many pattern tuples at once (a checklist's), so the literal
    automaton is built once, not again after each matcher a new text happens to need."""
    for patterns in groups:
        matcher(patterns)


def pattern_groups(obj):
    """Every tuple of compiled patterns inside ``obj`` (dataclasses, dicts and tuples)."""
    if isinstance(obj, tuple) and obj and all(isinstance(p, re.Pattern) for p in obj):
        yield obj
    elif isinstance(obj, (tuple, list)):
        for x in obj:
            yield from pattern_groups(x)
    elif isinstance(obj, dict):
        for x in obj.values():
            yield from pattern_groups(x)
    elif hasattr(obj, "__dataclass_fields__"):
        for name in obj.__dataclass_fields__:
            yield from pattern_groups(getattr(obj, name))


@functools.lru_cache(maxsize=2048)
def _matcher(patterns: tuple[re.Pattern, ...]) -> Matcher | None:
    return Matcher(patterns) if patterns else None


def _holds(present: frozenset[str], factors: tuple[frozenset[str], ...]) -> bool:
    """The literals a text holds (``present``) include one of every factor."""
    for factor in factors:  # a plain loop: called very often, and cheaper than all(...)
        if factor.isdisjoint(present):
            return False
    return True


def forget() -> None:
    """Empty the caches of matches and literals: called when a new text is read, since
    what was cached for earlier texts is done with (memory stays flat)."""
    _MEMO.clear()
    _LITERALS.found.clear()


class ProvisionIndex:
    """The provisions of one text (objects with `.text` and `.sentence`), with a cache of
    which provisions hold each literal,
    shared by every item (items share literals such as "immigra" or "disclos")."""

    def __init__(self, provisions: list):
        self.provisions = provisions
        self.texts = [p.sentence or p.text for p in provisions]
        self.whole = "\n".join(self.texts)
        self._rows: dict[str, list[int]] = {}
        self._literals: tuple[int, list] | None = None
        self._holders: tuple[int, dict[str, list[int]]] | None = None

    def rows(self, literal: str) -> list[int]:
        """Indices of the provisions whose text contains ``literal``."""
        found = self._rows.get(literal)
        if found is None:
            # most literals occur nowhere in a text: one scan of the whole text says so
            present = literal in self.whole
            found = [i for i, t in enumerate(self.texts) if literal in t] if present else []
            self._rows[literal] = found
        return found

    def candidates(self, core) -> list[tuple[int, str]]:
        """(index, matched text) of provisions in which the core concept occurs."""
        core_matcher = matcher(core)
        if core_matcher is None:
            return []
        if core_matcher.literals is None:
            # an alternative may begin anywhere (or at a text's start, "^(?!...)"): each
            # provision is searched on its own
            hits = ((i, core_matcher.search_all(t)) for i, t in enumerate(self.texts))
        else:
            literals = core_matcher.prefix_set
            by_literal = self.holders()
            rows = {i for lit in literals if lit in by_literal for i in by_literal[lit]}
            found = self.literals()
            hits = []
            for i in sorted(rows):
                first, present = found[i]
                hits.append(
                    (i, core_matcher.leftmost(self.texts[i], first, literals & present, present))
                )
        return [(i, m.group(0)) for i, m in hits if m]

    def holders(self) -> dict[str, list[int]]:
        """Each literal any provision holds, with the provisions holding it (in order)."""
        if self._holders is None or self._holders[0] != _LITERALS.version:
            by_literal: dict[str, list[int]] = {}
            for i, (_, present) in enumerate(self.literals()):
                for lit in present:
                    by_literal.setdefault(lit, []).append(i)
            self._holders = (_LITERALS.version, by_literal)
        return self._holders[1]

    def literals(self) -> list[tuple[dict[str, int], frozenset[str]]]:
        """Each provision's literals (``_Literals.positions``), found once per text."""
        if self._literals is None or self._literals[0] != _LITERALS.version:
            self._literals = (_LITERALS.version, [_LITERALS.positions(t) for t in self.texts])
        return self._literals[1]
