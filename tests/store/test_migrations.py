"""Schema versions: a database made by an older bilat opens in this one, data intact."""

from __future__ import annotations

import json

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, select, text

from bilat.store import metadata, open_store
from bilat.store.clusters import cluster_pending
from bilat.store.migrate import (
    HEAD_REVISION,
    _config,
    current_revision,
    head_revision,
    include_object,
    upgrade,
)
from bilat.store.schema import agreements, clusters, events, mentions, people

OLD_TEXT = "Envoys of Chile and Norway met in Oslo on Monday and signed a salmon accord."


def test_the_known_head_is_the_newest_script() -> None:
    assert head_revision() == HEAD_REVISION


def test_newest_schema_is_what_the_model_describes(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": True}
        )
        differences = [
            d for d in compare_metadata(context, metadata)
            # SQLite keeps no column comments; PostgreSQL does and they match
            if not (isinstance(d, list) and d and d[0][0] == "modify_comment")
        ]
    assert differences == []


def _first_revision_database(url: str) -> Engine:
    """A database as bilat's first store made it, with one article in it."""
    engine = create_engine(url)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO articles (id, content_hash, url, title, published, text,"
                " text_length, extractor_version, ingested_at)"
                " VALUES ('old1', 'h1', 'https://old.example/1', 'Salmon accord', '2024-05-06',"
                " :text, :length, '0.1.0', '2024-05-07T00:00:00+00:00')"
            ),
            {"text": OLD_TEXT, "length": len(OLD_TEXT)},
        )
        conn.execute(
            text(
                "INSERT INTO events (id, article_id, position, type, date, date_precision,"
                " status, negated, evidence_start, evidence_end, evidence_text, mentions,"
                " confidence) VALUES ('old1-e1', 'old1', 0, 'CONSULT', '2024-05-06', 'day',"
                " 'occurred', false, 0, 40, :evidence, :mentions, 0.7)"
            ),
            {"evidence": OLD_TEXT[:40], "mentions": json.dumps([[41, 60]])},
        )
        conn.execute(
            text(
                "INSERT INTO event_actors (event_id, side, position, name, country) VALUES"
                " ('old1-e1', 'source', 0, 'Chile', 'CHL'),"
                " ('old1-e1', 'target', 0, 'Norway', 'NOR')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO people (article_id, position, name, country, source, mentions)"
                " VALUES ('old1', 0, 'Ana Rojas', 'CHL', 'text', :mentions)"
            ),
            {"mentions": json.dumps([[3, 9], [20, 25]])},
        )
        conn.execute(
            text(
                "INSERT INTO agreements (article_id, position, topic, kind, parties, status)"
                " VALUES ('old1', 0, 'Salmon Accord', 'agreement', 'NOR,CHL', 'occurred')"
            )
        )
    return engine


def test_a_first_revision_database_is_upgraded_with_its_data(empty_url: str) -> None:
    old = _first_revision_database(empty_url)
    assert current_revision(old) == "0001"
    old.dispose()

    engine = open_store(empty_url)
    try:
        assert current_revision(engine) == head_revision()
        with engine.begin() as conn:
            assert conn.execute(select(events.c.id, events.c.actor_key)).all() == [
                ("old1-e1", "CHL|NOR")
            ]
            assert sorted(
                tuple(r) for r in conn.execute(
                    select(mentions.c.kind, mentions.c.ref, mentions.c.start, mentions.c.end)
                )
            ) == [("event", "old1-e1", 41, 60), ("person", "0", 3, 9), ("person", "0", 20, 25)]
            assert conn.execute(select(people.c.name)).scalars().all() == ["Ana Rojas"]
            assert conn.execute(select(agreements.c.party_key, agreements.c.topic_key)).one() == (
                "CHL|NOR",
                "salmon accord",
            )
            # the old reports join clusters like new ones
            stats = cluster_pending(conn)
            assert (stats.events, stats.agreements) == (1, 1)
            assert conn.execute(select(clusters.c.actor_key)).scalars().all() == ["CHL|NOR"]
            # and the old article is still found by full-text search
            if engine.dialect.name == "sqlite":
                found = conn.execute(
                    text("SELECT article_id FROM fulltext WHERE fulltext MATCH 'salmon'")
                ).scalars().all()
            else:
                found = conn.execute(
                    text("SELECT id FROM articles"
                         " WHERE search @@ websearch_to_tsquery('english', 'salmon')")
                ).scalars().all()
            assert "old1" in found
    finally:
        engine.dispose()


def test_a_database_from_before_schema_versions_is_recognised(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'pre.db'}"
    old = _first_revision_database(url)
    with old.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    assert current_revision(old) is None
    old.dispose()
    engine = open_store(url)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.execute(select(events.c.actor_key)).scalar() == "CHL|NOR"
    engine.dispose()


def test_downgrade_and_upgrade_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = open_store(str(tmp_path / "round.db"))
    with engine.connect() as conn:
        conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        with conn.begin():
            command.downgrade(_config(conn), "0001")
    assert current_revision(engine) == "0001"
    assert "officials" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert "officials" in inspect(engine).get_table_names()
    engine.dispose()


def test_opening_an_up_to_date_database_writes_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ro.db"
    open_store(str(path)).dispose()
    path.chmod(0o444)
    # read-only URI: any write would fail, so opening must not try one
    engine = open_store(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert current_revision(engine) == head_revision()
    engine.dispose()
