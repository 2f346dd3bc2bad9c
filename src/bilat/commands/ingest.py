"""``bilat ingest`` and ``bilat reprocess``: feeding the corpus database."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

if TYPE_CHECKING:
    from bilat.ingest import IngestCounts

err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database: a SQLite file or a postgresql:// URL "
                 "(default: $BILAT_DB, else bilat.db here)."),
]
EXIT_FAULT = 3
EXIT_INTERRUPTED = 130


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(reprocess)


def ingest(
    sources: Annotated[list[str], typer.Argument(
        help="Files, folders, JSONL dumps, .warc/.warc.gz archives, RSS/Atom feeds (URL or "
             "saved file), or - for stdin.")],
    db: DbOption = None,
    published: Annotated[str | None, typer.Option(
        "--published", help="Reference date (YYYY-MM-DD) for every article; overrides theirs."
    )] = None,
    timeout: Annotated[float, typer.Option(
        "--timeout", help="Seconds to wait for a web server (connect and each read).")] = 10.0,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Articles parsed together.")] = 16,
    workers: Annotated[int, typer.Option(
        "--workers", "-w", min=1, help="Processes extracting in parallel (each loads the "
        "model once); storing stays in this process, one article at a time.")] = 1,
) -> None:
    """Read sources into the corpus database: extract, store, merge reports of one event.

    Re-running is cheap and safe: stored articles (same id, URL or text) are skipped before
    extraction, and an ingest that was killed resumes where it stopped.

    Example: bilat ingest news/ https://example.org/world.rss cc-news.warc.gz --db corpus.db
    """
    from bilat.readers.dateline import normalize_date

    if published is not None and normalize_date(published) is None:
        err.print(f"[red]error[/red]: --published: not a date: {published!r} "
                  "(expected e.g. 2024-10-03)")
        raise typer.Exit(2)
    run_ingester(db, batch, lambda ingester, progress: ingester.ingest(
        sources, published=published, timeout=timeout, progress=progress), workers)


def reprocess(
    db: DbOption = None,
    older_than: Annotated[str | None, typer.Option(
        "--older-than", help="Only articles extracted by a bilat older than this version "
        "(default: every article not extracted by this version).")] = None,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Articles parsed together.")] = 16,
    workers: Annotated[int, typer.Option(
        "--workers", "-w", min=1, help="Processes extracting in parallel (each loads the "
        "model once); storing stays in this process, one article at a time.")] = 1,
) -> None:
    """Extract stored articles again with this version of the extractor.

    Example: bilat reprocess --older-than 0.2.0 --db corpus.db
    """
    run_ingester(db, batch, lambda ingester, progress: ingester.reprocess(older_than, progress),
         workers)


def run_ingester(db: str | None, batch: int, job, workers: int = 1) -> None:  # type: ignore[no-untyped-def]
    from bilat.ingest import IngestCounts, Ingester, StoreFault
    from bilat.store import StoreError, open_store

    try:
        engine = open_store(db)
        ingester = Ingester(engine, batch_articles=batch, workers=workers)
    except (StoreError, StoreFault) as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(EXIT_FAULT) from None
    started = time.monotonic()
    counts = IngestCounts()
    with progress_bar() as bar:
        task = bar.add_task("ingest", total=None, counts="")

        def report(current: IngestCounts, message: str | None) -> None:
            nonlocal counts
            counts = current
            if message:
                bar.console.print(f"[red]error[/red]: {message}")
            rate = current.new / max(time.monotonic() - started, 1e-9)
            bar.update(task, counts=_line(current) + f" · {rate:.1f} new/s")

        try:
            counts = job(ingester, report)
        except StoreFault as exc:
            bar.stop()
            err.print(f"[red]stopped[/red]: {exc}")
            err.print(f"committed before the fault is kept: {counts.summary()}")
            raise typer.Exit(EXIT_FAULT) from None
        except ValueError as exc:
            bar.stop()
            err.print(f"[red]error[/red]: {exc}")
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            bar.stop()
            err.print(f"[yellow]interrupted[/yellow]: {counts.summary()}; run again to resume")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        finally:
            engine.dispose()
    elapsed = time.monotonic() - started
    err.print(f"{counts.summary()} in {elapsed:.1f} s")
    if counts.failures:
        err.print(f"failed ({len(counts.failures)}):")
        for failure in counts.failures[:20]:
            err.print(f"  {failure}")
        if len(counts.failures) > 20:
            err.print(f"  … and {len(counts.failures) - 20} more (listed above)")
        raise typer.Exit(1)


def _line(counts: IngestCounts) -> str:
    return (f"read {counts.read} · new {counts.new} · duplicate {counts.duplicate} · "
            f"failed {counts.failed} · events {counts.events}")


def progress_bar() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
        refresh_per_second=4,  # the refresh thread takes the GIL from extraction
    )
