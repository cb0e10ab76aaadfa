"""One spider per source family; each yields the item types of ``scrapers.items``."""
