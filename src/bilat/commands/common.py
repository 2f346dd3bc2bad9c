"""What the query and export commands share: their options, checks of what the user typed
(countries, dates, event types), opening the store, and writing rows.

Every failure a user can cause ends as one ``error:`` line on stderr and an exit code: 2 for
a bad argument, 1 for a database that cannot be opened or read. Nothing heavy is imported at
module level, so that ``bilat --help`` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TextIO

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from bilat.output.export import Field
    from bilat.output.formats import Column, Row

err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_STORE = 1
EXIT_USAGE = 2
TABLE_LIMIT = 50  # rows a table shows unless --limit says otherwise


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


class Status(str, Enum):
    occurred = "occurred"
    planned = "planned"
    hypothetical = "hypothetical"


DbOption = Annotated[str | None, typer.Option(
    "--db", help="Database: a SQLite file or a postgresql:// URL "
    "(default: $BILAT_DB, else bilat.db here).")]
FormatOption = Annotated[Format, typer.Option(
    "--format", "-f", help="table (for reading), csv, json (one array) or jsonl.")]
OutOption = Annotated[Path | None, typer.Option(
    "--out", "-o", help="Write to this file instead of stdout.")]
LimitOption = Annotated[int | None, typer.Option(
    "--limit", "-n", min=0, help=f"At most this many rows; 0 for all (default: {TABLE_LIMIT} "
    "in a table, all in csv/json/jsonl).")]
CountryOption = Annotated[str | None, typer.Option(
    "--country", "-c", help="A country on either side: name, demonym or code "
    "(Azerbaijan, azerbaijani, AZE, AZ).")]
WithOption = Annotated[str | None, typer.Option(
    "--with", "-w", help="With --country: the other party (a pair).")]
SinceOption = Annotated[str | None, typer.Option(
    "--since", help="From this date on: YYYY, YYYY-MM or YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option(
    "--until", help="Up to the end of this date, month or year.")]
TypeOption = Annotated[list[str] | None, typer.Option(
    "--type", "-t", help="PLOVER event type (CONSULT, consult) or a two-digit CAMEO root (04); "
    "repeat for several.")]
StatusOption = Annotated[Status | None, typer.Option(
    "--status", help="Only events reported as occurred, planned or hypothetical.")]
MinSourcesOption = Annotated[int | None, typer.Option(
    "--min-sources", min=1, help="Only events reported by at least this many articles.")]
ReportsOption = Annotated[bool, typer.Option(
    "--reports", help="One row per report (an event as one article tells it) instead of one "
    "per event (reports merged across articles).")]


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    err.print(f"[red]error[/red]: {escape(message)}")
    raise typer.Exit(code)


def note(message: str) -> None:
    err.print(escape(message))


def country(value: str | None, option: str = "--country") -> str | None:
    """The code for what the user typed, or exit 2 naming the option."""
    if value is None:
        return None
    from bilat.knowledge.gazetteer import resolve_country

    code = resolve_country(value.strip())
    if code is None:
        fail(f"{option}: unknown country {value!r} (try a name, demonym or ISO code)")
    return code


def date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    from bilat.store.query import QueryError, parse_date

    try:
        return parse_date(value)
    except QueryError as exc:
        fail(f"{option}: {exc}")


def event_types(values: list[str] | None) -> tuple[str, ...]:
    """PLOVER types in any case; a two-digit CAMEO root stands for the PLOVER types its codes
    map to (CAMEO2PLOVER): 04 is CONSULT, 16 is COERCE and SANCTION."""
    from bilat.schema import EVENT_TYPES

    chosen: list[str] = []
    for value in values or []:
        for item in value.split(","):
            item = item.strip()
            if not item:
                continue
            if item.upper() in EVENT_TYPES:
                chosen.append(item.upper())
            elif item.isdigit() and len(item) == 2:
                chosen.extend(_cameo_root(item))
            else:
                fail(f"--type: unknown event type {item!r}; PLOVER types are "
                     + ", ".join(EVENT_TYPES))
    return tuple(dict.fromkeys(chosen))


def _cameo_root(root: str) -> list[str]:
    from bilat.knowledge.codebook import cameo_table

    found = sorted({c.plover for code, c in cameo_table().items()
                    if code.startswith(root) and c.plover})
    if not found:
        fail(f"--type: CAMEO root {root} has no PLOVER event type")
    return found


def limit_for(limit: int | None, fmt: Format) -> int | None:
    """``None`` means all rows."""
    if limit is None:
        return TABLE_LIMIT if fmt is Format.table else None
    return limit or None


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other engines and in-memory databases)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


@contextmanager
def store(db: str | None) -> Iterator[Connection]:
    """A connection to an existing store. A SQLite file that does not exist is an error here
    (opening would create an empty one, and every query would quietly find nothing)."""
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from bilat.store import StoreError, open_store, resolve_url
    from bilat.store.query import QueryError

    url = resolve_url(db)
    try:
        path = sqlite_path(url)
    except ArgumentError as exc:
        fail(f"cannot use the database URL {url!r}: {exc}", EXIT_STORE)
    if path is not None and not path.exists():
        fail(f"no database at {path} (run bilat ingest first, or give --db)", EXIT_STORE)
    try:
        engine = open_store(db)
    except StoreError as exc:
        fail(str(exc), EXIT_STORE)
    try:
        with engine.connect() as conn:
            yield conn
    except QueryError as exc:
        fail(str(exc))
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        fail(f"database error: {reason}", EXIT_STORE)
    finally:
        engine.dispose()


@contextmanager
def output(out: Path | None, binary: bool = False) -> Iterator[TextIO]:
    """stdout, or the ``--out`` file (made with its folder); a closed pipe (``| head``) ends
    the command quietly."""
    try:
        if out is None:
            yield sys.stdout
            sys.stdout.flush()
            return
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8", newline="") as handle:
            yield handle
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(0) from None
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}", EXIT_STORE)


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so that exiting does not complain."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def emit(
    rows: Iterable[Row],
    fmt: Format,
    out: Path | None,
    limit: int | None,
    *,
    columns: list[Column],
    fields: list[Field] | None = None,
    title: str | None = None,
    nothing: str = "nothing matches",
) -> int:
    """Write rows as asked: a table of ``columns``, CSV of the flat ``fields`` (the columns
    when there are none), JSON or JSON Lines of the whole rows. For a table, ``rows`` may
    hold one row more than ``limit``: it only tells that more were left out."""
    from bilat.output import export
    from bilat.output.formats import Format as RowFormat
    from bilat.output.formats import limited, write_rows

    more = False
    if fmt is Format.table and limit is not None:
        shown = list(limited(rows, limit + 1))
        more = len(shown) > limit
        rows = shown[:limit]
    with output(out) as handle:
        if fmt is Format.csv and fields is not None:
            count = export.write_csv(rows, fields, handle)
        else:
            count = write_rows(rows, columns, RowFormat(fmt.value), handle, title)
    if count == 0:
        note(nothing)
    elif more:
        note(f"showing the first {count}; --limit N for more, --limit 0 for all")
    if out is not None and count:
        note(f"wrote {count} rows to {out}")
    return count


def asked(limit: int | None, fmt: Format) -> int | None:
    """Rows to ask the store for: for a table one more than shown, to tell whether there
    are more."""
    return limit + 1 if limit is not None and fmt is Format.table else limit
