"""The literal strings every match of a regular expression must contain, read from the
parsed pattern (``re._parser``, the standard library's own parser: private, so a pattern
it cannot parse simply has no literals, and the regex decides).

``literal_prefixes`` gives the strings one of which every match begins with
("(?:civil )?immigration" -> "civil immigration", "immigration"); ``required_factors``
the further literals a match needs ("disclos...[^.;]{0,120}(?:information|records)" needs
"information" or "records"). ``compare.patterns`` gates its regexes on them.
"""

from __future__ import annotations

import re


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


def required_factors(pattern: str) -> tuple[frozenset[str], ...]:
    """Sets of literals beyond the first element of ``pattern``, one set per element of its
    top-level sequence that must match a literal-led string: every match contains one
    literal of each set ("disclos[a-z]*[^.;]{0,120}information" needs "information")."""
    try:
        parsed = list(_sre_parse(pattern))
    except re.error:
        return ()
    lead = next((n for n, (op, _) in enumerate(parsed) if op is not _AT), len(parsed))
    if lead < len(parsed) and parsed[lead][0] is _LITERAL:  # the prefix is a literal run
        while lead + 1 < len(parsed) and parsed[lead + 1][0] is _LITERAL:
            lead += 1
    out = []
    for n, (op, _arg) in enumerate(parsed):
        if n <= lead or op not in (_LITERAL, _SUBPATTERN, _BRANCH):
            continue
        if op is _LITERAL:
            if parsed[n - 1][0] is _LITERAL:
                continue  # inside a run already taken
            run = []
            for o, a in parsed[n:]:
                if o is not _LITERAL:
                    break
                run.append(chr(a))
            found = {"".join(run)}
        else:
            found = _prefixes(parsed[n : n + 1])
        if found and all(len(lit) >= MIN_FACTOR for lit in found):
            out.append(frozenset(found))
    return tuple(out)


MIN_FACTOR = 4  # shorter literals are too common to rule a text out


MAX_PREFIXES = 64  # literal alternatives kept at most for one pattern
PREFIX_CHARS = 20  # prefixes are cut to this length (longer ones rule out no more texts)


def _exact(ops) -> set[str] | None:
    """Every string a parsed sequence can match, when it is a few literal alternatives
    ("(?:civil )?immigration", "(?:any|each) public"), else None."""
    out = {""}
    for op, arg in ops:
        if op in _ZERO_WIDTH:
            continue
        if op is _LITERAL:
            options = {chr(arg)}
        elif op is _SUBPATTERN:
            options = _exact(arg[-1])
        elif op is _BRANCH:
            options = _union(arg[1], _exact)
        elif op in _REPEATS and arg[0] == 0 and arg[1] == 1:
            found = _exact(arg[2])
            options = None if found is None else found | {""}
        else:
            return None
        if options is None or len(out) * len(options) > MAX_PREFIXES:
            return None
        out = {a + b for a in out for b in options}
    return out


def _union(branches, read) -> set[str] | None:
    """``read`` of every branch of an alternation, joined; None when one branch gives None."""
    out: set[str] = set()
    for branch in branches:
        found = read(branch)
        if found is None:
            return None
        out |= found
    return out


def _prefixes(ops) -> set[str] | None:
    """Literal prefixes of a parsed sequence (see ``literal_prefixes``): the literal
    alternatives its leading elements can match, extended as far as they go."""
    out = {""}
    for op, arg in ops:
        if min(map(len, out)) >= PREFIX_CHARS:
            break
        if op in _ZERO_WIDTH:
            continue
        exact = _exact([(op, arg)])
        if exact is not None and len(out) * len(exact) <= MAX_PREFIXES:
            out = {a + b for a in out for b in exact}
            continue
        if op is _SUBPATTERN:
            heads = _prefixes(arg[-1])
        elif op is _BRANCH:
            heads = _union(arg[1], _prefixes)
        elif op in _REPEATS and arg[0] >= 1:
            heads = _prefixes(arg[2])
        else:
            heads = None
        if heads is not None and len(out) * len(heads) <= MAX_PREFIXES:
            out = {a + b for a in out for b in heads}
        break
    if "" in out:
        return None  # the match may begin anywhere
    return {lit[:PREFIX_CHARS] for lit in out}


try:  # Python 3.11+: the regular-expression parser lives in re._parser
    from re import _constants as _sre_constants
    from re import _parser as _sre_parser
except ImportError:  # pragma: no cover
    import sre_constants as _sre_constants
    import sre_parse as _sre_parser

_sre_parse = _sre_parser.parse
_AT, _LITERAL = _sre_constants.AT, _sre_constants.LITERAL
_SUBPATTERN, _BRANCH = _sre_constants.SUBPATTERN, _sre_constants.BRANCH
_ZERO_WIDTH = (_AT, _sre_constants.ASSERT, _sre_constants.ASSERT_NOT)  # consume nothing
_REPEATS = (_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT)
