"""Bills of any state from the Open States API v3 (``v3.openstates.org/bills``).

For each keyword the spider searches one state's session
(``/bills?jurisdiction=ny&session=2025-2026&q=...``, with ``include`` of
``sponsorships``, ``actions``, ``versions``, ``abstracts`` and
``related_bills``), follows the pagination, and yields each bill with what the
response includes: sponsors, actions, related bills, and one version per
listed document that is a PDF or HTML text (fetched and read through
``billtracker.text.extract``, normalised by ``billtracker.text.normalize``).

The API key comes from ``OPENSTATES_API_KEY`` (sent as ``X-API-KEY``); a live
run without it stops at once, recorded as a failed run naming the variable.
The states and their sessions are data (``data/sources.yml``, entry
``openstates``); a session not listed there is session drift.

Replay answers every search with ``formats/openstates_v3``'s excerpt: three
real New York results, a bare list without pagination and without sponsors,
actions or versions (the query that produced them did not ask for them).
Arguments (``-a``): ``state`` (default ``ny``), ``session``, ``q`` (one
keyword instead of the listed ones), ``base_url``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import scrapy
from scrapy.exceptions import CloseSpider

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
from scrapers.sources import SessionCheck, source_entry

DEFAULT_BASE_URL = "https://v3.openstates.org"
API_KEY_ENV = "OPENSTATES_API_KEY"
INCLUDES = ("sponsorships", "actions", "versions", "abstracts", "related_bills")
REPLAY_FILE = "ny_2025-2026_immigration_bill_search_results_excerpt.json"
_STATE = re.compile(r"/state:([a-z]{2})/")


class OpenStatesSpider(FetchErrbacks, scrapy.Spider):
    """Bills, sponsors, actions and versions of one state, from Open States."""

    name = "openstates"
    replay_folder = "openstates_v3"
    source = "openstates"

    def __init__(
        self,
        state: str | None = None,
        session: str | None = None,
        q: str | None = None,
        base_url: str | None = None,
        *args,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.state = (state or "ny").strip().lower()
        self.session = session
        self.q = q
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")

    @property
    def replaying(self) -> bool:
        return bool(self.settings.get("BILLTRACKER_REPLAY"))

    async def start(self):
        entry = source_entry(self.settings, self.name)
        known = ((entry.get("states") or {}).get(self.state) or {}).get("sessions") or []
        self.sessions = SessionCheck(f"{self.name} ({self.state})", known)
        self.api_key = os.environ.get(API_KEY_ENV, "")
        if not self.api_key and not self.replaying:
            message = f"the environment variable {API_KEY_ENV} is not set; get a key at https://open.pluralpolicy.com/accounts/profile/"
            yield CrawlErrorItem(url=self.base_url, error=message, fatal=True)
            raise CloseSpider(f"missing {API_KEY_ENV}")
        session = self.session or (sorted(known)[-1:] or [None])[0]
        self.jurisdictions: set[str] = set()
        for keyword in [self.q] if self.q else entry.get("keywords") or []:
            yield self._search_request(keyword, session, 1)

    def _search_request(self, keyword: str, session: str | None, page: int) -> scrapy.Request:
        params = [("jurisdiction", self.state), ("q", keyword), ("page", page), ("per_page", 20)]
        if session:
            params.append(("session", session))
        params += [("include", i) for i in INCLUDES]
        return scrapy.Request(
            f"{self.base_url}/bills?{urlencode(params)}",
            headers={"X-API-KEY": self.api_key} if self.api_key else {},
            callback=self.parse_search,
            errback=self.fatal_failure,
            cb_kwargs={"keyword": keyword, "session": session, "page": page},
            dont_filter=True,
        )

    def replay_body(self, folder: Path, url: str) -> bytes | None:
        """Every ``/bills`` search is answered with the recorded excerpt."""
        if urlsplit(url).path.endswith("/bills") and (folder / REPLAY_FILE).is_file():
            return read_recorded(folder / REPLAY_FILE)
        return None

    def parse_search(self, response, keyword: str, session: str | None, page: int):
        """A page of results → its bills, and the next page's request."""
        try:
            data = json.loads(decode_strict(response.body, response.url))
        except (ValueError, AttributeError, InputError) as exc:
            yield CrawlErrorItem(url=response.url, error=f"{response.url}: not valid JSON ({exc})")
            return
        results = data if isinstance(data, list) else (data or {}).get("results")
        if not isinstance(results, list):
            yield CrawlErrorItem(url=response.url, error=f"{response.url}: no results list")
            return
        for result in results:
            try:
                bill = self._parse_bill(result)
            except (InputError, KeyError, TypeError, AttributeError) as exc:
                yield CrawlErrorItem(url=response.url, error=f"{response.url}: {exc}")
                continue
            yield from self.sessions.check(bill.session, response.url)
            if bill.jurisdiction_id not in self.jurisdictions:
                self.jurisdictions.add(bill.jurisdiction_id)
                name = (result.get("jurisdiction") or {}).get(
                    "name"
                ) or bill.jurisdiction_id.upper()
                yield JurisdictionItem(
                    id=bill.jurisdiction_id, name=name, state=bill.jurisdiction_id
                )
            yield bill
            yield from self._sponsors(bill.id, result)
            yield from self._actions(bill.id, result)
            yield from self._related(bill.id, result)
            yield from self._version_requests(bill.id, result)
        pagination = data.get("pagination") if isinstance(data, dict) else None
        if pagination and page < (pagination.get("max_page") or 0):
            yield self._search_request(keyword, session, page + 1)

    def _parse_bill(self, result: dict) -> BillItem:
        state = self._parse_state(result)
        session = str(result["session"]).strip()
        identifier = self._parse_identifier(result)
        return BillItem(
            id=f"{state}/{session}/{identifier}",
            jurisdiction_id=state,
            session=session,
            identifier=identifier,
            title=(result.get("title") or "").strip() or None,
            status=(result.get("latest_action_description") or "").strip() or None,
            chamber=((result.get("from_organization") or {}).get("name") or None),
            source_url=result.get("openstates_url"),
            source=self.source,
        )

    def _parse_state(self, result: dict) -> str:
        """``ocd-jurisdiction/country:us/state:ny/government`` → ``ny``."""
        m = _STATE.search((result.get("jurisdiction") or {}).get("id") or "")
        if not m:
            raise InputError(f"{result.get('id')}: no state in its jurisdiction")
        return m.group(1)

    def _parse_identifier(self, result: dict) -> str:
        """``A 10774`` → ``A10774``."""
        value = re.sub(r"\s+", "", str(result.get("identifier") or "")).upper()
        if not value:
            raise InputError(f"{result.get('id')}: no identifier")
        return value

    def _sponsors(self, bill_id: str, result: dict):
        for sponsor in result.get("sponsorships") or []:
            name = (sponsor.get("name") or "").strip()
            if name:
                role = (
                    "primary sponsor" if sponsor.get("primary") else sponsor.get("classification")
                )
                yield SponsorItem(bill_id=bill_id, name=name, role=role or None)

    def _actions(self, bill_id: str, result: dict):
        actions = sorted(result.get("actions") or [], key=lambda a: a.get("order") or 0)
        for ordinal, action in enumerate(actions, 1):
            yield ActionItem(
                bill_id=bill_id,
                description=(action.get("description") or "").strip(),
                date=(action.get("date") or "")[:10] or None,
                actor=((action.get("organization") or {}).get("name") or None),
                ordinal=ordinal,
                classification=",".join(action.get("classification") or []) or None,
            )

    def _related(self, bill_id: str, result: dict):
        state = bill_id.split("/", 1)[0]
        for other in result.get("related_bills") or []:
            identifier = re.sub(r"\s+", "", str(other.get("identifier") or "")).upper()
            if identifier and other.get("legislative_session"):
                yield RelatedBillItem(
                    bill_id=bill_id,
                    related_id=f"{state}/{other['legislative_session']}/{identifier}",
                    relation=other.get("relation_type") or "related",
                )

    def _version_requests(self, bill_id: str, result: dict):
        for ordinal, version in enumerate(result.get("versions") or [], 1):
            links = [
                link
                for link in version.get("links") or []
                if link.get("media_type") in ("application/pdf", "text/html")
            ]
            if not links:
                continue
            note = (version.get("note") or f"version {ordinal}").strip()
            slug = re.sub(r"[^a-z0-9]+", "-", note.lower()).strip("-") or f"v{ordinal}"
            meta = {
                "bill_id": bill_id,
                "slug": slug,
                "label": note,
                "date": (version.get("date") or "")[:10] or None,
                "ordinal": ordinal,
            }
            kind = ".pdf" if links[0]["media_type"] == "application/pdf" else ".html"
            yield scrapy.Request(
                links[0]["url"],
                callback=self.parse_version,
                errback=self.fetch_failed,
                cb_kwargs={"version": meta, "kind": kind},
                dont_filter=True,
            )

    def parse_version(self, response, version: dict, kind: str):
        """A version document → its text, normalised."""
        try:
            raw = text_from_bytes(response.body, f"version{kind}")
        except InputError as exc:
            yield CrawlErrorItem(url=response.url, error=f"{response.url}: {exc}")
            return
        texts = normalize.normalise(raw)
        yield VersionItem(
            text=texts.text,
            marked_text=texts.marked_text,
            url=response.url,
            source=self.source,
            **version,
        )
