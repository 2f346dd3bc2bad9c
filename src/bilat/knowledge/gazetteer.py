"""Find states, their peoples, capitals and international bodies named in text.

The knowledge lives in ``knowledge/data/*.tsv``; this module only loads it and compiles every
surface form into one regular expression shaped as a character trie. A trie alternation never
offers two branches for the same next character, so the regex engine's greedy choice is the
longest name at each position and there is no per-name backtracking: that is what keeps a scan
of every sentence of every article fast.

Matching is case-sensitive on purpose: "US", "WHO" and "China" are names, "us", "who" and
"china" are not. The loader widens the data by a few mechanical variants (plural demonyms,
ALL-CAPS names for wire datelines and headlines, curly apostrophes, accent-free spellings) so
the files only hold what a person has to decide.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal

import pycountry

from bilat.knowledge.loading import read_rows as read_tsv

Kind = Literal["country", "demonym", "capital", "igo"]

#: PLOVER codes that are not ISO 3166 states, with the names shown for them.
SPECIAL_CODES: dict[str, str] = {
    "UNO": "United Nations",
    "EUR": "European Union",
    "IGO": "International organisation",
    "NGO": "Non-governmental organisation",
    "MNC": "Multinational corporation",
}
#: Codes outside ISO 3166-1 that the data uses for states: Kosovo and historical states.
EXTRA_STATE_CODES: frozenset[str] = frozenset({"XKX", "SUN", "YUG", "DDR", "CSK"})
#: alpha-2 codes for the states pycountry's current list lacks.
_EXTRA_ALPHA2 = {"XK": "XKX", "SU": "SUN", "YU": "YUG", "DD": "DDR", "CS": "CSK"}

BLOCKER = "-"
_GENERIC_MARK = "~"
_CURLY = "\u2019"


@dataclass(frozen=True)
class Hit:
    """One name found in a text; ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    code: str
    kind: Kind


@dataclass(frozen=True)
class _Entry:
    code: str  # BLOCKER for phrases that are consumed but yield no hit
    kind: Kind
    # A body name dropped right after a country or demonym ("the Russian Security Council").
    generic: bool = False


def trie_regex(words: Iterable[str]) -> str:
    """A regex source matching any of ``words``, longest first, shaped as a character trie.

    Each node lists its children once, so at most one branch can continue at any character and
    the greedy optional tail makes the first match the longest word that fits the text.
    """
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict[str, dict]) -> str:
    terminal = "" in node
    branches = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if len(branches) == 1:
        body = branches[0]
        return f"(?:{body})?" if terminal else body
    body = "(?:" + "|".join(branches) + ")"
    return body + "?" if terminal else body


def boundary_regex(words: Iterable[str]) -> re.Pattern[str]:
    """Compile ``words`` into one pattern that matches them only as whole words."""
    return re.compile(r"(?<!\w)(?:" + trie_regex(words) + r")(?!\w)")


def ascii_fold(text: str) -> str:
    """``text`` without accents ("Türkiye" -> "Turkiye"), for writers who drop them."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def spelling_variants(name: str) -> Iterator[str]:
    """``name`` plus its curly-apostrophe and accent-free spellings."""
    forms = [name]
    if "'" in name:
        forms.append(name.replace("'", _CURLY))
    folded = ascii_fold(name)
    if folded != name:
        forms += [folded] + ([folded.replace("'", _CURLY)] if "'" in folded else [])
    yield from forms


def _plural(demonym: str) -> str | None:
    """The people-plural of a demonym ("Israeli" -> "Israelis"), when English makes one."""
    if demonym.endswith("man"):
        return demonym[:-3] + "men"
    if demonym.endswith(("s", "sh", "ch", "x", "z", "ese")):
        return None
    return demonym + "s"


class Gazetteer:
    """All surface forms of states and bodies, compiled once; see :func:`load_gazetteer`."""

    def __init__(
        self,
        countries: list[list[str]],
        demonyms: list[list[str]],
        capitals: list[list[str]],
        bodies: list[list[str]],
    ) -> None:
        self._names: dict[str, str] = dict(SPECIAL_CODES)
        self._states: set[str] = set()
        self._body_names: dict[str, str] = {}
        explicit: dict[str, _Entry] = {}
        derived: dict[str, _Entry] = {}

        def add(table: dict[str, _Entry], surface: str, entry: _Entry) -> None:
            if surface and surface not in explicit and surface not in table:
                table[surface] = entry

        caps_forms: list[tuple[str, _Entry]] = []
        for code, name, *rest in countries:
            aliases = [a for a in (rest[0].split("|") if rest else []) if a]
            entry = _Entry(code, "country")
            if code != BLOCKER:
                self._names[code] = name
                self._states.add(code)
            for surface in [name, *aliases]:
                add(explicit, surface, entry)
                caps_forms.append((surface, entry))
        for surface, code, full in bodies:
            generic = surface.startswith(_GENERIC_MARK)
            surface = surface.removeprefix(_GENERIC_MARK)
            add(explicit, surface, _Entry(code, "igo", generic))
            if code != BLOCKER:
                self._body_names.setdefault(surface, full)
        for surface, code in capitals:
            add(explicit, surface, _Entry(code, "capital"))
            caps_forms.append((surface, explicit[surface]))
        for surface, code in demonyms:
            entry = _Entry(code, "demonym")
            add(explicit, surface, entry)
            caps_forms.append((surface, entry))
            plural = _plural(surface)
            if plural:
                add(derived, plural, entry)
                caps_forms.append((plural, entry))

        for surface, entry in list(explicit.items()) + list(derived.items()):
            for form in spelling_variants(surface):
                add(derived, form, entry)
        for surface, entry in caps_forms:
            if not surface.isupper():
                for form in spelling_variants(surface.upper()):
                    add(derived, form, entry)

        self._surface: dict[str, _Entry] = {**explicit, **derived}
        self._pattern = boundary_regex(self._surface)
        self._lookup = self._build_lookup(explicit, derived)

    def _build_lookup(self, explicit: dict[str, _Entry], derived: dict[str, _Entry]) -> dict:
        """Case-insensitive index for :meth:`resolve`: codes, alpha-2, names, then demonyms."""
        lookup: dict[str, str] = {code.lower(): code for code in self._names}
        for country in pycountry.countries:
            lookup.setdefault(country.alpha_2.lower(), country.alpha_3)
        for alpha2, code in _EXTRA_ALPHA2.items():
            lookup.setdefault(alpha2.lower(), code)
        entries = {**explicit, **derived}
        for kind in ("country", "demonym"):
            for surface, entry in entries.items():
                if entry.kind == kind and entry.code != BLOCKER:
                    lookup.setdefault(surface.lower(), entry.code)
        for surface, entry in entries.items():
            if entry.kind == "igo" and entry.code in ("UNO", "EUR"):
                lookup.setdefault(surface.lower(), entry.code)
        return lookup

    def find(self, text: str) -> list[Hit]:
        """Longest, non-overlapping names in ``text``, in order of position."""
        hits: list[Hit] = []
        surface = self._surface
        for match in self._pattern.finditer(text):
            found = match.group()
            entry = surface[found]
            if entry.code == BLOCKER:
                continue
            start, end = match.span()
            if entry.generic and hits and hits[-1].kind in ("country", "demonym"):
                gap = text[hits[-1].end : start].strip()
                if gap in ("", "'s", _CURLY + "s"):
                    continue
            hits.append(Hit(start, end, found, entry.code, entry.kind))
        return hits

    def resolve(self, query: str) -> str | None:
        """The code for a name, demonym, alpha-2 or alpha-3 code, in any case."""
        key = " ".join(query.split()).lower()
        return self._lookup.get(key) or self._lookup.get(ascii_fold(key))

    def name(self, code: str) -> str:
        """Display name for a code; an unknown code is returned as it is."""
        return self._names.get(code, code)

    def is_state(self, code: str) -> bool:
        """Whether ``code`` is a country or territory code rather than a body (UNO, IGO...)."""
        return code in self._states

    def body_name(self, alias: str) -> str | None:
        """Full name of an international body named by ``alias`` ("WHO", "Security Council")."""
        return self._body_names.get(alias.replace(_CURLY, "'")) or self._body_names.get(alias)

    @property
    def surfaces(self) -> dict[str, tuple[str, Kind]]:
        """Every surface form matched, with its code and kind (blockers have code ``-``)."""
        return {s: (e.code, e.kind) for s, e in self._surface.items()}


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer built from the packaged data files, loaded once per process."""
    return Gazetteer(
        read_tsv("countries.tsv"),
        read_tsv("demonyms.tsv"),
        read_tsv("capitals.tsv"),
        read_tsv("bodies.tsv"),
    )


def find(text: str) -> list[Hit]:
    """Names of states and bodies in ``text``; see :meth:`Gazetteer.find`."""
    return load_gazetteer().find(text)


def resolve_country(query: str) -> str | None:
    """Code for a user-typed country ("Azerbaijan", "azerbaijani", "AZE", "AZ" -> "AZE")."""
    return load_gazetteer().resolve(query)


def country_name(code: str) -> str:
    """Display name for a code ("AZE" -> "Azerbaijan", "UNO" -> "United Nations")."""
    return load_gazetteer().name(code)


def is_state(code: str) -> bool:
    """Whether ``code`` names a country or territory rather than an international body."""
    return load_gazetteer().is_state(code)
