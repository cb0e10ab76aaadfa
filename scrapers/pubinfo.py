"""Read California's pubinfo ``.dat`` tables (the leginfo bulk download).

Each line is one row; fields are tab-separated, strings are wrapped in
backticks, numbers and timestamps are bare, and ``NULL`` stands for a missing
value. Column names follow the Legislature's ``capublic.sql``. Values are
returned as strings (or ``None``); converting them is the caller's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from billtracker.errors import InputError
from billtracker.text.extract import decode_strict

COLUMNS: dict[str, tuple[str, ...]] = {
    "BILL_TBL": (
        "bill_id",
        "session_year",
        "session_num",
        "measure_type",
        "measure_num",
        "measure_state",
        "chapter_year",
        "chapter_type",
        "chapter_session_num",
        "chapter_num",
        "latest_bill_version_id",
        "active_flg",
        "trans_uid",
        "trans_update",
        "current_location",
        "current_secondary_loc",
        "current_house",
        "current_status",
        "days_31st_in_print",
    ),
    "BILL_VERSION_TBL": (
        "bill_version_id",
        "bill_id",
        "version_num",
        "bill_version_action_date",
        "bill_version_action",
        "request_num",
        "subject",
        "vote_required",
        "appropriation",
        "fiscal_committee",
        "local_program",
        "substantive_changes",
        "urgency",
        "taxlevy",
        "bill_xml",
        "active_flg",
        "trans_uid",
        "trans_update",
    ),
    "BILL_HISTORY_TBL": (
        "bill_id",
        "bill_history_id",
        "action_date",
        "action",
        "trans_uid",
        "trans_update_dt",
        "action_sequence",
        "action_code",
        "action_status",
        "primary_location",
        "secondary_location",
        "ternary_location",
        "end_status",
    ),
    "BILL_VERSION_AUTHORS_TBL": (
        "bill_version_id",
        "type",
        "house",
        "name",
        "contribution",
        "committee_members",
        "active_flg",
        "trans_uid",
        "trans_update",
        "primary_author_flg",
    ),
    "VETO_MESSAGE_TBL": ("bill_id", "veto_date", "message", "trans_uid", "trans_update"),
}

# A quoted field ends at a backtick followed by a tab, a line end or the end of the file.
_QUOTED = re.compile(r"`(.*?)`(?=\t|\r?\n|\Z)", re.S)
_BARE = re.compile(r"[^\t\r\n]*")


def table_name(filename: str) -> str:
    """``BILL_TBL.dat`` (or a path or URL ending in it) → ``BILL_TBL``."""
    return Path(filename.rsplit("/", 1)[-1]).stem.upper()


def decode(data: bytes | str, name: str = "table") -> str:
    """The text of a table file: UTF-8 (as the dumps are published), strictly: bytes that do
    not decode raise InputError naming the file and the byte offset (no guessing)."""
    if isinstance(data, str):
        return data
    return decode_strict(data, name)


def _field(text: str, pos: int, line: int, name: str) -> tuple[str | None, int]:
    """Read one field at ``pos``; returns its value and the position after it."""
    if text.startswith("`", pos):
        m = _QUOTED.match(text, pos)
        if not m:
            raise InputError(f"{name} line {line}: unterminated backtick-quoted field")
        return m.group(1), m.end()
    m = _BARE.match(text, pos)
    raw = m.group(0)
    if "`" in raw:
        raise InputError(f"{name} line {line}: stray backtick in unquoted field {raw[:40]!r}")
    return (None if raw == "NULL" else raw), m.end()


def _skip_line(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end + 1


def iter_records(
    text: str, name: str = "table"
) -> Iterator[tuple[int, list[str | None] | None, InputError | None]]:
    """Yield ``(line, fields, None)`` per row, or ``(line, None, error)`` for an unreadable one."""
    pos, line, n = 0, 1, len(text)
    while pos < n:
        start, fields = line, []
        try:
            while True:
                value, pos = _field(text, pos, line, name)
                line += (value or "").count("\n")
                fields.append(value)
                if pos < n and text[pos] == "\t":
                    pos += 1
                    continue
                break
        except InputError as exc:
            pos, line = _skip_line(text, pos), line + 1
            yield start, None, exc
            continue
        pos += 2 if text.startswith("\r\n", pos) else 1
        line += 1
        if fields != [""]:
            yield start, fields, None


def _columns(table: str | None, width: int) -> tuple[str, ...]:
    if table and table.upper() in COLUMNS:
        return COLUMNS[table.upper()]
    return tuple(f"col{i}" for i in range(1, width + 1))


def read_table(
    data: bytes | str, table: str | None = None, *, name: str | None = None
) -> tuple[list[dict], list[InputError]]:
    """Rows of one table as dicts, and an InputError for each malformed line (skipped).

    A file that is not valid UTF-8 gives no rows and one error naming the byte offset.
    ``table`` (e.g. ``"BILL_TBL"``) names the columns; unknown tables get
    ``col1``, ``col2``... Each row also carries its source line as ``_line``.
    """
    name = name or (f"{table}.dat" if table else "table")
    rows: list[dict] = []
    errors: list[InputError] = []
    columns = None
    try:
        text = decode(data, name)
    except InputError as error:  # a file that does not decode gives no rows at all
        return [], [error]
    for line, fields, error in iter_records(text, name):
        if error is not None:
            errors.append(error)
            continue
        columns = columns or _columns(table, len(fields))
        if len(fields) != len(columns):
            errors.append(
                InputError(
                    f"{name} line {line}: expected {len(columns)} fields, found {len(fields)}"
                )
            )
            continue
        row = dict(zip(columns, fields, strict=True))
        row["_line"] = line
        rows.append(row)
    return rows, errors


def parse_dat(
    data: bytes | str, table: str | None = None, *, name: str | None = None
) -> list[dict]:
    """Rows of one table; the first malformed line raises InputError naming file and line."""
    rows, errors = read_table(data, table, name=name)
    if errors:
        raise errors[0]
    return rows


def parse_dat_file(path: str | Path) -> list[dict]:
    """Rows of a ``.dat`` file, its table named by the file name."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return parse_dat(data, table_name(path.name), name=str(path))
