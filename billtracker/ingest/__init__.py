"""Ingest: versions come in, from files (``importer``) or from a spider's run (``crawl``)."""
