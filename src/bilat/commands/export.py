"""``bilat export``: the corpus in the formats other tools read (CSV, JSON Lines, Parquet,
PLOVER JSON, GDELT 2.0 event rows), streamed from the store, with the filters of ``events``."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from bilat.commands import common
from bilat.commands.common import (
    CountryOption,
    DbOption,
    MinSourcesOption,
    OutOption,
    ReportsOption,
    SinceOption,
    StatusOption,
    TypeOption,
    UntilOption,
    WithOption,
)


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    plover = "plover"
    gdelt = "gdelt"


class What(str, Enum):
    events = "events"
    people = "people"
    agreements = "agreements"
    figures = "figures"


def register(app: typer.Typer) -> None:
    app.command()(export)


def export(
    fmt: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="jsonl, csv, parquet (needs --out), plover (PLOVER JSON "
        "records) or gdelt (GDELT 2.0 event table, tab-separated).")] = ExportFormat.jsonl,
    what: Annotated[What, typer.Option(
        "--what", help="events, people, agreements or figures (plover and gdelt: events).")
    ] = What.events,
    out: OutOption = None,
    country: CountryOption = None,
    partner: WithOption = None,
    event_type: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    status: StatusOption = None,
    min_sources: MinSourcesOption = None,
    reports: ReportsOption = False,
    array: Annotated[bool, typer.Option(
        "--array", help="plover: one JSON array instead of one record per line.")] = False,
    header: Annotated[bool, typer.Option(
        "--header", help="gdelt: a first line of column names (GDELT's files have none).")
    ] = False,
    db: DbOption = None,
) -> None:
    """Export events (or people, agreements, figures) for other tools, streamed.

    Events are one row per event (reports merged across articles), or one per report with
    --reports; filters as in bilat events. Parquet is written in row groups, so exports of
    any size run in little memory.

    Example: bilat export --format parquet --out events.parquet --country AZE --since 2020
    """
    from bilat import __version__

    if fmt in (ExportFormat.plover, ExportFormat.gdelt) and what is not What.events:
        common.fail(f"--format {fmt.value} holds events only (not --what {what.value})")
    if fmt is ExportFormat.parquet and out is None:
        common.fail("--format parquet needs --out FILE (Parquet is binary)")
    code = common.country(country, "--country")
    other = common.country(partner, "--with")
    if other and not code:
        common.fail("--with needs --country (the pair's other side)")
    if other and other == code:
        common.fail(f"--country and --with are both {code}")
    types = common.event_types(event_type)
    first, last = common.date(since, "--since"), common.date(until, "--until")
    if what is not What.events and (types or status or min_sources or reports):
        common.fail("--type, --status, --min-sources and --reports select events only")
    if what is What.people and other:
        common.fail("--with selects pairs: events, agreements or figures, not people")

    from bilat.output import export as formats
    from bilat.store import query

    with common.store(db) as conn:
        if what is What.events:
            flt = query.EventFilter(
                country=code, partner=other, types=types, since=first, until=last,
                status=status.value if status else None, min_sources=min_sources,
            )
            rows = query.event_rows(conn, flt, reports=reports, sort="id")
        elif what is What.people:
            rows = query.people_rows(conn, country=code, since=first, until=last,
                                     sort="name")
        elif what is What.agreements:
            rows = query.agreement_rows(conn, country=code, partner=other, since=first,
                                        until=last)
        else:
            rows = query.figure_rows(conn, country=code, partner=other, since=first,
                                     until=last)
        fields = formats.FIELDS[what.value]
        if fmt is ExportFormat.parquet:
            assert out is not None
            out.parent.mkdir(parents=True, exist_ok=True)
            try:
                count = formats.write_parquet(rows, fields, out)
            except OSError as exc:
                common.fail(f"cannot write {out}: {exc.strerror or exc}", common.EXIT_STORE)
        else:
            with common.output(out) as handle:
                if fmt is ExportFormat.csv:
                    count = formats.write_csv(rows, fields, handle)
                elif fmt is ExportFormat.jsonl:
                    count = formats.write_jsonl(rows, fields, handle)
                elif fmt is ExportFormat.plover:
                    count = formats.write_plover(rows, handle, reports=reports, array=array,
                                                 coder=f"bilat {__version__}")
                else:
                    count = formats.write_gdelt(rows, handle, reports=reports, header=header)
    noun = "reports" if reports else what.value
    if count == 0:
        common.note(f"no {noun} match; nothing exported")
    else:
        common.note(f"exported {count} {noun}" + (f" to {out}" if out else ""))
