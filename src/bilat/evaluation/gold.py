"""Gold annotations (``NNN.gold.json``) and the articles they annotate.

A gold folder holds ``NNN.gold.json`` files with the article beside each one as ``NNN.json``,
``NNN.txt`` or ``NNN.html``. Parsing is strict: a malformed gold file would silently distort every
score computed from it, so it fails loudly with the file named.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bilat.schema import EVENT_TYPES

if TYPE_CHECKING:
    from bilat.article import Article

GOLD_SUFFIX = ".gold.json"
ARTICLE_SUFFIXES: tuple[str, ...] = (".json", ".txt", ".html", ".htm")
STATUSES: frozenset[str] = frozenset({"occurred", "planned", "hypothetical"})
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ].*)?)?)?$")


class GoldFormatError(ValueError):
    """A gold file that does not follow the annotation format."""


@dataclass(frozen=True)
class GoldEvent:
    type: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    mode: str | None = None
    date: str | None = None
    location: str | None = None
    status: str = "occurred"
    required: bool = True
    evidence: str = ""


@dataclass(frozen=True)
class GoldPerson:
    name: str
    role: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class GoldAgreement:
    parties: tuple[str, ...]
    date: str | None = None
    topic: str = ""
    kind: str | None = None


@dataclass(frozen=True)
class GoldFigure:
    value: float
    unit: str | None
    indicator: str = ""
    period: str | None = None
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldArticle:
    id: str
    published: str | None = None
    events: tuple[GoldEvent, ...] = ()
    people: tuple[GoldPerson, ...] = ()
    agreements: tuple[GoldAgreement, ...] = ()
    figures: tuple[GoldFigure, ...] = ()


@dataclass(frozen=True)
class GoldCase:
    """One gold file, parsed, with the article file found beside it (None if there is none)."""

    gold: GoldArticle
    gold_path: Path
    article_path: Path | None


def _str_or_none(value: Any, what: str) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    raise GoldFormatError(f"{what} must be a string or null, got {value!r}")


def _codes(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise GoldFormatError(f"{what} must be a list of actor codes, got {value!r}")
    return tuple(value)


def _records(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    items = data.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
        raise GoldFormatError(f"{key!r} must be a list of objects")
    return items


def parse_partial_date(text: str) -> tuple[int, int | None, int | None] | None:
    """``(year, month, day)`` from ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a longer ISO date-time
    counts as its day); None when the text is none of these or not a real calendar date."""
    match = _DATE_RE.match(text.strip())
    if match is None:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month, day


def _date(value: Any, what: str) -> str | None:
    text = _str_or_none(value, what)
    if text is not None and parse_partial_date(text) is None:
        raise GoldFormatError(f"{what} must be YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    return text


def parse_gold(data: Mapping[str, Any], default_id: str = "") -> GoldArticle:
    """Build a :class:`GoldArticle` from the decoded JSON of one gold file."""
    events = []
    for i, e in enumerate(_records(data, "events")):
        where = f"events[{i}]"
        if e.get("type") not in EVENT_TYPES:
            raise GoldFormatError(f"{where}.type is not a PLOVER type: {e.get('type')!r}")
        status = e.get("status", "occurred")
        if status not in STATUSES:
            raise GoldFormatError(f"{where}.status is not one of {sorted(STATUSES)}: {status!r}")
        required = e.get("required", True)
        if not isinstance(required, bool):
            raise GoldFormatError(f"{where}.required must be true or false")
        events.append(
            GoldEvent(
                type=e["type"],
                source=_codes(e.get("source"), f"{where}.source"),
                target=_codes(e.get("target"), f"{where}.target"),
                mode=_str_or_none(e.get("mode"), f"{where}.mode"),
                date=_date(e.get("date"), f"{where}.date"),
                location=_str_or_none(e.get("location"), f"{where}.location"),
                status=status,
                required=required,
                evidence=_str_or_none(e.get("evidence"), f"{where}.evidence") or "",
            )
        )
    people = [
        GoldPerson(
            name=_str_or_none(p.get("name"), f"people[{i}].name") or "",
            role=_str_or_none(p.get("role"), f"people[{i}].role"),
            country=_str_or_none(p.get("country"), f"people[{i}].country"),
        )
        for i, p in enumerate(_records(data, "people"))
    ]
    agreements = [
        GoldAgreement(
            parties=_codes(a.get("parties"), f"agreements[{i}].parties"),
            date=_date(a.get("date"), f"agreements[{i}].date"),
            topic=_str_or_none(a.get("topic"), f"agreements[{i}].topic") or "",
            kind=_str_or_none(a.get("kind"), f"agreements[{i}].kind"),
        )
        for i, a in enumerate(_records(data, "agreements"))
    ]
    figures = []
    for i, f in enumerate(_records(data, "figures")):
        value = f.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise GoldFormatError(f"figures[{i}].value must be a number, got {value!r}")
        countries = f.get("countries") or []
        figures.append(
            GoldFigure(
                value=float(value),
                unit=_str_or_none(f.get("unit"), f"figures[{i}].unit"),
                indicator=_str_or_none(f.get("indicator"), f"figures[{i}].indicator") or "",
                period=_str_or_none(f.get("period"), f"figures[{i}].period"),
                countries=_codes(countries, f"figures[{i}].countries"),
            )
        )
    gold_id = data.get("id", default_id)
    return GoldArticle(
        id=str(gold_id) if gold_id is not None else default_id,
        published=_str_or_none(data.get("published"), "published"),
        events=tuple(events),
        people=tuple(people),
        agreements=tuple(agreements),
        figures=tuple(figures),
    )


def gold_stem(path: Path) -> str:
    """``NNN`` for ``NNN.gold.json``: the name shared with the article file."""
    name = path.name
    return name[: -len(GOLD_SUFFIX)] if name.endswith(GOLD_SUFFIX) else path.stem


def load_gold(path: Path) -> GoldArticle:
    """Read and parse one gold file; errors name the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, Mapping):
            raise GoldFormatError("top level must be a JSON object")
        return parse_gold(data, default_id=gold_stem(path))
    except (OSError, json.JSONDecodeError, GoldFormatError, KeyError) as exc:
        raise GoldFormatError(f"{path}: {exc}") from exc


def find_article_file(gold_path: Path) -> Path | None:
    """The article beside a gold file, trying ``.json`` before ``.txt`` and ``.html``."""
    stem = gold_stem(gold_path)
    for suffix in ARTICLE_SUFFIXES:
        candidate = gold_path.with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def load_gold_dir(gold_dir: Path) -> list[GoldCase]:
    """Every gold file in ``gold_dir`` (sorted by name), each with its article path."""
    if not gold_dir.is_dir():
        raise FileNotFoundError(f"gold folder not found: {gold_dir}")
    return [
        GoldCase(gold=load_gold(path), gold_path=path, article_path=find_article_file(path))
        for path in sorted(gold_dir.glob("*" + GOLD_SUFFIX))
    ]


def read_article(path: Path, published: str | None = None) -> Article:
    """Read one article file with the project's readers.

    ``published`` (the gold's publication date) is passed only for plain text and HTML, which
    cannot carry their own; an article JSON keeps the date it states. Raises ``ValueError`` when
    the reader reports an input error or yields nothing.
    """
    # Lazy: the readers are developed separately and need not exist for scoring to import.
    from bilat.article import Article
    from bilat.readers import iter_articles

    paths: Sequence[str] = [str(path)]
    default = None if path.suffix.lower() == ".json" else published
    for item in iter_articles(paths, published=default):
        if isinstance(item, Article):
            return item
        raise ValueError(str(item))
    raise ValueError(f"{path}: no article read")
