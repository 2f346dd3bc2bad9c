"""Datelines and date lines: the formats wire and web copy use, and totality on any string."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilat.readers.dateline import Dateline, normalize_date, parse_dateline


@pytest.mark.parametrize(
    ("line", "published", "precision"),
    [
        ("4 October 2024 11:44 (UTC+04:00)", "2024-10-04T11:44:00+04:00", "datetime"),
        ("October 3, 2024", "2024-10-03", "date"),
        ("2024-10-03", "2024-10-03", "date"),
        ("2024-10-03T08:15:00Z", "2024-10-03T08:15:00+00:00", "datetime"),
        ("Friday, 4 October 2024", "2024-10-04", "date"),
        ("Oct. 3, 2024, 4:05 p.m. EDT", "2024-10-03T16:05:00-04:00", "datetime"),
        ("Published: 12 May 2023 | 09:30 GMT", "2023-05-12T09:30:00+00:00", "datetime"),
        ("Updated 2022/01/09", "2022-01-09", "date"),
        ("03.10.2024", "2024-10-03", "date"),
        ("4 October 2024 11:44", "2024-10-04T11:44:00", "datetime"),
    ],
)
def test_standalone_date_lines(line: str, published: str, precision: str) -> None:
    found = parse_dateline(line + "\n\nThe two delegations met behind closed doors.")
    assert found.published == published
    assert found.precision == precision
    assert found.standalone
    assert found.length == len(line)
    assert found.place is None


def test_wire_dateline_without_year() -> None:
    text = "MINSK, Oct 3 (Reuters) - Belarus and Kazakhstan signed a customs accord."
    found = parse_dateline(text)
    assert found.place == "Minsk"
    assert found.agency == "Reuters"
    assert (found.month, found.day, found.precision) == (10, 3, "month-day")
    assert found.published is None  # no year to anchor it
    assert not found.standalone
    assert text[found.length :].startswith("Belarus")


def test_wire_dateline_with_reference_year() -> None:
    found = parse_dateline("MINSK, Oct 3 (Reuters) - Talks began.", reference_year=2024)
    assert found.published == "2024-10-03"
    assert found.precision == "month-day"


@pytest.mark.parametrize(
    ("text", "place", "region", "published"),
    [
        ("WASHINGTON, March 2, 1987 - The envoy left.", "Washington", None, "1987-03-02"),
        ("BAKU, Azerbaijan, July 14 (AP) — Talks resumed.", "Baku", "Azerbaijan", None),
        ("ST. PETERSBURG, Russia, Oct 3 - Ministers met.", "St. Petersburg", "Russia", None),
        ("LONDON (Reuters) -- Britain recalled its envoy.", "London", None, None),
        ("NAIROBI — Kenya and Uganda reopened the border.", "Nairobi", None, None),
        ("Geneva, Oct 3 (AFP) - Delegates arrived.", "Geneva", None, None),
    ],
)
def test_inline_datelines(text: str, place: str, region: str | None, published: str | None) -> None:
    found = parse_dateline(text)
    assert found.place == place
    assert found.region == region
    assert found.published == published


def test_date_line_then_wire_dateline_gives_both() -> None:
    text = "5 June 2023 14:20 (UTC+03:00)\n\nANKARA, June 5 (Reuters) - Turkey said on Monday."
    found = parse_dateline(text)
    assert found.published == "2023-06-05T14:20:00+03:00"
    assert found.place == "Ankara"
    assert found.length == len("5 June 2023 14:20 (UTC+03:00)")


@pytest.mark.parametrize(
    "text",
    [
        "EU - China summit opens in Brussels",
        "The minister said - without elaborating - that talks would go on.",
        "Mayday 3 was declared.",
        "October 2024 was a busy month.",
        "",
        "   \n\n  ",
        "31 February 2024",
    ],
)
def test_not_a_dateline(text: str) -> None:
    assert parse_dateline(text) == Dateline()


def test_impossible_date_keeps_place() -> None:
    found = parse_dateline("ANKARA, Feb 30 - A statement was issued.")
    assert found.place == "Ankara"
    assert found.published is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-10-04T11:44:00+0400", "2024-10-04T11:44:00+04:00"),
        ("Fri, 04 Oct 2024 11:44:00 +0400", "2024-10-04T11:44:00+04:00"),
        ("October 4, 2024", "2024-10-04"),
        ("2024-10-04", "2024-10-04"),
        ("next Tuesday", None),
        ("2024-13-45", None),
        ("", None),
    ],
)
def test_normalize_date(value: str, expected: str | None) -> None:
    assert normalize_date(value) == expected


def _parses(value: str | None) -> None:
    if value is not None:
        datetime.fromisoformat(value)


_date_like = st.from_regex(
    r"\A[A-Z]{0,8},? ?(Oct|March|[0-9]{1,2})? ?[0-9]{0,4},? ?[0-9]{0,4}[:.]?[0-9]{0,2}"
    r" ?(\(?(UTC|GMT)?[+-]?[0-9]{0,2}:?[0-9]{0,2}\)?)? ?(\(AP\))? ?[-—]? ?[a-z ]{0,10}\Z"
)


@settings(max_examples=400)
@given(st.one_of(st.text(), _date_like), st.one_of(st.none(), st.integers(-5000, 12000)))
def test_parse_dateline_is_total(text: str, year: int | None) -> None:
    found = parse_dateline(text, reference_year=year)
    _parses(found.published)
    assert 0 <= found.length <= len(text)


@settings(max_examples=300)
@given(st.one_of(st.text(), _date_like))
def test_normalize_date_is_total(value: str) -> None:
    _parses(normalize_date(value))
