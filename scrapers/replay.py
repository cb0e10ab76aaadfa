"""Replay mode: answer a spider's requests from recorded files instead of the network.

``BILLTRACKER_REPLAY`` names the root of a corpus laid out like
``../shared/corpus``; each spider names its own folder under ``formats/``
with a ``replay_folder`` attribute (``ca_pubinfo/mini_2025`` for california).
A request for ``{base_url}/BILL_TBL.dat`` is answered with
``{root}/formats/{replay_folder}/BILL_TBL.dat``; a file that was not recorded
is answered with a 404, which the spider reports as a crawl error like any
other missing page. Nothing goes out on the network while replay is on.

Where recorded files are not named after their URLs, a spider maps them with
a ``replay_body(folder, url)`` method returning the bytes that answer ``url``
(or None to fall back to the path rule): the NY spider maps API paths to the
recorded responses, and the Legistar spider rebuilds Web API responses from
the NYC mirror (``scrapers.legistar_mirror``). Documented example responses
kept as ``.jsonc`` lose their ``//`` comments (``read_recorded``).
"""

from __future__ import annotations

import re
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


_JSONC = re.compile(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*')


def strip_json_comments(text: str) -> str:
    """Documented JSON (``.jsonc``) as plain JSON: ``//`` comments dropped, ``{..}`` elisions
    read as empty objects; strings are kept."""
    text = _JSONC.sub(lambda m: m.group(0) if m.group(0).startswith('"') else "", text)
    return re.sub(r"\{\s*\.\.\s*\}", "{}", text)


def read_recorded(path: Path) -> bytes:
    """A recorded file's bytes; a ``.jsonc`` file without its comments."""
    body = path.read_bytes()
    if path.suffix == ".jsonc":
        body = strip_json_comments(body.decode("utf-8")).encode("utf-8")
    return body


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
        spider = self.crawler.spider
        hook = getattr(spider, "replay_body", None)
        body = hook(self.folder, request.url) if hook else None
        if body is None:
            path = recorded_path(self.folder, request.url, getattr(spider, "base_url", None))
            if path is None or not path.is_file():
                return Response(request.url, status=404, request=request, flags=["replay"])
            body = read_recorded(path)
        cls = responsetypes.from_args(url=request.url, body=body[:512])
        return cls(request.url, status=200, body=body, request=request, flags=["replay"])
