"""A country's partners and places (bilat.store.country) on real databases: a SQLite file,
and PostgreSQL when BILAT_TEST_POSTGRES names a server (tests/store/conftest.py).

The corpus is the invented one of test_query.py, plus one article whose actors and place
carry strings that are not country codes (a name-only actor, markup as a 'country')."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_query import build_corpus  # noqa: E402

from bilat.schema import Actor, ArticleMeta, Event, Evidence, Extraction, Location  # noqa: E402
from bilat.store import open_store, save_extraction  # noqa: E402
from bilat.store.clusters import cluster_pending  # noqa: E402
from bilat.store.country import partners, places  # noqa: E402

ODD_TEXT = "Azerbaijan and the rebels met in Oddtown. Azerbaijan warned the <b> group."
ODD_PLACE = "Oddtown <script>alert(1)</script>"


def odd_extraction() -> Extraction:
    first, second = ODD_TEXT.split(". ")
    return Extraction(
        article=ArticleMeta(id="odd-1", url="https://odd.example/1", outlet="Odd Times",
                            published="2024-12-02", text_length=len(ODD_TEXT),
                            extractor_version="0.9.0"),
        events=[
            Event(id="odd-1-e1", type="CONSULT",
                  source=[Actor(name="Azerbaijan", country="AZE")],
                  target=[Actor(name="rebels", country=None)],  # no code: the key holds the name
                  evidence=Evidence(start=0, end=len(first) + 1, text=first + "."),
                  date="2024-12-01", date_precision="day", goldstein=1.0, plover_score=1.0,
                  location=Location(name=ODD_PLACE, country="XXX", lat=10.5, lon=-20.25),
                  confidence=0.5),
            Event(id="odd-1-e2", type="THREATEN",
                  source=[Actor(name="Azerbaijan", country="AZE")],
                  target=[Actor(name="<b> group", country="<b>")],
                  evidence=Evidence(start=len(first) + 2, end=len(ODD_TEXT),
                                    text=second),
                  date="2024-12-01", date_precision="day", goldstein=-4.0,
                  plover_score=-6.0, confidence=0.5),
        ],
    )


@pytest.fixture
def corpus(empty_url: str) -> Iterator[Engine]:
    build_corpus(empty_url)
    engine = open_store(empty_url)
    with engine.begin() as conn:
        save_extraction(conn, odd_extraction(), ODD_TEXT)
        cluster_pending(conn)
    yield engine
    engine.dispose()


def _partners(engine: Engine, code: str, limit: int = 30) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return partners(conn, code, limit)


def _places(engine: Engine, code: str, limit: int = 200) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return places(conn, code, limit)


def test_partners_count_clusters_with_scores(corpus: Engine) -> None:
    rows = _partners(corpus, "AZE")
    # ARM, BLR, TUR: 2 events each (ties by code); GEO 1; names without a code are no partner
    assert [r["partner"] for r in rows] == ["ARM", "BLR", "TUR", "GEO"]
    by = {r["partner"]: r for r in rows}
    # the Minsk meeting two outlets told is one cluster; the trilateral talks count for BLR
    assert by["BLR"] == {"partner": "BLR", "events": 2, "cooperation": 2, "conflict": 0,
                         "goldstein": 1.45,  # of the representative reports
                         "plover_score": pytest.approx(3.62, abs=0.01),
                         "last_date": "2024-11-19"}
    assert by["ARM"]["conflict"] == 2 and by["ARM"]["cooperation"] == 0
    assert by["ARM"]["goldstein"] == -3.0 and by["ARM"]["plover_score"] == -2.5
    assert by["ARM"]["last_date"] == "2021"  # the undated rejection has no date
    assert by["TUR"]["events"] == 2 and by["TUR"]["last_date"] == "2024-11-19"
    assert by["GEO"] == {"partner": "GEO", "events": 1, "cooperation": 1, "conflict": 0,
                         "goldstein": 1.9, "plover_score": 4.0, "last_date": "2019-02-28"}


def test_a_three_party_event_counts_for_each_partner(corpus: Engine) -> None:
    assert {r["partner"]: r["events"] for r in _partners(corpus, "TUR")} == {
        "AZE": 2, "BLR": 1}
    assert {r["partner"]: r["events"] for r in _partners(corpus, "BLR")} == {
        "AZE": 2, "LTU": 2, "TUR": 1}


def test_partners_limit_and_unknown_countries(corpus: Engine) -> None:
    assert [r["partner"] for r in _partners(corpus, "AZE", limit=2)] == ["ARM", "BLR"]
    assert _partners(corpus, "AZE", limit=0) == []
    assert _partners(corpus, "NZL") == []
    # markup stored as an actor's 'country' is nobody's partner (not even of its own event)
    assert all(r["partner"] != "<b>" for r in _partners(corpus, "AZE", limit=100))


def test_places_count_located_events(corpus: Engine) -> None:
    rows = _places(corpus, "AZE")
    assert [(r["name"], r["events"], r["reports"]) for r in rows] == [
        ("Ankara", 2, 2),  # the planned visit and the trilateral talks
        ("Minsk", 1, 2),  # one meeting, two reports
        (ODD_PLACE, 1, 1),
        ("Tbilisi", 1, 1),
    ]
    minsk = rows[1]
    assert minsk["country"] == "BLR" and minsk["lat"] == pytest.approx(53.9)
    assert minsk["lon"] == pytest.approx(27.57) and minsk["last_date"] == "2024-10-03"
    assert [r["name"] for r in _places(corpus, "AZE", limit=1)] == ["Ankara"]
    assert _places(corpus, "AZE", limit=0) == []


def test_places_only_of_the_countrys_events(corpus: Engine) -> None:
    assert [r["name"] for r in _places(corpus, "TUR")] == ["Ankara"]
    assert _places(corpus, "ARM") == []  # its events have no place
    assert _places(corpus, "LTU") == []
    assert _places(corpus, "NZL") == []


def test_the_queries_start_from_the_country_index(corpus: Engine) -> None:
    """Both functions reach the events through the (country, event_id) index of
    event_actors, and the events and clusters by primary key (no scan of a whole table)."""
    if corpus.dialect.name != "sqlite":
        pytest.skip("the plan is checked on SQLite")
    statements: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
               executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(corpus, "before_cursor_execute", record)
    try:
        _partners(corpus, "AZE")
        _places(corpus, "AZE")
    finally:
        event.remove(corpus, "before_cursor_execute", record)
    assert len(statements) == 2
    with corpus.connect() as conn:
        for statement, parameters in statements:
            plan = " | ".join(str(row[-1]) for row in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, parameters))
            assert "ix_event_actors_country_event_id" in plan, plan
            assert "SCAN events" not in plan and "SCAN clusters" not in plan, plan


def test_the_corpus_has_the_odd_keys(corpus: Engine) -> None:
    """The premise of the tests above: merging keys that hold a name and markup."""
    with corpus.connect() as conn:
        keys = {k for (k,) in conn.execute(text("SELECT actor_key FROM clusters"))}
    assert any("rebels" in k for k in keys) and any("<b>" in k for k in keys), keys
