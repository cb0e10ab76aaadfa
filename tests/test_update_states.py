"""Recorded California pubinfo states for the update tests, built in tmp_path.

``build_state(root, day)`` writes a pubinfo folder (``root/formats/ca_pubinfo/
mini_2025``, so it serves both live over HTTP and as a replay corpus) holding
SB 275 as it stood on a given day:

- day 1: introduced — only the introduced version, with a protective section
  (no release-date notifications to immigration authorities) added to the
  recorded CAML text; the actions up to introduction; status "In Committee Process";
- day 2: amended and weakened — the amendment adds a carve-out for people
  convicted of a serious or violent felony; two more actions; status
  "In Floor Process";
- day 3: the same files as day 2 (nothing new).

``with_ab2052=True`` adds AB 2052 with its three recorded versions (for the
fault tests, so a crawl killed part-way has more than one version to lose).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FORMATS
from scrapers.caml import parse_caml

MINI = FORMATS / "ca_pubinfo" / "mini_2025"
SB275 = "ca/2025-2026/SB275"
AB2052 = "ca/2025-2026/AB2052"
PROTECTIVE = (
    "A state or local law enforcement agency shall not notify federal immigration "
    "authorities of the release date of any individual, and shall not transfer an "
    "individual to immigration authorities unless presented with a judicial warrant."
)
WEAKENING = (
    "Notwithstanding any other law, an agency may notify federal immigration authorities "
    "of the release date of a person convicted of a serious or violent felony."
)
INTRODUCED_LOB = "BILL_VERSION_TBL_714.lob"
AMENDED_LOB = "BILL_VERSION_TBL_6255.lob"
TABLES = ("BILL_TBL", "BILL_VERSION_TBL", "BILL_HISTORY_TBL", "BILL_VERSION_AUTHORS_TBL")
DAY1_ACTIONS_BEFORE = "2025-02-20"  # introduction, first reading, print
DAY2_ACTIONS_BEFORE = "2025-03-12"  # ... through the amendment of 2025-03-11


def _section(n: int, text: str) -> str:
    return (
        f'<caml:BillSection id="id_test_sec_{n}"><caml:Num>SEC. {n}.</caml:Num>'
        f"<caml:Content><p>{text}</p></caml:Content></caml:BillSection>"
    )


def caml_with(*sentences: str) -> str:
    """The recorded introduced SB 275 CAML with one new bill section per sentence."""
    raw = (MINI / INTRODUCED_LOB).read_text(encoding="utf-8")
    added = "".join(_section(3 + n, s) for n, s in enumerate(sentences))
    assert raw.count("</caml:Bill>") == 1
    doc = raw.replace("</caml:Bill>", added + "</caml:Bill>")
    parse_caml(doc)  # still a valid CAML document
    return doc


def _lines(table: str) -> list[str]:
    return (MINI / f"{table}.dat").read_text(encoding="utf-8").splitlines()


def _field(line: str, n: int) -> str:
    return line.split("\t")[n].strip("`")


def _set(line: str, values: dict[int, str]) -> str:
    fields = line.split("\t")
    for n, value in values.items():
        fields[n] = f"`{value}`"
    return "\t".join(fields)


def build_state(root: Path, day: int, *, with_ab2052: bool = False) -> Path:
    """Write the pubinfo files of ``day`` under ``root``; returns the folder served."""
    folder = root / "formats" / "ca_pubinfo" / "mini_2025"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    amended = day >= 2
    versions = ["20250SB27599INT"] + (["20250SB27598AMD"] if amended else [])
    bills = ["202520260SB275"] + (["202520260AB2052"] if with_ab2052 else [])
    tables = {}
    bill_rows = []
    for line in _lines("BILL_TBL"):
        if _field(line, 0) == "202520260SB275":
            line = _set(
                line,
                {
                    5: "Amended Senate" if amended else "Introduced",
                    10: versions[-1],
                    17: "In Floor Process" if amended else "In Committee Process",
                },
            )
            bill_rows.append(line)
        elif _field(line, 0) in bills:
            bill_rows.append(line)
    tables["BILL_TBL"] = bill_rows
    tables["BILL_VERSION_TBL"] = [
        line
        for line in _lines("BILL_VERSION_TBL")
        if _field(line, 0) in versions or (with_ab2052 and _field(line, 1) == "202520260AB2052")
    ]
    before = DAY2_ACTIONS_BEFORE if amended else DAY1_ACTIONS_BEFORE
    tables["BILL_HISTORY_TBL"] = [
        line
        for line in _lines("BILL_HISTORY_TBL")
        if (_field(line, 0) == "202520260SB275" and _field(line, 2)[:10] < before)
        or (with_ab2052 and _field(line, 0) == "202520260AB2052")
    ]
    tables["BILL_VERSION_AUTHORS_TBL"] = [
        line
        for line in _lines("BILL_VERSION_AUTHORS_TBL")
        if _field(line, 0) in versions
        or (with_ab2052 and _field(line, 0).startswith("20250AB2052"))
    ]
    for table, rows in tables.items():
        (folder / f"{table}.dat").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / INTRODUCED_LOB).write_text(caml_with(PROTECTIVE), encoding="utf-8")
    if amended:
        (folder / AMENDED_LOB).write_text(caml_with(PROTECTIVE, WEAKENING), encoding="utf-8")
    if with_ab2052:
        for line in tables["BILL_VERSION_TBL"]:
            lob = _field(line, 14)
            if not (folder / lob).exists():
                shutil.copy(MINI / lob, folder / lob)
    return folder


def test_day1_has_one_version_and_day2_two(tmp_path):
    day1 = build_state(tmp_path / "d1", 1)
    day2 = build_state(tmp_path / "d2", 2)
    assert len((day1 / "BILL_VERSION_TBL.dat").read_text().splitlines()) == 1
    assert len((day2 / "BILL_VERSION_TBL.dat").read_text().splitlines()) == 2
    assert len((day2 / "BILL_HISTORY_TBL.dat").read_text().splitlines()) > len(
        (day1 / "BILL_HISTORY_TBL.dat").read_text().splitlines()
    )


def test_the_weakening_amendment_is_valid_caml_and_adds_the_carve_out(tmp_path):
    folder = build_state(tmp_path, 2)
    text = parse_caml((folder / AMENDED_LOB).read_bytes()).text
    assert "serious or violent felony" in text
    assert PROTECTIVE in parse_caml((folder / INTRODUCED_LOB).read_bytes()).text


def test_ab2052_state_has_its_three_versions(tmp_path):
    folder = build_state(tmp_path, 2, with_ab2052=True)
    rows = (folder / "BILL_VERSION_TBL.dat").read_text().splitlines()
    assert len(rows) == 5
