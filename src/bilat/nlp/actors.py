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
from collections import Counter
from dataclasses import dataclass, field

from bilat.knowledge.gazetteer import Hit, is_state, load_gazetteer
from bilat.knowledge.officeholders import OfficeHolders, load_officeholders, normalise_name
from bilat.nlp.document import ActorMention, Sentence

_BEARING_BEFORE = re.compile(
    r"\b(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+(?:of|from)|off"
    r"(?:\s+the\s+coast\s+of)?|coast\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
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
# Organs of a state named without the state: "Treasury sanctioned ...", "the Foreign Ministry
# said". They stand for the article's home country; with a country word before them the
# country word is already an actor.
_ORGANS = re.compile(
    r"(?<!'s )(?<!’s )\b(?:Treasury(?: Department)?|State Department|"
    r"Department of State|Foreign Ministry|Ministry of Foreign Affairs|Foreign Office|"
    r"Defen[cs]e Ministry|Ministry of Defen[cs]e|Commerce Department|Department of Commerce|"
    r"Administration|Cabinet|Presidential Secretariat|President's Office|Prime Minister's Office)"
    r"\b"
)
_COUNTERPART = re.compile(r"\b(?:his|her|their|its)\s+counterparts?\b", re.IGNORECASE)
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def surname_key(name: str) -> str:
    words = [w for w in normalise_name(name).split() if w not in _SUFFIXES]
    return words[-1] if words else ""


_NAME_WORDS_NOT_KEYS = {"bin", "ibn", "abu", "van", "von", "der", "del", "sheikh", "abdul"}


@dataclass
class PersonRecord:
    name: str
    role: str | None
    country: str | None
    sector: str | None
    source: str  # "text", "knowledge-base" or "corpus"
    rank: int = 99
    office: str | None = None  # normalised office ("Foreign Minister") beside the written role
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class ArticleActors:
    """What the actor finder remembers across the sentences of one article."""

    published: dt.date | None
    dyad: tuple[str, ...] = ()
    home: str | None = None  # officials named without a country serve here (extract._home_country)
    recent_pair: tuple[str, ...] = ()
    index: dict[str, PersonRecord] = field(default_factory=dict)  # name word → person
    last_person: PersonRecord | None = None
    people: dict[str, PersonRecord] = field(default_factory=dict)  # surname key → record
    # who holds which office: the packaged knowledge base, or it plus a corpus's learnt officials
    officeholders: OfficeHolders = field(default_factory=load_officeholders)

    def find(self, name: str) -> PersonRecord | None:
        """A person met earlier, by surname or by any part of a fuller name ("Wang" is
        "Wang Wentao": Chinese and other names put the family name first)."""
        known = self.index.get(surname_key(name))
        if known is not None:
            return known
        words = normalise_name(name).split()
        if len(words) == 1:
            return self.index.get(words[0])
        return None

    def remember(self, record: PersonRecord, start: int, end: int) -> PersonRecord:
        known = self.find(record.name)
        if known is not None and record.country and known.country not in (None, record.country):
            known = None  # a namesake from another country
        if known is None:
            self.people[f"{surname_key(record.name)}#{len(self.people)}"] = record
            known = record
        elif len(record.name) > len(known.name):
            known.name = record.name
        if known is not record:
            if record.country and (known.country is None or known.source != "text"):
                known.country = record.country
                known.source = record.source
            if record.role and (known.role is None or record.rank < known.rank):
                known.role, known.sector, known.rank = record.role, record.sector, record.rank
                known.office = record.office
        for word in normalise_name(known.name).split():
            if len(word) > 2 and word not in _NAME_WORDS_NOT_KEYS:
                self.index.setdefault(word, known)
        known.mentions.append((start, end))
        self.last_person = known
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
        before = sentence.text[: hit.start]
        if hit.kind == "capital" and _LOCATIVE_BEFORE.search(before):
            continue
        if hit.kind == "country" and _BEARING_BEFORE.search(before):
            continue  # "120 miles east of Bahrain", "off the coast of Yemen": a position
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
    from bilat.nlp.officials import find_officials

    mentions = gazetteer_actors(sentence)
    if sentence.span is not None:
        mentions.extend(find_officials(sentence, state, mentions))
    mentions.extend(_references(sentence, state, mentions))
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def _references(
    sentence: Sentence, state: ArticleActors, found: list[ActorMention]
) -> list[ActorMention]:
    """"Both sides", "the two leaders", "his counterpart": the pair the text is on about now —
    the sentence's own two states, else the last pair met, else the article's main pair."""
    refs: list[ActorMention] = []
    if state.home is not None:
        for match in _ORGANS.finditer(sentence.text):
            start = sentence.start + match.start()
            if any(0 <= start - m.end <= 3 for m in found):
                continue  # "Russia's Foreign Ministry": the country word is the actor
            refs.append(_reference(sentence, match, state.home))
    named = list(dict.fromkeys(m.code for m in found if is_state(m.code)))
    pair = _current_pair(named, state)
    if len(pair) < 2:
        return refs
    for match in _BOTH.finditer(sentence.text):
        for code in pair:
            refs.append(_reference(sentence, match, code))
    for match in _COUNTERPART.finditer(sentence.text):
        # "his Belarusian counterpart": the demonym already names the country
        if any(m.start >= sentence.start + match.start() and m.end <= sentence.start + match.end()
               for m in found):
            continue
        others = [code for code in pair if code not in named]
        if len(others) == 1:
            refs.append(_reference(sentence, match, others[0]))
    return refs


def _current_pair(named: list[str], state: ArticleActors) -> tuple[str, ...]:
    if len(named) >= 2:
        return tuple(named[:2])
    if state.recent_pair and (not named or named[0] in state.recent_pair):
        return state.recent_pair
    if named and state.dyad and named[0] in state.dyad:
        return state.dyad
    return state.dyad if not named else ()


def note_pair(actors: list[ActorMention], state: ArticleActors) -> None:
    """Remember the last two states a sentence named together, for later references."""
    codes = list(dict.fromkeys(a.code for a in actors
                               if a.kind != "reference" and is_state(a.code)))
    if len(codes) >= 2:
        state.recent_pair = (codes[0], codes[1])


def _reference(sentence: Sentence, match: re.Match[str], code: str) -> ActorMention:
    return ActorMention(
        start=sentence.start + match.start(),
        end=sentence.start + match.end(),
        text=match.group(0),
        code=code,
        kind="reference",
    )


