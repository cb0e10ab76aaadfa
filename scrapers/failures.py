"""What every spider does with a request that could not be fetched: a crawl error, not a crash."""

from __future__ import annotations

from scrapy.spidermiddlewares.httperror import HttpError

from scrapers.items import CrawlErrorItem


def failure_reason(failure) -> str:
    """A failed request's reason: ``HTTP 500`` for an error status, else the exception."""
    response = getattr(failure.value, "response", None)
    if isinstance(failure.value, HttpError) and response is not None:
        return f"HTTP {response.status}"
    return str(failure.value)


class FetchErrbacks:
    """Errbacks for spiders: ``fetch_failed`` records a crawl error and the run goes on;
    ``fatal_failure`` marks the run failed (its source is gone, e.g. an index page)."""

    def loggable_url(self, url: str) -> str:
        """The URL as it may be logged (spiders with keys in their URLs mask them)."""
        return url

    def fetch_failed(self, failure):
        yield self._fetch_error(failure, fatal=False)

    def fatal_failure(self, failure):
        yield self._fetch_error(failure, fatal=True)

    def _fetch_error(self, failure, *, fatal: bool) -> CrawlErrorItem:
        url = self.loggable_url(failure.request.url)
        return CrawlErrorItem(
            url=url, error=f"could not fetch {url}: {failure_reason(failure)}", fatal=fatal
        )
