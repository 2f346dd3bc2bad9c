"""Where extraction runs: in this process, or in a pool of worker processes.

Both take articles and give back, in input order, each article with its extraction or with the
exception that broke it, so callers count and report failures the same way whichever runs.
The pool loads the model once per worker, keeps only a few batches in flight (the input is
read as results are consumed, so a 10-million-article file never sits in memory), and
replaces each worker after ``recycle_after`` articles to keep memory flat. When a worker dies
(killed for memory, a crash in native code) the batches in flight with it are run again one
at a time in a new pool, so that only the batch that kills a worker fails (with
BrokenProcessPool), and the rest goes on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TYPE_CHECKING, Protocol

from bilat.article import Article
from bilat.knowledge.officeholders import Holding
from bilat.schema import Extraction

if TYPE_CHECKING:
    from bilat.extract import Extractor

Outcome = tuple[Article, Extraction | Exception]

RECYCLE_AFTER = 2000  # articles a worker extracts before it is replaced


class Executor(Protocol):
    def map(self, articles: Iterable[Article]) -> Iterator[Outcome]: ...


class LocalExecutor:
    """Extraction in this process (the default, and what tests use)."""

    def __init__(self, extractor: object | None = None) -> None:
        from bilat.extract import Extractor

        self.extractor = extractor if isinstance(extractor, Extractor) else Extractor()

    def map(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        from bilat.extract import extract_safely

        failures: deque[Outcome] = deque()
        for article, extraction in extract_safely(
            self.extractor, articles, lambda a, exc: failures.append((a, exc))
        ):
            while failures and failures[0][0] is not article:
                yield failures.popleft()
            yield article, extraction
        yield from failures


class ProcessExecutor:
    """Extraction in ``workers`` processes, batches of ``batch_articles`` at a time."""

    def __init__(self, workers: int, batch_articles: int = 16,
                 recycle_after: int = RECYCLE_AFTER,
                 learnt: Sequence[tuple[Holding, Sequence[str]]] = ()) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.workers = workers
        self.batch_articles = batch_articles
        self.recycle_after = max(recycle_after, batch_articles)
        self.learnt = list(learnt)  # officials a corpus has learnt, for every worker

    def map(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        iterator = iter(articles)
        in_flight: deque[tuple[list[Article], Future[list[Extraction | Exception]] | None]]
        in_flight = deque()  # a batch with its future; None: to be done again, alone
        window = 2 * self.workers
        self._pool, self._broken = self._start(), False
        try:
            while True:
                while len(in_flight) < window and all(f is not None for _, f in in_flight):
                    batch = list(islice(iterator, self.batch_articles))
                    if not batch:
                        break
                    in_flight.append((batch, self._submit(batch)))
                if not in_flight:
                    return
                batch, future = in_flight.popleft()
                if future is None:
                    results = self._alone(batch)
                else:
                    try:
                        results = future.result()
                    except BrokenProcessPool:  # a worker died, and every batch in flight with it
                        self._broken = True
                        in_flight.appendleft((batch, None))
                        in_flight = deque((b, f if f is not None and _succeeded(f) else None)
                                          for b, f in in_flight)
                        continue
                    except Exception as exc:  # noqa: BLE001 - the batch could not be sent
                        results = [exc] * len(batch)
                yield from zip(batch, results, strict=True)
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self, batch: list[Article]) -> Future[list[Extraction | Exception]] | None:
        if self._broken:
            return None
        try:
            return self._pool.submit(_extract_batch, batch)
        except BrokenProcessPool:
            self._broken = True
            return None

    def _alone(self, batch: list[Article]) -> list[Extraction | Exception]:
        """A batch that was in flight when a worker died, run with nothing beside it in a
        sound pool: if a worker dies now, this batch killed it."""
        if self._broken:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool, self._broken = self._start(), False
        try:
            return self._pool.submit(_extract_batch, batch).result()
        except BrokenProcessPool as exc:
            self._broken = True
            return [exc] * len(batch)
        except Exception as exc:  # noqa: BLE001
            return [exc] * len(batch)

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            max_tasks_per_child=max(1, self.recycle_after // self.batch_articles),
            initializer=_start_worker,
            initargs=(self.batch_articles, self.learnt),
        )


_WORKER_EXTRACTOR = None


def _succeeded(future: Future[list[Extraction | Exception]]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _start_worker(batch_articles: int, learnt: list[tuple[Holding, Sequence[str]]]) -> None:
    global _WORKER_EXTRACTOR
    from bilat.extract import Extractor
    from bilat.knowledge.officeholders import LayeredOfficeHolders, load_officeholders

    officeholders = None
    if learnt:
        officeholders = LayeredOfficeHolders(load_officeholders())
        for holding, aliases in learnt:
            officeholders.add(holding, aliases)
    _WORKER_EXTRACTOR = Extractor(batch_articles=batch_articles, officeholders=officeholders)


def _extract_batch(batch: list[Article]) -> list[Extraction | Exception]:
    """In a worker: each article's extraction, or the exception it raised."""
    from bilat.extract import Extractor

    extractor = _WORKER_EXTRACTOR if isinstance(_WORKER_EXTRACTOR, Extractor) else Extractor()
    return extract_each(extractor, batch)


def extract_each(extractor: Extractor, batch: Sequence[Article]) -> list[Extraction | Exception]:
    """Each article's extraction, or the exception it raised, in the order of ``batch``."""
    from bilat.extract import extract_safely

    failed: dict[int, Exception] = {}
    done = {id(article): extraction for article, extraction in extract_safely(
        extractor, batch, lambda article, exc: failed.__setitem__(id(article), exc)
    )}
    return [done.get(id(a)) or failed.get(id(a)) or RuntimeError("no result")  # type: ignore[misc]
            for a in batch]


def make_executor(workers: int | None, batch_articles: int = 16) -> Executor:
    """In-process for ``None``, 0 or 1 workers; a process pool otherwise."""
    if workers is None or workers <= 1:
        from bilat.extract import Extractor

        return LocalExecutor(Extractor(batch_articles=batch_articles))
    return ProcessExecutor(workers, batch_articles)
