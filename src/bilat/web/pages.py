"""Server-rendered HTML pages over the corpus (Jinja2 templates, Chart.js bundled locally).

``install_pages(app)`` adds them to an app made by ``bilat.web.create_app`` (which keeps its
engine on ``app.state.engine``): ``/`` (latest events, most active pairs, search),
``/events`` (a list, with full-text search), ``/events/{cluster_id}`` (an event and all its
reports), ``/dyads/{a}/{b}`` (a pair's dossier, with charts) and ``/articles/{id}`` (the text
with every record highlighted on its evidence). Every value from the database goes through
Jinja2's autoescaping; chart data is embedded as JSON with ``<``, ``>`` and ``&`` escaped.
See docs/web.md.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from sqlalchemy import Connection, func, select

from bilat.knowledge.gazetteer import country_name, resolve_country
from bilat.output.dossier import chart_data, sources
from bilat.store.query import EventFilter, QueryError, event_rows, parse_date, relations
from bilat.store.schema import (
    agreements,
    articles,
    clusters,
    event_actors,
    events,
    figures,
    mentions,
    people,
    split_codes,
)
from bilat.vocabulary import EVENT_TYPES
from bilat.web.highlight import Span, highlight
from bilat.web.twins import TwinMiddleware, requested, twin

__all__ = ["install_pages", "json_script", "router"]

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))  # autoescapes .html
router = APIRouter(include_in_schema=False)

LATEST = 20  # events on the home page
ACTIVE_DAYS = 30  # the window of the most active pairs, back from the newest event
ACTIVE_PAIRS = 10
TABLE_MAX = 500  # events in a list
DOSSIER_ROWS = 100  # newest events in a dossier's table (a month or the filters show others)
# Only the page's own scripts run: no inline script, nothing from another origin.
CSP = ("default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'")


def json_script(value: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``</script>`` can close
    it, and nothing reads as markup (``<``, ``>``, ``&`` as ``\\u`` escapes)."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return Markup(text)


def http_url(value: Any) -> str:
    """The URL if it is http(s), else '' (no ``javascript:`` link from a stored URL)."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else ""


templates.env.filters["json_script"] = json_script
templates.env.filters["http_url"] = http_url
templates.env.globals["country_name"] = country_name


def install_pages(app: FastAPI) -> None:
    """Add the pages, their ``.json``/``.csv`` twins and static files (``/static``)."""
    from bilat.web.country_page import router as country_router

    app.add_middleware(TwinMiddleware)
    app.include_router(router)
    app.include_router(country_router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")


class PageError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _render(request: Request, name: str, context: dict[str, Any],
            status: int = 200) -> Response:
    fmt = requested(request)
    if fmt is not None:
        return twin(fmt, name, context, status)
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _error(request: Request, exc: PageError) -> Response:
    title = "Not found" if exc.status == 404 else "Bad request"
    return _render(request, "error.html", {"title": title, "message": exc.message},
                   status=exc.status)


def _connect(request: Request) -> Connection:
    conn: Connection = request.app.state.engine.connect()
    return conn


def _period(value: str | None, name: str) -> str | None:
    if not value or not value.strip():
        return None
    try:
        return parse_date(value)
    except QueryError as exc:
        raise PageError(400, f"{name}: {exc}") from None


def _types(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    kind = value.strip().upper()
    if kind not in EVENT_TYPES:
        raise PageError(400, f"unknown event type {value!r}")
    return (kind,)


def _country(value: str) -> str:
    code = resolve_country(value)
    if code is None:
        raise PageError(404, f"Unknown country: {value!r}. Use a name, demonym or code "
                        "such as Azerbaijan, azerbaijani, AZE or AZ.")
    return code


# --- home ------------------------------------------------------------------------------------


def _active_pairs(conn: Connection) -> tuple[list[dict[str, Any]], str | None, str | None]:
    """The pairs with the most events in the last ACTIVE_DAYS of the corpus (back from its
    newest event date); an event of three parties counts for each two of them."""
    newest = conn.execute(select(func.max(clusters.c.first_date))).scalar()
    if not newest:
        return [], None, None
    year, month, day = (int(p) for p in (newest + "-01-01")[:10].split("-"))
    since = (date(year, month, day) - timedelta(days=ACTIVE_DAYS)).isoformat()
    counts: Counter[tuple[str, str]] = Counter()
    for (key,) in conn.execute(
        select(clusters.c.actor_key).where(clusters.c.first_date >= since)
    ):
        codes = sorted({p for p in key.split("|") if len(p) == 3 and p.isupper()})
        counts.update(combinations(codes, 2))
    pairs = [{"a": a, "b": b, "events": n}
             for (a, b), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return pairs[:ACTIVE_PAIRS], since, newest


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    with _connect(request) as conn:
        latest = list(event_rows(conn, EventFilter(), limit=LATEST))
        pairs, since, newest = _active_pairs(conn)
    return _render(request, "home.html", {
        "title": "bilat", "latest": latest, "pairs": pairs, "since": since, "newest": newest,
    })


# --- event lists -----------------------------------------------------------------------------


@router.get("/events", response_class=HTMLResponse)
def event_list(request: Request, q: str | None = None, country: str | None = None,
               type: str | None = None, status: str | None = None,
               since: str | None = None, until: str | None = None) -> Response:
    """The faceted event browser: full-text words and filters, with counts by type, status,
    month and country of everything the filters select (each count a link that narrows)."""
    from bilat.web.api import event_facets

    try:
        code = _country(country) if country and country.strip() else None
        if status and status not in STATUSES:
            raise PageError(400, f"unknown status {status!r}: use {', '.join(STATUSES)}")
        f = EventFilter(country=code, types=_types(type), since=_period(since, "since"),
                        until=_period(until, "until"), status=status or None,
                        search=q if q and q.strip() else None)
        with _connect(request) as conn:
            rows = list(event_rows(conn, f, limit=TABLE_MAX))
            facets = event_facets(conn, f, False)
    except PageError as exc:
        return _error(request, exc)
    except QueryError as exc:
        return _error(request, PageError(400, str(exc)))
    current = {k: v for k, v in (("q", q), ("country", country), ("type", type),
                                 ("status", status), ("since", since), ("until", until)) if v}
    return _render(request, "events.html", {
        "title": f"Events matching {q}" if q else "Events", "rows": rows, "q": q or "",
        "country": country or "", "type": type or "", "status": status or "",
        "since": since or "", "until": until or "", "types": EVENT_TYPES,
        "facets": _facet_links(facets, current),
    })


STATUSES = ("occurred", "planned", "hypothetical")


def _facet_links(facets: dict[str, list[dict[str, Any]]], current: dict[str, str]
                 ) -> dict[str, list[dict[str, Any]]]:
    """Each facet value with the link that adds it to the current filters (a month sets
    since and until to that month)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name, values in facets.items():
        links = []
        for item in values:
            value = item["value"]
            if value is None:
                continue
            chosen = dict(current)
            if name == "month":
                chosen.update(since=value, until=value)
            else:
                chosen[name] = value
            links.append({**item, "href": "/events?" + urlencode(chosen)})
        out[name] = links
    return out


# --- one event -------------------------------------------------------------------------------


@router.get("/events/{cluster_id}", response_class=HTMLResponse)
def event_page(request: Request, cluster_id: int) -> Response:
    if not 0 < cluster_id < 2**63:  # beyond any stored id (and SQL's integers)
        return _error(request, PageError(404, f"No event {cluster_id} in the corpus."))
    with _connect(request) as conn:
        cluster = conn.execute(
            select(clusters).where(clusters.c.id == cluster_id)
        ).mappings().first()
        if cluster is None:
            return _error(request, PageError(404, f"No event {cluster_id} in the corpus."))
        e, a = events.c, articles.c
        reports = [dict(r) for r in conn.execute(
            select(e.id, e.type, e.mode, e.cameo, e.date, e.status, e.negated,
                   e.location_name, e.goldstein, e.confidence, e.evidence_text,
                   e.article_id, a.title, a.outlet, a.url, a.published)
            .join(articles, a.id == e.article_id)
            .where(e.cluster_id == cluster_id)
            .order_by(a.published.nulls_last(), e.id)
        ).mappings()]
        actors: dict[str, dict[str, list[str]]] = {}
        if reports:
            for row in conn.execute(
                select(event_actors).where(event_actors.c.event_id.in_(
                    [r["id"] for r in reports]
                )).order_by(event_actors.c.event_id, event_actors.c.side,
                            event_actors.c.position)
            ).mappings():
                label = row["name"] + (f" ({row['country']})" if row["country"] else "")
                if row["person"] and row["person"] != row["name"]:
                    label = f"{row['person']}, {label}"
                actors.setdefault(row["event_id"], {}).setdefault(row["side"], []).append(label)
    for r in reports:
        r["actors"] = actors.get(r["id"], {})
    parties = [p for p in cluster["actor_key"].split("|") if p]
    return _render(request, "event.html", {
        "title": f"{cluster['type']} {' – '.join(parties)} {cluster['first_date'] or ''}",
        "cluster": dict(cluster), "reports": reports, "parties": parties,
    })


# --- a pair's dossier ------------------------------------------------------------------------


@router.get("/dyads/{a}/{b}", response_class=HTMLResponse)
def dossier(request: Request, a: str, b: str, since: str | None = None,
            until: str | None = None, type: str | None = None,
            month: str | None = None) -> Response:
    try:
        x, y = _country(a), _country(b)
        if x == y:
            raise PageError(404, f"{a!r} and {b!r} are the same country ({x}): a dossier "
                            "is about two.")
        since, until = _period(since, "since"), _period(until, "until")
        types = _types(type)
        if month and (len(month) != 7 or _period(month, "month") != month):
            raise PageError(400, f"month: not a month: {month!r} (expected YYYY-MM)")
    except PageError as exc:
        return _error(request, exc)
    with _connect(request) as conn:
        rel = relations(conn, x, y, since=since, until=until).to_dict()
        table_since, table_until = (month, month) if month else (since, until)
        rows = list(event_rows(
            conn, EventFilter(country=x, partner=y, types=types, since=table_since,
                              until=table_until),
            limit=DOSSIER_ROWS + 1,
        ))
    more = len(rows) > DOSSIER_ROWS
    rows = rows[:DOSSIER_ROWS]
    timeline, scores = chart_data(rel, types)
    return _render(request, "dossier.html", {
        "title": f"{country_name(x)} – {country_name(y)}",
        "x": x, "y": y, "rel": rel, "rows": rows, "timeline": timeline, "scores": scores,
        "since": since or "", "until": until or "", "type": types[0] if types else "",
        "month": month or "", "types": EVENT_TYPES, "more": more,
        "sources": sorted(  # most records first
            sources([*rows, *rel["meetings"], *rel["agreements"], *rel["figures"]]),
            key=lambda e: (-e["records"], e["published"] or "")),
        "path": f"/dyads/{a}/{b}",
    })


# --- an article ------------------------------------------------------------------------------


def _describe(*parts: Any) -> str:
    return " · ".join(str(p) for p in parts if p not in (None, ""))


def article_records(conn: Connection, article_id: str
                    ) -> tuple[list[dict[str, Any]], list[Span]]:
    """The article's records (for the list beside the text) and their spans."""
    records: list[dict[str, Any]] = []
    spans: list[Span] = []

    def add(kind: str, ref: str, label: str, evidence: str | None, start: int | None,
            end: int | None, link: str | None = None) -> None:
        records.append({"kind": kind, "ref": ref, "label": label, "evidence": evidence,
                        "start": start, "end": end, "link": link})
        if start is not None and end is not None:
            spans.append(Span(start, end, kind, ref, f"{kind}: {label}"))

    e = events.c
    actor_codes: dict[str, list[str]] = {}
    for ev_id, country, name in conn.execute(
        select(event_actors.c.event_id, event_actors.c.country, event_actors.c.name)
        .join(events, e.id == event_actors.c.event_id).where(e.article_id == article_id)
        .order_by(event_actors.c.event_id, event_actors.c.side, event_actors.c.position)
    ):
        actor_codes.setdefault(ev_id, []).append(country or name)
    for r in conn.execute(
        select(e.id, e.position, e.type, e.mode, e.date, e.status, e.cluster_id,
               e.evidence_start, e.evidence_end, e.evidence_text)
        .where(e.article_id == article_id).order_by(e.position)
    ).mappings():
        parties = "–".join(dict.fromkeys(actor_codes.get(r["id"], [])))
        add("event", f"event-{r['position']}",
            _describe(r["type"], r["mode"], parties, r["date"], r["status"]),
            r["evidence_text"], r["evidence_start"], r["evidence_end"],
            f"/events/{r['cluster_id']}" if r["cluster_id"] is not None else None)
    g = agreements.c
    for r in conn.execute(
        select(g.position, g.topic, g.kind, g.parties, g.date, g.status, g.evidence_start,
               g.evidence_end, g.evidence_text)
        .where(g.article_id == article_id).order_by(g.position)
    ).mappings():
        add("agreement", f"agreement-{r['position']}",
            _describe(r["kind"], r["topic"], "–".join(split_codes(r["parties"])), r["date"],
                      r["status"]),
            r["evidence_text"], r["evidence_start"], r["evidence_end"])
    fg = figures.c
    for r in conn.execute(
        select(fg.position, fg.indicator, fg.value, fg.unit, fg.period, fg.countries,
               fg.evidence_start, fg.evidence_end, fg.evidence_text)
        .where(fg.article_id == article_id).order_by(fg.position)
    ).mappings():
        add("figure", f"figure-{r['position']}",
            _describe(r["indicator"], f"{r['value']:,.0f} {r['unit']}", r["period"],
                      "–".join(split_codes(r["countries"]))),
            r["evidence_text"], r["evidence_start"], r["evidence_end"])
    said: dict[str, list[tuple[int, int]]] = {}
    named: dict[str, set[tuple[int, int]]] = {}
    for ref, start, end in conn.execute(
        select(mentions.c.ref, mentions.c.start, mentions.c.end)
        .where(mentions.c.article_id == article_id, mentions.c.kind == "person")
        .order_by(mentions.c.start)
    ):
        said.setdefault(ref, []).append((start, end))
    # people the extractor gave no mention of: where the article's events name them
    for person, start, end in conn.execute(
        select(event_actors.c.person, event_actors.c.start, event_actors.c.end)
        .join(events, e.id == event_actors.c.event_id)
        .where(e.article_id == article_id, event_actors.c.person.is_not(None),
               event_actors.c.start.is_not(None), event_actors.c.end.is_not(None))
        .order_by(event_actors.c.start)
    ):
        named.setdefault(person, set()).add((start, end))
    p = people.c
    for r in conn.execute(
        select(p.position, p.name, p.role, p.country)
        .where(p.article_id == article_id).order_by(p.position)
    ).mappings():
        label = _describe(r["name"], r["role"], r["country"])
        places = said.get(str(r["position"])) or _outermost(named.get(r["name"], set()))
        ref = f"person-{r['position']}"
        records.append({"kind": "person", "ref": ref, "label": label, "evidence": None,
                        "start": places[0][0] if places else None,
                        "end": places[0][1] if places else None, "link": None,
                        "mentions": len(places)})
        spans.extend(Span(start, end, "person", ref, f"person: {label}")
                     for start, end in places)
    return records, spans


def _outermost(places: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside another ('Aliyar' within 'Farid Aliyar'), in text order."""
    return sorted(p for p in places
                  if not any(o != p and o[0] <= p[0] and p[1] <= o[1] for o in places))


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> Response:
    with _connect(request) as conn:
        article = conn.execute(
            select(articles.c.id, articles.c.url, articles.c.outlet, articles.c.title,
                   articles.c.author, articles.c.published, articles.c.text,
                   articles.c.extractor_version)
            .where(articles.c.id == article_id)
        ).mappings().first()
        if article is None:
            return _error(request, PageError(404, f"No article {article_id!r} in the corpus."))
        records, spans = article_records(conn, article_id)
    kinds = Counter(r["kind"] for r in records)
    return _render(request, "article.html", {
        "title": article["title"] or article_id, "article": dict(article),
        "body": highlight(article["text"], spans), "records": records, "kinds": kinds,
    })
