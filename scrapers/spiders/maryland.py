"""Maryland bills from the General Assembly's bill master list (``legislation.json``).

The spider reads ``{base_url}/{year}RS/misc/billsmasterlist/legislation.json``
(one object per bill: ``BillNumber``, ``Title``, ``Status``, ``SponsorPrimary``,
``Sponsors``, ``CrossfileBillNumber``, the reading, hearing and report dates of
each chamber...) and keeps the bills ``data/sources.yml`` names for
``maryland`` and those whose title, synopsis or subjects match a keyword. For
each it yields the bill, its sponsors, its actions (built from the list's
dated fields) and its cross-file bill as a ``crossfile`` related bill.

Bill texts are not in the list. With ``-a texts=1`` the spider also fetches
each kept bill's current PDF (``{base_url}/{year}RS/bills/hb/hb1222E.pdf``,
the letter from ``BillVersion``) and stores it as a version normalised with
``billtracker.text.normalize`` (Maryland style). No bill PDF is recorded in the
corpus, so replay runs store bills without versions.

Replay reads ``formats/md_mga/2025rs_legislation.json``.
Arguments (``-a``): ``base_url``, ``year`` (default: the newest listed
session), ``bills`` (e.g. ``HB1222,SB1``: only these), ``texts``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import scrapy

from billtracker.errors import InputError
from billtracker.text import normalize
from billtracker.text.extract import decode_strict, text_from_bytes
from scrapers.failures import FetchErrbacks
from scrapers.items import (
    ActionItem,
    BillItem,
    CrawlErrorItem,
    JurisdictionItem,
    RelatedBillItem,
    SponsorItem,
    VersionItem,
)
from scrapers.replay import read_recorded
from scrapers.sources import SessionCheck, matches_keywords, named_bills, source_entry

DEFAULT_BASE_URL = "https://mgaleg.maryland.gov"
BILL_PAGE = "{base}/mgawebsite/Legislation/Details/{bill}?ys={year}RS"
CHAMBERS = {"H": ("House", "Senate"), "S": ("Senate", "House")}
_NUMBER = re.compile(r"^(HB|SB|HJ|SJ)(\d{4})$")
# (field, description, which chamber: 0 = origin, 1 = opposite)
ACTION_FIELDS = (
    ("FirstReadingDateHouseOfOrigin", "First Reading", 0, None),
    ("HearingDateTimePrimaryHouseOfOrigin", "Hearing", 0, None),
    ("SecondReadingDateHouseOfOrigin", "Second Reading", 0, "SecondReadingActionHouseOfOrigin"),
    ("ReportDateHouseOfOrigin", "Committee Report", 0, "ReportActionHouseOfOrigin"),
    ("ThirdReadingDateHouseOfOrigin", "Third Reading", 0, "ThirdReadingActionHouseOfOrigin"),
    ("FirstReadingDateOppositeHouse", "First Reading", 1, None),
    ("HearingDateTimePrimaryOppositeHouse", "Hearing", 1, None),
    ("SecondReadingDateOppositeHouse", "Second Reading", 1, "SecondReadingActionOppositeHouse"),
    ("ReportDateOppositeHouse", "Committee Report", 1, "ReportActionOppositeHouse"),
    ("ThirdReadingDateOppositeHouse", "Third Reading", 1, "ThirdReadingActionOppositeHouse"),
)


class MarylandSpider(FetchErrbacks, scrapy.Spider):
    """Bills, sponsors, actions and cross-files of the Maryland General Assembly."""

    name = "maryland"
    replay_folder = "md_mga"
    source = "md_mga"

    def __init__(
        self,
        base_url: str | None = None,
        year: str | None = None,
        bills: str | None = None,
        texts: str | None = None,
        *args,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.year = year
        self.only = {
            b.strip().upper().replace(" ", "") for b in (bills or "").split(",") if b.strip()
        }
        self.texts = str(texts or "").lower() in ("1", "true", "yes")

    async def start(self):
        entry = source_entry(self.settings, self.name)
        self.sessions = SessionCheck(self.name, entry.get("sessions"))
        self.keywords = entry.get("keywords") or []
        self.named = {b["identifier"] for b in named_bills(entry)}
        year = (
            self.year or (sorted(str(s) for s in entry.get("sessions") or [])[-1:] or ["2025"])[0]
        )
        yield JurisdictionItem(id="md", name="Maryland", level="state", state="md")
        yield scrapy.Request(
            f"{self.base_url}/{year[:4]}RS/misc/billsmasterlist/legislation.json",
            callback=self.parse_list,
            errback=self.fatal_failure,
            dont_filter=True,
        )

    def replay_body(self, folder: Path, url: str) -> bytes | None:
        """``/2025RS/misc/billsmasterlist/legislation.json`` → ``2025rs_legislation.json``."""
        m = re.search(r"/(\d{4}RS)/misc/billsmasterlist/legislation\.json$", urlsplit(url).path)
        path = folder / f"{m.group(1).lower()}_legislation.json" if m else None
        return read_recorded(path) if path and path.is_file() else None

    def parse_list(self, response):
        """The master list → the bills to keep."""
        try:
            rows = json.loads(decode_strict(response.body, response.url))
            if not isinstance(rows, list):
                raise ValueError("expected a JSON list of bills")
        except (ValueError, AttributeError, InputError) as exc:
            yield CrawlErrorItem(url=response.url, error=f"{response.url}: {exc}", fatal=True)
            return
        for row in rows:
            if not isinstance(row, dict) or not self._wanted(row):
                continue
            try:
                bill = self._parse_bill(row)
            except (InputError, KeyError, TypeError) as exc:
                yield CrawlErrorItem(url=response.url, error=f"{response.url}: {exc}")
                continue
            yield from self.sessions.check(bill.session, response.url)
            yield bill
            yield from self._sponsors(bill.id, row)
            yield from self._actions(bill.id, row)
            yield from self._related(bill.id, bill.session, row)
            if self.texts:
                yield self._text_request(bill, row)

    def _wanted(self, row: dict) -> bool:
        number = str(row.get("BillNumber") or "").upper()
        if self.only:
            return number in self.only
        subjects = " ".join(s.get("Name", "") for s in row.get("NarrowSubjects") or [])
        text = f"{row.get('Title')} {row.get('Synopsis')} {subjects}"
        return number in self.named or matches_keywords(text, self.keywords)

    def _parse_bill(self, row: dict) -> BillItem:
        session = self._parse_session(row)
        identifier = self._parse_identifier(row)
        return BillItem(
            id=f"md/{session}/{identifier}",
            jurisdiction_id="md",
            session=session,
            identifier=identifier,
            title=(row.get("Title") or "").strip() or None,
            status=(row.get("Status") or "").strip() or None,
            chamber=CHAMBERS[identifier[0]][0],
            source_url=BILL_PAGE.format(base=self.base_url, bill=identifier, year=session[:4]),
            source=self.source,
        )

    def _parse_session(self, row: dict) -> str:
        """``2025 Regular Session`` → ``2025``; ``2025 Special Session 1`` → ``2025s1``."""
        value = str(row.get("YearAndSession") or "")
        m = re.match(r"^(\d{4})\s+(Regular|Special)\s+Session(?:\s+(\d+))?", value)
        if not m:
            raise InputError(f"{row.get('BillNumber')}: bad session {value!r}")
        return m.group(1) if m.group(2) == "Regular" else f"{m.group(1)}s{m.group(3) or 1}"

    def _parse_identifier(self, row: dict) -> str:
        """``HB1222`` as printed (two letters, four digits)."""
        value = str(row.get("BillNumber") or "").strip().upper()
        if not _NUMBER.match(value):
            raise InputError(f"bad bill number {value!r}")
        return value

    def _sponsors(self, bill_id: str, row: dict):
        primary = (row.get("SponsorPrimary") or "").strip()
        if primary:
            yield SponsorItem(bill_id=bill_id, name=primary, role="primary sponsor")
        for sponsor in row.get("Sponsors") or []:
            name = (sponsor.get("Name") or "").strip()
            if name and name != primary:
                yield SponsorItem(bill_id=bill_id, name=name, role="cosponsor")

    def _actions(self, bill_id: str, row: dict):
        found = []
        origin, opposite = CHAMBERS[bill_id.rsplit("/", 1)[1][0]]
        for field, description, side, result in ACTION_FIELDS:
            date = (row.get(field) or "")[:10]
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                continue
            outcome = (row.get(result) or "").strip() if result else ""
            text = f"{description}: {outcome}" if outcome else description
            found.append((date, (origin, opposite)[side], text))
        for ordinal, (date, actor, text) in enumerate(sorted(found, key=lambda f: f[0]), 1):
            yield ActionItem(
                bill_id=bill_id, description=text, date=date, actor=actor, ordinal=ordinal
            )

    def _related(self, bill_id: str, session: str, row: dict):
        other = str(row.get("CrossfileBillNumber") or "").strip().upper()
        if _NUMBER.match(other):
            yield RelatedBillItem(
                bill_id=bill_id, related_id=f"md/{session}/{other}", relation="crossfile"
            )

    def _text_request(self, bill: BillItem, row: dict) -> scrapy.Request:
        number = bill.identifier.lower()
        letter = str(row.get("BillVersion") or "F").strip().upper()
        url = f"{self.base_url}/{bill.session[:4]}RS/bills/{number[:2]}/{number}{letter}.pdf"
        version = {
            "bill_id": bill.id,
            "slug": letter.lower(),
            "label": f"{bill.identifier}{letter}",
        }
        return scrapy.Request(
            url,
            callback=self.parse_text,
            errback=self.fetch_failed,
            cb_kwargs={"version": version},
            dont_filter=True,
        )

    def parse_text(self, response, version: dict):
        """A bill PDF → a version with its law text and marked text."""
        try:
            raw = text_from_bytes(response.body, urlsplit(response.url).path.rsplit("/", 1)[-1])
        except InputError as exc:
            yield CrawlErrorItem(url=response.url, error=f"{response.url}: {exc}")
            return
        texts = normalize.normalise_md(raw)
        yield VersionItem(
            text=texts.text,
            marked_text=texts.marked_text,
            url=response.url,
            source=self.source,
            **version,
        )
