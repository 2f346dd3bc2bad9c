"""The database schema, defined once in SQLAlchemy Core for SQLite and PostgreSQL.

Columns mirror ``bilat.schema``: nested records are flattened (``location_name``,
``evidence_start``...), lists of codes (agreement parties, figure countries, event contexts) are
stored comma-joined, and further mentions of events and people are rows of ``mentions``.
Reports of the same event from different articles share a row of ``clusters`` (agreements: of
``agreement_clusters``); officials learnt across articles live in ``officials`` with their name
variants and offices. Dates stay ISO text at their own
precision so that ``2024-10`` and ``2024-10-03`` sort and compare as the extractor wrote them.

Changing anything here needs a migration (``bilat/store/migrations/versions``). Every row below
an article is deleted with it (``ON DELETE CASCADE``), so re-extracting an
article is: delete it, save the new extraction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    text,
)

# Stable constraint names, so later migrations can refer to them on both engines.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

SIDES = ("source", "target")


def _evidence(prefix: str = "evidence") -> list[Column[Any]]:
    return [
        Column(f"{prefix}_start", Integer),
        Column(f"{prefix}_end", Integer),
        Column(f"{prefix}_text", Text),
    ]


def _location() -> list[Column[Any]]:
    """A flattened ``bilat.schema.Location``."""
    return [
        Column("location_name", Text),
        Column("location_country", Text),
        Column("geonameid", Integer),
        Column("lat", Float),
        Column("lon", Float),
    ]


sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", Text, nullable=False, comment="'file', 'folder', 'feed', 'warc' or 'stdin'"),
    Column("location", Text, nullable=False, unique=True, comment="Path or URL as given"),
    Column("first_ingested", Text, nullable=False, comment="ISO 8601 UTC"),
    Column("last_ingested", Text, nullable=False, comment="ISO 8601 UTC"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Text, primary_key=True, comment="Article id: the source's, else a content hash"),
    Column(
        "content_hash",
        Text,
        nullable=False,
        unique=True,
        comment="bilat.article.content_id(text): the same text is stored once",
    ),
    Column("url", Text, unique=True),
    Column("outlet", Text),
    Column("title", Text),
    Column("author", Text),
    Column("published", Text, comment="ISO 8601 as known"),
    Column("language", Text),
    Column("source", Text, comment="File (and line, record) it was read from"),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="SET NULL")),
    Column("record", Text, comment="Record within the source: WARC-Record-ID, feed entry id"),
    Column("record_offset", Integer, comment="Byte offset of the WARC record"),
    Column("retrieved", Text, comment="ISO 8601 time the page was fetched"),
    Column("text", Text, nullable=False),
    Column("text_length", Integer, nullable=False),
    Column("extractor_version", Text, nullable=False),
    Column("warnings", Text, comment="JSON list of the extraction's warnings"),
    Column("ingested_at", Text, nullable=False, comment="ISO 8601 UTC"),
    Column("fts_rowid", Integer, comment="Row of the SQLite full-text index (set by trigger)"),
    Index("ix_articles_published", "published"),
    Index("ix_articles_extractor_version", "extractor_version"),
    Index("ix_articles_source_id", "source_id"),
)

MULTIPARTY_KEYS = "actor_key LIKE '%|%|%'"  # events with three or more parties


def _multiparty_index(name: str, *columns: str) -> Index:
    """A partial index over the rows of events with three or more parties (both engines)."""
    return Index(name, *columns, sqlite_where=text(MULTIPARTY_KEYS),
                 postgresql_where=text(MULTIPARTY_KEYS))


_CLUSTER_SUMMARY = (
    "actor_key", "type", "first_date", "goldstein", "plover_score", "source_count",
    "report_count", "event_id",
)

clusters = Table(
    "clusters",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("type", Text, nullable=False),
    Column(
        "actor_key",
        Text,
        nullable=False,
        comment="Sorted actor countries of both sides, e.g. 'AZE|TUR'",
    ),
    Column("first_date", Text),
    Column("last_date", Text),
    Column("source_count", Integer, nullable=False, default=0),
    Column("report_count", Integer, nullable=False, default=0, comment="Events in the cluster"),
    Column("event_id", Text, comment="The representative report (earliest, most confident)"),
    Column("status", Text),
    Column("location_name", Text),
    Column("geonameid", Integer),
    Column("goldstein", Float),
    Column("plover_score", Float),
    Index("ix_clusters_type_actor_key", "type", "actor_key"),
    Index("ix_clusters_first_date", "first_date"),
    # A pair's clusters and what its dossier counts, straight from the index (no table rows);
    # the partial copy makes the three-or-more-party path a small scan (bilat.store.query).
    Index("ix_clusters_actor_key_type", *_CLUSTER_SUMMARY),
    _multiparty_index("ix_clusters_multiparty", *_CLUSTER_SUMMARY),
)

events = Table(
    "events",
    metadata,
    Column("id", Text, primary_key=True, comment="Article id + ordinal"),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False, comment="Order within the article, from 0"),
    Column("type", Text, nullable=False),
    Column("mode", Text),
    Column("contexts", Text, comment="Comma-joined PLOVER contexts"),
    Column("cameo", Text),
    Column("goldstein", Float),
    Column("plover_score", Float),
    Column("date", Text),
    Column("date_precision", Text),
    Column("date_resolution", Text),
    Column("date_text", Text),
    *_location(),
    Column("status", Text, nullable=False),
    Column("negated", Boolean, nullable=False, default=False),
    *_evidence(),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("confidence", Float, nullable=False),
    Column(
        "actor_key",
        Text,
        nullable=False,
        server_default="",
        comment="Sorted distinct actor countries (else names) of both sides: the merging key",
    ),
    Column("cluster_id", Integer, ForeignKey("clusters.id", ondelete="SET NULL")),
    Column("fts_rowid", Integer, comment="Row of the SQLite full-text index (set by trigger)"),
    Index("ix_events_date", "date"),
    Index("ix_events_type_date", "type", "date"),
    Index("ix_events_type_actor_key_date", "type", "actor_key", "date"),
    Index("ix_events_cluster_id", "cluster_id"),
    Index("ix_events_article_id", "article_id"),
    _multiparty_index("ix_events_multiparty", "actor_key", "date"),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", Text, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("side", Text, primary_key=True, comment="'source' or 'target'"),
    Column("position", Integer, primary_key=True, comment="Order within the side, from 0"),
    Column("name", Text, nullable=False),
    Column("country", Text),
    Column("sector", Text),
    Column("person", Text),
    Column("role", Text),
    Column("start", Integer),
    Column("end", Integer),
    Index("ix_event_actors_country_event_id", "country", "event_id"),
)

people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("role", Text),
    Column("office", Text),
    Column("country", Text),
    Column("source", Text, nullable=False, comment="'text' or 'knowledge-base'"),
    Column("official_id", Integer, ForeignKey("officials.id", ondelete="SET NULL")),
    UniqueConstraint("article_id", "position", name="uq_people_article_position"),
    Index("ix_people_country_name", "country", "name"),
    Index("ix_people_name", "name"),
    Index("ix_people_official_id", "official_id"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("kind", Text, nullable=False, comment="'person' or 'event'"),
    Column("ref", Text, nullable=False, comment="Event id, or the person's position"),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_mentions_article_id_kind_ref", "article_id", "kind", "ref"),
)

agreement_clusters = Table(
    "agreement_clusters",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("topic_key", Text, nullable=False, comment="Normalised topic: the merging key"),
    Column("party_key", Text, nullable=False, comment="Sorted parties, e.g. 'AZE|BLR'"),
    Column("topic", Text, nullable=False, comment="The topic as the representative report has it"),
    Column("kind", Text, nullable=False),
    Column("date", Text),
    Column("source_count", Integer, nullable=False, default=0),
    Column("report_count", Integer, nullable=False, default=0),
    Index("ix_agreement_clusters_party_key_topic_key", "party_key", "topic_key"),
    Index("ix_agreement_clusters_date", "date"),
)

agreements = Table(
    "agreements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("topic", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("parties", Text, nullable=False, comment="Comma-joined country codes"),
    Column("date", Text),
    Column("date_precision", Text),
    *_location(),
    Column("status", Text, nullable=False),
    *_evidence(),
    Column("topic_key", Text, nullable=False, server_default=""),
    Column("party_key", Text, nullable=False, server_default=""),
    Column("cluster_id", Integer, ForeignKey("agreement_clusters.id", ondelete="SET NULL")),
    UniqueConstraint("article_id", "position", name="uq_agreements_article_position"),
    Index("ix_agreements_date", "date"),
    Index("ix_agreements_cluster_id", "cluster_id"),
    Index("ix_agreements_party_key_topic_key", "party_key", "topic_key"),
)

figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("indicator", Text, nullable=False),
    Column("value", Float, nullable=False),
    Column("unit", Text, nullable=False),
    Column("period", Text),
    Column("countries", Text, nullable=False, comment="Comma-joined country codes"),
    *_evidence(),
    UniqueConstraint("article_id", "position", name="uq_figures_article_position"),
    Index("ix_figures_indicator", "indicator"),
    Index("ix_figures_countries", "countries"),
)

officials = Table(
    "officials",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False, comment="Fullest form seen"),
    Column("country", Text, nullable=False),
    Column("first_seen", Text, comment="Earliest article date naming them"),
    Column("last_seen", Text),
    Column("article_count", Integer, nullable=False, default=0),
    Index("ix_officials_country_name", "country", "name"),
)

official_names = Table(
    "official_names",
    metadata,
    Column("official_id", Integer, ForeignKey("officials.id", ondelete="CASCADE"),
           primary_key=True),
    Column("name_key", Text, primary_key=True, comment="knowledge.officeholders.normalise_name"),
    Column("name", Text, nullable=False, comment="The variant as written"),
    Index("ix_official_names_name_key", "name_key"),
)

official_offices = Table(
    "official_offices",
    metadata,
    Column("official_id", Integer, ForeignKey("officials.id", ondelete="CASCADE"),
           primary_key=True),
    Column("office", Text, primary_key=True, comment="Normalised office, else the role written"),
    Column("role", Text, comment="The role as last written"),
    Column("first_seen", Text),
    Column("last_seen", Text),
    Column("article_count", Integer, nullable=False, default=0),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", Text),
    Column("started", Text, nullable=False, comment="ISO 8601 UTC"),
    Column("finished", Text),
    Column("status", Text, comment="'running', 'finished', 'failed' or 'interrupted'"),
    Column("extractor_version", Text),
    Column("counts", Text, comment="JSON object: read, new, duplicate, failed, events..."),
)


def join_codes(codes: list[str]) -> str:
    """``['AZE', 'TUR']`` → ``'AZE,TUR'`` (codes never contain commas)."""
    return ",".join(codes)


def split_codes(joined: str | None) -> list[str]:
    return [code for code in (joined or "").split(",") if code]
