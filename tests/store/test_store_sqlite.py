"""The SQLite store on a real file: schema, WAL, idempotent saves, rows as extracted, FTS5.

Extractions are built by hand from ``bilat.schema`` (no spaCy); the article text is invented.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.schema import CreateIndex, CreateTable

from bilat.schema import (
    Actor,
    Agreement,
    ArticleMeta,
    Event,
    Evidence,
    Extraction,
    Figure,
    Location,
    Mention,
    Person,
)
from bilat.store import StoreError, metadata, open_store, resolve_url, save_extraction
from bilat.store.schema import (
    agreements,
    articles,
    event_actors,
    events,
    figures,
    mentions,
    people,
    split_codes,
)

TEXT = (
    "OSLO, March 4 - Norway's Foreign Minister Ola Vikstrand met his Chilean counterpart "
    "Ana Rojas Ferrer in Oslo on Monday to discuss salmon quotas and polar research. "
    "The two ministers signed a memorandum of understanding on Antarctic science. "
    "Trade between the countries reached $1.2 billion last year."
)
OTHER_TEXT = (
    "Peru's trade minister Luis Quispe Salas warned Ecuador about a tariff on bananas, "
    "saying the levy would hurt growers on both sides of the border."
)


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def evidence(text: str, words: str) -> Evidence:
    start, end = span(text, words)
    return Evidence(start=start, end=end, text=text[start:end])


def make_extraction(
    text: str = TEXT, article_id: str = "a1", url: str | None = "https://news.example/oslo-1"
) -> Extraction:
    meeting = text[: text.index("research.") + len("research.")]
    vik = span(text, "Ola Vikstrand")
    rojas = span(text, "Ana Rojas Ferrer")
    return Extraction(
        article=ArticleMeta(
            id=article_id,
            url=url,
            outlet="Example News",
            title="Norway and Chile talk salmon",
            author="K. Writer",
            published="2025-03-04T09:30:00+01:00",
            language="en",
            source="inbox/oslo.txt",
            text_length=len(text),
            extractor_version="9.9.9",
        ),
        events=[
            Event(
                id=f"{article_id}-e1",
                type="CONSULT",
                mode="visit",
                contexts=["economic", "environment"],
                cameo="040",
                goldstein=1.0,
                plover_score=1.5,
                source=[
                    Actor(
                        name="Ola Vikstrand",
                        country="NOR",
                        sector="GOV",
                        person="Ola Vikstrand",
                        role="Foreign Minister",
                        start=vik[0],
                        end=vik[1],
                    ),
                ],
                target=[
                    Actor(
                        name="Ana Rojas Ferrer",
                        country="CHL",
                        sector="GOV",
                        person="Ana Rojas Ferrer",
                        role="counterpart",
                        start=rojas[0],
                        end=rojas[1],
                    ),
                    Actor(name="CHL", country="CHL"),
                ],
                date="2025-03-03",
                date_precision="day",
                date_resolution="weekday",
                date_text="on Monday",
                location=Location(
                    name="Oslo", country="NOR", geonameid=3143244, lat=59.91, lon=10.75
                ),
                evidence=Evidence(start=0, end=len(meeting), text=meeting),
                trigger=evidence(text, "met"),
                mentions=[evidence(text, "The two ministers signed")],
                confidence=0.7,
            ),
            Event(
                id=f"{article_id}-e2",
                type="AGREE",
                source=[Actor(name="NOR", country="NOR")],
                target=[Actor(name="CHL", country="CHL")],
                status="planned",
                negated=True,
                evidence=evidence(text, "The two ministers signed a memorandum"),
            ),
        ],
        people=[
            Person(
                name="Ola Vikstrand",
                role="Foreign Minister",
                office="Foreign Minister",
                country="NOR",
                mentions=[Mention(start=vik[0], end=vik[1])],
            ),
            Person(name="Ana Rojas Ferrer", country="CHL", source="knowledge-base"),
        ],
        agreements=[
            Agreement(
                topic="Antarctic science",
                kind="mou",
                parties=["NOR", "CHL"],
                date="2025-03-03",
                date_precision="day",
                location=Location(name="Oslo", country="NOR"),
                evidence=evidence(text, "signed a memorandum of understanding on Antarctic"),
            )
        ],
        figures=[
            Figure(
                indicator="trade",
                value=1.2e9,
                unit="USD",
                period="2024",
                countries=["NOR", "CHL"],
                evidence=evidence(text, "Trade between the countries reached $1.2 billion"),
            )
        ],
        warnings=["example warning"],
    )


def minimal_extraction(text: str, article_id: str, url: str | None = None) -> Extraction:
    return Extraction(
        article=ArticleMeta(
            id=article_id, url=url, text_length=len(text), extractor_version="9.9.9"
        ),
        events=[
            Event(
                id=f"{article_id}-e1",
                type="THREATEN",
                source=[Actor(name="Peru", country="PER")],
                target=[Actor(name="Ecuador", country="ECU")],
                evidence=evidence(text, "warned Ecuador about a tariff on bananas"),
            )
        ],
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "corpus.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Engine]:
    engine = open_store(f"sqlite:///{db_path}")
    yield engine
    engine.dispose()


def count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def save(engine: Engine, extraction: Extraction, body: str = TEXT) -> bool:
    with engine.connect() as conn:
        return save_extraction(conn, extraction, body)


# --- opening -------------------------------------------------------------------------------


def test_tables_and_indexes_created(store: Engine, db_path: Path) -> None:
    assert db_path.exists()
    inspector = inspect(store)
    names = set(inspector.get_table_names())
    expected = {
        "articles",
        "events",
        "event_actors",
        "people",
        "agreements",
        "figures",
        "clusters",
        "runs",
        "fulltext",
    }
    assert expected <= names
    index_columns = {
        table: [ix["column_names"] for ix in inspector.get_indexes(table)]
        for table in ("articles", "events", "event_actors")
    }
    assert ["published"] in index_columns["articles"]
    assert ["date"] in index_columns["events"]
    assert ["cluster_id"] in index_columns["events"]
    assert ["type", "date"] in index_columns["events"]
    assert ["country", "event_id"] in index_columns["event_actors"]


def test_wal_and_foreign_keys_on_every_connection(store: Engine, db_path: Path) -> None:
    with store.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    # The mode is the file's: a plain sqlite3 connection sees it too.
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def test_foreign_keys_are_enforced(store: Engine) -> None:
    with pytest.raises(IntegrityError), store.begin() as conn:
        conn.execute(
            events.insert(),
            {
                "id": "x-e1",
                "article_id": "missing",
                "position": 0,
                "type": "AID",
                "status": "occurred",
                "negated": False,
                "confidence": 0.5,
            },
        )


def test_default_url_is_bilat_db_in_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BILAT_DB", raising=False)
    assert resolve_url(None) == f"sqlite:///{tmp_path.resolve() / 'bilat.db'}"
    engine = open_store(None)
    try:
        assert save(engine, make_extraction())
    finally:
        engine.dispose()
    assert (tmp_path / "bilat.db").exists()


def test_bilat_db_variable_as_path_or_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILAT_DB", str(tmp_path / "from-env.db"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'from-env.db'}"
    monkeypatch.setenv("BILAT_DB", "sqlite:///elsewhere.db")
    assert resolve_url(None) == "sqlite:///elsewhere.db"
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_bad_url_is_a_store_error() -> None:
    with pytest.raises(StoreError):
        open_store("nosuchdialect://x")


def test_reopening_keeps_data(db_path: Path) -> None:
    first = open_store(f"sqlite:///{db_path}")
    assert save(first, make_extraction())
    first.dispose()
    second = open_store(str(db_path))  # a plain path works as well
    try:
        assert count(second, "articles") == 1
        assert count(second, "events") == 2
        assert not save(second, make_extraction())
    finally:
        second.dispose()


# --- idempotent saving ---------------------------------------------------------------------


def test_save_twice_is_stored_once(store: Engine) -> None:
    assert save(store, make_extraction()) is True
    assert save(store, make_extraction()) is False
    assert count(store, "articles") == 1
    assert count(store, "events") == 2
    assert count(store, "event_actors") == 5
    assert count(store, "people") == 2
    assert count(store, "agreements") == 1
    assert count(store, "figures") == 1


def test_same_id_with_other_url_is_a_duplicate(store: Engine) -> None:
    assert save(store, make_extraction())
    assert not save(store, make_extraction(url="https://mirror.example/other"))
    assert count(store, "articles") == 1


def test_same_url_with_other_id_and_text_is_a_duplicate(store: Engine) -> None:
    assert save(store, make_extraction(url="https://news.example/x"))
    other = minimal_extraction(OTHER_TEXT, "b1", url="https://news.example/x")
    assert not save(store, other, OTHER_TEXT)
    assert count(store, "articles") == 1
    assert count(store, "events") == 2


def test_same_text_under_another_id_is_a_duplicate(store: Engine) -> None:
    assert save(store, make_extraction(article_id="a1", url=None))
    assert not save(store, make_extraction(article_id="copy", url=None))
    assert count(store, "articles") == 1


def test_articles_without_url_do_not_collide(store: Engine) -> None:
    assert save(store, make_extraction(url=None))
    assert save(store, minimal_extraction(OTHER_TEXT, "b1"), OTHER_TEXT)
    assert count(store, "articles") == 2


def test_inside_an_outer_transaction_uses_a_savepoint(store: Engine) -> None:
    with store.begin() as conn:
        assert save_extraction(conn, make_extraction(), TEXT)
        assert not save_extraction(conn, make_extraction(), TEXT)
        assert save_extraction(conn, minimal_extraction(OTHER_TEXT, "b1"), OTHER_TEXT)
    assert count(store, "articles") == 2


def test_a_failed_save_writes_nothing(store: Engine) -> None:
    broken = make_extraction()
    broken.events[1].id = broken.events[0].id  # duplicate primary key, found mid-write
    with pytest.raises(IntegrityError):
        save(store, broken)
    for table in ("articles", "events", "event_actors", "people", "fulltext"):
        assert count(store, table) == 0
    assert save(store, make_extraction())  # and the store is still usable


def test_a_failed_save_in_an_outer_transaction_keeps_earlier_work(store: Engine) -> None:
    broken = minimal_extraction(OTHER_TEXT, "b1")
    broken.events.append(broken.events[0].model_copy())
    with store.begin() as conn:
        assert save_extraction(conn, make_extraction(), TEXT)
        with pytest.raises(IntegrityError):
            save_extraction(conn, broken, OTHER_TEXT)
    assert count(store, "articles") == 1
    assert count(store, "events") == 2


def test_text_must_be_the_extracted_text(store: Engine) -> None:
    with pytest.raises(ValueError, match="characters"):
        save(store, make_extraction(), TEXT + " more")


# --- rows as extracted ---------------------------------------------------------------------


def test_rows_match_the_extraction(store: Engine) -> None:
    extraction = make_extraction()
    assert save(store, extraction)
    meta = extraction.article
    with store.connect() as conn:
        article = conn.execute(select(articles)).mappings().one()
        assert article["id"] == meta.id
        assert article["url"] == meta.url
        assert article["outlet"] == meta.outlet
        assert article["title"] == meta.title
        assert article["author"] == meta.author
        assert article["published"] == meta.published
        assert article["source"] == meta.source
        assert article["text"] == TEXT
        assert article["text_length"] == len(TEXT)
        assert article["extractor_version"] == "9.9.9"
        assert json.loads(article["warnings"]) == ["example warning"]
        assert article["ingested_at"].startswith("20")

        rows = conn.execute(select(events).order_by(events.c.position)).mappings().all()
        assert [r["id"] for r in rows] == ["a1-e1", "a1-e2"]
        first, second = rows
        e1 = extraction.events[0]
        assert (first["type"], first["mode"], first["cameo"]) == ("CONSULT", "visit", "040")
        assert split_codes(first["contexts"]) == e1.contexts
        assert (first["goldstein"], first["plover_score"]) == (1.0, 1.5)
        assert (first["date"], first["date_precision"], first["date_resolution"]) == (
            "2025-03-03",
            "day",
            "weekday",
        )
        assert first["date_text"] == "on Monday"
        assert (first["location_name"], first["location_country"], first["geonameid"]) == (
            "Oslo",
            "NOR",
            3143244,
        )
        assert (first["lat"], first["lon"]) == (59.91, 10.75)
        assert (first["status"], first["negated"], first["confidence"]) == ("occurred", False, 0.7)
        assert first["evidence_text"] == TEXT[first["evidence_start"] : first["evidence_end"]]
        assert first["evidence_text"] == e1.evidence.text
        assert e1.trigger is not None
        assert (first["trigger_start"], first["trigger_end"]) == (e1.trigger.start, e1.trigger.end)
        stored_mentions = conn.execute(
            select(mentions.c.kind, mentions.c.ref, mentions.c.start, mentions.c.end)
            .order_by(mentions.c.kind, mentions.c.start)
        ).all()
        assert [tuple(m) for m in stored_mentions] == [
            ("event", "a1-e1", m.start, m.end) for m in e1.mentions
        ] + [("person", "0", m.start, m.end) for m in extraction.people[0].mentions]
        assert first["actor_key"] == "CHL|NOR"
        assert first["cluster_id"] is None
        assert (second["status"], second["negated"]) == ("planned", True)
        assert second["location_name"] is None and second["contexts"] is None

        actors = (
            conn.execute(
                select(event_actors)
                .where(event_actors.c.event_id == "a1-e1")
                .order_by(event_actors.c.side, event_actors.c.position)
            )
            .mappings()
            .all()
        )
        assert [(a["side"], a["position"], a["name"], a["country"]) for a in actors] == [
            ("source", 0, "Ola Vikstrand", "NOR"),
            ("target", 0, "Ana Rojas Ferrer", "CHL"),
            ("target", 1, "CHL", "CHL"),
        ]
        assert actors[0]["person"] == "Ola Vikstrand"
        assert actors[0]["role"] == "Foreign Minister"
        assert actors[0]["sector"] == "GOV"
        assert TEXT[actors[1]["start"] : actors[1]["end"]] == "Ana Rojas Ferrer"
        assert actors[2]["start"] is None

        persons = conn.execute(select(people).order_by(people.c.position)).mappings().all()
        assert [(p["name"], p["office"], p["country"], p["source"]) for p in persons] == [
            ("Ola Vikstrand", "Foreign Minister", "NOR", "text"),
            ("Ana Rojas Ferrer", None, "CHL", "knowledge-base"),
        ]
        assert persons[0]["article_id"] == "a1"

        agreement = conn.execute(select(agreements)).mappings().one()
        assert (agreement["topic"], agreement["kind"], agreement["status"]) == (
            "Antarctic science",
            "mou",
            "occurred",
        )
        assert agreement["parties"] == "NOR,CHL"
        assert (agreement["party_key"], agreement["topic_key"]) == ("CHL|NOR", "antarctic science")
        assert split_codes(agreement["parties"]) == ["NOR", "CHL"]
        assert agreement["location_name"] == "Oslo"
        assert agreement["evidence_text"] == extraction.agreements[0].evidence.text

        figure = conn.execute(select(figures)).mappings().one()
        assert (figure["indicator"], figure["value"], figure["unit"], figure["period"]) == (
            "trade",
            1.2e9,
            "USD",
            "2024",
        )
        assert split_codes(figure["countries"]) == ["NOR", "CHL"]
        assert figure["evidence_text"] == TEXT[figure["evidence_start"] : figure["evidence_end"]]


def test_deleting_an_article_removes_everything_below_it(store: Engine) -> None:
    assert save(store, make_extraction())
    assert save(store, minimal_extraction(OTHER_TEXT, "b1"), OTHER_TEXT)
    with store.begin() as conn:
        conn.execute(articles.delete().where(articles.c.id == "a1"))
    assert count(store, "articles") == 1
    assert count(store, "events") == 1
    assert count(store, "event_actors") == 2
    for table in ("people", "agreements", "figures"):
        assert count(store, table) == 0
    with store.connect() as conn:
        refs = conn.exec_driver_sql("SELECT ref FROM fulltext ORDER BY ref").scalars().all()
    assert refs == ["b1", "b1-e1"]
    # ... and it can then be stored again (what reprocessing will do)
    assert save(store, make_extraction())


# --- full text -----------------------------------------------------------------------------


def fulltext(engine: Engine, query: str) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT kind, ref FROM fulltext WHERE fulltext MATCH :q ORDER BY kind, ref"),
            {"q": query},
        )
        return [(kind, ref) for kind, ref in rows]


def test_fulltext_finds_a_word_of_the_evidence(store: Engine) -> None:
    assert save(store, make_extraction())
    assert save(store, minimal_extraction(OTHER_TEXT, "b1"), OTHER_TEXT)
    assert fulltext(store, "bananas") == [("article", "b1"), ("event", "b1-e1")]
    assert fulltext(store, "memorandum") == [("article", "a1"), ("event", "a1-e2")]
    # Only the article text has the trade figure sentence; the title is indexed as well.
    assert fulltext(store, "billion") == [("article", "a1")]
    assert fulltext(store, "talk") == [("article", "a1")]
    # Stemmed: "discussing" finds "discuss"; accents do not matter.
    assert ("event", "a1-e1") in fulltext(store, "discussing")
    assert fulltext(store, "férrer") == fulltext(store, "ferrer")
    with store.connect() as conn:
        matched = (
            conn.execute(
                select(events.c.id)
                .join_from(events, text("fulltext"), text("fulltext.rowid = events.fts_rowid"))
                .where(text("fulltext MATCH 'salmon'"))
            )
            .scalars()
            .all()
        )
    assert matched == ["a1-e1"]
    assert fulltext(store, "nonexistentword") == []


def test_fulltext_follows_updates(store: Engine) -> None:
    assert save(store, make_extraction())
    with store.begin() as conn:
        conn.execute(events.update().where(events.c.id == "a1-e2").values(evidence_text="penguins"))
    assert fulltext(store, "penguins") == [("event", "a1-e2")]
    assert fulltext(store, "memorandum") == [("article", "a1")]
    with store.connect() as conn:
        total = conn.execute(select(func.count()).select_from(text("fulltext"))).scalar_one()
    assert total == 3  # one article, two events: no stale rows


# --- one definition for both engines -------------------------------------------------------


def test_schema_compiles_for_postgresql() -> None:
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    for table in metadata.sorted_tables:
        ddl = str(CreateTable(table).compile(dialect=dialect))
        assert table.name in ddl
        for index in table.indexes:
            str(CreateIndex(index).compile(dialect=dialect))
    assert '"end" INTEGER' in str(CreateTable(event_actors).compile(dialect=dialect))
