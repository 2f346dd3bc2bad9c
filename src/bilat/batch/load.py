"""``bilat load``: the output of ``bilat batch`` into a corpus database.

Only shards the manifest lists as done are read (a half-written shard is never loaded), in
the manifest's order, and each article goes through the same storing path as ``bilat
ingest``: stored articles are skipped, so loading twice, or loading a batch that was resumed,
adds nothing twice, and reports merge into event clusters as they arrive.
"""

from __future__ import annotations

from collections.abc import Iterator

from bilat.article import Article, InputError
from bilat.batch.manifest import load_manifest
from bilat.batch.shards import filesystem
from bilat.ingest import IngestCounts, Ingester, Progress
from bilat.schema import Extraction

_COLUMNS = ["id", "url", "outlet", "title", "author", "published", "language", "source",
            "shard_file", "record", "record_offset", "retrieved", "dateline_place", "text",
            "extraction"]
READ_ROWS = 256  # articles read from a Parquet file at a time


def load_output(ingester: Ingester, output: str,
                progress: Progress | None = None) -> IngestCounts:
    """Store the done shards of ``output`` (ManifestError if it is no batch output)."""
    manifest = load_manifest(output, None)
    files = [path for _, record in sorted(manifest.shards.items()) if record.status == "done"
             for path in record.outputs if path.startswith("articles/")]
    return ingester.load(_extracted(output, files), command=f"load {output}",
                         progress=progress)


def shards_not_done(output: str) -> int:
    """How many shards of the batch in ``output`` are not done (failed) and so not loaded."""
    return sum(r.status != "done" for r in load_manifest(output, None).shards.values())


def _extracted(output: str,
               files: list[str]) -> Iterator[tuple[Article, Extraction, str] | InputError]:
    """Each stored article with its extraction and input file; a file or row that cannot be
    read is an InputError naming it, and the rest is still loaded."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from pydantic import ValidationError

    fs, root = filesystem(output)
    for relative in files:
        name = f"{output.rstrip('/')}/{relative}"
        rows = 0
        try:
            with fs.open(f"{root.rstrip('/')}/{relative}", "rb") as handle:
                for batch in pq.ParquetFile(handle).iter_batches(READ_ROWS, columns=_COLUMNS):
                    for row in batch.to_pylist():
                        rows += 1
                        try:
                            extraction = Extraction.model_validate_json(row["extraction"])
                            yield _article(row), extraction, row["shard_file"] or ""
                        except (ValidationError, TypeError, ValueError) as exc:
                            why = (str(exc).splitlines() or [type(exc).__name__])[0]
                            yield InputError(f"{name} row {rows}", f"not a bilat record: {why}")
        except (OSError, pa.ArrowException) as exc:
            yield InputError(name, f"cannot read after {rows} rows: {exc}")


def _article(row: dict[str, object]) -> Article:
    fields = {k: v for k, v in row.items() if k not in ("extraction", "shard_file")}
    fields["offset"] = fields.pop("record_offset")
    return Article(**fields)  # type: ignore[arg-type]
