"""New York State bills from the Senate's Open Legislation API (v3).

For each bill the spider fetches ``{base_url}/api/3/bills/{year}/{printNo}``
(``year`` is the first year of the two-year session) and yields the bill, one
version per amendment (``S609`` is ``original``, ``S609A`` is ``a``...) with
its full text normalised by ``billtracker.text.normalize``, the actions, the sponsor
and co-sponsors, and related bills: each amendment's same-as bills
(``same-as``), earlier sessions' versions (``previous-version``) and the bill
that substituted it (``substituted-by``).

Which bills: the ``bills`` argument (``2017/S609,2023/S987``), else the bills
that ``data/sources.yml`` names for the ``ny`` spider, plus, in a live run, a
search of the newest listed session for each discovery keyword. A replay run
follows the entry's ``replay_bills`` (the recorded responses in
``formats/ny_openleg``) and searches nothing.

The API key comes from the environment variable ``NY_OPENLEG_API_KEY``; a live
run without it stops at once, recorded as a failed run naming the variable.
Arguments (``-a``): ``base_url``, ``bills``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import scrapy
from scrapy.exceptions import CloseSpider

from billtracker.errors import InputError
from billtracker.text import normalize
from billtracker.text.extract import decode_strict
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
from scrapers.sources import SessionCheck, named_bills, source_entry

DEFAULT_BASE_URL = "https://legislation.nysenate.gov"
API_KEY_ENV = "NY_OPENLEG_API_KEY"
BILL_PAGE = "https://www.nysenate.gov/legislation/bills/{year}/{print_no}"
_BILL_PATH = re.compile(r"/api/3/bills/(\d{4})/([A-Z]\d+[A-Z]?)$")
_BILL_REF = re.compile(r"^(?:(\d{4})/([A-Za-z]\d+)|([A-Za-z]\d+)-(\d{4}))$")


def session_of(year: int | str) -> str:
    """``2017`` → ``2017-2018`` (New York's sessions start in odd years)."""
    year = int(year)
    start = year if year % 2 else year - 1
    return f"{start}-{start + 1}"


class NewYorkSpider(FetchErrbacks, scrapy.Spider):
    """Bills, amendments, actions, sponsors and same-as links of the New York Legislature."""

    name = "ny"
    replay_folder = "ny_openleg"
    source = "ny_openleg"

    def __init__(self, base_url: str | None = None, bills: str | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.only = [b.strip() for b in (bills or "").split(",") if b.strip()]

    @property
    def replaying(self) -> bool:
        return bool(self.settings.get("BILLTRACKER_REPLAY"))

    async def start(self):
        entry = source_entry(self.settings, self.name)
        self.sessions = SessionCheck(self.name, entry.get("sessions"))
        key = os.environ.get(API_KEY_ENV, "")
        if not key and not self.replaying:
            message = f"the environment variable {API_KEY_ENV} is not set; get a key at {DEFAULT_BASE_URL}"
            yield CrawlErrorItem(url=self.base_url, error=message, fatal=True)
            raise CloseSpider(f"missing {API_KEY_ENV}")
        self.api_key = key
        yield JurisdictionItem(id="ny", name="New York", level="state", state="ny")
        for year, print_no in self._wanted(entry):
            yield self._bill_request(year, print_no)
        if not self.only and not self.replaying:
            newest = sorted(entry.get("sessions") or [])[-1:]
            for session in newest:
                for keyword in entry.get("keywords", []):
                    yield self._search_request(session[:4], keyword)

    def _wanted(self, entry: dict) -> list[tuple[str, str]]:
        """(year, print number) of the bills to fetch, from the argument or sources.yml."""
        if self.only:
            refs = []
            for ref in self.only:
                m = _BILL_REF.match(ref)
                if m:
                    refs.append((m.group(1) or m.group(4), (m.group(2) or m.group(3)).upper()))
                else:
                    self.logger.error("bills: %r is not YEAR/PRINTNO or PRINTNO-YEAR", ref)
            return refs
        key = "replay_bills" if self.replaying else "bills"
        return [(str(b["session"])[:4], b["identifier"]) for b in named_bills(entry, key)]

    def loggable_url(self, url: str) -> str:
        """Crawl errors never show the API key."""
        return _hide_key(url)

    def url_for(self, path: str, **params) -> str:
        query = dict(params)
        if self.api_key:
            query["key"] = self.api_key
        return f"{self.base_url}{path}" + (f"?{urlencode(query)}" if query else "")

    def _bill_request(self, year: str, print_no: str) -> scrapy.Request:
        return scrapy.Request(
            self.url_for(f"/api/3/bills/{year}/{quote(print_no)}", view="default"),
            callback=self.parse_bill,
            errback=self.fetch_failed,
            dont_filter=True,
        )

    def _search_request(self, year: str, keyword: str) -> scrapy.Request:
        term = f'"{keyword}" AND session:{year}'
        return scrapy.Request(
            self.url_for("/api/3/bills/search", term=term, limit=100),
            callback=self.parse_search,
            errback=self.fetch_failed,
        )

    def replay_body(self, folder: Path, url: str) -> bytes | None:
        """The recorded response for a bill request: ``{printNo}-{year}_api_v3_bill_response.json``."""
        m = _BILL_PATH.search(urlsplit(url).path)
        if not m:
            return None
        path = folder / f"{m.group(2)}-{m.group(1)}_api_v3_bill_response.json"
        return read_recorded(path) if path.is_file() else None

    # -- responses ---------------------------------------------------------------

    def _result(self, response) -> dict:
        """The ``result`` of an API response; InputError when it is not a successful one."""
        try:
            data = json.loads(decode_strict(response.body, _hide_key(response.url)))
        except (ValueError, AttributeError, InputError) as exc:
            raise InputError(f"{_hide_key(response.url)}: not valid JSON ({exc})") from None
        if not isinstance(data, dict) or not data.get("success"):
            message = data.get("message") if isinstance(data, dict) else None
            raise InputError(f"{_hide_key(response.url)}: the API reported no success ({message})")
        result = data.get("result")
        if not isinstance(result, dict):
            raise InputError(f"{_hide_key(response.url)}: no result object")
        return result

    def parse_search(self, response):
        """Search results → one bill request per bill found."""
        try:
            items = self._result(response).get("items") or []
        except InputError as exc:
            yield CrawlErrorItem(url=_hide_key(response.url), error=_hide_key(str(exc)))
            return
        for item in items:
            bill = (item or {}).get("result") or {}
            if bill.get("basePrintNo") and bill.get("session"):
                yield self._bill_request(str(bill["session"]), bill["basePrintNo"])

    def parse_bill(self, response):
        """One bill response → the bill, its versions, actions, sponsors and related bills."""
        try:
            result = self._result(response)
            bill = self._parse_bill(result, response.url)
        except (InputError, KeyError, TypeError, ValueError) as exc:
            error = str(exc) if isinstance(exc, InputError) else f"{type(exc).__name__}: {exc}"
            url = _hide_key(response.url)
            yield CrawlErrorItem(url=url, error=f"{url}: unexpected bill ({error})")
            return
        yield from self.sessions.check(bill.session, _hide_key(response.url))
        yield bill
        yield from self._versions(bill.id, result, response.url)
        yield from self._actions(bill.id, result)
        yield from self._sponsors(bill.id, result)
        yield from self._related(bill.id, result)

    def _parse_bill(self, result: dict, url: str) -> BillItem:
        session = session_of(result["session"])
        identifier = self._parse_identifier(result)
        return BillItem(
            id=f"ny/{session}/{identifier}",
            jurisdiction_id="ny",
            session=session,
            identifier=identifier,
            title=self._parse_title(result),
            status=((result.get("status") or {}).get("statusDesc") or None),
            chamber=((result.get("billType") or {}).get("desc") or None),
            source_url=BILL_PAGE.format(year=result["session"], print_no=identifier),
            source=self.source,
        )

    def _parse_identifier(self, result: dict) -> str:
        """The base print number, ``S609`` (amendment letters belong to versions)."""
        value = str(result["basePrintNo"]).strip().upper()
        if not re.fullmatch(r"[A-Z]\d+", value):
            raise InputError(f"bad print number {value!r}")
        return value

    def _parse_title(self, result: dict) -> str | None:
        """The bill's title, without the stray ``@`` some LBDC titles begin with."""
        return (result.get("title") or "").lstrip("@").strip() or None

    # -- versions --------------------------------------------------------------------

    def _versions(self, bill_id: str, result: dict, url: str):
        amendments = (result.get("amendments") or {}).get("items") or {}
        order = (result.get("amendmentVersions") or {}).get("items") or sorted(amendments)
        for ordinal, letter in enumerate(order, start=1):
            amendment = amendments.get(letter)
            if amendment is None:
                yield CrawlErrorItem(url=url, error=f"{bill_id}: amendment {letter!r} missing")
                continue
            raw = amendment.get("fullText") or ""
            if not raw.strip():
                yield CrawlErrorItem(url=url, error=f"{bill_id}: amendment {letter!r} has no text")
                continue
            texts = normalize.normalise_ny(raw)
            yield VersionItem(
                bill_id=bill_id,
                slug=self._parse_slug(letter),
                label=amendment.get("printNo") or None,
                date=amendment.get("publishDate") or None,
                text=texts.text,
                marked_text=texts.marked_text,
                ordinal=ordinal,
                url=BILL_PAGE.format(year=result["session"], print_no=amendment.get("printNo")),
                source=self.source,
            )

    def _parse_slug(self, letter: str) -> str:
        """Amendment ``""`` → ``original``; ``A`` → ``a``."""
        return letter.strip().lower() or "original"

    # -- actions, sponsors, related bills ---------------------------------------------

    def _actions(self, bill_id: str, result: dict):
        items = (result.get("actions") or {}).get("items") or []
        for ordinal, action in enumerate(sorted(items, key=lambda a: a.get("sequenceNo") or 0), 1):
            yield ActionItem(
                bill_id=bill_id,
                description=(action.get("text") or "").strip(),
                date=action.get("date") or None,
                actor=self._parse_actor(action),
                ordinal=ordinal,
            )

    def _parse_actor(self, action: dict) -> str | None:
        """``SENATE`` → ``Senate``."""
        return (action.get("chamber") or "").title() or None

    def _sponsors(self, bill_id: str, result: dict):
        sponsor = result.get("sponsor") or {}
        name = self._parse_member(sponsor.get("member") or {})
        if name:
            yield SponsorItem(bill_id=bill_id, name=name, role="sponsor")
        elif sponsor.get("rules"):
            yield SponsorItem(bill_id=bill_id, name="Rules Committee", role="sponsor")
        elif sponsor.get("budget"):
            yield SponsorItem(bill_id=bill_id, name="Budget Bill", role="sponsor")
        active = ((result.get("amendments") or {}).get("items") or {}).get(
            result.get("activeVersion") or "", {}
        )
        for key, role in (("coSponsors", "cosponsor"), ("multiSponsors", "multi-sponsor")):
            for member in (active.get(key) or {}).get("items") or []:
                if self._parse_member(member):
                    yield SponsorItem(bill_id=bill_id, name=self._parse_member(member), role=role)

    def _parse_member(self, member: dict) -> str | None:
        """A member's full name, else the short name the LBDC prints."""
        return (member.get("fullName") or member.get("shortName") or "").strip() or None

    def _related(self, bill_id: str, result: dict):
        amendments = (result.get("amendments") or {}).get("items") or {}
        seen = set()
        for amendment in amendments.values():
            for other in (amendment.get("sameAs") or {}).get("items") or []:
                seen.add((self._parse_ref(other), "same-as"))
        for other in (result.get("previousVersions") or {}).get("items") or []:
            seen.add((self._parse_ref(other), "previous-version"))
        if result.get("substitutedBy"):
            seen.add((self._parse_ref(result["substitutedBy"]), "substituted-by"))
        for related_id, relation in sorted(seen):
            yield RelatedBillItem(bill_id=bill_id, related_id=related_id, relation=relation)

    def _parse_ref(self, ref: dict) -> str:
        """A bill id object → ``ny/{session}/{basePrintNo}``."""
        return f"ny/{session_of(ref['session'])}/{str(ref['basePrintNo']).upper()}"


def _hide_key(url: str) -> str:
    """A URL with its API key masked, fit for the crawl log."""
    return re.sub(r"([?&]key=)[^&]+", r"\1***", url)
