"""One country's relations at a glance: its partners and the places of its events.

What the country page (``/countries/{code}``) draws. Both functions start from the country's
rows of ``event_actors`` (the ``(country, event_id)`` index), reach its events by primary key,
and from there its clusters (merged events) or places:

* :func:`partners` counts the country's clusters per merging key (``clusters.actor_key``, the
  sorted country codes of an event), so the database returns one row per distinct set of
  parties, however many events; each key's counts and score sums are then added to every
  partner the key names (an event of three parties counts for each of the other two).
* :func:`places` counts the country's located events (``lat``/``lon`` set) per place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, case, func, select

from bilat.store.schema import clusters, event_actors, events

__all__ = ["partners", "places"]


def _is_code(part: str) -> bool:
    """A country code of a merging key (keys fall back to actor names without one)."""
    return len(part) == 3 and part.isascii() and part.isalpha() and part.isupper()


@dataclass
class _Partner:
    events: int = 0
    cooperation: int = 0
    conflict: int = 0
    goldstein_sum: float = 0.0
    goldstein_n: int = 0
    plover_sum: float = 0.0
    plover_n: int = 0
    last_date: str | None = None

    def add(self, row: Any) -> None:
        self.events += row.events
        self.cooperation += row.cooperation or 0
        self.conflict += row.conflict or 0
        self.goldstein_sum += float(row.goldstein_sum or 0)
        self.goldstein_n += row.goldstein_n or 0
        self.plover_sum += float(row.plover_sum or 0)
        self.plover_n += row.plover_n or 0
        if row.last_date and (self.last_date is None or row.last_date > self.last_date):
            self.last_date = row.last_date

    def to_dict(self, code: str) -> dict[str, Any]:
        return {
            "partner": code, "events": self.events, "cooperation": self.cooperation,
            "conflict": self.conflict,
            "goldstein": round(self.goldstein_sum / self.goldstein_n, 2)
            if self.goldstein_n else None,
            "plover_score": round(self.plover_sum / self.plover_n, 2) if self.plover_n else None,
            "last_date": self.last_date,
        }


def _country_events(code: str, column: Any) -> Any:
    """``column`` of the events with an actor of ``code``, each value once: their rows of
    ``event_actors`` by the ``(country, event_id)`` index, then the events by primary key."""
    ea, e = event_actors.c, events.c
    return (
        select(column)
        .select_from(event_actors.join(events, e.id == ea.event_id))
        .where(ea.country == code)
        .distinct()
    )


def partners(conn: Connection, code: str, limit: int = 30) -> list[dict[str, Any]]:
    """The countries ``code`` has events with, most events first (then by code): for each,
    ``events`` (clusters holding both), ``cooperation`` / ``conflict`` (of those, with a
    positive / negative PLOVER score), the mean ``goldstein`` and ``plover_score`` of the
    clusters that have one, and ``last_date`` (the newest cluster's first date)."""
    if limit <= 0:
        return []
    c = clusters.c
    ids = (_country_events(code, events.c.cluster_id)
           .where(events.c.cluster_id.is_not(None)).subquery())
    rows = conn.execute(
        select(
            c.actor_key, func.count().label("events"),
            func.sum(case((c.plover_score > 0, 1), else_=0)).label("cooperation"),
            func.sum(case((c.plover_score < 0, 1), else_=0)).label("conflict"),
            func.sum(c.goldstein).label("goldstein_sum"),
            func.count(c.goldstein).label("goldstein_n"),
            func.sum(c.plover_score).label("plover_sum"),
            func.count(c.plover_score).label("plover_n"),
            func.max(c.first_date).label("last_date"),
        )
        .join(ids, ids.c.cluster_id == c.id)
        .group_by(c.actor_key)
    ).all()
    tally: dict[str, _Partner] = defaultdict(_Partner)
    for row in rows:
        for other in {p for p in row.actor_key.split("|") if _is_code(p)} - {code}:
            tally[other].add(row)
    ranked = sorted(tally.items(), key=lambda kv: (-kv[1].events, kv[0]))
    return [p.to_dict(other) for other, p in ranked[:limit]]


def places(conn: Connection, code: str, limit: int = 200) -> list[dict[str, Any]]:
    """The places of the events of ``code`` that have coordinates, most events first (then by
    name): ``name``, ``country`` (the place's), ``lat``, ``lon``, ``events`` (distinct
    clusters; an unclustered report counts as one), ``reports`` and ``last_date``."""
    if limit <= 0:
        return []
    e = events.c
    located = (
        select(e.id, e.cluster_id, e.location_name, e.location_country, e.lat, e.lon, e.date)
        .where(e.id.in_(_country_events(code, e.id)),
               e.lat.is_not(None), e.lon.is_not(None))
        .subquery()
    )
    p = located.c
    # a report without a cluster is an event of its own
    unclustered = func.sum(case((p.cluster_id.is_(None), 1), else_=0))
    count = (func.count(func.distinct(p.cluster_id)) + unclustered).label("events")
    rows = conn.execute(
        select(p.location_name, p.location_country, p.lat, p.lon, count,
               func.count().label("reports"), func.max(p.date).label("last_date"))
        .group_by(p.location_name, p.location_country, p.lat, p.lon)
        .order_by(count.desc(), p.location_name.nulls_last(), p.lat, p.lon)
        .limit(limit)
    ).all()
    return [
        {"name": r.location_name, "country": r.location_country, "lat": float(r.lat),
         "lon": float(r.lon), "events": int(r.events), "reports": int(r.reports),
         "last_date": r.last_date}
        for r in rows
    ]
