"""Calendar dates written the ways the press writes them, as ISO 8601 (partial where partial).

Used by ingest (publication dates in page headers) and by extraction (dates in sentences).
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"

# Full dates, most specific first. Each pattern names year, month and (optionally) day.
_FULL_DATE_PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),  # November 9th, 2021
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),  # 9 November 2021
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.I),  # November 2021
]


def first_day(date: str | None) -> str | None:
    """The first day a partial ISO date or interval may mean: "2021" -> "2021-01-01",
    "2021-05/2021-06" -> "2021-05-01"."""
    if not date:
        return None
    start = date.split("/")[0]
    return (start + "-01-01")[:10] if len(start) == 4 else (start + "-01")[:10]


def iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """Format a (possibly partial) date as ISO 8601, or None if it is not a real date."""
    try:
        if month is None:
            return f"{year:04d}"
        if day is None:
            date(year, month, 1)
            return f"{year:04d}-{month:02d}"
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return MONTHS.get(text.lower().rstrip("."))


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first full or month-precise date in `text`: (iso, start, end), else None.

    >>> find_date("Published November 9th, 2021 - 11:58 GMT")
    ('2021-11-09', 10, 28)
    """
    best: tuple[str, int, int] | None = None
    for pattern in _FULL_DATE_PATTERNS:
        for m in pattern.finditer(text):
            month = _month_number(m.group("month"))
            day = m.groupdict().get("day")
            value = iso(int(m.group("year")), month, int(day) if day else None) if month else None
            if value and (best is None or m.start() < best[1]):
                best = (value, m.start(), m.end())
            break
    return best


def parse_date(text: str | None) -> str | None:
    """An ISO date from a metadata value ("2021-11-09T11:58:00Z", "9 Nov 2021"), else None."""
    if not text:
        return None
    found = find_date(text)
    return found[0] if found else None
