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
# A date as the store and the command line write it: year, year and month, or a day (2024, 2024-05, 2024-05-17).
ISO_PARTIAL = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
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


# A day without its year ("on 5 May", "on May 5") and days named relative to the report.
_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH_WORDS})\.?"
                        rf"|(?P<m2>{_MONTH_WORDS})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)\b(?!,?\s*(?:19|20)\d\d)",
                        re.I)
# "May" alone is a verb too often; as a month it needs its day, which the pattern above requires.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(?:on\s+|last\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.I)
_DAYS_BACK = [(re.compile(r"\b(?:yesterday|last night|overnight)\b", re.I), 1),
              (re.compile(r"\b(?:today|this (?:morning|afternoon|evening)|tonight)\b", re.I), 0)]


def event_date(text: str, published: str | None) -> str | None:
    """The day a sentence says something happened, as ISO 8601, else None: a full date, a day
    and month (in the year of publication, or the year before when that day is still to come),
    a weekday (the last one on or before publication), "yesterday", "overnight", "today"."""
    found = find_date(text)
    if found:
        return found[0]
    day = _DAY_MONTH.search(text)
    if day and published and len(published) >= 4:
        d, m = day.group("d1") or day.group("d2"), _month_number(day.group("m1") or day.group("m2"))
        year = int(published[:4])
        value = iso(year, m, int(d)) if m and d else None
        if value and len(published) >= 10 and value > published:
            value = iso(year - 1, m, int(d))
        if value:
            return value
    if published and len(published) >= 10:
        try:
            when = date.fromisoformat(published[:10])
        except ValueError:
            return None
        weekday = _WEEKDAY.search(text)
        if weekday:
            back = (when.weekday() - WEEKDAYS.index(weekday.group(1).lower())) % 7
            return date.fromordinal(when.toordinal() - back).isoformat()
        for pattern, back in _DAYS_BACK:
            if pattern.search(text):
                return date.fromordinal(when.toordinal() - back).isoformat()
    return None
