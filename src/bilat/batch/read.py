"""Reading one shard: its files through bilat's readers, fetched first when remote.

A remote file is copied to a local temporary file and read from there, so a network failure
is a failure of the shard (retried as a whole) and never passes for a damaged archive; what
is wrong inside a file is, as everywhere in bilat, an InputError naming it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

from bilat.article import Article, InputError
from bilat.batch.shards import Shard, filesystem, is_local
from bilat.readers.sources import iter_sources


class ShardReadError(OSError):
    """A file of the shard could not be fetched or opened; the shard is retried later."""


def read_shard(shard: Shard) -> Iterator[tuple[str, Article | InputError]]:
    """The articles (and named bad inputs) of ``shard``, file by file, in order, each with
    the file it came from."""
    for address in shard.files:
        for item in _read_file(address):
            yield address, item


def _read_file(address: str) -> Iterator[Article | InputError]:
    fs, path = filesystem(address)
    if is_local(fs):
        if not os.path.exists(path):
            raise ShardReadError(f"{address}: no such file (was it moved since planning?)")
        yield from _named(iter_sources([path]), path, address)
        return
    suffix = _suffix(path)
    with tempfile.TemporaryDirectory(prefix="bilat-shard-") as folder:
        local = os.path.join(folder, "input" + suffix)
        try:
            fs.get_file(path, local)
        except (OSError, ValueError) as exc:  # fsspec raises these for network and auth faults
            raise ShardReadError(f"{address}: cannot fetch: {exc}") from exc
        yield from _named(iter_sources([local]), local, address)


def _named(items: Iterator[Article | InputError], local: str,
           address: str) -> Iterator[Article | InputError]:
    """Items named by the file's own address, not the local path they were read from."""
    if local == address:
        yield from items
        return
    for item in items:
        if item.source:
            item.source = item.source.replace(local, address, 1)
        yield item


def _suffix(path: str) -> str:
    """The suffix the readers choose by (.jsonl.gz and .warc.gz keep both parts)."""
    name = os.path.basename(path).lower()
    for double in (".jsonl.gz", ".warc.gz"):
        if name.endswith(double):
            return double
    return os.path.splitext(name)[1]
