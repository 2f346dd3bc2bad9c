"""``bilat ingest`` and ``bilat reprocess`` run as a user runs them: the real command, real
SQLite files, the real extractor; invented articles."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

BILAT = [sys.executable, "-m", "bilat"]

MEETING_A = (
    "BAKU, March 12 - Azerbaijani Foreign Minister Jeyhun Bayramov met his Georgian "
    "counterpart Maka Botchorishvili in Baku on Tuesday to discuss the delimitation of the "
    "shared border and rail freight."
)
MEETING_B = (
    "Georgia's top diplomat Maka Botchorishvili held talks with Azerbaijan's Foreign Minister "
    "Jeyhun Bayramov in Baku on Tuesday, March 11, officials said. Bayramov said the border "
    "commission had made progress on the remaining disputed sections."
)
TEACHER = (
    "ASTANA, May 12 - Kyrgyz Foreign Minister Temir Osmonaliev met Kazakh Foreign Minister "
    "Murat Nurtleu in Astana on Monday to discuss water releases from the Toktogul reservoir."
)
PUPIL = (
    "BISHKEK, June 20 - Osmonaliev hosted a delegation from Uzbekistan in Bishkek on Friday "
    "and pledged to reopen two border crossings before the harvest."
)


def write_jsonl(path: Path, articles: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*BILAT, *args], capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})}, cwd=cwd,
    )


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    write_jsonl(folder / "wire.jsonl", [
        {"id": "wire-1", "published": "2025-03-12", "url": "https://wire.example/1",
         "text": MEETING_A},
        {"id": "post-7", "published": "2025-03-11", "url": "https://post.example/7",
         "text": MEETING_B},
    ])
    write_jsonl(folder / "central-asia.jsonl", [
        {"id": "ca-1", "published": "2025-05-12", "text": TEACHER},
        {"id": "ca-2", "published": "2025-06-20", "text": PUPIL},
    ])
    return folder


def test_ingest_stores_merges_and_is_idempotent(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    first = run("ingest", str(corpus), "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "read 4, new 4, duplicate 0, failed 0" in first.stderr
    assert rows(db, "SELECT count(*) FROM articles") == [(4,)]
    # the two reports of the Baku meeting are one cluster with two sources
    assert rows(db, "SELECT type, actor_key, source_count, first_date, location_name "
                    "FROM clusters WHERE source_count > 1") == [
        ("CONSULT", "AZE|GEO", 2, "2025-03-11", "Baku")
    ]
    assert rows(db, "SELECT kind FROM sources") == [("folder",)]
    assert rows(db, "SELECT status FROM runs") == [("finished",)]

    again = run("ingest", str(corpus), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert "read 4, new 0, duplicate 4, failed 0" in again.stderr
    assert rows(db, "SELECT count(*) FROM articles") == [(4,)]
    assert rows(db, "SELECT count(*) FROM events") == rows(
        db, "SELECT sum(report_count) FROM clusters")


def test_the_same_article_under_another_name_is_a_duplicate(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    write_jsonl(tmp_path / "one.jsonl", [{"id": "x1", "published": "2025-03-12",
                                          "url": "https://wire.example/1", "text": MEETING_A}])
    # same URL, another id and text; then same text, another id and no URL
    write_jsonl(tmp_path / "two.jsonl", [
        {"id": "x2", "published": "2025-03-12", "url": "https://wire.example/1",
         "text": MEETING_A + " Updated."},
        {"id": "x3", "published": "2025-03-12", "text": MEETING_A},
    ])
    result = run("ingest", str(tmp_path / "one.jsonl"), str(tmp_path / "two.jsonl"),
                 "--db", str(db))
    assert "read 3, new 1, duplicate 2" in result.stderr, result.stderr
    assert rows(db, "SELECT id FROM articles") == [("x1",)]


def test_bilat_db_and_the_default_file(corpus: Path, tmp_path: Path) -> None:
    result = run("ingest", str(corpus / "wire.jsonl"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert rows(tmp_path / "bilat.db", "SELECT count(*) FROM articles") == [(2,)]
    other = tmp_path / "elsewhere.db"
    result = run("ingest", str(corpus / "wire.jsonl"), env={"BILAT_DB": str(other)},
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert rows(other, "SELECT count(*) FROM articles") == [(2,)]


def test_an_official_learnt_in_one_article_resolves_a_bare_name_in_the_next(
    corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "corpus.db"
    assert run("ingest", str(corpus / "central-asia.jsonl"), "--db", str(db)).returncode == 0
    assert rows(db, "SELECT name, office, country, source FROM people WHERE article_id='ca-2'") \
        == [("Osmonaliev", "Foreign Minister", "KGZ", "corpus")]
    assert rows(db, "SELECT name, country, first_seen, last_seen, article_count FROM officials "
                    "WHERE country='KGZ'") == [
        ("Temir Osmonaliev", "KGZ", "2025-05-12", "2025-06-20", 2)
    ]
    assert rows(db, "SELECT a.country, a.person FROM event_actors a JOIN events e "
                    "ON e.id = a.event_id WHERE e.article_id='ca-2' AND a.person IS NOT NULL") \
        == [("KGZ", "Osmonaliev")]
    # a later run starts knowing him too
    write_jsonl(tmp_path / "later.jsonl", [{"id": "ca-3", "published": "2025-07-02", "text": (
        "Osmonaliev flew to Dushanbe on Wednesday for talks on the disputed Vorukh enclave.")}])
    assert run("ingest", str(tmp_path / "later.jsonl"), "--db", str(db)).returncode == 0
    assert rows(db, "SELECT country, source FROM people WHERE article_id='ca-3'") == [
        ("KGZ", "corpus")
    ]


def test_bad_inputs_are_named_counted_and_the_rest_stored(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_text("")
    (corpus / "broken.jsonl").write_text('{"id": "ok", "text": "x"\n')
    db = tmp_path / "corpus.db"
    result = run("ingest", str(corpus), str(tmp_path / "missing"), "--db", str(db))
    assert result.returncode == 1
    assert "empty.txt" in result.stderr and "broken.jsonl" in result.stderr
    assert "missing: no such file or directory" in result.stderr
    assert "new 4" in result.stderr and "failed 3" in result.stderr
    assert rows(db, "SELECT count(*) FROM articles") == [(4,)]
    [(counts,)] = rows(db, "SELECT counts FROM runs")
    assert json.loads(str(counts))["failed"] == 3


def test_reprocess_reextracts_older_articles_only(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    assert run("ingest", str(corpus), "--db", str(db)).returncode == 0
    before = rows(db, "SELECT id, type, actor_key FROM events ORDER BY id")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET extractor_version='0.0.1' WHERE id='wire-1'")
    result = run("reprocess", "--older-than", "0.0.2", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "new 1" in result.stderr
    versions = dict(rows(db, "SELECT id, extractor_version FROM articles"))
    assert versions["wire-1"] != "0.0.1"
    assert rows(db, "SELECT id, type, actor_key FROM events ORDER BY id") == before
    # the merged meeting is still one cluster of two sources
    assert rows(db, "SELECT source_count FROM clusters WHERE source_count > 1") == [(2,)]
    nothing = run("reprocess", "--db", str(db))
    assert "new 0" in nothing.stderr, nothing.stderr
    bad = run("reprocess", "--older-than", "soon", "--db", str(db))
    assert bad.returncode == 2 and "not a version" in bad.stderr


def _many_articles(path: Path, count: int) -> Path:
    templates = [MEETING_A, MEETING_B, TEACHER, PUPIL]
    return write_jsonl(path, [
        {"id": f"n{i:03d}", "published": "2025-03-12",
         "text": templates[i % 4] + f" (Report {i} of the series.)"}
        for i in range(count)
    ])


def test_an_ingest_killed_mid_run_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    source = _many_articles(tmp_path / "many.jsonl", 48)
    db = tmp_path / "corpus.db"
    process = subprocess.Popen(
        [*BILAT, "ingest", str(source), "--db", str(db), "--batch", "4"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        try:
            stored = rows(db, "SELECT count(*) FROM articles")[0][0]  # type: ignore[assignment]
        except sqlite3.Error:
            continue  # not created yet
        if stored >= 6:
            break
    assert process.poll() is None, "the ingest ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed_at = rows(db, "SELECT count(*) FROM articles")[0][0]
    assert 6 <= killed_at < 48  # type: ignore[operator]
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]

    resumed = run("ingest", str(source), "--db", str(db), "--batch", "4")
    assert resumed.returncode == 0, resumed.stderr
    assert f"new {48 - killed_at}, duplicate {killed_at}" in resumed.stderr  # type: ignore[operator]
    assert rows(db, "SELECT count(*), count(DISTINCT content_hash) FROM articles") == [(48, 48)]
    # every event is in exactly one cluster and the clusters count them all
    assert rows(db, "SELECT count(*) FROM events WHERE cluster_id IS NULL") == [(0,)]
    assert rows(db, "SELECT count(*) FROM events") == rows(
        db, "SELECT sum(report_count) FROM clusters")
    assert rows(db, "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id") == \
        rows(db, "SELECT count(*) FROM events")
