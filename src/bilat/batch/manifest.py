"""The manifest of a batch output: which shards are done, which failed and why.

It lives beside the tables as ``_manifest.json`` and is rewritten (whole, atomically on a local
disk) after every shard, so a batch stopped at any point knows what it finished. A re-run
skips the shards done by the same extractor version from input files of unchanged sizes, and
extracts the rest.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from bilat.batch.shards import Shard, filesystem, is_local

MANIFEST = "_manifest.json"
FORMAT = 1


class ManifestError(ValueError):
    """The output folder belongs to another input, or its manifest cannot be read."""


@dataclass
class ShardRecord:
    status: str  # "done" or "failed"
    files: list[str]  # the shard's input files
    extractor_version: str
    sizes: list[int] = field(default_factory=list)  # bytes of each input file
    attempts: int = 1
    articles: int = 0
    failed_inputs: int = 0
    events: int = 0
    outputs: list[str] = field(default_factory=list)  # Parquet files, relative to the output
    failures: list[str] = field(default_factory=list)  # bad inputs, at most 50
    error: str | None = None  # why the shard failed
    seconds: float = 0.0
    finished: str = ""


@dataclass
class Manifest:
    input: str
    shards: dict[str, ShardRecord] = field(default_factory=dict)

    def done(self, shard: Shard, extractor_version: str) -> bool:
        """Done before, by this extractor version, from files of the same sizes."""
        record = self.shards.get(shard.id)
        return (record is not None and record.status == "done"
                and record.extractor_version == extractor_version
                and record.sizes == list(shard.sizes))

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "input": self.input,
                "shards": {k: asdict(v) for k, v in sorted(self.shards.items())}}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def load_manifest(output: str, input_location: str | None) -> Manifest:
    """The manifest in ``output``, or a new one; ManifestError if it was made for another
    input (the output of two inputs mixed in one folder could not be told apart). With no
    ``input_location``, whatever input it was made for, but it must exist."""
    fs, root = filesystem(output)
    path = f"{root.rstrip('/')}/{MANIFEST}"
    if not fs.exists(path):
        if input_location is None:
            raise ManifestError(f"{output}: no {MANIFEST} here; is it the output of bilat batch?")
        return Manifest(input_location)
    try:
        with fs.open(path, "rb") as handle:
            data = json.loads(handle.read())
        shards = {k: ShardRecord(**v) for k, v in data["shards"].items()}
        made_for = str(data["input"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ManifestError(f"{output}/{MANIFEST}: cannot read: {exc}") from exc
    if input_location is not None and made_for != input_location:
        raise ManifestError(
            f"{output} holds the batch output of {made_for}, not of {input_location}; "
            "give each input its own output folder")
    return Manifest(made_for, shards)


def save_manifest(output: str, manifest: Manifest) -> None:
    fs, root = filesystem(output)
    path = f"{root.rstrip('/')}/{MANIFEST}"
    data = json.dumps(manifest.to_json(), indent=1, ensure_ascii=False).encode()
    if is_local(fs):
        temporary = path + ".tmp"
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    else:
        with fs.open(path, "wb") as handle:
            handle.write(data)
