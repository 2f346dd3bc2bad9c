"""Writing extractions to the store: one article and everything found in it, atomically."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, or_, select
from sqlalchemy.exc import IntegrityError

from bilat.article import content_id
from bilat.schema import Actor, Agreement, Event, Evidence, Extraction, Figure, Location, Person
from bilat.store.clusters import clusters_of_article, recluster
from bilat.store.keys import actor_key, party_key, topic_key
from bilat.store.schema import (
    SIDES,
    agreements,
    articles,
    event_actors,
    events,
    figures,
    join_codes,
    mentions,
    people,
)


@dataclass(frozen=True)
class Provenance:
    """Where an article was read: the ingest source row and the record within it."""

    source_id: int | None = None
    record: str | None = None
    record_offset: int | None = None
    retrieved: str | None = None


def stored_article_id(
    conn: Connection, article_id: str, url: str | None, content_hash: str | None = None
) -> str | None:
    """The id of a stored article with this id, URL or content hash, if there is one."""
    conditions = [articles.c.id == article_id]
    if url:
        conditions.append(articles.c.url == url)
    if content_hash:
        conditions.append(articles.c.content_hash == content_hash)
    return conn.execute(select(articles.c.id).where(or_(*conditions)).limit(1)).scalar()


def save_extraction(
    conn: Connection, extraction: Extraction, text: str, provenance: Provenance | None = None
) -> bool:
    """Store one article (with its ``text``) and its events, actors, people, agreements, figures.

    Idempotent: an article already stored under the same id, URL or text is left as it is and
    ``False`` is returned. Otherwise everything is written in one transaction (a SAVEPOINT when
    ``conn`` is already in a transaction, which the caller then commits) and ``True`` returned.
    """
    meta = extraction.article
    if len(text) != meta.text_length:
        raise ValueError(
            f"article {meta.id}: text has {len(text)} characters, the extraction {meta.text_length}"
        )
    content_hash = content_id(text)
    transaction = conn.begin_nested() if conn.in_transaction() else conn.begin()
    with transaction:
        if stored_article_id(conn, meta.id, meta.url, content_hash) is not None:
            return False
        try:
            with conn.begin_nested():
                _insert(conn, extraction, text, content_hash, provenance or Provenance())
        except IntegrityError:
            # Another writer stored the same article in between: still a duplicate.
            if stored_article_id(conn, meta.id, meta.url, content_hash) is not None:
                return False
            raise
    return True


def delete_article(conn: Connection, article_id: str) -> bool:
    """Remove an article and everything found in it, and regroup the clusters it was in (a
    cluster can fall apart when a report that joined it goes). False if it was not stored."""
    event_clusters, agreement_clusters = clusters_of_article(conn, article_id)
    deleted = conn.execute(delete(articles).where(articles.c.id == article_id)).rowcount
    if deleted:
        recluster(conn, event_clusters, agreement_clusters)
    return bool(deleted)


def _insert(
    conn: Connection, extraction: Extraction, text: str, content_hash: str, where: Provenance
) -> None:
    meta = extraction.article
    conn.execute(
        articles.insert(),
        {
            "id": meta.id,
            "content_hash": content_hash,
            "url": meta.url or None,
            "outlet": meta.outlet,
            "title": meta.title,
            "author": meta.author,
            "published": meta.published,
            "language": meta.language,
            "source": meta.source,
            "source_id": where.source_id,
            "record": where.record,
            "record_offset": where.record_offset,
            "retrieved": where.retrieved,
            "text": text,
            "text_length": meta.text_length,
            "extractor_version": meta.extractor_version,
            "warnings": json.dumps(extraction.warnings) if extraction.warnings else None,
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
        },
    )
    if extraction.events:
        conn.execute(
            events.insert(),
            [_event_row(meta.id, i, e) for i, e in enumerate(extraction.events)],
        )
        actor_rows = [
            _actor_row(e.id, side, i, actor)
            for e in extraction.events
            for side, actors in zip(SIDES, (e.source, e.target), strict=True)
            for i, actor in enumerate(actors)
        ]
        if actor_rows:
            conn.execute(event_actors.insert(), actor_rows)
    if extraction.people:
        conn.execute(
            people.insert(),
            [_person_row(meta.id, i, p) for i, p in enumerate(extraction.people)],
        )
    if extraction.agreements:
        conn.execute(
            agreements.insert(),
            [_agreement_row(meta.id, i, a) for i, a in enumerate(extraction.agreements)],
        )
    mention_rows = [
        {"article_id": meta.id, "kind": "event", "ref": e.id, "start": m.start, "end": m.end}
        for e in extraction.events
        for m in e.mentions
    ] + [
        {"article_id": meta.id, "kind": "person", "ref": str(i), "start": m.start, "end": m.end}
        for i, p in enumerate(extraction.people)
        for m in p.mentions
    ]
    if mention_rows:
        conn.execute(mentions.insert(), mention_rows)
    if extraction.figures:
        conn.execute(
            figures.insert(),
            [_figure_row(meta.id, i, f) for i, f in enumerate(extraction.figures)],
        )


def _location_columns(location: Location | None) -> dict[str, Any]:
    if location is None:
        return {
            "location_name": None,
            "location_country": None,
            "geonameid": None,
            "lat": None,
            "lon": None,
        }
    return {
        "location_name": location.name,
        "location_country": location.country,
        "geonameid": location.geonameid,
        "lat": location.lat,
        "lon": location.lon,
    }


def _evidence_columns(evidence: Evidence) -> dict[str, Any]:
    return {
        "evidence_start": evidence.start,
        "evidence_end": evidence.end,
        "evidence_text": evidence.text,
    }


def _event_row(article_id: str, position: int, e: Event) -> dict[str, Any]:
    return {
        "id": e.id,
        "article_id": article_id,
        "position": position,
        "type": e.type,
        "mode": e.mode,
        "contexts": join_codes(e.contexts) or None,
        "cameo": e.cameo,
        "goldstein": e.goldstein,
        "plover_score": e.plover_score,
        "date": e.date,
        "date_precision": e.date_precision,
        "date_resolution": e.date_resolution,
        "date_text": e.date_text,
        **_location_columns(e.location),
        "status": e.status,
        "negated": e.negated,
        **_evidence_columns(e.evidence),
        "trigger_start": e.trigger.start if e.trigger else None,
        "trigger_end": e.trigger.end if e.trigger else None,
        "confidence": e.confidence,
        "actor_key": actor_key([*e.source, *e.target]),
        "cluster_id": None,
    }


def _actor_row(event_id: str, side: str, position: int, a: Actor) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "side": side,
        "position": position,
        "name": a.name,
        "country": a.country,
        "sector": a.sector,
        "person": a.person,
        "role": a.role,
        "start": a.start,
        "end": a.end,
    }


def _person_row(article_id: str, position: int, p: Person) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "position": position,
        "name": p.name,
        "role": p.role,
        "office": p.office,
        "country": p.country,
        "source": p.source,
    }


def _agreement_row(article_id: str, position: int, a: Agreement) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "position": position,
        "topic": a.topic,
        "kind": a.kind,
        "parties": join_codes(a.parties),
        "date": a.date,
        "date_precision": a.date_precision,
        **_location_columns(a.location),
        "status": a.status,
        **_evidence_columns(a.evidence),
        "topic_key": topic_key(a.topic),
        "party_key": party_key(a.parties),
        "cluster_id": None,
    }


def _figure_row(article_id: str, position: int, f: Figure) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "position": position,
        "indicator": f.indicator,
        "value": f.value,
        "unit": f.unit,
        "period": f.period,
        "countries": join_codes(f.countries),
        **_evidence_columns(f.evidence),
    }
