"""Replay mode: answer a spider's requests from recorded files instead of the network.

``BILLTRACKER_REPLAY`` names the root of a corpus laid out like
``../shared/corpus``; each spider names its own folder under ``formats/``
with a ``replay_folder`` attribute (``ca_pubinfo/mini_2025`` for california).
A request for ``{base_url}/BILL_TBL.dat`` is answered with
``{root}/formats/{replay_folder}/BILL_TBL.dat``; a file that was not recorded
is answered with a 404, which the spider reports as a crawl error like any
other missing page. Nothing goes out on the network while replay is on.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.responsetypes import responsetypes

from billtracker.errors import SpiderError

SETTING = "BILLTRACKER_REPLAY"


def replay_folder(root: str | Path, spider) -> Path:
    """The folder holding ``spider``'s recorded responses; SpiderError if it is missing."""
    sub = getattr(spider, "replay_folder", None)
    name = getattr(spider, "name", str(spider))
    if not sub:
        raise SpiderError(f"spider {name} has no recorded responses (no replay_folder)")
    folder = Path(root) / "formats" / sub
    if not folder.is_dir():
        raise SpiderError(f"no recorded responses for {name} under {folder}")
    return folder


def recorded_path(folder: Path, url: str, base_url: str | None = None) -> Path | None:
    """The file answering ``url``: its path below ``base_url``, else its URL path."""
    base = (base_url or "").rstrip("/") + "/"
    if base_url and url.startswith(base):
        rel = urlsplit(url[len(base) :]).path
    else:
        rel = urlsplit(url).path
    rel = unquote(rel).lstrip("/")
    if not rel:
        return None
    path = (folder / rel).resolve()
    if not path.is_relative_to(folder.resolve()):
        return None
    return path


class ReplayMiddleware:
    """Downloader middleware serving recorded files; off unless ``BILLTRACKER_REPLAY`` is set."""

    def __init__(self, crawler, root: Path):
        self.crawler = crawler
        self.root = root
        self._folder: Path | None = None

    @classmethod
    def from_crawler(cls, crawler):
        root = crawler.settings.get(SETTING)
        if not root:
            raise NotConfigured(f"{SETTING} is not set")
        return cls(crawler, Path(root))

    @property
    def folder(self) -> Path:
        if self._folder is None:
            self._folder = replay_folder(self.root, self.crawler.spider)
        return self._folder

    def process_request(self, request):
        base_url = getattr(self.crawler.spider, "base_url", None)
        path = recorded_path(self.folder, request.url, base_url)
        if path is None or not path.is_file():
            return Response(request.url, status=404, request=request, flags=["replay"])
        body = path.read_bytes()
        cls = responsetypes.from_args(url=request.url, body=body[:512])
        return cls(request.url, status=200, body=body, request=request, flags=["replay"])
