"""Scrapy settings for billtracker's spiders: polite by default.

Project settings used by billtracker itself:

- ``BILLTRACKER_DB``: the working database the pipelines write (default
  ``$BILLTRACKER_DB`` or ``data/billtracker.db``).
- ``BILLTRACKER_REPLAY``: root of a recorded corpus; when set, requests are
  answered from ``{root}/formats/{spider.replay_folder}`` and nothing is
  fetched (see ``scrapers.replay``).
- ``BILLTRACKER_RUN_ID``: the ``crawl_runs`` row to report into (set by
  ``billtracker.ingest.crawl.run_spider``; without it the pipeline opens its own row).
"""

BOT_NAME = "billtracker"

SPIDER_MODULES = ["scrapers.spiders"]
NEWSPIDER_MODULE = "scrapers.spiders"

# Crawl responsibly by identifying yourself (and your website).
USER_AGENT = "billtracker (+https://github.com/billtracker/billtracker)"

ROBOTSTXT_OBEY = True

# One request at a time per site, at least a second apart, slower when the site is.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2
AUTOTHROTTLE_MAX_DELAY = 60
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 120

RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

COOKIES_ENABLED = False
# No remote console into a running crawl: neither telnet nor Scrapy 2.19's HTTP
# remote control (which runs posted Python code).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    # Answers from recorded files when BILLTRACKER_REPLAY is set (after robots,
    # user agent and retry, before the cache and the network).
    "scrapers.replay.ReplayMiddleware": 950,
}

ITEM_PIPELINES = {
    "scrapers.pipelines.ValidatePipeline": 100,
    "scrapers.pipelines.StorePipeline": 800,
}

# Scrapy's HTTP cache: off by default; turn on with -s HTTPCACHE_ENABLED=1 while developing.
HTTPCACHE_ENABLED = False
HTTPCACHE_EXPIRATION_SECS = 0
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_IGNORE_HTTP_CODES = [500, 502, 503, 504]

BILLTRACKER_DB = None
BILLTRACKER_REPLAY = None
BILLTRACKER_RUN_ID = None

FEED_EXPORT_ENCODING = "utf-8"
