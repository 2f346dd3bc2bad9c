"""``bilat batch`` and ``bilat load``: archives extracted into Parquet, on one machine or a Ray
cluster, and that output brought into a corpus database."""

from __future__ import annotations

import time
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from bilat.commands.ingest import (
    EXIT_FAULT,
    EXIT_INTERRUPTED,
    DbOption,
    err,
    progress_bar,
    run_ingester,
)

if TYPE_CHECKING:
    from bilat.batch.run import BatchSummary

EXIT_USAGE = 2
SHOWN = 20  # failures listed at the end (each was printed when it happened)


class EngineName(str, Enum):
    local = "local"
    processes = "processes"
    ray = "ray"


def register(app: typer.Typer) -> None:
    app.command()(batch)
    app.command()(load)


def batch(
    input_location: Annotated[str, typer.Argument(
        metavar="INPUT", help="A JSONL, JSONL.gz, WARC or WARC.gz file, or a folder of them or "
        "of articles (.txt, .html, .json); a local path or a URL fsspec reads (s3://...).")],
    output: Annotated[str, typer.Argument(
        metavar="OUTPUT_DIR", help="Folder (local or URL) for the Parquet tables and the "
        "manifest; re-running into it skips the shards done.")],
    engine: Annotated[EngineName, typer.Option(
        "--engine", "-e", help="local: this process; processes: a process pool; ray: Ray "
        "Data (pip install 'bilat[ray]').")] = EngineName.local,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", min=1, help="Processes (processes) or extraction actors (ray); "
        "default: every CPU.")] = None,
    ray_address: Annotated[str | None, typer.Option(
        "--ray-address", help="Join this Ray cluster (auto, ray://head:10001) instead of "
        "starting Ray here.")] = None,
    retries: Annotated[int, typer.Option(
        "--retries", min=0, help="Further attempts at a shard that failed.")] = 2,
    files_per_shard: Annotated[int, typer.Option(
        "--files-per-shard", min=1, help="Loose article files grouped into one shard.")] = 500,
    batch_size: Annotated[int, typer.Option(
        "--batch", min=1, help="Articles parsed together.")] = 16,
) -> None:
    """Extract an archive into Parquet tables partitioned by month of publication.

    Writes OUTPUT_DIR/{articles,events,people,agreements,figures}/month=YYYY-MM/SHARD.parquet
    and OUTPUT_DIR/_manifest.json (done and failed shards). Load it into a database with
    bilat load.

    Example: bilat batch s3://bucket/cc-news/2024-10/ out/2024-10 --engine ray --ray-address auto
    """
    from bilat.batch.manifest import ManifestError
    from bilat.batch.ray_engine import RayMissing, RayUnavailable
    from bilat.batch.run import BatchSummary, run_batch
    from bilat.batch.shards import LocationError

    if engine is not EngineName.ray and ray_address:
        err.print("[red]error[/red]: --ray-address is for --engine ray")
        raise typer.Exit(EXIT_USAGE)
    if engine is EngineName.local and workers:
        err.print("[red]error[/red]: --workers is for --engine processes or ray")
        raise typer.Exit(EXIT_USAGE)
    started = time.monotonic()
    summary = BatchSummary()
    with progress_bar() as bar:
        task = bar.add_task("batch", total=None, counts="")

        def report(current: BatchSummary, message: str | None) -> None:
            nonlocal summary
            summary = current
            if message:
                bar.console.print(f"[red]error[/red]: {escape(message)}")
            rate = current.articles / max(time.monotonic() - started, 1e-9)
            bar.update(task, counts=f"shards done {current.done}/{current.shards} · articles "
                       f"{current.articles} · bad inputs {current.bad_inputs} · {rate:.1f}/s")

        try:
            summary = run_batch(input_location, output, engine.value, workers=workers,
                                batch_articles=batch_size, ray_address=ray_address,
                                retries=retries, files_per_shard=files_per_shard,
                                progress=report)
        except (LocationError, ManifestError, RayMissing) as exc:
            bar.stop()
            err.print(f"[red]error[/red]: {escape(str(exc))}")
            raise typer.Exit(EXIT_USAGE) from None
        except RayUnavailable as exc:
            bar.stop()
            err.print(f"[red]error[/red]: {escape(str(exc))}")
            raise typer.Exit(EXIT_FAULT) from None
        except KeyboardInterrupt:
            bar.stop()
            err.print(f"[yellow]interrupted[/yellow]: {summary.summary()}; run again to resume")
            raise typer.Exit(EXIT_INTERRUPTED) from None
    _report_batch(summary, time.monotonic() - started)


def _report_batch(summary: BatchSummary, elapsed: float) -> None:
    started = f" (engine start {summary.startup:.1f} s)" if summary.startup else ""
    err.print(f"{summary.summary()} in {elapsed:.1f} s{started}")
    _list("bad inputs", summary.failures, summary.bad_inputs)
    _list("failed shards", summary.failed_shards, summary.failed)
    if summary.failed or summary.bad_inputs:
        raise typer.Exit(1)


def _list(title: str, lines: list[str], total: int) -> None:
    if not total:
        return
    err.print(f"{title} ({total}):")
    for line in lines[:SHOWN]:
        err.print(f"  {escape(line)}")
    if total > SHOWN:
        err.print(f"  … and {total - SHOWN} more (in the manifest)")


def load(
    output: Annotated[str, typer.Argument(
        metavar="OUTPUT_DIR", help="The output folder of bilat batch (local or URL).")],
    db: DbOption = None,
) -> None:
    """Store the output of bilat batch in the database; reports merge as in bilat ingest.

    Loading again adds nothing twice; only shards the manifest lists as done are read.

    Example: bilat load out/2024-10 --db postgresql+psycopg://bilat@db/bilat
    """
    from bilat.batch.load import load_output, shards_not_done
    from bilat.batch.manifest import ManifestError

    try:
        left_out = shards_not_done(output)
    except ManifestError as exc:
        err.print(f"[red]error[/red]: {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from None
    if left_out:
        err.print(f"[yellow]note[/yellow]: {left_out} shards of the batch are not done and are "
                  "not loaded; run bilat batch again, then load again")
    run_ingester(db, 16, lambda ingester, progress: load_output(ingester, output, progress))
