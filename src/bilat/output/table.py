"""A readable table of events for ``--format table``."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table

from bilat.schema import Actor, Extraction


def _codes(actors: list[Actor]) -> str:
    return ",".join(dict.fromkeys(a.country or "?" for a in actors))


def event_rows(result: Extraction) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for event in result.events:
        rows.append((
            result.article.id,
            event.type + (f"/{event.mode}" if event.mode else ""),
            _codes(event.source),
            _codes(event.target),
            event.date or "",
            event.location.name if event.location else "",
            event.status,
            event.evidence.text[:90],
        ))
    return rows


def print_events(rows: list[tuple[str, ...]], handle: TextIO) -> None:
    table = Table(title="bilat events")
    for column in ("article", "type", "source", "target", "date", "place", "status", "evidence"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console(file=handle, width=160).print(table)
