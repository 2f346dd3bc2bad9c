"""Rows out: one rich table for people, CSV, JSON or JSON Lines for programs.

A row is a dict of JSON values (lists and objects allowed). JSON keeps it whole; a table and a
CSV show the chosen :class:`Column` s, each flattened to one string, so the same query feeds
every format. The machine formats are written as the rows come, so a long listing streams.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, TextIO

Row = Mapping[str, Any]


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


@dataclass(frozen=True)
class Column:
    """One shown column: the row key, its header, how to flatten its value (``render``),
    or how to make the cell from the whole row (``cell``)."""

    key: str
    header: str | None = None
    render: Callable[[Any], str] | None = None
    width: int | None = None  # at most this many characters in a table (then "…")
    cell: Callable[[Row], str] | None = None

    @property
    def title(self) -> str:
        return self.header or self.key

    def text(self, row: Row) -> str:
        if self.cell is not None:
            return self.cell(row)
        value = row.get(self.key)
        return self.render(value) if self.render else flat(value)


def flat(value: Any) -> str:
    """One string for a CSV cell or a table cell: lists joined by '; ', None as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return "; ".join(flat(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def codes(value: Any) -> str:
    """Actor or party codes: 'AZE,TUR' (codes never hold commas)."""
    return ",".join(value) if isinstance(value, list | tuple) else flat(value)


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())  # one line: evidence sentences may hold line breaks
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def write_rows(
    rows: Iterable[Row],
    columns: list[Column],
    fmt: Format,
    handle: TextIO,
    title: str | None = None,
) -> int:
    """Write ``rows`` in ``fmt``; returns how many were written."""
    if fmt is Format.table:
        return write_table(rows, columns, handle, title)
    if fmt is Format.csv:
        return write_csv(rows, columns, handle)
    if fmt is Format.json:
        return write_json(rows, handle)
    return write_jsonl(rows, handle)


def write_csv(rows: Iterable[Row], columns: list[Column], handle: TextIO) -> int:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    count = 0
    for row in rows:
        writer.writerow([c.text(row) for c in columns])
        count += 1
    return count


def _json(row: Row, indent: int | None = None) -> str:
    return json.dumps(row, ensure_ascii=False, indent=indent, default=str)


def write_jsonl(rows: Iterable[Row], handle: TextIO) -> int:
    count = 0
    for row in rows:
        handle.write(_json(row) + "\n")
        count += 1
    return count


def write_json(rows: Iterable[Row], handle: TextIO) -> int:
    """A JSON array, written element by element (``[]`` when empty)."""
    count = 0
    for row in rows:
        handle.write(("[\n" if count == 0 else ",\n") + _indented(row))
        count += 1
    handle.write("\n]\n" if count else "[]\n")
    return count


def _indented(row: Row) -> str:
    return "\n".join("  " + line for line in _json(row, indent=2).splitlines())


def write_table(
    rows: Iterable[Row], columns: list[Column], handle: TextIO, title: str | None = None
) -> int:
    """A rich table; it is built in memory, so callers limit the rows."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column.title, overflow="fold")
    count = 0
    for row in rows:
        cells = [c.text(row) for c in columns]
        # Text, not str: an article's "[...]" must not be read as rich markup
        table.add_row(*(Text(shorten(t, c.width) if c.width else t) for t, c in
                        zip(cells, columns, strict=True)))
        count += 1
    if count:
        console(handle).print(table)
    return count


def console(handle: TextIO) -> Any:
    """A rich console on ``handle``: the terminal's width, else $COLUMNS or 160 (files, pipes
    and tests get whole lines rather than 80 columns)."""
    from rich.console import Console

    width = None
    if not handle.isatty():
        width = int(os.environ.get("COLUMNS") or 160)
    return Console(file=handle, width=width, highlight=False, soft_wrap=False)


def limited(rows: Iterable[Row], limit: int | None) -> Iterator[Row]:
    """The first ``limit`` rows (all when ``limit`` is None)."""
    for i, row in enumerate(rows):
        if limit is not None and i >= limit:
            return
        yield row
