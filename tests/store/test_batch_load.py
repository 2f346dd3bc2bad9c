"""``bilat load`` on both databases: a batch output stored once, however often it is loaded,
with reports of one event from different shards merged as ``bilat ingest`` merges them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from sqlalchemy import create_engine, func, select

from bilat.batch.engines import ExecutorEngine
from bilat.batch.run import run_batch
from bilat.executors import LocalExecutor
from bilat.extract import Extractor
from bilat.store.schema import articles, clusters, events

MEETING = ("BAKU, March 4 - Foreign Minister Jeyhun Bayramov of Azerbaijan met Georgian "
           "Foreign Minister Ilia Darchiashvili in Baku on Monday to discuss a new rail link.")
SAME_MEETING = ("Azerbaijan's Jeyhun Bayramov and Georgia's Ilia Darchiashvili met in Baku on "
                "Monday, officials said, and talked about the planned rail link.")


@pytest.fixture(scope="module")
def batch_output(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Path:
    root = tmp_path_factory.mktemp("batch")
    for name, items in [("a.jsonl", [("wire-1", MEETING)]),
                        ("b.jsonl", [("paper-7", SAME_MEETING)])]:
        (root / "in").mkdir(exist_ok=True)
        (root / "in" / name).write_text("".join(
            json.dumps({"id": i, "text": t, "published": "2024-03-05"}) + "\n"
            for i, t in items))
    summary = run_batch(str(root / "in"), str(root / "out"),
                        ExecutorEngine(LocalExecutor(extractor)))
    assert summary.done == 2 and summary.articles == 2
    return root / "out"


def load(output: Path, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bilat", "load", str(output), "--db", url],
                          capture_output=True, text=True, timeout=600)


def test_loading_stores_once_and_merges_across_shards(batch_output: Path,
                                                      empty_url: str) -> None:
    first = load(batch_output, empty_url)
    assert first.returncode == 0, first.stderr
    assert "read 2, new 2, duplicate 0, failed 0" in first.stderr
    second = load(batch_output, empty_url)
    assert second.returncode == 0 and "new 0, duplicate 2" in second.stderr

    engine = create_engine(empty_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar() == 2
        consults = conn.execute(
            select(clusters.c.source_count).where(clusters.c.type == "CONSULT")).scalars().all()
        stored = conn.execute(select(func.count()).select_from(events)).scalar()
    engine.dispose()
    assert 2 in consults  # the meeting, told by both articles, is one event
    written = ds.dataset(batch_output / "events", format="parquet", partitioning="hive")
    assert stored == written.count_rows() > 0


def test_a_damaged_file_is_named_and_the_rest_loaded(batch_output: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(batch_output, copy)
    manifest = json.loads((copy / "_manifest.json").read_text())
    first = sorted(p for r in manifest["shards"].values() for p in r["outputs"]
                   if p.startswith("articles/"))[0]
    (copy / first).write_bytes(b"PAR1 not really parquet")
    result = load(copy, f"sqlite:///{tmp_path / 'corpus.db'}")
    assert result.returncode == 1
    assert first in result.stderr and "cannot read" in result.stderr
    assert "read 1, new 1, duplicate 0, failed 1" in result.stderr
