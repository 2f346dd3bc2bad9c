"""Places: GeoNames resolution, landmarks and seas, and places governed by locative words."""

from __future__ import annotations

import time

import pytest

from bilat.nlp.places import find_place_mentions, find_places, resolve_place
from bilat.schema import Location


def resolved(name: str, hint: str | None = None) -> Location:
    location = resolve_place(name, hint)
    assert location is not None, name
    return location


def test_city_has_country_geonameid_and_coordinates() -> None:
    minsk = resolved("Minsk")
    assert (minsk.name, minsk.country, minsk.geonameid) == ("Minsk", "BLR", 625144)
    assert minsk.lat == pytest.approx(53.9, abs=0.1)
    assert minsk.lon == pytest.approx(27.57, abs=0.1)


@pytest.mark.parametrize(
    "name, city, country",
    [
        ("White House", "Washington", "USA"),
        ("the Kremlin", "Moscow", "RUS"),
        ("Élysée", "Paris", "FRA"),
        ("Elysee Palace", "Paris", "FRA"),
        ("Downing Street", "London", "GBR"),
        ("UN headquarters", "New York City", "USA"),
    ],
)
def test_landmarks_resolve_to_their_city(name: str, city: str, country: str) -> None:
    location = resolved(name)
    assert (location.name, location.country) == (city, country)
    assert location.geonameid is not None and location.lat is not None


def test_countries_resolve_with_capital_coordinates() -> None:
    azerbaijan = resolved("Azerbaijan")
    assert (azerbaijan.name, azerbaijan.country, azerbaijan.geonameid) == (
        "Azerbaijan",
        "AZE",
        587116,
    )
    baku = resolved("Baku")
    assert (azerbaijan.lat, azerbaijan.lon) == (baku.lat, baku.lon)
    assert resolved("US").country == "USA"
    assert resolved("U.S.").country == "USA"
    assert resolved("Britain").country == "GBR"
    assert resolved("Türkiye").country == "TUR"
    assert resolved("Mexico").country == "MEX"  # the country, not its capital
    assert resolved("Mexico").geonameid != resolved("Mexico City").geonameid


@pytest.mark.parametrize("name", ["Black Sea", "South China Sea", "Strait of Hormuz", "Red Sea"])
def test_bodies_of_water_are_name_only(name: str) -> None:
    location = resolved(name)
    assert location.name == name
    assert location.country is None and location.geonameid is None
    assert location.lat is not None and location.lon is not None


def test_country_hint_picks_among_namesakes() -> None:
    assert resolved("Georgia").country == "GEO"
    georgia_state = resolved("Georgia", "USA")
    assert (georgia_state.name, georgia_state.country) == ("Georgia", "USA")
    assert resolved("Georgia", "GEO").country == "GEO"
    assert resolved("Paris").country == "FRA"
    assert resolved("Paris", "USA").country == "USA"
    assert resolved("Paris", "US").country == "USA"  # alpha-2 hints work too
    assert resolved("Colombo").country == "LKA"  # the most populous
    assert resolved("Colombo", "BRA").country == "BRA"


def test_names_forms_and_old_names() -> None:
    assert resolved("MINSK").name == "Minsk"  # dateline capitals
    assert resolved("Kiev").name == "Kyiv"
    assert resolved("Bombay").name == "Mumbai"
    assert resolved("St. Petersburg").country == "RUS"
    assert resolved("New Delhi").name == "New Delhi"  # main name beats Delhi's alternate name
    assert resolved("Washington").name == "Washington"  # the city, not the state
    assert resolved("Florida").country == "USA"  # the state, not a Cuban town


@pytest.mark.parametrize("name", ["May", "Reuters", "English", "March", "Union", "Ruritania", ""])
def test_non_places_do_not_resolve(name: str) -> None:
    assert resolve_place(name) is None


# --- finding places in text -------------------------------------------------------------------


def found(text: str) -> list[tuple[str, str, str | None, str]]:
    mentions = find_place_mentions(text)
    result: list[tuple[str, str, str | None, str]] = []
    for mention in mentions:
        location = mention.location
        assert location.start is not None and location.end is not None
        result.append(
            (text[location.start : location.end], location.name, location.country, mention.role)
        )
    return result


def test_locative_prepositions() -> None:
    assert found("The premiers met in Minsk on Thursday.") == [
        ("Minsk", "Minsk", "BLR", "location")
    ]
    assert found("Envoys gathered at the White House.") == [
        ("White House", "Washington", "USA", "location")
    ]
    assert found("The forum was held in Baku.") == [("Baku", "Baku", "AZE", "location")]


def test_destinations_and_origins() -> None:
    assert found("The premier arrived in Minsk for an official visit to Belarus.") == [
        ("Minsk", "Minsk", "BLR", "destination"),
        ("Belarus", "Belarus", "BLR", "destination"),
    ]
    assert found("The delegation travelled from Baku to Minsk.") == [
        ("Baku", "Baku", "AZE", "origin"),
        ("Minsk", "Minsk", "BLR", "destination"),
    ]
    assert found("The minister visited Tbilisi.") == [("Tbilisi", "Tbilisi", "GEO", "destination")]


def test_to_without_movement_is_not_a_place() -> None:
    assert found("Exports to China rose, according to Moscow.") == []


def test_capital_descriptor_and_comma() -> None:
    text = "They met in the capital, Minsk, and later in the Azerbaijani capital Baku."
    assert [name for _, name, _, _ in found(text)] == ["Minsk", "Baku"]


def test_sidelines_of_a_meeting_in_a_city() -> None:
    text = "They spoke on the sidelines of the UN General Assembly in New York."
    assert found(text) == [("New York", "New York City", "USA", "location")]


def test_seas_and_the_gulf() -> None:
    text = "A tanker was stopped in the Strait of Hormuz and another in the Gulf."
    assert [(surface, name) for surface, name, _, _ in found(text)] == [
        ("Strait of Hormuz", "Strait of Hormuz"),
        ("Gulf", "Persian Gulf"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The deal was struck in May.",
        "He told Reuters in English.",
        "The paper was read in Washington Post style.",
        "Talks in Paris Club format resumed.",
        "Sanctions came into force in March.",
        "The treaty was signed in Ruritania.",
    ],
)
def test_false_places_are_rejected(text: str) -> None:
    assert found(text) == []


def test_lists_need_a_conjunction() -> None:
    assert [name for _, name, _, _ in found("Talks in Minsk, Moscow and Baku.")] == [
        "Minsk",
        "Moscow",
        "Baku",
    ]
    assert [name for _, name, _, _ in found("In Minsk, Moscow said nothing.")] == ["Minsk"]


def test_area_after_a_city_is_a_hint_not_a_place() -> None:
    assert found("The ships docked in Colombo, Sri Lanka, on Friday.") == [
        ("Colombo", "Colombo", "LKA", "location")
    ]
    assert found("The rally was in Paris, Texas.") == [("Paris", "Paris", "USA", "location")]


def test_title_after_the_place_ends_it() -> None:
    assert found("In Minsk President Ivanov said so.") == [("Minsk", "Minsk", "BLR", "location")]


def test_possessive_is_not_in_the_span() -> None:
    assert found("Trade is vital in Moscow’s view.") == [("Moscow", "Moscow", "RUS", "location")]


def test_find_places_adds_the_offset() -> None:
    article = "Intro. The talks were held in Minsk."
    start = article.index("The")
    (location,) = find_places(article[start:], offset=start)
    assert article[location.start or 0 : location.end or 0] == "Minsk"


def test_find_places_is_fast() -> None:
    resolve_place("Minsk")  # index built once, outside the timing
    paragraph = (
        "The prime minister arrived in Minsk on an official visit to Belarus, and talks were "
        "held at the White House in May, exports to China rose, according to Reuters. "
    )
    text = paragraph * (1_000_000 // len(paragraph))
    started = time.perf_counter()
    places = find_places(text)
    assert len(places) > 10_000
    assert time.perf_counter() - started < 10.0  # about 0.6 s on a laptop
