"""A batch run: plan the shards, skip those done, extract the rest on an engine, write each
finished shard, retry the failed ones, and keep the manifest up to date throughout."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bilat.batch.engines import Engine, Item, make_engine
from bilat.batch.manifest import Manifest, ShardRecord, load_manifest, now, save_manifest
from bilat.batch.output import ShardOutput, clear_spool, remove_outputs
from bilat.batch.shards import FILES_PER_SHARD, LocationError, Shard, filesystem, plan_shards
from bilat.batch.tables import rows_of
from bilat.extract import EXTRACTOR_VERSION

RETRIES = 2  # further attempts at a failed shard, after the first
MAX_LISTED = 50  # bad inputs a shard's manifest line lists (all are counted)
MAX_SUMMARY = 1000  # bad inputs the summary of a run keeps (the manifest has the rest)


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
    runner = None  # started before anything is written: if it cannot start, nothing changed
    if pending:
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
            pending = _Round(pending, attempt, attempt > retries, output, manifest, summary,
                             progress).run(runner)
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


class _Round:
    """One pass over ``shards``: each item to its shard's output, each finished shard put in
    place and recorded, each failed one recorded and handed back for the next round."""

    def __init__(self, shards: Sequence[Shard], attempt: int, last: bool, output: str,
                 manifest: Manifest, summary: BatchSummary, progress: Progress | None) -> None:
        self.shards, self.attempt, self.last = shards, attempt, last
        self.output, self.manifest, self.summary, self.progress = (
            output, manifest, summary, progress)
        self.by_id = {s.id: s for s in shards}
        self.open: dict[str, _Open] = {}
        self.closed: set[str] = set()
        self.failed: list[Shard] = []

    def run(self, engine: Engine) -> list[Shard]:
        """The shards that failed this round."""
        try:
            for item in engine.run(self.shards):
                self._receive(item)
        finally:  # interrupted: what was spooled for unfinished shards goes
            for entry in self.open.values():
                entry.writer.discard()
        for shard in self.shards:  # an engine that stopped early
            if shard.id not in self.closed:
                self._fail(shard, "the engine stopped before finishing it")
        return self.failed

    def _receive(self, item: Item) -> None:
        shard = self.by_id.get(item.shard)
        if shard is None or shard.id in self.closed:
            return
        entry = self.open.get(shard.id) or self.open.setdefault(
            shard.id, _Open(self.output, shard))
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
            self._fail(shard, item.message or "failed")
            return
        elif item.kind == "end":
            self._finish(entry)
        if self.progress:
            self.progress(self.summary, message)

    def _finish(self, entry: _Open) -> None:
        record, shard = entry.record, entry.shard
        try:
            record.outputs = entry.writer.commit()
        except OSError as exc:  # disk full, permissions, a remote store refusing the upload
            self._fail(shard, f"cannot write its output: {exc}")
            return
        del self.open[shard.id]
        self.closed.add(shard.id)
        record.attempts = self.attempt
        record.seconds = round(time.monotonic() - entry.started, 3)
        record.finished = now()
        self.manifest.shards[shard.id] = record
        save_manifest(self.output, self.manifest)
        summary = self.summary
        summary.done += 1
        summary.articles += record.articles
        summary.events += record.events
        summary.bad_inputs += record.failed_inputs
        room = max(0, MAX_SUMMARY - len(summary.failures))
        summary.failures.extend(record.failures[:room])

    def _fail(self, shard: Shard, why: str) -> None:
        entry = self.open.pop(shard.id, None)
        if entry is not None:
            entry.writer.discard()
        remove_outputs(self.output, shard.id)
        self.closed.add(shard.id)
        self.manifest.shards[shard.id] = ShardRecord(
            "failed", list(shard.files), EXTRACTOR_VERSION, list(shard.sizes),
            attempts=self.attempt, error=why, finished=now())
        save_manifest(self.output, self.manifest)
        self.failed.append(shard)
        if self.last:
            self.summary.failed += 1
            self.summary.failed_shards.append(f"{shard.label}: {why}")
        if self.progress:
            then = "" if self.last else ", will retry"
            self.progress(self.summary,
                          f"shard {shard.label} failed (attempt {self.attempt}{then}): {why}")


def _forget_stale(manifest: Manifest, shards: Sequence[Shard], output: str) -> None:
    """Shards of the manifest the input no longer has (a folder of loose files regrouped
    after files were added): their output goes, so the output matches the input."""
    current = {s.id for s in shards}
    for shard_id in [k for k in manifest.shards if k not in current]:
        del manifest.shards[shard_id]
        remove_outputs(output, shard_id)
