"""The executor seam: a pool of worker processes gives what one process gives, in order."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from bilat import executors
from bilat.article import Article
from bilat.executors import LocalExecutor, ProcessExecutor, make_executor
from bilat.extract import Extractor
from bilat.schema import ArticleMeta, Extraction

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "bilat" / "examples"
BILAT = [sys.executable, "-m", "bilat"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BILAT, *args], capture_output=True, text=True, timeout=600)


def test_extract_with_two_workers_is_identical_on_the_examples(tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run("extract", str(EXAMPLES), "-f", "jsonl", "-o", str(one)).returncode == 0
    result = run("extract", str(EXAMPLES), "-f", "jsonl", "-o", str(two), "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert one.read_text() == two.read_text()
    assert len(one.read_text().splitlines()) == 10


def test_ingest_with_two_workers_stores_the_same(tmp_path: Path) -> None:
    dbs = tmp_path / "one.db", tmp_path / "two.db"
    assert run("ingest", str(EXAMPLES), "--db", str(dbs[0])).returncode == 0
    result = run("ingest", str(EXAMPLES), "--db", str(dbs[1]), "--workers", "2")
    assert result.returncode == 0, result.stderr
    query = "SELECT id, type, actor_key, date, evidence_text FROM events ORDER BY id"
    stored = [sqlite3.connect(db).execute(query).fetchall() for db in dbs]
    assert stored[0] and stored[0] == stored[1]


class Fragile(Extractor):
    """Fails on any article whose text says so; the real extractor otherwise."""

    def extract_many(self, articles):  # type: ignore[no-untyped-def, override]
        batch = list(articles)
        if any("BREAK" in a.text for a in batch):
            raise RuntimeError("broken on purpose")
        return super().extract_many(batch)


def test_a_failure_is_reported_in_its_place() -> None:
    texts = ["Chile and Peru met in Lima on Monday.", "BREAK", "Ghana and Togo met in Accra."]
    articles = [Article(text=t, id=f"a{i}", published="2024-05-06") for i, t in enumerate(texts)]
    out = list(LocalExecutor(Fragile(batch_articles=3)).map(articles))
    assert [a.id for a, _ in out] == ["a0", "a1", "a2"]
    assert isinstance(out[0][1], Extraction) and isinstance(out[2][1], Extraction)
    assert isinstance(out[1][1], RuntimeError)


def test_the_pool_streams_in_order_and_recycles_workers() -> None:
    articles = [Article(text=f"Chile and Peru met in Lima on Monday, report {i}.", id=f"p{i}",
                        published="2024-05-06") for i in range(9)]
    pool = ProcessExecutor(2, batch_articles=2, recycle_after=2)  # a new worker every batch
    out = list(pool.map(iter(articles)))
    assert [a.id for a, _ in out] == [a.id for a in articles]
    assert all(isinstance(e, Extraction) and e.article.id == a.id for a, e in out)
    assert isinstance(make_executor(1), LocalExecutor)
    assert isinstance(make_executor(3), ProcessExecutor)


def test_workers_know_the_officials_the_corpus_learnt(tmp_path: Path) -> None:
    from test_ingest import TEACHER, write_jsonl

    db = tmp_path / "corpus.db"
    write_jsonl(tmp_path / "first.jsonl", [{"id": "t1", "published": "2025-05-12",
                                            "text": TEACHER}])
    write_jsonl(tmp_path / "later.jsonl", [{"id": "t2", "published": "2025-07-02", "text": (
        "Osmonaliev flew to Dushanbe on Wednesday for talks on the disputed Vorukh enclave.")}])
    assert run("ingest", str(tmp_path / "first.jsonl"), "--db", str(db)).returncode == 0
    result = run("ingest", str(tmp_path / "later.jsonl"), "--db", str(db), "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert sqlite3.connect(db).execute(
        "SELECT country, source FROM people WHERE article_id = 't2'").fetchall() == [
        ("KGZ", "corpus")]


def _no_model(*_: object) -> None:
    """A worker start that loads nothing (these tests never extract for real)."""


def _dies_on_marked(batch: list[Article]) -> list[Extraction]:
    """A worker that dies, as one killed for memory would, on an article marked DIE."""
    import os

    if any("DIE" in a.text for a in batch):
        os._exit(1)
    return [Extraction(article=ArticleMeta(id=a.id, text_length=len(a.text),
                                           extractor_version="test")) for a in batch]


def test_a_dead_worker_fails_only_the_batch_that_killed_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(executors, "_start_worker", _no_model)
    monkeypatch.setattr(executors, "_extract_batch", _dies_on_marked)
    articles = [Article(text=f"story {i}" + (" DIE" if i == 3 else ""), id=f"a{i}")
                for i in range(20)]
    out = list(ProcessExecutor(2, batch_articles=1).map(articles))
    assert [a.id for a, _ in out] == [a.id for a in articles]
    failed = {a.id: r for a, r in out if isinstance(r, Exception)}
    assert list(failed) == ["a3"]  # those in flight with it were run again, and passed
    assert isinstance(failed["a3"], BrokenProcessPool)
    assert sum(isinstance(r, Extraction) for _, r in out) == 19
