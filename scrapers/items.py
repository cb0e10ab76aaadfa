"""The items every spider yields: one dataclass per database table it feeds.

Field names match the columns of ``billtracker.storage``; a bill id is
``{jurisdiction}/{session}/{identifier}``, e.g. ``ca/2025-2026/AB831``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class JurisdictionItem:
    """A state, county or city whose bills a spider reports."""

    id: str
    name: str
    level: str = "state"
    state: str | None = None


@dataclass
class BillItem:
    """A bill, with its current title and status."""

    id: str
    jurisdiction_id: str
    session: str
    identifier: str
    title: str | None = None
    status: str | None = None
    chamber: str | None = None
    source_url: str | None = None
    source: str | None = None


@dataclass
class VersionItem:
    """One printed version of a bill.

    ``text`` is the version as it would become law (inserted matter kept,
    struck matter dropped); ``marked_text`` shows the changes as
    ``~~deleted~~`` and ``__inserted__``.
    """

    bill_id: str
    slug: str
    text: str
    label: str | None = None
    date: str | None = None
    url: str | None = None
    marked_text: str | None = None
    ordinal: int | None = None
    source: str | None = None
    notes: str | None = None


@dataclass
class ActionItem:
    """One entry of a bill's history."""

    bill_id: str
    description: str
    date: str | None = None
    actor: str | None = None
    ordinal: int | None = None
    classification: str | None = None


@dataclass
class SponsorItem:
    """An author or sponsor of a bill."""

    bill_id: str
    name: str
    role: str | None = None


@dataclass
class RelatedBillItem:
    """A link from a bill to another: ``same-as`` (the other chamber's identical
    bill) or ``previous-version`` (the bill in an earlier session)."""

    bill_id: str
    related_id: str
    relation: str


@dataclass
class CrawlErrorItem:
    """A fetch or parse that failed; stored in ``crawl_errors``, never as data.

    ``fatal`` marks failures that leave the run without its source (e.g. an
    index table could not be downloaded), so the run is recorded as failed; any
    other error makes it ``partial``, except a ``warning`` (session drift), which
    loses nothing.
    """

    url: str
    error: str
    fatal: bool = False
    warning: bool = False


DATA_ITEMS = (JurisdictionItem, BillItem, VersionItem, ActionItem, SponsorItem, RelatedBillItem)
