"""Temporal expressions: find dates in text and resolve them against the publication date.

Pure regular expressions, no spaCy: this runs on every candidate sentence, so it must be cheap.
An event carries its own date, so a recalled event ("in May 2023") keeps that date instead of
being stamped with the article's. Resolution rules, chosen to be predictable and documented:

* Explicit dates with a year (``October 3, 2024``, ``3rd of October 2024``, ``2024-10-03``,
  ``May 2023``, ``in 2019``) resolve with or without a reference date. Slash dates
  (``03/10/2024``) are ignored: day/month order is ambiguous across outlets.
* A month and day without a year (``On October 3``) take the year of the most recent such date
  no more than ``LOOKAHEAD_DAYS`` after the reference (news reports the past), unless the clause
  is marked as future (``will``, ``is to``, ``scheduled``, ``effective``... earlier in the
  sentence, with no ``said`` after the marker): then the first such date no more than
  ``LOOKAHEAD_DAYS`` before the reference. Such dates stay ``explicit`` (day and month are
  written). A bare month (``in May``) follows the same rule at month level, current month
  included, and is ``relative``; ``last May``/``next May``/``May this year`` are honoured.
* A weekday (``on Thursday``) is the most recent such day on or before the reference: an
  article dated Thursday that says "on Thursday" means that day. In a future-marked clause it is
  the first such day on or after the reference. ``last``/``next`` exclude the reference day.
  A weekday next to an explicit date (``on Friday (December 13, 2024)``) is merged into that date
  and corrects an obviously mistyped year when the weekday fits the neighbouring year.
* Relative words resolve against the reference: ``today``/``yesterday``/``tomorrow`` at day
  precision, ``this/last/next week`` and ``last month`` at month precision, ``last year`` at year
  precision. Anaphoric ones (``the day before``) resolve against the previous day-precision date
  in the same text, else stay unresolved, as do those tied to an event ("the day before the
  vote").
* Without a reference every relative form has ``value=None`` and ``resolution="unresolved"``:
  nothing is guessed.
* Years alone need a governing word (``in``, ``since``, ``by``...) or a possessive (``2023's``);
  adjectival years (``the 2024 budget``) and quantities (``2,000``, ``by 2000 troops``) are not
  dates. Seasons are not resolved: ``summer 2023`` gives the year only.
* Ranges ("October 22-24", "April-July", "from 2019 to 2021") give two mentions, the first with
  ``is_range_start``; a year-less range end shares the start's year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import re
from dataclasses import dataclass, replace

from bilat.nlp.document import DateMention, Precision

# How far past the reference a year-less date may fall and still be this year (and, in a
# future-marked clause, how far before it and still be meant).
LOOKAHEAD_DAYS = 7

MONTHS: dict[str, int] = {
    name.lower(): number for number, name in enumerate(calendar.month_name) if name
}
MONTHS.update({name[:3]: number for name, number in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_FULL_MONTH = "|".join(calendar.month_name[1:])
_MONTH = rf"(?:(?:{_FULL_MONTH})|(?:Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.?)(?![a-z])"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\w)"
_YEAR = r"(?:1[89]\d\d|20\d\d|2100)(?!\d)"
_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_TIME_OF_DAY = r"(?:morning|afternoon|evening|night)"
_DASH = r"(?:-|–|—|‑)"

_MDY = re.compile(
    rf"(?<!\w)(?P<mon>{_MONTH})\s+(?P<d1>{_DAY})"
    rf"(?:\s*(?:{_DASH}|to|through|until|and)\s*(?:(?P<mon2>{_MONTH})\s+)?(?P<d2>{_DAY}))?"
    rf"(?:,?\s*(?P<y>{_YEAR}))?"
)
_DMY = re.compile(
    rf"(?<![\w.,])(?P<d1>{_DAY})(?:\s*(?:{_DASH}|to|and)\s*(?P<d2>{_DAY}))?"
    rf"\s+(?:of\s+)?(?P<mon>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?"
)
_ISO = re.compile(r"(?<![\w-])(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?![\d])")
_MONTH_YEAR = re.compile(rf"(?<!\w)(?P<mon>{_MONTH}),?\s+(?P<y>{_YEAR})")
_MONTH_RANGE = re.compile(
    rf"(?<!\w)(?P<between>between\s+)?(?P<mon>{_MONTH})\s*(?:{_DASH}|to|through|until|and)\s*"
    rf"(?P<mon2>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?"
)
# Bare months and years are found by their core, then the few words before them are checked:
# an optional prefix at the start of a pattern makes the scan try every position and runs 5x slower.
_MONTH_ONLY = re.compile(
    rf"(?<!\w)(?P<mon>{_FULL_MONTH})(?P<poss>['’]s)?(?:\s+(?P<rel>this|last|next)\s+year)?(?!\w)"
)
_MONTH_PREFIX = re.compile(
    r"(?:\b(?P<pre>in|since|by|until|till|during|from|of|before|after|between|through|to|for)"
    r"\s+(?:the\s+)?)?(?P<mod>\b(?:last|next|this|early|late|mid)(?:\s+|-))?$",
    re.IGNORECASE,
)
_YEAR_ONLY = re.compile(
    r"(?P<y>(?:19|20)\d\d|2100)(?<![\w.,$€£#]....)"
    rf"(?:\s*(?:{_DASH}|/)\s*(?P<y2>\d{{4}}|\d\d))?(?P<poss>['’]s)?(?!\w|%|[.,]\d|{_DASH}\d)"
)
_YEAR_PREFIX = re.compile(
    r"(?:\b(?P<pre>in|since|of|by|until|till|during|from|before|after|between|through(?:out)?|to"
    r"|and|for|summer|winter|autumn|year|fiscal)\s+(?:the\s+)?(?:(?:early|late|end\s+of|start\s+of"
    r"|beginning\s+of|middle\s+of|first\s+half\s+of|second\s+half\s+of)\s+)?(?P<mid1>mid-)?"
    r"|\b(?P<mid2>mid-))$",
    re.IGNORECASE,
)
_WEEKDAY_RE = re.compile(
    r"(?<![\w])(?:(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming)\s+)?"
    rf"(?P<wd>{_WEEKDAY})(?P<poss>['’]s)?(?:\s+(?P<tod>{_TIME_OF_DAY}))?(?![\w])"
    r"(?!\s+(?:Times|Telegraph|Express|Mirror|Herald|Post|Tribune|Mail|Star|Observer|Independent))"
)
_ANY_MONTH = re.compile("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_ANY_DIGIT = re.compile(r"\d")
_REL_WORD = re.compile(
    rf"(?<!\w)(?P<word>[Tt]o(?:day|night|morrow)|[Yy]esterday)(?:\s+{_TIME_OF_DAY})?(?!\w)"
)
_REL_WORD_PREFIX = re.compile(r"\b(?:(?P<dby>[Tt]he\s+day\s+before)|[Ee]arlier|[Ll]ater)\s+$")
_REL_UNIT = re.compile(
    r"(?<!\w)(?P<rel>[Tt]his|[Ll]ast|[Nn]ext)\s+"
    r"(?P<unit>week|weekend|month|year|morning|afternoon|evening)(?!\w)"
)
_REL_UNIT_PREFIX = re.compile(r"\b(?:[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+$")
_REL_AGO = re.compile(r"(?<!\w)ago(?!\w)")
_REL_AGO_PREFIX = re.compile(
    r"\b(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    r"(?P<unit>day|week|month|year)s?\s+$",
    re.IGNORECASE,
)
_REL_ANAPHOR = re.compile(
    r"(?<!\w)(?:(?:day|night)\s+(?:before|after|earlier|later)|(?:previous|following|next)\s+day)"
    r"(?!\w)"
)
_REL_ANAPHOR_PREFIX = re.compile(r"\b(?:[Tt]he|[Aa])\s+$")
_EVENT_ANCHORED = re.compile(r"\s+(?:the|a|an|his|her|their|its|this|that)\b")
_FUTURE = re.compile(
    r"\b(?:will|shall|won[’']t|would|is\s+to|are\s+to|was\s+to|were\s+to|(?:is|are)\s+due|due\s+to"
    r"|scheduled|slated|set\s+to|expected|plans?\s+to|planned|planning|upcoming|to\s+be\s+held"
    r"|effective|take\s+effect|come\s+into\s+force|enter\s+into\s+force"
    r"|next|coming"
    # an intention: "agreed to meet again in June" (not "agreed to a truce on Monday")
    r"|(?:agreed|agree|pledged|promised|vowed|decided|resolved)\s+to\s+"
    r"(?!(?:a|an|the|this|that|its|their|his|her)\b))\b|['’]ll\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.!?;\n]\s")
_REPORTED = re.compile(
    r"\b(?:said|told|announced|added|stated|reported|confirmed|noted|wrote|tweeted|posted)\b"
)
_HOLIDAY_PREFIX = re.compile(
    r"(?:Black|Good|Super|Holy|Easter|Palm|Ash|Bloody|Cyber|Maundy|Whit|Shrove|Giving|Fat)\s+$"
)
# Words that may follow a year; any other lowercase word makes "by 2000 troops" a quantity.
_AFTER_YEAR_WORDS = (
    "and or to when after before in on at with as but was were is are had has have the a an that "
    "which while against compared versus vs for from until through under over during amid since "
    "it he she they we its his her their this these those there where because if though although "
    "respectively alone onwards onward levels level figures figure"
)
_AFTER_YEAR_OK = frozenset(_AFTER_YEAR_WORDS.split())
# Words that also govern quantities; only after them is the following word checked.
_QUANTITY_PREPOSITIONS = frozenset({"to", "by", "of", "from", "and", "for"})
_QUANTITY_NOUN_WORDS = (
    "troops soldiers people men women children refugees migrants tonnes tons barrels units cars "
    "vehicles tanks jobs workers students dollars euros km kilometres kilometers miles metres "
    "meters hectares points"
)
_QUANTITY_NOUNS = frozenset(_QUANTITY_NOUN_WORDS.split())
_NUMBERS = "one two three four five six seven eight nine ten eleven twelve"
_NUMBER_WORDS = {word: n for n, word in enumerate(_NUMBERS.split(), 1)} | {"a": 1, "an": 1}


@dataclass
class _Candidate:
    """One match, possibly two mentions (a range), with what weekday merging needs."""

    start: int
    end: int
    mentions: list[DateMention]
    weekday: int | None = None  # set for a weekday mention
    month_day: tuple[int, int] | None = None  # set for a single month-and-day date
    has_year: bool = False


def _month_number(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def _day_number(token: str) -> int:
    return int(re.sub(r"\D", "", token))


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _future_marked(text: str, pos: int) -> bool:
    """Whether the words before ``pos`` in its sentence point ahead ("will meet ... on Tuesday").

    A reporting verb after the marker ("who will visit Minsk, said on Tuesday") dates the report,
    which is past.
    """
    window = text[max(0, pos - 100) : pos]
    breaks = list(_SENTENCE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    markers = list(_FUTURE.finditer(window))
    if not markers:
        return False
    return _REPORTED.search(window, markers[-1].end()) is None


def _resolve_month_day(
    month: int, day: int, reference: dt.date, future: bool, weekday: int | None = None
) -> dt.date | None:
    """Year for a year-less date: see the module docstring for the rule."""
    candidates = [
        c
        for y in (reference.year - 1, reference.year, reference.year + 1)
        if (c := _valid(y, month, day)) is not None
    ]
    if weekday is not None:
        fitting = [c for c in candidates if c.weekday() == weekday]
        if fitting:
            return min(fitting, key=lambda c: abs((c - reference).days))
    if future:  # a few days of slack: "effective from October 1" in a 4 October report
        ahead = [c for c in candidates if c >= reference - dt.timedelta(days=LOOKAHEAD_DAYS)]
        return min(ahead) if ahead else None
    limit = reference + dt.timedelta(days=LOOKAHEAD_DAYS)
    behind = [c for c in candidates if c <= limit]
    return max(behind) if behind else None


def _resolve_month(month: int, reference: dt.date, future: bool) -> tuple[int, int]:
    if future:
        return (reference.year, month) if month >= reference.month else (reference.year + 1, month)
    return (reference.year, month) if month <= reference.month else (reference.year - 1, month)


def _mention(
    text: str,
    offset: int,
    start: int,
    end: int,
    value: str | None,
    precision: Precision | None,
    resolution: str,
    range_start: bool = False,
) -> DateMention:
    if value is None:
        resolution = "unresolved"
    return DateMention(
        start=offset + start,
        end=offset + end,
        text=text[start:end],
        value=value,
        precision=precision,
        resolution=resolution,
        is_range_start=range_start,
    )


def _day_value(
    month: int, day: int, year: int | None, reference: dt.date | None, future: bool
) -> tuple[str | None, str]:
    if year is not None:
        date = _valid(year, month, day)
        return (date.isoformat() if date else None), "explicit"
    if reference is None:
        return None, "unresolved"
    resolved = _resolve_month_day(month, day, reference, future)
    return (resolved.isoformat() if resolved else None), "explicit"


def _full_dates(
    text: str, reference: dt.date | None, offset: int, pattern: re.Pattern[str]
) -> list[_Candidate]:
    out: list[_Candidate] = []
    for m in pattern.finditer(text):
        month = _month_number(m["mon"])
        month2 = _month_number(m["mon2"]) if m.groupdict().get("mon2") else month
        year = int(m["y"]) if m["y"] else None
        day1 = _day_number(m["d1"])
        if _valid(year or 2000, month, day1) is None:
            continue
        future = _future_marked(text, m.start())
        value1, res1 = _day_value(month, day1, year, reference, future)
        if m["d2"] is None:
            end = m.end("y") if m["y"] else m.end("d1" if pattern is _MDY else "mon")
            start = m.start("mon" if pattern is _MDY else "d1")
            mention = _mention(text, offset, start, end, value1, "day", res1)
            out.append(_Candidate(start, end, [mention], None, (month, day1), year is not None))
            continue
        day2 = _day_number(m["d2"])
        if _valid(year or 2000, month2, day2) is None:
            continue
        # The end shares the start's year unless the range crosses the new year.
        crosses = (month2, day2) < (month, day1)
        if year is not None:
            start_date = _valid(year - 1 if crosses else year, month, day1)
            value1 = start_date.isoformat() if start_date else None
        value2: str | None = None
        if value1 is not None:
            end_date = _valid(int(value1[:4]) + (1 if crosses else 0), month2, day2)
            value2 = end_date.isoformat() if end_date else None
        if pattern is _MDY:
            first = (m.start("mon"), m.end("d1"))
            second_start = m.start("mon2") if m["mon2"] else m.start("d2")
            second = (second_start, m.end("y") if year else m.end("d2"))
        else:
            first = (m.start("d1"), m.end("d1"))
            second = (m.start("d2"), m.end("y") if year else m.end("mon"))
        out.append(
            _Candidate(
                first[0],
                second[1],
                [
                    _mention(text, offset, *first, value1, "day", res1, range_start=True),
                    _mention(text, offset, *second, value2, "day", res1),
                ],
            )
        )
    return out


def _iso_dates(text: str, offset: int) -> list[_Candidate]:
    out = []
    for m in _ISO.finditer(text):
        date = _valid(int(m["y"]), int(m["m"]), int(m["d"]))
        if date is not None:
            out.append(
                _Candidate(
                    m.start(),
                    m.end(),
                    [
                        _mention(
                            text, offset, m.start(), m.end(), date.isoformat(), "day", "explicit"
                        )
                    ],
                )
            )
    return out


def _month_years(text: str, offset: int) -> list[_Candidate]:
    out = []
    for m in _MONTH_YEAR.finditer(text):
        value = f"{int(m['y']):04d}-{_month_number(m['mon']):02d}"
        out.append(
            _Candidate(
                m.start(),
                m.end(),
                [_mention(text, offset, m.start(), m.end(), value, "month", "explicit")],
            )
        )
    return out


def _month_value(
    month: int, year: int | None, reference: dt.date | None, future: bool
) -> tuple[str | None, str]:
    if year is not None:
        return f"{year:04d}-{month:02d}", "explicit"
    if reference is None:
        return None, "unresolved"
    y, mo = _resolve_month(month, reference, future)
    return f"{y:04d}-{mo:02d}", "relative"


def _month_ranges(text: str, reference: dt.date | None, offset: int) -> list[_Candidate]:
    out = []
    for m in _MONTH_RANGE.finditer(text):
        if " and" in m.group(0) and not m["between"]:
            continue  # "May and June" lists two months; only "between May and June" is a range
        first_month, last_month = _month_number(m["mon"]), _month_number(m["mon2"])
        year = int(m["y"]) if m["y"] else None
        if year is None and reference is not None:
            y2, _ = _resolve_month(last_month, reference, _future_marked(text, m.start()))
            first_year = y2 if first_month <= last_month else y2 - 1
            value1: str | None = f"{first_year:04d}-{first_month:02d}"
            value2: str | None = f"{y2:04d}-{last_month:02d}"
            resolution = "relative"
        elif year is not None:
            first_year = year if first_month <= last_month else year - 1
            value1, value2 = f"{first_year:04d}-{first_month:02d}", f"{year:04d}-{last_month:02d}"
            resolution = "explicit"
        else:
            value1 = value2 = None
            resolution = "unresolved"
        end = m.end("y") if year else m.end("mon2")
        out.append(
            _Candidate(
                m.start("mon"),
                end,
                [
                    _mention(
                        text,
                        offset,
                        m.start("mon"),
                        m.end("mon"),
                        value1,
                        "month",
                        resolution,
                        True,
                    ),
                    _mention(text, offset, m.start("mon2"), end, value2, "month", resolution),
                ],
            )
        )
    return out


def _month_only(text: str, reference: dt.date | None, offset: int) -> list[_Candidate]:
    out = []
    for m in _MONTH_ONLY.finditer(text):
        name = m["mon"]
        prefix = _MONTH_PREFIX.search(text, max(0, m.start() - 30), m.start())
        pre = (prefix["pre"] or "").lower() if prefix else ""
        mod = (prefix["mod"] or "").strip(" -\t\n").lower() if prefix else ""
        if not (pre or mod or m["poss"] or m["rel"]):
            continue
        if name == "May" and (pre == "to" or (m["poss"] and not (pre or mod))):
            continue  # "spoke to May", "May's government": the politician, not the month
        month = _month_number(name)
        start = prefix.start("mod") if prefix and prefix["mod"] else m.start("mon")
        end = m.end() if m["rel"] else m.end("mon")
        if reference is None:
            value, resolution = None, "unresolved"
        elif m["rel"]:
            year = reference.year + {"this": 0, "last": -1, "next": 1}[m["rel"]]
            value, resolution = f"{year:04d}-{month:02d}", "relative"
        elif mod == "last":
            year = reference.year if month < reference.month else reference.year - 1
            value, resolution = f"{year:04d}-{month:02d}", "relative"
        elif mod == "next":
            year = reference.year if month > reference.month else reference.year + 1
            value, resolution = f"{year:04d}-{month:02d}", "relative"
        elif mod == "this":
            value, resolution = f"{reference.year:04d}-{month:02d}", "relative"
        else:
            value, resolution = _month_value(month, None, reference, _future_marked(text, start))
        mention = _mention(text, offset, start, end, value, "month", resolution)
        out.append(_Candidate(start, end, [mention]))
    return out


def _year_only(text: str, offset: int) -> list[_Candidate]:
    out = []
    for m in _YEAR_ONLY.finditer(text):
        prefix = _YEAR_PREFIX.search(text, max(0, m.start() - 40), m.start())
        if not (prefix or m["poss"]):
            continue
        pre = (prefix["pre"] or "").lower() if prefix else ""
        follow = re.match(r"\s+([a-z]+)", text[m.end() : m.end() + 30])
        if follow and not m["y2"] and not m["poss"]:
            word = follow[1]
            if word in _QUANTITY_NOUNS or (
                pre in _QUANTITY_PREPOSITIONS and word not in _AFTER_YEAR_OK
            ):
                continue  # "by 2000 troops", "sent in 2000 soldiers": a quantity
        year = int(m["y"])
        start = m.start("y")
        if prefix and (prefix["mid1"] or prefix["mid2"]):
            start = prefix.start("mid1") if prefix["mid1"] else prefix.start("mid2")
        if m["y2"]:
            raw = m["y2"]
            year2 = int(raw) if len(raw) == 4 else year // 100 * 100 + int(raw)
            if not year < year2 <= 2100:
                continue
            first = _mention(text, offset, start, m.end("y"), str(year), "year", "explicit", True)
            second = _mention(
                text, offset, m.start("y2"), m.end("y2"), str(year2), "year", "explicit"
            )
            out.append(_Candidate(start, m.end("y2"), [first, second]))
            continue
        mention = _mention(text, offset, start, m.end("y"), str(year), "year", "explicit")
        out.append(_Candidate(start, m.end("y"), [mention]))
    return out


def _nearest_weekday(reference: dt.date, weekday: int, forward: bool, strict: bool) -> dt.date:
    if forward:
        delta = (weekday - reference.weekday()) % 7
        if strict and delta == 0:
            delta = 7
        return reference + dt.timedelta(days=delta)
    delta = (reference.weekday() - weekday) % 7
    if strict and delta == 0:
        delta = 7
    return reference - dt.timedelta(days=delta)


def _weekdays(text: str, reference: dt.date | None, offset: int) -> list[_Candidate]:
    out = []
    for m in _WEEKDAY_RE.finditer(text):
        if _HOLIDAY_PREFIX.search(text[max(0, m.start() - 12) : m.start()]):
            continue  # "Black Friday", "Good Friday": names, not dates
        start, end = m.start(), m.end()
        if reference is None:
            value = None
        else:
            weekday = WEEKDAYS[m["wd"].lower()]
            mod = (m["mod"] or "").lower()
            if mod == "last":
                date = _nearest_weekday(reference, weekday, forward=False, strict=True)
            elif mod in ("next", "coming"):
                date = _nearest_weekday(reference, weekday, forward=True, strict=True)
            else:
                forward = _future_marked(text, start)
                date = _nearest_weekday(reference, weekday, forward=forward, strict=False)
            value = date.isoformat()
        mention = _mention(text, offset, start, end, value, "day", "weekday")
        out.append(_Candidate(start, end, [mention], WEEKDAYS[m["wd"].lower()]))
    return out


def _relative(text: str, reference: dt.date | None, offset: int) -> list[_Candidate]:
    """today/yesterday/tomorrow, this/last/next week|month|year, N days ago, the day before."""
    found: list[tuple[int, int, str | None, Precision]] = []
    has_day = "day" in text or "tonight" in text or "tomorrow" in text
    for m in _REL_WORD.finditer(text) if has_day else ():
        prefix = _REL_WORD_PREFIX.search(text, max(0, m.start() - 25), m.start())
        start = prefix.start() if prefix else m.start()
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[m["word"].lower()]
        if prefix and prefix["dby"]:
            shift = -2
        value = (reference + dt.timedelta(days=shift)).isoformat() if reference else None
        found.append((start, m.end(), value, "day"))
    has_unit = any(word in text for word in ("week", "month", "year", "morning", "evening", "noon"))
    for m in _REL_UNIT.finditer(text) if has_unit else ():
        prefix = _REL_UNIT_PREFIX.search(text, max(0, m.start() - 12), m.start())
        start = prefix.start() if prefix else m.start()
        step = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
        unit = m["unit"]
        precision: Precision = "year" if unit == "year" else "month"
        value = None
        if unit in ("morning", "afternoon", "evening"):
            if step != 0:
                continue  # "the next morning" is anaphoric, "last evening" rare and vague
            precision = "day"
            value = reference.isoformat() if reference else None
        elif reference is None:
            pass
        elif unit == "year":
            value = str(reference.year + step)
        elif unit == "month":
            y, mo = _shift_month(reference.year, reference.month, step)
            value = f"{y:04d}-{mo:02d}"
        else:
            date = reference + dt.timedelta(days=7 * step)
            value = f"{date.year:04d}-{date.month:02d}"
        found.append((start, m.end(), value, precision))
    for m in _REL_AGO.finditer(text) if "ago" in text else ():
        prefix = _REL_AGO_PREFIX.search(text, max(0, m.start() - 20), m.start())
        if prefix is None:
            continue
        count_word = prefix["n"].lower()
        count = _NUMBER_WORDS.get(count_word) or int(count_word)
        unit = prefix["unit"].lower()
        precision = "day" if unit == "day" else ("year" if unit == "year" else "month")
        value = None
        if reference is None:
            pass
        elif unit == "day":
            value = (reference - dt.timedelta(days=count)).isoformat()
        elif unit == "year":
            value = str(reference.year - count)
        else:
            months = count if unit == "month" else 0
            date = reference - dt.timedelta(days=7 * count if unit == "week" else 0)
            y, mo = _shift_month(date.year, date.month, -months)
            value = f"{y:04d}-{mo:02d}"
        found.append((prefix.start(), m.end(), value, precision))
    for m in _REL_ANAPHOR.finditer(text) if "day" in text else ():
        prefix = _REL_ANAPHOR_PREFIX.search(text, max(0, m.start() - 6), m.start())
        if prefix is not None:
            found.append((prefix.start(), m.end(), None, "day"))  # resolved in _resolve_anaphors
    return [
        _Candidate(s, e, [_mention(text, offset, s, e, v, p, "relative")]) for s, e, v, p in found
    ]


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Earliest, then longest, match wins where expressions overlap ("May 2023" over "in May")."""
    candidates.sort(key=lambda c: (c.start, -c.end))
    chosen: list[_Candidate] = []
    last_end = -1
    for c in candidates:
        if c.start >= last_end:
            chosen.append(c)
            last_end = c.end
    return chosen


_WEEKDAY_GLUE = re.compile(r"\s*[,(\[]?\s*")


def _merge_weekdays(
    chosen: list[_Candidate], text: str, reference: dt.date | None
) -> list[DateMention]:
    """Fold "Friday (December 13, 2024)" into one date, trusting the weekday over a typo'd year."""
    mentions: list[DateMention] = []
    skip = False
    for i, cand in enumerate(chosen):
        if skip:
            skip = False
            continue
        nxt = chosen[i + 1] if i + 1 < len(chosen) else None
        if (
            cand.weekday is not None
            and nxt is not None
            and nxt.month_day is not None
            and _WEEKDAY_GLUE.fullmatch(text, cand.end, nxt.start)
        ):
            mentions.extend(_fit_weekday(nxt, cand.weekday, reference))
            skip = True
            continue
        mentions.extend(cand.mentions)
    return mentions


def _fit_weekday(cand: _Candidate, weekday: int, reference: dt.date | None) -> list[DateMention]:
    """The date's year that agrees with the weekday written beside it, if the written one doesn't.

    Outlets mistype years ("Thursday [April 3, 2024]" in an April 2025 article); a year-less
    date is resolved to the nearby year whose calendar fits the weekday.
    """
    first = cand.mentions[0]
    if reference is None or cand.month_day is None:
        return cand.mentions
    month, day = cand.month_day
    current = dt.date.fromisoformat(first.value) if first.value else None
    if current is not None and current.weekday() == weekday:
        return cand.mentions
    if cand.has_year and current is not None:
        options = [_valid(current.year + step, month, day) for step in (1, -1)]
        fitting = [
            d
            for d in options
            if d is not None
            and d.weekday() == weekday
            and abs((d - reference).days) < abs((current - reference).days)
        ]
        fitted = fitting[0] if fitting else None
    else:
        fitted = _resolve_month_day(month, day, reference, False, weekday)
    if fitted is None or (current is not None and fitted.weekday() != weekday):
        return cand.mentions
    return [replace(first, value=fitted.isoformat(), resolution="explicit"), *cand.mentions[1:]]


def _resolve_anaphors(mentions: list[DateMention], text: str, offset: int) -> list[DateMention]:
    """ "the day before" counts from the previous day-precision date in the same text.

    Anchored to an event instead ("the day before the announcement"), it stays unresolved.
    """
    out = []
    anchor: dt.date | None = None
    for m in mentions:
        if (
            m.value is None
            and anchor is not None
            and _REL_ANAPHOR.search(m.text)
            and not _EVENT_ANCHORED.match(text, m.end - offset)
        ):
            step = 1 if re.search(r"after|following|next|later", m.text) else -1
            value = (anchor + dt.timedelta(days=step)).isoformat()
            m = replace(m, value=value, resolution="relative")
        if m.precision == "day" and m.value is not None:
            anchor = dt.date.fromisoformat(m.value)
        out.append(m)
    return out


_RANGE_OPEN = re.compile(
    r"\b(?:from|between)\s+(?:the\s+)?(?:(?:early|late|mid|end\s+of)[\s-]+)?$", re.I
)
_RANGE_JOIN = re.compile(rf"\s*(?:to|and|until|till|through|{_DASH})\s*(?:the\s+end\s+of\s+)?")


def _mark_ranges(mentions: list[DateMention], text: str, offset: int) -> list[DateMention]:
    """Flag "from 2019 to 2021" and "between May 2023 and June 2024" as ranges."""
    out = list(mentions)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        if (
            not first.is_range_start
            and first.precision == second.precision
            and _RANGE_JOIN.fullmatch(text, first.end - offset, second.start - offset)
            and _RANGE_OPEN.search(text, max(0, first.start - offset - 30), first.start - offset)
        ):
            out[i] = _year_from_range_end(replace(first, is_range_start=True), second)
    return out


_YEAR_DIGITS = re.compile(r"\d{4}")
_SMALL_NUMBER = re.compile(r"(?<!\d)\d{1,2}(?!\d)")


def _year_from_range_end(first: DateMention, second: DateMention) -> DateMention:
    """ "from 30 December to 2 January 2025": a year-less start takes its year from the end."""
    if (
        first.precision not in ("day", "month")
        or second.value is None
        or _YEAR_DIGITS.search(first.text)
        or not _YEAR_DIGITS.search(second.text)
    ):
        return first
    month = next((MONTHS[w] for w in re.findall(r"[a-z]+", first.text.lower()) if w in MONTHS), 0)
    day_match = _SMALL_NUMBER.search(first.text)
    if not month or (first.precision == "day" and day_match is None):
        return first
    year = int(second.value[:4])
    if first.precision == "month":
        if month > int(second.value[5:7]):
            year -= 1
        return replace(first, value=f"{year:04d}-{month:02d}", resolution="explicit")
    day = int(day_match[0]) if day_match else 1
    start = _valid(year, month, day)
    if start is not None and start.isoformat() > second.value:
        start = _valid(year - 1, month, day)
    if start is None:
        return first
    return replace(first, value=start.isoformat(), resolution="explicit")


def find_dates(text: str, reference: dt.date | None, offset: int = 0) -> list[DateMention]:
    """Every date expression in ``text``, resolved against ``reference`` (the publication date).

    Offsets are ``offset + position in text`` so a sentence can be scanned on its own and the
    mentions still point into the article.
    """
    candidates: list[_Candidate] = []
    # Cheap substring checks skip whole scans: most sentences hold no date at all.
    if _ANY_MONTH.search(text):
        candidates += _full_dates(text, reference, offset, _MDY)
        candidates += _full_dates(text, reference, offset, _DMY)
        candidates += _month_years(text, offset)
        candidates += _month_ranges(text, reference, offset)
        candidates += _month_only(text, reference, offset)
    if _ANY_DIGIT.search(text):
        candidates += _iso_dates(text, offset)
        candidates += _year_only(text, offset)
    if "day" in text:
        candidates += _weekdays(text, reference, offset)
    candidates += _relative(text, reference, offset)
    chosen = _select(candidates)
    mentions = _resolve_anaphors(_merge_weekdays(chosen, text, reference), text, offset)
    return _mark_ranges(mentions, text, offset)


def is_future(mention: DateMention, reference: dt.date | None) -> bool:
    """Whether the mention points after the reference at its own precision.

    Lets callers mark an event as planned. Without a value or reference it falls back to the words
    ("tomorrow", "next week").
    """
    if mention.value is None or reference is None:
        return re.search(r"\b(?:tomorrow|next|coming)\b", mention.text, re.I) is not None
    if mention.precision == "year":
        return int(mention.value[:4]) > reference.year
    if mention.precision == "month":
        return (int(mention.value[:4]), int(mention.value[5:7])) > (reference.year, reference.month)
    return dt.date.fromisoformat(mention.value) > reference


_PUBLISHED = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")


def parse_published(value: str | None) -> dt.date | None:
    """The calendar date of a publication timestamp as printed, without converting to UTC.

    "2024-10-04T23:30:00-05:00" is 4 October for the outlet and its readers, and the article's
    "on Thursday" is counted from there.
    """
    if not value or not value.strip():
        return None
    m = _PUBLISHED.match(value)
    if m:
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    parsed = email.utils.parsedate_tz(value)  # RFC 2822, as in RSS feeds
    if parsed is not None:
        return _valid(parsed[0], parsed[1], parsed[2])
    for mention in find_dates(value, None):
        if mention.precision == "day" and mention.value is not None:
            return dt.date.fromisoformat(mention.value)
    return None


# Periods for figures ------------------------------------------------------------------------

_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_YEAR_REF = (
    rf"(?:(?P<y>{_YEAR})|(?P<yrel>(?:the|this|the\s+current)\s+year|last\s+year|next\s+year"
    r"|the\s+previous\s+year))"
)
_FIRST_MONTHS = re.compile(
    r"\bfirst\s+(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    rf"months\s+(?:of\s+)?{_YEAR_REF}",
    re.IGNORECASE,
)
_QUARTER = re.compile(
    rf"\b(?:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter|Q(?P<qn>[1-4]))"
    rf"(?:\s+(?:of\s+)?{_YEAR_REF})?",
    re.IGNORECASE,
)
_HALF = re.compile(
    rf"\b(?:(?P<h>first|second)\s+half|H(?P<hn>[12]))(?:\s+(?:of\s+)?{_YEAR_REF})?",
    re.IGNORECASE,
)
_YEAR_TO = re.compile(
    rf"\b(?:year|twelve\s+months|12\s+months)\s+(?:to|ending|ended)\s+(?:end-)?(?P<mon>{_MONTH})"
    rf",?\s+(?P<y>{_YEAR})"
)


def _period_year(m: re.Match[str], reference: dt.date | None) -> int | None:
    if m["y"]:
        return int(m["y"])
    if reference is None:
        return None
    rel = (m["yrel"] or "").lower()
    if rel.startswith("last") or "previous" in rel:
        return reference.year - 1
    if rel.startswith("next"):
        return reference.year + 1
    return reference.year


def _month_span(year: int, first: int, last: int) -> str:
    if first == last:
        return f"{year:04d}-{first:02d}"
    return f"{year:04d}-{first:02d}/{year:04d}-{last:02d}"


def _period_candidates(text: str, reference: dt.date | None) -> list[tuple[int, int, str | None]]:
    found: list[tuple[int, int, str | None]] = []
    for m in _FIRST_MONTHS.finditer(text):
        count = _NUMBER_WORDS.get(m["n"].lower()) or int(m["n"])
        year = _period_year(m, reference)
        ok = year is not None and 1 <= count <= 12
        found.append((m.start(), m.end(), _month_span(year, 1, count) if ok and year else None))
    for m in _QUARTER.finditer(text):
        quarter = int(m["qn"]) if m["qn"] else _ORDINALS[m["q"].lower()]
        year = _period_year(m, reference)
        value = _month_span(year, 3 * quarter - 2, 3 * quarter) if year else None
        found.append((m.start(), m.end(), value))
    for m in _HALF.finditer(text):
        half = int(m["hn"]) if m["hn"] else _ORDINALS[m["h"].lower()]
        year = _period_year(m, reference)
        value = _month_span(year, 6 * half - 5, 6 * half) if year else None
        found.append((m.start(), m.end(), value))
    for m in _YEAR_TO.finditer(text):
        year, month = int(m["y"]), _month_number(m["mon"])
        y0, m0 = _shift_month(year, month, -11)
        found.append((m.start(), m.end(), f"{y0:04d}-{m0:02d}/{year:04d}-{month:02d}"))
    return found


def find_period(text: str, reference: dt.date | None) -> str | None:
    """The period a figure covers, as ISO: "2024-01/2024-08", "2023-05" or "2023".

    Interval phrasings ("first eight months of the year", "first quarter", "January-August 2024")
    win over the plain dates they contain; otherwise the first month- or year-precision date.
    """
    found = _period_candidates(text, reference)
    covered = [(s, e) for s, e, _ in found]
    mentions = find_dates(text, reference)
    i = 0
    while i < len(mentions):
        mention = mentions[i]
        inside = any(s <= mention.start < e for s, e in covered)
        if mention.is_range_start and i + 1 < len(mentions):
            end = mentions[i + 1]
            if (
                not inside
                and mention.precision in ("month", "year")
                and mention.value is not None
                and end.value is not None
            ):
                found.append((mention.start, end.end, f"{mention.value}/{end.value}"))
            i += 2
            continue
        if not inside and mention.precision in ("month", "year") and mention.value is not None:
            found.append((mention.start, mention.end, mention.value))
        i += 1
    resolved = sorted((s, -e, v) for s, e, v in found if v is not None)
    return resolved[0][2] if resolved else None
