"""The real ``bilat batch`` and ``bilat load`` commands: engines agree, output loads into the
same corpus ``bilat ingest`` builds, and every user mistake ends in one clear message."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from batch_inputs import ARTICLES, table, tables, write_jsonl

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "bilat" / "examples"
BILAT = [sys.executable, "-m", "bilat"]
EVENTS = "SELECT id, type, actor_key, date, evidence_text FROM events ORDER BY id"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BILAT, *args], capture_output=True, text=True, timeout=900)


def test_batch_then_load_builds_the_corpus_ingest_builds(tmp_path: Path) -> None:
    out, loaded, ingested = tmp_path / "out", tmp_path / "loaded.db", tmp_path / "ingested.db"
    result = run("batch", str(EXAMPLES), str(out))
    assert result.returncode == 0, result.stderr
    assert "shards 2 (skipped 0 done before, done 2, failed 0), articles 10" in result.stderr
    result = run("load", str(out), "--db", str(loaded))
    assert result.returncode == 0, result.stderr
    assert "read 10, new 10, duplicate 0, failed 0" in result.stderr
    assert run("ingest", str(EXAMPLES), "--db", str(ingested)).returncode == 0
    stored = [sqlite3.connect(db).execute(EVENTS).fetchall() for db in (loaded, ingested)]
    assert stored[0] and stored[0] == stored[1]
    clusters = "SELECT type, first_date, source_count FROM clusters ORDER BY 1, 2, 3"
    assert (sqlite3.connect(loaded).execute(clusters).fetchall()
            == sqlite3.connect(ingested).execute(clusters).fetchall())

    again = run("load", str(out), "--db", str(loaded))
    assert again.returncode == 0 and "new 0, duplicate 10" in again.stderr
    rerun = run("batch", str(EXAMPLES), str(out))
    assert rerun.returncode == 0 and "skipped 2 done before, done 0" in rerun.stderr


def test_the_process_pool_writes_what_one_process_writes(tmp_path: Path) -> None:
    one, pool = tmp_path / "one", tmp_path / "pool"
    assert run("batch", str(EXAMPLES), str(one)).returncode == 0
    result = run("batch", str(EXAMPLES), str(pool), "--engine", "processes", "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert dict(tables(one)) == dict(tables(pool))
    assert len(table(pool, "articles")) == 10


def test_bad_input_is_named_counted_and_the_rest_done(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in" / "feed.jsonl", ARTICLES[3:], bad_line=True)
    result = run("batch", str(source.parent), str(tmp_path / "out"))
    assert result.returncode == 1
    assert "feed.jsonl:2" in result.stderr and "bad inputs 1" in result.stderr
    assert len(table(tmp_path / "out", "articles")) == 2


def test_mistakes_end_in_one_message(tmp_path: Path) -> None:
    missing = run("batch", str(tmp_path / "nowhere"), str(tmp_path / "out"))
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr
    address = run("batch", str(EXAMPLES), str(tmp_path / "out"), "--ray-address", "auto")
    assert address.returncode == 2 and "--ray-address is for --engine ray" in address.stderr
    nothing = run("load", str(tmp_path), "--db", str(tmp_path / "x.db"))
    assert nothing.returncode == 2 and "_manifest.json" in nothing.stderr
    local = run("batch", str(EXAMPLES), str(tmp_path / "out"), "--workers", "2")
    assert local.returncode == 2 and "--workers is for --engine processes" in local.stderr
    unknown = run("batch", str(EXAMPLES), "nosuchstore://bucket/out")
    assert unknown.returncode == 2 and "nosuchstore://bucket/out" in unknown.stderr
    for result in (missing, address, nothing, local, unknown):
        assert "Traceback" not in result.stderr


def test_without_ray_the_ray_engine_says_how_to_install_it(tmp_path: Path) -> None:
    hide_ray = ("import sys; sys.modules['ray'] = None; from bilat.cli import main; "
                f"sys.argv = ['bilat', 'batch', {str(EXAMPLES)!r}, {str(tmp_path / 'o')!r}, "
                "'--engine', 'ray']; main()")
    result = subprocess.run([sys.executable, "-c", hide_ray], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 2
    assert "pip install 'bilat[ray]'" in result.stderr and "Traceback" not in result.stderr
