"""Reading the corpus: events (as clusters or as reports), officials, agreements, figures,
articles, full-text search and a pair's dossier. The CLI, exports and the web read through here.

Rows are plain dicts of JSON values, so every front end can print them its own way.

Why the SQL looks as it does (1M events must answer a pair query in well under 200 ms):

* A pair (X, Y) is the events whose actors include both. Two paths, united: the *fast path*
  is the exact merging key ``'X|Y'`` (two-party events), one lookup in the ``(type,
  actor_key...)`` indexes for each event type; the *general path* finds the events with three
  or more parties that hold both: it intersects the two countries' rows of ``event_actors``
  (a merge of two ordered index ranges on SQLite), or, for two common countries, scans the
  partial index on multi-party keys when the database has one (:data:`MULTIPARTY_INDEXES`).
* One country alone: its rows of ``event_actors``; for a very common country listed newest
  first, walking the date index is cheaper (:func:`_common`).
* Representative reports, articles and actors are joined only to the rows shown (after the
  limit), actors in batches.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from itertools import islice
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    case,
    func,
    intersect,
    literal,
    literal_column,
    or_,
    select,
    text,
    union,
    union_all,
)
from sqlalchemy.sql.selectable import CompoundSelect
from sqlalchemy.sql.visitors import replacement_traverse

from bilat.store.schema import (
    agreement_clusters,
    agreements,
    articles,
    clusters,
    event_actors,
    events,
    figures,
    official_names,
    official_offices,
    officials,
    people,
    split_codes,
)
from bilat.vocabulary import EVENT_TYPES

__all__ = [
    "EVENT_SORTS",
    "MULTIPARTY_INDEXES",
    "EventFilter",
    "Pair",
    "QueryError",
    "Relations",
    "agreement_rows",
    "article_rows",
    "date_after",
    "event_rows",
    "figure_rows",
    "fts5_query",
    "has_officials",
    "parse_date",
    "people_rows",
    "relations",
    "search_rows",
]

BATCH = 500  # rows enriched (actors) per query
COMMON_COUNTRY = 5_000  # a country with this many actor rows is listed via the date index
INTERSECT_MAX = 40_000  # fewer actor rows of a pair than this: intersect them, skip the scan
PEOPLE_WINDOW = 1_000  # key people of a pair: among the actors of its latest events
MULTIPARTY = "%|%|%"  # the actor_key of an event with three or more parties
# Indexes this module is written for beyond the schema's (see docs/query.md). The covering
# (actor_key, type, ...) one is used by the planner unasked; the partial ones on multi-party
# keys turn the general pair path into a small scan, and are used when present.
# CREATE INDEX ix_clusters_actor_key_type ON clusters (actor_key, type, first_date, goldstein,
#     plover_score, source_count, report_count, event_id)
# CREATE INDEX ix_clusters_multiparty ON clusters (actor_key, type, first_date, goldstein,
#     plover_score, source_count, report_count, event_id) WHERE actor_key LIKE '%|%|%'
# CREATE INDEX ix_events_multiparty ON events (actor_key, date) WHERE actor_key LIKE '%|%|%'
MULTIPARTY_INDEXES = {"clusters": "ix_clusters_multiparty", "events": "ix_events_multiparty"}

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class QueryError(ValueError):
    """A query the store cannot answer as asked (an empty search...); the message says why."""


# --- dates ---------------------------------------------------------------------------------


def parse_date(value: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, checked; the ISO text at that precision."""
    value = value.strip()
    m = _DATE.fullmatch(value)
    if m is None:
        raise QueryError(f"not a date: {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else 1 for g in m.groups())
    try:
        date(year, month, day)
    except ValueError as exc:
        raise QueryError(f"not a date: {value!r} ({exc})") from None
    return value


def date_after(value: str) -> str:
    """The first date after the period ``value`` names: an ``--until`` bound that keeps all of
    it ('2024' -> '2025', '2024-12' -> '2025-01', '2024-02-29' -> '2024-03-01')."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return f"{parts[0] + 1:04d}"
    if len(parts) == 2:
        year, month = parts
        return f"{year + month // 12:04d}-{month % 12 + 1:02d}"
    year, month, day = parts
    if day < calendar.monthrange(year, month)[1]:
        return f"{year:04d}-{month:02d}-{day + 1:02d}"
    return date_after(f"{year:04d}-{month:02d}") + "-01"


def _in_period(column: Any, since: str | None, until: str | None) -> list[ColumnElement[bool]]:
    """Dates are ISO text at their own precision, so they compare as strings: a date coarser
    than the bound counts as its first day ('2024' is before '2024-06')."""
    conditions: list[ColumnElement[bool]] = []
    if since:
        conditions.append(column >= since)
    if until:
        conditions.append(column < date_after(until))
    return conditions


# --- full text -----------------------------------------------------------------------------

_TERM = re.compile(r'"([^"]*)"?|(\S+)')


def fts5_query(text: str) -> str:
    """A safe FTS5 query from what a user typed, with web-search habits: words must all occur,
    ``"quoted words"`` are a phrase, ``OR`` between words, ``-word`` excludes, ``word*`` is a
    prefix. Every term is quoted, so FTS5 syntax in the text (``U.S.-China``, ``NEAR``, ``:``,
    a stray quote) is only searched for, never parsed."""
    groups: list[list[str]] = []
    negative: list[str] = []
    join_next = False
    for m in _TERM.finditer(text):
        phrase, word = m.group(1), m.group(2)
        if word == "OR":
            join_next = bool(groups)
            continue
        exclude = word is not None and word.startswith("-") and len(word) > 1
        raw = phrase if phrase is not None else word.lstrip("-") if exclude else word
        prefix = word is not None and raw.endswith("*")
        raw = raw.rstrip("*") if prefix else raw
        if not re.search(r"\w", raw):
            continue
        term = '"' + raw.replace('"', '""') + '"' + ("*" if prefix else "")
        if exclude:
            negative.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if not groups:
        raise QueryError(f"nothing to search for in {text!r}")
    query = " AND ".join(g[0] if len(g) == 1 else "(" + " OR ".join(g) + ")" for g in groups)
    return query + "".join(f" NOT {n}" for n in negative)


def _fts_refs(conn: Connection, kind: str, query: str) -> Any:
    """Ids of the events or articles whose text matches ``query`` (a subquery)."""
    if conn.dialect.name == "sqlite":
        return text(
            "SELECT ref FROM fulltext WHERE fulltext MATCH :fts AND kind = :fts_kind"
        ).bindparams(fts=fts5_query(query), fts_kind=kind).columns(ref=events.c.id.type)
    table = events if kind == "event" else articles
    return select(table.c.id).where(
        literal_column(f"{table.name}.search").op("@@")(
            func.websearch_to_tsquery("english", query)
        )
    )


# --- which events: country, pair ----------------------------------------------------------


@dataclass(frozen=True)
class EventFilter:
    """What ``bilat events`` and ``bilat export`` select. Codes and dates already checked."""

    country: str | None = None
    partner: str | None = None  # with country: the other party of a pair
    types: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    status: str | None = None
    min_sources: int | None = None
    search: str | None = None

    def __post_init__(self) -> None:
        if self.partner and not self.country:
            raise QueryError("a partner (--with) needs a country (--country)")
        if self.partner and self.partner == self.country:
            raise QueryError(f"--country and --with are both {self.country}")
        unknown = [t for t in self.types if t not in EVENT_TYPES]
        if unknown:
            raise QueryError(f"unknown event type {unknown[0]!r}")


def _holds(conn: Connection, column: Any, code: str, sep: str = "|") -> ColumnElement[bool]:
    """``column`` (a key like 'AZE|BLR|RUS' or a list like 'AZE,BLR') names ``code`` as one
    of its parties. A substring test first (cheap), then the exact, delimited one."""
    find = func.instr if conn.dialect.name == "sqlite" else func.strpos
    padded = literal(sep) + column + literal(sep)
    return and_(find(column, code) > 0, padded.like(f"%{sep}{code}{sep}%"))


def _multiparty(column: Any, sep: str = "|") -> ColumnElement[bool]:
    """Three or more parties. Rendered as a literal so that both engines recognise the
    partial index's own predicate."""
    pattern = MULTIPARTY.replace("|", sep)
    return column.like(bindparam(f"multiparty_{ord(sep)}", pattern, literal_execute=True))


def _has_index(conn: Connection, name: str) -> bool:
    if conn.dialect.name == "sqlite":
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = :n"
    else:
        sql = "SELECT 1 FROM pg_indexes WHERE indexname = :n AND schemaname = current_schema()"
    return conn.execute(text(sql), {"n": name}).first() is not None


class Pair:
    """The events of a pair of countries, X and Y: those whose actors include both.

    Most are two-party events, whose merging key is exactly 'X|Y' (an index lookup per event
    type: the fast path); the rest have three or more parties (the general path). The general
    path is worked out once per Pair and reused by every query built from it.
    """

    LIST_MAX = 20_000  # more general-path ids than this stay a subquery

    def __init__(self, conn: Connection, country: str, partner: str) -> None:
        self.conn, self.country, self.partner = conn, country, partner
        self.key = "|".join(sorted((country, partner)))

    def _both(self) -> Select[Any] | CompoundSelect:
        """Events with actors of both countries, from the (country, event_id) index: on
        SQLite an INTERSECT with ORDER BY, which it runs as a merge of two ordered ranges;
        elsewhere a join, which PostgreSQL estimates (and plans) better."""
        if self.conn.dialect.name == "sqlite":
            return intersect(
                select(event_actors.c.event_id).where(event_actors.c.country == self.country),
                select(event_actors.c.event_id).where(event_actors.c.country == self.partner),
            ).order_by(literal_column("1"))
        mine, theirs = event_actors.alias("mine"), event_actors.alias("theirs")
        return (
            select(mine.c.event_id)
            .join(theirs, and_(theirs.c.event_id == mine.c.event_id,
                               theirs.c.country == self.partner))
            .where(mine.c.country == self.country)
        )

    def _multi(self, table: Any) -> Select[Any]:
        return select(table.c.id).where(
            _multiparty(table.c.actor_key),
            _holds(self.conn, table.c.actor_key, self.country),
            _holds(self.conn, table.c.actor_key, self.partner),
        )

    @cached_property
    def _indexes(self) -> set[str]:
        """The partial multi-party indexes worth using: present, and the two countries
        common enough that intersecting their actor rows would cost more than scanning
        every multi-party key (the scan costs the same for any pair)."""
        present = {name for name in MULTIPARTY_INDEXES.values() if _has_index(self.conn, name)}
        if present and self._actor_rows() < INTERSECT_MAX:
            return set()
        return present

    def _actor_rows(self) -> int:
        """Rows of ``event_actors`` of both countries, counted on the index up to
        INTERSECT_MAX (no further: only the comparison matters)."""
        sample = (
            select(literal(1))
            .where(event_actors.c.country.in_((self.country, self.partner)))
            .limit(INTERSECT_MAX)
        ).subquery()
        return int(self.conn.execute(select(func.count()).select_from(sample)).scalar_one())

    @cached_property
    def _general_cluster_ids(self) -> Select[Any] | None:
        """Without the partial index: the multi-party clusters through ``event_actors``, read
        once (a list of ids) unless there are very many."""
        general = select(events.c.cluster_id).where(
            events.c.actor_key != self.key, events.c.cluster_id.is_not(None)
        ).distinct()
        if self.conn.dialect.name == "sqlite":  # the merge, then a lookup per event
            general = general.where(events.c.id.in_(self._both()))
        else:  # a join PostgreSQL can run as a nested loop into the events
            both = self._both().subquery()
            general = general.join(both, both.c.event_id == events.c.id)
        ids = list(self.conn.execute(general.limit(self.LIST_MAX + 1)).scalars())
        if not ids:
            return None
        if len(ids) > self.LIST_MAX:
            return general
        return select(clusters.c.id).where(clusters.c.id.in_(ids))

    def clusters(self, columns: Sequence[Any], conditions: Sequence[ColumnElement[bool]] = (),
                 types: Sequence[str] = ()) -> Any:
        """``columns`` of the pair's clusters that meet ``conditions``, as one selectable.

        Both branches filter ``clusters`` itself (not ids through IN), so that an index
        holding the columns answers them alone; the general branch holds only multi-party
        clusters, so the two never overlap.
        """
        branches = self.cluster_branches(columns, conditions, types)
        return branches[0] if len(branches) == 1 else union_all(*branches)

    def cluster_branches(self, columns: Sequence[Any],
                         conditions: Sequence[ColumnElement[bool]] = (),
                         types: Sequence[str] = ()) -> list[Select[Any]]:
        """The branches :meth:`clusters` unites, for queries that aggregate each apart (an
        aggregate over the union would read it through a temporary table)."""
        c = clusters.c
        branches = [select(*columns).where(
            c.type.in_(types or EVENT_TYPES), c.actor_key == self.key, *conditions
        )]
        if MULTIPARTY_INDEXES["clusters"] in self._indexes:
            branches.append(select(*columns).where(
                _multiparty(c.actor_key),
                _holds(self.conn, c.actor_key, self.country),
                _holds(self.conn, c.actor_key, self.partner),
                *(_off_date_index(condition) for condition in conditions),
            ))
        elif self._general_cluster_ids is not None:
            branches.append(select(*columns).where(
                c.id.in_(self._general_cluster_ids), *conditions
            ))
        return branches

    def event_ids(self, types: Sequence[str] = (), since: str | None = None,
                  until: str | None = None) -> Any:
        """Ids of the pair's events; without the partial index, the intersection of the two
        countries' events (two-party ones included), whose cost grows with the countries'
        event counts rather than the pair's."""
        if MULTIPARTY_INDEXES["events"] not in self._indexes:
            return self._both()
        fast = select(events.c.id).where(
            events.c.type.in_(types or EVENT_TYPES),
            events.c.actor_key == self.key,
            *_in_period(events.c.date, since, until),
        )
        return union(fast, self._multi(events))


def _common(conn: Connection, country: str) -> bool:
    """Whether ``country`` acts in so many events that walking all clusters newest first
    finds a page sooner than collecting the country's events (counted on the index)."""
    sample = (
        select(literal(1)).where(event_actors.c.country == country).limit(COMMON_COUNTRY)
    ).subquery()
    return conn.execute(select(func.count()).select_from(sample)).scalar_one() >= COMMON_COUNTRY


# --- events --------------------------------------------------------------------------------

# sort name -> (clusters column, events column, newest/most first by default)
EVENT_SORTS: dict[str, tuple[Any, Any, bool]] = {
    "date": (clusters.c.first_date, events.c.date, True),
    "sources": (clusters.c.source_count, clusters.c.source_count, True),
    "reports": (clusters.c.report_count, clusters.c.report_count, True),
    "goldstein": (clusters.c.goldstein, events.c.goldstein, False),  # most hostile first
    "id": (clusters.c.id, events.c.id, False),  # storage order: cheapest for exports
}


def _off_date_index(condition: Any) -> Any:
    """The condition with the cluster dates read as :func:`_unindexed` values: else SQLite
    walks every cluster of the period through the date index instead of scanning the small
    partial index of multi-party keys (it cannot tell how small that is)."""

    def swap(element: Any, **_: Any) -> Any:
        if element is clusters.c.first_date or element is clusters.c.last_date:
            return _unindexed(element)
        return None

    return replacement_traverse(condition, {}, swap)


def _unindexed(column: Any) -> Any:
    """The same value, as an expression no index orders: SQLite pushes an ORDER BY into
    each branch of a UNION ALL, and would then walk a whole table in index order rather
    than sort the few rows a branch finds."""
    return func.coalesce(column, column)


def _order(column: Any, descending: bool, tiebreak: Any) -> list[Any]:
    first = column.desc().nulls_last() if descending else column.asc().nulls_last()
    return [first, tiebreak.desc() if descending else tiebreak.asc()]


def _cluster_ids(conn: Connection, f: EventFilter, pair: Pair | None, sort: str, reverse: bool,
                 limit: int | None) -> Select[Any]:
    """The clusters to show, sorted and limited, before anything is joined to them."""
    c = clusters.c
    conditions: list[ColumnElement[bool]] = [*_in_period(c.first_date, f.since, f.until)]
    if f.types:
        conditions.append(c.type.in_(f.types))
    if f.status:
        conditions.append(c.status == f.status)
    if f.min_sources:
        conditions.append(c.source_count >= f.min_sources)
    if f.search:
        conditions.append(c.id.in_(
            select(events.c.cluster_id).where(events.c.id.in_(_fts_refs(conn, "event", f.search)))
        ))
    column, _, descending = EVENT_SORTS[sort]
    descending ^= reverse
    if pair is not None:
        found = pair.clusters([c.id.label("id"), _unindexed(column).label("sort_key")],
                              conditions, f.types).subquery()
        ordered = select(found.c.id).order_by(*_order(found.c.sort_key, descending, found.c.id))
        return ordered.limit(limit) if limit is not None else ordered
    if f.country:
        if sort == "date" and limit is not None and _common(conn, f.country):
            conditions.append(_holds(conn, c.actor_key, f.country))
        else:
            conditions.append(c.id.in_(
                select(events.c.cluster_id).where(events.c.id.in_(
                    select(event_actors.c.event_id).where(event_actors.c.country == f.country)
                ))
            ))
    stmt = select(c.id).where(*conditions).order_by(*_order(column, descending, c.id))
    return stmt.limit(limit) if limit is not None else stmt


def _report_ids(conn: Connection, f: EventFilter, pair: Pair | None, sort: str, reverse: bool,
                limit: int | None) -> Select[Any]:
    e = events.c
    conditions: list[ColumnElement[bool]] = [*_in_period(e.date, f.since, f.until)]
    if f.types:
        conditions.append(e.type.in_(f.types))
    if f.status:
        conditions.append(e.status == f.status)
    if f.min_sources:
        conditions.append(e.cluster_id.in_(
            select(clusters.c.id).where(clusters.c.source_count >= f.min_sources)
        ))
    if f.search:
        conditions.append(e.id.in_(_fts_refs(conn, "event", f.search)))
    if pair is not None:
        conditions.append(e.id.in_(pair.event_ids(f.types, f.since, f.until)))
    elif f.country:
        conditions.append(e.id.in_(
            select(event_actors.c.event_id).where(event_actors.c.country == f.country)
        ))
    _, column, descending = EVENT_SORTS[sort]
    descending ^= reverse
    stmt = select(e.id).where(*conditions)
    if column is clusters.c.source_count or column is clusters.c.report_count:
        stmt = stmt.outerjoin(clusters, clusters.c.id == e.cluster_id)
    stmt = stmt.order_by(*_order(column, descending, e.id))
    return stmt.limit(limit) if limit is not None else stmt


_REPORT_COLUMNS = (
    events.c.type,
    events.c.mode,
    events.c.contexts,
    events.c.cameo,
    events.c.date_precision,
    events.c.location_country,
    events.c.lat,
    events.c.lon,
    events.c.negated,
    events.c.confidence,
    events.c.article_id,
    events.c.position,
    articles.c.published,
    articles.c.outlet,
    articles.c.url,
    articles.c.title,
    articles.c.ingested_at,
    events.c.evidence_text.label("evidence"),
    events.c.evidence_start,
    events.c.evidence_end,
    events.c.trigger_start,
    events.c.trigger_end,
)


def event_rows(
    conn: Connection,
    f: EventFilter,
    *,
    reports: bool = False,
    sort: str = "date",
    reverse: bool = False,
    limit: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Events as clusters (one row per interaction, its representative report's details) or,
    with ``reports``, one row per report. Streams; actors are added in batches."""
    if sort not in EVENT_SORTS:
        raise QueryError(f"cannot sort events by {sort!r}; use one of {', '.join(EVENT_SORTS)}")
    pair = Pair(conn, f.country, f.partner) if f.country and f.partner else None
    pick = _report_ids if reports else _cluster_ids
    yield from _event_rows(conn, pick(conn, f, pair, sort, reverse, limit), reports, sort,
                           reverse)


def _event_rows(conn: Connection, ids_select: Select[Any], reports: bool, sort: str,
                reverse: bool) -> Iterator[dict[str, Any]]:
    """The chosen events (``ids_select``, sorted and limited) with their details."""
    ids = ids_select.subquery()
    if reports:
        stmt = (
            select(
                events.c.id.label("event_id"),
                events.c.cluster_id,
                events.c.date,
                events.c.status,
                events.c.location_name.label("location"),
                events.c.geonameid,
                clusters.c.source_count.label("sources"),
                clusters.c.report_count.label("reports"),
                events.c.goldstein,
                events.c.plover_score,
                *_REPORT_COLUMNS,
            )
            .select_from(
                ids.join(events, events.c.id == ids.c.id)
                .join(articles, articles.c.id == events.c.article_id)
                .outerjoin(clusters, clusters.c.id == events.c.cluster_id)
            )
        )
        _, column, descending = EVENT_SORTS[sort]
        tiebreak = events.c.id
    else:
        stmt = (
            select(
                clusters.c.id.label("cluster_id"),
                clusters.c.event_id,
                clusters.c.first_date.label("date"),
                clusters.c.last_date,
                clusters.c.status,
                clusters.c.location_name.label("location"),
                clusters.c.geonameid,
                clusters.c.source_count.label("sources"),
                clusters.c.report_count.label("reports"),
                clusters.c.goldstein,
                clusters.c.plover_score,
                *_REPORT_COLUMNS[1:],
                clusters.c.type,
                events.c.location_name.label("report_location"),
            )
            .select_from(
                ids.join(clusters, clusters.c.id == ids.c.id)
                .outerjoin(events, events.c.id == clusters.c.event_id)
                .outerjoin(articles, articles.c.id == events.c.article_id)
            )
        )
        column, _, descending = EVENT_SORTS[sort]
        tiebreak = clusters.c.id
    stmt = stmt.order_by(*_order(column, descending ^ reverse, tiebreak))
    result = conn.execute(stmt.execution_options(yield_per=BATCH))
    for batch in result.mappings().partitions():
        rows = [dict(row) for row in batch]
        for row in rows:
            # a cluster's place may come from another report than the representative one
            if "report_location" in row and row.pop("report_location") != row["location"]:
                row.update(lat=None, lon=None, location_country=None)
        yield from _with_actors(conn, rows)


def _with_actors(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add both sides' actors (codes and full records) and the trigger words to each row."""
    ids = [r["event_id"] for r in rows if r.get("event_id")]
    sides: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    if ids:
        found = conn.execute(
            select(event_actors)
            .where(event_actors.c.event_id.in_(ids))
            .order_by(event_actors.c.event_id, event_actors.c.side, event_actors.c.position)
        ).mappings()
        for a in found:
            sides[(a["event_id"], a["side"])].append({
                "name": a["name"], "country": a["country"], "sector": a["sector"],
                "person": a["person"], "role": a["role"],
            })
    for row in rows:
        for side in ("source", "target"):
            actors = sides.get((row.get("event_id") or "", side), [])
            row[side] = list(dict.fromkeys(a["country"] or a["name"] for a in actors))
            row[f"{side}_actors"] = actors
        row["contexts"] = split_codes(row.get("contexts"))
        row["trigger"] = _trigger(row)
    return [_ordered(row) for row in rows]


_EVENT_KEYS = (
    "cluster_id", "event_id", "date", "last_date", "date_precision", "type", "mode", "cameo",
    "contexts", "source", "target", "location", "location_country", "geonameid", "lat", "lon",
    "status", "negated", "sources", "reports", "goldstein", "plover_score", "confidence",
    "article_id", "position", "published", "outlet", "title", "url", "ingested_at",
    "evidence", "evidence_start", "evidence_end", "trigger", "source_actors", "target_actors",
)


def _ordered(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in _EVENT_KEYS if k in row}


def _trigger(row: dict[str, Any]) -> str | None:
    """The trigger words, cut from the evidence sentence that holds them."""
    start, end, base = row.get("trigger_start"), row.get("trigger_end"), row.get("evidence_start")
    evidence = row.get("evidence") or ""
    if start is None or end is None or base is None or not base <= start <= end:
        return None
    words = evidence[start - base:end - base]
    return words if len(words) == end - start else None


# --- people --------------------------------------------------------------------------------


def has_officials(conn: Connection) -> bool:
    return conn.execute(select(officials.c.id).limit(1)).first() is not None


PEOPLE_SORTS = ("articles", "name", "last_seen")


def people_rows(
    conn: Connection,
    *,
    country: str | None = None,
    search: str | None = None,
    office: str | None = None,
    since: str | None = None,
    until: str | None = None,
    sort: str = "articles",
    limit: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Officials the corpus learnt, each with the offices seen over time. Falls back to the
    people named in articles when nothing was learnt (a store filled before officials were)."""
    if sort not in PEOPLE_SORTS:
        raise QueryError(f"cannot sort people by {sort!r}; use one of {', '.join(PEOPLE_SORTS)}")
    if not has_officials(conn):
        yield from _named_people(conn, country, search, office, since, until, sort, limit)
        return
    o = officials.c
    conditions: list[ColumnElement[bool]] = []
    if country:
        conditions.append(o.country == country)
    if search:
        from bilat.knowledge.officeholders import normalise_name

        key = normalise_name(search)
        conditions.append(or_(
            func.lower(o.name).like(f"%{search.lower()}%"),
            o.id.in_(select(official_names.c.official_id).where(
                official_names.c.name_key.like(f"%{key}%")
            )),
        ))
    if office:
        conditions.append(o.id.in_(select(official_offices.c.official_id).where(
            func.lower(official_offices.c.office).like(f"%{office.lower()}%")
        )))
    if since:
        conditions.append(o.last_seen >= since)
    if until:
        conditions.append(o.first_seen < date_after(until))
    orders: dict[str, list[Any]] = {
        "articles": [o.article_count.desc(), o.name],
        "name": [o.name, o.id],
        "last_seen": [o.last_seen.desc().nulls_last(), o.id],
    }
    order = orders[sort]
    stmt = select(
        o.id, o.name, o.country, o.first_seen, o.last_seen, o.article_count.label("articles")
    ).where(*conditions).order_by(*order)
    if limit is not None:
        stmt = stmt.limit(limit)
    result = conn.execute(stmt.execution_options(yield_per=BATCH))
    for batch in result.mappings().partitions():
        yield from _with_offices(conn, [dict(r) for r in batch])


def _with_offices(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [r["id"] for r in rows]
    offices: dict[int, list[dict[str, Any]]] = defaultdict(list)
    names: dict[int, list[str]] = defaultdict(list)
    for held in conn.execute(
        select(official_offices).where(official_offices.c.official_id.in_(ids))
        .order_by(official_offices.c.first_seen.asc().nulls_last(), official_offices.c.office)
    ).mappings():
        offices[held["official_id"]].append({
            "office": held["office"], "role": held["role"], "first_seen": held["first_seen"],
            "last_seen": held["last_seen"], "articles": held["article_count"],
        })
    for variant in conn.execute(
        select(official_names.c.official_id, official_names.c.name)
        .where(official_names.c.official_id.in_(ids)).order_by(official_names.c.name)
    ):
        names[variant.official_id].append(variant.name)
    return [
        {**row, "offices": offices.get(row["id"], []), "names": names.get(row["id"], [])}
        for row in rows
    ]


def _named_people(
    conn: Connection, country: str | None, search: str | None, office: str | None,
    since: str | None, until: str | None, sort: str, limit: int | None,
) -> Iterator[dict[str, Any]]:
    """People rows grouped by (name, country): the same shape as learnt officials."""
    p = people.c
    held = func.coalesce(p.office, p.role)
    day = func.substr(articles.c.published, 1, 10)
    conditions: list[ColumnElement[bool]] = [*_in_period(articles.c.published, since, until)]
    if country:
        conditions.append(p.country == country)
    if search:
        conditions.append(func.lower(p.name).like(f"%{search.lower()}%"))
    if office:
        conditions.append(func.lower(held).like(f"%{office.lower()}%"))
    found = conn.execute(
        select(p.name, p.country, held.label("office"), func.max(p.role).label("role"),
               func.min(day).label("first_seen"), func.max(day).label("last_seen"),
               func.count(func.distinct(p.article_id)).label("articles"))
        .join(articles, articles.c.id == p.article_id)
        .where(*conditions)
        .group_by(p.name, p.country, held)
    ).mappings()
    grouped: dict[tuple[str, str | None], dict[str, Any]] = {}
    for r in found:
        person = grouped.setdefault((r["name"], r["country"]), {
            "id": None, "name": r["name"], "country": r["country"], "first_seen": None,
            "last_seen": None, "articles": 0, "offices": [], "names": [r["name"]],
        })
        person["offices"].append({k: r[k] for k in
                                  ("office", "role", "first_seen", "last_seen", "articles")})
        person["articles"] += r["articles"]  # an article naming two offices counts twice
        person["first_seen"] = min(filter(None, (person["first_seen"], r["first_seen"])),
                                   default=None)
        person["last_seen"] = max(filter(None, (person["last_seen"], r["last_seen"])),
                                  default=None)
    rows = list(grouped.values())
    for row in rows:
        row["offices"].sort(key=lambda o: (o["first_seen"] or "9999", o["office"] or ""))
    keys = {
        "articles": lambda r: (-r["articles"], r["name"]),
        "name": lambda r: (r["name"], r["country"] or ""),
        "last_seen": lambda r: (r["last_seen"] is None, _desc(r["last_seen"] or "")),
    }
    rows.sort(key=keys[sort])
    yield from islice(rows, limit)


def _desc(text_value: str) -> str:
    """A sort key that orders ISO date strings newest first."""
    return "".join(chr(0x10FFFF - ord(ch)) for ch in text_value)


# --- agreements, figures, articles ---------------------------------------------------------


def _parties(conn: Connection, table: Any, column: Any, country: str | None,
             partner: str | None, sep: str) -> ColumnElement[bool] | None:
    """Rows of ``table`` whose ``column`` (a sorted party key, or a comma-joined list of codes)
    names the country, and the partner: the exact two-party values through the column's index,
    longer lists by a scan."""
    if not country:
        return None
    if not partner:
        return _holds(conn, column, country, sep)
    exact = {sep.join((country, partner)), sep.join((partner, country))}
    fast = select(table.c.id).where(column.in_(sorted(exact)))
    general = select(table.c.id).where(
        _multiparty(column, sep),
        _holds(conn, column, country, sep),
        _holds(conn, column, partner, sep),
    )
    return table.c.id.in_(union(fast, general))


def agreement_rows(
    conn: Connection,
    *,
    country: str | None = None,
    partner: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    search: str | None = None,
    limit: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Agreements as clusters (the same signing reported by several articles is one row),
    newest first, with the first report's sentence and article."""
    ac = agreement_clusters.c
    conditions: list[ColumnElement[bool]] = [*_in_period(ac.date, since, until)]
    parties = _parties(conn, agreement_clusters, ac.party_key, country, partner, "|")
    if parties is not None:
        conditions.append(parties)
    if kind:
        conditions.append(ac.kind == kind)
    if search:
        conditions.append(func.lower(ac.topic).like(f"%{search.lower()}%"))
    first = (
        select(func.min(agreements.c.id)).where(agreements.c.cluster_id == ac.id)
        .scalar_subquery()
    )
    ids = select(ac.id, first.label("report_id")).where(*conditions).order_by(
        ac.date.desc().nulls_last(), ac.id.desc()
    )
    if limit is not None:
        ids = ids.limit(limit)
    top = ids.subquery()
    stmt = (
        select(
            ac.id.label("cluster_id"), ac.date, ac.kind, ac.topic, ac.party_key,
            ac.source_count.label("sources"), ac.report_count.label("reports"),
            agreements.c.status, agreements.c.location_name.label("location"),
            agreements.c.article_id, articles.c.published, articles.c.outlet, articles.c.url,
            agreements.c.evidence_text.label("evidence"),
        )
        .select_from(
            top.join(agreement_clusters, ac.id == top.c.id)
            .outerjoin(agreements, agreements.c.id == top.c.report_id)
            .outerjoin(articles, articles.c.id == agreements.c.article_id)
        )
        .order_by(ac.date.desc().nulls_last(), ac.id.desc())
    )
    for row in conn.execute(stmt.execution_options(yield_per=BATCH)).mappings():
        out = dict(row)
        out["parties"] = [p for p in (out.pop("party_key") or "").split("|") if p]
        yield {k: out[k] for k in ("cluster_id", "date", "kind", "topic", "parties", "sources",
                                   "reports", "status", "location", "article_id", "published",
                                   "outlet", "url", "evidence")}


def figure_rows(
    conn: Connection,
    *,
    country: str | None = None,
    partner: str | None = None,
    indicator: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Figures as reported (not merged), the latest period first (then the latest stored).
    ``since``/``until`` bound the reporting article's publication date."""
    fc = figures.c
    conditions: list[ColumnElement[bool]] = []
    parties = _parties(conn, figures, fc.countries, country, partner, ",")
    if parties is not None:
        conditions.append(parties)
    if indicator:
        conditions.append(func.lower(fc.indicator).like(f"%{indicator.lower()}%"))
    order = [fc.period.desc().nulls_last(), fc.id.desc()]
    chosen = select(fc.id).where(*conditions)
    if since or until:
        # figures chosen first, so that the planner cannot prefer walking every article
        matching = chosen.cte("matching").prefix_with("MATERIALIZED")
        chosen = (
            select(fc.id)
            .select_from(matching.join(figures, fc.id == matching.c.id)
                         .join(articles, articles.c.id == fc.article_id))
            .where(*_in_period(articles.c.published, since, until))
        )
    chosen = chosen.order_by(*order)
    top = (chosen.limit(limit) if limit is not None else chosen).subquery()
    stmt = (
        select(
            fc.id, fc.indicator, fc.value, fc.unit, fc.period, fc.countries, fc.article_id,
            articles.c.published, articles.c.outlet, articles.c.url,
            fc.evidence_text.label("evidence"),
        )
        .select_from(top.join(figures, fc.id == top.c.id)
                     .join(articles, articles.c.id == fc.article_id))
        .order_by(*order)
    )
    for row in conn.execute(stmt.execution_options(yield_per=BATCH)).mappings():
        out = dict(row)
        out["countries"] = split_codes(out["countries"])
        yield out


def article_rows(
    conn: Connection,
    *,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    search: str | None = None,
    country: str | None = None,
    partner: str | None = None,
    limit: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Stored articles, newest first, with how many events each gave."""
    a = articles.c
    conditions: list[ColumnElement[bool]] = [*_in_period(a.published, since, until)]
    if outlet:
        conditions.append(func.lower(a.outlet).like(f"%{outlet.lower()}%"))
    if search:
        conditions.append(a.id.in_(_fts_refs(conn, "article", search)))
    if country:
        EventFilter(country=country, partner=partner)  # checks the pair
        which: Any = (
            Pair(conn, country, partner).event_ids() if partner
            else select(event_actors.c.event_id).where(event_actors.c.country == country)
        )
        conditions.append(a.id.in_(select(events.c.article_id).where(events.c.id.in_(which))))
    count = (
        select(func.count()).select_from(events).where(events.c.article_id == a.id)
        .scalar_subquery()
    )
    stmt = (
        select(a.id, a.published, a.outlet, a.title, a.url, count.label("events"),
               a.extractor_version, a.text_length)
        .where(*conditions)
        .order_by(a.published.desc().nulls_last(), a.id)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    for row in conn.execute(stmt.execution_options(yield_per=BATCH)).mappings():
        yield dict(row)


# --- full-text search ----------------------------------------------------------------------

MARK = ("«", "»")  # around matched words in snippets


def search_rows(conn: Connection, query: str, *, kind: str | None = None,
                limit: int | None = 20) -> Iterator[dict[str, Any]]:
    """Articles and event sentences matching ``query``, best first, with a snippet."""
    if kind not in (None, "article", "event"):
        raise QueryError(f"unknown kind {kind!r}: article or event")
    if conn.dialect.name == "sqlite":
        rows = _search_sqlite(conn, query, kind, limit)
    else:
        rows = _search_postgres(conn, query, kind, limit)
    for rank, row in enumerate(rows, 1):
        yield {"rank": rank, **row}


_SEARCH_OUT = """
SELECT m.kind, m.article_id, CASE WHEN m.kind = 'event' THEN m.ref END AS event_id,
       a.published, a.outlet, a.title, a.url, e.type, e.date, m.snippet, m.score
FROM hits AS m
JOIN articles AS a ON a.id = m.article_id
LEFT JOIN events AS e ON m.kind = 'event' AND e.id = m.ref
ORDER BY m.score DESC, m.ref
"""


def _search_sqlite(conn: Connection, query: str, kind: str | None,
                   limit: int | None) -> Iterator[dict[str, Any]]:
    # bm25() is lower for better matches; negated so that higher is better on both engines
    sql = f"""
    WITH hits AS (
        SELECT kind, ref, article_id, -bm25(fulltext) AS score,
               snippet(fulltext, 0, '{MARK[0]}', '{MARK[1]}', '…', 16) AS snippet
        FROM fulltext WHERE fulltext MATCH :q {"AND kind = :kind" if kind else ""}
        ORDER BY rank LIMIT :limit
    ) {_SEARCH_OUT}"""
    params = {"q": fts5_query(query), "kind": kind, "limit": -1 if limit is None else limit}
    for row in conn.execute(text(sql), params).mappings():
        yield dict(row)


def _search_postgres(conn: Connection, query: str, kind: str | None,
                     limit: int | None) -> Iterator[dict[str, Any]]:
    if not query.strip():
        raise QueryError(f"nothing to search for in {query!r}")
    options = f"StartSel={MARK[0]}, StopSel={MARK[1]}, MaxWords=24, MinWords=10"
    parts = []
    if kind in (None, "article"):
        parts.append("SELECT 'article' AS kind, a.id AS ref, a.id AS article_id, "
                     "ts_rank(a.search, q.q) AS score, a.text AS body "
                     "FROM articles a, q WHERE a.search @@ q.q")
    if kind in (None, "event"):
        parts.append("SELECT 'event' AS kind, e.id AS ref, e.article_id AS article_id, "
                     "ts_rank(e.search, q.q) AS score, coalesce(e.evidence_text, '') AS body "
                     "FROM events e, q WHERE e.search @@ q.q")
    sql = f"""
    WITH q AS (SELECT websearch_to_tsquery('english', :q) AS q),
    top AS ({" UNION ALL ".join(parts)} ORDER BY score DESC, ref LIMIT :limit),
    hits AS (SELECT top.kind, top.ref, top.article_id, top.score,
                    ts_headline('english', top.body, q.q, :options) AS snippet
             FROM top, q)
    {_SEARCH_OUT}"""
    params = {"q": query, "limit": limit, "options": options}
    for row in conn.execute(text(sql), params).mappings():
        out = dict(row)
        out["score"] = float(out["score"])
        yield out


# --- a pair's dossier ----------------------------------------------------------------------


@dataclass
class Relations:
    """The state of a pair: what ``bilat relations`` prints."""

    pair: dict[str, Any]
    summary: dict[str, Any]
    by_type: list[dict[str, Any]] = field(default_factory=list)
    by_month: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    agreements: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def relations(conn: Connection, x: str, y: str, *, since: str | None = None,
              until: str | None = None, limit: int = 10) -> Relations:
    """Counts of the pair's events (clusters, so a meeting told by ten outlets counts once)
    by type and by month, scores by month, the last meetings, agreements, figures, and the
    officials of either country who appear in the pair's events."""
    from bilat.knowledge.gazetteer import country_name

    f = EventFilter(country=x, partner=y, since=since, until=until)
    pair = Pair(conn, x, y)
    c = clusters.c
    period = _in_period(c.first_date, since, until)
    total = _Tally()
    by_type: dict[str, _Tally] = defaultdict(_Tally)
    by_month: dict[str, _Tally] = defaultdict(_Tally)
    for group in _month_type_groups(conn, pair, period):
        total.add(group)
        by_type[group["type"]].add(group)
        if group["month"] and len(group["month"]) == 7:  # not undated, nor only a year
            by_month[group["month"]].add(group)
    latest = _cluster_ids(conn, replace(f, types=("CONSULT",)), pair, "date", False, limit)
    return Relations(
        pair={"country": x, "partner": y, "names": [country_name(x), country_name(y)]},
        summary=total.summary(),
        by_type=sorted(({"type": t, **tally.summary()} for t, tally in by_type.items()),
                       key=lambda d: (-d["events"], d["type"])),
        by_month=[{"month": m, **by_month[m].monthly()} for m in sorted(by_month)],
        meetings=list(_event_rows(conn, latest, False, "date", False)),
        agreements=list(agreement_rows(
            conn, country=x, partner=y, since=since, until=until, limit=limit
        )),
        figures=list(figure_rows(
            conn, country=x, partner=y, since=since, until=until, limit=limit
        )),
        people=_key_people(conn, pair, period, limit),
    )


def _month_type_groups(conn: Connection, pair: Pair, period: list[ColumnElement[bool]]
                       ) -> list[dict[str, Any]]:
    """The pair's clusters counted per (month, type), with sums to average scores from:
    at most 16 rows a month to read, however many events. Each branch of the pair is
    grouped on its own, straight from the covering index; their groups add up (a month and
    type may come twice, once per branch)."""
    c = clusters.c
    month = func.substr(c.first_date, 1, 7)
    # grouped by values no index orders, so no index is walked whole for its order
    kind = _unindexed(c.type)
    aggregates = [
        month.label("month"), kind.label("type"), func.count().label("events"),
        func.sum(c.report_count).label("reports"), func.sum(c.source_count).label("sources"),
        func.min(c.first_date).label("first_date"), func.max(c.first_date).label("last_date"),
        func.sum(c.goldstein).label("goldstein_sum"),
        func.count(c.goldstein).label("goldstein_n"),
        func.sum(c.plover_score).label("plover_score_sum"),
        func.count(c.plover_score).label("plover_score_n"),
        func.sum(case((c.plover_score > 0, 1), else_=0)).label("cooperation"),
        func.sum(case((c.plover_score < 0, 1), else_=0)).label("conflict"),
    ]
    groups: list[dict[str, Any]] = []
    for branch in pair.cluster_branches(aggregates, period):
        result = conn.execute(branch.group_by(kind, month))
        keys = list(result.keys())
        groups += [dict(zip(keys, row, strict=True)) for row in result.all()]
    return groups


@dataclass
class _Tally:
    """Counts and score sums of some of a pair's clusters, added up from groups."""

    events: int = 0
    reports: int = 0
    sources: int = 0
    cooperation: int = 0  # positive PLOVER score
    conflict: int = 0  # negative PLOVER score
    first_date: str | None = None
    last_date: str | None = None
    sums: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    types: Counter[str] = field(default_factory=Counter)

    def add(self, g: dict[str, Any]) -> None:
        for name in ("events", "reports", "sources", "cooperation", "conflict"):
            setattr(self, name, getattr(self, name) + (g[name] or 0))
        self.types[g["type"]] += g["events"]
        if g["first_date"]:
            self.first_date = min(self.first_date or g["first_date"], g["first_date"])
            self.last_date = max(self.last_date or g["last_date"], g["last_date"])
        for name in ("goldstein_sum", "goldstein_n", "plover_score_sum", "plover_score_n"):
            self.sums[name] += float(g[name] or 0)

    def means(self) -> dict[str, float | None]:
        return {
            name: round(self.sums[f"{name}_sum"] / self.sums[f"{name}_n"], 2)
            if self.sums[f"{name}_n"] else None
            for name in ("goldstein", "plover_score")
        }

    def summary(self) -> dict[str, Any]:
        return {"events": self.events, "reports": self.reports, "sources": self.sources,
                "first_date": self.first_date, "last_date": self.last_date, **self.means()}

    def monthly(self) -> dict[str, Any]:
        return {"events": self.events, "cooperation": self.cooperation,
                "conflict": self.conflict, **self.means(),
                "types": dict(sorted(self.types.items(), key=lambda kv: (-kv[1], kv[0])))}


def _key_people(conn: Connection, pair: Pair, period: list[ColumnElement[bool]],
                limit: int) -> list[dict[str, Any]]:
    """Named officials of either country among the actors of the pair's latest events (the
    representative reports of the last PEOPLE_WINDOW clusters in the period), most events
    first, with the offices the corpus knows them by."""
    c = clusters.c
    rows = pair.clusters(
        [c.id, c.event_id, _unindexed(c.first_date).label("sort_key")], period
    ).subquery()
    latest = list(conn.execute(
        select(rows.c.event_id).where(rows.c.event_id.is_not(None))
        .order_by(rows.c.sort_key.desc().nulls_last(), rows.c.id.desc())
        .limit(PEOPLE_WINDOW)
    ).scalars())
    counts: Counter[tuple[str, str]] = Counter()
    roles: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    ea = event_actors.c
    for i in range(0, len(latest), BATCH):
        for person, country, role in conn.execute(
            select(ea.person, ea.country, ea.role).where(
                ea.event_id.in_(latest[i:i + BATCH]),
                ea.person.is_not(None),
                ea.country.in_((pair.country, pair.partner)),
            )
        ).all():
            counts[(person, country)] += 1
            if role:
                roles[(person, country)][role] += 1
    out = []
    for (person, country), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]:
        known = _official(conn, person, country)
        out.append({
            "name": person, "country": country, "events": n,
            "role": roles[(person, country)].most_common(1)[0][0]
            if roles[(person, country)] else None,
            "official_id": known["id"] if known else None,
            "offices": known["offices"] if known else [],
        })
    return out


def _official(conn: Connection, name: str, country: str) -> dict[str, Any] | None:
    from bilat.knowledge.officeholders import normalise_name

    found = conn.execute(
        select(officials.c.id, officials.c.name, officials.c.country, officials.c.first_seen,
               officials.c.last_seen, officials.c.article_count.label("articles"))
        .join(official_names, official_names.c.official_id == officials.c.id)
        .where(official_names.c.name_key == normalise_name(name), officials.c.country == country)
        .limit(1)
    ).mappings().first()
    return _with_offices(conn, [dict(found)])[0] if found else None
