"""Writing one shard's rows as Parquet, all or nothing.

Rows are spooled into Parquet files in a local temporary folder as they arrive (at most
``GROUP_ROWS`` are held, the largest month of a table written out first, so a large shard is
never held in memory), and only when the shard has
finished are the files moved (renamed, on a local disk) to their place,
``TABLE/month=YYYY-MM/SHARD_ID.parquet``, replacing what an earlier attempt left there. A
shard that fails leaves nothing behind (``remove_outputs`` also takes away what an earlier,
successful attempt had placed, so that the tables hold exactly the shards the manifest lists as
done).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from bilat.batch.shards import filesystem, is_local
from bilat.batch.tables import SCHEMAS, TABLES, Rows, month_of

GROUP_ROWS = 2000
SPOOL = "_spool"  # where unfinished shards are written, inside a local output


class ShardOutput:
    """The output of one shard being written."""

    def __init__(self, output: str, shard_id: str) -> None:
        self.output = output
        self.shard_id = shard_id
        fs, root = filesystem(output)
        spool = None
        if is_local(fs):  # beside the tables, so that moving a file into place is a rename
            spool = os.path.join(root, SPOOL)
            os.makedirs(spool, exist_ok=True)
        self._folder = tempfile.mkdtemp(prefix=f"{shard_id[:40]}-", dir=spool)
        self._pending: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._writers: dict[tuple[str, str], pq.ParquetWriter] = {}
        self._held = 0  # rows pending, all tables and months together

    def add(self, rows: Rows, published: str | None) -> None:
        month = month_of(published)
        for table in TABLES:
            if rows[table]:
                self._pending.setdefault((table, month), []).extend(rows[table])
                self._held += len(rows[table])
        while self._held >= GROUP_ROWS:  # bounded whatever the number of months in a shard
            self._flush(max(self._pending, key=lambda k: len(self._pending[k])))

    def commit(self) -> list[str]:
        """Move the shard's files into place; their paths, relative to the output."""
        for key in list(self._pending):
            self._flush(key)
        for writer in self._writers.values():
            writer.close()
        fs, root = filesystem(self.output)
        root = root.rstrip("/")
        placed = []
        for table, month in sorted(self._writers):
            relative = f"{table}/month={month}/{self.shard_id}.parquet"
            source = self._local(table, month)
            target = f"{root}/{relative}"
            if is_local(fs):
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.replace(source, target)
            else:
                fs.put_file(source, target)
            placed.append(relative)
        remove_outputs(self.output, self.shard_id, keep=placed)  # an earlier attempt's
        self.discard()
        return placed

    def discard(self) -> None:
        for writer in self._writers.values():
            with contextlib.suppress(OSError, ValueError):
                writer.close()
        self._writers.clear()
        self._pending.clear()
        shutil.rmtree(self._folder, ignore_errors=True)

    def _flush(self, key: tuple[str, str]) -> None:
        rows = self._pending.pop(key, [])
        self._held -= len(rows)
        if not rows:
            return
        schema = SCHEMAS[key[0]]
        writer = self._writers.get(key)
        if writer is None:
            writer = pq.ParquetWriter(self._local(*key), schema, compression="zstd")
            self._writers[key] = writer
        writer.write_table(pa.Table.from_pylist(rows, schema=schema))

    def _local(self, table: str, month: str) -> str:
        return os.path.join(self._folder, f"{table}.{month}.parquet")


def remove_outputs(output: str, shard_id: str, keep: Sequence[str] = ()) -> None:
    """Delete the files of a shard (but those in ``keep``, relative to the output)."""
    fs, root = filesystem(output)
    root = root.rstrip("/")
    for path in fs.glob(f"{root}/*/month=*/{shard_id}.parquet"):
        if path.removeprefix(root + "/") not in keep:
            fs.rm(path)


def clear_spool(output: str) -> None:
    """Remove what unfinished shards of an interrupted run left in a local output."""
    fs, root = filesystem(output)
    if is_local(fs):
        shutil.rmtree(os.path.join(root, SPOOL), ignore_errors=True)
