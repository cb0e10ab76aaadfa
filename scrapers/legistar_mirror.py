"""Legistar Web API responses rebuilt from the NYC Council JSON mirror, for replay.

The corpus holds no raw ``webapi.legistar.com`` responses for NYC, only
snapshots from github:jehiah/nyc_legislation, which renames and flattens the
API's keys (``File`` for ``MatterFile``, ``Text`` for ``MatterTextPlain``,
``History`` for ``/histories``...; see formats/legistar/README.md). This
module maps each snapshot back to the Web API's names so the ``legistar``
spider reads replay and live responses alike:

- ``/matters?$filter=...``: the latest snapshot of each matter (filters on
  ``MatterFile eq '...'`` and ``MatterLastModifiedUtc gt datetime'...'`` are
  applied; other filters are ignored);
- ``/matters/{id}/versions``: one ``{"Key": TextID, "Value": Version}`` per
  distinct snapshot, oldest first, so two snapshots across a version change
  give two versions (Int 1412-2025: ``*`` then ``A``);
- ``/matters/{id}/texts/{TextID}``: that snapshot's ``Text`` and ``RTF``;
- ``/matters/{id}/histories``, ``/sponsors``, ``/attachments``: from the latest
  snapshot; ``/indexes``: ``[]`` (the mirror keeps none).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

MIRROR = "nyc_legislation_mirror"
_PATH = re.compile(r"/matters(?:/(\d+)(?:/(\w+)(?:/(\d+))?)?)?/?$")


def load_snapshots(folder: Path) -> dict[int, list[dict]]:
    """Mirror snapshots by matter id, oldest ``LastModified`` first."""
    matters: dict[int, list[dict]] = {}
    for path in sorted((folder / MIRROR).glob("*.json")):
        snap = json.loads(path.read_text(encoding="utf-8"))
        matters.setdefault(int(snap["ID"]), []).append(snap)
    for snaps in matters.values():
        snaps.sort(key=lambda s: s.get("LastModified") or "")
    return matters


def _day(value: str | None) -> str | None:
    """Mirror times end in ``Z``; the Web API writes them without a zone."""
    if not value or value.startswith("0001-"):
        return None
    return value.rstrip("Z")


def matter(snap: dict) -> dict:
    """A snapshot as a Web API matter object."""
    return {
        "MatterId": snap["ID"],
        "MatterGuid": snap.get("GUID"),
        "MatterFile": snap.get("File"),
        "MatterName": snap.get("Name"),
        "MatterTitle": snap.get("Title"),
        "MatterTypeName": snap.get("TypeName"),
        "MatterStatusName": snap.get("StatusName"),
        "MatterBodyName": snap.get("BodyName"),
        "MatterIntroDate": _day(snap.get("IntroDate")),
        "MatterAgendaDate": _day(snap.get("AgendaDate")),
        "MatterPassedDate": _day(snap.get("PassedDate")),
        "MatterEnactmentDate": _day(snap.get("EnactmentDate")),
        "MatterEnactmentNumber": snap.get("LocalLaw"),
        "MatterVersion": snap.get("Version"),
        "MatterLastModifiedUtc": _day(snap.get("LastModified")),
    }


def versions(snaps: list[dict]) -> list[dict]:
    """One version entry per distinct text, oldest first."""
    out, seen = [], set()
    for snap in snaps:
        if snap.get("TextID") not in seen:
            seen.add(snap.get("TextID"))
            out.append({"Key": str(snap["TextID"]), "Value": snap.get("Version")})
    return out


def text(snap: dict) -> dict:
    """A snapshot's text as a Web API matter text object."""
    return {
        "MatterTextId": snap["TextID"],
        "MatterTextVersion": snap.get("Version"),
        "MatterTextPlain": snap.get("Text"),
        "MatterTextRtf": snap.get("RTF"),
        "MatterTextLastModifiedUtc": _day(snap.get("LastModified")),
    }


def histories(snap: dict) -> list[dict]:
    return [
        {
            "MatterHistoryId": h.get("ID"),
            "MatterHistoryActionDate": _day(h.get("Date")),
            "MatterHistoryActionName": h.get("Action"),
            "MatterHistoryActionText": h.get("Description"),
            "MatterHistoryActionBodyName": h.get("BodyName"),
            "MatterHistoryMatterStatusId": h.get("MatterStatusID"),
            "MatterHistoryVersion": h.get("Version"),
            "MatterHistoryPassedFlagName": h.get("PassedFlagName"),
            "MatterHistoryLastModifiedUtc": _day(h.get("LastModified")),
        }
        for h in snap.get("History") or []
    ]


def sponsors(snap: dict) -> list[dict]:
    return [
        {
            "MatterSponsorId": s.get("ID"),
            "MatterSponsorMatterId": snap["ID"],
            "MatterSponsorMatterVersion": snap.get("Version"),
            "MatterSponsorName": s.get("FullName"),
            "MatterSponsorSequence": n,
        }
        for n, s in enumerate(snap.get("Sponsors") or [])
    ]


def attachments(snap: dict) -> list[dict]:
    return [
        {
            "MatterAttachmentId": a.get("ID"),
            "MatterAttachmentName": a.get("Name"),
            "MatterAttachmentHyperlink": a.get("Link"),
            "MatterAttachmentFileName": (a.get("Link") or "").rsplit("/", 1)[-1],
            "MatterAttachmentMatterVersion": snap.get("Version"),
            "MatterAttachmentSort": a.get("Sort"),
            "MatterAttachmentLastModifiedUtc": _day(a.get("LastModified")),
        }
        for a in snap.get("Attachments") or []
    ]


def _filtered(snaps: dict[int, list[dict]], query: str) -> list[dict]:
    wanted = re.search(r"MatterFile eq '([^']*)'", query)
    since = re.search(r"MatterLastModifiedUtc gt datetime'([^']*)'", query)
    out = []
    for history in snaps.values():
        latest = history[-1]
        if wanted and latest.get("File") != wanted.group(1):
            continue
        if since and (_day(latest.get("LastModified")) or "") <= since.group(1):
            continue
        out.append(matter(latest))
    return out


def response_for(folder: Path, url: str) -> bytes | None:
    """The Web API response for ``url`` rebuilt from the mirror, or None (a 404)."""
    parts = urlsplit(url)
    m = _PATH.search(parts.path)
    if not m or not (folder / MIRROR).is_dir():
        return None
    snaps = load_snapshots(folder)
    matter_id, sub, text_id = m.groups()
    if matter_id is None:
        query = unquote(" ".join(parse_qs(parts.query).get("$filter", [""])))
        body = _filtered(snaps, query)
    else:
        history = snaps.get(int(matter_id))
        if not history:
            return None
        latest = history[-1]
        if sub is None:
            body = matter(latest)
        elif sub == "versions":
            body = versions(history)
        elif sub == "texts" and text_id:
            found = [s for s in history if str(s.get("TextID")) == text_id]
            if not found:
                return None
            body = text(found[-1])
        elif sub in ("histories", "sponsors", "attachments"):
            body = {"histories": histories, "sponsors": sponsors, "attachments": attachments}[sub](
                latest
            )
        elif sub == "indexes":
            body = []
        else:
            return None
    return json.dumps(body).encode("utf-8")
