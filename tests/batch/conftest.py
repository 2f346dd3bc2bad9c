"""Fixtures of the batch tests: shards on disk, the session's engine, a local Ray."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from batch_inputs import ARTICLES, SessionEngine, write_jsonl

from bilat.extract import Extractor


@pytest.fixture
def shards(tmp_path: Path) -> Path:
    """A folder of two JSONL shards and a loose text article."""
    folder = tmp_path / "input"
    write_jsonl(folder / "2024" / "part-0.jsonl", ARTICLES[:3])
    write_jsonl(folder / "2024" / "part-1.jsonl", ARTICLES[3:], bad_line=True)
    (folder / "loose").mkdir()
    (folder / "loose" / "note.txt").write_text(
        "Kenya and Ethiopia held talks in Nairobi on Friday on a new power line.\n",
        encoding="utf-8")
    return folder


@pytest.fixture
def engine(extractor: Extractor) -> SessionEngine:
    return SessionEngine(extractor)


@pytest.fixture(scope="session")
def local_ray() -> Iterator[Any]:
    """A local Ray with two CPUs, started once for the whole session."""
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()
