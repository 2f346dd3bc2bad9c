"""The query layer on real databases: a SQLite file, and PostgreSQL when BILAT_TEST_POSTGRES
names a server (each test gets a schema of its own).

The corpus is built by hand from ``bilat.schema`` (no spaCy) and stored as ingest stores it:
``save_extraction``, ``learn_officials``, ``cluster_pending``. Texts, names and outlets are
invented. ``build_corpus`` is also what the CLI tests query (tests/commands).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text

from bilat.schema import (
    Actor,
    Agreement,
    ArticleMeta,
    Event,
    Evidence,
    Extraction,
    Figure,
    Location,
    Person,
)
from bilat.store import open_store, save_extraction
from bilat.store.clusters import cluster_pending
from bilat.store.officials import learn_officials
from bilat.store.query import (
    MULTIPARTY_INDEXES,
    EventFilter,
    Pair,
    QueryError,
    agreement_rows,
    article_rows,
    date_after,
    event_rows,
    figure_rows,
    fts5_query,
    has_officials,
    parse_date,
    people_rows,
    relations,
    search_rows,
)

POSTGRES = os.environ.get("BILAT_TEST_POSTGRES")

# --- the corpus ----------------------------------------------------------------------------

MINSK = Location(name="Minsk", country="BLR", geonameid=625144, lat=53.9, lon=27.57)
ANKARA = Location(name="Ankara", country="TUR", geonameid=323786, lat=39.92, lon=32.85)


class Article:
    """An invented article and the records an extractor would find in it."""

    def __init__(self, article_id: str, body: str, published: str, outlet: str,
                 title: str | None = None) -> None:
        self.id, self.text = article_id, body
        self.meta = ArticleMeta(
            id=article_id, url=f"https://{outlet.split()[0].lower()}.example/{article_id}",
            outlet=outlet, title=title, published=published, text_length=len(body),
            extractor_version="0.9.0",
        )
        self.events: list[Event] = []
        self.people: list[Person] = []
        self.agreements: list[Agreement] = []
        self.figures: list[Figure] = []

    def span(self, words: str) -> Evidence:
        start = self.text.index(words)
        return Evidence(start=start, end=start + len(words), text=words)

    def actor(self, words: str, country: str, **kw: Any) -> Actor:
        where = self.span(words)
        return Actor(name=words, country=country, start=where.start, end=where.end, **kw)

    def event(self, sentence: str, type_: str, source: list[Actor], target: list[Actor],
              **kw: Any) -> None:
        trigger = kw.pop("trigger", None)
        self.events.append(Event(
            id=f"{self.id}-e{len(self.events) + 1}", type=type_, source=source, target=target,
            evidence=self.span(sentence), trigger=self.span(trigger) if trigger else None,
            confidence=kw.pop("confidence", 0.7), **kw,
        ))

    def extraction(self) -> Extraction:
        return Extraction(article=self.meta, events=self.events, people=self.people,
                          agreements=self.agreements, figures=self.figures)


def corpus() -> list[Article]:
    a1 = Article(
        "caspian-1",
        "MINSK, Oct 4 - Azerbaijan's Prime Minister Farid Aliyar met Belarusian Prime Minister "
        "Roman Holub in Minsk on Thursday to discuss transport links. Trade between Azerbaijan "
        "and Belarus grew 39% to $300 million in eight months. The two prime ministers signed "
        "an agreement on transport corridors. Aliyar will visit Ankara next month.",
        "2024-10-04T10:00:00+04:00", "Caspian Wire", "Azerbaijani and Belarusian premiers meet",
    )
    a1.event(
        "MINSK, Oct 4 - Azerbaijan's Prime Minister Farid Aliyar met Belarusian Prime Minister "
        "Roman Holub in Minsk on Thursday to discuss transport links.",
        "CONSULT",
        [a1.actor("Farid Aliyar", "AZE", sector="GOV", person="Farid Aliyar",
                  role="Prime Minister")],
        [a1.actor("Roman Holub", "BLR", sector="GOV", person="Roman Holub",
                  role="Prime Minister")],
        mode="visit", contexts=["economic"], cameo="042", goldstein=1.9, plover_score=4.0,
        date="2024-10-03", date_precision="day", date_resolution="weekday",
        location=MINSK, trigger="met",
    )
    a1.event(
        "Aliyar will visit Ankara next month.", "CONSULT",
        [a1.actor("Aliyar", "AZE", person="Farid Aliyar")], [Actor(name="TUR", country="TUR")],
        mode="visit", cameo="042", goldstein=1.9, plover_score=4.0, date="2024-11",
        date_precision="month", status="planned", location=ANKARA,
    )
    a1.people = [
        Person(name="Farid Aliyar", role="Prime Minister", office="Prime Minister",
               country="AZE"),
        Person(name="Roman Holub", role="Prime Minister", office="Prime Minister",
               country="BLR"),
    ]
    a1.agreements = [Agreement(
        topic="transport corridors", kind="agreement", parties=["AZE", "BLR"],
        date="2024-10-03", date_precision="day",
        evidence=a1.span("The two prime ministers signed an agreement on transport corridors."),
    )]
    a1.figures = [Figure(
        indicator="trade", value=3e8, unit="USD", period="2024-01/2024-08",
        countries=["AZE", "BLR"],
        evidence=a1.span("Trade between Azerbaijan and Belarus grew 39% to $300 million"),
    )]

    a2 = Article(
        "herald-7",
        "Belarus and Azerbaijan held talks in Minsk on October 3, the government said. "
        "Roman Holub called relations with Baku [sic] excellent.",
        "2024-10-05", "Minsk Herald",
    )
    a2.event(
        "Belarus and Azerbaijan held talks in Minsk on October 3, the government said.",
        "CONSULT", [a2.actor("Belarus", "BLR")], [a2.actor("Azerbaijan", "AZE")],
        cameo="040", goldstein=1.0, plover_score=2.5, date="2024-10-03", date_precision="day",
        location=MINSK, trigger="held talks",
    )
    a2.people = [Person(name="Roman Holub", role="Prime Minister", office="Prime Minister",
                        country="BLR")]

    a3 = Article(
        "gulf-3",
        "Turkey, Azerbaijan and Belarus held trilateral talks in Ankara on November 19 on "
        "energy supplies.",
        "2024-11-20", "Gulf Post",
    )
    a3.event(
        a3.text, "CONSULT", [a3.actor("Turkey", "TUR"), a3.actor("Azerbaijan", "AZE")],
        [a3.actor("Belarus", "BLR")], mode="multilateral", cameo="040", goldstein=1.0,
        plover_score=4.0, date="2024-11-19", date_precision="day", location=ANKARA,
    )

    a4 = Article(
        "baltic-9",
        "Lithuania expelled two Belarusian diplomats on Tuesday. Vilnius accused Minsk of "
        "spying on exiles.",
        "2023-05-03", "Baltic Courier",
    )
    a4.event(
        "Lithuania expelled two Belarusian diplomats on Tuesday.", "SANCTION",
        [a4.actor("Lithuania", "LTU")], [a4.actor("Belarusian", "BLR")], mode="expel",
        cameo="1663", goldstein=-5.0, plover_score=-5.5, date="2023-05-02",
        date_precision="day", trigger="expelled",
    )
    a4.event(
        "Vilnius accused Minsk of spying on exiles.", "ACCUSE",
        [a4.actor("Vilnius", "LTU", sector="GOV")], [a4.actor("Minsk", "BLR", sector="GOV")],
        mode="allege", cameo="112", goldstein=-2.0, plover_score=-3.5, date="2023-05-02",
        date_precision="day",
    )

    a5 = Article(
        "caucasus-2",
        "Azerbaijan accused Armenia of breaking the ceasefire in 2021. Armenia rejected the "
        "claim.",
        "2022-01-15", "Caucasus Daily",
    )
    a5.event(
        "Azerbaijan accused Armenia of breaking the ceasefire in 2021.", "ACCUSE",
        [a5.actor("Azerbaijan", "AZE")], [a5.actor("Armenia", "ARM")], cameo="112",
        goldstein=-2.0, plover_score=-3.0, date="2021", date_precision="year",
    )
    a5.event(
        "Armenia rejected the claim.", "REJECT", [a5.actor("Armenia", "ARM")],
        [Actor(name="AZE", country="AZE")], cameo="120", goldstein=-4.0, plover_score=-2.0,
    )

    a6 = Article(
        "caspian-0",
        "Foreign Minister Farid Aliyar of Azerbaijan met his Georgian counterpart in Tbilisi "
        "on Thursday.",
        "2019-03-01", "Caspian Wire",
    )
    a6.event(
        a6.text, "CONSULT",
        [a6.actor("Farid Aliyar", "AZE", sector="GOV", person="Farid Aliyar",
                  role="Foreign Minister")],
        [a6.actor("Georgian", "GEO")], mode="visit", cameo="042", goldstein=1.9,
        plover_score=4.0, date="2019-02-28", date_precision="day",
        location=Location(name="Tbilisi", country="GEO", geonameid=611717, lat=41.69,
                          lon=44.83),
    )
    a6.people = [Person(name="Farid Aliyar", role="Foreign Minister",
                        office="Foreign Minister", country="AZE")]
    return [a6, a5, a4, a1, a2, a3]


def build_corpus(url: str) -> None:
    """Store the corpus as ``bilat ingest`` would."""
    store_articles(url, [(a.extraction(), a.text) for a in corpus()], learn=True)


def store_articles(url: str, articles: Iterable[tuple[Extraction, str]], *,
                   learn: bool = False) -> None:
    """Store extractions with their texts, one transaction each, clustering as they come
    (and, with ``learn``, learning officials, as ``bilat ingest`` does)."""
    engine = open_store(url)
    try:
        for extraction, text in articles:
            with engine.begin() as conn:
                save_extraction(conn, extraction, text)
                if learn:
                    learn_officials(conn, extraction)
                cluster_pending(conn)
    finally:
        engine.dispose()


# --- fixtures ------------------------------------------------------------------------------

@pytest.fixture
def store_url(empty_url: str) -> str:
    """An empty database of each engine (tests/store/conftest.py)."""
    return empty_url


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    build_corpus(store_url)
    engine = open_store(store_url)
    yield engine
    engine.dispose()


def events(engine: Engine, **kw: Any) -> list[dict[str, Any]]:
    options = {k: kw.pop(k) for k in ("reports", "sort", "reverse", "limit") if k in kw}
    with engine.connect() as conn:
        return list(event_rows(conn, EventFilter(**kw), **options))


def ids(rows: list[dict[str, Any]], key: str = "event_id") -> list[str]:
    return [r[key] for r in rows]


# --- events --------------------------------------------------------------------------------


def test_a_pair_lists_each_event_once_with_its_sources(engine: Engine) -> None:
    rows = events(engine, country="AZE", partner="BLR")
    # newest first: the trilateral talks (three parties), then the meeting two outlets told
    assert ids(rows) == ["gulf-3-e1", "caspian-1-e1"]
    meeting = rows[1]
    assert (meeting["sources"], meeting["reports"]) == (2, 2)
    assert meeting["source"] == ["AZE"] and meeting["target"] == ["BLR"]
    assert meeting["source_actors"][0]["person"] == "Farid Aliyar"
    assert meeting["location"] == "Minsk" and meeting["lat"] == pytest.approx(53.9)
    assert meeting["trigger"] == "met"
    assert meeting["url"] == "https://caspian.example/caspian-1"
    assert meeting["contexts"] == ["economic"]
    assert rows[0]["source"] == ["TUR", "AZE"] and rows[0]["target"] == ["BLR"]


def test_the_pair_is_the_same_whichever_side_is_named_first(engine: Engine) -> None:
    assert ids(events(engine, country="BLR", partner="AZE")) == ["gulf-3-e1", "caspian-1-e1"]


def test_reports_list_every_article_telling_the_event(engine: Engine) -> None:
    rows = events(engine, country="AZE", partner="BLR", reports=True)
    assert sorted(ids(rows)) == ["caspian-1-e1", "gulf-3-e1", "herald-7-e1"]
    clusters = {r["event_id"]: r["cluster_id"] for r in rows}
    assert clusters["caspian-1-e1"] == clusters["herald-7-e1"] != clusters["gulf-3-e1"]
    assert {r["outlet"] for r in rows} == {"Caspian Wire", "Minsk Herald", "Gulf Post"}


def test_a_country_is_found_on_either_side(engine: Engine) -> None:
    assert ids(events(engine, country="BLR")) == [
        "gulf-3-e1", "caspian-1-e1", "baltic-9-e2", "baltic-9-e1"]
    assert set(ids(events(engine, country="ARM"))) == {"caucasus-2-e1", "caucasus-2-e2"}


def test_filters(engine: Engine) -> None:
    assert ids(events(engine, country="BLR", types=("SANCTION", "ACCUSE"))) == [
        "baltic-9-e2", "baltic-9-e1"]  # the same day: the later stored first
    assert ids(events(engine, country="BLR", since="2024-11")) == ["gulf-3-e1"]
    assert ids(events(engine, until="2023")) == [
        "baltic-9-e2", "baltic-9-e1", "caucasus-2-e1", "caspian-0-e1"]
    assert ids(events(engine, since="2024-10-03", until="2024-10-03")) == ["caspian-1-e1"]
    assert ids(events(engine, status="planned")) == ["caspian-1-e2"]
    assert ids(events(engine, min_sources=2)) == ["caspian-1-e1"]


def test_a_coarse_date_counts_as_its_first_day(engine: Engine) -> None:
    """'2024-11' (planned visit) is on or after 2024-11-01, and before 2024-11-02."""
    assert "caspian-1-e2" in ids(events(engine, since="2024-11"))
    assert "caspian-1-e2" in ids(events(engine, until="2024-11-01"))
    assert "caspian-1-e2" not in ids(events(engine, since="2024-11-02"))


def test_search_finds_events_by_their_evidence(engine: Engine) -> None:
    assert ids(events(engine, search="spying")) == ["baltic-9-e2"]
    assert ids(events(engine, country="AZE", search="talks")) == ["gulf-3-e1", "caspian-1-e1"]


def test_sorting_and_limits(engine: Engine) -> None:
    assert ids(events(engine, sort="sources", limit=1)) == ["caspian-1-e1"]
    hostile = events(engine, sort="goldstein", limit=2)
    assert [r["goldstein"] for r in hostile] == [-5.0, -4.0]
    oldest = events(engine, reverse=True, limit=2)
    assert ids(oldest) == ["caspian-0-e1", "caucasus-2-e1"]  # '2019-02-28' < '2021'
    assert ids(events(engine))[-1] == "caucasus-2-e2"  # undated: last either way
    assert len(events(engine, reports=True)) == 9


def test_bad_filters_are_refused() -> None:
    with pytest.raises(QueryError):
        EventFilter(partner="BLR")
    with pytest.raises(QueryError):
        EventFilter(country="BLR", partner="BLR")
    with pytest.raises(QueryError):
        EventFilter(types=("MEET",))


def test_multiparty_indexes_give_the_same_answers(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The general pair path through the partial indexes (migration 0003 makes them) finds
    what the path through event_actors (a database without them) finds."""
    import bilat.store.query as query

    monkeypatch.setattr(query, "INTERSECT_MAX", 0)  # even this small pair takes the scan
    with engine.begin() as conn:
        for name in MULTIPARTY_INDEXES.values():
            conn.execute(text(f"DROP INDEX {name}"))
    with engine.connect() as conn:
        assert Pair(conn, "AZE", "BLR")._indexes == set()
    before = {
        "clusters": ids(events(engine, country="AZE", partner="BLR")),
        "reports": sorted(ids(events(engine, country="AZE", partner="BLR", reports=True))),
        "relations": _relations_counts(engine),
    }
    columns = ("actor_key, type, first_date, goldstein, plover_score, source_count, "
               "report_count, event_id")
    with engine.begin() as conn:
        conn.execute(text(f"CREATE INDEX {MULTIPARTY_INDEXES['clusters']} ON clusters "
                          f"({columns}) WHERE actor_key LIKE '%|%|%'"))
        conn.execute(text(f"CREATE INDEX {MULTIPARTY_INDEXES['events']} ON events "
                          "(actor_key, date) WHERE actor_key LIKE '%|%|%'"))
    with engine.connect() as conn:
        assert Pair(conn, "AZE", "BLR")._indexes == set(MULTIPARTY_INDEXES.values())
    assert ids(events(engine, country="AZE", partner="BLR")) == before["clusters"]
    assert sorted(ids(events(engine, country="AZE", partner="BLR", reports=True))) == (
        before["reports"])
    assert _relations_counts(engine) == before["relations"]


def _relations_counts(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        found = relations(conn, "AZE", "BLR")
    return {"summary": found.summary, "types": found.by_type,
            "meetings": ids(found.meetings)}


def test_a_query_streams_while_actors_are_read(engine: Engine) -> None:
    """Rows come in batches from an open cursor (a server-side one on PostgreSQL) while the
    actors of each batch are read on the same connection."""
    import bilat.store.query as query

    saved = query.BATCH
    query.BATCH = 2
    try:
        rows = events(engine, reports=True, sort="id")
    finally:
        query.BATCH = saved
    assert len(rows) == 9 and all(r["source"] for r in rows)


# --- people, agreements, figures, articles -------------------------------------------------


def test_people_of_a_country_with_their_offices_over_time(engine: Engine) -> None:
    with engine.connect() as conn:
        assert has_officials(conn)
        rows = list(people_rows(conn, country="AZE"))
    assert [r["name"] for r in rows] == ["Farid Aliyar"]
    offices = [(o["office"], o["first_seen"], o["last_seen"]) for o in rows[0]["offices"]]
    assert offices == [("Foreign Minister", "2019-03-01", "2019-03-01"),
                       ("Prime Minister", "2024-10-04", "2024-10-04")]
    assert rows[0]["articles"] == 2


def test_people_filters(engine: Engine) -> None:
    with engine.connect() as conn:
        assert [r["name"] for r in people_rows(conn, search="holub")] == ["Roman Holub"]
        assert [r["name"] for r in people_rows(conn, office="foreign")] == ["Farid Aliyar"]
        assert [r["name"] for r in people_rows(conn, since="2024-10-05")] == ["Roman Holub"]
        assert [r["name"] for r in people_rows(conn, sort="name")] == [
            "Farid Aliyar", "Roman Holub"]


def test_people_fall_back_to_names_in_articles(store_url: str) -> None:
    """A store whose officials were never learnt still lists the people articles name."""
    engine = open_store(store_url)
    try:
        for article in corpus():
            with engine.begin() as conn:
                save_extraction(conn, article.extraction(), article.text)
        with engine.connect() as conn:
            assert not has_officials(conn)
            rows = list(people_rows(conn, country="AZE"))
    finally:
        engine.dispose()
    assert [r["name"] for r in rows] == ["Farid Aliyar"]
    assert [o["office"] for o in rows[0]["offices"]] == ["Foreign Minister", "Prime Minister"]


def test_agreements_and_figures_of_a_pair(engine: Engine) -> None:
    with engine.connect() as conn:
        signed = list(agreement_rows(conn, country="BLR", partner="AZE"))
        assert list(agreement_rows(conn, country="BLR", partner="LTU")) == []
        assert len(list(agreement_rows(conn, country="AZE", since="2025"))) == 0
        numbers = list(figure_rows(conn, country="AZE", partner="BLR", indicator="TRADE"))
        assert list(figure_rows(conn, country="ARM")) == []
    assert [(a["topic"], a["parties"], a["sources"]) for a in signed] == [
        ("transport corridors", ["AZE", "BLR"], 1)]
    assert signed[0]["evidence"].startswith("The two prime ministers signed")
    assert [(f["value"], f["countries"], f["published"][:10]) for f in numbers] == [
        (3e8, ["AZE", "BLR"], "2024-10-04")]


def test_articles(engine: Engine) -> None:
    with engine.connect() as conn:
        everything = list(article_rows(conn))
        assert [a["id"] for a in everything][:2] == ["gulf-3", "herald-7"]
        assert {a["id"]: a["events"] for a in everything}["caspian-1"] == 2
        assert [a["id"] for a in article_rows(conn, outlet="caspian")] == [
            "caspian-1", "caspian-0"]
        assert [a["id"] for a in article_rows(conn, search="ceasefire")] == ["caucasus-2"]
        assert [a["id"] for a in article_rows(conn, country="LTU")] == ["baltic-9"]
        assert [a["id"] for a in article_rows(conn, country="AZE", partner="BLR")] == [
            "gulf-3", "herald-7", "caspian-1"]
        assert [a["id"] for a in article_rows(conn, since="2024", limit=1)] == ["gulf-3"]


# --- full-text search ----------------------------------------------------------------------


def test_search_ranks_articles_and_event_sentences(engine: Engine) -> None:
    with engine.connect() as conn:
        hits = list(search_rows(conn, "spying exiles"))
        assert {(h["kind"], h["article_id"]) for h in hits} == {
            ("article", "baltic-9"), ("event", "baltic-9")}
        assert [h["rank"] for h in hits] == [1, 2]
        event_hit = next(h for h in hits if h["kind"] == "event")
        assert event_hit["event_id"] == "baltic-9-e2" and event_hit["type"] == "ACCUSE"
        assert "«spying»" in event_hit["snippet"]
        assert [h["kind"] for h in search_rows(conn, "spying", kind="article")] == ["article"]
        assert list(search_rows(conn, "tariffs")) == []


@pytest.mark.parametrize("typed", [
    'U.S.-China "trade', "NEAR(a b)", "title:minsk", "AND", "(", '"', "minsk OR", "-x y*",
    "^belarus",
])
def test_search_survives_whatever_is_typed(engine: Engine, typed: str) -> None:
    # nothing left to search for is a clear refusal (QueryError), never a crash
    with engine.connect() as conn, contextlib.suppress(QueryError):
        list(search_rows(conn, typed))


def test_search_syntax(engine: Engine) -> None:
    with engine.connect() as conn:
        assert {h["article_id"] for h in search_rows(conn, "Minsk -Lithuania",
                                                      kind="article")} == {
            "caspian-1", "herald-7"}
        assert {h["article_id"] for h in search_rows(conn, '"trilateral talks"')} == {"gulf-3"}
        assert {h["article_id"] for h in search_rows(conn, "ceasefire OR spying")} == {
            "caucasus-2", "baltic-9"}


def test_fts5_query_quotes_every_term() -> None:
    assert fts5_query('U.S.-China "trade') == '"U.S.-China" AND "trade"'
    assert fts5_query('"free trade" OR tariffs -football pipe*') == (
        '("free trade" OR "tariffs") AND "pipe"* NOT "football"')
    assert fts5_query('say "hi""') == '"say" AND "hi"'
    with pytest.raises(QueryError):
        fts5_query("-only -negative")
    with pytest.raises(QueryError):
        fts5_query(" ?! ")


# --- relations -----------------------------------------------------------------------------


def test_relations_of_a_pair(engine: Engine) -> None:
    with engine.connect() as conn:
        found = relations(conn, "AZE", "BLR")
    assert found.pair["names"] == ["Azerbaijan", "Belarus"]
    assert found.summary["events"] == 2 and found.summary["reports"] == 3
    assert (found.summary["first_date"], found.summary["last_date"]) == (
        "2024-10-03", "2024-11-19")
    # each event's score is its representative report's: (1.9 + 1.0) / 2
    assert found.summary["goldstein"] == pytest.approx(1.45)
    assert [(t["type"], t["events"]) for t in found.by_type] == [("CONSULT", 2)]
    assert [(m["month"], m["events"], m["types"]) for m in found.by_month] == [
        ("2024-10", 1, {"CONSULT": 1}), ("2024-11", 1, {"CONSULT": 1})]
    assert found.by_month[0]["cooperation"] == 1
    assert ids(found.meetings) == ["gulf-3-e1", "caspian-1-e1"]
    assert [a["topic"] for a in found.agreements] == ["transport corridors"]
    assert [f["indicator"] for f in found.figures] == ["trade"]
    people = {p["name"]: p for p in found.people}
    assert set(people) == {"Farid Aliyar", "Roman Holub"}
    assert [o["office"] for o in people["Farid Aliyar"]["offices"]] == [
        "Foreign Minister", "Prime Minister"]
    assert found.to_dict()["summary"] == found.summary


def test_relations_in_a_period_and_of_strangers(engine: Engine) -> None:
    with engine.connect() as conn:
        later = relations(conn, "BLR", "AZE", since="2024-11")
        strangers = relations(conn, "AZE", "LTU")
        hostile = relations(conn, "LTU", "BLR")
    assert later.summary["events"] == 1 and ids(later.meetings) == ["gulf-3-e1"]
    assert later.agreements == [] and later.figures == []
    assert strangers.summary["events"] == 0 and strangers.by_month == []
    assert hostile.by_month == [{
        "month": "2023-05", "events": 2, "cooperation": 0, "conflict": 2,
        "goldstein": -3.5, "plover_score": -4.5, "types": {"ACCUSE": 1, "SANCTION": 1}}]


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "after"), [
    ("2024", "2025"), ("2024-12", "2025-01"), ("2024-02-29", "2024-03-01"),
    ("2024-12-31", "2025-01-01"), ("2024-10-03", "2024-10-04"),
])
def test_date_after(value: str, after: str) -> None:
    assert parse_date(value) == value
    assert date_after(value) == after


@pytest.mark.parametrize("value", ["24", "2024-13", "2024-02-30", "2024/10/03", "yesterday"])
def test_bad_dates(value: str) -> None:
    with pytest.raises(QueryError):
        parse_date(value)
