"""Text: bytes and files to text (``extract``), and each source's law text and marked text
(``normalize``). Below both the spiders and the importer; imports only ``compare`` and errors."""
