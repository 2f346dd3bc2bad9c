"""Scoring one extraction against its gold annotation (pure functions, no I/O).

Implements the scoring section of the gold README. Where the README leaves room, these readings
were chosen, so that every score can be explained:

- Events are matched one-to-one, separately at each level, by maximum bipartite matching. Gold
  events that are ``required`` are matched first, then optional ones may absorb leftover
  predictions, so an optional event never takes a prediction a required one could have used; the
  result has the most true positives and, among those, the fewest false positives.
- Actor codes are compared upper-cased with ``SUN`` read as ``RUS``; a predicted actor without a
  code does not count. Predicted events with fewer than two distinct codes, or whose ``status`` is
  not ``occurred``, are ignored; gold events not ``occurred`` are dropped.
- Direction is exempt by the *gold* event's type and mode (CONSULT unless mode ``visit``, AGREE,
  COOPERATE, SUPPORT), since the gold says whether the meeting was a visit.
- Dates: a predicted date is cut to the gold's precision (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``);
  only at day precision may it be a day off, and a prediction less precise than the gold
  disagrees. A null gold date means "the text gives no way to tell", which is an annotation, not
  a missing one: only a null prediction agrees with it. (The README grants "or the gold has none"
  to locations only.) Agreements use the same date rule.
- Locations name the same place when, after folding accents, case, punctuation and a leading
  "the", they are equal or one contains the other as whole words ("Washington" / "Washington
  DC"); a gold location of null accepts anything, a gold location with a null prediction fails.
- People: last name (after dropping Jr./Sr./II/III/IV, accent- and case-folded, hyphen split) and
  country; ``people+role`` also needs equal normalised roles (null only equals null).
- Agreements: the set of parties and the date; predicted agreements not ``occurred`` are ignored
  since the gold lists only signed or concluded ones. Figures: value within 1% of the gold value,
  unit case-insensitive with "%" read as "percent".
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from bilat.evaluation.gold import (
    GoldAgreement,
    GoldArticle,
    GoldEvent,
    GoldFigure,
    GoldPerson,
    parse_partial_date,
)
from bilat.schema import EVENT_TYPES, Agreement, Event, Extraction, Figure, Person

LEVELS: tuple[str, ...] = ("type+actors", "+direction", "+date", "+location")
OTHER_METRICS: tuple[str, ...] = ("people", "people+role", "agreements", "figures")
METRICS: tuple[str, ...] = LEVELS + OTHER_METRICS

UNDIRECTED_TYPES: frozenset[str] = frozenset({"AGREE", "COOPERATE", "SUPPORT"})
CODE_ALIASES: dict[str, str] = {"SUN": "RUS"}
NAME_SUFFIXES: frozenset[str] = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Word-level spelling variants, then whole-office synonyms (matched at the end of the role, so
# "deputy foreign affairs minister" also becomes "deputy foreign minister").
ROLE_SPELLINGS: dict[str, str] = {
    "defence": "defense",
    "advisor": "adviser",
    "labor": "labour",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "programme": "program",
}
ROLE_SYNONYMS: dict[str, str] = {
    "foreign affairs minister": "foreign minister",
    "external affairs minister": "foreign minister",
    "premier": "prime minister",
}
UNIT_ALIASES: dict[str, str] = {"%": "percent", "per cent": "percent", "pct": "percent"}
FIGURE_TOLERANCE = 0.01

_MINISTER_OF = re.compile(r"^((?:first |deputy |vice |junior )*)minister (?:of|for) (?:the )?(.+)$")

T = TypeVar("T")
U = TypeVar("U")


@dataclass
class Counts:
    """True/false positives and false negatives, with the rates derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True)
class PredictedEvent:
    """The parts of a predicted event that scoring compares, with codes normalised."""

    id: str
    type: str
    source: frozenset[str]
    target: frozenset[str]
    mode: str | None = None
    date: str | None = None
    location: str | None = None
    evidence: str = ""

    @property
    def codes(self) -> frozenset[str]:
        return self.source | self.target

    @classmethod
    def from_event(cls, event: Event) -> PredictedEvent:
        return cls(
            id=event.id,
            type=event.type,
            source=codes_of(a.country for a in event.source),
            target=codes_of(a.country for a in event.target),
            mode=event.mode,
            date=event.date,
            location=event.location.name if event.location else None,
            evidence=event.evidence.text,
        )


@dataclass(frozen=True)
class NearMiss:
    """A gold event found at ``type+actors`` but lost at a stricter level (for diagnosis)."""

    gold: GoldEvent
    predicted: PredictedEvent
    lost_at: str


@dataclass
class ArticleScore:
    metrics: dict[str, Counts] = field(default_factory=lambda: {m: Counts() for m in METRICS})
    per_type: dict[str, Counts] = field(default_factory=dict)
    missed: list[GoldEvent] = field(default_factory=list)
    false: list[PredictedEvent] = field(default_factory=list)
    near_misses: list[NearMiss] = field(default_factory=list)


# --- normalisation -------------------------------------------------------------------------


def normalize_code(code: str) -> str:
    code = code.strip().upper()
    return CODE_ALIASES.get(code, code)


def codes_of(codes: Iterable[str | None]) -> frozenset[str]:
    """Normalised set of actor codes, skipping actors that have none."""
    return frozenset(normalize_code(c) for c in codes if c and c.strip())


def fold(text: str) -> str:
    """Accent- and case-free words separated by single spaces (punctuation becomes a space)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^\w]+|_", " ", bare).split())


def normalize_place(name: str) -> str:
    folded = fold(name)
    return folded[4:] if folded.startswith("the ") else folded


def last_name(name: str) -> str:
    tokens = fold(name).split()
    while tokens and tokens[-1] in NAME_SUFFIXES:
        tokens.pop()
    return tokens[-1] if tokens else ""


def normalize_role(role: str | None) -> str | None:
    """Role in one canonical spelling: "Minister of Foreign Affairs" -> "foreign minister"."""
    if role is None:
        return None
    text = " ".join(ROLE_SPELLINGS.get(w, w) for w in fold(role).split())
    match = _MINISTER_OF.match(text)
    if match:
        text = f"{match.group(1)}{match.group(2)} minister"
    for variant, canonical in ROLE_SYNONYMS.items():
        if text == variant or text.endswith(" " + variant):
            text = text[: len(text) - len(variant)] + canonical
            break
    return text or None


def normalize_unit(unit: str | None) -> str:
    text = " ".join((unit or "").casefold().split())
    return UNIT_ALIASES.get(text, text)


# --- comparisons ---------------------------------------------------------------------------


def dates_agree(gold: str | None, predicted: str | None) -> bool:
    """Whether a predicted date agrees with the gold date at the gold's precision."""
    if gold is None:
        return predicted is None
    if predicted is None:
        return False
    g, p = parse_partial_date(gold), parse_partial_date(predicted)
    if g is None or p is None:
        return False
    (gy, gm, gd), (py, pm, pd) = g, p
    if gm is None:
        return py == gy
    if gd is None:
        return (py, pm) == (gy, gm)
    if pm is None or pd is None:
        return False
    delta = datetime.date(py, pm, pd) - datetime.date(gy, gm, gd)
    return abs(delta.days) <= 1


def same_place(gold: str | None, predicted: str | None) -> bool:
    g = normalize_place(gold or "")
    if not g:
        return True
    p = normalize_place(predicted or "")
    if not p:
        return False
    return g == p or f" {g} " in f" {p} " or f" {p} " in f" {g} "


def direction_checked(event_type: str, mode: str | None) -> bool:
    if event_type == "CONSULT":
        return mode == "visit"
    return event_type not in UNDIRECTED_TYPES


@dataclass(frozen=True)
class _Gold:
    event: GoldEvent
    source: frozenset[str]
    target: frozenset[str]

    @property
    def codes(self) -> frozenset[str]:
        return self.source | self.target


def _gold_view(event: GoldEvent) -> _Gold:
    return _Gold(event, codes_of(event.source), codes_of(event.target))


def _event_agrees(gold: _Gold, pred: PredictedEvent, level: int) -> bool:
    g = gold.event
    if g.type != pred.type or gold.codes != pred.codes:
        return False
    if (
        level >= 1
        and direction_checked(g.type, g.mode)
        and (gold.source != pred.source or gold.target != pred.target)
    ):
        return False
    if level >= 2 and not dates_agree(g.date, pred.date):
        return False
    return level < 3 or same_place(g.location, pred.location)


def event_agrees(gold: GoldEvent, pred: PredictedEvent, level: str) -> bool:
    """Whether ``pred`` satisfies every condition up to ``level`` (one of :data:`LEVELS`)."""
    return _event_agrees(_gold_view(gold), pred, LEVELS.index(level))


def max_matching(
    gold_order: Sequence[int], n_pred: int, agrees: Callable[[int, int], bool]
) -> dict[int, int]:
    """Maximum one-to-one matching, gold index -> prediction index (Kuhn's augmenting paths).

    Gold items are added in ``gold_order``; an augmenting path never unmatches a gold item, so
    after each prefix the matching is maximum for that prefix. Putting required gold first thus
    maximises required matches, then total matches.
    """
    adjacency = {g: [p for p in range(n_pred) if agrees(g, p)] for g in gold_order}
    owner: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for p in adjacency[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in gold_order:
        augment(g, set())
    return {g: p for p, g in owner.items()}


def _count(gold: Sequence[T], predicted: Sequence[U], agrees: Callable[[T, U], bool]) -> Counts:
    matched = len(
        max_matching(range(len(gold)), len(predicted), lambda g, p: agrees(gold[g], predicted[p]))
    )
    return Counts(tp=matched, fp=len(predicted) - matched, fn=len(gold) - matched)


# --- per-article scoring -------------------------------------------------------------------


def scored_predictions(events: Iterable[Event]) -> list[PredictedEvent]:
    """Predicted events that count: occurred, with at least two distinct actor codes."""
    views = (PredictedEvent.from_event(e) for e in events if e.status == "occurred")
    return [v for v in views if len(v.codes) >= 2]


def scored_gold(events: Iterable[GoldEvent]) -> list[GoldEvent]:
    return [e for e in events if e.status == "occurred"]


def _agreement_at(
    gold: Sequence[_Gold], predicted: Sequence[PredictedEvent], level: int
) -> Callable[[int, int], bool]:
    return lambda g, p: _event_agrees(gold[g], predicted[p], level)


def score_events(
    gold_events: Sequence[GoldEvent], predicted: Sequence[PredictedEvent]
) -> ArticleScore:
    """Event metrics at every level, per-type counts and diagnostics (already filtered input)."""
    score = ArticleScore()
    gold = [_gold_view(e) for e in gold_events]
    order = [i for i, g in enumerate(gold_events) if g.required]
    order += [i for i, g in enumerate(gold_events) if not g.required]
    required = {i for i, g in enumerate(gold_events) if g.required}
    matchings: list[dict[int, int]] = []
    for level, name in enumerate(LEVELS):
        match = max_matching(order, len(predicted), _agreement_at(gold, predicted, level))
        matchings.append(match)
        tp = sum(1 for g in match if g in required)
        score.metrics[name] = Counts(tp=tp, fp=len(predicted) - len(match), fn=len(required) - tp)

    base = matchings[0]
    used = set(base.values())
    per_type: dict[str, Counts] = {}
    for i in sorted(required):
        counts = per_type.setdefault(gold_events[i].type, Counts())
        if i in base:
            counts.tp += 1
            lost = next((lv for lv in range(1, len(LEVELS)) if i not in matchings[lv]), None)
            if lost is not None:
                score.near_misses.append(NearMiss(gold_events[i], predicted[base[i]], LEVELS[lost]))
        else:
            counts.fn += 1
            score.missed.append(gold_events[i])
    for p, pred in enumerate(predicted):
        if p not in used:
            per_type.setdefault(pred.type, Counts()).fp += 1
            score.false.append(pred)
    score.per_type = {t: per_type[t] for t in EVENT_TYPES if t in per_type}
    return score


def people_agree(gold: GoldPerson, pred: Person, with_role: bool = False) -> bool:
    name = last_name(gold.name)
    if not name or name != last_name(pred.name):
        return False
    if codes_of([gold.country]) != codes_of([pred.country]):
        return False
    return not with_role or normalize_role(gold.role) == normalize_role(pred.role)


def agreements_agree(gold: GoldAgreement, pred: Agreement) -> bool:
    return codes_of(gold.parties) == codes_of(pred.parties) and dates_agree(gold.date, pred.date)


def figures_agree(gold: GoldFigure, pred: Figure) -> bool:
    if normalize_unit(gold.unit) != normalize_unit(pred.unit):
        return False
    if gold.value == 0:
        return pred.value == 0
    return abs(pred.value - gold.value) <= FIGURE_TOLERANCE * abs(gold.value)


def score_article(gold: GoldArticle, extraction: Extraction | None) -> ArticleScore:
    """All metrics for one article; ``None`` stands for an extraction that produced nothing."""
    events = extraction.events if extraction else []
    people = extraction.people if extraction else []
    agreements = [a for a in extraction.agreements if a.status == "occurred"] if extraction else []
    figures = extraction.figures if extraction else []

    score = score_events(scored_gold(gold.events), scored_predictions(events))
    score.metrics["people"] = _count(gold.people, people, people_agree)
    score.metrics["people+role"] = _count(
        gold.people, people, lambda g, p: people_agree(g, p, with_role=True)
    )
    score.metrics["agreements"] = _count(gold.agreements, agreements, agreements_agree)
    score.metrics["figures"] = _count(gold.figures, figures, figures_agree)
    return score
