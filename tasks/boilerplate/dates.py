"""The article's published date from its dateline text (documents.published -> documents.published_at).

The stripper hands over the dateline it found beside the headline or byline ('Nov. 19, 2019, 8:41 AM UTC',
'PUBLISHED: November 19, 2019 at 8:59 pm | UPDATED: ...', 'Updated: 18 Nov 2019 9:38 pm', '11/18/19 11:04 PM EST',
'기사입력 :[ 2018-08-25 15:24 ]'). A date counts only when the text states day, month and year explicitly, so that
nothing is filled in from today: relative times ('1 day ago', 'Sunday'), a day without a year ('05 Oct'), a year
alone, a label without a date ('Published: Updated:') and a date glued to a page clock ('16:02 GMT +322 September
2019', where '322' is no day) give None. When in doubt, None: a wrong date is worse than none.

- The first date wins (a page's 'Published ... Updated ...' line gives the published one).
- Numeric day/month orders: ISO (2019-11-19) always; 11/18/19 and 11.14.2019 are month first (US sites) when the
  second number cannot be a month, and equal halves are fine; otherwise (11/12/19) the order is unknown: None.
- A time next to the date (after it, or right before it: '11:11 PM EST Nov 19, 2019') is kept, with its zone when
  the abbreviation is unambiguous (UTC, GMT, US zones, ET/PT, BST, CET, ...); a time without a known zone is read as
  UTC wall-clock time, and a date alone is midnight UTC.
- A date after `now` (the time the page is read) is refused, so a published_at is never in the future.

Parsing of the date and time pieces is python-dateutil's (`dateutil.parser`, with a table of zone abbreviations).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil import parser as du_parser
from dateutil import tz as du_tz

MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+"
_DAY = r"(?P<day>(?<![\d+\-])\d{1,2})(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"

#: Month name first ('Nov. 19, 2019'), day first ('19 November 2019'), ISO, and numeric (11/18/19, 11.14.2019).
DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(r"(?<![\d.:/-])(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])"),
    re.compile(r"(?<![\d.:/+-])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)?\d{2})(?![\d/.])"),
)
_TIME = r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?)(?:\s*(?P<ampm>[ap]\.?m\.?)(?![a-z]))?"
_ZONE = r"(?:\s*(?P<zone>(?<![A-Za-z])(?:[A-Z]{2,4}|Z)(?![A-Za-z])|[+-]\d{2}:?\d{2}))?"
#: A time right after the date ('..., 9:02 AM', ' at 8:40 AM', ' • 1:16pm', ' -- 19:14 GMT', 'T15:24:00Z').
TIME_AFTER = re.compile(r"^(?:\s*(?:,|at|-{1,2}|–|—|•|\||T)?\s*)" + _TIME + _ZONE, re.IGNORECASE)
#: A time right before the date ('11:11 PM EST Nov 19, 2019', '6:45 PM, Feb 16, 2018', '5:45 AM PST 11/19/2019').
TIME_BEFORE = re.compile(_TIME + _ZONE + r"\s*[,|]?\s*(?:" + _WEEKDAY + r")?$", re.IGNORECASE)

_NEW_YORK = "America/New_York"
_CHICAGO = "America/Chicago"
_DENVER = "America/Denver"
_LOS_ANGELES = "America/Los_Angeles"
#: Zone abbreviations read with a fixed meaning; anything else (IST, AMT, ...) is ambiguous and ignored.
ZONES = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "BST": 3600,
    "CET": 3600,
    "CEST": 7200,
    "EET": 7200,
    "EEST": 10800,
    "MSK": 10800,
    "EST": -5 * 3600,
    "EDT": -4 * 3600,
    "CST": -6 * 3600,
    "CDT": -5 * 3600,
    "MST": -7 * 3600,
    "MDT": -6 * 3600,
    "PST": -8 * 3600,
    "PDT": -7 * 3600,
    "ET": _NEW_YORK,
    "CT": _CHICAGO,
    "MT": _DENVER,
    "PT": _LOS_ANGELES,
    "JST": 9 * 3600,
    "KST": 9 * 3600,
    "AEST": 10 * 3600,
    "AEDT": 11 * 3600,
}


@lru_cache(maxsize=64)
def _zone(name: str) -> du_tz.tzoffset | ZoneInfo | None:
    value = ZONES.get(name.upper())
    if value is None:
        return None
    return ZoneInfo(value) if isinstance(value, str) else du_tz.tzoffset(name.upper(), value)


def _first_date(text: str) -> tuple[re.Match[str], int, int, int] | None:
    """The earliest explicit date in the text: its match and (year, month, day), or None."""
    found: list[tuple[int, re.Match[str], int, int, int]] = []
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            parts = _ymd(m)
            if parts is not None:
                found.append((m.start(), m, *parts))
                break
    if not found:
        return None
    _, m, year, month, day = min(found, key=lambda f: f[0])
    return m, year, month, day


def _ymd(m: re.Match[str]) -> tuple[int, int, int] | None:
    """Year, month and day of a date match; None when the order is ambiguous or a part is impossible."""
    groups = m.groupdict()
    year = int(groups["year"])
    if year < 100:
        year += 2000
    if "a" in groups and groups.get("a") is not None:  # numeric: month first unless that is impossible
        a, b = int(groups["a"]), int(groups["b"])
        if a == b or b > 12 >= a:
            month, day = a, b
        elif a > 12 >= b:
            month, day = b, a
        else:
            return None  # 11/12/19: 11 Dec or 12 Nov; nothing on the page says which
    else:
        raw = groups["month"]
        month = int(raw) if raw.isdigit() else MONTHS[raw.lower().rstrip(".")]
        day = int(groups["day"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return year, month, day


def parse_published(text: str | None, now: datetime | None = None) -> datetime | None:
    """The article's publication time (UTC-aware) stated in a dateline text, or None (see the module docstring)."""
    if not text:
        return None
    text = " ".join(text.split())
    first = _first_date(text)
    if first is None:
        return None
    m, year, month, day = first
    clock = TIME_AFTER.match(text[m.end() :]) or TIME_BEFORE.search(text[: m.start()])
    spec = f"{year:04d}-{month:02d}-{day:02d}"
    zone = None
    if clock is not None:
        spec += " " + clock.group("time") + (" " + clock.group("ampm").replace(".", "") if clock.group("ampm") else "")
        name = clock.group("zone")
        if name and name[0] in "+-":
            spec += " " + name
        elif name:
            zone = _zone(name)
    try:
        parsed = du_parser.isoparse(spec) if clock is None else du_parser.parse(spec, yearfirst=True, dayfirst=False)
    except (ValueError, OverflowError):
        return None  # 31 February, 25:61, ...
    if (parsed.year, parsed.month, parsed.day) != (year, month, day):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone or UTC)
    parsed = parsed.astimezone(UTC)
    if parsed > (now or datetime.now(UTC)):
        return None
    return parsed
