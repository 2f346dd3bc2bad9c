"""Merging reports: events (and agreements) from different articles that tell of the same
interaction join one cluster, which counts its sources and keeps every report.

Two event reports are *the same* when they come from different articles and have the same
type, the same actor set (``events.actor_key``, direction ignored), dates that agree (both to
the day and at most a day apart — time zones and "yesterday" shift a day — or both coarser and
equal), and compatible places (either unknown, the same place, or a country and a place in
it). Undated reports are never merged: without a date, two meetings of the same pair cannot be
told from one. Agreements: same parties, same normalised topic, and dates that agree, an
undated report standing at its article's publication day (give or take a week).

A cluster is a connected component of that relation. Components do not depend on the order in
which reports arrive, so re-ingesting, or ingesting the same articles in another order, yields
the same grouping. A report that matches several clusters joins them (into the oldest id).
Removing reports (re-extraction) reclusters what their clusters held, since a component can
fall apart when a report that bridged it goes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, update

from bilat.knowledge.gazetteer import resolve_country
from bilat.store.schema import agreement_clusters, agreements, articles, clusters, events

DAY = "day"
REPORT_LAG_DAYS = 7


@dataclass
class ClusterStats:
    """What one clustering pass did."""

    events: int = 0  # events placed
    agreements: int = 0  # agreements placed
    new_clusters: int = 0  # event clusters created
    joined: int = 0  # events that joined an existing cluster


def cluster_pending(conn: Connection) -> ClusterStats:
    """Place every event and agreement that has no cluster yet (one transaction)."""
    stats = ClusterStats()
    transaction = conn.begin_nested() if conn.in_transaction() else conn.begin()
    with transaction:
        touched: set[int] = set()
        pending = conn.execute(
            select(*_EVENT_COLUMNS)
            .where(events.c.cluster_id.is_(None))
            .order_by(events.c.article_id, events.c.id)
        ).all()
        for _, group in groupby(pending, key=lambda r: r.article_id):
            _place_events(conn, list(group), touched, stats)
        _refresh_event_clusters(conn, touched)
        touched = set()
        pending_agreements = conn.execute(
            select(*_AGREEMENT_COLUMNS, articles.c.published)
            .join(articles, articles.c.id == agreements.c.article_id)
            .where(agreements.c.cluster_id.is_(None))
            .order_by(agreements.c.id)
        ).all()
        for agreement in pending_agreements:
            touched.add(_place_agreement(conn, agreement))
            stats.agreements += 1
        _refresh_agreement_clusters(conn, touched)
    return stats


def clusters_of_article(conn: Connection, article_id: str) -> tuple[set[int], set[int]]:
    """The event and agreement clusters an article's reports belong to."""
    event_ids = conn.execute(
        select(events.c.cluster_id).where(events.c.article_id == article_id).distinct()
    ).scalars()
    agreement_ids = conn.execute(
        select(agreements.c.cluster_id).where(agreements.c.article_id == article_id).distinct()
    ).scalars()
    return {i for i in event_ids if i is not None}, {i for i in agreement_ids if i is not None}


def recluster(
    conn: Connection, event_clusters: Iterable[int], agreement_ids: Iterable[int]
) -> None:
    """Dissolve these clusters and place their remaining reports afresh."""
    event_clusters, agreement_ids = list(event_clusters), list(agreement_ids)
    if event_clusters:
        conn.execute(
            update(events).where(events.c.cluster_id.in_(event_clusters)).values(cluster_id=None)
        )
        conn.execute(delete(clusters).where(clusters.c.id.in_(event_clusters)))
    if agreement_ids:
        conn.execute(
            update(agreements)
            .where(agreements.c.cluster_id.in_(agreement_ids))
            .values(cluster_id=None)
        )
        conn.execute(delete(agreement_clusters).where(agreement_clusters.c.id.in_(agreement_ids)))
    cluster_pending(conn)


# --- events -------------------------------------------------------------------------------

_EVENT_COLUMNS = (
    events.c.id,
    events.c.article_id,
    events.c.type,
    events.c.actor_key,
    events.c.date,
    events.c.date_precision,
    events.c.location_name,
    events.c.location_country,
    events.c.geonameid,
    events.c.cluster_id,
    events.c.status,
    events.c.goldstein,
    events.c.plover_score,
)


def _place_events(
    conn: Connection, reports: list[Any], touched: set[int], stats: ClusterStats
) -> None:
    """Place the reports of one article (they never match each other, so they can be placed
    together): each joins the cluster its matches share, merging several into the oldest,
    or starts a cluster of its own, written in one statement with its summary."""
    merged_into: dict[int, int] = {}
    joins: list[tuple[str, int]] = []
    alone: list[Any] = []
    candidates = _candidates(conn, reports)
    for row in reports:
        matches = [c for c in candidates if _same_event(row, c)]
        ids = sorted({_final(merged_into, m.cluster_id) for m in matches})
        if not ids:
            alone.append(row)
            continue
        cluster_id, others = ids[0], ids[1:]
        if others:
            _merge(conn, events, clusters, cluster_id, others)
            merged_into.update((other, cluster_id) for other in others)
            touched.difference_update(others)
        joins.append((row.id, cluster_id))
        touched.add(cluster_id)
    if alone:
        created = conn.execute(
            clusters.insert().returning(clusters.c.id, sort_by_parameter_order=True),
            [_singleton(row) for row in alone],
        ).scalars().all()
        joins += [(row.id, cluster_id) for row, cluster_id in zip(alone, created, strict=True)]
    if joins:
        conn.execute(
            update(events).where(events.c.id == bindparam("event_id")).values(
                cluster_id=bindparam("cluster_id")
            ),
            [{"event_id": e, "cluster_id": _final(merged_into, c)} for e, c in joins],
        )
    stats.events += len(reports)
    stats.new_clusters += len(alone)
    stats.joined += len(reports) - len(alone)


def _merge(conn: Connection, reports: Any, groups: Any, into: int, others: list[int]) -> None:
    """Move the reports of the ``others`` clusters into ``into`` and drop those clusters."""
    conn.execute(update(reports).where(reports.c.cluster_id.in_(others)).values(cluster_id=into))
    conn.execute(delete(groups).where(groups.c.id.in_(others)))


def _final(merged_into: dict[int, int], cluster_id: int) -> int:
    while cluster_id in merged_into:
        cluster_id = merged_into[cluster_id]
    return cluster_id


def _singleton(row: Any) -> dict[str, Any]:
    """The summary of a cluster of one report."""
    return {
        "type": row.type,
        "actor_key": row.actor_key,
        "first_date": row.date,
        "last_date": row.date,
        "source_count": 1,
        "report_count": 1,
        "event_id": row.id,
        "status": row.status,
        "location_name": row.location_name,
        "geonameid": row.geonameid,
        "goldstein": row.goldstein,
        "plover_score": row.plover_score,
    }


def _mergeable(row: Any) -> bool:
    return bool(row.date and row.actor_key)


def _candidates(conn: Connection, reports: list[Any]) -> list[Any]:
    """Clustered reports of other articles that may match any of ``reports``: an index range
    of (type, actor_key, date) per report, with a statement of the same shape every time
    (SQLAlchemy compiles it once)."""
    found: dict[str, Any] = {}
    for row in filter(_mergeable, reports):
        window = _date_window(row.date, row.date_precision) or (row.date, row.date)
        for candidate in conn.execute(
            select(*_EVENT_COLUMNS).where(
                events.c.type == row.type,
                events.c.actor_key == row.actor_key,
                events.c.date.between(*window),
                events.c.date_precision == row.date_precision,
                events.c.article_id != row.article_id,
                events.c.cluster_id.is_not(None),
            )
        ):
            found[candidate.id] = candidate
    return list(found.values())


def _same_event(row: Any, other: Any) -> bool:
    """The merging rule (module docstring), for a report and a candidate of another article."""
    if not _mergeable(row) or (row.type, row.actor_key, row.date_precision) != (
        other.type, other.actor_key, other.date_precision
    ):
        return False
    window = _date_window(row.date, row.date_precision)
    if window is None:
        agree = other.date == row.date
    else:
        agree = window[0] <= (other.date or "") <= window[1]
    return agree and places_compatible(row, other)


def _date_window(value: str, precision: str | None) -> tuple[str, str] | None:
    """Day-precise dates match a day either side; others (None here) only themselves."""
    if precision != DAY:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return (day - timedelta(days=1)).isoformat(), (day + timedelta(days=1)).isoformat()


def places_compatible(a: Any, b: Any) -> bool:
    """Unknown places fit anything; named places must be the same one, or a country and a
    place within it ("Azerbaijan" and "Baku")."""
    if not a.location_name or not b.location_name:
        return True
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.location_name.casefold() == b.location_name.casefold():
        return True
    return _country_holds(a, b) or _country_holds(b, a)


def _country_holds(outer: Any, inner: Any) -> bool:
    code = resolve_country(outer.location_name)
    return code is not None and code == (inner.location_country or resolve_country(
        inner.location_name))


def _refresh_event_clusters(conn: Connection, ids: set[int]) -> None:
    """Recompute each cluster's summary from its reports."""
    for cluster_id in sorted(ids):
        reports = conn.execute(
            select(
                events.c.id,
                events.c.article_id,
                events.c.date,
                events.c.status,
                events.c.location_name,
                events.c.geonameid,
                events.c.goldstein,
                events.c.plover_score,
                events.c.confidence,
                articles.c.published,
            )
            .join(articles, articles.c.id == events.c.article_id)
            .where(events.c.cluster_id == cluster_id)
        ).all()
        if not reports:
            conn.execute(delete(clusters).where(clusters.c.id == cluster_id))
            continue
        best = min(reports, key=lambda r: (-r.confidence, r.published or "9999", r.id))
        dates = sorted(r.date for r in reports if r.date)
        placed = best if best.location_name else next(
            (r for r in reports if r.location_name), best
        )
        scores = [r.plover_score for r in reports if r.plover_score is not None]
        statuses = [r.status for r in reports]
        conn.execute(
            update(clusters)
            .where(clusters.c.id == cluster_id)
            .values(
                first_date=dates[0] if dates else None,
                last_date=dates[-1] if dates else None,
                source_count=len({r.article_id for r in reports}),
                report_count=len(reports),
                event_id=best.id,
                # one report that it happened outweighs previews of it
                status="occurred" if "occurred" in statuses else best.status,
                location_name=placed.location_name,
                geonameid=placed.geonameid,
                goldstein=best.goldstein,
                plover_score=sum(scores) / len(scores) if scores else None,
            )
        )


# --- agreements ---------------------------------------------------------------------------

_AGREEMENT_COLUMNS = (
    agreements.c.id,
    agreements.c.article_id,
    agreements.c.topic,
    agreements.c.kind,
    agreements.c.topic_key,
    agreements.c.party_key,
    agreements.c.date,
    agreements.c.date_precision,
    agreements.c.cluster_id,
)


def _place_agreement(conn: Connection, row: Any) -> int:
    candidates = conn.execute(
        select(*_AGREEMENT_COLUMNS, articles.c.published)
        .join(articles, articles.c.id == agreements.c.article_id)
        .where(
            agreements.c.party_key == row.party_key,
            agreements.c.topic_key == row.topic_key,
            agreements.c.article_id != row.article_id,
            agreements.c.cluster_id.is_not(None),
        )
    ).all()
    ids = sorted({c.cluster_id for c in candidates if _dates_agree(row, c)})
    if not ids:
        created = conn.execute(
            agreement_clusters.insert().values(
                topic_key=row.topic_key, party_key=row.party_key, topic=row.topic,
                kind=row.kind, source_count=0, report_count=0,
            )
        ).inserted_primary_key
        assert created is not None
        cluster_id = int(created[0])
    else:
        cluster_id, others = ids[0], ids[1:]
        if others:
            _merge(conn, agreements, agreement_clusters, cluster_id, others)
    conn.execute(update(agreements).where(agreements.c.id == row.id).values(cluster_id=cluster_id))
    return int(cluster_id)


def _dates_agree(a: Any, b: Any) -> bool:
    """Day dates within a day; a coarser date must hold the finer one ('2024-10' and
    '2024-10-03'). A report without a date stands at its article's publication day, give or
    take :data:`REPORT_LAG_DAYS` (news of a signing follows it by a few days)."""
    if a.date and b.date:
        if a.date_precision == DAY and b.date_precision == DAY:
            return _days_apart(a.date, b.date) <= 1
        shorter, longer = sorted((a.date, b.date), key=len)
        return longer.startswith(shorter)
    first, second = (a.date or a.published), (b.date or b.published)
    if not first or not second:
        return False
    return _days_apart(first, second) <= REPORT_LAG_DAYS


def _days_apart(a: str, b: str) -> int:
    """Days between two ISO dates (a month or year stands at its first day)."""
    try:
        return abs((_first_day(a) - _first_day(b)).days)
    except ValueError:
        return 10**6


def _first_day(text: str) -> date:
    parts = text[:10].split("-")
    return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                int(parts[2]) if len(parts) > 2 else 1)


def _refresh_agreement_clusters(conn: Connection, ids: set[int]) -> None:
    for cluster_id in sorted(ids):
        reports = conn.execute(
            select(
                agreements.c.article_id,
                agreements.c.topic,
                agreements.c.kind,
                agreements.c.date,
                agreements.c.date_precision,
                agreements.c.id,
            ).where(agreements.c.cluster_id == cluster_id)
        ).all()
        if not reports:
            conn.execute(delete(agreement_clusters).where(agreement_clusters.c.id == cluster_id))
            continue
        # the most precise date, then the longest topic (the fullest wording)
        precise = max(reports, key=lambda r: (len(r.date or ""), -r.id))
        fullest = max(reports, key=lambda r: (len(r.topic), -r.id))
        conn.execute(
            update(agreement_clusters)
            .where(agreement_clusters.c.id == cluster_id)
            .values(
                topic=fullest.topic,
                kind=fullest.kind,
                date=precise.date,
                source_count=len({r.article_id for r in reports}),
                report_count=len(reports),
            )
        )
