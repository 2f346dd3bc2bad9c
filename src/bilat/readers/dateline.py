"""Datelines and date lines at the top of an article, and loose date strings from metadata.

Wire copy starts with ``MINSK, Oct 3 (Reuters) -`` and web copy often with a date line such as
``4 October 2024 11:44 (UTC+04:00)``. Both tell us where and when the report was filed, which
the extractor needs to resolve "on Thursday" or "here". Everything here is total: any string in,
a :class:`Dateline` (possibly empty) out, never an exception.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

__all__ = ["Dateline", "normalize_date", "parse_dateline"]

# Only the start of an article is examined; bounding it keeps every regex cheap on any input.
_MAX_LINE = 300

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_NAMES = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAYS = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|tues|thurs|thur|mon|tue|wed|thu|fri|sat|sun)\.?"
)
_NOT_LETTER = r"(?![^\W\d_])"


def _month(n: int) -> str:
    return rf"(?P<mon{n}>{_MONTH_NAMES}){_NOT_LETTER}\.?"


def _day(n: int) -> str:
    return rf"(?P<day{n}>[0-3]?[0-9])(?:st|nd|rd|th)?(?![0-9])"


def _year(n: int) -> str:
    return rf"(?P<year{n}>[12][0-9]{{3}})(?![0-9])"


# "October 3, 2024", "Oct. 3 2024", "Oct 3"  |  "3 October 2024", "4th Oct", "3 Oct."
_MDY = rf"{_month(1)}\s*{_day(1)}(?:\s*,?\s*{_year(1)})?"
_DMY = rf"{_day(2)}\s*{_month(2)}(?:\s*,?\s*{_year(2)})?"
_DATE = rf"(?:{_WEEKDAYS},?\s*)?(?:{_MDY}|{_DMY})"

_TIME = (
    r"(?:\s*(?:,|at|\||-|–|—|/)?\s*"
    r"(?P<hh>[0-2]?[0-9])[:.h](?P<mi>[0-5][0-9])(?::(?P<ss>[0-5][0-9]))?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?)"
)
_ZONE = (
    r"(?:\s*\(?\s*(?P<zone>(?:utc|gmt)\s*(?:[+\-−]\s*[0-9]{1,2}(?::?[0-9]{2})?)?"
    r"|[+\-−][0-9]{2}:?[0-9]{2}|(?-i:Z|[A-Z]{2,5}))\s*\)?)"
)
_PREFIX = r"(?:(?:first\s+)?(?:published|updated|posted|date|dated)(?:\s+on)?\s*:?\s*)?"
_ISO = r"(?P<iso>[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,6})?)?(?:Z|[+\-][0-9]{2}:?[0-9]{2})?)?)"  # noqa: E501
_NUMERIC = (
    r"(?P<ny>[12][0-9]{3})/(?P<nm>[01]?[0-9])/(?P<nd>[0-3]?[0-9])"  # 2024/10/03
    r"|(?P<dd>[0-3]?[0-9])\.(?P<dm>[01]?[0-9])\.(?P<dy>[12][0-9]{3})"  # 03.10.2024 (day first)
)

_DATE_LINE = re.compile(
    rf"{_PREFIX}(?:{_ISO}|(?:{_NUMERIC}|{_DATE}){_TIME}?{_ZONE}?)\.?", re.IGNORECASE
)

_WORD = r"[^\W\d_](?:[^\W\d_]|[.'’\-])*"
_NOT_DATE_WORD = rf"(?!(?:{_MONTH_NAMES}|{_WEEKDAYS}){_NOT_LETTER})"
_INLINE = re.compile(
    rf"(?P<place>{_WORD}(?: {_WORD}){{0,4}})"
    rf"(?:\s*,\s*{_NOT_DATE_WORD}(?P<region>{_WORD}(?: {_WORD}){{0,2}}))?"
    rf"(?:\s*,\s*(?P<date>{_DATE}))?"
    r"(?:\s*\((?P<agency>[^()\n]{1,40})\))?"
    r"\s*(?:-{1,3}|–|—)(?:\s+|$)",
    re.IGNORECASE,
)
# All-caps words that open headlines with a dash ("EU - China summit") but are not places.
_NOT_PLACES = frozenset(
    {"EU", "UN", "US", "UK", "USA", "NATO", "OPEC", "ASEAN", "BRICS", "IMF", "WHO", "WTO",
     "UPDATE", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION", "EDITORIAL", "FACTBOX", "WRAPUP"}
)  # fmt: skip
_NAMED_ZONES = {
    "Z": 0, "UTC": 0, "GMT": 0, "WET": 0, "BST": 60, "CET": 60, "CEST": 120, "EET": 120,
    "EEST": 180, "MSK": 180, "GST": 240, "AZT": 240, "PKT": 300, "JST": 540, "KST": 540,
    "AEST": 600, "AEDT": 660, "EST": -300, "EDT": -240, "CDT": -300, "MST": -420,
    "MDT": -360, "PST": -480, "PDT": -420,
}  # fmt: skip
_SPACE = re.compile(r"\s*")
_RANK = {None: 0, "month-day": 1, "date": 2, "datetime": 3}


@dataclass(frozen=True)
class Dateline:
    """What the top of an article says about when and where it was filed.

    ``precision`` says what the text itself gave: "datetime", "date" or "month-day" (no year;
    ``published`` is then set only if a reference year was supplied). ``length`` counts the
    characters from the start of the text through the dateline: the whole first line when it is
    a standalone date line (``standalone``), else the inline ``PLACE, DATE (AGENCY) -`` prefix.
    """

    published: str | None = None
    precision: str | None = None
    place: str | None = None
    region: str | None = None
    agency: str | None = None
    month: int | None = None
    day: int | None = None
    length: int = 0
    standalone: bool = False


def parse_dateline(text: str, reference_year: int | None = None) -> Dateline:
    """Parse the first line of ``text`` as a date line or an inline wire dateline.

    A standalone date line followed by a paragraph that opens with a wire dateline yields both:
    the date line's timestamp and the dateline's place.
    """
    first_start = _skip_space(text, 0)
    line_end = text.find("\n", first_start)
    if line_end < 0:
        line_end = len(text)
    if line_end - first_start <= _MAX_LINE:
        stripped = text[first_start:line_end].rstrip()
        found = _date_line(stripped, reference_year)
        if found is not None:
            offset = _skip_space(text, line_end)
            inline = _inline(text[offset : offset + _MAX_LINE], reference_year)
            better = inline is not None and _RANK[inline.precision] > _RANK[found.precision]
            dated = inline if better and inline is not None else found
            return Dateline(
                published=dated.published,
                precision=dated.precision,
                place=inline.place if inline else None,
                region=inline.region if inline else None,
                agency=inline.agency if inline else None,
                month=dated.month,
                day=dated.day,
                length=first_start + len(stripped),
                standalone=True,
            )
    inline = _inline(text[first_start : first_start + _MAX_LINE], reference_year)
    if inline is None:
        return Dateline()
    return Dateline(
        published=inline.published,
        precision=inline.precision,
        place=inline.place,
        region=inline.region,
        agency=inline.agency,
        month=inline.month,
        day=inline.day,
        length=first_start + inline.length,
    )


def _skip_space(text: str, pos: int) -> int:
    """Index of the first non-space character at or after ``pos``, without copying ``text``."""
    m = _SPACE.match(text, pos)
    return m.end() if m else pos


def normalize_date(value: str) -> str | None:
    """Turn a metadata date string (ISO, RFC 2822, or a written date) into ISO 8601.

    Returns None when the value is not a recognisable calendar date, so callers can warn
    instead of carrying an unusable string forward.
    """
    value = value.strip()
    if not value or len(value) > 100:
        return None
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    found = _date_line(value, None)
    if found is not None and found.precision in ("date", "datetime"):
        return found.published
    return None


def _date_line(line: str, reference_year: int | None) -> Dateline | None:
    """A line that is nothing but a date (and maybe a time and zone)."""
    m = _DATE_LINE.fullmatch(line)
    if m is None:
        return None
    g = m.groupdict()
    try:
        if g["iso"]:
            iso = g["iso"]
            stamp = datetime.fromisoformat(iso)
            if len(iso) == 10:
                return Dateline(
                    published=stamp.date().isoformat(),
                    precision="date",
                    month=stamp.month,
                    day=stamp.day,
                )
            return Dateline(
                published=stamp.isoformat(), precision="datetime", month=stamp.month, day=stamp.day
            )
        if g["ny"]:
            day = date(int(g["ny"]), int(g["nm"]), int(g["nd"]))
        elif g["dy"]:
            day = date(int(g["dy"]), int(g["dm"]), int(g["dd"]))
        else:
            parsed = _calendar(m, reference_year)
            if parsed is None:
                return None
            if parsed.precision != "date" or g["hh"] is None:
                return parsed
            day = date.fromisoformat(parsed.published or "")
        if g["hh"] is None:
            return Dateline(
                published=day.isoformat(), precision="date", month=day.month, day=day.day
            )
        return Dateline(
            published=_timestamp(day, m), precision="datetime", month=day.month, day=day.day
        )
    except (ValueError, OverflowError):
        return None


def _calendar(m: re.Match[str], reference_year: int | None) -> Dateline | None:
    """Day, month and optional year from whichever of the MDY/DMY alternatives matched."""
    n = "1" if m.group("mon1") else "2"
    month = _MONTHS[m.group("mon" + n)[:3].lower()]
    day = int(m.group("day" + n))
    year_text = m.group("year" + n)
    if year_text:
        return Dateline(
            published=date(int(year_text), month, day).isoformat(),
            precision="date",
            month=month,
            day=day,
        )
    if not 1 <= day <= 31 or (month == 2 and day > 29) or (month in (4, 6, 9, 11) and day > 30):
        return None
    published = None
    if reference_year is not None:
        try:
            published = date(reference_year, month, day).isoformat()
        except ValueError:  # 29 February outside a leap year, or a year out of range
            published = None
    return Dateline(published=published, precision="month-day", month=month, day=day)


def _timestamp(day: date, m: re.Match[str]) -> str:
    """ISO date-time with the zone offset when the line names one we can resolve."""
    hour, minute = int(m.group("hh")), int(m.group("mi"))
    second = int(m.group("ss") or 0)
    ampm = (m.group("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError("12-hour clock out of range")
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    tz = _zone(m.group("zone"))
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz).isoformat()


def _zone(text: str | None) -> timezone | None:
    if not text:
        return None
    compact = re.sub(r"\s+", "", text).replace("−", "-").upper()
    if compact in _NAMED_ZONES:
        return timezone(timedelta(minutes=_NAMED_ZONES[compact]))
    m = re.fullmatch(r"(?:UTC|GMT)?([+-])([0-9]{1,2}):?([0-9]{2})?", compact)
    if m is None:
        return None  # an abbreviation we cannot place: keep local time without an offset
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    if minutes > 14 * 60:
        return None
    return timezone(timedelta(minutes=-minutes if m.group(1) == "-" else minutes))


def _inline(head: str, reference_year: int | None) -> Dateline | None:
    """``PLACE[, Region], DATE (AGENCY) -`` at the very start of a paragraph."""
    m = _INLINE.match(head)
    if m is None:
        return None
    place, date_text, agency = m.group("place"), m.group("date"), m.group("agency")
    caps = place.isupper() and sum(c.isalpha() for c in place) >= 2
    if caps:
        if not date_text and not agency and place.replace(".", "") in _NOT_PLACES:
            return None
        place = place.title()
    elif not (date_text or agency) or not all(w[0].isupper() for w in place.split(" ")):
        return None
    dated = Dateline()
    if date_text:
        found = _date_line(date_text, reference_year)
        if found is not None:  # an impossible date ("Feb 30") still leaves a good place
            dated = found
    region = m.group("region")
    if region and region.isupper():
        region = region.title()
    return Dateline(
        published=dated.published,
        precision=dated.precision,
        place=place,
        region=region,
        agency=agency.strip() if agency else None,
        month=dated.month,
        day=dated.day,
        length=m.end(),
    )
