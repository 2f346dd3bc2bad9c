"""Where a batch is extracted: in this process, in a process pool, or on Ray (ray_engine).

Every engine turns shards into one stream of :class:`Item`: each article with its extraction,
each bad input with its message, then the shard's end, or its failure. For one shard, items
come in input order and its end (or failure) comes after them, which is all the writer needs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Protocol

from bilat.article import Article, InputError
from bilat.batch.read import read_shard
from bilat.batch.shards import Shard
from bilat.executors import Executor

ENGINES = ("local", "processes", "ray")


@dataclass
class Item:
    shard: str  # the shard's id
    kind: str  # "extracted", "bad" (an input or its extraction failed), "end", "failed"
    article: Article | None = None
    extraction: dict[str, Any] | None = None  # Extraction.to_json_dict()
    message: str | None = None
    file: str = ""  # the input file the article came from


class Engine(Protocol):
    def run(self, shards: Sequence[Shard]) -> Iterator[Item]: ...

    def close(self) -> None: ...


def extraction_failed(article: Article, exc: BaseException | str) -> str:
    """The message for an article the extractor could not handle, as ingest words it."""
    reason = exc if isinstance(exc, str) else repr(exc)
    return f"{article.source or article.id}: extraction failed: {reason}"


def shard_failed(shard: Shard, exc: BaseException) -> str:
    """Why a shard failed: the fault as raised, or its type and text for anything else."""
    if isinstance(exc, OSError) and str(exc):
        return str(exc)
    return f"{shard.label}: {type(exc).__name__}: {exc}"


class ExecutorEngine:
    """The shards' articles through an Executor (LocalExecutor, ProcessExecutor), all shards
    in one stream, so a pool starts once per run rather than once per shard."""

    def __init__(self, executor: Executor) -> None:
        self.executor = executor

    def run(self, shards: Sequence[Shard]) -> Iterator[Item]:
        markers: deque[tuple[int, Item]] = deque()  # after how many articles each comes
        owners: deque[tuple[str, str]] = deque()  # shard and file of each article handed on
        handed = 0

        def articles() -> Iterator[Article]:
            nonlocal handed
            for shard in shards:
                try:
                    for file, item in read_shard(shard):
                        if isinstance(item, InputError):
                            markers.append((handed, Item(shard.id, "bad", message=str(item))))
                            continue
                        owners.append((shard.id, file))
                        handed += 1
                        yield item
                except Exception as exc:  # noqa: BLE001 - a fetch fault: the shard is retried
                    markers.append((handed, Item(shard.id, "failed",
                                                 message=shard_failed(shard, exc))))
                    continue
                markers.append((handed, Item(shard.id, "end")))

        for index, (article, result) in enumerate(self.executor.map(articles())):
            while markers and markers[0][0] <= index:
                yield markers.popleft()[1]
            shard, file = owners.popleft()
            if isinstance(result, BrokenProcessPool):  # not the article's fault: retry the shard
                yield Item(shard, "failed", message=f"a worker process died: {result}")
            elif isinstance(result, Exception):
                yield Item(shard, "bad", article, message=extraction_failed(article, result),
                           file=file)
            else:
                yield Item(shard, "extracted", article, result.to_json_dict(), file=file)
        while markers:
            yield markers.popleft()[1]

    def close(self) -> None:
        pass


def make_engine(name: str, *, workers: int | None = None, batch_articles: int = 16,
                ray_address: str | None = None) -> Engine:
    """The engine called ``name``; ``workers`` is the pool's size (processes) or the number of
    extraction actors (ray; default: every CPU the cluster has)."""
    if name == "local":
        from bilat.executors import LocalExecutor
        from bilat.extract import Extractor

        return ExecutorEngine(LocalExecutor(Extractor(batch_articles=batch_articles)))
    if name == "processes":
        import os

        from bilat.executors import ProcessExecutor

        return ExecutorEngine(ProcessExecutor(workers or os.cpu_count() or 1, batch_articles))
    if name == "ray":
        from bilat.batch.ray_engine import RayEngine

        return RayEngine(address=ray_address, actors=workers, batch_articles=batch_articles)
    raise ValueError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")
