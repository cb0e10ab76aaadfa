"""Word-level redline: rapidfuzz Indel opcodes, amendment markup shown as deleted, big inputs."""

import random
import re
import time

from compare import markup
from compare.redline import Op, changed, ops_text, redline
from conftest import TEXTS


def read(name):
    return (TEXTS / name).read_text(encoding="utf-8")


def words(text):
    return " ".join(text.split())


def test_simple_redline_rebuilds_both_sides():
    a = "The agency shall not share data with federal immigration authorities."
    b = "The agency may share data with federal authorities when required by law."
    ops = redline(a, b)
    assert {op.tag for op in ops} == {"equal", "insert", "delete"}
    assert words(ops_text(ops, "a")) == words(a)
    assert words(ops_text(ops, "b")) == words(b)
    assert Op("delete", "shall not ") in ops
    assert Op("insert", "may ") in ops


def test_case_is_ignored_and_identical_texts_have_no_changes():
    ops = redline("SHALL NOT", "shall not")
    assert not changed(ops)
    assert [op.tag for op in ops] == ["equal"]
    text = read("NYC_2025_Int1412-2025_original.txt")
    assert not changed(redline(text, text))


def test_nyc_brackets_show_as_deleted():
    a = read("NYC_2025_Int1412-2025_original.txt")
    b = read("NYC_2025_Int1412-2025_vA.txt")
    ops = redline(a, b)
    deleted = " ".join(op.text for op in ops if op.tag == "delete")
    assert "[local law]" in deleted
    assert "with the city." in " ".join(op.text for op in ops if op.tag == "insert")
    # a bracketed deletion never reads as live text
    live = "".join(op.text for op in ops if op.tag != "delete")
    assert "[local law]" not in live


def test_maryland_struck_matter_shows_as_deleted():
    """HB 1222 enrolled -> chaptered: the 287(g) ban and detainer rules were struck."""
    a = read("MD_2025rs_HB1222_enrolled.txt")
    b = read("MD_2025rs_HB1222_chaptered-ch718.txt")
    ops = redline(a, b)
    deleted = words(" ".join(op.text for op in ops if op.tag == "delete"))
    live = words(" ".join(op.text for op in ops if op.tag != "delete"))
    phrase = "from entering into a certain immigration enforcement agreement;"
    assert phrase in deleted
    assert phrase not in live
    assert "~~" not in deleted + live
    # every word the chaptered text prints struck is shown deleted, never equal or inserted
    struck = markup.deleted_spans(b, "md")
    struck_words = {
        w.strip(",.;:()").lower() for s, e in struck for w in b[s:e].replace("~~", " ").split()
    }
    assert "prohibiting" in struck_words
    assert "requiring federal law enforcement officers to notify certain" in live


def test_realistic_200kb_pair_is_fast():
    base = "\n\n".join(
        read(n)
        for n in (
            "NY_2023-2024_S987_original.txt",
            "MO_2024_HB1515_introduced.txt",
            "CA_2017-2018_SB54_chaptered-ch495.txt",
        )
    )
    a = (base * 3)[:200_000]
    rng = random.Random(5)
    toks = a.split(" ")
    for _ in range(300):
        toks[rng.randrange(len(toks))] = "amended"
    b = " ".join(toks)
    started = time.perf_counter()
    ops = redline(a, b)
    elapsed = time.perf_counter() - started
    assert elapsed < 5, elapsed
    assert sum(1 for op in ops if op.tag == "insert") >= 100


def test_ten_megabyte_text_completes():
    """Bounded time and memory on a 10 MB input (anchored, near-linear)."""
    chunk = "\n\n".join(
        read(n) for n in ("WA_2025-26_SB5906_original.txt", "NY_2023-2024_S987_original.txt")
    )
    big = (chunk * (10_000_000 // len(chunk) + 1))[:10_000_000]
    small_change = re.sub(r"\bshall not\b", "may", big[:2_000_000], count=50) + big[2_000_000:]
    started = time.perf_counter()
    ops = redline(big, small_change, a_style="plain", b_style="plain")
    elapsed = time.perf_counter() - started
    print(f"10 MB redline: {elapsed:.1f}s, {len(ops)} runs")
    assert changed(ops)
    assert sum(1 for op in ops if op.tag == "insert" and op.text.strip() == "may") >= 10
