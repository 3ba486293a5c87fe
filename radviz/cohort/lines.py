"""Reading cohort lines: the ``locate --batch`` line format plus ``id``, ``date`` and ``group``.

The drawing itself is validated by :func:`radviz.locate_cli.parse_batch_line` (one parser for the
format); this module only adds the three research fields.  A bad line is reported with its number
and skipped; the caller counts it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterator, TextIO

from radviz.files import iter_lines, short
from radviz.locate_cli import MAX_BATCH_LINE, BatchLineError, parse_batch_line

__all__ = ["CohortLine", "read_cohort_lines", "EXTRA_KEYS", "MAX_FIELD"]

EXTRA_KEYS = ("id", "date", "group")
MAX_FIELD = 200
"""Longest ``id`` or ``group`` text kept (characters): longer ones are refused, not cut."""


@dataclass
class CohortLine:
    """One valid drawing line: its number, the parsed drawing (``parse_batch_line``) and research fields."""

    lineno: int
    item: dict
    id: str = ""
    date: str = ""
    group: str = ""


def _text(value, key: str, lineno: int) -> str:
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or len(value) > MAX_FIELD or any(c in value for c in "\r\n\0"):
        raise BatchLineError(f"line {lineno}: '{key}' must be text of at most {MAX_FIELD} characters on one line"
                             f"{' (or a whole number)' if key == 'id' else ''}, got {short(value)}")
    return value


def _date(value, lineno: int) -> str:
    """An ISO 8601 date or date-time (``2024-03-01``, ``2024-03-01T09:30``), kept as written."""
    if isinstance(value, str) and len(value) <= 40:
        try:
            (dt.date.fromisoformat if len(value) == 10 else dt.datetime.fromisoformat)(value)
            return value
        except ValueError:
            pass
    raise BatchLineError(f"line {lineno}: 'date' must be an ISO date like 2024-03-01, got {short(value)}")


def parse_cohort_line(raw: str, lineno: int, default_map: str) -> CohortLine:
    """Validate one line; raises :class:`BatchLineError` naming the line number and the problem."""
    item = parse_batch_line(raw, lineno, default_map, EXTRA_KEYS)
    extra = item.pop("extra")
    fields = {key: _text(extra[key], key, lineno) for key in ("id", "group") if key in extra}
    if "date" in extra:
        fields["date"] = _date(extra["date"], lineno)
    return CohortLine(lineno, item, **fields)


def read_cohort_lines(path, default_map: str, err: TextIO) -> Iterator[CohortLine | None]:
    """Stream the valid lines of ``path``; a bad line is reported on ``err`` and yields None.

    Blank lines are skipped silently (they hold no drawing).  Memory stays constant: one line of at
    most :data:`radviz.locate_cli.MAX_BATCH_LINE` bytes at a time.
    """
    for lineno, raw, problem in iter_lines(path, MAX_BATCH_LINE):
        if problem:
            err.write(f"radviz cohort: {path}: line {lineno}: {problem}; skipped\n")
            yield None
            continue
        if not raw.strip():
            continue
        try:
            yield parse_cohort_line(raw, lineno, default_map)
        except BatchLineError as exc:
            err.write(f"radviz cohort: {path}: {exc}; skipped\n")
            yield None
