"""Merging reports of one event from different articles into clusters, on both engines."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from store_factory import Report, agreement, extraction, text_of

from bilat.store import open_store, save_extraction
from bilat.store.clusters import cluster_pending, places_compatible
from bilat.store.schema import agreement_clusters, agreements, clusters, events
from bilat.store.schema import articles as article_table
from bilat.store.write import delete_article


def ingest(engine: Engine, article_id: str, reports: list[Report], **kw: object) -> None:
    with engine.begin() as conn:
        save_extraction(conn, extraction(article_id, reports, **kw), text_of(article_id))  # type: ignore[arg-type]
        cluster_pending(conn)


def groups(engine: Engine) -> set[frozenset[str]]:
    """The partition of event ids into clusters (cluster ids themselves do not matter)."""
    with engine.connect() as conn:
        rows = conn.execute(select(events.c.id, events.c.cluster_id)).all()
    found: dict[int, set[str]] = {}
    for event_id, cluster_id in rows:
        assert cluster_id is not None, f"{event_id} has no cluster"
        found.setdefault(cluster_id, set()).add(event_id)
    return {frozenset(g) for g in found.values()}


def cluster_rows(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(clusters).order_by(clusters.c.id))]


def test_two_outlets_one_meeting_one_cluster(engine: Engine) -> None:
    ingest(engine, "a", [Report(place="Baku")])
    # the other outlet has the sides the other way round and the next day (time zones)
    ingest(engine, "b", [Report(source="GEO", target="AZE", date="2025-03-12", place="Baku")])
    assert groups(engine) == {frozenset({"a-e1", "b-e1"})}
    [row] = cluster_rows(engine)
    assert row["source_count"] == 2 and row["report_count"] == 2
    assert row["first_date"] == "2025-03-11" and row["last_date"] == "2025-03-12"
    assert row["actor_key"] == "AZE|GEO" and row["type"] == "CONSULT"
    assert row["location_name"] == "Baku"
    assert row["event_id"] in {"a-e1", "b-e1"}


@pytest.mark.parametrize(
    "other",
    [
        Report(date="2025-03-13"),  # two days apart
        Report(type="AGREE"),
        Report(target="ARM"),
        Report(place="Tbilisi", place_country="GEO"),  # another city
        Report(date="2025-03", precision="month"),  # precision differs
    ],
)
def test_different_events_stay_apart(engine: Engine, other: Report) -> None:
    ingest(engine, "a", [Report(place="Baku", place_country="AZE")])
    ingest(engine, "b", [other])
    assert len(groups(engine)) == 2


def test_undated_reports_are_never_merged(engine: Engine) -> None:
    ingest(engine, "a", [Report(date=None, precision=None)])
    ingest(engine, "b", [Report(date=None, precision=None)])
    assert len(groups(engine)) == 2


def test_reports_of_one_article_are_not_merged_with_each_other(engine: Engine) -> None:
    ingest(engine, "a", [Report(), Report(date="2025-03-12")])
    assert len(groups(engine)) == 2


def test_a_country_holds_its_cities(engine: Engine) -> None:
    ingest(engine, "a", [Report(place="Azerbaijan", place_country="AZE")])
    ingest(engine, "b", [Report(place="Baku", place_country="AZE")])
    assert len(groups(engine)) == 1


def test_a_report_bridging_two_clusters_joins_them(engine: Engine) -> None:
    ingest(engine, "a", [Report(date="2025-03-10")])
    ingest(engine, "b", [Report(date="2025-03-12")])
    assert len(groups(engine)) == 2
    ingest(engine, "c", [Report(date="2025-03-11")])
    assert groups(engine) == {frozenset({"a-e1", "b-e1", "c-e1"})}
    [row] = cluster_rows(engine)
    assert row["source_count"] == 3


def test_removing_the_bridge_splits_the_cluster_again(engine: Engine) -> None:
    for article_id, day in (("a", "10"), ("b", "12"), ("c", "11")):
        ingest(engine, article_id, [Report(date=f"2025-03-{day}")])
    with engine.begin() as conn:
        assert delete_article(conn, "c")
    assert groups(engine) == {frozenset({"a-e1"}), frozenset({"b-e1"})}
    assert sorted(r["source_count"] for r in cluster_rows(engine)) == [1, 1]


def test_status_is_occurred_once_any_report_says_so(engine: Engine) -> None:
    ingest(engine, "a", [Report()])
    with engine.begin() as conn:
        conn.execute(events.update().values(status="planned"))
    ingest(engine, "b", [Report()])
    [row] = cluster_rows(engine)
    assert row["status"] == "occurred"


def test_agreements_merge_by_parties_and_topic(engine: Engine) -> None:
    ingest(engine, "a", [], agreements=[agreement("Visa-free travel", ["AZE", "GEO"],
                                                  "2025-03-11", "day")])
    ingest(engine, "b", [], agreements=[agreement("visa free travel", ["GEO", "AZE"])])
    ingest(engine, "c", [], agreements=[agreement("Visa-free travel", ["AZE", "ARM"])])
    ingest(engine, "d", [], agreements=[agreement("Visa-free travel", ["AZE", "GEO"],
                                                  "2024-01-05", "day")])
    with engine.connect() as conn:
        rows = conn.execute(
            select(agreement_clusters).order_by(agreement_clusters.c.id)
        ).all()
        members = conn.execute(select(agreements.c.article_id, agreements.c.cluster_id)).all()
    by_article = dict(members)  # type: ignore[arg-type]
    assert by_article["a"] == by_article["b"]
    assert len({by_article["a"], by_article["c"], by_article["d"]}) == 3
    merged = next(r for r in rows if r.id == by_article["a"])
    assert merged.source_count == 2 and merged.date == "2025-03-11"


# Arrival order: the grouping must not depend on it.

DAYS = ["2025-03-09", "2025-03-10", "2025-03-11", "2025-03-13", "2025-03-14"]
report_strategy = st.builds(
    Report,
    type=st.sampled_from(["CONSULT", "AGREE"]),
    source=st.sampled_from(["AZE", "GEO"]),
    target=st.sampled_from(["GEO", "ARM"]),
    date=st.sampled_from(DAYS),
    place=st.sampled_from([None, "Baku", "Tbilisi"]),
)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    reports=st.lists(report_strategy, min_size=2, max_size=7),
    order=st.randoms(use_true_random=False),
)
def test_clusters_do_not_depend_on_arrival_order(
    empty_url: str, reports: list[Report], order: object
) -> None:
    articles = [(f"n{i}", [r]) for i, r in enumerate(reports)]
    shuffled = list(articles)
    order.shuffle(shuffled)  # type: ignore[attr-defined]
    partitions = []
    for sequence in (articles, shuffled, list(reversed(articles))):
        engine = open_store(empty_url)
        try:
            with engine.begin() as conn:
                conn.execute(article_table.delete())
                conn.execute(clusters.delete())
            for article_id, rs in sequence:
                ingest(engine, article_id, rs)
            partitions.append(groups(engine))
        finally:
            engine.dispose()
    assert partitions[0] == partitions[1] == partitions[2]


def test_place_compatibility_rules() -> None:
    class P:
        def __init__(self, name: str | None, country: str | None = None,
                     geonameid: int | None = None) -> None:
            self.location_name, self.location_country, self.geonameid = name, country, geonameid

    assert places_compatible(P(None), P("Baku"))
    assert places_compatible(P("baku"), P("Baku"))
    assert places_compatible(P("Bakı", geonameid=587084), P("Baku", geonameid=587084))
    assert places_compatible(P("Azerbaijan"), P("Baku", "AZE"))
    assert not places_compatible(P("Georgia"), P("Baku", "AZE"))
    assert not places_compatible(P("Baku", "AZE"), P("Ganja", "AZE"))
