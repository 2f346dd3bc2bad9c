"""The trigger lexicon (``data/triggers.tsv``): words and phrases that code PLOVER events.

Two uses: a cheap regular expression that tells whether a sentence may hold an event at all
(run on every sentence, before any parsing), and lemma lookup on parsed sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bilat.knowledge.loading import read_tsv

# Past forms that a prefix of the lemma does not cover ("met" is not "meet*").
IRREGULAR_FORMS = {
    "meet": ["met"], "speak": ["spoke"], "fly": ["flew", "flies"], "strike": ["struck"],
    "seek": ["sought"], "freeze": ["froze"], "withdraw": ["withdrew"], "shoot": ["shot"],
    "hold talk": ["held"], "cut": ["cut"], "break off": ["broke"], "deny": ["denied", "denies"],
    "supply": ["supplied", "supplies"], "apply": ["applied"], "ally": ["allied"],
    "rally": ["rallied", "rallies"], "ratify": ["ratified", "ratifies"], "jail": ["jailed"],
    "give": ["gave"], "send": ["sent"], "bring": ["brought"], "draw": ["drew"],
}


@dataclass(frozen=True)
class Trigger:
    lemma: str
    words: tuple[str, ...]
    pos: str  # V, N, A or *
    type: str
    mode: str | None
    cameo: str
    context: str | None
    requires: re.Pattern[str] | None
    reverse: bool
    weak: bool


@dataclass(frozen=True)
class Lexicon:
    triggers: tuple[Trigger, ...]
    by_first_word: dict[str, tuple[Trigger, ...]]
    prefilter: re.Pattern[str]

    def candidates(self, lemma: str) -> tuple[Trigger, ...]:
        return self.by_first_word.get(lemma, ())


def _prefix(word: str) -> str:
    if len(word) > 4 and word.endswith("e"):
        return word[:-1]
    if len(word) > 3 and word.endswith("y"):
        return word[:-1]
    return word


@cache
def load_lexicon() -> Lexicon:
    triggers: list[Trigger] = []
    for row in read_tsv("triggers.tsv"):
        flags = set(row.get("flags", "").split(","))
        words = tuple(row["lemma"].lower().split())
        triggers.append(
            Trigger(
                lemma=row["lemma"].lower(),
                words=words,
                pos=row["pos"] or "*",
                type=row["type"],
                mode=row["mode"] or None,
                cameo=row["cameo"],
                context=row["context"] or None,
                requires=re.compile(row["requires"]) if row["requires"] else None,
                reverse="reverse" in flags,
                weak="weak" in flags,
            )
        )
    index: dict[str, list[Trigger]] = {}
    stems: set[str] = set()
    for trig in triggers:
        index.setdefault(trig.words[0], []).append(trig)
        stems.add(re.escape(_prefix(trig.words[0])))
        for form in IRREGULAR_FORMS.get(trig.lemma, []):
            stems.add(re.escape(form))
    alternation = "|".join(sorted(stems, key=len, reverse=True))
    prefilter = re.compile(rf"\b(?:{alternation})[a-z]*", re.IGNORECASE)
    return Lexicon(
        triggers=tuple(triggers),
        by_first_word={k: tuple(v) for k, v in index.items()},
        prefilter=prefilter,
    )
