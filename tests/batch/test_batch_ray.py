"""The Ray engine on a local Ray: the same tables as the local engine, and a shard that
cannot be read comes back as that shard's failure, not as a crash of the run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from batch_inputs import SessionEngine, tables

from bilat.batch.ray_engine import RayEngine
from bilat.batch.run import run_batch
from bilat.batch.shards import Shard


def test_ray_writes_what_the_local_engine_writes(local_ray: Any, shards: Path, tmp_path: Path,
                                                 engine: SessionEngine) -> None:
    ray_engine = RayEngine(actors=2, batch_articles=4)
    assert ray_engine.actors == 2
    by_ray = run_batch(str(shards), str(tmp_path / "ray"), ray_engine)
    assert local_ray.is_initialized()  # joined, not owned: left running for other tests
    local = run_batch(str(shards), str(tmp_path / "local"), engine)
    assert (by_ray.done, by_ray.articles, by_ray.bad_inputs, by_ray.events) == (
        local.done, local.articles, local.bad_inputs, local.events)
    assert by_ray.articles == 6
    assert dict(tables(tmp_path / "ray")) == dict(tables(tmp_path / "local"))


def test_an_unreadable_shard_fails_alone(local_ray: Any, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Chile and Peru held talks in Lima on Monday.\n")
    items = list(RayEngine(actors=1).run([
        Shard("gone", (str(tmp_path / "gone.jsonl"),)), Shard("good", (str(good),))]))
    kinds = [(i.shard, i.kind) for i in items]
    assert kinds == [("gone", "failed"), ("good", "extracted"), ("good", "end")]
    assert "gone.jsonl: no such file" in (items[0].message or "")
