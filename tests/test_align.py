"""Section alignment: real amendments (NYC Int 1412, WA SB 5906) and synthetic moves/splits."""

import time

from compare.align import KINDS, align_sections
from compare.sections import Section, split_sections
from conftest import TEXTS


def sections(name):
    return split_sections((TEXTS / name).read_text(encoding="utf-8"))


def secs(*items):
    """Sections from (citation, text) pairs."""
    out, pos = [], 0
    for n, (cite, text) in enumerate(items):
        out.append(Section(n, cite, "", pos, pos + len(text), text))
        pos += len(text)
    return out


def by_cite(pairs, old, new):
    return {
        (
            old[p.old].citation if p.old is not None else None,
            new[p.new].citation if p.new is not None else None,
        ): p.kind
        for p in pairs
    }


def test_nyc_int1412_pairs_every_section_with_its_counterpart():
    old = sections("NYC_2025_Int1412-2025_original.txt")
    new = sections("NYC_2025_Int1412-2025_vA.txt")
    pairs = align_sections(old, new)
    assert all(p.kind in KINDS for p in pairs)
    # every section is paired, each with the section of the same citation and position
    assert not [p for p in pairs if p.kind in ("inserted", "deleted")]
    assert all(old[p.old].citation == new[p.new].citation for p in pairs)
    assert [p.new for p in pairs] == list(range(len(new)))
    kinds = by_cite(pairs, old, new)
    # the definition of "federal immigration authorities" was rewritten, subdivision d was not
    assert kinds[("§ 9-131(a)(4)", "§ 9-131(a)(4)")] == "changed"
    assert kinds[("§ 9-131(a)(4)(iv)", "§ 9-131(a)(4)(iv)")] == "changed"
    assert kinds[("§ 9-131(d)", "§ 9-131(d)")] == "same"
    assert kinds[("§ 2", "§ 2")] == "same"


def test_wa_sb5906_renumbered_sections_follow_their_text():
    old = sections("WA_2025-26_SB5906_original.txt")
    new = sections("WA_2025-26_SB5906_engrossed-substitute.txt")
    pairs = align_sections(old, new)
    kinds = by_cite(pairs, old, new)
    # the substitute inserted a new section 2, so old section 2 became section 3
    assert kinds[("Section 2(1)", "Section 3(1)")] == "renumbered"
    assert kinds[("Section 2(11)", "Section 3(5)")] == "renumbered"
    assert kinds[("Section 1(6)", "Section 1(4)")] == "renumbered"
    assert kinds[("Section 1(1)(a)", "Section 1(1)(a)")] == "same"
    # the judicial subpoena was dropped from 1(1)(b): a change in place
    assert kinds[("Section 1(1)(b)", "Section 1(1)(b)")] == "changed"
    # each section is used at most once as a 1:1 partner; every section appears
    assert {p.old for p in pairs if p.old is not None} == set(range(len(old)))
    assert {p.new for p in pairs if p.new is not None} == set(range(len(new)))
    assert sum(1 for p in pairs if p.kind == "deleted") > 10  # reporting duties etc. removed


LONG_A = "The agency shall not disclose any personal information to federal immigration authorities for any purpose."
LONG_B = "No officer shall inquire about the immigration status of any person seeking services from the city."
LONG_C = (
    "Each agency shall publish an annual report on requests received from immigration authorities."
)
LONG_D = "This act takes effect on the ninetieth day after it shall have become a law and applies to contracts."


def test_synthetic_moved_renumbered_inserted_deleted():
    old = secs(("§ 1", LONG_A), ("§ 2", LONG_B), ("§ 3", LONG_C), ("§ 4", LONG_D))
    new = secs(
        ("§ 1", LONG_C),
        ("§ 2", LONG_A),
        ("§ 3", LONG_B + " Nothing here applies to the police."),
        ("§ 5", "A wholly new provision on notice to workers of inspections."),
    )
    pairs = align_sections(old, new)
    kinds = by_cite(pairs, old, new)
    assert kinds[("§ 3", "§ 1")] == "moved"
    assert kinds[("§ 1", "§ 2")] == "renumbered"
    assert kinds[("§ 2", "§ 3")] == "changed"
    assert kinds[("§ 4", None)] == "deleted"
    assert kinds[(None, "§ 5")] == "inserted"


def test_synthetic_split_and_merge():
    old = secs(("(a)", LONG_A + " " + LONG_B), ("(b)", LONG_C), ("(c)", LONG_D))
    new = secs(("(a)", LONG_A), ("(b)", LONG_B), ("(c)", LONG_C + " " + LONG_D))
    pairs = align_sections(old, new)
    kinds = by_cite(pairs, old, new)
    assert kinds[("(a)", "(a)")] == "split"
    assert kinds[("(a)", "(b)")] == "split"
    assert {kinds.get(("(b)", "(c)")), kinds.get(("(c)", "(c)"))} == {"merged"}


def test_align_thousands_of_sections_is_fast():
    words = [f"w{i}" for i in range(4000)]
    old = secs(
        *[
            (f"§ {i}", " ".join(words[(i * 7) % 3990 : (i * 7) % 3990 + 9]) + f" clause {i}")
            for i in range(3000)
        ]
    )
    texts = [s.text for s in old]
    texts[10] += " amended"
    texts.insert(1500, "an entirely new clause about schools")
    del texts[2000]
    new = secs(*[(f"§ {i}", t) for i, t in enumerate(texts)])
    started = time.perf_counter()
    pairs = align_sections(old, new)
    elapsed = time.perf_counter() - started
    assert elapsed < 10, elapsed
    assert sum(1 for p in pairs if p.kind == "inserted") >= 1
    assert sum(1 for p in pairs if p.kind in ("renumbered", "same")) > 2900


def test_empty_sides():
    new = secs(("§ 1", LONG_A))
    assert [p.kind for p in align_sections([], new)] == ["inserted"]
    assert [p.kind for p in align_sections(new, [])] == ["deleted"]
    assert align_sections([], []) == []
