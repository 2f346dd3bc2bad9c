"""Ingest: sources in, a corpus that grows out; and re-extraction of what it holds.

Each article is committed on its own, with everything found in it, the officials it teaches
and its place in the event clusters: a run killed at any point keeps every article committed
before, and the next run skips them (by id, URL or text) before extracting anything, so
resuming costs little and never duplicates. Bad input is counted and reported, never fatal. A
database fault (locked, read-only, disk full, server gone) stops the run with
:class:`StoreFault`; what was committed stays.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from packaging.version import InvalidVersion, Version
from sqlalchemy import Engine, select, update
from sqlalchemy.exc import DBAPIError

from bilat.article import Article, InputError, content_id
from bilat.executors import Executor, LocalExecutor, ProcessExecutor
from bilat.extract import EXTRACTOR_VERSION, Extractor
from bilat.knowledge.officeholders import (
    MIN_LEARNT_SURNAME,
    LayeredOfficeHolders,
    load_officeholders,
)
from bilat.readers.feed import is_feed_file, is_url
from bilat.readers.sources import iter_sources
from bilat.readers.warc import is_warc_file
from bilat.schema import Extraction
from bilat.store.clusters import cluster_pending
from bilat.store.officials import Learnt, as_holding, learn_officials, learnt_holdings
from bilat.store.schema import articles, runs, sources
from bilat.store.write import Provenance, delete_article, save_extraction, stored_article_id


class StoreFault(RuntimeError):
    """The database failed mid-run; the message says how, in words a user can act on."""


@dataclass
class IngestCounts:
    read: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    events: int = 0
    clusters: int = 0  # event clusters created by this run
    merged: int = 0  # events that joined a cluster of another article
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"read {self.read}, new {self.new}, duplicate {self.duplicate}, "
            f"failed {self.failed}, events {self.events}, clusters {self.clusters} "
            f"(+{self.merged} reports merged into clusters)"
        )

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["failures"] = data["failures"][:100]
        return data


Progress = Callable[[IngestCounts, str | None], None]
"""Called after every input with the running counts and a message for a failure, if any."""


def source_kind(location: str) -> str:
    """'feed', 'warc', 'folder', 'stdin' or 'file', as the source will be read."""
    if location == "-":
        return "stdin"
    if is_url(location):
        return "feed"
    if os.path.isdir(location):
        return "folder"
    if is_warc_file(location):
        return "warc"
    if os.path.isfile(location) and is_feed_file(location):
        return "feed"
    return "file"


class Ingester:
    """One corpus being fed. Keeps the extractor's knowledge of officials in step with what
    the corpus learns, so an official named with an office in one article resolves in the
    next one, in this run and later ones."""

    def __init__(self, engine: Engine, *, batch_articles: int = 16, model: str | None = None,
                 workers: int | None = None):
        self.engine = engine
        with _faults(engine), engine.connect() as conn:
            learnt = list(learnt_holdings(conn))
        self.officeholders = LayeredOfficeHolders(load_officeholders())
        for holding, aliases in learnt:
            self.officeholders.add(holding, aliases)
        options = {"model": model} if model else {}
        self.extractor = Extractor(
            batch_articles=batch_articles, officeholders=self.officeholders, **options
        )
        # A pool extracts with the knowledge learnt before the run; officials learnt during it
        # reach the articles that name them through the re-extraction here (_learn).
        self.executor: Executor = (
            ProcessExecutor(workers, batch_articles, learnt=learnt) if workers and workers > 1
            else LocalExecutor(self.extractor)
        )
        self._source_ids: dict[str, int | None] = {}  # of articles being reprocessed
        self._recent: dict[str, int] = {}  # newly learnt names → articles left to check

    # --- ingest ---------------------------------------------------------------------------

    def ingest(
        self,
        locations: Sequence[str],
        *,
        published: str | None = None,
        timeout: float = 10.0,
        progress: Progress | None = None,
    ) -> IngestCounts:
        """Read, extract and store every article of ``locations``. Raises ValueError for a
        bad ``published`` (before anything is read), StoreFault when the database fails."""
        counts = IngestCounts()
        with self._recorded("ingest " + " ".join(locations), counts):
            for location in locations:
                source_id = self._source(location)
                items = iter_sources([location], published, timeout=timeout)
                fresh = self._fresh(items, counts, progress)
                failed = self._on_failure(counts, progress)
                for article, extraction in self.executor.map(fresh):
                    if isinstance(extraction, Exception):
                        failed(article, extraction)
                        continue
                    extraction = self._with_latest_knowledge(article, extraction)
                    self._commit(article, extraction, source_id, counts)
                    if progress:
                        progress(counts, None)
        return counts

    def _fresh(
        self,
        items: Iterable[Article | InputError],
        counts: IngestCounts,
        progress: Progress | None,
    ) -> Iterator[Article]:
        """The articles not stored yet; the rest are counted (and failures reported) here."""
        for item in items:
            if isinstance(item, InputError):
                counts.failed += 1
                counts.failures.append(str(item))
                if progress:
                    progress(counts, str(item))
                continue
            counts.read += 1
            with _faults(self.engine), self.engine.connect() as conn:
                stored = stored_article_id(conn, item.id, item.url, content_id(item.text))
            if stored is not None:
                counts.duplicate += 1
                if progress:
                    progress(counts, None)
                continue
            yield item

    def _on_failure(
        self, counts: IngestCounts, progress: Progress | None
    ) -> Callable[[Article, Exception], None]:
        def failed(article: Article, exc: Exception) -> None:
            message = f"{article.source or article.id}: extraction failed: {exc!r}"
            counts.failed += 1
            counts.failures.append(message)
            if progress:
                progress(counts, message)

        return failed

    def _commit(
        self, article: Article, extraction: Extraction, source_id: int | None,
        counts: IngestCounts, *, replace: bool = False,
    ) -> None:
        """One article and all it brings, in one transaction; with ``replace``, instead of the
        stored article of the same id (whose clusters are regrouped)."""
        where = Provenance(source_id, article.record, article.offset, article.retrieved)
        with _faults(self.engine), self.engine.begin() as conn:
            if replace:
                delete_article(conn, article.id)
            if not save_extraction(conn, extraction, article.text, where):
                counts.duplicate += 1  # the same article twice within one batch
                return
            learnt = learn_officials(conn, extraction)
            stats = cluster_pending(conn)
        self._learn(learnt)  # only once committed
        counts.new += 1
        counts.events += len(extraction.events)
        counts.clusters += stats.new_clusters
        counts.merged += stats.joined

    def _learn(self, learnt: list[Learnt]) -> None:
        """Teach the extractor (once committed). The articles of the current batch were
        extracted before this, so those naming a new official are extracted again."""
        for item in learnt:
            self.officeholders.add(as_holding(item))
            for name in {item.name, item.name.split()[-1]}:
                if len(name) >= MIN_LEARNT_SURNAME:
                    self._recent[name] = self.extractor.batch_articles

    def _with_latest_knowledge(self, article: Article, extraction: Extraction) -> Extraction:
        """Extract again if the article names a newly learnt official it could not place.

        Only articles that already tell of some interstate event or official are redone:
        a surname alone in an article about something else (business, sport) is more often
        a namesake, and redoing every such article would cost more than the rest of storage.
        """
        if not self._recent or not (extraction.events or extraction.people):
            self._age_recent()
            return extraction
        placed = " ".join(p.name for p in extraction.people if p.country)
        stale = any(
            name not in placed and _named_alone(article.text, name) for name in self._recent
        )
        self._age_recent()
        return self.extractor.extract(article) if stale else extraction

    def _age_recent(self) -> None:
        for name in list(self._recent):
            self._recent[name] -= 1
            if self._recent[name] <= 0:
                del self._recent[name]

    # --- load -----------------------------------------------------------------------------

    def load(
        self,
        extracted: Iterable[tuple[Article, Extraction, str] | InputError],
        *,
        command: str,
        progress: Progress | None = None,
    ) -> IngestCounts:
        """Store articles extracted elsewhere (``bilat batch``), each with its extraction and
        the file it was read from, as ingest would have: skipping those stored already,
        learning officials, merging reports into clusters. Nothing is extracted again, so
        officials learnt here reach later loads and ingests, not these articles."""
        counts = IngestCounts()
        with self._recorded(command, counts):
            held: dict[str, tuple[Extraction, str]] = {}

            def articles() -> Iterator[Article | InputError]:
                for item in extracted:
                    if isinstance(item, InputError):
                        yield item
                        continue
                    article, extraction, location = item
                    held[article.id] = (extraction, location)
                    yield article

            source_ids: dict[str, int | None] = {}
            for article in self._fresh(articles(), counts, progress):
                extraction, location = held.pop(article.id)
                held.clear()  # the duplicates passed over before it
                if location not in source_ids:
                    source_ids[location] = self._source(location) if location else None
                self._commit(article, extraction, source_ids[location], counts)
                self._recent.clear()  # for re-extraction, which loading does not do
                if progress:
                    progress(counts, None)
        return counts

    # --- reprocess ------------------------------------------------------------------------

    def reprocess(
        self, older_than: str | None = None, progress: Progress | None = None
    ) -> IngestCounts:
        """Extract again the stored articles made by another extractor version (or, with
        ``older_than``, by a version older than that), keeping their ids and provenance."""
        counts = IngestCounts()
        command = "reprocess" + (f" --older-than {older_than}" if older_than else "")
        with self._recorded(command, counts):
            ids = self._stale_ids(older_than)
            stored = (a for a in (self._load(i) for i in ids) if a is not None)
            failed = self._on_failure(counts, progress)
            for article, extraction in self.executor.map(stored):
                if isinstance(extraction, Exception):
                    failed(article, extraction)
                    continue
                counts.read += 1
                source_id = self._source_ids.pop(article.id, None)
                self._commit(article, extraction, source_id, counts, replace=True)
                if progress:
                    progress(counts, None)
        return counts

    def _stale_ids(self, older_than: str | None) -> list[str]:
        with _faults(self.engine), self.engine.connect() as conn:
            rows = conn.execute(
                select(articles.c.id, articles.c.extractor_version).order_by(articles.c.id)
            ).all()
        if older_than is None:
            return [r.id for r in rows if r.extractor_version != EXTRACTOR_VERSION]
        limit = _version(older_than)
        if limit is None:
            raise ValueError(f"not a version: {older_than!r} (expected e.g. 0.2.0)")
        return [r.id for r in rows if (v := _version(r.extractor_version)) is None or v < limit]

    def _load(self, article_id: str) -> Article | None:
        with _faults(self.engine), self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
        if row is None:
            return None
        self._source_ids[row.id] = row.source_id
        return Article(
            text=row.text, id=row.id, url=row.url, outlet=row.outlet, title=row.title,
            author=row.author, published=row.published, language=row.language,
            source=row.source, record=row.record, offset=row.record_offset,
            retrieved=row.retrieved,
        )

    # --- bookkeeping ----------------------------------------------------------------------

    def _source(self, location: str) -> int | None:
        """The ``sources`` row of an ingest argument (stdin has none)."""
        kind = source_kind(location)
        if kind == "stdin":
            return None
        shown = location if "://" in location else os.path.abspath(location)
        now = _now()
        with _faults(self.engine), self.engine.begin() as conn:
            found = conn.execute(select(sources.c.id).where(sources.c.location == shown)).scalar()
            if found is not None:
                conn.execute(update(sources).where(sources.c.id == found).values(
                    last_ingested=now, kind=kind))
                return int(found)
            created = conn.execute(
                sources.insert().values(kind=kind, location=shown, first_ingested=now,
                                        last_ingested=now)
            ).inserted_primary_key
            assert created is not None
            return int(created[0])

    @contextmanager
    def _recorded(self, command: str, counts: IngestCounts) -> Iterator[None]:
        """A row of ``runs`` for the work inside: its status, end and counts."""
        run_id = self._start_run(command)
        status = "failed"
        try:
            yield
            status = "finished"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            self._finish_run(run_id, status, counts)

    def _start_run(self, command: str) -> int:
        with _faults(self.engine), self.engine.begin() as conn:
            created = conn.execute(
                runs.insert().values(command=command, started=_now(), status="running",
                                     extractor_version=EXTRACTOR_VERSION)
            ).inserted_primary_key
        assert created is not None
        return int(created[0])

    def _finish_run(self, run_id: int, status: str, counts: IngestCounts) -> None:
        """Best effort: when the database itself failed, the run row may stay 'running'."""
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    update(runs).where(runs.c.id == run_id).values(
                        finished=_now(), status=status, counts=json.dumps(counts.as_dict())
                    )
                )
        except DBAPIError:
            pass


def _named_alone(text: str, name: str) -> bool:
    """Whether ``text`` names ``name`` in a way only the corpus can resolve: a full name
    anywhere, a surname without a first name before it ("Karimov said", not "Rahul Karimov
    said", a namesake whose full name would have been looked up itself)."""
    for match in re.finditer(rf"\b{re.escape(name)}\b", text):
        if " " in name:
            return True
        before = text[: match.start()].rstrip().rsplit(None, 1)
        if not before or not before[-1][:1].isupper() or before[-1].endswith((".", ",")):
            return True
    return False


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@contextmanager
def _faults(engine: Engine) -> Iterator[None]:
    """Turn a database failure into a StoreFault that says what happened."""
    try:
        yield
    except DBAPIError as exc:
        raise StoreFault(describe_fault(engine, exc)) from exc


def describe_fault(engine: Engine, exc: DBAPIError) -> str:
    """A database error in words: what failed and what to do about it."""
    where = engine.url.render_as_string(hide_password=True)
    text = (str(exc.orig or exc).strip().splitlines() or [""])[0]
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        reason = "the database is locked by another process (gave up waiting)"
    elif "readonly" in lowered or "read-only" in lowered:
        reason = "the database is read-only (check the file's and its folder's permissions)"
    elif "disk is full" in lowered or "no space" in lowered:
        reason = "the disk is full"
    elif exc.connection_invalidated or "server closed" in lowered or "terminat" in lowered or (
        "connection" in lowered
    ):
        reason = "the database server went away"
    else:
        reason = "database error"
    return f"{where}: {reason}: {text}"
