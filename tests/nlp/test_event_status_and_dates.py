"""Status (occurred / planned / hypothetical, negated) and dates at each precision.

Invented articles. Unless a test says otherwise an article is published on Friday 2024-10-04,
so "on Thursday" is 2024-10-03 and "next month" is 2024-11.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from bilat.schema import Actor, Event, Extraction

ExtractText = Callable[..., Extraction]


def codes(actors: Iterable[Actor]) -> set[str | None]:
    return {a.country for a in actors}


def describe(result: Extraction) -> str:
    return "; ".join(
        f"{e.type}({e.mode}) {sorted(map(str, codes(e.source)))}->"
        f"{sorted(map(str, codes(e.target)))} {e.status}{' negated' if e.negated else ''} "
        f"{e.date}/{e.date_precision}/{e.date_resolution}"
        for e in result.events
    ) or "no events"


def one(result: Extraction, type_: str, source: str, target: str) -> Event:
    """The single event of that type from ``source`` to ``target``."""
    found = [
        e
        for e in result.events
        if e.type == type_ and codes(e.source) == {source} and codes(e.target) == {target}
    ]
    assert len(found) == 1, f"{type_} {source}->{target} in: {describe(result)}"
    return found[0]


def occurred(result: Extraction) -> list[Event]:
    return [e for e in result.events if e.status == "occurred"]


# --- planned ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "type_", "source", "target", "date"),
    [
        ("French President Emmanuel Macron will visit India next month.",
         "CONSULT", "FRA", "IND", "2024-11"),
        # A month without a year, in the future tense, is the next such month.
        ("Chinese Premier Li Qiang is scheduled to visit Australia in June.",
         "CONSULT", "CHN", "AUS", "2025-06"),
        ("The Indian foreign minister plans to travel to Moscow later this month.",
         "CONSULT", "IND", "RUS", "2024-10"),
        ("India and Pakistan are expected to hold talks next month.",
         "CONSULT", "IND", "PAK", "2024-11"),
    ],
)
def test_planned(
    extract_text: ExtractText, text: str, type_: str, source: str, target: str, date: str
) -> None:
    result = extract_text(text)
    event = one(result, type_, source, target)
    assert event.status == "planned"
    assert event.negated is False
    assert event.date == date and event.date_precision == "month"
    assert not occurred(result), describe(result)


def test_planned_visit_has_visit_mode(extract_text: ExtractText) -> None:
    event = one(
        extract_text("French President Emmanuel Macron will visit India next month."),
        "CONSULT", "FRA", "IND",
    )
    assert event.mode == "visit"


# --- hypothetical: conditional, denied, negated -------------------------------------------------

CONDITIONAL = (
    "If Washington raises duties on European steel, the European Union would impose tariffs "
    "on American goods."
)


def test_conditional_sanction_is_not_occurred(extract_text: ExtractText) -> None:
    result = extract_text(CONDITIONAL)
    event = one(result, "SANCTION", "EUR", "USA")
    assert event.status != "occurred"
    assert not occurred(result), describe(result)


def test_conditional_sanction_is_hypothetical(extract_text: ExtractText) -> None:
    assert one(extract_text(CONDITIONAL), "SANCTION", "EUR", "USA").status == "hypothetical"


def test_conditional_attack_is_hypothetical(extract_text: ExtractText) -> None:
    result = extract_text("If Russia attacked Finland, NATO would respond, the alliance said.")
    assert one(result, "ASSAULT", "RUS", "FIN").status == "hypothetical"
    assert not occurred(result), describe(result)


def test_modal_may_is_hypothetical(extract_text: ExtractText) -> None:
    result = extract_text("Serbia and Hungary may sign a gas deal later this year.")
    assert one(result, "SUPPORT", "SRB", "HUN").status == "hypothetical"
    assert result.agreements == []


THREAT = (
    "The European Union threatened on Thursday to impose tariffs on American steel if "
    "Washington raised its duties."
)


def test_conditional_threat_itself_occurred(extract_text: ExtractText) -> None:
    event = one(extract_text(THREAT), "THREATEN", "EUR", "USA")
    assert event.status == "occurred"
    assert event.date == "2024-10-03" and event.date_precision == "day"


def test_threatened_sanction_did_not_occur(extract_text: ExtractText) -> None:
    result = extract_text(THREAT)
    assert [e.type for e in occurred(result)] == ["THREATEN"], describe(result)


@pytest.mark.parametrize(
    ("text", "type_", "source", "target"),
    [
        ("Brazil's president did not meet his Argentine counterpart on Thursday.",
         "CONSULT", "BRA", "ARG"),
        pytest.param(
            "The Brazilian and Argentine presidents did not meet during the summit on Thursday.",
            "CONSULT", "BRA", "ARG",
            id="did-not-meet-during-the-summit",
        ),
        ("Greece has not recalled its ambassador from Turkey, the ministry said on Thursday.",
         "SANCTION", "GRC", "TUR"),
        ("Putin said on Thursday that Russia would not negotiate with Ukraine.",
         "CONSULT", "RUS", "UKR"),
    ],
)
def test_negated_is_hypothetical(
    extract_text: ExtractText, text: str, type_: str, source: str, target: str
) -> None:
    result = extract_text(text)
    event = one(result, type_, source, target)
    assert event.status == "hypothetical"
    assert event.negated is True
    assert not occurred(result), describe(result)


def test_denied_expulsion_is_not_occurred(extract_text: ExtractText) -> None:
    result = extract_text("Indonesia denied that it had expelled any Australian diplomats.")
    assert not [e for e in occurred(result) if e.type == "SANCTION"], describe(result)


def test_negation_stays_in_its_sentence(extract_text: ExtractText) -> None:
    result = extract_text(
        "Croatian Prime Minister Andrej Plenkovic did not meet Serbian President Aleksandar "
        "Vucic on Thursday. Croatia and Slovenia signed a border agreement on Thursday."
    )
    assert one(result, "CONSULT", "HRV", "SRB").negated is True
    signing = one(result, "SUPPORT", "HRV", "SVN")
    assert signing.status == "occurred" and signing.negated is False


def test_not_expected_to_is_negated(extract_text: ExtractText) -> None:
    event = one(
        extract_text("Serbia and Hungary are not expected to sign a gas deal this year."),
        "SUPPORT", "SRB", "HUN",
    )
    assert event.status == "hypothetical" and event.negated is True


@pytest.mark.xfail(strict=True, reason="negation of the first clause leaks into '..., but he "
                   "met X', whose subject also becomes the object of the first clause (ARG)")
def test_negation_does_not_leak_into_the_next_clause(extract_text: ExtractText) -> None:
    result = extract_text(
        "Brazilian President Luiz Inacio Lula da Silva did not meet Argentine President Javier "
        "Milei on Thursday, but he met Chilean President Gabriel Boric."
    )
    event = one(result, "CONSULT", "BRA", "CHL")
    assert event.status == "occurred" and event.negated is False


@pytest.mark.xfail(strict=True, reason="'He' in the next sentence resolves to the last person "
                   "named (the object, Milei) instead of the subject (Lula)")
def test_pronoun_subject_is_the_previous_subject(extract_text: ExtractText) -> None:
    result = extract_text(
        "Brazilian President Luiz Inacio Lula da Silva did not meet Argentine President Javier "
        "Milei on Thursday. He met Chilean President Gabriel Boric instead."
    )
    assert one(result, "CONSULT", "BRA", "CHL").status == "occurred"


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "date", "precision", "resolution"),
    [
        ("on Thursday", "2024-10-03", "day", "weekday"),
        ("on Monday", "2024-09-30", "day", "weekday"),
        ("on Friday", "2024-10-04", "day", "weekday"),  # the day of publication
        ("yesterday", "2024-10-03", "day", "relative"),
        ("on 12 September 2024", "2024-09-12", "day", "explicit"),
        ("on September 12", "2024-09-12", "day", "explicit"),
        ("in May 2023", "2023-05", "month", "explicit"),
        ("last week", "2024-09", "month", "relative"),
        ("in 2019", "2019", "year", "explicit"),
    ],
)
def test_date_precision(
    extract_text: ExtractText, when: str, date: str, precision: str, resolution: str
) -> None:
    result = extract_text(f"Mexico and Canada signed a trade accord {when}.")
    event = one(result, "SUPPORT", "MEX", "CAN")
    assert (event.date, event.date_precision, event.date_resolution) == (
        date, precision, resolution
    )
    assert event.date_text is not None and event.date_text in when
    # The agreement signed takes the signing's date.
    assert [(a.date, a.date_precision) for a in result.agreements] == [(date, precision)]


def test_wire_dateline_date_is_not_the_event_date(extract_text: ExtractText) -> None:
    result = extract_text(
        "MINSK, Oct 4 (Test Wire) - Belarus expelled two Lithuanian diplomats on Thursday, the "
        "Belarusian foreign ministry said."
    )
    assert one(result, "SANCTION", "BLR", "LTU").date == "2024-10-03"


def test_undated_report_takes_the_publication_date(extract_text: ExtractText) -> None:
    event = one(
        extract_text("Mexico and Canada have signed a trade accord, officials said."),
        "SUPPORT", "MEX", "CAN",
    )
    assert (event.date, event.date_resolution) == ("2024-10-04", "published")


@pytest.mark.parametrize(
    "published", ["2024-10-04T01:00:00+09:00", "2024-10-04T23:30:00-05:00"]
)
def test_weekday_against_a_zoned_publication_time(
    extract_text: ExtractText, published: str
) -> None:
    """The reference day is the local date printed, whatever the time zone."""
    result = extract_text("Japan and Australia signed a defence pact on Thursday.", published)
    assert one(result, "SUPPORT", "JPN", "AUS").date == "2024-10-03"


def test_recalled_visit_keeps_its_own_date(extract_text: ExtractText) -> None:
    result = extract_text(
        "Egypt and Sudan signed a water agreement on Thursday. Sudan's president made a state "
        "visit to Egypt in March 2019."
    )
    signing = one(result, "SUPPORT", "EGY", "SDN")
    assert (signing.date, signing.date_precision) == ("2024-10-03", "day")
    visit = one(result, "CONSULT", "SDN", "EGY")
    assert visit.status == "occurred" and visit.mode == "visit"
    assert (visit.date, visit.date_precision) == ("2019-03", "month")
    assert visit.evidence.text.startswith("Sudan's president made a state visit")


def test_recalled_visit_last_year(extract_text: ExtractText) -> None:
    result = extract_text(
        "Ghana and Togo signed a border agreement on Thursday. Ghana's president visited Togo "
        "last year."
    )
    visit = one(result, "CONSULT", "GHA", "TGO")
    assert (visit.date, visit.date_precision) == ("2023", "year")


def test_undated_background_visit_is_not_stamped_with_the_publication_date(
    extract_text: ExtractText,
) -> None:
    result = extract_text(
        "Ghana and Togo signed a border agreement on Thursday. Ghana's president had visited "
        "Togo, the ministry said."
    )
    visit = one(result, "CONSULT", "GHA", "TGO")
    assert visit.status == "occurred"
    assert visit.date != "2024-10-04"
    assert visit.date != "2024-10-03"  # nor with the date of the other event
    assert visit.date is None and visit.date_resolution == "none"


def test_background_visit_in_the_same_sentence_keeps_its_year(
    extract_text: ExtractText,
) -> None:
    result = extract_text(
        "Mexico and Canada signed a trade accord in 2019 during a visit by the Canadian prime "
        "minister to Mexico City."
    )
    assert one(result, "CONSULT", "CAN", "MEX").date == "2019"
    assert one(result, "SUPPORT", "MEX", "CAN").date == "2019"


# --- no publication date ---------------------------------------------------------------------


def test_without_publication_date_relative_dates_stay_unresolved(
    extract_text: ExtractText,
) -> None:
    result = extract_text(
        "Hungary and Slovakia signed a gas agreement on Thursday. Slovakia's president had "
        "visited Hungary last year.",
        None,
    )
    signing = one(result, "SUPPORT", "HUN", "SVK")
    visit = one(result, "CONSULT", "SVK", "HUN")
    for event in (signing, visit):
        assert event.date is None and event.date_precision is None
        assert event.status == "occurred"
    assert [a.date for a in result.agreements] == [None]
    assert result.article.published is None
    assert any("no publication date" in w for w in result.warnings), result.warnings


def test_without_publication_date_explicit_dates_still_resolve(
    extract_text: ExtractText,
) -> None:
    result = extract_text("Poland and Germany signed a defence agreement in May 2023.", None)
    event = one(result, "SUPPORT", "POL", "DEU")
    assert (event.date, event.date_precision) == ("2023-05", "month")
    assert any("no publication date" in w for w in result.warnings)


def test_with_publication_date_there_is_no_date_warning(extract_text: ExtractText) -> None:
    result = extract_text("Poland and Germany signed a defence agreement on Thursday.")
    assert not any("publication date" in w for w in result.warnings), result.warnings
