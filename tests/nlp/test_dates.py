"""Dates: every precision, every relative form against a fixed reference, no-reference behaviour."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilat.nlp.dates import find_dates, find_period, is_future, parse_published
from bilat.nlp.document import DateMention

FRIDAY = dt.date(2024, 10, 4)  # reference: Friday 4 October 2024


def values(text: str, reference: dt.date | None = FRIDAY) -> list[tuple[str, str | None, str]]:
    found = find_dates(text, reference)
    for mention in found:
        assert text[mention.start : mention.end] == mention.text
    return [(m.text, m.value, m.resolution) for m in found]


def one(text: str, reference: dt.date | None = FRIDAY) -> DateMention:
    found = find_dates(text, reference)
    assert len(found) == 1, found
    return found[0]


# --- explicit dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The treaty was signed on October 3, 2024 in Vienna.", "October 3, 2024"),
        ("The treaty was signed on 3 October 2024 in Vienna.", "3 October 2024"),
        ("The treaty was signed on Oct. 3, 2024 in Vienna.", "Oct. 3, 2024"),
        ("The treaty was signed on the 3rd of October 2024.", "3rd of October 2024"),
        ("The treaty was signed on October 3rd, 2024.", "October 3rd, 2024"),
        ("The treaty was signed on 2024-10-03.", "2024-10-03"),
        ("The treaty was signed on October 3,2024.", "October 3,2024"),
    ],
)
def test_full_dates_in_common_forms(text: str, expected: str) -> None:
    mention = one(text)
    assert (mention.text, mention.value, mention.precision) == (expected, "2024-10-03", "day")
    assert mention.resolution == "explicit"


def test_month_day_without_year_takes_the_reference_year() -> None:
    mention = one("On October 3, the two ministers met in Ruritania.")
    assert (mention.value, mention.precision, mention.resolution) == (
        "2024-10-03",
        "day",
        "explicit",
    )


def test_year_less_date_well_after_the_reference_is_last_year() -> None:
    assert one("The envoys last met on December 28.").value == "2023-12-28"
    assert one("The envoys last met on October 9.").value == "2024-10-09"  # within a few days
    assert one("The envoys last met on October 20.").value == "2023-10-20"


def test_year_less_date_in_a_future_clause_is_upcoming() -> None:
    assert one("The ministers will meet again on December 28.").value == "2024-12-28"
    assert one("New duties are to be imposed on January 17.").value == "2025-01-17"
    # a few days of slack for rules that already apply
    assert one("The tariff, effective from October 1, covers steel.").value == "2024-10-01"


def test_reported_speech_is_not_future() -> None:
    text = "The envoy, who will travel on, said on Tuesday that talks had ended."
    assert one(text).value == "2024-10-01"


def test_month_and_year() -> None:
    mention = one("It followed the state visit to Ruritania in May 2023, which set the agenda.")
    assert (mention.text, mention.value, mention.precision) == ("May 2023", "2023-05", "month")
    assert one("deliveries from September, 1990").value == "1990-09"


@pytest.mark.parametrize(
    "text, value",
    [
        ("Relations were frozen in 2019.", "2019"),
        ("The border has been closed since 1992.", "1992"),
        ("2023's harvest was poor.", "2023"),
        ("Output fell in early 2023 and recovered.", "2023"),
        ("The pipeline should open by the end of 2026.", "2026"),
        ("Talks resumed in mid-2021.", "2021"),
    ],
)
def test_year_alone(text: str, value: str) -> None:
    mention = one(text)
    assert (mention.value, mention.precision, mention.resolution) == (value, "year", "explicit")


@pytest.mark.parametrize(
    "text",
    [
        "The army sent 1,500 troops to the border.",
        "The 2024 budget doubled military spending.",
        "Ruritania will add up to 2000 soldiers.",
        "The alliance sent in 2000 troops.",
        "The price rose by 2000 points.",
        "Unemployment reached 19.2010 percent.",
        "The G20 met in the 1990s.",
        "Dates like 03/10/2024 are ambiguous.",
        "Theresa May said the talks failed.",
        "He spoke to May about it.",
        "Shops opened early for Black Friday sales.",
        "The Sunday Times reported it.",
        "Troops march on the capital.",
    ],
)
def test_false_positives_are_rejected(text: str) -> None:
    assert find_dates(text, FRIDAY) == []


# --- bare months --------------------------------------------------------------------------------


def test_bare_month_is_the_most_recent_one() -> None:
    assert values("Talks stalled in May.") == [("May", "2024-05", "relative")]
    assert values("Talks stalled in November.") == [("November", "2023-11", "relative")]
    assert values("Elections will be held in November.") == [("November", "2024-11", "relative")]
    assert values("Talks began in early October.") == [("early October", "2024-10", "relative")]
    assert values("November's decision angered Ruritania.") == [("November", "2023-11", "relative")]


@pytest.mark.parametrize(
    "text, value",
    [
        ("They met last November.", "2023-11"),
        ("They met last September.", "2024-09"),
        ("They meet again next March.", "2025-03"),
        ("They met in January this year.", "2024-01"),
        ("A new constitution is due in January next year.", "2025-01"),
    ],
)
def test_month_with_this_last_next(text: str, value: str) -> None:
    mention = one(text)
    assert (mention.value, mention.precision) == (value, "month")


# --- weekdays ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("The ministers met on Thursday.", "2024-10-03"),
        ("The ministers met on Friday.", "2024-10-04"),  # the reference is a Friday: that day
        ("The ministers met on Saturday.", "2024-09-28"),
        ("The ministers met on Monday night.", "2024-09-30"),
        ("The ministers met last Friday.", "2024-09-27"),
        ("The ministers will meet on Tuesday.", "2024-10-08"),
        ("The ministers will meet next Friday.", "2024-10-11"),
        ("Friday's shelling killed two.", "2024-10-04"),
        ("the agency said Sunday", "2024-09-29"),
    ],
)
def test_weekday_resolution(text: str, value: str) -> None:
    mention = one(text)
    assert (mention.value, mention.precision, mention.resolution) == (value, "day", "weekday")


def test_weekday_beside_an_explicit_date_merges_into_it() -> None:
    assert values("The talks ended on Friday (December 13, 2024) in Delhi.") == [
        ("December 13, 2024", "2024-12-13", "explicit")
    ]


def test_weekday_corrects_a_mistyped_year() -> None:
    # 3 April 2025 was a Thursday; 3 April 2024 a Wednesday.
    found = values("Both leaders posted on Thursday [April 3, 2024].", dt.date(2025, 4, 4))
    assert found == [("April 3, 2024", "2025-04-03", "explicit")]


def test_weekday_picks_the_year_of_a_year_less_date() -> None:
    # 28 December fell on a Thursday in 2023, on a Saturday in 2024
    found = values("It was decided on Thursday, December 28.", dt.date(2024, 12, 30))
    assert found == [("December 28", "2023-12-28", "explicit")]


# --- relative words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value, precision",
    [
        ("The minister arrives today.", "2024-10-04", "day"),
        ("The minister arrived yesterday.", "2024-10-03", "day"),
        ("The minister arrives tomorrow.", "2024-10-05", "day"),
        ("The minister arrived this morning.", "2024-10-04", "day"),
        ("The minister arrived the day before yesterday.", "2024-10-02", "day"),
        ("The minister arrived two days ago.", "2024-10-02", "day"),
        ("The ministers met last week.", "2024-09", "month"),
        ("The ministers met earlier this week.", "2024-10", "month"),
        ("The ministers meet next week.", "2024-10", "month"),
        ("The ministers met last month.", "2024-09", "month"),
        ("The ministers met earlier this month.", "2024-10", "month"),
        ("The ministers meet next month.", "2024-11", "month"),
        ("The ministers met three months ago.", "2024-07", "month"),
        ("Trade fell last year.", "2023", "year"),
        ("Trade fell this year.", "2024", "year"),
        ("Trade will grow next year.", "2025", "year"),
        ("Trade fell late last year.", "2023", "year"),
        ("Trade fell two years ago.", "2022", "year"),
    ],
)
def test_relative_forms(text: str, value: str, precision: str) -> None:
    mention = one(text)
    assert (mention.value, mention.precision, mention.resolution) == (value, precision, "relative")


def test_month_boundaries_of_relative_months() -> None:
    assert one("They met last month.", dt.date(2025, 1, 10)).value == "2024-12"
    assert one("They meet next month.", dt.date(2024, 12, 10)).value == "2025-01"


def test_the_day_before_counts_from_the_previous_date() -> None:
    found = values("Talks opened on Tuesday; the day before, envoys had arrived.")
    assert found == [
        ("Tuesday", "2024-10-01", "weekday"),
        ("the day before", "2024-09-30", "relative"),
    ]
    assert values("The envoys had arrived the day before.") == [
        ("the day before", None, "unresolved")
    ]
    # tied to an event, not to the previous date
    assert values("On Tuesday the envoys met the day before the vote.")[1][1] is None


# --- ranges -----------------------------------------------------------------------------------


def test_day_ranges() -> None:
    found = find_dates("The envoy will visit from December 15 to 17, 2024.", FRIDAY)
    assert [(m.text, m.value, m.is_range_start) for m in found] == [
        ("December 15", "2024-12-15", True),
        ("17, 2024", "2024-12-17", False),
    ]
    found = find_dates("The forum was held on September 22-24.", FRIDAY)
    assert [(m.value, m.is_range_start) for m in found] == [
        ("2024-09-22", True),
        ("2024-09-24", False),
    ]
    found = find_dates("The forum ran from 30 December to 2 January 2025.", FRIDAY)
    assert [m.value for m in found] == ["2024-12-30", "2025-01-02"]


def test_month_and_year_ranges() -> None:
    found = find_dates("Trade in April-July rose; trade in January-August 2023 fell.", FRIDAY)
    assert [(m.value, m.precision, m.is_range_start) for m in found] == [
        ("2024-04", "month", True),
        ("2024-07", "month", False),
        ("2023-01", "month", True),
        ("2023-08", "month", False),
    ]
    found = find_dates("A plan for 2024-28 followed one that ran from 2019 to 2021.", FRIDAY)
    assert [(m.text, m.value, m.is_range_start) for m in found] == [
        ("2024", "2024", True),
        ("28", "2028", False),
        ("2019", "2019", True),
        ("2021", "2021", False),
    ]


# --- without a reference ----------------------------------------------------------------------


def test_without_reference_only_explicit_dates_resolve() -> None:
    text = (
        "On October 3, 2024 the envoys met; on Thursday they met again, yesterday they left, "
        "in May they return and in 2019 they first met, last year too."
    )
    found = find_dates(text, None)
    resolved = [(m.text, m.value, m.resolution) for m in found]
    assert resolved == [
        ("October 3, 2024", "2024-10-03", "explicit"),
        ("Thursday", None, "unresolved"),
        ("yesterday", None, "unresolved"),
        ("May", None, "unresolved"),
        ("2019", "2019", "explicit"),
        ("last year", None, "unresolved"),
    ]
    assert [m.precision for m in found] == ["day", "day", "day", "month", "year", "year"]


def test_year_less_date_without_reference_is_unresolved() -> None:
    mention = one("On October 3, the ministers met.", None)
    assert (mention.value, mention.precision, mention.resolution) == (None, "day", "unresolved")


# --- offsets, is_future, parse_published ----------------------------------------------------


def test_offset_is_added() -> None:
    article = "Header text. The ministers met on Thursday in the capital."
    sentence_start = article.index("The")
    mention = find_dates(article[sentence_start:], FRIDAY, offset=sentence_start)[0]
    assert article[mention.start : mention.end] == "Thursday"


def test_is_future() -> None:
    assert is_future(one("They meet tomorrow."), FRIDAY)
    assert is_future(one("They meet next month."), FRIDAY)
    assert is_future(one("They meet next year."), FRIDAY)
    assert not is_future(one("They met yesterday."), FRIDAY)
    assert not is_future(one("They meet this month."), FRIDAY)
    assert not is_future(one("They met on Friday."), FRIDAY)
    assert is_future(one("They meet tomorrow.", None), None)  # falls back to the words
    assert not is_future(one("They met on Friday.", None), None)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-10-04T11:44:00+04:00", dt.date(2024, 10, 4)),
        ("2024-10-04T23:30:00-05:00", dt.date(2024, 10, 4)),  # local date, not UTC
        ("1987-03-02T07:27:19", dt.date(1987, 3, 2)),
        ("2024-10-04", dt.date(2024, 10, 4)),
        ("2024-10-04 08:00:00Z", dt.date(2024, 10, 4)),
        ("Fri, 04 Oct 2024 23:44:00 -0500", dt.date(2024, 10, 4)),
        ("October 4, 2024", dt.date(2024, 10, 4)),
        ("2024-02-30", None),
        ("", None),
        (None, None),
        ("yesterday", None),
    ],
)
def test_parse_published(value: str | None, expected: dt.date | None) -> None:
    assert parse_published(value) == expected


# --- periods for figures ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, period",
    [
        ("Trade grew 12% in the first eight months of the year.", "2024-01/2024-08"),
        ("Trade grew 12% in the first 11 months of 2023.", "2023-01/2023-11"),
        ("Trade grew 12% in January-August 2024.", "2024-01/2024-08"),
        ("Trade grew 12% in the first quarter.", "2024-01/2024-03"),
        ("Trade grew 12% in the third quarter of 2023.", "2023-07/2023-09"),
        ("Trade grew 12% in the first half of 2025.", "2025-01/2025-06"),
        ("Trade grew 12% in H2 2023.", "2023-07/2023-12"),
        ("Trade grew 12% in the year to March 2025.", "2024-04/2025-03"),
        ("Trade grew 12% in 2023.", "2023"),
        ("Trade grew 12% last year.", "2023"),
        ("Trade grew 12% in May 2023.", "2023-05"),
        ("Trade grew 12% between 2019 and 2021.", "2019/2021"),
        ("Trade grew 12% on Thursday.", None),
        ("Trade grew 12%.", None),
    ],
)
def test_find_period(text: str, period: str | None) -> None:
    assert find_period(text, FRIDAY) == period


def test_find_period_without_reference() -> None:
    assert find_period("in the first eight months of the year", None) is None
    assert find_period("in the first eight months of 2024", None) == "2024-01/2024-08"


# --- robustness and speed ---------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "on ",
        "in ",
        "since ",
        "last ",
        "next ",
        "the day before ",
        "Thursday",
        "October ",
        "3",
        "3rd",
        "2024",
        "-",
        "–",
        " to ",
        ", ",
        "May",
        "(",
        "[",
        "yesterday",
        "ago",
        "week",
        " ",
        "1,500",
        "mid-",
        "early ",
        "2024-10-03",
        "Sept.",
        "of ",
        "'s",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(max_size=80), st.lists(_PIECES, max_size=14).map("".join)),
    st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))),
    st.integers(min_value=0, max_value=10_000),
)
def test_find_dates_never_raises_and_offsets_slice(
    text: str, reference: dt.date | None, offset: int
) -> None:
    padded = "x" * offset + text
    for mention in find_dates(text, reference, offset):
        assert padded[mention.start : mention.end] == mention.text
        assert mention.resolution in {"explicit", "relative", "weekday", "unresolved"}
        assert (mention.value is None) == (mention.resolution == "unresolved")


def test_speed_on_a_megabyte() -> None:
    paragraph = (
        "On October 3, the ministers of Ruritania and Freedonia met in the capital and signed "
        "three agreements. Trade rose 12% in the first eight months of the year, after falling "
        "last year. The president will visit on Tuesday; talks in May 2023 had stalled. "
        "About 1,500 troops remain, officials said yesterday. "
    )
    text = paragraph * (1_000_000 // len(paragraph))
    started = time.perf_counter()
    found = find_dates(text, FRIDAY)
    elapsed = time.perf_counter() - started
    assert len(found) > 10_000
    assert elapsed < 5.0  # about 0.5 s on a laptop; generous for slow CI


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The two ministers agreed to convene the joint commission again in June.", "2025-06"),
        ("Both sides pledged to reopen the crossing in May.", "2025-05"),
        ("They agreed to a truce in February, officials said.", "2025-02"),
    ],
)
def test_an_intention_points_ahead(sentence: str, value: str) -> None:
    [found] = find_dates(sentence, dt.date(2025, 3, 12))
    assert found.value == value
