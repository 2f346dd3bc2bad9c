"""``bilat events``, ``people``, ``agreements``, ``figures``, ``articles``, ``search`` and
``relations``: reading the corpus database.

Each command checks what the user typed, asks ``bilat.store.query`` and prints the rows; the
options that mean the same thing are spelt the same way everywhere (``commands.common``).
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bilat.commands import common
from bilat.commands.common import (
    CountryOption,
    DbOption,
    Format,
    FormatOption,
    LimitOption,
    MinSourcesOption,
    OutOption,
    ReportsOption,
    SinceOption,
    StatusOption,
    TypeOption,
    UntilOption,
    WithOption,
)

if TYPE_CHECKING:
    from bilat.output.formats import Column, Row


class EventSort(str, Enum):
    date = "date"
    sources = "sources"
    reports = "reports"
    goldstein = "goldstein"


class PeopleSort(str, Enum):
    articles = "articles"
    name = "name"
    last_seen = "last_seen"


class Kind(str, Enum):
    article = "article"
    event = "event"


class AgreementKind(str, Enum):
    treaty = "treaty"
    agreement = "agreement"
    mou = "mou"
    contract = "contract"
    deal = "deal"
    declaration = "declaration"


class RelationsFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def register(app: typer.Typer) -> None:
    app.command()(events)
    app.command()(people)
    app.command()(agreements)
    app.command()(figures)
    app.command()(articles)
    app.command()(search)
    app.command()(relations)


def _pair(country: str | None, partner: str | None) -> tuple[str | None, str | None]:
    code = common.country(country, "--country")
    other = common.country(partner, "--with")
    if other and not code:
        common.fail("--with needs --country (the pair's other side)")
    if other and other == code:
        common.fail(f"--country and --with are both {code}")
    return code, other


# --- cells ---------------------------------------------------------------------------------


def _actors(row: Row) -> str:
    source, target = ",".join(row.get("source") or []), ",".join(row.get("target") or [])
    return f"{source} → {target}" if target else source


def _when(row: Row) -> str:
    first, last = row.get("date") or "", row.get("last_date")
    return f"{first}…{last}" if last and last != first else first


def _type(row: Row) -> str:
    return row["type"] + (f"/{row['mode']}" if row.get("mode") else "")


def _number(value: Any) -> str:
    if not isinstance(value, int | float):
        return "" if value is None else str(value)
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"


def _offices(row: Row) -> str:
    lines = []
    for o in row.get("offices") or []:
        span = f"{o.get('first_seen') or '?'}…{o.get('last_seen') or '?'}"
        lines.append(f"{o.get('office') or o.get('role')}  {span}  ({o.get('articles') or 0})")
    return "\n".join(lines)


def _col(key: str, header: str | None = None, **kw: Any) -> Column:
    from bilat.output.formats import Column

    return Column(key, header, **kw)


def _event_columns(reports: bool) -> list[Column]:
    if reports:
        return [
            _col("event_id", "report"), _col("date", cell=_when), _col("type", cell=_type),
            _col("actors", cell=_actors), _col("location", "place"), _col("status"),
            _col("cluster_id", "event"), _col("outlet"), _col("evidence", width=70),
        ]
    return [
        _col("cluster_id", "id"), _col("date", cell=_when), _col("type", cell=_type),
        _col("actors", cell=_actors), _col("location", "place"), _col("sources", "src"),
        _col("reports", "rep"), _col("goldstein", "gold"), _col("evidence", width=70),
    ]


# --- commands ------------------------------------------------------------------------------


def events(
    country: CountryOption = None,
    partner: WithOption = None,
    event_type: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    status: StatusOption = None,
    min_sources: MinSourcesOption = None,
    text: Annotated[str | None, typer.Option(
        "--search", "-s", help="Only events whose evidence sentence matches these words.")] = None,
    reports: ReportsOption = False,
    sort: Annotated[EventSort, typer.Option(
        "--sort", help="date (newest first), sources or reports (most first), goldstein "
        "(most hostile first).")] = EventSort.date,
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    limit: LimitOption = None,
    fmt: FormatOption = Format.table,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """Events between states: one row per event, however many articles reported it.

    --country X is X on either side; with --with Y, the events of the pair X and Y.

    Example: bilat events --country Azerbaijan --with belarusian --since 2024 --type consult
    """
    from bilat.store.query import EventFilter, event_rows

    code, other = _pair(country, partner)
    flt = EventFilter(
        country=code, partner=other, types=common.event_types(event_type),
        since=common.date(since, "--since"), until=common.date(until, "--until"),
        status=status.value if status else None, min_sources=min_sources, search=text,
    )
    shown = common.limit_for(limit, fmt)
    from bilat.output.export import EVENT_FIELDS

    with common.store(db) as conn:
        rows = event_rows(conn, flt, reports=reports, sort=sort.value, reverse=reverse,
                          limit=common.asked(shown, fmt))
        common.emit(rows, fmt, out, shown, columns=_event_columns(reports),
                    fields=EVENT_FIELDS, title="reports" if reports else "events",
                    nothing="no events match")


def people(
    country: CountryOption = None,
    name: Annotated[str | None, typer.Option(
        "--search", "-s", help="Only people whose name holds this (any spelling seen).")] = None,
    office: Annotated[str | None, typer.Option(
        "--office", help="Only people who held an office like this (minister, president).")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    sort: Annotated[PeopleSort, typer.Option(
        "--sort", help="articles (most first), name, last_seen (latest first).")
    ] = PeopleSort.articles,
    limit: LimitOption = None,
    fmt: FormatOption = Format.table,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """Officials the corpus learnt, with the offices each held over time.

    Each office is shown with the first and last dates an article named them in it.

    Example: bilat people --country AZE --office minister
    """
    from bilat.output.export import PEOPLE_FIELDS
    from bilat.store.query import has_officials, people_rows

    code = common.country(country)
    first, last = common.date(since, "--since"), common.date(until, "--until")
    shown = common.limit_for(limit, fmt)
    columns = [
        _col("name"), _col("country"), _col("offices", cell=_offices),
        _col("first_seen", "first seen"), _col("last_seen", "last seen"),
        _col("articles"),
    ]
    with common.store(db) as conn:
        if not has_officials(conn):
            common.note("no learnt officials in this database; listing people as the "
                        "articles name them")
        rows = people_rows(conn, country=code, search=name, office=office, since=first,
                           until=last, sort=sort.value,
                           limit=common.asked(shown, fmt))
        common.emit(rows, fmt, out, shown, columns=columns, fields=PEOPLE_FIELDS,
                    title="people", nothing="no people match")


def agreements(
    country: CountryOption = None,
    partner: WithOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: Annotated[AgreementKind | None, typer.Option(
        "--kind", help="Only agreements of this kind.")] = None,
    topic: Annotated[str | None, typer.Option(
        "--search", "-s", help="Only agreements whose topic holds this.")] = None,
    limit: LimitOption = None,
    fmt: FormatOption = Format.table,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """Agreements signed between states, newest first; one row however many articles told.

    Example: bilat agreements --country Azerbaijan --with Belarus --since 2023
    """
    from bilat.output.export import AGREEMENT_FIELDS
    from bilat.store.query import agreement_rows

    code, other = _pair(country, partner)
    first, last = common.date(since, "--since"), common.date(until, "--until")
    shown = common.limit_for(limit, fmt)
    columns = [
        _col("cluster_id", "id"), _col("date"), _col("kind"), _col("topic", width=50),
        _col("parties", render=lambda v: ",".join(v or [])), _col("sources", "src"),
        _col("evidence", width=70),
    ]
    with common.store(db) as conn:
        rows = agreement_rows(conn, country=code, partner=other, since=first, until=last,
                              kind=kind.value if kind else None, search=topic,
                              limit=common.asked(shown, fmt))
        common.emit(rows, fmt, out, shown, columns=columns, fields=AGREEMENT_FIELDS,
                    title="agreements", nothing="no agreements match")


def figures(
    country: CountryOption = None,
    partner: WithOption = None,
    indicator: Annotated[str | None, typer.Option(
        "--indicator", "-i", help="Only figures whose indicator holds this (trade, "
        "investment, aid...).")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = Format.table,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """Economic figures reported between states (trade, investment, aid...), latest period
    first. --since/--until bound the reporting article's publication date.

    Example: bilat figures --country AZE --with BLR --indicator trade
    """
    from bilat.output.export import FIGURE_FIELDS
    from bilat.store.query import figure_rows

    code, other = _pair(country, partner)
    first, last = common.date(since, "--since"), common.date(until, "--until")
    shown = common.limit_for(limit, fmt)
    columns = [
        _col("indicator"), _col("value", render=_number), _col("unit"), _col("period"),
        _col("countries", render=lambda v: ",".join(v or [])), _col("published"),
        _col("evidence", width=70),
    ]
    with common.store(db) as conn:
        rows = figure_rows(conn, country=code, partner=other, indicator=indicator,
                           since=first, until=last,
                           limit=common.asked(shown, fmt))
        common.emit(rows, fmt, out, shown, columns=columns, fields=FIGURE_FIELDS,
                    title="figures", nothing="no figures match")


def articles(
    since: SinceOption = None,
    until: UntilOption = None,
    outlet: Annotated[str | None, typer.Option(
        "--outlet", help="Only articles from an outlet whose name holds this.")] = None,
    text: Annotated[str | None, typer.Option(
        "--search", "-s", help="Only articles whose title or text matches these words.")
    ] = None,
    country: CountryOption = None,
    partner: WithOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = Format.table,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """Stored articles, newest first, with how many events each gave and the extractor
    version that read them. --country/--with: articles reporting events of that country/pair.

    Example: bilat articles --since 2024-10 --outlet "Baltic Courier"
    """
    from bilat.output.export import ARTICLE_FIELDS
    from bilat.store.query import article_rows

    code, other = _pair(country, partner)
    first, last = common.date(since, "--since"), common.date(until, "--until")
    shown = common.limit_for(limit, fmt)
    columns = [
        _col("id"), _col("published"), _col("outlet"), _col("title", width=60),
        _col("events"), _col("extractor_version", "version"),
    ]
    with common.store(db) as conn:
        rows = article_rows(conn, since=first, until=last, outlet=outlet, search=text,
                            country=code, partner=other,
                            limit=common.asked(shown, fmt))
        common.emit(rows, fmt, out, shown, columns=columns, fields=ARTICLE_FIELDS,
                    title="articles", nothing="no articles match")


def search(
    words: Annotated[str, typer.Argument(
        help='Words to find (all of them); "a phrase", OR, -excluded, prefix*.')],
    kind: Annotated[Kind | None, typer.Option(
        "--kind", help="Only articles, or only event evidence sentences.")] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", "-n", min=0, help="At most this many hits, best first; 0 for all "
        "(default: 20).")] = None,
    fmt: FormatOption = Format.table,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """Full-text search over article texts and event evidence, best matches first.

    Example: bilat search '"free trade" Belarus -football'
    """
    from bilat.output.export import SEARCH_FIELDS
    from bilat.store.query import search_rows

    shown = 20 if limit is None else limit or None
    columns = [
        _col("rank", "#"), _col("kind"), _col("article_id", "article"), _col("published"),
        _col("outlet"), _col("what", cell=lambda r: r.get("type") or r.get("title") or "",
                             width=40),
        _col("snippet", width=90),
    ]
    with common.store(db) as conn:
        rows = search_rows(conn, words, kind=kind.value if kind else None,
                           limit=common.asked(shown, fmt))
        common.emit(rows, fmt, out, shown, columns=columns, fields=SEARCH_FIELDS,
                    title=f"search: {words}", nothing="no text matches")


def relations(
    country: Annotated[str, typer.Argument(help="One country: name, demonym or code.")],
    partner: Annotated[str, typer.Argument(help="The other country.")],
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, typer.Option(
        "--limit", "-n", min=1, help="Rows in each list (meetings, agreements, figures, "
        "people).")] = 10,
    fmt: Annotated[RelationsFormat, typer.Option(
        "--format", "-f", help="table (sections, for reading), json (one object) or jsonl "
        "(the same object on one line).")] = RelationsFormat.table,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """The state of relations between two countries: events by type and by month with their
    scores, the last meetings, agreements, figures and the officials involved.

    Example: bilat relations Azerbaijan Belarus --since 2023
    """
    from bilat.store.query import relations as dossier

    code, other = _pair(country, partner)
    assert code and other
    first, last = common.date(since, "--since"), common.date(until, "--until")
    with common.store(db) as conn:
        found = dossier(conn, code, other, since=first, until=last, limit=limit)
    with common.output(out) as handle:
        if fmt is RelationsFormat.table:
            _print_relations(found.to_dict(), handle)
        else:
            import json

            data = found.to_dict()
            indent = 2 if fmt is RelationsFormat.json else None
            text = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
            handle.write(text + "\n")
    if not found.summary["events"]:
        common.note(f"no events between {code} and {other}"
                    + (" in that period" if first or last else ""))


TABLE_MONTHS = 24
"""Months a relations table shows (the latest); --since narrows the period, json has all."""


def _months_title(months: list[dict[str, Any]]) -> str:
    if len(months) <= TABLE_MONTHS:
        return "by month"
    return f"by month (last {TABLE_MONTHS} of {len(months)} with events; --since or json for more)"


def _print_relations(data: dict[str, Any], handle: Any) -> None:
    from rich.text import Text

    from bilat.output.formats import console, write_table

    pair, summary = data["pair"], data["summary"]
    screen = console(handle)
    title = f"{pair['names'][0]} ({pair['country']}) – {pair['names'][1]} ({pair['partner']})"
    screen.print(Text(title, style="bold"))
    span = f"{summary['first_date'] or '?'} … {summary['last_date'] or '?'}"
    screen.print(Text(
        f"{summary['events']} events ({summary['reports']} reports), {span}; mean Goldstein "
        f"{_number(summary['goldstein'])}, mean PLOVER score {_number(summary['plover_score'])}"
    ))
    sections: list[tuple[str, list[dict[str, Any]], list[Column]]] = [
        ("by type", data["by_type"], [
            _col("type"), _col("events"), _col("reports"), _col("sources"),
            _col("goldstein"), _col("plover_score", "plover"), _col("last_date", "last")]),
        (_months_title(data["by_month"]), data["by_month"][-TABLE_MONTHS:], [
            _col("month"), _col("events"), _col("cooperation", "coop"), _col("conflict"),
            _col("goldstein"), _col("plover_score", "plover"),
            _col("types", render=lambda t: ", ".join(f"{k} {n}" for k, n in t.items()))]),
        ("last meetings", data["meetings"], [
            _col("date", cell=_when), _col("type", cell=_type), _col("actors", cell=_actors),
            _col("location", "place"), _col("sources", "src"), _col("evidence", width=80)]),
        ("agreements", data["agreements"], [
            _col("date"), _col("kind"), _col("topic", width=50), _col("sources", "src"),
            _col("evidence", width=70)]),
        ("figures", data["figures"], [
            _col("indicator"), _col("value", render=_number), _col("unit"), _col("period"),
            _col("published"), _col("evidence", width=70)]),
        ("key people", data["people"], [
            _col("name"), _col("country"), _col("role"), _col("events"),
            _col("offices", cell=_offices)]),
    ]
    for title, rows, columns in sections:
        if rows:
            handle.write("\n")
            write_table(rows, columns, handle, title)
