"""Officials: person names tied to an office and a country by the words around them.

The patterns news uses, each with the sentence shape that needs it:

- title before the name: "Prime Minister Ali Asadov", "Belarusian President X",
  "Azerbaijan's Foreign Minister X", "EU trade commissioner X";
- title after the name: "Ali Asadov, Prime Minister of Azerbaijan";
- title, comma, name: "the US national security adviser, Jake Sullivan";
- counterpart: "his Belarusian counterpart, Roman Golovchenko" holds the other's office;
- nothing: the person met earlier in the article, else the office-holder knowledge base at the
  article's date ("Putin said" in 2001 is Russia's president).

The role is kept as the text writes it ("Defense Secretary", "External Affairs Minister"), and
the normalised office ("Foreign Minister") is kept beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bilat.knowledge.offices import Office, find_titles
from bilat.nlp.actors import ArticleActors, PersonRecord, normalise_name
from bilat.nlp.document import ActorMention, Sentence

_NAME_PARTICLES = {"al", "bin", "ibn", "van", "von", "de", "da", "del", "la", "le", "el", "abu",
                   "der", "den", "di", "du", "dos", "das", "y"}
_HONORIFICS = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady|Sheikh|Shaikh|H\.?E)\.?\s+")
_TITLE_MODIFIERS = re.compile(
    r"^(?:\s+(?:new|former|then|acting|interim|incoming|outgoing|top|senior|chief|current|"
    r"newly appointed|[a-z]+))?\s*$"
)
_SPACE_BEFORE_NAME = re.compile(
    r"^\s*(?:,\s*)?(?:(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady|Sheikh|Shaikh|Gen|Adm)\.?\s+)?$"
)
_POSTED_TO = re.compile(
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})?"
    r"\s+to\s+((?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:and\s+the\s+|and\s+)?[A-Z][\w'’-]*){0,4})"
    r"\s*,?\s*"
)


@dataclass(frozen=True)
class Title:
    start: int
    end: int
    office: Office
    written: str  # as the text writes it, widened over capitalised words ("Commerce Minister")


@dataclass(frozen=True)
class Placed:
    start: int
    end: int
    code: str


# Portfolio words that make a generic title specific: "Commerce Minister", "Environment Secretary"
_PORTFOLIOS = frozenset("""
Commerce Trade Petroleum Energy Tourism Environment Finance Economy Economic Interior Home
Foreign Defence Defense Health Education Agriculture Transport Labour Labor Justice Industry
Culture Science Technology Information Communications Housing Water Power Mines Mining Oil
Fisheries Planning Development Sports Youth Women Security Homeland Treasury Navy Army Investment
Immigration Climate Digital Railways Shipping Aviation Ports Highways Irrigation Public Works
Cabinet External Affairs Employment Social Welfare Finance Revenue Customs Intelligence Police
Parliamentary Legal Media Broadcasting Telecommunications Petroleum Gas Plantation Industries
Climate Change Supreme Court Kremlin Presidential National
""".split())
# Party words before a title: the person's party, not an office ("Democratic Senator").
_PARTIES = frozenset("Democratic Democrat Republican Labour Tory Conservative Liberal Lib Dem "
                     "Green Socialist Communist".split())
_NAME_AS_MODIFIER = re.compile(
    r"(?:['’]s)?\s+(?:administration|government|era|campaign|doctrine|presidency|cabinet|"
    r"years|regime)\b", re.I
)
_US_PARTY = re.compile(r"\b(?:Democratic|Democrat|Republican|GOP)\s+$")
# Titles that only make a state official when a state or its organ stands before them; a
# "Lufthansa spokesman" or a "Tory foreign affairs spokesman" holds no office of state.
_NEEDS_STATE_BEFORE = frozenset({"Spokesperson", "Chairman"})


def _titles(text: str, places: list[Placed]) -> list[Title]:
    titles = []
    for start, end, office in find_titles(text):
        start, organisation = _widen_left(text, start, places)
        if office.role in _NEEDS_STATE_BEFORE and (
            organisation or any(w in _PARTIES for w in text[:start].split()[-3:])
        ):
            continue
        written = _tidy_title(text[start:end])
        titles.append(Title(start, end, office, written))
    return titles


def _widen_left(text: str, start: int, places: list[Placed]) -> tuple[int, bool]:
    """Widen a title over portfolio words ("Commerce Minister"); also tell whether a non-state
    organisation or party stands right before it ("Gazprom chairman")."""
    while True:
        match = re.search(r"([A-Z][a-z]+)\s+$", text[:start])
        if match is None:
            return start, False
        word = match.group(1)
        if any(p.start <= match.start(1) < p.end for p in places):
            return start, False
        if word in _PORTFOLIOS:
            start = match.start(1)
            continue
        if match.start(1) == 0 or word in {"The", "A", "An", "His", "Her", "Their", "Its",
                                            "New", "Former", "Then", "Acting", "Mr", "Mrs",
                                            "Ms", "Dr", "Deputy", "Senior", "Said", "And"}:
            return start, False
        return start, True


def _tidy_title(title: str) -> str:
    words = title.split()
    small = {"of", "for", "the", "and", "to", "in", "at", "on"}
    return " ".join(
        w if w.isupper() or (i and w.lower() in small) else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


def person_spans(span: Any) -> list[tuple[int, int]]:
    """Character spans (sentence-relative) of person names found by the NER."""
    base = span.start_char
    spans = []
    for ent in span.ents:
        if ent.label_ != "PERSON":
            continue
        spans.append((ent.start_char - base, ent.end_char - base))
    return spans


_CAPITALISED_RUN = re.compile(
    r"(?:\s+(?:of|for|to|and)\s+(?:the\s+)?|,\s*(?:and\s+)?)((?:[A-Z][\w'’.-]*|and|the|of)"
    r"(?:(?:,\s*|\s+)(?:and\s+|the\s+|of\s+|to\s+)*[A-Z][\w'’.-]*)*)"
    r"|\s+((?:[A-Z][\w'’-]*\.?)(?:\s+(?:[A-Z][\w'’-]*\.?|al-\w+|bin|de|van|von)){1,3})"
)
_NOT_NAME_WORDS = _PORTFOLIOS | {"Minister", "President", "Secretary", "State", "Affairs",
                                 "General", "Council", "Ministry", "Government", "Republic",
                                 "Federation", "Union", "Kingdom", "United", "National",
                                 "Committee", "Office", "Department", "The", "Conference",
                                 "Commission", "Assembly", "Party", "Bank", "Forum",
                                 "Foundation", "Organization", "Organisation", "Association",
                                 "Agency", "Court", "Institute", "Centre", "Center", "Board",
                                 "Authority", "Corporation", "Company", "Group", "Front"}


def titled_names(text: str, titles: list[Title], places: list[Placed]) -> list[tuple[int, int]]:
    """Names that follow a title even where the NER missed them: "National Security Adviser
    Ajit Doval", "Secretary of the Navy John Phelan", "Minister of Transport, Highways and
    Ports Bimal Rathnayake" (the name is the last two capitalised words of the run)."""
    spans = []
    for title in titles:
        match = _CAPITALISED_RUN.match(text, title.end)
        if match is None:
            continue
        group = 1 if match.group(1) else 2
        run_start = match.start(group)
        words = list(re.finditer(r"[A-Z][\w'’-]*\.?", match.group(group)))
        if len(words) < 2:
            continue
        first_index = len(words) - 2
        while first_index > 0 and re.fullmatch(r"[A-Z]\.", words[first_index].group(0)):
            first_index -= 1  # "Levan S. Dzhagaryan"
        start, end = run_start + words[first_index].start(), run_start + words[-1].end()
        if text[end - 1] == "." and end - start > 2 and text[end - 3] != " ":
            end -= 1  # a full stop, not an initial
        if len(words) >= 3 and group == 2:
            start = run_start + words[0].start()  # "Seyed Abbas Araghchi" right after a title
        name_words = text[start:end].split()
        if any(w.strip(".,") in _NOT_NAME_WORDS for w in name_words):
            continue
        if any(p.start < end and start < p.end for p in places):
            continue
        spans.append((start, end))
    return spans


_CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z\u00C0-\u024F'’-]{2,}\b")
_NOT_SURNAMES = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday The This That These Those "
    "President Minister Prime Foreign State Government Parliament Congress Senate Court "
    "Army Navy Police Reuters Today Meanwhile However".split()
)


def known_names(
    text: str, state: ArticleActors, taken: list[tuple[int, int]], places: list[Placed]
) -> list[tuple[int, int]]:
    """Surnames the NER missed but that name someone: a person met earlier in the article
    ("Japarov had last visited ..."), or a listed office holder ("Lavrov visited Egypt")."""
    surnames = state.officeholders.surnames()
    found = []
    for match in _CAPITALISED_WORD.finditer(text):
        start, end = match.span()
        word = match.group(0)
        if word in _NOT_SURNAMES or any(a < end and start < b for a, b in taken):
            continue
        if any(p.start < end and start < p.end for p in places):
            continue
        key = normalise_name(word)
        if key in state.index or key in surnames:
            found.append((start, end))
    return found


def _absorb_surname_places(
    spans: list[tuple[int, int]], places: list[Placed], found: list[ActorMention], offset: int
) -> None:
    """"Lisa O. Monaco": a country name ending a person's name is part of the name, so the
    country is dropped from the sentence's actors (a country word starting the span, as in
    "Türkiye Tom Barrack", is trimmed from the name instead)."""
    for start, end in spans:
        for place in places:
            if start < place.start and place.end == end:
                found[:] = [m for m in found if m.start - offset != place.start]


def find_officials(
    sentence: Sentence, state: ArticleActors, found: list[ActorMention]
) -> list[ActorMention]:
    text = sentence.text
    places = [Placed(m.start - sentence.start, m.end - sentence.start, m.code) for m in found]
    titles = _titles(text, places)
    officials: list[ActorMention] = []
    spans = person_spans(sentence.span)
    for a, b in titled_names(text, titles, places):
        overlapping = [(x, y) for x, y in spans if x < b and a < y]
        if not overlapping:
            spans.append((a, b))
        elif all(x <= a and b == y for x, y in overlapping):
            # NER glued the title's complement to the name: "Havana Viktor Koronelli"
            spans = [s for s in spans if s not in overlapping] + [(a, b)]
    spans += known_names(text, state, spans, places)
    _absorb_surname_places(spans, places, found, sentence.start)
    places = [p for p in places if any(p.start == m.start - sentence.start for m in found)]
    for start, end in sorted(spans):
        start, end = _strip(text, start, end, titles)
        for place in places:  # NER glues a country to a name: "Türkiye Tom Barrack"
            if place.start <= start < place.end:
                start = place.end
            elif start < place.start < end:
                end = place.start
        start, end = _strip(text, start, end, titles)
        if end <= start:
            continue
        name = text[start:end]
        if not _looks_like_name(name):
            continue
        title, country = _title_and_country(text, start, end, titles, places, officials)
        if country is None and title is not None and _US_PARTY.search(
            text[max(0, title.start - 14) : title.start]
        ):
            country = "USA"  # "Democratic Senator X", "Republican Congressman Y"
        record = _resolve(name, title, country, state)
        if record is None:
            continue
        if not _NAME_AS_MODIFIER.match(text, end):
            # ("the Trump administration" names a government, not an official in the story)
            record = state.remember(record, sentence.start + start, sentence.start + end)
        if record.country is None:
            continue
        officials.append(
            ActorMention(
                start=sentence.start + start,
                end=sentence.start + end,
                text=name,
                code=record.country,
                kind="person",
                person=record.name,
                role=record.role,
                sector=record.sector or "GOV",
            )
        )
    return officials


def _looks_like_name(name: str) -> bool:
    words = name.replace("-", " ").split()
    return (
        0 < len(words) <= 7
        and any(len(w) > 1 for w in words)
        and all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words)
    )


def _strip(text: str, start: int, end: int, titles: list[Title]) -> tuple[int, int]:
    """NER folds titles and honorifics into names ("President Alexander Lukashenko")."""
    for title in titles:
        if title.start <= start < title.end:
            start = title.end
        if title.start < end <= title.end:
            end = title.start
    while start < end and not text[start].isalnum():
        start += 1
    match = _HONORIFICS.match(text[start:end])
    if match:
        start += match.end()
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == "."):
        end -= 1
    if text[start:end].endswith("'s") or text[start:end].endswith("’s"):
        end -= 2
    # NER often stops early on unfamiliar names ("Seyed Abbas | Araghchi")
    for _ in range(2):
        more = re.match(r"\s([A-Z][a-z\u00C0-\u024F-]+)\b(?!['’]s)", text[end:])
        if more is None or any(t.start <= end + 1 < t.end for t in titles):
            break
        end += more.end()
    return start, end


def _country_in(start: int, end: int, places: list[Placed]) -> str | None:
    for place in places:
        if start <= place.start and place.end <= end:
            return place.code
    return None


def _country_of_after(text: str, end: int, places: list[Placed]) -> str | None:
    """"... of Azerbaijan" right after a name or title, or a country word inside its "of"
    phrase ("vice-chair of the National Committee of the Chinese People's ...")."""
    for place in places:
        if place.start >= end and re.fullmatch(r"\s*of\s+(?:the\s+)?", text[end:place.start]):
            return place.code
    complement = re.match(r"\s*of\s+[^,.;()]{0,80}", text[end:])
    if complement is not None:
        for place in places:
            if end <= place.start and place.end <= end + complement.end():
                return place.code
    return None


def _country_before(text: str, start: int, places: list[Placed]) -> str | None:
    """"Belarusian President", "Azerbaijan's Foreign Minister", "EU trade commissioner"."""
    for place in reversed(places):
        if place.end <= start:
            between = text[place.end:start]
            between = re.sub(r"^(?:'s|’s)", "", between)
            if _TITLE_MODIFIERS.match(between):
                return place.code
            return None
    return None


def _title_and_country(
    text: str,
    start: int,
    end: int,
    titles: list[Title],
    places: list[Placed],
    earlier: list[ActorMention],
) -> tuple[Title | None, str | None]:
    before = [t for t in titles if t.end <= start]
    after = [t for t in titles if t.start >= end]
    # "Prime Minister Ali Asadov", "the US national security adviser, Jake Sullivan",
    # "Foreign Minister of Iran Abbas Araghchi"
    if before:
        title = before[-1]
        gap = text[title.end:start]
        of_country = re.fullmatch(r"\s*of\s+(?:the\s+)?([^,]{2,40}?)\s*,?\s*", gap)
        posted = _POSTED_TO.fullmatch(gap)
        if posted and title.office.rank >= 5:
            # "Russian Ambassador to Sri Lanka Levan Dzhagaryan": serves the state before the
            # title, not the host after it
            written = f"{title.written} to {posted.group(1).strip()}"
            country = _country_in(title.end, title.end + posted.start(1), places)
            return Title(title.start, title.end, title.office, written), (
                country or _country_before(text, title.start, places))
        run = _CAPITALISED_RUN.match(text, title.end)
        if run is not None and run.end() >= end and not _SPACE_BEFORE_NAME.match(gap) and not (
            of_country and _country_in(title.end, start, places)
        ):
            # "Minister of Transport, Highways and Ports Bimal Rathnayake": the complement
            # belongs to the office
            written = _tidy_title(text[title.start:start].strip(" ,"))
            country = _country_in(title.end, start, places) or _country_before(
                text, title.start, places)
            return Title(title.start, title.end, title.office, written), country
        if _SPACE_BEFORE_NAME.match(gap) or (
            of_country and _country_in(title.end, start, places)
        ):
            country = (
                _country_in(title.end, start, places)
                or _country_before(text, title.start, places)
                or _country_of_after(text, end, places)
            )
            return title, country
    # "Ali Asadov, Prime Minister of Azerbaijan", "Ali Asadov, the Azerbaijani prime minister"
    if after:
        title = after[0]
        gap = text[end:title.start]
        filler = re.sub(r"\b(?:the|his|her|its|their|then|former|new|acting|current|"
                        r"interim|incoming|outgoing|senior|top)\b", " ", gap)
        for place in places:  # country words may stand between: "X, the Azerbaijani premier"
            if end <= place.start and place.end <= title.start:
                filler = filler.replace(text[place.start:place.end], " ")
        if re.fullmatch(r",[\s'’s]*", filler):
            country = (
                _country_in(end, title.start, places)
                or _country_of_after(text, title.end, places)
            )
            posted = re.match(r"\s+to\s+((?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})",
                              text[title.end:])
            if posted and title.office.rank >= 5:
                written = f"{title.written} to {posted.group(1)}"
                title = Title(title.start, title.end, title.office, written)
            return title, country
    # "his Belarusian counterpart, Roman Golovchenko": the counterpart holds the same office
    if re.search(r"counterparts?,?\s*$", text[max(0, start - 40):start]):
        role = next((m for m in reversed(earlier) if m.role), None)
        country = _country_before(text, text.rfind("counterpart", 0, start), places)
        if role is not None and role.role:
            office = Office(role.role, role.sector or "GOV", 5)
            return Title(start, start, office, role.role), country
        return None, country
    return None, _country_of_after(text, end, places)


def _resolve(
    name: str, title: Title | None, country: str | None, state: ArticleActors
) -> PersonRecord | None:
    known = state.find(name)
    if known is not None and (country is None or known.country in (None, country)):
        record = PersonRecord(name, known.role, known.country or country, known.sector,
                              known.source, known.rank, known.office)
        if title is not None and (known.role is None or title.office.rank < known.rank):
            record.role, record.office = title.written, title.office.role
            record.sector, record.rank = title.office.sector, title.office.rank
        return record
    if country is None:
        from_kb = _from_knowledge_base(name, title, state)
        if from_kb is not None:
            return from_kb
    if title is None:
        return None  # a name beside a country word but with no office holds none we know of
    if country is None and state.home is not None:
        country = state.home  # an untitled-country official is usually the article's own
    return PersonRecord(name, title.written, country, title.office.sector, "text",
                        title.office.rank, title.office.role)


def _from_knowledge_base(
    name: str, title: Title | None, state: ArticleActors
) -> PersonRecord | None:
    kb = state.officeholders
    holdings = kb.lookup(name, state.published)
    if not holdings and " " in name.strip():
        # "Jair Messias Bolsonaro" is "Jair Bolsonaro"; "Norman Baker" is not "James Baker"
        initial = name.strip()[0].lower()
        holdings = [h for h in kb.lookup(name.split()[-1], state.published)
                    if h.name[:1].lower() == initial]
    if not holdings:
        return None
    best = holdings[0]
    if state.published is None:
        # Without a date the holder cannot be told: keep the country only when every
        # holding agrees on it, and the office only when the text gives one.
        if len({h.country for h in holdings}) > 1:
            return None
        if title is None and len({h.role for h in holdings if h.origin == "curated"}) != 1:
            return PersonRecord(name, None, best.country, best.sector, "knowledge-base", 50)
        if title is None:
            best = next(h for h in holdings if h.origin == "curated")
    origin = "corpus" if best.origin == "corpus" else "knowledge-base"
    if title is not None:
        return PersonRecord(name, title.written, best.country, title.office.sector,
                            origin, title.office.rank, title.office.role)
    return PersonRecord(name, best.role, best.country, best.sector, origin, 50, best.role)
