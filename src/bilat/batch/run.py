"""A batch run: plan the shards, skip those done, extract the rest on an engine, write each
finished shard, retry the failed ones, and keep the manifest up to date throughout."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bilat.batch.engines import Engine, make_engine
from bilat.batch.manifest import Manifest, ShardRecord, load_manifest, now, save_manifest
from bilat.batch.output import ShardOutput, clear_spool, remove_outputs
from bilat.batch.shards import FILES_PER_SHARD, LocationError, Shard, filesystem, plan_shards
from bilat.batch.tables import rows_of
from bilat.extract import EXTRACTOR_VERSION

RETRIES = 2  # further attempts at a failed shard, after the first
MAX_LISTED = 50  # bad inputs a shard's manifest line lists (all are counted)


@dataclass
class BatchSummary:
    shards: int = 0  # in the input
    skipped: int = 0  # done by an earlier run
    done: int = 0
    failed: int = 0  # failed every attempt
    articles: int = 0
    bad_inputs: int = 0
    events: int = 0
    startup: float = 0.0  # seconds to start the engine
    failures: list[str] = field(default_factory=list)  # bad inputs
    failed_shards: list[str] = field(default_factory=list)  # "label: why"

    def summary(self) -> str:
        return (f"shards {self.shards} (skipped {self.skipped} done before, done {self.done}, "
                f"failed {self.failed}), articles {self.articles}, bad inputs "
                f"{self.bad_inputs}, events {self.events}")


Progress = Callable[[BatchSummary, str | None], None]
"""Called after every item with the running counts and a message to show, if any."""


def canonical(location: str) -> str:
    """The form a location is recorded in: absolute for a local path, as given for a URL."""
    return location.rstrip("/") if "://" in location else os.path.abspath(location)


def run_batch(
    input_location: str, output: str, engine: str | Engine = "local", *,
    workers: int | None = None, batch_articles: int = 16, ray_address: str | None = None,
    retries: int = RETRIES, files_per_shard: int = FILES_PER_SHARD,
    progress: Progress | None = None,
) -> BatchSummary:
    """Extract ``input_location`` into ``output``. Raises LocationError when the input cannot
    be listed or the output not used, ManifestError when ``output`` holds another input's
    batch, RayMissing for the ray engine without Ray and RayUnavailable when Ray cannot
    start or be joined."""
    source, output = canonical(input_location), canonical(output)
    shards = plan_shards(source, files_per_shard)
    fs, root = filesystem(output)
    manifest = load_manifest(output, source)
    summary = BatchSummary(shards=len(shards))
    pending = [s for s in shards if not manifest.done(s, EXTRACTOR_VERSION)]
    summary.skipped = len(shards) - len(pending)
    runner = None  # started before anything is written: an engine that cannot start changes
    if pending:    # nothing
        runner = engine if not isinstance(engine, str) else make_engine(
            engine, workers=workers, batch_articles=batch_articles, ray_address=ray_address)
        summary.startup = float(getattr(runner, "startup", 0.0))
    try:
        fs.makedirs(root, exist_ok=True)
    except OSError as exc:
        raise LocationError(f"{output}: cannot create: {exc}") from exc
    clear_spool(output)  # one run at a time per output folder
    _forget_stale(manifest, shards, output)
    save_manifest(output, manifest)
    if runner is None:
        return summary
    try:
        for attempt in range(1, retries + 2):
            pending = _round(runner, pending, attempt, attempt > retries, output, manifest,
                             summary, progress)
            if not pending:
                break
    finally:
        runner.close()
        clear_spool(output)
    return summary


class _Open:
    """A shard being received: its output and its counts so far."""

    def __init__(self, output: str, shard: Shard) -> None:
        self.shard = shard
        self.writer = ShardOutput(output, shard.id)
        self.started = time.monotonic()
        self.record = ShardRecord("done", list(shard.files), EXTRACTOR_VERSION,
                                  list(shard.sizes))


def _round(engine: Engine, shards: Sequence[Shard], attempt: int, last: bool, output: str,
           manifest: Manifest, summary: BatchSummary,
           progress: Progress | None) -> list[Shard]:
    """One pass over ``shards``; the shards that failed it."""
    by_id = {s.id: s for s in shards}
    open_: dict[str, _Open] = {}
    failed: list[Shard] = []
    closed: set[str] = set()

    def fail(shard: Shard, why: str) -> None:
        entry = open_.pop(shard.id, None)
        if entry is not None:
            entry.writer.discard()
        remove_outputs(output, shard.id)
        closed.add(shard.id)
        manifest.shards[shard.id] = ShardRecord(
            "failed", list(shard.files), EXTRACTOR_VERSION, list(shard.sizes),
            attempts=attempt, error=why, finished=now())
        save_manifest(output, manifest)
        failed.append(shard)
        if last:
            summary.failed += 1
            summary.failed_shards.append(f"{shard.label}: {why}")
        if progress:
            then = "" if last else ", will retry"
            progress(summary, f"shard {shard.label} failed (attempt {attempt}{then}): {why}")

    for item in engine.run(shards):
        shard = by_id.get(item.shard)
        if shard is None or shard.id in closed:
            continue
        entry = open_.get(shard.id) or open_.setdefault(shard.id, _Open(output, shard))
        message = None
        if item.kind == "extracted" and item.article and item.extraction is not None:
            entry.writer.add(rows_of(item.article, item.extraction, item.file),
                             item.article.published)
            entry.record.articles += 1
            entry.record.events += len(item.extraction["events"])
        elif item.kind == "bad":
            entry.record.failed_inputs += 1
            if len(entry.record.failures) < MAX_LISTED:
                entry.record.failures.append(item.message or "")
            message = item.message
        elif item.kind == "failed":
            fail(shard, item.message or "failed")
            continue
        elif item.kind == "end":
            _finish(entry, attempt, output, manifest, summary, fail)
            open_.pop(shard.id, None)
            closed.add(shard.id)
        if progress:
            progress(summary, message)
    for shard in shards:  # an engine that stopped early
        if shard.id not in closed:
            fail(shard, "the engine stopped before finishing it")
    return failed


def _finish(entry: _Open, attempt: int, output: str, manifest: Manifest,
            summary: BatchSummary, fail: Callable[[Shard, str], None]) -> None:
    record = entry.record
    try:
        record.outputs = entry.writer.commit()
    except OSError as exc:  # disk full, permissions, a remote store refusing the upload
        fail(entry.shard, f"cannot write its output: {exc}")
        return
    record.attempts = attempt
    record.seconds = round(time.monotonic() - entry.started, 3)
    record.finished = now()
    manifest.shards[entry.shard.id] = record
    save_manifest(output, manifest)
    summary.done += 1
    summary.articles += record.articles
    summary.events += record.events
    summary.bad_inputs += record.failed_inputs
    summary.failures.extend(record.failures)


def _forget_stale(manifest: Manifest, shards: Sequence[Shard], output: str) -> None:
    """Shards of the manifest the input no longer has (a folder of loose files regrouped
    after files were added): their output goes, so the output matches the input."""
    current = {s.id for s in shards}
    for shard_id in [k for k in manifest.shards if k not in current]:
        del manifest.shards[shard_id]
        remove_outputs(output, shard_id)
