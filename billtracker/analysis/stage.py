"""Where a bill stands, from its free-text status: ``enacted``, ``pending`` or ``failed``.

Sources word statuses their own way ("Approved by the Governor - Chapter 188",
"Enacted (Local Law 2013/021)", "Filed (End of Session)", "In Senate Committee (not
enacted)"), so the stage is read with rules, kept as data and tried in order.
"""

from __future__ import annotations

import re

# (pattern, stage), first match wins; "not enacted" must come before "enacted"
RULES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"not enacted|veto|end of session|died|dead|failed|withdrawn", re.I), "failed"),
    (re.compile(r"enact|chapter|approved by the governor|signed|adopted", re.I), "enacted"),
)


def stage(status: str | None) -> str:
    """``enacted``, ``failed`` or (anything else, including no status) ``pending``."""
    for pattern, name in RULES:
        if status and pattern.search(status):
            return name
    return "pending"
