"""What the batch tests share: invented articles written as shards, an engine over the
session's extractor (so the model loads once), and the output tables read back. (Not in
conftest.py: pool workers are started afresh and import this module by its own name.)"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from bilat.batch.engines import ExecutorEngine
from bilat.executors import LocalExecutor
from bilat.extract import Extractor

# Invented reports, one per line of a JSONL shard, in different months.
ARTICLES = [
    {"id": "kz-uz-1", "published": "2024-10-04", "url": "https://example.org/a1",
     "text": "TASHKENT, Oct 3 - President Kassym-Jomart Tokayev of Kazakhstan met President "
             "Shavkat Mirziyoyev of Uzbekistan in Tashkent on Thursday. The two leaders signed "
             "an agreement on water sharing and said bilateral trade grew 12 percent in the "
             "first nine months."},
    {"id": "cl-pe-1", "published": "2024-11-12", "url": "https://example.org/a2",
     "text": "LIMA, Nov 11 - Chile's foreign minister Alberto van Klaveren met his Peruvian "
             "counterpart in Lima on Monday to discuss border trade."},
    {"id": "gh-tg-1", "published": "2024-11-20", "url": "https://example.org/a3",
     "text": "ACCRA, Nov 19 - Ghana accused Togo on Tuesday of closing the border crossing at "
             "Aflao without warning, a move Accra said hurt traders on both sides."},
    {"id": "weather-1", "published": "2024-10-15", "url": "https://example.org/a4",
     "text": "Heavy rain is expected across the coast this weekend, forecasters said, with "
             "temperatures falling to 12 degrees by Sunday night."},
    {"id": "undated-1", "url": "https://example.org/a5",
     "text": "Norway and Sweden agreed to extend their joint fisheries patrol in the Skagerrak "
             "for another two years, the two governments said."},
]


def write_jsonl(path: Path, articles: Sequence[dict[str, Any]], *, bad_line: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(a) for a in articles]
    if bad_line:
        lines.insert(1, "{this is not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class SessionEngine(ExecutorEngine):
    """The local engine over the session's extractor; counts the shards it is asked for."""

    def __init__(self, extractor: Extractor) -> None:
        super().__init__(LocalExecutor(extractor))
        self.asked: list[str] = []

    def run(self, shards):  # type: ignore[no-untyped-def]
        self.asked.extend(s.id for s in shards)
        return super().run(shards)


def table(output: Path, name: str) -> list[dict[str, Any]]:
    """A table of a batch output as sorted rows, the month partition included."""
    folder = output / name
    if not folder.exists():
        return []
    rows = ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pylist()
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))


def tables(output: Path) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    for name in ("articles", "events", "people", "agreements", "figures"):
        yield name, table(output, name)
