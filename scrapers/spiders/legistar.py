"""City and county legislation from the Legistar Web API (``webapi.legistar.com/v1/{client}``).

One spider serves every Legistar client; ``-a client=nyc`` picks the
``data/sources.yml`` entry whose ``client`` is ``nyc`` (its jurisdiction, named
bills, keywords and sessions). The client may also come from the environment
variable ``LEGISTAR_CLIENT``.

For each matter the spider fetches ``/matters/{id}/histories`` (actions, and
the date each version first appears), ``/versions`` then ``/texts/{id}`` (one
version per matter text: ``*`` is ``original``, ``A`` is ``a``), and
``/sponsors``. A text whose ``MatterTextPlain`` is empty is read from the
version's PDF attachment through ``billtracker.text.extract``; an attachment that
is not a readable PDF is a crawl error. Texts are normalised with
``billtracker.text.normalize`` (NYC's ``[bracketed]`` deletions).

Which matters: the named bills (``/matters?$filter=MatterFile eq 'Int 1412-2025'``),
and with ``since`` (``-a since=2025-12-01``) every matter modified after that
date whose title or index terms (``/matters/{id}/indexes``) match a keyword:
an incremental crawl. Bill ids are ``{jurisdiction}/{intro year}/{file}``
without spaces: ``nyc/2025/Int1412-2025``.

Replay reads ``formats/legistar``; the NYC mirror there is turned back into
Web API responses by ``scrapers.legistar_mirror``.
Arguments (``-a``): ``client``, ``base_url``, ``bills``, ``since``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import scrapy
from scrapy.exceptions import CloseSpider

from billtracker.errors import InputError
from billtracker.text import normalize
from billtracker.text.extract import decode_strict, text_from_bytes
from scrapers import legistar_mirror
from scrapers.failures import FetchErrbacks
from scrapers.items import (
    ActionItem,
    BillItem,
    CrawlErrorItem,
    JurisdictionItem,
    SponsorItem,
    VersionItem,
)
from scrapers.sources import SessionCheck, matches_keywords, named_bills, source_entry

DEFAULT_BASE_URL = "https://webapi.legistar.com/v1"
CLIENT_ENV = "LEGISTAR_CLIENT"
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_FILE = re.compile(r"^([A-Za-z]+)\.?\s*(\d.*)$")


class LegistarSpider(FetchErrbacks, scrapy.Spider):
    """Matters, versions, histories and sponsors of one Legistar client."""

    name = "legistar"
    replay_folder = "legistar"
    source = "legistar"

    def __init__(
        self,
        client: str | None = None,
        base_url: str | None = None,
        bills: str | None = None,
        since: str | None = None,
        *args,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.client = (client or os.environ.get(CLIENT_ENV) or "").strip().lower()
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.only = [b.strip() for b in (bills or "").split(",") if b.strip()]
        self.since = since

    @property
    def api(self) -> str:
        return f"{self.base_url}/{self.client}"

    async def start(self):
        if not self.client:
            message = f"no Legistar client: pass -a client=nyc (or set {CLIENT_ENV})"
            yield CrawlErrorItem(url=self.base_url, error=message, fatal=True)
            raise CloseSpider("no Legistar client")
        entry = source_entry(self.settings, self.name, client=self.client)
        self.jurisdiction = entry.get("jurisdiction") or self.client
        self.keywords = entry.get("keywords") or []
        self.sessions = SessionCheck(f"{self.name} ({self.client})", entry.get("sessions"))
        yield JurisdictionItem(
            id=self.jurisdiction,
            name=entry.get("name") or self.client.title(),
            level="local",
            state=entry.get("state"),
        )
        files = self.only or [b["identifier"] for b in named_bills(entry)]
        for identifier in files:
            query = f"MatterFile eq '{self._parse_file(identifier)}'"
            yield self._matters_request(query, named=True)
        if self.since:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T[\d:.]+)?", self.since):
                yield CrawlErrorItem(url=self.api, error=f"since: bad date {self.since!r}")
            else:
                since = self.since if "T" in self.since else f"{self.since}T00:00:00"
                query = f"MatterLastModifiedUtc gt datetime'{since}'"
                yield self._matters_request(query, named=False)

    def _parse_file(self, identifier: str) -> str:
        """``Int1412-2025`` → the file number Legistar prints, ``Int 1412-2025``."""
        m = _FILE.match(identifier.strip())
        return f"{m.group(1)} {m.group(2)}" if m else identifier

    def _matters_request(self, query: str, named: bool) -> scrapy.Request:
        return scrapy.Request(
            f"{self.api}/matters?$filter={quote(query)}",
            callback=self.parse_matters,
            errback=self.fatal_failure,
            cb_kwargs={"named": named},
            dont_filter=True,
        )

    def _request(self, path: str, callback, **cb_kwargs) -> scrapy.Request:
        return scrapy.Request(
            f"{self.api}{path}",
            callback=callback,
            errback=self.fetch_failed,
            cb_kwargs=cb_kwargs,
            dont_filter=True,
        )

    def replay_body(self, folder: Path, url: str) -> bytes | None:
        """Web API responses rebuilt from the NYC mirror (``scrapers.legistar_mirror``)."""
        if urlsplit(url).path.startswith(urlsplit(self.api).path + "/matters"):
            return legistar_mirror.response_for(folder, url)
        return None

    # -- matters ---------------------------------------------------------------

    def _json(self, response, kind: type):
        """The response body as JSON of the expected kind; InputError otherwise."""
        try:
            data = json.loads(decode_strict(response.body, response.url))
        except (ValueError, AttributeError, InputError) as exc:
            raise InputError(f"{response.url}: not valid JSON ({exc})") from None
        if not isinstance(data, kind):
            raise InputError(f"{response.url}: expected a JSON {kind.__name__}")
        return data

    def parse_matters(self, response, named: bool):
        """A list of matters → the named ones, and discovered ones that match a keyword."""
        try:
            matters = self._json(response, list)
        except InputError as exc:
            yield CrawlErrorItem(url=response.url, error=str(exc), fatal=named)
            return
        for matter in matters:
            text = f"{matter.get('MatterName') or ''} {matter.get('MatterTitle') or ''}"
            if named or matches_keywords(text, self.keywords):
                yield from self.parse_matter(matter, response.url)
            elif matter.get("MatterId"):
                path = f"/matters/{matter['MatterId']}/indexes"
                yield self._request(path, self.parse_indexes, matter=matter)

    def parse_indexes(self, response, matter: dict):
        """A discovered matter's index terms: keep the matter when one matches a keyword."""
        try:
            indexes = self._json(response, list)
        except InputError as exc:
            yield CrawlErrorItem(url=response.url, error=str(exc))
            return
        names = " ".join(str(i.get("MatterIndexName") or "") for i in indexes)
        if matches_keywords(names, self.keywords):
            yield from self.parse_matter(matter, response.url)

    def parse_matter(self, matter: dict, url: str):
        """One matter object → its bill and the requests for its parts."""
        try:
            bill = self._parse_bill(matter)
        except (InputError, KeyError, TypeError) as exc:
            yield CrawlErrorItem(url=url, error=f"{url}: unexpected matter ({exc})")
            return
        yield from self.sessions.check(bill.session, url)
        yield bill
        matter_id = matter["MatterId"]
        yield self._request(
            f"/matters/{matter_id}/histories", self.parse_histories, bill_id=bill.id, matter=matter
        )
        yield self._request(f"/matters/{matter_id}/sponsors", self.parse_sponsors, bill_id=bill.id)

    def _parse_bill(self, matter: dict) -> BillItem:
        session = self._parse_session(matter)
        identifier = self._parse_identifier(matter)
        return BillItem(
            id=f"{self.jurisdiction}/{session}/{identifier}",
            jurisdiction_id=self.jurisdiction,
            session=session,
            identifier=identifier,
            title=(matter.get("MatterTitle") or matter.get("MatterName") or "").strip() or None,
            status=(matter.get("MatterStatusName") or "").strip() or None,
            chamber=(matter.get("MatterBodyName") or "").strip() or None,
            source_url=f"{self.api}/matters/{matter['MatterId']}",
            source=f"{self.source}:{self.client}",
        )

    def _parse_session(self, matter: dict) -> str:
        """The year the matter was introduced."""
        m = _DATE.match(matter.get("MatterIntroDate") or "")
        if not m:
            raise InputError(f"matter {matter.get('MatterId')}: no intro date")
        return m.group(1)[:4]

    def _parse_identifier(self, matter: dict) -> str:
        """``Int 1412-2025`` → ``Int1412-2025``."""
        value = re.sub(r"[\s.]+", "", matter.get("MatterFile") or "")
        if not value:
            raise InputError(f"matter {matter.get('MatterId')}: no file number")
        return value

    # -- histories and versions -----------------------------------------------------

    def parse_histories(self, response, bill_id: str, matter: dict):
        """A matter's history → actions; then its versions, dated by their first action."""
        try:
            rows = self._json(response, list)
        except InputError as exc:
            yield CrawlErrorItem(url=response.url, error=str(exc))
            rows = []
        rows = sorted(
            rows,
            key=lambda r: (r.get("MatterHistoryActionDate") or "", r.get("MatterHistoryId") or 0),
        )
        first_seen: dict[str, str] = {}
        ordinal = 0
        for row in rows:
            date = self._parse_date(row.get("MatterHistoryActionDate"))
            description = (row.get("MatterHistoryActionName") or "").strip()
            if not description:
                continue
            if date:
                first_seen.setdefault(str(row.get("MatterHistoryVersion")), date)
            ordinal += 1
            yield ActionItem(
                bill_id=bill_id,
                description=description,
                date=date,
                actor=(row.get("MatterHistoryActionBodyName") or "").strip() or None,
                ordinal=ordinal,
            )
        yield self._request(
            f"/matters/{matter['MatterId']}/versions",
            self.parse_versions,
            bill_id=bill_id,
            matter=matter,
            first_seen=first_seen,
        )

    def _parse_date(self, value: str | None) -> str | None:
        m = _DATE.match(value or "")
        return m.group(1) if m else None

    def parse_versions(self, response, bill_id: str, matter: dict, first_seen: dict):
        """The versions list → one text request per version, in order."""
        try:
            rows = self._json(response, list)
        except InputError as exc:
            yield CrawlErrorItem(url=response.url, error=str(exc))
            return
        for ordinal, row in enumerate(sorted(rows, key=_version_order), start=1):
            letter = str(row.get("Value") or "").strip()
            version = {
                "bill_id": bill_id,
                "slug": self._parse_slug(letter),
                "label": self._parse_label(matter, letter),
                "date": first_seen.get(letter) or self._parse_date(matter.get("MatterIntroDate")),
                "ordinal": ordinal,
            }
            path = f"/matters/{matter['MatterId']}/texts/{row.get('Key')}"
            yield self._request(
                path, self.parse_text, matter=matter, letter=letter, version=version
            )

    def _parse_slug(self, letter: str) -> str:
        """Version ``*`` (or none) → ``original``; ``A`` → ``a``."""
        return "original" if letter in ("", "*", "0") else letter.lower()

    def _parse_label(self, matter: dict, letter: str) -> str:
        """``Int 1412-2025`` for the original, ``Int 1412-2025-A`` after."""
        file = (matter.get("MatterFile") or "").strip()
        return file if letter in ("", "*", "0") else f"{file}-{letter}"

    def parse_text(self, response, matter: dict, letter: str, version: dict):
        """A matter text → a version; an empty text falls back to the version's PDF."""
        try:
            data = self._json(response, dict)
        except InputError as exc:
            yield CrawlErrorItem(url=response.url, error=str(exc))
            return
        raw = data.get("MatterTextPlain") or ""
        if raw.strip():
            yield self._version(raw, response.url, version)
            return
        yield self._request(
            f"/matters/{matter['MatterId']}/attachments",
            self.parse_attachments,
            letter=letter,
            version=version,
        )

    def parse_attachments(self, response, letter: str, version: dict):
        """A matter's attachments → the PDF of this version's text, if there is one."""
        try:
            rows = self._json(response, list)
        except InputError as exc:
            yield CrawlErrorItem(url=response.url, error=str(exc))
            return
        pdfs = [
            r
            for r in rows
            if (r.get("MatterAttachmentFileName") or r.get("MatterAttachmentHyperlink") or "")
            .lower()
            .endswith(".pdf")
            and str(r.get("MatterAttachmentMatterVersion") or "") in ("", letter)
        ]
        if not pdfs:
            error = (
                f"{version['bill_id']}: version {letter or '*'} has no text and no PDF attachment"
            )
            yield CrawlErrorItem(url=response.url, error=error)
            return
        pdf = sorted(pdfs, key=lambda r: r.get("MatterAttachmentSort") or 0)[0]
        yield scrapy.Request(
            pdf["MatterAttachmentHyperlink"],
            callback=self.parse_pdf,
            errback=self.fetch_failed,
            cb_kwargs={"version": version},
            dont_filter=True,
        )

    def parse_pdf(self, response, version: dict):
        """A PDF attachment → the version's text (through ``billtracker.text.extract``)."""
        name = urlsplit(response.url).path.rsplit("/", 1)[-1] or "attachment.pdf"
        try:
            raw = text_from_bytes(
                response.body, name if name.lower().endswith(".pdf") else f"{name}.pdf"
            )
        except InputError as exc:
            yield CrawlErrorItem(url=response.url, error=f"{response.url}: {exc}")
            return
        yield self._version(raw, response.url, version)

    def _version(self, raw: str, url: str, version: dict) -> VersionItem:
        style = "nyc" if self.client == "nyc" else None
        texts = normalize.normalise(raw, style)
        return VersionItem(
            text=texts.text,
            marked_text=texts.marked_text,
            url=url,
            source=f"{self.source}:{self.client}",
            **version,
        )

    # -- sponsors --------------------------------------------------------------------

    def parse_sponsors(self, response, bill_id: str):
        """A matter's sponsors: the first is the primary sponsor."""
        try:
            rows = self._json(response, list)
        except InputError as exc:
            yield CrawlErrorItem(url=response.url, error=str(exc))
            return
        rows = sorted(rows, key=lambda r: r.get("MatterSponsorSequence") or 0)
        for n, row in enumerate(rows):
            name = (row.get("MatterSponsorName") or "").strip()
            if name:
                yield SponsorItem(bill_id=bill_id, name=name, role=self._parse_role(n))

    def _parse_role(self, position: int) -> str:
        """The first sponsor is ``primary sponsor``, the others ``cosponsor``."""
        return "primary sponsor" if position == 0 else "cosponsor"

    # -- failures --------------------------------------------------------------------


def _version_order(row: dict) -> tuple:
    """``*`` (the original) first, then ``A``, ``B``..."""
    letter = str(row.get("Value") or "").strip()
    return (letter not in ("", "*", "0"), len(letter), letter)
