"""What the corpus learns about people: officials named with an office and a country in one
article are kept (name variants, offices, first and last dates seen) and resolve bare names in
later articles.

An official is a (name, country) pair: "Ali Asadov" of Azerbaijan. A person of an extraction
is matched to a known official by any stored variant of the name within the same country, so
one official collects every office the corpus has seen them hold ("Foreign Minister" from 2019,
"Prime Minister" from 2024). Counts are recomputed from the ``people`` rows that point at the
official, so re-extracting an article never counts it twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select, update

from bilat.knowledge.officeholders import Holding, normalise_name
from bilat.schema import Extraction, Person
from bilat.store.schema import official_names, official_offices, officials, people

SECTOR = "GOV"  # learnt officials hold state offices; the sector CAMEO gives government
ORIGIN = "corpus"


@dataclass(frozen=True)
class Learnt:
    """A newly learnt (official, office) pair, ready to join the extractor's knowledge."""

    name: str
    country: str
    office: str
    first_seen: str | None


def learn_officials(conn: Connection, extraction: Extraction) -> list[Learnt]:
    """Record the article's officials; link its ``people`` rows to them.

    Only people with a country and an office (or a written role) are officials. Returns the
    offices learnt for the first time from the text itself (not those the knowledge base gave,
    which the extractor already knows), so a running ingest can resolve them from now on.
    """
    meta = extraction.article
    seen = (meta.published or "")[:10] or None
    learnt: list[Learnt] = []
    for position, person in enumerate(extraction.people):
        office = person.office or person.role
        if not person.country or not office:
            continue
        official_id = _find_or_create(conn, person, person.country, seen)
        is_new = _record_office(conn, official_id, office, person.role, seen)
        if is_new and person.source == "text":
            learnt.append(Learnt(person.name, person.country, office, seen))
        conn.execute(
            update(people)
            .where(people.c.article_id == meta.id, people.c.position == position)
            .values(official_id=official_id)
        )
        _recount(conn, official_id)
    return learnt


def find_official(conn: Connection, name: str, country: str | None = None) -> int | None:
    """The id of the official known by this name (in this country), if any.

    A surname alone finds the one official of the country whose name ends with it
    ("Osmonaliev" → "Temir Osmonaliev"), and a full name finds an official known so far by
    the surname alone; when two officials share the surname, neither is chosen.
    """
    key = normalise_name(name)
    found = _officials_named(conn, official_names.c.name_key == key, country)
    if found:
        return found[0]
    words = key.split()
    if len(words) == 1:
        found = _officials_named(conn, official_names.c.name_key.endswith(" " + key), country)
    else:
        found = _officials_named(conn, official_names.c.name_key == words[-1], country)
    return found[0] if len(found) == 1 else None


def _officials_named(conn: Connection, condition: Any, country: str | None) -> list[int]:
    query = (
        select(official_names.c.official_id)
        .join(officials, officials.c.id == official_names.c.official_id)
        .where(condition)
    )
    if country:
        query = query.where(officials.c.country == country)
    return sorted(set(conn.execute(query).scalars()))


def _find_or_create(conn: Connection, person: Person, country: str, seen: str | None) -> int:
    official_id = find_official(conn, person.name, country)
    if official_id is None:
        created = conn.execute(
            officials.insert().values(
                name=person.name, country=country, first_seen=seen, last_seen=seen,
                article_count=0,
            )
        ).inserted_primary_key
        assert created is not None
        official_id = int(created[0])
    else:
        row = conn.execute(
            select(officials.c.name, officials.c.first_seen, officials.c.last_seen).where(
                officials.c.id == official_id
            )
        ).one()
        conn.execute(
            update(officials)
            .where(officials.c.id == official_id)
            .values(
                name=person.name if len(person.name) > len(row.name) else row.name,
                first_seen=_earliest(row.first_seen, seen),
                last_seen=_latest(row.last_seen, seen),
            )
        )
    key = normalise_name(person.name)
    known = conn.execute(
        select(official_names.c.name_key).where(
            official_names.c.official_id == official_id, official_names.c.name_key == key
        )
    ).first()
    if known is None and key:
        conn.execute(
            official_names.insert().values(official_id=official_id, name_key=key,
                                           name=person.name)
        )
    return official_id


def _record_office(
    conn: Connection, official_id: int, office: str, role: str | None, seen: str | None
) -> bool:
    """Note the office held on ``seen``; True when the official was not known in it."""
    row = conn.execute(
        select(official_offices.c.first_seen, official_offices.c.last_seen).where(
            official_offices.c.official_id == official_id, official_offices.c.office == office
        )
    ).first()
    if row is None:
        conn.execute(
            official_offices.insert().values(
                official_id=official_id, office=office, role=role, first_seen=seen,
                last_seen=seen, article_count=1,
            )
        )
        return True
    conn.execute(
        update(official_offices)
        .where(official_offices.c.official_id == official_id, official_offices.c.office == office)
        .values(
            role=role or official_offices.c.role,
            first_seen=_earliest(row.first_seen, seen),
            last_seen=_latest(row.last_seen, seen),
            article_count=official_offices.c.article_count + 1,
        )
    )
    return False


def _recount(conn: Connection, official_id: int) -> None:
    count = conn.execute(
        select(func.count(func.distinct(people.c.article_id))).where(
            people.c.official_id == official_id
        )
    ).scalar_one()
    conn.execute(update(officials).where(officials.c.id == official_id).values(
        article_count=count))


def _earliest(a: str | None, b: str | None) -> str | None:
    return min((d for d in (a, b) if d), default=None)


def _latest(a: str | None, b: str | None) -> str | None:
    return max((d for d in (a, b) if d), default=None)


def as_holding(learnt: Learnt) -> Holding:
    """A learnt office as the extractor's knowledge base holds offices: in force from the
    first article that named it, with no end (the corpus cannot tell when it ended)."""
    return Holding(
        name=learnt.name,
        role=learnt.office,
        country=learnt.country,
        sector=SECTOR,
        start=_to_date(learnt.first_seen),
        end=None,
        origin=ORIGIN,
    )


def learnt_holdings(conn: Connection) -> Iterator[tuple[Holding, list[str]]]:
    """Every office the corpus has learnt, with the official's name variants as aliases."""
    variants: dict[int, list[str]] = {}
    for official_id, name in conn.execute(
        select(official_names.c.official_id, official_names.c.name)
    ):
        variants.setdefault(official_id, []).append(name)
    rows = conn.execute(
        select(
            officials.c.id,
            officials.c.name,
            officials.c.country,
            official_offices.c.office,
            official_offices.c.first_seen,
        ).join(official_offices, official_offices.c.official_id == officials.c.id)
    )
    for row in rows:
        holding = as_holding(Learnt(row.name, row.country, row.office, row.first_seen))
        yield holding, variants.get(row.id, [])


def _to_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


__all__ = ["Learnt", "as_holding", "find_official", "learn_officials", "learnt_holdings"]
