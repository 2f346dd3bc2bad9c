"""The ``/api`` endpoints: the corpus read through ``bilat.store.query``, as JSON, and every
list also as CSV (``/api/events.csv``: the same parameters, streamed).

A list answers ``{"results": [...], "next": cursor or null, "facets": {...}}``; ``limit``
(default 50) is capped at 500, ``cursor`` is the ``next`` of the previous page
(``bilat.web.pagination``). What a user can get wrong (a country, a date, a cursor) is a 400
with ``{"detail": "..."}``; an id that is not stored, a 404.
"""

from __future__ import annotations

import hmac
import inspect
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from itertools import chain, islice
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from bilat.output.export import (
    AGREEMENT_FIELDS,
    ARTICLE_FIELDS,
    EVENT_FIELDS,
    FIGURE_FIELDS,
    PEOPLE_FIELDS,
    SEARCH_FIELDS,
    Field,
)
from bilat.store.query import EventFilter, QueryError, parse_date
from bilat.web import pagination
from bilat.web.csv import CSVResponse, csv_chunks

router = APIRouter(prefix="/api")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
CSV_MAX_LIMIT = 1_000_000_000  # a CSV limit above this is read as this (SQL integers)
FACET_MAX = 50  # values per facet
MAX_BODY = 2 * 1024 * 1024  # bytes of a posted article

Row = dict[str, Any]
RowSource = Callable[[Connection, int | None], Iterator[Row]]


# --- response shapes (for the OpenAPI document) ----------------------------------------------


class FacetValue(BaseModel):
    value: str | None
    count: int


class Page(BaseModel):
    results: list[dict[str, Any]]
    next: str | None
    facets: dict[str, list[FacetValue]]


class Error(BaseModel):
    detail: str


class Ingested(BaseModel):
    id: str | None
    status: Literal["new", "duplicate"]
    events: int
    counts: dict[str, Any]


ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": Error, "description": "Bad parameter"}}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    **ERRORS, 404: {"model": Error, "description": "Not stored"}
}


# the CSV routes answer errors as JSON, not in their own media type
CSV_ERRORS: dict[int | str, dict[str, Any]] = {400: {"description": "Bad parameter", "content": {
    "application/json": {"schema": Error.model_json_schema()}}}}


def bad(message: str) -> HTTPException:
    return HTTPException(status_code=400, detail=message)


# --- checks of what the client sent ------------------------------------------------------------


def country(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    from bilat.knowledge.gazetteer import resolve_country

    code = resolve_country(value.strip())
    if code is None:
        raise bad(f"unknown country: {value!r}")
    return code


def pair(value: str | None, partner: str | None) -> tuple[str | None, str | None]:
    code, other = country(value), country(partner)
    if other and not code:
        raise bad("'with' needs 'country' (the pair's other side)")
    if other and other == code:
        raise bad(f"'country' and 'with' are both {code}")
    return code, other


def day(value: str | None, name: str) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return parse_date(value)
    except QueryError as exc:
        raise bad(f"{name}: {exc}") from None


def event_types(values: list[str] | None) -> tuple[str, ...]:
    """PLOVER types in any case, comma-separated or repeated; a two-digit CAMEO root stands
    for the PLOVER types its codes map to (as ``bilat events --type``)."""
    from bilat.knowledge.codebook import cameo_table
    from bilat.schema import EVENT_TYPES

    chosen: list[str] = []
    for value in values or []:
        for item in (part.strip() for part in value.split(",")):
            if not item:
                continue
            if item.upper() in EVENT_TYPES:
                chosen.append(item.upper())
            elif item.isdigit() and len(item) == 2:
                found = sorted({c.plover for code, c in cameo_table().items()
                                if code.startswith(item) and c.plover})
                if not found:
                    raise bad(f"type: CAMEO root {item} has no PLOVER event type")
                chosen.extend(found)
            else:
                raise bad(f"type: unknown event type {item!r}; PLOVER types are "
                          + ", ".join(EVENT_TYPES))
    return tuple(dict.fromkeys(chosen))


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


# --- lists: one function, three routes (plain, .json, .csv) --------------------------------------


@dataclass
class Listing:
    """What a list endpoint found to answer: its rows (given a connection and how many are
    wanted, None for all), the CSV columns, and the facets of the whole filter, if any."""

    rows: RowSource
    fields: list[Field]
    facets: Callable[[Connection], dict[str, list[dict[str, Any]]]] | None = None


LimitParam = Annotated[int, Query(ge=1, description=f"Rows per page, at most {MAX_LIMIT} "
                                  "(a larger value is capped).")]
CsvLimitParam = Annotated[int | None, Query(ge=1, description="At most this many rows "
                                            "(default: all, streamed).")]
CursorParam = Annotated[str | None, Query(description="The `next` of the previous page.")]


def _page(engine: Engine, listing: Listing, limit: int, cursor: str | None) -> Row:
    offset = _offset(cursor)
    limit = min(limit, MAX_LIMIT)
    try:
        with engine.connect() as conn:
            found = list(islice(listing.rows(conn, offset + limit + 1), offset, None))
            facets = listing.facets(conn) if listing.facets and offset == 0 else {}
    except QueryError as exc:
        raise bad(str(exc)) from None
    more = len(found) > limit
    return {"results": found[:limit], "next": pagination.encode(offset + limit) if more else None,
            "facets": facets}


def _offset(cursor: str | None) -> int:
    try:
        return pagination.decode(cursor)
    except pagination.CursorError as exc:
        raise bad(str(exc)) from None


def _csv(engine: Engine, listing: Listing, limit: int | None, cursor: str | None,
         name: str) -> CSVResponse:
    """Stream the rows; the first is read before answering, so that a query the store
    refuses is still a 400 rather than a broken download."""
    offset = _offset(cursor)
    conn = engine.connect()
    try:
        wanted = None if limit is None else offset + min(limit, CSV_MAX_LIMIT)
        rows = islice(listing.rows(conn, wanted), offset, None)
        first = list(islice(rows, 1))
    except QueryError as exc:
        conn.close()
        raise bad(str(exc)) from None
    except BaseException:
        conn.close()
        raise

    def stream() -> Iterator[str]:
        try:
            yield from csv_chunks(chain(first, rows), listing.fields)
        finally:
            conn.close()

    return CSVResponse(stream(), headers={
        "Content-Disposition": f'inline; filename="{name}.csv"'})


ListFn = Callable[..., Listing]


def listing(path: str, *, summary: str, tags: list[str | Enum]) -> Callable[[ListFn], ListFn]:
    """Register ``fn`` (its parameters are the list's filters; it returns a Listing) at
    ``path``, ``path.json`` (the same) and ``path.csv`` (streamed CSV)."""

    def register(fn: Callable[..., Listing]) -> Callable[..., Listing]:
        base = list(inspect.signature(fn).parameters.values())
        name = path.rsplit("/", 1)[-1]
        for suffix in ("", ".json", ".csv"):
            is_csv = suffix == ".csv"
            extra = [
                inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
                inspect.Parameter("limit", inspect.Parameter.KEYWORD_ONLY,
                                  annotation=CsvLimitParam if is_csv else LimitParam,
                                  default=None if is_csv else DEFAULT_LIMIT),
                inspect.Parameter("cursor", inspect.Parameter.KEYWORD_ONLY,
                                  annotation=CursorParam, default=None),
            ]
            endpoint = _endpoint(fn, is_csv, name)
            endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
                [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in base] + extra)
            endpoint.__name__ = fn.__name__ + ("_csv" if is_csv else "_json" if suffix else "")
            endpoint.__doc__ = fn.__doc__
            if is_csv:
                router.add_api_route(
                    path + suffix, endpoint, methods=["GET"], summary=summary + " (CSV)",
                    tags=tags, response_class=CSVResponse, response_model=None,
                    responses={**CSV_ERRORS, 200: {"content": {"text/csv": {
                        "schema": {"type": "string"}}}, "description": "CSV, streamed"}},
                )
            else:
                router.add_api_route(
                    path + suffix, endpoint, methods=["GET"], summary=summary, tags=tags,
                    response_model=Page, responses=ERRORS, include_in_schema=True,
                )
        return fn

    return register


def _endpoint(fn: Callable[..., Listing], is_csv: bool, name: str) -> Callable[..., Any]:
    def endpoint(*, request: Request, limit: int | None, cursor: str | None,
                 **params: Any) -> Any:
        found = fn(**params)
        engine = engine_of(request)
        if is_csv:
            return _csv(engine, found, limit, cursor, name)
        return _page(engine, found, limit or DEFAULT_LIMIT, cursor)

    return endpoint


# --- events -------------------------------------------------------------------------------------

CountryParam = Annotated[str | None, Query(
    alias="country",
    description="A country on either side: name, demonym or code (Azerbaijan, azerbaijani, "
    "AZE, AZ).")]
WithParam = Annotated[str | None, Query(
    alias="with", description="With `country`: the other party of a pair.")]
SinceParam = Annotated[str | None, Query(description="From this date on: YYYY, YYYY-MM or "
                                         "YYYY-MM-DD.")]
UntilParam = Annotated[str | None, Query(description="Up to the end of this date, month or "
                                         "year.")]


def _event_facets(f: EventFilter, reports: bool) -> Callable[[Connection], dict[str, Any]]:
    def facets(conn: Connection) -> dict[str, list[dict[str, Any]]]:
        return event_facets(conn, f, reports)

    return facets


def event_facets(conn: Connection, f: EventFilter, reports: bool) -> dict[str, list[Row]]:
    """Counts by type, country, month and status of every event the filter selects (clusters,
    or reports with ``reports``): GROUP BYs over the selected ids, FACET_MAX values each."""
    from bilat.store.query import Pair, _cluster_ids, _report_ids
    from bilat.store.schema import clusters, event_actors, events

    chosen = Pair(conn, f.country, f.partner) if f.country and f.partner else None
    if reports:
        ids = _report_ids(conn, f, chosen, "id", False, None).subquery()
        table, key = events, events.c.id
        when = events.c.date
        joined = ids.join(events, events.c.id == ids.c.id)
        with_actors = joined.join(event_actors, event_actors.c.event_id == events.c.id)
    else:
        ids = _cluster_ids(conn, f, chosen, "id", False, None).subquery()
        table, key = clusters, clusters.c.id
        when = clusters.c.first_date
        joined = ids.join(clusters, clusters.c.id == ids.c.id)
        with_actors = (joined.join(events, events.c.cluster_id == clusters.c.id)
                       .join(event_actors, event_actors.c.event_id == events.c.id))
    month = func.substr(when, 1, 7)
    out: dict[str, list[Row]] = {}
    for name, column, source in (
        ("type", table.c.type, joined), ("status", table.c.status, joined),
        ("month", month, joined), ("country", event_actors.c.country, with_actors),
    ):
        count = func.count(func.distinct(key)) if name == "country" else func.count()
        stmt = (select(column.label("value"), count.label("count")).select_from(source)
                .group_by(column).order_by(count.desc(), column).limit(FACET_MAX))
        if name == "country":
            stmt = stmt.where(event_actors.c.country.is_not(None))
        if name == "month":  # newest first reads better on a timeline
            stmt = stmt.order_by(None).order_by(column.desc().nulls_last())
        out[name] = [{"value": v, "count": int(n)} for v, n in conn.execute(stmt).all()]
    return out


@listing("/events", summary="Events between states", tags=["events"])
def list_events(
    country_: CountryParam = None,
    partner: WithParam = None,
    type_: Annotated[list[str] | None, Query(
        alias="type", description="PLOVER event type or two-digit CAMEO root; repeat for "
        "several.")] = None,
    since: SinceParam = None,
    until: UntilParam = None,
    status: Annotated[Literal["occurred", "planned", "hypothetical"] | None, Query()] = None,
    min_sources: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    search: Annotated[str | None, Query(description="Words of the evidence sentence.")] = None,
    reports: Annotated[bool, Query(description="One row per report instead of per event.")
                       ] = False,
    sort: Annotated[Literal["date", "sources", "reports", "goldstein"], Query()] = "date",
    reverse: bool = False,
) -> Listing:
    """Events as clusters (one row per interaction, however many articles told it) or, with
    `reports=true`, one row per report; facets count the whole filter's events."""
    from bilat.store.query import event_rows

    code, other = pair(country_, partner)
    try:
        f = EventFilter(country=code, partner=other, types=event_types(type_),
                        since=day(since, "since"), until=day(until, "until"), status=status,
                        min_sources=min_sources, search=search or None)
    except QueryError as exc:
        raise bad(str(exc)) from None

    def rows(conn: Connection, limit: int | None) -> Iterator[Row]:
        return event_rows(conn, f, reports=reports, sort=sort, reverse=reverse, limit=limit)

    return Listing(rows, EVENT_FIELDS, _event_facets(f, reports))


@router.get("/events/{event_id}", tags=["events"], summary="One event and all its reports",
            responses=NOT_FOUND)
def get_event(request: Request, event_id: Annotated[str, Path(
        description="An event (cluster) id, or the id of one of its reports.")]) -> Row:
    """The event (its representative report's details) and every report of it, each with its
    evidence sentence and article."""
    from bilat.store.query import _event_rows
    from bilat.store.schema import clusters, events

    with engine_of(request).connect() as conn:
        cluster_id: Any = None
        if event_id.isdigit() and len(event_id) < 12:
            cluster_id = conn.execute(
                select(clusters.c.id).where(clusters.c.id == int(event_id))).scalar()
        if cluster_id is None:
            cluster_id = conn.execute(
                select(events.c.cluster_id).where(events.c.id == event_id)).scalar()
        if cluster_id is None:
            raise HTTPException(404, detail=f"no event {event_id!r}")
        event = list(_event_rows(conn, select(clusters.c.id).where(clusters.c.id == cluster_id),
                                 False, "date", False))
        found = list(_event_rows(conn, select(events.c.id).where(events.c.cluster_id ==
                                                                 cluster_id),
                                 True, "date", True))
    return {"event": event[0], "reports": found}


# --- articles ----------------------------------------------------------------------------------


@listing("/articles", summary="Stored articles", tags=["articles"])
def list_articles(
    country_: CountryParam = None,
    partner: WithParam = None,
    since: SinceParam = None,
    until: UntilParam = None,
    outlet: str | None = None,
    search: Annotated[str | None, Query(description="Words of the article.")] = None,
) -> Listing:
    """Articles, newest first, with how many events each gave."""
    from bilat.store.query import article_rows

    code, other = pair(country_, partner)
    first, last = day(since, "since"), day(until, "until")

    def rows(conn: Connection, limit: int | None) -> Iterator[Row]:
        return article_rows(conn, since=first, until=last, outlet=outlet or None,
                            search=search or None, country=code, partner=other, limit=limit)

    return Listing(rows, ARTICLE_FIELDS)


@router.get("/articles/{article_id}", tags=["articles"], summary="One article and its records",
            responses=NOT_FOUND)
def get_article(request: Request, article_id: str) -> Row:
    """The text and every record found in it (events with their actors, people, agreements,
    figures, mentions), with character offsets into the text."""
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

    with engine_of(request).connect() as conn:
        found = conn.execute(select(articles).where(articles.c.id == article_id)
                             ).mappings().first()
        if found is None:
            raise HTTPException(404, detail=f"no article {article_id!r}")
        article = {k: v for k, v in found.items() if k not in ("fts_rowid", "source_id")}
        article["warnings"] = json.loads(article["warnings"]) if article["warnings"] else []

        def rows(table: Any, order: Any) -> list[Row]:
            stmt = select(table).where(table.c.article_id == article_id).order_by(order)
            return [{k: v for k, v in r.items() if k not in ("fts_rowid", "article_id")}
                    for r in conn.execute(stmt).mappings()]

        found_events = rows(events, events.c.position)
        actors: dict[tuple[str, str], list[Row]] = {}
        ids = [e["id"] for e in found_events]
        if ids:
            for actor in conn.execute(
                    select(event_actors).where(event_actors.c.event_id.in_(ids))
                    .order_by(event_actors.c.side, event_actors.c.position)).mappings():
                actors.setdefault((actor["event_id"], actor["side"]), []).append(
                    {k: actor[k] for k in ("name", "country", "sector", "person", "role", "start",
                                       "end")})
        for e in found_events:
            e["contexts"] = split_codes(e["contexts"])
            e["source"] = actors.get((e["id"], "source"), [])
            e["target"] = actors.get((e["id"], "target"), [])
        found_agreements = rows(agreements, agreements.c.position)
        for a in found_agreements:
            a["parties"] = split_codes(a["parties"])
        found_figures = rows(figures, figures.c.position)
        for fig in found_figures:
            fig["countries"] = split_codes(fig["countries"])
        return {
            **article,
            "events": found_events,
            "people": rows(people, people.c.position),
            "agreements": found_agreements,
            "figures": found_figures,
            "mentions": rows(mentions, mentions.c.start),
        }


# --- people, agreements, figures ------------------------------------------------------------------


@listing("/people", summary="Officials and the offices they held", tags=["people"])
def list_people(
    country_: CountryParam = None,
    search: Annotated[str | None, Query(description="Part of a name (any spelling seen).")
                      ] = None,
    office: Annotated[str | None, Query(description="An office like this (minister).")] = None,
    since: SinceParam = None,
    until: UntilParam = None,
    sort: Annotated[Literal["articles", "name", "last_seen"], Query()] = "articles",
) -> Listing:
    """Officials the corpus learnt (else the people the articles name)."""
    from bilat.store.query import people_rows

    code = country(country_)
    first, last = day(since, "since"), day(until, "until")

    def rows(conn: Connection, limit: int | None) -> Iterator[Row]:
        return people_rows(conn, country=code, search=search or None, office=office or None,
                           since=first, until=last, sort=sort, limit=limit)

    return Listing(rows, PEOPLE_FIELDS)


@listing("/agreements", summary="Agreements between states", tags=["agreements"])
def list_agreements(
    country_: CountryParam = None,
    partner: WithParam = None,
    since: SinceParam = None,
    until: UntilParam = None,
    kind: Annotated[Literal["treaty", "agreement", "mou", "contract", "deal", "declaration"]
                    | None, Query()] = None,
    search: Annotated[str | None, Query(description="Part of the topic.")] = None,
) -> Listing:
    """Agreements as clusters (one row however many articles told), newest first."""
    from bilat.store.query import agreement_rows

    code, other = pair(country_, partner)
    first, last = day(since, "since"), day(until, "until")

    def rows(conn: Connection, limit: int | None) -> Iterator[Row]:
        return agreement_rows(conn, country=code, partner=other, since=first, until=last,
                              kind=kind, search=search or None, limit=limit)

    return Listing(rows, AGREEMENT_FIELDS)


@listing("/figures", summary="Figures (trade, aid...) as reported", tags=["figures"])
def list_figures(
    country_: CountryParam = None,
    partner: WithParam = None,
    indicator: Annotated[str | None, Query(description="Part of the indicator (trade).")
                         ] = None,
    since: SinceParam = None,
    until: UntilParam = None,
) -> Listing:
    """Figures as reported, the latest period first."""
    from bilat.store.query import figure_rows

    code, other = pair(country_, partner)
    first, last = day(since, "since"), day(until, "until")

    def rows(conn: Connection, limit: int | None) -> Iterator[Row]:
        return figure_rows(conn, country=code, partner=other, indicator=indicator or None,
                           since=first, until=last, limit=limit)

    return Listing(rows, FIGURE_FIELDS)


# --- countries, dyads, search ------------------------------------------------------------------

COUNTRY_FIELDS = [Field("code"), Field("name"), Field("events", "int"), Field("reports", "int")]


def country_rows(conn: Connection, limit: int | None) -> Iterator[Row]:
    from bilat.knowledge.gazetteer import country_name
    from bilat.store.schema import event_actors, events

    ea = event_actors.c
    clusters_n = func.count(func.distinct(events.c.cluster_id))
    stmt = (
        select(ea.country, clusters_n.label("events"),
               func.count(func.distinct(ea.event_id)).label("reports"))
        .join(events, events.c.id == ea.event_id)
        .where(ea.country.is_not(None))
        .group_by(ea.country)
        .order_by(clusters_n.desc(), ea.country)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    for code, n_events, n_reports in conn.execute(stmt).all():
        yield {"code": code, "name": country_name(code), "events": int(n_events),
               "reports": int(n_reports)}


@listing("/countries", summary="Countries in the corpus", tags=["countries"])
def list_countries() -> Listing:
    """The countries acting in stored events, most events first, with their names."""
    return Listing(country_rows, COUNTRY_FIELDS)


@router.get("/dyads/{a}/{b}", tags=["dyads"], summary="A pair's dossier", responses=ERRORS)
def get_dyad(
    request: Request,
    a: str,
    b: str,
    since: SinceParam = None,
    until: UntilParam = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Meetings, agreements, figures "
                                "and people listed.")] = 10,
) -> Row:
    """What `bilat relations A B` shows, as data: counts by type and by month, scores, the
    last meetings, agreements, figures and the officials involved."""
    from bilat.store.query import relations

    x, y = country(a), country(b)
    assert x and y  # path parameters are never empty
    if x == y:
        raise bad(f"both sides are {x}")
    first, last = day(since, "since"), day(until, "until")
    try:
        with engine_of(request).connect() as conn:
            return relations(conn, x, y, since=first, until=last, limit=limit).to_dict()
    except QueryError as exc:
        raise bad(str(exc)) from None


@listing("/search", summary="Full-text search of articles and events", tags=["search"])
def search(
    q: Annotated[str, Query(min_length=1, description="Words (all must occur), \"a phrase\", "
                            "OR, -excluded, prefix*.")],
    kind: Annotated[Literal["article", "event"] | None, Query()] = None,
) -> Listing:
    """Articles and event sentences matching `q`, best first, with a snippet."""
    from bilat.store.query import fts5_query, search_rows

    if not q.strip():
        raise bad(f"nothing to search for in {q!r}")
    try:
        fts5_query(q)  # what SQLite would refuse, refused before the query
    except QueryError as exc:
        raise bad(str(exc)) from None

    def rows(conn: Connection, limit: int | None) -> Iterator[Row]:
        return search_rows(conn, q, kind=kind, limit=limit)

    return Listing(rows, SEARCH_FIELDS)


# --- ingest ------------------------------------------------------------------------------------


@router.post(
    "/articles", tags=["articles"], summary="Ingest one article (needs the token)",
    status_code=201, response_model=Ingested,
    responses={
        200: {"model": Ingested, "description": "Already stored"},
        400: {"model": Error}, 401: {"model": Error}, 403: {"model": Error},
        413: {"model": Error}, 415: {"model": Error}, 422: {"model": Error},
    },
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": {
            "type": "object", "required": ["text"],
            "properties": {k: {"type": "string"} for k in
                           ("text", "id", "url", "title", "published", "outlet")},
        }},
        "text/html": {"schema": {"type": "string"}},
    }}},
)
async def post_article(request: Request) -> Any:
    """Extract and store one article: a JSON object `{"text", "id"?, "url"?, "title"?,
    "published"?}`, or an HTML page (`Content-Type: text/html`). Needs
    `Authorization: Bearer <token>`; a server started without a token is read-only (403)."""
    _authorise(request)
    body = await _body(request)
    article = _article(request.headers.get("content-type", ""), body)
    result = await run_in_threadpool(_ingest, request, article)
    return JSONResponse(result, status_code=201 if result["status"] == "new" else 200)


def _authorise(request: Request) -> None:
    token: str | None = request.app.state.token
    if not token:
        raise HTTPException(403, detail="read-only server: start it with a token "
                            "(BILAT_TOKEN) to ingest")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), token.encode()):
        raise HTTPException(401, detail="a valid 'Authorization: Bearer <token>' is needed",
                            headers={"WWW-Authenticate": "Bearer"})


async def _body(request: Request) -> bytes:
    too_large = HTTPException(413, detail=f"the body is larger than {MAX_BODY} bytes")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _article(content_type: str, body: bytes) -> Any:
    from bilat.article import InputError
    from bilat.readers.html import read_html
    from bilat.readers.jsonfile import article_from_object

    media = content_type.split(";")[0].strip().lower()
    found: Any
    if media == "text/html":
        found = read_html(body, "api")
    elif media in ("application/json", ""):
        try:
            obj = json.loads(body)
        except (UnicodeDecodeError, ValueError) as exc:
            raise bad(f"the body is not JSON: {exc}") from None
        if not isinstance(obj, dict):
            raise bad("the body must be a JSON object with a 'text'")
        found = article_from_object(obj, "api")
    else:
        raise HTTPException(415, detail=f"cannot read {media!r}: send application/json or "
                            "text/html")
    if isinstance(found, InputError):
        raise bad(found.message)
    return found


def _ingest(request: Request, article: Any) -> Row:
    """Extract and commit one article as ``bilat ingest`` does (one run, one transaction),
    one request at a time (the extractor is not shared between threads)."""
    from bilat.article import content_id
    from bilat.extract import extract_safely
    from bilat.ingest import IngestCounts, Ingester, StoreFault
    from bilat.store.write import stored_article_id

    state = request.app.state
    engine: Engine = state.engine
    counts = IngestCounts()
    try:
        with state.ingest_lock:
            if state.ingester is None:
                state.ingester = Ingester(engine, batch_articles=1)
            ingester: Ingester = state.ingester
            with ingester._recorded("api POST /api/articles", counts):
                fresh = ingester._fresh([article], counts, None)
                for art, extraction in extract_safely(
                    ingester.extractor, fresh, ingester._on_failure(counts, None)
                ):
                    extraction = ingester._with_latest_knowledge(art, extraction)
                    ingester._commit(art, extraction, None, counts)
    except StoreFault as exc:
        raise HTTPException(503, detail=str(exc)) from None
    except SQLAlchemyError as exc:
        raise HTTPException(503, detail=f"database error: {exc}") from None
    if counts.failed:
        raise HTTPException(422, detail="; ".join(counts.failures) or "extraction failed")
    with engine.connect() as conn:
        stored = stored_article_id(conn, article.id, article.url, content_id(article.text))
    return {"id": stored, "status": "new" if counts.new else "duplicate",
            "events": counts.events, "counts": counts.as_dict()}
