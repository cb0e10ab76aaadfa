"""billtracker's Scrapy project: spiders fetch and parse, pipelines validate and store."""
