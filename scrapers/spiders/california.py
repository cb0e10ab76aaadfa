"""California bills from the Legislature's pubinfo tables and CAML bill texts.

The spider reads four ``.dat`` tables from ``{base_url}`` (BILL_TBL,
BILL_VERSION_TBL, BILL_HISTORY_TBL, BILL_VERSION_AUTHORS_TBL), then fetches
each version's CAML ``.lob`` file named in BILL_VERSION_TBL. ``base_url`` must
serve the unpacked files of a pubinfo download (the official site publishes
them zipped as ``pubinfo_<year>.zip``; unpack one into a directory and serve
it, or use replay mode). Replay mode reads the same files from
``formats/ca_pubinfo/mini_2025`` under the ``BILLTRACKER_REPLAY`` root.

A malformed row or an unreadable CAML file becomes a :class:`CrawlErrorItem`
(stored in ``crawl_errors``); the other bills are still stored.

Arguments (``-a name=value``): ``base_url``; ``bills``, a comma-separated
list of identifiers to keep (e.g. ``AB831,SB275``; default all).
"""

from __future__ import annotations

import re
from collections import defaultdict

import scrapy

from billtracker.errors import InputError
from scrapers import caml, pubinfo
from scrapers.failures import FetchErrbacks
from scrapers.items import (
    ActionItem,
    BillItem,
    CrawlErrorItem,
    JurisdictionItem,
    SponsorItem,
    VersionItem,
)

DEFAULT_BASE_URL = "https://downloads.leginfo.legislature.ca.gov"
LEGINFO_BILL = "https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id={}"
TABLES = ("BILL_TBL", "BILL_VERSION_TBL", "BILL_HISTORY_TBL", "BILL_VERSION_AUTHORS_TBL")
CHAMBERS = {"A": "Assembly", "S": "Senate"}
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?)?$")


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


class CaliforniaSpider(FetchErrbacks, scrapy.Spider):
    """Bills, versions, actions and authors of the California Legislature."""

    name = "california"
    replay_folder = "ca_pubinfo/mini_2025"
    source = "ca_pubinfo"

    def __init__(self, base_url: str | None = None, bills: str | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        wanted = [_squash(b).replace(" ", "").upper() for b in (bills or "").split(",")]
        self.only = {b for b in wanted if b} or None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        if not kwargs.get("base_url"):
            kwargs["base_url"] = crawler.settings.get("CALIFORNIA_BASE_URL")
        return super().from_crawler(crawler, *args, **kwargs)

    def url_for(self, filename: str) -> str:
        return f"{self.base_url}/{filename}"

    async def start(self):
        yield JurisdictionItem(id="ca", name="California", level="state", state="ca")
        yield self._table_request(0, {})

    # -- tables ----------------------------------------------------------------

    def _table_request(self, index: int, tables: dict) -> scrapy.Request:
        return scrapy.Request(
            self.url_for(f"{TABLES[index]}.dat"),
            callback=self.parse_table,
            errback=self.fatal_failure,
            cb_kwargs={"index": index, "tables": tables},
            dont_filter=True,
        )

    def parse_table(self, response, index: int, tables: dict):
        """Read one table; after the last one, yield the bills."""
        name = TABLES[index]
        rows, errors = pubinfo.read_table(response.body, name, name=response.url)
        for error in errors:
            yield CrawlErrorItem(url=response.url, error=str(error))
        tables[name] = rows
        if index + 1 < len(TABLES):
            yield self._table_request(index + 1, tables)
        else:
            yield from self.parse_bills(tables)

    # -- bills -----------------------------------------------------------------

    def parse_bills(self, tables: dict):
        versions = _group(tables["BILL_VERSION_TBL"], "bill_id")
        history = _group(tables["BILL_HISTORY_TBL"], "bill_id")
        authors = _group(tables["BILL_VERSION_AUTHORS_TBL"], "bill_version_id")
        for row in tables["BILL_TBL"]:
            try:
                bill = self._parse_bill(row, versions.get(row["bill_id"], []))
            except InputError as exc:
                yield CrawlErrorItem(url=self.url_for("BILL_TBL.dat"), error=str(exc))
                continue
            if self.only and bill.identifier not in self.only:
                continue
            yield bill
            yield from self._actions(bill.id, history.get(row["bill_id"], []))
            yield from self._sponsors(bill.id, self._latest_authors(row, versions, authors))
            yield from self._version_requests(bill.id, versions.get(row["bill_id"], []))

    def _parse_bill(self, row: dict, versions: list[dict]) -> BillItem:
        session = self._parse_session(row)
        identifier = self._parse_identifier(row)
        return BillItem(
            id=f"ca/{session}/{identifier}",
            jurisdiction_id="ca",
            session=session,
            identifier=identifier,
            title=self._parse_title(row, versions),
            status=_squash(row["current_status"] or row["measure_state"]) or None,
            chamber=CHAMBERS.get(identifier[:1]),
            source_url=LEGINFO_BILL.format(row["bill_id"]),
            source=self.source,
        )

    def _parse_session(self, row: dict) -> str:
        """``20252026`` → ``2025-2026``; extraordinary sessions get ``x1``, ``x2``..."""
        year, num = row["session_year"] or "", row["session_num"] or "0"
        if not re.fullmatch(r"\d{8}", year) or not num.isdigit():
            raise InputError(f"BILL_TBL.dat line {row['_line']}: bad session {year!r}/{num!r}")
        session = f"{year[:4]}-{year[4:]}"
        return session if num == "0" else f"{session}x{num}"

    def _parse_identifier(self, row: dict) -> str:
        mtype, num = row["measure_type"] or "", row["measure_num"] or ""
        if not re.fullmatch(r"[A-Z]{1,4}", mtype) or not num.isdigit():
            raise InputError(f"BILL_TBL.dat line {row['_line']}: bad measure {mtype!r} {num!r}")
        return f"{mtype}{int(num)}"

    def _parse_title(self, row: dict, versions: list[dict]) -> str | None:
        latest = [v for v in versions if v["bill_version_id"] == row["latest_bill_version_id"]]
        chosen = latest or sorted(versions, key=_version_order)[-1:]
        if not chosen:
            return None
        return _squash(chosen[0]["subject"]) or None

    # -- actions and authors -------------------------------------------------------

    def _actions(self, bill_id: str, rows: list[dict]):
        good = []
        for row in rows:
            try:
                where = f"BILL_HISTORY_TBL.dat line {row['_line']}"
                good.append((self._parse_date(row["action_date"], where), row))
            except InputError as exc:
                yield CrawlErrorItem(url=self.url_for("BILL_HISTORY_TBL.dat"), error=str(exc))
        good.sort(
            key=lambda pair: (
                pair[0],
                _int(pair[1]["action_sequence"]),
                _int(pair[1]["bill_history_id"]),
            )
        )
        for ordinal, (date, row) in enumerate(good, start=1):
            yield ActionItem(
                bill_id=bill_id,
                description=_squash(row["action"]),
                date=date,
                actor=self._parse_actor(row),
                ordinal=ordinal,
            )

    def _parse_actor(self, row: dict) -> str | None:
        return _squash(row["primary_location"]) or None

    def _latest_authors(self, row: dict, versions: dict, authors: dict) -> list[dict]:
        latest = row["latest_bill_version_id"]
        if latest not in authors:
            ordered = sorted(versions.get(row["bill_id"], []), key=_version_order)
            latest = ordered[-1]["bill_version_id"] if ordered else None
        return authors.get(latest, [])

    def _sponsors(self, bill_id: str, rows: list[dict]):
        for row in rows:
            yield SponsorItem(
                bill_id=bill_id, name=_squash(row["name"]), role=self._parse_role(row)
            )

    def _parse_role(self, row: dict) -> str | None:
        return _squash((row["contribution"] or "").replace("_", " ")).lower() or None

    # -- versions --------------------------------------------------------------------

    def _version_requests(self, bill_id: str, rows: list[dict]):
        taken: set[str] = set()
        ordinal = 0
        for row in sorted(rows, key=_version_order):
            try:
                version = self._parse_version_row(row, taken)
            except InputError as exc:
                yield CrawlErrorItem(url=self.url_for("BILL_VERSION_TBL.dat"), error=str(exc))
                continue
            ordinal += 1
            taken.add(version["slug"])
            yield scrapy.Request(
                self.url_for(row["bill_xml"]),
                callback=self.parse_version,
                errback=self.fetch_failed,
                cb_kwargs={"version": dict(version, bill_id=bill_id, ordinal=ordinal)},
                dont_filter=True,
            )

    def _parse_version_row(self, row: dict, taken: set[str]) -> dict:
        where = f"BILL_VERSION_TBL.dat line {row['_line']}"
        if not (row["bill_xml"] or "").strip():
            raise InputError(f"{where}: version {row['bill_version_id']} has no text file")
        if not (row["version_num"] or "").isdigit():
            raise InputError(f"{where}: bad version number {row['version_num']!r}")
        label = _squash(row["bill_version_action"]) or row["bill_version_id"]
        date = self._parse_date(row["bill_version_action_date"], where)
        return {"slug": self._parse_slug(label, date, row, taken), "label": label, "date": date}

    def _parse_slug(self, label: str, date: str, row: dict, taken: set[str]) -> str:
        """``introduced``, ``amended-senate-2025-06-23``, ``enrolled``, ``chaptered``."""
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        if slug.startswith("amended"):
            slug = f"{slug}-{date}"
        if slug in taken:
            slug = f"{slug}-{row['version_num']}"
        return slug

    def _parse_date(self, value: str | None, where: str) -> str:
        m = _DATE.match((value or "").strip())
        if not m:
            raise InputError(f"{where}: bad date {value!r}")
        return m.group(1)

    def parse_version(self, response, version: dict):
        """One CAML version file → a VersionItem with clean and marked text."""
        try:
            doc = caml.parse_caml(response.body, name=response.url)
        except InputError as exc:
            yield CrawlErrorItem(url=response.url, error=str(exc))
            return
        yield VersionItem(
            text=doc.text,
            marked_text=doc.marked_text,
            url=response.url,
            source=self.source,
            **version,
        )


def _group(rows: list[dict], key: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _version_order(row: dict) -> tuple:
    """Oldest first: version numbers count down from 99, then by date."""
    return (-_int(row["version_num"]), row["bill_version_action_date"] or "")
