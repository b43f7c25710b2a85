"""Partial ISO 8601 dates as the sources give them: "1992", "2022-11", "2025-Q1", "--02-07", "A/B"."""

from __future__ import annotations

import datetime as _dt
import re

_SINGLE = re.compile(r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>\d{2})(?:-(?P<day>\d{2}))?))?$")
_NO_YEAR = re.compile(r"^--(?P<month>\d{2})-(?P<day>\d{2})$")

EXPECTED = 'an ISO 8601 date only as precise as the source: "1992", "2022-11", "1992-06-29", "2025-Q1"'
EXPECTED_PERIOD = EXPECTED + ', or a range "2023/2025"'

SortKey = tuple[int, int, int]


def parse_single(text: str, *, allow_no_year: bool = False) -> SortKey | None:
    """Return a sort key (year, month, day; 0 where unknown) or None if ``text`` is not a partial date."""
    match = _SINGLE.match(text)
    if match:
        year = int(match["year"])
        if match["quarter"]:
            return (year, (int(match["quarter"]) - 1) * 3 + 1, 0)
        month = int(match["month"]) if match["month"] else 0
        day = int(match["day"]) if match["day"] else 0
        if month and not 1 <= month <= 12:
            return None
        if day:
            try:
                _dt.date(year, month, day)
            except ValueError:
                return None
        return (year, month, day)
    if allow_no_year:
        match = _NO_YEAR.match(text)
        if match:
            month, day = int(match["month"]), int(match["day"])
            try:
                _dt.date(2000, month, day)  # a leap year, so 29 February passes
            except ValueError:
                return None
            return (0, month, day)
    return None


def parse_span(text: str, *, allow_no_year: bool = False) -> tuple[SortKey, SortKey] | None:
    """Parse a partial date or a "start/end" range; None if malformed or reversed."""
    parts = text.split("/")
    if len(parts) == 1:
        key = parse_single(text, allow_no_year=allow_no_year)
        return (key, key) if key is not None else None
    if len(parts) == 2:
        start, end = parse_single(parts[0]), parse_single(parts[1])
        if start is None or end is None or end < start:
            return None
        return (start, end)
    return None


def years_covered(text: str | None) -> range:
    """All years a partial date or range touches (empty when unknown)."""
    if not text:
        return range(0)
    span = parse_span(text, allow_no_year=True)
    if span is None or span[0][0] == 0:
        return range(0)
    return range(span[0][0], span[1][0] + 1)


def days_covered(text: str | None, *, allow_no_year: bool = False) -> tuple[SortKey, SortKey] | None:
    """The first and last day a partial date or range covers, every part known: "2025-Q1" runs from
    (2025, 1, 1) to (2025, 3, 31), "2024-05" from (2024, 5, 1) to (2024, 5, 31).

    A last day is 31 whatever the month: these keys are compared, never shown. None if ``text`` is empty
    or not a date.
    """
    if not text:
        return None
    parts = text.split("/")
    if len(parts) > 2:
        return None
    span = parse_span(text, allow_no_year=allow_no_year)
    if span is None:
        return None
    (year, month, day), (end_year, end_month, end_day) = span
    if _SINGLE.match(parts[-1]) and "Q" in parts[-1]:  # a quarter ends two months after it starts
        end_month += 2
    return (year, month or 1, day or 1), (end_year, end_month or 12, end_day or 31)
