"""Office titles ("Foreign Minister", "Secretary of State", "Gen.") mapped to normalised roles.

The titles live in ``knowledge/data/offices.tsv``. They are compiled, like the gazetteer, into
one trie-shaped regex so the longest title wins ("Deputy Prime Minister" over "Prime
Minister") at the cost of a single scan. Each title's ``case`` column says whether lower-case
use counts: "the prime minister" is a title, "in general" is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bilat.knowledge.gazetteer import BLOCKER, boundary_regex, read_tsv, spelling_variants

_SMALL_WORDS = frozenset({"of", "for", "the", "and", "to", "in", "at", "on"})
_AFTER_NUMBER = re.compile(r"\d\s*$")  # "5 PM" is a time, not a prime minister


@dataclass(frozen=True)
class Office:
    """A normalised office; lower ``rank`` is more senior (1 head of state ... 6)."""

    role: str
    sector: str
    rank: int


@dataclass(frozen=True)
class _Titles:
    pattern: re.Pattern[str]
    surface: dict[str, Office | None]  # None for blockers
    folded: dict[str, Office]


def _case_variants(title: str) -> set[str]:
    """Spellings of a title that count as the same title: as written, lower, Sentence, Title."""
    words = title.split(" ")

    def keep(word: str) -> bool:  # acronyms such as "EU" keep their capitals
        return len(word) > 1 and word.isupper()

    lower = [w if keep(w) else w.lower() for w in words]
    sentence = [lower[0][:1].upper() + lower[0][1:], *lower[1:]]
    titled = [
        w if keep(w) or (i and w in _SMALL_WORDS) else w[:1].upper() + w[1:]
        for i, w in enumerate(lower)
    ]
    return {title, " ".join(lower), " ".join(sentence), " ".join(titled)}


@cache
def _load() -> _Titles:
    surface: dict[str, Office | None] = {}
    folded: dict[str, Office] = {}
    for title, role, sector, rank, case in read_tsv("offices.tsv"):
        office = None if role == BLOCKER else Office(role, sector, int(rank))
        forms = _case_variants(title) if case == "any" else {title}
        for form in sorted(forms):
            for spelling in spelling_variants(form):
                surface.setdefault(spelling, office)
        if office is not None:
            for spelling in spelling_variants(title):
                folded.setdefault(spelling.casefold(), office)
    return _Titles(boundary_regex(surface), surface, folded)


def find_titles(text: str) -> list[tuple[int, int, Office]]:
    """Office titles in ``text`` as ``(start, end, office)``, longest and non-overlapping."""
    titles = _load()
    found: list[tuple[int, int, Office]] = []
    for match in titles.pattern.finditer(text):
        office = titles.surface[match.group()]
        start, end = match.span()
        if office is None or _AFTER_NUMBER.search(text, max(0, start - 3), start):
            continue
        found.append((start, end, office))
    return found


def normalise_role(text: str) -> Office | None:
    """The office named by ``text``: a whole title in any case, else its most senior title.

    So "foreign minister" and "Foreign Secretary" both give Foreign Minister, and "Deputy Prime
    Minister and Foreign Minister" gives the first of the two equally ranked roles.
    """
    key = " ".join(text.split())
    titles = _load()
    office = titles.surface.get(key) or titles.folded.get(key.casefold())
    if office is not None:
        return office
    found = find_titles(key)
    if not found:
        return None
    return min(found, key=lambda hit: hit[2].rank)[2]
