"""Hand-built extractions for store tests: no spaCy, invented text, only what a test needs."""

from __future__ import annotations

from dataclasses import dataclass

from bilat.schema import (
    Actor,
    Agreement,
    ArticleMeta,
    Event,
    Evidence,
    Extraction,
    Location,
    Person,
)

BODY = "Officials of the two governments met and signed papers, a spokesperson said."


@dataclass(frozen=True)
class Report:
    """One event report: what merging looks at."""

    type: str = "CONSULT"
    source: str = "AZE"
    target: str = "GEO"
    date: str | None = "2025-03-11"
    precision: str | None = "day"
    place: str | None = None
    place_country: str | None = None


def evidence(text: str = BODY) -> Evidence:
    return Evidence(start=0, end=len(text), text=text)


def event(article_id: str, n: int, r: Report) -> Event:
    return Event(
        id=f"{article_id}-e{n}",
        type=r.type,  # type: ignore[arg-type]
        source=[Actor(name=r.source, country=r.source)],
        target=[Actor(name=r.target, country=r.target)],
        date=r.date,
        date_precision=r.precision,  # type: ignore[arg-type]
        location=Location(name=r.place, country=r.place_country) if r.place else None,
        evidence=evidence(),
        goldstein=1.0,
        plover_score=2.0,
        confidence=0.7,
    )


def extraction(
    article_id: str,
    reports: list[Report] = (),  # type: ignore[assignment]
    *,
    people: list[Person] = (),  # type: ignore[assignment]
    agreements: list[Agreement] = (),  # type: ignore[assignment]
    published: str = "2025-03-12",
    url: str | None = None,
) -> Extraction:
    return Extraction(
        article=ArticleMeta(
            id=article_id,
            url=url,
            published=published,
            text_length=len(text_of(article_id)),
            extractor_version="0.0.1",
        ),
        events=[event(article_id, i, r) for i, r in enumerate(reports, 1)],
        people=list(people),
        agreements=list(agreements),
    )


def text_of(article_id: str) -> str:
    """Every test article has the same words but its own text (texts are stored once)."""
    return f"{BODY} [{article_id}]"


def agreement(topic: str, parties: list[str], date: str | None = None,
              precision: str | None = None) -> Agreement:
    return Agreement(
        topic=topic, kind="agreement", parties=parties, date=date,
        date_precision=precision,  # type: ignore[arg-type]
        evidence=evidence(),
    )
