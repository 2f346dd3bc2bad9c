"""Cutting a batch input into shards: what is a shard, stable ids, local and fsspec inputs."""

from __future__ import annotations

import re
from pathlib import Path

import fsspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bilat.batch.shards import ShardInputError, _shard_id, plan_shards


def test_containers_are_shards_and_loose_files_are_grouped(tmp_path: Path) -> None:
    for name in ["b.jsonl", "a.warc.gz", "c.jsonl.gz", "x/1.txt", "x/2.html", "x/3.json",
                 "x/4.txt", ".hidden/z.jsonl", "x/.skip.txt", "notes.md"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    shards = plan_shards(str(tmp_path), files_per_shard=3)
    files = [[Path(f).relative_to(tmp_path).as_posix() for f in s.files] for s in shards]
    assert files == [["a.warc.gz"], ["b.jsonl"], ["c.jsonl.gz"],
                     ["x/1.txt", "x/2.html", "x/3.json"], ["x/4.txt"]]
    assert len({s.id for s in shards}) == 5
    assert shards[1].id.startswith("b.jsonl-")


def test_ids_are_stable_and_change_with_a_group(tmp_path: Path) -> None:
    for name in ["1.txt", "2.txt"]:
        (tmp_path / name).write_text("x")
    first = plan_shards(str(tmp_path))
    assert plan_shards(str(tmp_path)) == first
    (tmp_path / "3.txt").write_text("x")
    assert plan_shards(str(tmp_path))[0].id != first[0].id  # regrouped: done again


def test_a_single_file_is_one_shard(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("{}")
    [shard] = plan_shards(str(path))
    assert shard.files == (str(path),)


@pytest.mark.parametrize("name, message", [
    ("missing", "no such file or folder"),
    ("empty", "no JSONL, WARC or article files"),
    ("notes.md", "not a file batch reads"),
])
def test_inputs_that_cannot_be_planned_say_why(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.md").write_text("x")
    with pytest.raises(ShardInputError, match=message):
        plan_shards(str(tmp_path / name))


def test_fsspec_urls_are_listed_and_kept_as_urls() -> None:
    fs = fsspec.filesystem("memory")
    fs.pipe({"/plan/one.jsonl": b"{}", "/plan/sub/two.warc": b"x"})
    shards = plan_shards("memory://plan")
    assert [s.files for s in shards] == [("memory:///plan/one.jsonl",),
                                         ("memory:///plan/sub/two.warc",)]


def test_file_urls_work_like_paths(tmp_path: Path) -> None:
    (tmp_path / "one.jsonl").write_text("{}")
    [shard] = plan_shards(f"file://{tmp_path}")
    assert shard.files == (f"file://{tmp_path}/one.jsonl",)


@given(st.lists(st.text(min_size=1, max_size=200), min_size=1, max_size=20, unique=True))
def test_shard_ids_are_safe_file_names_and_distinct(names: list[str]) -> None:
    ids = [_shard_id(name) for name in names]
    assert len(set(ids)) == len(ids)
    for shard_id in ids:
        assert re.fullmatch(r"[A-Za-z0-9._-]+", shard_id) and len(shard_id) <= 91
        assert not shard_id.startswith(".")
