"""The ``bilat`` command: a thin shell over the library, one command per capability."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console

from bilat import __version__

app = typer.Typer(
    name="bilat",
    help="Evidence-linked records of relations between states, extracted from news.\n\n"
    "Example: bilat ingest news/ && bilat relations Azerbaijan Belarus",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bilat {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """bilat: interstate events, people, agreements and figures from news articles."""


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (.txt .json .jsonl "
                                               ".jsonl.gz .html .htm), or - for stdin.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = (
        OutputFormat.json
    ),
    published: Annotated[str | None, typer.Option(
        "--published", help="Reference date (YYYY-MM-DD) for every article; overrides theirs."
    )] = None,
    workers: Annotated[int, typer.Option(
        "--workers", "-w", min=1, help="Processes extracting in parallel (each loads the "
        "model once); output is the same, in the same order.")] = 1,
) -> None:
    """Extract events, people, agreements and figures from articles.

    Example: bilat extract news/ --format jsonl -o out.jsonl
    """
    from bilat.article import Article, InputError
    from bilat.executors import make_executor
    from bilat.readers import iter_articles

    if published is not None:
        from bilat.readers.dateline import normalize_date

        if normalize_date(published) is None:
            err.print(f"[red]error[/red]: --published: not a date: {published!r} "
                      "(expected e.g. 2024-10-03)")
            raise typer.Exit(2)
    counts = {"read": 0, "extracted": 0, "failed": 0, "events": 0, "warnings": 0}
    failures: list[str] = []

    def good_articles() -> Iterator[Article]:
        for item in iter_articles(paths, published=published):
            if isinstance(item, InputError):
                counts["failed"] += 1
                failures.append(str(item))
                err.print(f"[red]error[/red]: {item}")
                continue
            counts["read"] += 1
            yield item

    def failed(article: Article, exc: Exception) -> None:
        counts["failed"] += 1
        message = f"{article.source or article.id}: extraction failed: {exc!r}"
        failures.append(message)
        err.print(f"[red]error[/red]: {message}")

    executor = make_executor(workers)
    handle: TextIO = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    writer = _writer(fmt, handle)
    next(writer)
    try:
        for article, result in executor.map(good_articles()):
            if isinstance(result, Exception):
                failed(article, result)
                continue
            counts["extracted"] += 1
            counts["events"] += len(result.events)
            counts["warnings"] += len(result.warnings)
            for warning in result.warnings:
                err.print(f"[yellow]warning[/yellow]: {result.article.source or result.article.id}"
                          f": {warning}")
            writer.send(result)
    finally:
        writer.close()
        if output:
            handle.close()
    err.print(
        f"read {counts['read']}, extracted {counts['extracted']}, failed {counts['failed']}, "
        f"events {counts['events']}, warnings {counts['warnings']}"
    )
    if counts["failed"]:
        raise typer.Exit(1)


def _writer(fmt: OutputFormat, handle: TextIO):  # type: ignore[no-untyped-def]
    """A coroutine that streams results in the chosen format."""
    if fmt is OutputFormat.table:
        from bilat.output.table import event_rows, print_events

        rows = []
        try:
            while True:
                result = yield
                rows.extend(event_rows(result))
        except GeneratorExit:
            print_events(rows, handle)
            return
    first = True
    if fmt is OutputFormat.json:
        handle.write("[\n")
    try:
        while True:
            result = yield
            data = result.to_json_dict()
            if fmt is OutputFormat.jsonl:
                handle.write(json.dumps(data, ensure_ascii=False) + "\n")
            else:
                handle.write(("" if first else ",\n") + json.dumps(data, ensure_ascii=False,
                                                                    indent=2))
            first = False
            handle.flush()
    except GeneratorExit:
        if fmt is OutputFormat.json:
            handle.write("\n]\n")
        handle.flush()


@app.command()
def schema() -> None:
    """Print the JSON Schema of one extraction result.

    Example: bilat schema > bilat.schema.json
    """
    from bilat.schema import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))


@app.command(name="eval")
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of NNN.json articles with "
                                             "NNN.gold.json annotations beside them.")],
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every miss and "
                                          "every false event per article.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Scores as JSON.")] = False,
) -> None:
    """Score the extractor against gold annotations.

    Example: bilat eval ../shared/eval/dev --verbose
    """
    from bilat.evaluation import format_report, run_eval
    from bilat.extract import Extractor

    if not gold_dir.is_dir():
        err.print(f"[red]error[/red]: {gold_dir}: not a folder")
        raise typer.Exit(2)
    extractor = Extractor()
    report = run_eval(gold_dir, extractor.extract, verbose=verbose)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        typer.echo(format_report(report, verbose))


from bilat.commands import ingest as _ingest  # noqa: E402 - registers onto app

_ingest.register(app)
from bilat.commands import export as _export, query as _query  # noqa: E402, I001
_query.register(app); _export.register(app)  # noqa: E702
from bilat.commands import web as _web  # noqa: E402, I001
_web.register(app)

from bilat.commands import dossier as _dossier  # noqa: E402

_dossier.register(app)

from bilat.commands import batch as _batch  # noqa: E402

_batch.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
