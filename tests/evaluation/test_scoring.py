"""Scoring rules of the gold README, on small invented gold/prediction pairs."""

from __future__ import annotations

from typing import Any

import pytest

from bilat.evaluation.gold import GoldAgreement, GoldArticle, GoldEvent, GoldFigure, GoldPerson
from bilat.evaluation.scoring import (
    LEVELS,
    Counts,
    PredictedEvent,
    dates_agree,
    last_name,
    max_matching,
    normalize_role,
    same_place,
    score_article,
    score_events,
    scored_predictions,
)
from bilat.schema import (
    Actor,
    Agreement,
    ArticleMeta,
    Event,
    Evidence,
    Extraction,
    Figure,
    Location,
    Person,
)

EVIDENCE = Evidence(start=0, end=10, text="invented evidence")


def gold_event(
    type_: str = "CONSULT",
    source: tuple[str, ...] = ("FRA",),
    target: tuple[str, ...] = ("DEU",),
    **kw: Any,
) -> GoldEvent:
    return GoldEvent(type=type_, source=source, target=target, **kw)


def event(
    type_: str = "CONSULT",
    source: tuple[str | None, ...] = ("FRA",),
    target: tuple[str | None, ...] = ("DEU",),
    date: str | None = None,
    location: str | None = None,
    **kw: Any,
) -> Event:
    return Event(
        id=f"a-{type_}-{source}-{target}-{date}",
        type=type_,  # type: ignore[arg-type]
        source=[Actor(name=c or "someone", country=c) for c in source],
        target=[Actor(name=c or "someone", country=c) for c in target],
        date=date,
        location=Location(name=location) if location else None,
        evidence=EVIDENCE,
        **kw,
    )


def extraction(**kw: Any) -> Extraction:
    meta = ArticleMeta(id="a", text_length=100, extractor_version="test")
    return Extraction(article=meta, **kw)


def counts(gold: list[GoldEvent], predicted: list[Event]) -> dict[str, tuple[int, int, int]]:
    score = score_article(GoldArticle(id="a", events=tuple(gold)), extraction(events=predicted))
    return {lv: (c.tp, c.fp, c.fn) for lv, c in score.metrics.items() if lv in LEVELS}


def levels(*values: tuple[int, int, int]) -> dict[str, tuple[int, int, int]]:
    return dict(zip(LEVELS, values, strict=True))


PERFECT = levels((1, 0, 0), (1, 0, 0), (1, 0, 0), (1, 0, 0))


# --- events: the four levels ---------------------------------------------------------------


def test_exact_match_counts_at_every_level() -> None:
    gold = gold_event(mode="visit", date="2024-03-05", location="Berlin")
    pred = event(date="2024-03-05", location="Berlin")
    assert counts([gold], [pred]) == PERFECT


def test_wrong_type_or_actors_is_a_miss_and_a_false_positive() -> None:
    gold = gold_event()
    miss = levels((0, 1, 1), (0, 1, 1), (0, 1, 1), (0, 1, 1))
    assert counts([gold], [event("ACCUSE")]) == miss
    assert counts([gold], [event(target=("ITA",))]) == miss


def test_direction_ignored_for_consult_that_is_not_a_visit() -> None:
    gold = gold_event(mode="multilateral")
    assert counts([gold], [event(source=("DEU",), target=("FRA",))]) == PERFECT


@pytest.mark.parametrize("type_", ["AGREE", "COOPERATE", "SUPPORT"])
def test_direction_ignored_for_symmetric_types(type_: str) -> None:
    assert counts([gold_event(type_)], [event(type_, ("DEU",), ("FRA",))]) == PERFECT


@pytest.mark.parametrize(("type_", "mode"), [("CONSULT", "visit"), ("ACCUSE", None)])
def test_direction_checked_for_visits_and_directed_types(type_: str, mode: str | None) -> None:
    gold = gold_event(type_, mode=mode)
    reversed_ = event(type_, ("DEU",), ("FRA",))
    assert counts([gold], [reversed_]) == levels((1, 0, 0), (0, 1, 1), (0, 1, 1), (0, 1, 1))


def test_sides_with_several_actors_compare_as_sets() -> None:
    gold = gold_event("ACCUSE", ("USA", "GBR"), ("IRN",))
    assert counts([gold], [event("ACCUSE", ("GBR", "USA"), ("IRN",))]) == PERFECT


def test_date_may_be_a_day_off_but_not_two() -> None:
    gold = gold_event(date="2024-03-05")
    assert counts([gold], [event(date="2024-03-04")]) == PERFECT
    assert counts([gold], [event(date="2024-03-06")]) == PERFECT
    assert counts([gold], [event(date="2024-03-07")]) == levels(
        (1, 0, 0), (1, 0, 0), (0, 1, 1), (0, 1, 1)
    )


@pytest.mark.parametrize(
    ("gold", "predicted", "agree"),
    [
        ("2024-03-05", "2024-03-05", True),
        ("2024-02-29", "2024-03-01", True),  # off by one across a month end
        ("2023-12-31", "2024-01-01", True),
        ("2024-03-05", "2024-03-05T09:30:00+01:00", True),
        ("2024-03-05", "2024-03", False),  # less precise than the gold
        ("2023-05", "2023-05-17", True),  # month precision: any day of that month
        ("2023-05", "2023-05", True),
        ("2023-05", "2023-06-01", False),  # no day tolerance at month precision
        ("2023-05", "2023", False),
        ("1987", "1987-11-02", True),
        ("1987", "1988-01-01", False),
        (None, None, True),  # null gold: the text gives no way to tell, so only null agrees
        (None, "2024-03-05", False),
        ("2024-03-05", None, False),
        ("2024-03-05", "next week", False),
    ],
)
def test_dates_agree_at_gold_precision(
    gold: str | None, predicted: str | None, agree: bool
) -> None:
    assert dates_agree(gold, predicted) is agree


def test_month_precision_event() -> None:
    gold = gold_event(mode="visit", date="2023-05")
    assert counts([gold], [event(date="2023-05-20")]) == PERFECT


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ("Minsk", "minsk", True),
        ("Washington", "Washington, D.C.", True),
        ("Washington, D.C.", "Washington", True),
        ("The Hague", "Hague", True),
        ("Brasília", "Brasilia", True),
        (None, "Anywhere", True),
        (None, None, True),
        ("Minsk", None, False),
        ("Minsk", "Moscow", False),
        ("Oman", "Romania", False),  # containment is by whole words
    ],
)
def test_same_place(gold: str | None, predicted: str | None, same: bool) -> None:
    assert same_place(gold, predicted) is same


def test_location_level() -> None:
    gold = gold_event(mode="visit", date="2024-03-05", location="Berlin")
    assert counts([gold], [event(date="2024-03-05", location="Berlin, Germany")]) == PERFECT
    assert counts([gold], [event(date="2024-03-05", location="Paris")]) == levels(
        (1, 0, 0), (1, 0, 0), (1, 0, 0), (0, 1, 1)
    )


# --- events: what is scored ----------------------------------------------------------------


def test_optional_gold_is_neither_rewarded_nor_penalised() -> None:
    optional = gold_event("SUPPORT", required=False)
    nothing = levels((0, 0, 0), (0, 0, 0), (0, 0, 0), (0, 0, 0))
    assert counts([optional], [event("SUPPORT")]) == nothing  # found: no TP, no FP
    assert counts([optional], []) == nothing  # missed: no FN


def test_optional_gold_does_not_take_a_prediction_from_a_required_one() -> None:
    optional = gold_event(required=False, date="2024-03-05")
    required = gold_event(date="2024-03-20")
    score = counts([optional, required], [event(date="2024-03-20")])
    assert score == PERFECT


def test_matching_is_one_to_one() -> None:
    gold = gold_event()
    assert counts([gold], [event(), event(date="2024-01-01")])["type+actors"] == (1, 1, 0)
    assert counts([gold, gold], [event()])["type+actors"] == (1, 0, 1)


def test_matching_is_maximal_not_greedy() -> None:
    # The first prediction agrees on date with both gold events, the second with the first only:
    # a greedy pass pairing the first gold with the first prediction would find one match.
    gold = [gold_event(date="2024-01-10"), gold_event(date="2024-01-12")]
    predicted = scored_predictions([event(date="2024-01-11"), event(date="2024-01-09")])
    score = score_events(gold, predicted)
    assert (score.metrics["+date"].tp, score.metrics["+date"].fp) == (2, 0)


def test_max_matching_respects_gold_order_priority() -> None:
    edges = {(0, 0), (1, 0), (1, 1)}
    match = max_matching([0, 1], 2, lambda g, p: (g, p) in edges)
    assert match == {0: 0, 1: 1}


def test_predictions_not_occurred_are_ignored() -> None:
    gold = gold_event()
    for status in ("planned", "hypothetical"):
        assert counts([gold], [event(status=status)])["type+actors"] == (0, 0, 1)


def test_domestic_predictions_are_ignored() -> None:
    assert counts([], [event(source=("FRA",), target=("FRA",))])["type+actors"] == (0, 0, 0)
    assert counts([], [event(source=("FRA",), target=(None,))])["type+actors"] == (0, 0, 0)


def test_gold_events_not_occurred_are_not_scored() -> None:
    planned = gold_event(status="planned")
    assert counts([planned], [])["type+actors"] == (0, 0, 0)
    assert counts([planned], [event()])["type+actors"] == (0, 1, 0)


def test_soviet_union_scored_as_russia() -> None:
    gold = gold_event("ACCUSE", ("SUN",), ("USA",))
    assert counts([gold], [event("ACCUSE", ("RUS",), ("USA",))]) == PERFECT
    gold = gold_event("ACCUSE", ("RUS",), ("USA",))
    assert counts([gold], [event("ACCUSE", ("SUN",), ("USA",))]) == PERFECT


def test_per_type_counts_and_diagnostics() -> None:
    gold = (
        gold_event(mode="visit", date="2024-03-05"),
        gold_event("ACCUSE", ("FRA",), ("RUS",)),
    )
    predicted = [event(date="2024-03-09"), event("SANCTION", ("FRA",), ("RUS",))]
    score = score_article(GoldArticle(id="a", events=gold), extraction(events=predicted))
    assert {t: (c.tp, c.fp, c.fn) for t, c in score.per_type.items()} == {
        "CONSULT": (1, 0, 0),
        "ACCUSE": (0, 0, 1),
        "SANCTION": (0, 1, 0),
    }
    assert [g.type for g in score.missed] == ["ACCUSE"]
    assert [p.type for p in score.false] == ["SANCTION"]
    assert [(n.gold.type, n.lost_at) for n in score.near_misses] == [("CONSULT", "+date")]


def test_predicted_event_view_normalises_codes() -> None:
    view = PredictedEvent.from_event(event("ACCUSE", ("sun", None), ("USA",), location="Kyiv"))
    assert view.source == frozenset({"RUS"})
    assert view.codes == frozenset({"RUS", "USA"})
    assert view.location == "Kyiv"


# --- people, agreements, figures -----------------------------------------------------------


def other(gold: GoldArticle, **predicted: Any) -> dict[str, tuple[int, int, int]]:
    score = score_article(gold, extraction(**predicted))
    return {m: (c.tp, c.fp, c.fn) for m, c in score.metrics.items() if m not in LEVELS}


@pytest.mark.parametrize(
    ("name", "last"),
    [
        ("Carlos A. Méndez Jr.", "mendez"),
        ("Carlos Mendez, Sr.", "mendez"),
        ("Edward Blackwood III", "blackwood"),
        ("Amara Okafor-Reyes", "reyes"),
        ("Okonkwo", "okonkwo"),
        ("", ""),
    ],
)
def test_last_name(name: str, last: str) -> None:
    assert last_name(name) == last


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Minister of Foreign Affairs", "Foreign Minister", True),
        ("Foreign Affairs Minister", "foreign minister", True),
        ("Minister for Trade", "Trade Minister", True),
        ("Deputy Minister of Defence", "Deputy Defense Minister", True),
        ("Vice-Premier", "Vice Premier", True),
        ("National Security Advisor", "National Security Adviser", True),
        ("Deputy Foreign Minister", "Foreign Minister", False),
        ("Prime Minister", "President", False),
    ],
)
def test_role_normalisation(a: str, b: str, same: bool) -> None:
    assert (normalize_role(a) == normalize_role(b)) is same


def test_people_match_on_last_name_and_country_then_role() -> None:
    gold = GoldArticle(
        id="a",
        people=(
            GoldPerson("Carlos A. Méndez Jr.", "Minister of Foreign Affairs", "PER"),
            GoldPerson("Ilse Vandenberg", "Prime Minister", "NLD"),
            GoldPerson("Tomas Ferreira", "Ambassador to Peru", "BRA"),
        ),
    )
    predicted = [
        Person(name="Carlos Mendez", role="Foreign Minister", country="PER"),
        Person(name="Ilse Vandenberg", role="President", country="NLD"),
        Person(name="Tomas Ferreira", role="Ambassador to Peru", country="PRT"),  # wrong country
    ]
    scores = other(gold, people=predicted)
    assert scores["people"] == (2, 1, 1)
    assert scores["people+role"] == (1, 2, 2)


def agreement(parties: list[str], date: str | None = None, status: str = "occurred") -> Agreement:
    return Agreement(
        topic="invented",
        kind="mou",
        parties=parties,
        date=date,
        status=status,  # type: ignore[arg-type]
        evidence=EVIDENCE,
    )


def test_agreements_match_on_party_set_and_date() -> None:
    gold = GoldArticle(
        id="a",
        agreements=(
            GoldAgreement(("SUN", "FRA"), "1987-02"),
            GoldAgreement(("CHL", "PER"), "2024-03-05"),
            GoldAgreement(("CHL", "PER"), None),
            GoldAgreement(("KEN", "TZA"), None),
        ),
    )
    predicted = [
        agreement(["FRA", "RUS"], "1987-02-14"),  # SUN as RUS, party order free, month precision
        agreement(["PER", "CHL"], "2024-03-06"),  # a day off
        agreement(["CHL", "PER"], None),  # null date matches only null
        agreement(["KEN", "TZA"], "2024-03-05"),  # a date the gold says the text does not give
        agreement(["KEN", "UGA"], None, status="planned"),  # not concluded: ignored
    ]
    assert other(gold, agreements=predicted)["agreements"] == (3, 1, 1)


def figure(value: float, unit: str) -> Figure:
    return Figure(indicator="invented", value=value, unit=unit, evidence=EVIDENCE)


def test_figures_match_on_value_within_one_percent_and_unit() -> None:
    gold = GoldArticle(
        id="a",
        figures=(
            GoldFigure(3_700_000_000, "USD"),
            GoldFigure(39, "percent"),
            GoldFigure(12.5, "tonnes"),
            GoldFigure(0, "percent"),
        ),
    )
    predicted = [
        figure(3_730_000_000, "usd"),  # 0.8% off, unit case-insensitive
        figure(39, "%"),
        figure(12.8, "tonnes"),  # 2.4% off
        figure(0, "Percent"),
    ]
    assert other(gold, figures=predicted)["figures"] == (3, 1, 1)


def test_empty_extraction_misses_everything() -> None:
    gold = GoldArticle(
        id="a",
        events=(gold_event(), gold_event("AID", required=False)),
        people=(GoldPerson("Ilse Vandenberg", "Prime Minister", "NLD"),),
        figures=(GoldFigure(39, "percent"),),
    )
    score = score_article(gold, None)
    assert {m: (c.tp, c.fp, c.fn) for m, c in score.metrics.items()} == {
        "type+actors": (0, 0, 1),
        "+direction": (0, 0, 1),
        "+date": (0, 0, 1),
        "+location": (0, 0, 1),
        "people": (0, 0, 1),
        "people+role": (0, 0, 1),
        "agreements": (0, 0, 0),
        "figures": (0, 0, 1),
    }


def test_counts_rates() -> None:
    c = Counts(tp=2, fp=2, fn=6)
    assert (c.precision, c.recall) == (0.5, 0.25)
    assert c.f1 == pytest.approx(1 / 3)
    assert (Counts().precision, Counts().recall, Counts().f1) == (0.0, 0.0, 0.0)
    assert c + Counts(1, 1, 1) == Counts(3, 3, 7)
