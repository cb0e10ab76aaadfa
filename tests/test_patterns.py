"""compare.patterns: literal prefixes, and literal gating never changing a match."""

from __future__ import annotations

import re

import pytest

from compare import patterns
from compare.patterns import (
    Matcher,
    ProvisionIndex,
    first_match,
    literal_prefixes,
    matcher,
    required_factors,
)


def compiled(*sources: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(s, re.IGNORECASE) for s in sources)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bimmigra", {"immigra"}),
        (r"disclos(?:e|ure)", {"disclose", "disclosure"}),
        (r"\b(?:shall|must) not\b", {"shall not", "must not"}),  # literal runs go on
        (r"im(migra)tion", {"immigration"}),  # through groups of literals
        (r"(?:federal )?immigration", {"federal immigration", "immigration"}),  # optional
        (
            r"(?:a|an|the) (?:public|state) agenc",
            {
                "a public agenc",
                "a state agenc",
                "an public agenc",
                "an state agenc",
                "the public agenc",
                "the state agenc",
            },
        ),
        (r"\bcent(?:er|re)s?\b", {"center", "centers", "centre", "centres"}),
        (r"[a-z]+ warrant", None),
        (r"(?<!not )share", {"share"}),  # a look-behind consumes nothing
        (r"a(?:b|c*)", None),  # one branch may be empty: only "a", too short to gate on
        (r"(?:x )?[a-z]+", None),  # the optional word may be skipped: nothing is certain
        (r"x", None),
        (r"(unbalanced", None),  # not a pattern: no literals, the regex decides
    ],
)
def test_literal_prefixes(pattern, expected):
    assert literal_prefixes(pattern) == expected


TRICKY = [
    # patterns with and without literal prefixes, look-arounds, overlapping literals
    compiled(r"\bimmigra\w*", r"\bimmigration status\b", r"\bice\b"),
    compiled(r"\bshall not\b", r"\bmay\b(?! not\b)", r"(?<!not )\bshare\w*"),
    compiled(r"\bdisclos(?:e|ure)", r"\bdisclosure of (?:personal|any)\b", r"[a-z]+ warrant"),
    compiled(r"\bno\b", r"\bnot\b", r"\bnotif\w+", r"\bnotice\b"),
    compiled(r"\b(?:federal|state) immigration", r"\bimmigration\b", r"federal"),
    # a literal the match needs further on (a required factor) rules texts out
    compiled(
        r"\bdisclos\w*\b[^.;]{0,60}\b(?:information|records)\b", r"\bshare\w*[^.;]{0,40}status"
    ),
    compiled(r"\bnotif\w*[^.;]{0,80}(?:immigration|federal) (?:authorities|officials)", r"\bnot\b"),
    # alternatives with no literal prefix are gated on the literals they need further on,
    # alone or together, and beside one that needs none
    compiled(
        r"[a-z]+ warrant", r"^(?![\s\S]*\bno\b)[\s\S]*?\bdisclos\w*", r"\w+ immigration status"
    ),
    compiled(r"^(?![\s\S]*\bice\b)[\s\S]*?\bnotif\w*", r"[a-z]+ warrant", r"\bshall\b"),
    compiled(r"[a-z]+ warrant", r"\w+ federal"),
    compiled(r"[a-z]+ warrant", r"\w+", r"\bimmigra"),
]
TEXTS = [
    "",
    "the agency shall not share immigration status with federal immigration authorities.",
    "a notice of notification to the ice field office; no person may not disclose",
    "disclosure of any personal information requires a judicial warrant.",
    "officers may share information; they shall not notify. immigrationimmigration",
    "state immigration law and federal immigration law; immigration status unknown.",
    "not share, but may disclose; ice ice baby",
    "shall not disclose records; disclose. information",
    "notify federal officials; notify the immigration authorities of release",
]


def reference(found: tuple[re.Pattern, ...], text: str) -> re.Match | None:
    """What Matcher.search promised before any gating: the prefixed alternation's leftmost
    match, unless an unprefixed pattern matches strictly earlier."""
    prefixed = [p for p in found if literal_prefixes(p.pattern) is not None]
    free = [p for p in found if p not in prefixed]
    first = re.search("|".join(f"(?:{p.pattern})" for p in prefixed), text) if prefixed else None
    other = re.search("|".join(f"(?:{p.pattern})" for p in free), text) if free else None
    if other is not None and (first is None or other.start() < first.start()):
        return other
    return first


@pytest.mark.parametrize("found", TRICKY)
@pytest.mark.parametrize("text", TEXTS)
def test_gating_never_changes_a_match(found, text):
    m = Matcher(found)
    want = reference(found, text)
    got = m.search(text)
    assert (got and (got.span(), got.group(0))) == (want and (want.span(), want.group(0)))
    assert first_match(found, text) == (want.group(0) if want else "")
    whole = m.regex.search(text)
    got_all = m.search_all(text)
    assert (got_all and got_all.span()) == (whole and whole.span())


def test_tie_goes_to_the_earlier_pattern_as_in_one_alternation():
    found = compiled(r"\bnotice", r"\bnot\b", r"\bnotice of \w+")
    assert first_match(found, "a notice of removal") == "notice"
    found = compiled(r"\bnotice of \w+", r"\bnotice")
    assert first_match(found, "a notice of removal") == "notice of removal"


def test_a_literal_later_in_the_text_does_not_hide_an_earlier_match():
    found = compiled(r"\bshare\b", r"\bdisclos\w+")
    text = "may disclose records, and shall share them; share again; disclose again"
    assert first_match(found, text) == "disclose"


def test_provision_index_candidates_match_a_plain_search():
    class P:
        def __init__(self, text):
            self.text, self.sentence = text, ""

    index = ProvisionIndex([P(t) for t in TEXTS])
    for found in TRICKY:
        m = matcher(found)
        want = [(i, hit.group(0)) for i, t in enumerate(TEXTS) if (hit := m.regex.search(t))]
        assert index.candidates(found) == want


def test_new_literals_after_an_index_was_read_are_seen():
    class P:
        def __init__(self, text):
            self.text, self.sentence = text, ""

    index = ProvisionIndex([P("the zebracrossing rule"), P("nothing here")])
    assert index.candidates(compiled(r"\bthe\b")) == [(0, "the")]
    # a pattern list never seen before brings a literal the cached findings lack
    unseen = compiled(r"\bzebracross\w*")
    assert index.candidates(unseen) == [(0, "zebracrossing")]


def test_matcher_is_cached_by_identity_and_by_value():
    found = compiled(r"\bwarrant\b")
    assert matcher(found) is matcher(found)
    assert matcher(list(found)) is matcher(found)
    assert matcher(()) is None
    assert first_match((), "anything") == ""


def test_caches_stay_bounded(monkeypatch):
    monkeypatch.setattr(patterns, "MEMO_LIMIT", 8)
    found = compiled(r"\bword\d+")
    for n in range(50):
        assert first_match(found, f"a word{n} here") == f"word{n}"
    assert len(patterns._MEMO) <= 8
    assert len(patterns._LITERALS.found) <= 8


def test_terms_in_is_the_terms_whose_patterns_match_in_order():
    kind = {
        "share": compiled(r"\bshar(?:e|ing)\b", r"\bdisclos\w*"),
        "detain": compiled(r"\bdetain\w*", r"\bhold\b"),
        "any word": compiled(r"[a-z]+ing\b"),  # no literal: always run
        "notify": compiled(r"\bnotif\w+"),
    }
    for text in TEXTS + ["shall not hold or detain; sharing"]:
        want = [term for term, found in kind.items() if matcher(found).search(text)]
        assert patterns.terms_in(kind, text) == want
    assert patterns.terms_in(kind, "no holding back, nothing to disclose") == [
        "share",
        "any word",
    ]


# -- the other scans sped up alongside the matcher: each must find what it found before --

MARKUP_SAMPLES = [
    "SECTION 1. Section 7284.6 of the Government Code is amended to read:\n"
    "7284.6. (a) California law enforcement agencies shall not: (1) Inquire; and\n"
    "(2) Detain. a. First i. ii. iii. iv. v. (iv) (IV) (aa) § 145.05 § 9-131 NEW SECTION. Sec. 4.",
    "## Section 3 The agency may : provide data; it shall  not share. MUST ; Shall,\n"
    "24.105 Definitions. 1. ii. B. (B) C) 12. 2019. x. Mr. Smith v. Jones, e.g. U.S.C.",
    "ſhall : xmay : _must ; 9may : may\t: amay  x",
]


def test_marker_scan_finds_what_finditer_finds():
    from compare import sections

    for text in MARKUP_SAMPLES:
        want = [(m.span(), m.groupdict()) for m in sections._MARKER.finditer(text)]
        assert want or text is MARKUP_SAMPLES[2]  # the last sample has no markers
        assert [(m.span(), m.groupdict()) for m in sections._markers(text)] == want


def test_modal_warning_regexes_match_the_plain_spelling():
    from compare import markup

    plain = re.compile(r"\b(?:shall|may|must)[ \t]+(?=[:;,.])", re.I)
    gap = re.compile(r"\b(?:shall|may|must)[ \t]{2,}(?=\w)", re.I)
    for text in MARKUP_SAMPLES:
        spans = [m.span() for m in markup._MODAL_BEFORE_PUNCTUATION.finditer(text)]
        assert spans == [m.span() for m in plain.finditer(text)]
        spans = [m.span() for m in markup._MODAL_BEFORE_GAP.finditer(text)]
        assert spans == [m.span() for m in gap.finditer(text)]
    assert [m.group(0) for m in markup._MODAL_BEFORE_PUNCTUATION.finditer(MARKUP_SAMPLES[2])] == [
        "ſhall ",
        "may\t",
    ]


@pytest.mark.parametrize(
    "noise",
    [[], [(0, 3)], [(2, 5), (9, 9), (12, 30)], [(1, 4), (1, 8), (6, 7)], [(40, 50)]],
)
def test_blank_noise_blanks_what_inside_reports(noise):
    from compare import markup

    gap = "ab 12 cd\nef 3 gh ij"
    for start in (0, 1, 4, 10):
        want = "".join(
            " " if markup._inside(noise, start + i, start + i + 1) else ch
            for i, ch in enumerate(gap)
        )
        assert markup._blank_noise(gap, start, noise) == want


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (
            r"\bdisclos[a-z]*\b[^.;]{0,120}\b(?:information|records)\b",
            ({"information", "records"},),
        ),
        (
            r"\bnotif\w*[^.;]{0,9}\b(?:person|individual)\w*\s+release\b",
            ({"person", "individual"}, {"release"}),
        ),
        (r"\bshall not\b", ()),  # the prefix itself is no further factor
        (r"\bfoo (?:bar )?bazz", ({"bazz"},)),  # optional words are not required
        (r"abcd(?:ef|ghij)", ()),  # a two-letter alternative is too common to gate on
        (r"(?:a|b)cdef|xyz", ()),  # alternatives at the top: nothing is required
        (r"(unbalanced", ()),
    ],
)
def test_required_factors(pattern, expected):
    assert required_factors(pattern) == tuple(frozenset(f) for f in expected)


def test_factor_gating_never_changes_a_match_on_the_corpus():
    """Every pattern of the checklist, searched on real provision texts, finds what a plain
    search finds, with prefix and factor gating on."""
    from billtracker.config import load_checklist
    from compare.score import read_provisions
    from conftest import SHARED

    checklist = load_checklist()
    lists = [tuple(found) for found in checklist.cues.values()]
    lists += [tuple(group) for item in checklist.items for group in item.concepts]
    texts = []
    for path in sorted((SHARED / "corpus" / "texts").glob("*.txt"))[:12]:
        provisions, _ = read_provisions(path.read_text(encoding="utf-8"), checklist)
        texts += [p.sentence or p.text for p in provisions]
    assert len(texts) > 300
    for found in lists:
        m = Matcher(found)
        prefixed = [p.pattern for p in found if literal_prefixes(p.pattern) is not None]
        free = [p.pattern for p in found if literal_prefixes(p.pattern) is None]
        joined = re.compile("|".join(f"(?:{p})" for p in prefixed)) if prefixed else None
        other_joined = re.compile("|".join(f"(?:{p})" for p in free)) if free else None
        for text in texts:
            want = joined.search(text) if joined else None
            other = other_joined.search(text) if other_joined else None
            if other is not None and (want is None or other.start() < want.start()):
                want = other
            got = m.search(text)
            assert (got and got.span()) == (want and want.span()), (found, text)


def test_a_prepared_checklist_needs_no_new_literals_while_scoring():
    """Every matcher is made before the first text, so the literal automaton is built
    once: scoring a text adds no literal (which would rebuild it and empty its cache)."""
    from billtracker.config import load_checklist
    from compare.score import score_text

    checklist = load_checklist()
    groups = list(patterns.pattern_groups(checklist))
    assert len(groups) > len(checklist.items)  # items' own patterns, cues and vocabulary
    patterns.prepare(groups)
    before = patterns._LITERALS.version
    text = (
        "Section 1. No state agency shall disclose a person's immigration status to federal "
        "immigration authorities, except pursuant to a judicial warrant.\n\n"
        "Section 2. A law enforcement agency shall not hold a person on a civil detainer."
    )
    assert score_text(text, checklist).items
    assert patterns._LITERALS.version == before
