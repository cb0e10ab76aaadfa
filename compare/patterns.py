"""Fast matching of the checklist's regular expressions on lower-cased texts.

Most of the comparator's patterns begin with one of a few literal strings ("immigra",
"disclos"), and most literals occur nowhere in a given text. ``Matcher`` joins a list of
patterns into one alternation and skips a text holding none of their literal prefixes
without running the regex; ``ProvisionIndex`` remembers, for one text, which provisions
hold each literal, shared by every item. The literal prefixes are read from the parsed
pattern (``re._parser``, the standard library's own parser: private, so a failure to parse
falls back to running the regex).
"""

from __future__ import annotations

import bisect
import functools
import re

GATE_LITERALS = 6  # above this many literals a regex of them beats `in` tests


def first_match(patterns, text: str) -> str:
    """The text matched by the leftmost match of any of the patterns, or ''."""
    found = matcher(tuple(patterns))
    if found is None:
        return ""
    m = found.search(text)
    return m.group(0) if m else ""


class Matcher:
    """A case-sensitive alternation of patterns (texts here are lower-cased), with a
    literal pre-check: when every alternative must begin with one of a few literal
    strings, a text holding none of them is skipped without running the regex."""

    def __init__(self, patterns: tuple[re.Pattern, ...]):
        self.regex = _alternation(patterns)
        prefixes: set[str] = set()
        unprefixed = []
        for p in patterns:
            found = literal_prefixes(p.pattern)
            if found is None:
                unprefixed.append(p)
            else:
                prefixes |= found
        self.literals = None if unprefixed else tuple(sorted(prefixes))
        self.prefixed = _alternation([p for p in patterns if p not in unprefixed])
        self.unprefixed = _alternation(unprefixed)
        self.prefixes = tuple(sorted(prefixes))
        # many literals: one regex of them all finds any in a single pass
        self.gate = (
            re.compile("|".join(re.escape(lit) for lit in self.prefixes))
            if len(self.prefixes) > GATE_LITERALS
            else None
        )

    def has_literal(self, text: str) -> bool:
        """True when the text holds one of the literals every prefixed match begins with."""
        if self.gate is not None:
            return self.gate.search(text) is not None
        return any(lit in text for lit in self.prefixes)

    def search(self, text: str):
        first = None
        if self.prefixed is not None and self.has_literal(text):
            first = self.prefixed.search(text)
        if self.unprefixed is not None:
            other = self.unprefixed.search(text)
            if other is not None and (first is None or other.start() < first.start()):
                first = other
        return first

    def finditer(self, text: str):
        return self.regex.finditer(text)


def _alternation(patterns) -> re.Pattern | None:
    """One case-sensitive regex matching any of the patterns."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


@functools.lru_cache(maxsize=2048)
def matcher(patterns: tuple[re.Pattern, ...]) -> Matcher | None:
    """The cached matcher for a list of patterns."""
    return Matcher(patterns) if patterns else None


def literal_prefixes(pattern: str) -> set[str] | None:
    """Literal strings one of which every match of ``pattern`` must begin with, or None."""
    try:
        parsed = _sre_parse(pattern)
    except re.error:
        return None
    found = _prefixes(list(parsed))
    if not found or any(len(lit) < 2 for lit in found):
        return None
    return found


def _prefixes(ops) -> set[str] | None:
    """Literal prefixes of a parsed sequence (see ``literal_prefixes``)."""
    ops = [op for op in ops]
    while ops and ops[0][0] is _AT:
        ops.pop(0)
    if not ops:
        return None
    op, arg = ops[0]
    if op is _LITERAL:
        chars = []
        for o, a in ops:
            if o is not _LITERAL:
                break
            chars.append(chr(a))
        run, rest = "".join(chars), ops[len(chars) :]
        if rest and rest[0][0] in (_BRANCH, _SUBPATTERN):
            tails = _prefixes(rest)
            if tails:
                return {run + tail for tail in tails}
        return {run}
    if op is _SUBPATTERN:
        return _prefixes(list(arg[-1]))
    if op is _BRANCH:
        out: set[str] = set()
        for branch in arg[1]:
            found = _prefixes(list(branch))
            if found is None:
                return None
            out |= found
        return out
    return None


try:  # Python 3.11+: the regular-expression parser lives in re._parser
    from re import _constants as _sre_constants
    from re import _parser as _sre_parser
except ImportError:  # pragma: no cover
    import sre_constants as _sre_constants
    import sre_parse as _sre_parser

_sre_parse = _sre_parser.parse
_AT, _LITERAL = _sre_constants.AT, _sre_constants.LITERAL
_SUBPATTERN, _BRANCH = _sre_constants.SUBPATTERN, _sre_constants.BRANCH


_SEPARATOR = " ;\n; "


class ProvisionIndex:
    """The provisions of one text (objects with `.text` and `.sentence`), with a cache of
    which provisions hold each literal,
    shared by every item (items share literals such as "immigra" or "disclos")."""

    def __init__(self, provisions: list):
        self.provisions = provisions
        self.texts = [p.sentence or p.text for p in provisions]
        self.whole = "\n".join(self.texts)
        self._rows: dict[str, list[int]] = {}
        self._joined: tuple[str, list[int]] | None = None

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
        core_matcher = matcher(tuple(core))
        if core_matcher is None:
            return []
        if core_matcher.literals is None:
            text, starts = self.joined()
            positions = (m.start() for m in core_matcher.finditer(text))
            found = sorted({bisect.bisect_right(starts, pos) - 1 for pos in positions})
        else:
            found = sorted({i for lit in core_matcher.literals for i in self.rows(lit)})
        hits = ((i, core_matcher.regex.search(self.texts[i])) for i in found)
        return [(i, m.group(0)) for i, m in hits if m]

    def joined(self) -> tuple[str, list[int]]:
        """All provision texts in one string (separated so no pattern spans two), with offsets."""
        if self._joined is None:
            starts, pos = [], 0
            for t in self.texts:
                starts.append(pos)
                pos += len(t) + len(_SEPARATOR)
            self._joined = (_SEPARATOR.join(self.texts), starts)
        return self._joined
