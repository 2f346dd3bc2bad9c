"""Actors: the states and bodies a sentence names, and the officials who act for them.

Countries, demonyms, capitals used for governments and international bodies come from the
gazetteer. Officials are person names (spaCy NER) tied to an office and a country by the words
around them: "Prime Minister Ali Asadov of Azerbaijan", "Belarusian President Alexander
Lukashenko", "Roman Golovchenko, his Belarusian counterpart". A name with no such words is looked up
among the people already met in the article, then in the office-holder knowledge base at the
article's date ("Putin said" in 2001 is Russia's president). "His counterpart", "both sides" and
"the two leaders" stand for the article's main pair of countries.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bilat.knowledge.gazetteer import Hit, load_gazetteer
from bilat.knowledge.officeholders import load_officeholders
from bilat.knowledge.offices import Office, find_titles
from bilat.nlp.document import ActorMention, Sentence

# A capital after one of these words is a place ("talks in Minsk"), not a government.
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|to|from|near|outside|into|inside|around|across|toward|towards|via|visiting|"
    r"visited|visit|reached|leaving|left|arrived)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_BOTH = re.compile(
    r"\b(?:both|the two)\s+(?:sides|countries|nations|leaders|governments|ministers|presidents|"
    r"prime ministers|heads of state|delegations|states|parties|foreign ministers|counterparts|"
    r"officials)\b|\bthe (?:two )?parties\b|\beach other\b",
    re.IGNORECASE,
)
_COUNTERPART = re.compile(r"\b(?:his|her|their|its)\s+counterparts?\b", re.IGNORECASE)
_NAME_PARTICLES = {"al", "bin", "ibn", "van", "von", "de", "da", "del", "la", "le", "el", "abu"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def normalise_name(name: str) -> str:
    """Key for comparing names: accents, dots and case removed."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z ]+", "", plain.lower().replace("-", " ")).strip()


def surname_key(name: str) -> str:
    words = [w for w in normalise_name(name).split() if w not in _SUFFIXES]
    return words[-1] if words else ""


@dataclass
class PersonRecord:
    name: str
    role: str | None
    country: str | None
    sector: str | None
    source: str  # "text" or "knowledge-base"
    rank: int = 99
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class ArticleActors:
    """What the actor finder remembers across the sentences of one article."""

    published: dt.date | None
    dyad: tuple[str, ...] = ()
    people: dict[str, PersonRecord] = field(default_factory=dict)  # surname key → record

    def remember(self, record: PersonRecord, start: int, end: int) -> PersonRecord:
        key = surname_key(record.name)
        known = self.people.get(key)
        if known is None:
            self.people[key] = record
            known = record
        else:
            if len(record.name) > len(known.name) and surname_key(record.name) == key:
                known.name = record.name
            if record.country and (known.country is None or known.source != "text"):
                known.country = record.country
                known.source = record.source
            if record.role and (known.role is None or record.rank < known.rank):
                known.role, known.sector, known.rank = record.role, record.sector, record.rank
        known.mentions.append((start, end))
        return known


def main_dyad(sentences: list[Sentence]) -> tuple[str, ...]:
    """The two actors an article is mostly about, by mentions (ties: first mentioned)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    gazetteer = load_gazetteer()
    for sentence in sentences:
        for hit in gazetteer.find(sentence.text):
            counts[hit.code] += 1
            first.setdefault(hit.code, sentence.start + hit.start)
    ranked = sorted(counts, key=lambda code: (-counts[code], first[code]))
    return tuple(ranked[:2])


def gazetteer_actors(sentence: Sentence) -> list[ActorMention]:
    """Country, demonym, capital and body mentions, without parsing."""
    mentions = []
    for hit in load_gazetteer().find(sentence.text):
        if hit.kind == "capital" and _LOCATIVE_BEFORE.search(sentence.text[: hit.start]):
            continue
        mentions.append(_mention_from_hit(sentence, hit))
    return mentions


def _mention_from_hit(sentence: Sentence, hit: Hit) -> ActorMention:
    return ActorMention(
        start=sentence.start + hit.start,
        end=sentence.start + hit.end,
        text=hit.text,
        code=hit.code,
        kind=hit.kind,
        sector="GOV" if hit.kind == "capital" else None,
    )


def find_actors(sentence: Sentence, state: ArticleActors) -> list[ActorMention]:
    """All actor mentions of a parsed sentence, officials included, in text order."""
    mentions = gazetteer_actors(sentence)
    if sentence.span is not None:
        mentions.extend(_officials(sentence, state, mentions))
    mentions.extend(_references(sentence, state, mentions))
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def _references(
    sentence: Sentence, state: ArticleActors, found: list[ActorMention]
) -> list[ActorMention]:
    refs: list[ActorMention] = []
    if len(state.dyad) < 2:
        return refs
    for match in _BOTH.finditer(sentence.text):
        for code in state.dyad:
            refs.append(_reference(sentence, match, code))
    named = {m.code for m in found}
    for match in _COUNTERPART.finditer(sentence.text):
        # "his Belarusian counterpart": the demonym already names the country
        if any(m.start >= sentence.start + match.start() and m.end <= sentence.start + match.end()
               for m in found):
            continue
        others = [code for code in state.dyad if code not in named]
        if len(others) == 1:
            refs.append(_reference(sentence, match, others[0]))
    return refs


def _reference(sentence: Sentence, match: re.Match[str], code: str) -> ActorMention:
    return ActorMention(
        start=sentence.start + match.start(),
        end=sentence.start + match.end(),
        text=match.group(0),
        code=code,
        kind="reference",
    )


# --- officials -------------------------------------------------------------------------------


def _person_spans(span: Any) -> list[tuple[int, int]]:
    """Character spans (sentence-relative) of person names, titles and country words trimmed."""
    base = span.start_char
    spans = []
    for ent in span.ents:
        if ent.label_ != "PERSON":
            continue
        tokens = [t for t in ent if t.is_alpha or t.text in {"-", "."} or t.text[:-1].isalpha()]
        if not tokens:
            continue
        spans.append((tokens[0].idx - base, tokens[-1].idx + len(tokens[-1].text) - base))
    return spans


def _officials(
    sentence: Sentence, state: ArticleActors, places: list[ActorMention]
) -> list[ActorMention]:
    text = sentence.text
    titles = find_titles(text)
    hits = [(m.start - sentence.start, m.end - sentence.start, m) for m in places]
    officials: list[ActorMention] = []
    for start, end in _person_spans(sentence.span):
        start, end = _strip_titles(text, start, end, titles)
        if end <= start or _overlaps_place(start, end, hits):
            continue
        name = text[start:end].strip(" ,.")
        if not _looks_like_name(name):
            continue
        office, country = _office_and_country(text, start, end, titles, hits, officials)
        record = _resolve_person(name, office, country, state)
        if record is None:
            continue
        record = state.remember(record, sentence.start + start, sentence.start + end)
        if record.country is None:
            continue
        officials.append(
            ActorMention(
                start=sentence.start + start,
                end=sentence.start + end,
                text=text[start:end],
                code=record.country,
                kind="person",
                person=record.name,
                role=record.role,
                sector=record.sector or "GOV",
            )
        )
    return officials


def _looks_like_name(name: str) -> bool:
    words = name.split()
    return bool(words) and len(words) <= 6 and all(w[0].isupper() or w.lower() in
                                                  _NAME_PARTICLES for w in words)


def _strip_titles(
    text: str, start: int, end: int, titles: list[tuple[int, int, Office]]
) -> tuple[int, int]:
    """NER often folds the title into the name ("President Alexander Lukashenko")."""
    for t_start, t_end, _office in titles:
        if t_start <= start < t_end:
            start = t_end
        if t_start < end <= t_end:
            end = t_start
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == "."):
        end -= 1
    return start, end


def _overlaps_place(start: int, end: int, hits: list[tuple[int, int, ActorMention]]) -> bool:
    return any(h_start < end and start < h_end for h_start, h_end, _m in hits)


_GLUE_BEFORE = re.compile(r"^[\s,]*(?:'s\s*|’s\s*)?$")
_OF_COUNTRY = re.compile(r"^\s*of\s+(?:the\s+)?$")


def _office_and_country(
    text: str,
    start: int,
    end: int,
    titles: list[tuple[int, int, Office]],
    hits: list[tuple[int, int, ActorMention]],
    earlier: list[ActorMention],
) -> tuple[Office | None, str | None]:
    """The office and country the words around a name give it."""
    office: Office | None = None
    country: str | None = None
    title_start = start
    # Title right before the name: "Prime Minister Ali Asadov", "Foreign Minister of Iran X"
    for t_start, t_end, candidate in titles:
        between = text[t_end:start]
        if t_end <= start and (not between.strip() or _of_country_between(between, hits, t_end)):
            office, title_start = candidate, t_start
            country = _country_in(between, t_end, hits) or country
    # Title as apposition after the name: "Ali Asadov, Prime Minister of Azerbaijan"
    if office is None:
        for t_start, t_end, candidate in titles:
            gap = text[end:t_start]
            if t_start >= end and len(gap) <= 40 and re.fullmatch(
                r",\s*(?:the\s+|his\s+|her\s+)?(?:[A-Z][\w.-]*\s+)*", gap
            ):
                office = candidate
                country = _country_in(gap, end, hits) or _country_after(text, t_end, hits)
                break
    # Country before the title: "Belarusian President X", "Azerbaijan's Foreign Minister X"
    if country is None:
        for h_start, h_end, mention in hits:
            if h_end <= title_start and _GLUE_BEFORE.match(text[h_end:title_start]):
                country = mention.code
    # Country after the name: "Ali Asadov of Azerbaijan"
    if country is None:
        country = _country_after(text, end, hits)
    # "his Belarusian counterpart, Roman Golovchenko": the counterpart holds the same office
    if office is None and re.search(r"counterparts?,?\s*$", text[max(0, start - 40) : start]):
        office = next(
            (Office(m.role, m.sector or "GOV", 5) for m in reversed(earlier) if m.role), None
        )
        if country is None:
            for h_start, h_end, mention in hits:
                if h_end <= start and start - h_end < 30:
                    country = mention.code
    return office, country


def _of_country_between(between: str, hits: list[tuple[int, int, ActorMention]], offset: int) -> bool:
    match = re.fullmatch(r"\s*of\s+(?:the\s+)?([\w .'-]+?)\s*", between)
    return bool(match) and _country_in(between, offset, hits) is not None


def _country_in(segment: str, offset: int, hits: list[tuple[int, int, ActorMention]]) -> str | None:
    for h_start, h_end, mention in hits:
        if offset <= h_start and h_end <= offset + len(segment):
            return mention.code
    return None


def _country_after(text: str, end: int, hits: list[tuple[int, int, ActorMention]]) -> str | None:
    for h_start, _h_end, mention in hits:
        if h_start >= end and _OF_COUNTRY.match(text[end:h_start]):
            return mention.code
    return None


def _resolve_person(
    name: str, office: Office | None, country: str | None, state: ArticleActors
) -> PersonRecord | None:
    known = state.people.get(surname_key(name))
    if known is not None and (country is None or known.country in (None, country)):
        if office is not None and (known.role is None or office.rank < known.rank):
            known.role, known.sector, known.rank = office.role, office.sector, office.rank
        if country and known.country is None:
            known.country = country
        return PersonRecord(name, known.role, known.country, known.sector, known.source, known.rank)
    holdings = load_officeholders().lookup(name, state.published)
    if country is None and holdings:
        best = holdings[0]
        role = office.role if office else best.role
        return PersonRecord(
            name, role, best.country, best.sector, "knowledge-base",
            office.rank if office else 50,
        )
    if office is None and country is None:
        return None
    if office is None:
        # A name beside a country word but with no office is not known to hold one.
        return None
    return PersonRecord(name, office.role, country, office.sector, "text", office.rank)
