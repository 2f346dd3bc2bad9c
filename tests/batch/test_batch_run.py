"""A batch run with the local engine: tables, manifest, resume, retries, bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import fsspec
import pytest
from batch_inputs import ARTICLES, SessionEngine, table, write_jsonl
from fsspec.implementations.memory import MemoryFileSystem

from bilat.article import Article
from bilat.batch.manifest import MANIFEST, ManifestError
from bilat.batch.run import run_batch
from bilat.extract import EXTRACTOR_VERSION, Extractor
from bilat.readers import iter_articles


def manifest(output: Path) -> dict[str, Any]:
    return json.loads((output / MANIFEST).read_text())


def test_tables_hold_what_the_extractor_finds(shards: Path, tmp_path: Path,
                                              engine: SessionEngine, extractor: Extractor) -> None:
    out = tmp_path / "out"
    summary = run_batch(str(shards), str(out), engine)
    assert (summary.shards, summary.done, summary.failed, summary.articles) == (3, 3, 0, 6)
    assert summary.bad_inputs == 1 and "part-1.jsonl:2" in summary.failures[0]

    articles = {r["id"]: r for r in table(out, "articles")}
    assert articles["kz-uz-1"]["month"] == "2024-10"
    assert articles["undated-1"]["month"] == "unknown"
    assert articles["kz-uz-1"]["shard_file"].endswith("2024/part-0.jsonl")
    assert articles["kz-uz-1"]["source"].endswith("2024/part-0.jsonl:1")

    [first] = [a for a in iter_articles([str(shards / "2024" / "part-0.jsonl")])
               if isinstance(a, Article) and a.id == "kz-uz-1"]
    expected = extractor.extract(first)
    events = [e for e in table(out, "events") if e["article_id"] == "kz-uz-1"]
    assert sorted(e["event_id"] for e in events) == sorted(e.id for e in expected.events)
    stored = json.loads(articles["kz-uz-1"]["extraction"])
    assert stored == expected.to_json_dict()
    for event in events:
        text = articles["kz-uz-1"]["text"]
        assert text[event["evidence_start"]:event["evidence_end"]] == event["evidence"]
        assert event["month"] == "2024-10" and isinstance(event["source"], list)
    assert summary.events == len(table(out, "events"))
    people = {p["name"] for p in table(out, "people") if p["article_id"] == "kz-uz-1"}
    assert {p.name for p in expected.people} == people

    record = manifest(out)
    assert record["input"] == str(shards)
    assert {r["status"] for r in record["shards"].values()} == {"done"}
    bad = next(r for r in record["shards"].values() if r["failed_inputs"])
    assert bad["articles"] == 2 and len(bad["failures"]) == 1
    assert "part-1.jsonl:2" in bad["failures"][0]
    for entry in record["shards"].values():
        assert entry["extractor_version"] == EXTRACTOR_VERSION
        assert all((out / path).exists() for path in entry["outputs"])
    assert not (out / "_spool").exists()


def test_a_rerun_skips_what_is_done(shards: Path, tmp_path: Path,
                                    engine: SessionEngine) -> None:
    out = tmp_path / "out"
    run_batch(str(shards), str(out), engine)
    before = table(out, "events")
    asked = len(engine.asked)
    again = run_batch(str(shards), str(out), engine)
    assert (again.skipped, again.done) == (3, 0) and len(engine.asked) == asked
    assert table(out, "events") == before

    write_jsonl(shards / "2025" / "part-2.jsonl", ARTICLES[1:2])  # a new shard
    more = run_batch(str(shards), str(out), engine)
    assert (more.skipped, more.done) == (3, 1)
    assert len(table(out, "articles")) == 7


def test_another_extractor_version_is_redone(shards: Path, tmp_path: Path,
                                             engine: SessionEngine) -> None:
    out = tmp_path / "out"
    run_batch(str(shards), str(out), engine)
    data = manifest(out)
    next(iter(data["shards"].values()))["extractor_version"] = "0.0.1"
    (out / MANIFEST).write_text(json.dumps(data))
    again = run_batch(str(shards), str(out), engine)
    assert (again.skipped, again.done) == (2, 1)
    assert len(table(out, "articles")) == 6  # replaced, not added


def test_a_regrouped_folder_leaves_no_stale_output(tmp_path: Path,
                                                   engine: SessionEngine) -> None:
    folder, out = tmp_path / "loose", tmp_path / "out"
    folder.mkdir()
    (folder / "a.txt").write_text("Chile and Peru held talks in Lima on Monday.\n")
    run_batch(str(folder), str(out), engine, files_per_shard=10)
    (folder / "b.txt").write_text("Ghana and Togo held talks in Accra on Monday.\n")
    again = run_batch(str(folder), str(out), engine, files_per_shard=10)
    assert again.done == 1 and len(manifest(out)["shards"]) == 1
    assert sorted(r["source"].rsplit("/", 1)[1] for r in table(out, "articles")) == [
        "a.txt", "b.txt"]


def test_an_output_folder_serves_one_input(shards: Path, tmp_path: Path,
                                           engine: SessionEngine) -> None:
    out = tmp_path / "out"
    run_batch(str(shards / "2024"), str(out), engine)
    with pytest.raises(ManifestError, match="holds the batch output of"):
        run_batch(str(shards), str(out), engine)


class Flaky(MemoryFileSystem):
    """An in-memory object store whose downloads fail the first ``failures[path]`` times."""

    protocol = "flaky"
    failures: dict[str, int] = {}

    @classmethod
    def _strip_protocol(cls, path):  # type: ignore[no-untyped-def]
        return super()._strip_protocol(path.replace("flaky://", "memory://", 1))

    def get_file(self, rpath, lpath, *args, **kwargs):  # type: ignore[no-untyped-def]
        left = self.failures.get(rpath, 0)
        if left:
            self.failures[rpath] = left - 1
            raise ConnectionError(f"connection reset while fetching {rpath}")
        return super().get_file(rpath, lpath, *args, **kwargs)


@pytest.fixture
def flaky() -> MemoryFileSystem:
    fsspec.register_implementation("flaky", Flaky, clobber=True)
    fs = Flaky()
    if fs.exists("/bucket"):
        fs.rm("/bucket", recursive=True)
    fs.pipe({"/bucket/a.jsonl": json.dumps(ARTICLES[0]).encode() + b"\n",
             "/bucket/b.jsonl": json.dumps(ARTICLES[1]).encode() + b"\n",
             "/bucket/c.jsonl": json.dumps(ARTICLES[2]).encode() + b"\n"})
    Flaky.failures = {}
    return fs


def test_a_failing_shard_is_retried_then_reported(flaky: MemoryFileSystem, tmp_path: Path,
                                                  engine: SessionEngine) -> None:
    Flaky.failures = {"/bucket/a.jsonl": 1, "/bucket/b.jsonl": 99}
    out = tmp_path / "out"
    messages: list[str] = []
    summary = run_batch("flaky://bucket", str(out), engine, retries=2,
                        progress=lambda _, m: messages.append(m) if m else None)
    assert (summary.done, summary.failed) == (2, 1)
    assert "b.jsonl" in summary.failed_shards[0] and "connection reset" in summary.failed_shards[0]
    shards = {Path(r["files"][0]).name: r for r in manifest(out)["shards"].values()}
    assert shards["a.jsonl"]["status"] == "done" and shards["a.jsonl"]["attempts"] == 2
    assert shards["b.jsonl"]["status"] == "failed" and shards["b.jsonl"]["attempts"] == 3
    assert "connection reset" in shards["b.jsonl"]["error"]
    assert shards["c.jsonl"] == shards["c.jsonl"] | {"status": "done", "attempts": 1}
    assert sum("will retry" in m for m in messages) == 3  # a once, b twice
    assert {r["id"] for r in table(out, "articles")} == {"kz-uz-1", "gh-tg-1"}
    assert table(out, "articles")[0]["source"].startswith("flaky:///bucket/")

    Flaky.failures = {}  # the store is back: only the failed shard runs again
    asked = len(engine.asked)
    again = run_batch("flaky://bucket", str(out), engine)
    assert (again.skipped, again.done, again.failed) == (2, 1, 0)
    assert engine.asked[asked:] == [s for s, r in manifest(out)["shards"].items()
                                    if Path(r["files"][0]).name == "b.jsonl"]
    assert len(table(out, "articles")) == 3


def test_output_can_be_written_to_an_object_store(flaky: MemoryFileSystem,
                                                  engine: SessionEngine) -> None:
    summary = run_batch("flaky://bucket", "memory://results/run1", engine)
    assert summary.done == 3
    store = fsspec.filesystem("memory")
    written = sorted(store.find("/results/run1"))
    assert "/results/run1/_manifest.json" in written
    assert any(p.startswith("/results/run1/events/month=2024-10/") for p in written)
    store.rm("/results", recursive=True)


def test_a_file_rewritten_in_place_is_extracted_again(shards: Path, tmp_path: Path,
                                                      engine: SessionEngine) -> None:
    out = tmp_path / "out"
    run_batch(str(shards), str(out), engine)
    write_jsonl(shards / "2024" / "part-0.jsonl", ARTICLES[:2])  # now shorter
    again = run_batch(str(shards), str(out), engine)
    assert (again.skipped, again.done) == (2, 1)
    assert "gh-tg-1" not in {r["id"] for r in table(out, "articles")}


def test_a_failed_redo_leaves_only_what_the_manifest_lists(flaky: MemoryFileSystem,
                                                           tmp_path: Path,
                                                           engine: SessionEngine) -> None:
    out = tmp_path / "out"
    run_batch("flaky://bucket", str(out), engine)
    data = manifest(out)
    for record in data["shards"].values():
        record["extractor_version"] = "0.0.1"  # every shard to be redone...
    (out / MANIFEST).write_text(json.dumps(data))
    (out / "_spool" / "left-by-a-killed-run").mkdir(parents=True)
    Flaky.failures = {"/bucket/a.jsonl": 99}  # ...and one cannot be read any more
    again = run_batch("flaky://bucket", str(out), engine, retries=0)
    assert (again.done, again.failed) == (2, 1)
    assert "kz-uz-1" not in {r["id"] for r in table(out, "articles")}
    listed = {p for r in manifest(out)["shards"].values() for p in r["outputs"]}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*.parquet")}
    assert listed == on_disk
    assert not (out / "_spool").exists()


def _no_model(*_: object) -> None:
    """A worker start that loads nothing."""


def _dies_on_marked(batch: list[Article]) -> list[Any]:
    """A worker that dies on a Togo story, as one killed for memory would; the session's
    extractor is not in these worker processes, so the others get empty records."""
    import os

    from bilat.schema import ArticleMeta, Extraction

    if any("Togo" in a.text for a in batch):
        os._exit(1)
    return [Extraction(article=ArticleMeta(id=a.id, text_length=len(a.text),
                                           extractor_version=EXTRACTOR_VERSION))
            for a in batch]


def test_a_worker_that_dies_fails_its_shard_not_the_run(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    from bilat import executors
    from bilat.batch.engines import ExecutorEngine

    monkeypatch.setattr(executors, "_start_worker", _no_model)
    monkeypatch.setattr(executors, "_extract_batch", _dies_on_marked)
    for index, article in enumerate(ARTICLES):
        write_jsonl(tmp_path / "in" / f"{index}.jsonl", [article])
    pool = ExecutorEngine(executors.ProcessExecutor(2, batch_articles=1))
    summary = run_batch(str(tmp_path / "in"), str(tmp_path / "out"), pool, retries=1)
    assert (summary.done, summary.failed) == (4, 1)
    assert "2.jsonl" in summary.failed_shards[0]
    assert "a worker process died" in summary.failed_shards[0]
    assert len(table(tmp_path / "out", "articles")) == 4


def _warc(path: Path, pages: list[tuple[str, str]]) -> bytes:
    """A WARC.gz of HTML responses (invented pages: URL, paragraph), plus a request record."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, paragraph in pages:
        html = (f"<html lang='en'><head><title>Talks</title><meta property="
                f"'article:published_time' content='2024-06-12T09:00:00+00:00'></head><body>"
                f"<article><p>{paragraph}</p><p>Officials said further meetings would follow "
                f"later in the year.</p></article></body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "request", payload=BytesIO(b"GET /")))
        writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(html),
                                                      http_headers=headers))
    data = buffer.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


PAGES = [("https://news.example.org/1", "Kenya and Ethiopia signed a power trade agreement in "
          "Nairobi on Tuesday, the two governments said in a joint statement."),
         ("https://news.example.org/2", "Chile's foreign minister met his Argentine counterpart "
          "in Santiago on Tuesday to discuss a new border crossing in the Andes.")]


def test_warc_archives_local_and_remote(tmp_path: Path, flaky: MemoryFileSystem,
                                        engine: SessionEngine) -> None:
    data = _warc(tmp_path / "in" / "crawl-001.warc.gz", PAGES)
    flaky.pipe({"/bucket/crawl/crawl-001.warc.gz": data})
    for source, out in [(tmp_path / "in", tmp_path / "local"),
                        ("flaky://bucket/crawl", tmp_path / "remote")]:
        summary = run_batch(str(source), str(out), engine)
        assert (summary.done, summary.articles, summary.bad_inputs) == (1, 2, 0)
        rows = sorted(table(out, "articles"), key=lambda r: r["record_offset"])
        assert [r["url"] for r in rows] == [url for url, _ in PAGES]
        assert all(r["record"].startswith("<urn:uuid:") for r in rows)
        assert all(r["month"] == "2024-06" and r["published"].startswith("2024-06-12")
                   for r in rows)
        assert rows[0]["shard_file"].endswith("crawl-001.warc.gz")
        assert rows[0]["source"].startswith(rows[0]["shard_file"])
        assert {e["type"] for e in table(out, "events")} >= {"CONSULT"}
    assert table(tmp_path / "remote", "events") == table(tmp_path / "local", "events")
