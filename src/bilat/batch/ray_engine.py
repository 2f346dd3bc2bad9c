"""The Ray engine: Ray Data reads shards in tasks and extracts in a pool of actors, each of
which loads the pipeline once; this process receives the results and writes them.

Locally it starts Ray with ``actors`` CPUs (default: all of this machine's); with an address
(``auto``, ``ray://head:10001``) or inside ``ray job submit`` it joins that cluster and uses
one actor per CPU the cluster has. Reading tasks ask for no CPU: reading is light next to
extraction, and an actor pool holding every CPU would otherwise starve them forever.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator, Sequence
from typing import Any

from bilat.batch.engines import Item, extraction_failed, shard_failed
from bilat.batch.read import read_shard
from bilat.batch.shards import Shard
from bilat.batch.tables import article_from_json, article_json

INSTALL = "the ray engine needs Ray: pip install 'bilat[ray]'"


class RayMissing(RuntimeError):
    """Ray is not installed; the message says how to install it."""


class RayUnavailable(RuntimeError):
    """Ray is installed but could not be started here, or the cluster could not be joined."""


def import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise RayMissing(INSTALL) from exc
    return ray


class RayEngine:
    def __init__(self, *, address: str | None = None, actors: int | None = None,
                 batch_articles: int = 16) -> None:
        self.ray = import_ray()
        self.batch_articles = batch_articles
        started = time.perf_counter()
        self._owned = False
        if not self.ray.is_initialized():
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                       "logging_level": logging.WARNING}
            joining = address or os.environ.get("RAY_ADDRESS")
            try:
                if joining:
                    self.ray.init(address=address, **options)
                else:
                    self.ray.init(num_cpus=actors or os.cpu_count() or 1, **options)
                    self._owned = True
            except Exception as exc:  # noqa: BLE001 - Ray raises many kinds here
                where = f"join the Ray cluster at {joining}" if joining else "start Ray here"
                raise RayUnavailable(f"cannot {where}: {type(exc).__name__}: {exc}") from exc
        self.startup = time.perf_counter() - started  # seconds to start or join Ray
        cpus = int(self.ray.cluster_resources().get("CPU", 1))
        self.actors = max(1, min(actors or cpus, cpus))
        logging.getLogger("ray.data").setLevel(logging.ERROR)

    def run(self, shards: Sequence[Shard]) -> Iterator[Item]:
        data = self.ray.data
        context = data.DataContext.get_current()
        context.execution_options.preserve_order = True  # a shard's end after its articles
        context.enable_progress_bars = False
        dataset = data.from_items(
            [{"shard": s.id, "files": list(s.files)} for s in shards],
            override_num_blocks=max(1, len(shards)),
        )
        dataset = dataset.flat_map(
            _read_rows, num_cpus=0, compute=data.TaskPoolStrategy(size=self.actors))
        dataset = dataset.map_batches(
            _Extract, fn_constructor_kwargs={"batch_articles": self.batch_articles},
            batch_size=self.batch_articles, compute=data.ActorPoolStrategy(size=self.actors),
            num_cpus=1,
        )
        finished: set[str] = set()
        try:
            for row in dataset.iter_rows():
                item = _item(row)
                if item.kind in ("end", "failed"):
                    finished.add(item.shard)
                yield item
        except Exception as exc:  # noqa: BLE001 - the cluster failed: unfinished shards failed
            for shard in shards:
                if shard.id not in finished:
                    yield Item(shard.id, "failed", message=shard_failed(shard, exc))

    def close(self) -> None:
        if self._owned:
            self.ray.shutdown()


def _read_rows(row: dict[str, Any]) -> Iterator[dict[str, str]]:
    """In a Ray task: one shard's articles and bad inputs as rows, then its end."""
    from bilat.article import InputError

    shard = Shard(str(row["shard"]), tuple(str(f) for f in row["files"]))
    try:
        for file, item in read_shard(shard):
            if isinstance(item, InputError):
                yield _row(shard.id, "bad", message=str(item))
            else:
                yield _row(shard.id, "article", article=article_json(item), file=file)
    except Exception as exc:  # noqa: BLE001 - a fetch fault: the shard is retried
        yield _row(shard.id, "failed", message=shard_failed(shard, exc))
        return
    yield _row(shard.id, "end")


def _row(shard: str, kind: str, *, article: str = "", extraction: str = "",
         message: str = "", file: str = "") -> dict[str, str]:
    return {"shard": shard, "kind": kind, "article": article, "extraction": extraction,
            "message": message, "file": file}


class _Extract:
    """A Ray actor: the pipeline, loaded once, applied to batches of rows."""

    def __init__(self, batch_articles: int) -> None:
        from bilat.extract import Extractor

        self.extractor = Extractor(batch_articles=batch_articles)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        import json

        from bilat.executors import extract_each

        rows = [_row(str(s), str(k), article=str(a), message=str(m), file=str(f))
                for s, k, a, m, f in zip(batch["shard"], batch["kind"], batch["article"],
                                         batch["message"], batch["file"], strict=True)]
        todo = [(row, article_from_json(row["article"])) for row in rows
                if row["kind"] == "article"]
        results = extract_each(self.extractor, [article for _, article in todo])
        for (row, article), result in zip(todo, results, strict=True):
            if isinstance(result, Exception):
                row["kind"] = "bad"
                row["message"] = extraction_failed(article, result)
            else:
                row["kind"] = "extracted"
                row["extraction"] = json.dumps(result.to_json_dict(), ensure_ascii=False)
        return {key: [row[key] for row in rows] for key in _row("", "")}


def _item(row: dict[str, Any]) -> Item:
    import json

    kind, file = str(row["kind"]), str(row["file"])
    if kind == "extracted":
        return Item(str(row["shard"]), kind, article_from_json(str(row["article"])),
                    json.loads(str(row["extraction"])), file=file)
    article = article_from_json(str(row["article"])) if row["article"] else None
    return Item(str(row["shard"]), kind, article, message=str(row["message"]) or None,
                file=file)
