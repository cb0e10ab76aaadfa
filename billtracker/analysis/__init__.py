"""Analysis: score each stored version once (``scoring``), diff consecutive versions
(``diff``), find similar bills (``similar``), and render scorecards and redlines for a
terminal (``formats``, ``redline``). On top of ``compare/``, reading and writing through
``billtracker.storage``."""
