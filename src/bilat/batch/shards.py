"""The input of a batch cut into shards: the unit that is read, retried, and marked done.

A container file (JSONL, JSONL.gz, WARC, WARC.gz) is a shard by itself; loose article files
(.txt, .html, .json) are grouped, per folder, in sorted runs of ``files_per_shard``. Inputs
are local paths or any URL fsspec reads (``s3://``, ``gs://``, ``file://``...). A shard's id
is stable across runs and safe as a file name, so its output files and its line in the
manifest can be found again; the sizes of its files are kept too, so a file rewritten in place
(another size) is extracted again.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bilat.readers import SUFFIXES
from bilat.readers.warc import WARC_SUFFIXES

CONTAINER_SUFFIXES = (".jsonl", ".jsonl.gz", *WARC_SUFFIXES)
LOOSE_SUFFIXES = tuple(s for s in SUFFIXES if s not in CONTAINER_SUFFIXES)
FILES_PER_SHARD = 500
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class LocationError(ValueError):
    """A batch input or output that cannot be used; the message says why."""


class ShardInputError(LocationError):
    """The batch input cannot be listed (missing, unreadable, or holding nothing to read)."""


@dataclass(frozen=True)
class Shard:
    id: str
    files: tuple[str, ...]  # local paths or URLs, as fsspec opens them
    sizes: tuple[int, ...] = ()  # bytes of each file when planned: a changed file is redone

    @property
    def label(self) -> str:
        """How messages name it: its file, or its first file and how many follow."""
        more = len(self.files) - 1
        return self.files[0] + (f" (+{more} more files)" if more else "")


def filesystem(location: str) -> tuple[Any, str]:
    """fsspec's filesystem for ``location`` and the path within it; LocationError when no
    installed package reads that kind of URL (s3:// needs s3fs, gs:// gcsfs...)."""
    import fsspec

    try:
        return fsspec.core.url_to_fs(location)
    except (ImportError, ValueError) as exc:
        raise LocationError(f"{location}: {exc}") from exc


def is_local(fs: Any) -> bool:
    return "file" in _protocols(fs)


def plan_shards(location: str, files_per_shard: int = FILES_PER_SHARD) -> list[Shard]:
    """The shards of ``location`` (a file or a folder), in sorted order."""
    if files_per_shard < 1:
        raise ValueError(f"files per shard must be at least 1, not {files_per_shard}")
    try:
        fs, root = filesystem(location)
        if not fs.exists(root):
            raise ShardInputError(f"{location}: no such file or folder")
        if not fs.isdir(root):
            name = posixpath.basename(root.rstrip("/"))
            if not name.lower().endswith((*CONTAINER_SUFFIXES, *LOOSE_SUFFIXES)):
                raise ShardInputError(
                    f"{location}: not a file batch reads (JSONL, JSONL.gz, WARC, WARC.gz, "
                    ".txt, .html or .json)")
            return [Shard(_shard_id(name), (_address(fs, root, location),),
                          (_size(fs.info(root)),))]
        found = fs.find(root, detail=True)
    except LocationError:
        raise
    except (OSError, ValueError) as exc:
        raise ShardInputError(f"{location}: cannot list: {exc}") from exc
    sizes = {path: _size(info) for path, info in found.items()}
    shards = list(_group(fs, root, location, sorted(found), sizes, files_per_shard))
    if not shards:
        raise ShardInputError(f"{location}: no JSONL, WARC or article files in it")
    return shards


def _group(fs: Any, root: str, location: str, found: list[str], sizes: dict[str, int],
           files_per_shard: int) -> Iterator[Shard]:
    loose: dict[str, list[str]] = {}
    for path in found:
        relative = posixpath.relpath(path, root.rstrip("/") or "/")
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        lower = relative.lower()
        if lower.endswith(CONTAINER_SUFFIXES):
            yield Shard(_shard_id(relative), (_address(fs, path, location),), (sizes[path],))
        elif lower.endswith(LOOSE_SUFFIXES):
            loose.setdefault(posixpath.dirname(relative), []).append(path)
    for folder, paths in loose.items():
        for start in range(0, len(paths), files_per_shard):
            part = paths[start:start + files_per_shard]
            members = "\n".join(posixpath.basename(p) for p in part)
            name = f"{folder or 'articles'}/files-{start // files_per_shard:05d}"
            yield Shard(_shard_id(name, members), tuple(_address(fs, p, location) for p in part),
                        tuple(sizes[p] for p in part))


def _shard_id(name: str, members: str = "") -> str:
    """A file-name-safe id: the readable name, shortened, and a hash that keeps ids apart
    (and, for a group of loose files, changes when the group does)."""
    digest = hashlib.sha256(f"{name}\n{members}".encode()).hexdigest()[:10]
    readable = _UNSAFE.sub("_", name.replace("/", "__")).strip("_.")[-80:].lstrip(".")
    readable = readable or "shard"
    return f"{readable}-{digest}"


def _address(fs: Any, path: str, location: str) -> str:
    """A path fsspec opens again anywhere: plain for local input, a full URL otherwise."""
    if is_local(fs) and "://" not in location:
        return path
    return str(fs.unstrip_protocol(path))


def _size(info: dict[str, Any]) -> int:
    return int(info.get("size") or 0)


def _protocols(fs: Any) -> tuple[str, ...]:
    protocol = fs.protocol
    return tuple(protocol) if isinstance(protocol, (tuple, list)) else (protocol,)
