"""Scaling: the process pool against one worker, the Ray engine against the pool, and the
memory of pool workers as the input grows.

    python bench/scale.py                          # pool: 400 articles, 1 and 2 workers
    python bench/scale.py --ray --articles 800     # Ray engine against the process pool
    python bench/scale.py --memory --sizes 10000 50000
    python bench/scale.py --reading --articles 300
    python bench/scale.py --driver --articles 300

``pool``: whole runs of the executor (start-up and model loading included) with 1 and N
workers on the same generated articles (target with 2 workers on 2 cores: >= 1.7).

``--ray``: ``run_batch`` on the same generated shards with the processes engine and with the
ray engine (both with ``--workers`` of them), on ``--articles`` and on a third of them; the
rate once started is the extra articles over the extra time, and the fixed cost (starting
Ray, loading the model in every actor) is reported apart (target: ray >= 0.8 x pool).

``--reading``: milliseconds per article to read, without extracting, the same generated
articles from a WARC.gz of HTML pages (trafilatura finds the text) and from JSONL: what reading
CC-NEWS adds to the extraction cost.

``--driver``: what the process running ``bilat batch`` costs per article whatever the engine:
extractions made beforehand are replayed as the Ray engine's JSON rows through ``run_batch``
(decoded, turned into table rows, written as Parquet, manifest updated), so the one driver's
limit in articles per second is known when sizing a cluster.

``--memory``: the real ``bilat batch SHARDS OUT --engine processes`` as a subprocess per size
(shards of 5,000 generated articles; the smaller corpus is a prefix of the larger), sampling
every process of its tree every 0.5 s from /proc: the peak resident memory (kernel high-water
mark, VmHWM) of each worker process and of the main process. Target: the per-worker peak
within 10% from the smallest size to the largest. 50,000 articles take about 50 minutes on 2
cores.

Nothing is asserted: it prints the numbers and their ratios.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import iter_corpus, write_corpus  # noqa: E402
from memory import _children_proc, _status_kb  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
SHARD_ARTICLES = 5000
MB = 1024 * 1024


# --- pool against one worker -------------------------------------------------------------


def pool_rate(workers: int, articles: list[Any]) -> float:
    """Articles per second of a whole run with ``workers`` processes (1: in this process)."""
    from bilat.executors import make_executor

    start = time.perf_counter()
    done = sum(1 for _ in make_executor(workers).map(articles))
    return done / (time.perf_counter() - start)


def bench_pool(n: int, workers: Sequence[int], seed: int) -> None:
    from bilat.article import Article
    from bilat.readers import iter_articles

    corpus = write_corpus(OUT / f"scale-{n}-{seed}.jsonl", n, seed=seed)
    articles = [a for a in iter_articles([str(corpus)]) if isinstance(a, Article)]
    print(f"pool: {len(articles)} generated articles (seed {seed}); whole runs, model load "
          "included")
    base = None
    for count in workers:
        rate = pool_rate(count, articles)
        base = base or rate
        print(f"  workers {count}: {rate:6.2f} articles/s  ratio to the first {rate / base:.2f}")


# --- ray against the pool ----------------------------------------------------------------


def shards_of(n: int, seed: int, per_shard: int) -> Path:
    """A folder of JSONL shards holding the first ``n`` generated articles (cached)."""
    folder = OUT / f"shards-{n}-{seed}-{per_shard}"
    if (folder / "complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    handle = None
    for index, article in enumerate(iter_corpus(n, seed)):
        if index % per_shard == 0:
            if handle:
                handle.close()
            handle = (folder / f"part-{index // per_shard:05d}.jsonl").open("w")
        assert handle is not None
        handle.write(json.dumps(article, ensure_ascii=False) + "\n")
    if handle:
        handle.close()
    (folder / "complete").write_text("")
    return folder


class Timed:
    """An engine whose items are timed: when the first article came, and the last."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.startup = getattr(engine, "startup", 0.0)
        self.first = self.last = 0.0
        self.articles = 0

    def run(self, shards: Sequence[Any]) -> Iterator[Any]:
        for item in self.engine.run(shards):
            if item.kind == "extracted":
                now = time.perf_counter()
                self.first = self.first or now
                self.last = now
                self.articles += 1
            yield item

    def close(self) -> None:
        self.engine.close()


def engine_run(name: str, folder: Path, workers: int, batch: int) -> dict[str, float]:
    """One whole batch run: articles, seconds to start the engine, seconds of the whole run
    (engine start included), seconds until the first result."""
    from bilat.batch.engines import make_engine
    from bilat.batch.run import run_batch

    out = OUT / f"scale-batch-{name}"
    shutil.rmtree(out, ignore_errors=True)
    began = time.perf_counter()
    timed = Timed(make_engine(name, workers=workers, batch_articles=batch))
    made = time.perf_counter()
    run_batch(str(folder), str(out), timed, files_per_shard=1)
    ended = time.perf_counter()
    return {"articles": timed.articles, "engine": made - began, "whole": ended - began,
            "first": timed.first - began}


def bench_ray(n: int, workers: int, seed: int, per_shard: int, batch: int) -> None:
    """Throughput once started, by difference: (n - n/3) articles over the difference of the
    two runs' times, so every fixed cost (starting Ray, actors and workers loading the model,
    results held back to keep order) cancels out."""
    small_n = max(per_shard, n // 3 // per_shard * per_shard)
    small, large = shards_of(small_n, seed, per_shard), shards_of(n, seed, per_shard)
    print(f"ray vs pool: runs of {small_n} and {n} generated articles in shards of "
          f"{per_shard}, {workers} workers; rate once started = extra articles / extra time")
    rates = {}
    for name in ("processes", "ray"):
        a = engine_run(name, small, workers, batch)
        b = engine_run(name, large, workers, batch)
        rate = (b["articles"] - a["articles"]) / (b["whole"] - a["whole"])
        fixed = b["whole"] - b["articles"] / rate
        rates[name] = rate
        print(f"  {name:9}: {rate:6.2f} articles/s once started; fixed cost {fixed:5.1f} s "
              f"(engine start {b['engine']:.1f} s; first result {b['first']:.1f} s after the "
              f"start); whole runs {a['whole']:.1f} s and {b['whole']:.1f} s")
    print(f"  ratio ray/pool once started = {rates['ray'] / rates['processes']:.2f} "
          "(target >= 0.8)")


# --- reading cost of WARC against JSONL --------------------------------------------------


def warc_of(n: int, seed: int) -> Path:
    """The first ``n`` generated articles as HTML responses in a WARC.gz (cached)."""
    import html
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = OUT / f"pages-{n}-{seed}.warc.gz"
    if path.exists():
        return path
    # What surrounds an article on a real news page (menus, related stories, scripts, a
    # footer) and makes finding its text cost something: about 60 kB per page.
    menu = "".join(f"<li><a href='/section/{i}'>Section {i}</a></li>" for i in range(120))
    script = "<script>" + "var tracking={};" * 1500 + "</script>"
    footer = "".join(f"<a href='/about/{i}'>About link {i}</a> " for i in range(80))
    titles = [a["title"] for a in iter_corpus(40, seed + 1)]
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for index, article in enumerate(iter_corpus(n, seed)):
            related = "".join(f"<li><a href='/story/{index}/{k}'>{html.escape(t)}</a></li>"
                              for k, t in enumerate(titles[index % 20:index % 20 + 20]))
            body = "".join(f"<p>{html.escape(p)}</p>" for p in article["text"].split("\n\n"))
            page = (
                f"<!DOCTYPE html><html lang='en'><head><title>{html.escape(article['title'])}"
                f"</title><meta property='article:published_time' "
                f"content='{article['published']}'>{script}</head><body><header><nav><ul>"
                f"{menu}</ul></nav></header><main><article><h1>"
                f"{html.escape(article['title'])}</h1><p class='byline'>By "
                f"{html.escape(article['author'])}</p>{body}</article><aside><h2>Related</h2>"
                f"<ul>{related}</ul></aside></main><footer>{footer} Copyright "
                f"{html.escape(article['outlet'])}</footer>{script}</body></html>").encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                article["url"], "response", payload=BytesIO(page), http_headers=headers))
    return path


def bench_reading(n: int, seed: int) -> None:
    """Milliseconds per article to read (not extract) the same articles from a WARC.gz of
    HTML pages (trafilatura finds the text) and from JSONL, in this process."""
    from bilat.batch.read import read_shard
    from bilat.batch.shards import plan_shards

    sources = {"warc.gz (HTML pages)": warc_of(n, seed),
               "jsonl": shards_of(n, seed, n) / "part-00000.jsonl"}
    print(f"reading {n} generated articles, one process, no extraction")
    for name, path in sources.items():
        [shard] = plan_shards(str(path))
        started = time.perf_counter()
        read = sum(1 for _, item in read_shard(shard) if not hasattr(item, "message"))
        seconds = time.perf_counter() - started
        print(f"  {name:22}: {read} articles, {1000 * seconds / max(read, 1):6.2f} ms/article")


# --- the driver's own cost ---------------------------------------------------------------


class Replay:
    """An engine that hands back extractions made beforehand, as the Ray engine's rows (JSON
    text, decoded here), so that only the driver's work is timed: decoding, turning
    extractions into rows, writing Parquet, the manifest."""

    def __init__(self, rows: dict[str, list[tuple[str, str, str]]]) -> None:
        self.rows = rows  # shard id -> (article JSON, extraction JSON, file)

    def run(self, shards: Sequence[Any]) -> Iterator[Any]:
        from bilat.batch.engines import Item
        from bilat.batch.tables import article_from_json

        for shard in shards:
            for article, extraction, file in self.rows[shard.id]:
                yield Item(shard.id, "extracted", article_from_json(article),
                           json.loads(extraction), file=file)
            yield Item(shard.id, "end")

    def close(self) -> None:
        pass


def bench_driver(n: int, seed: int, per_shard: int, repeat: int = 5) -> None:
    from bilat.batch.engines import make_engine
    from bilat.batch.read import read_shard
    from bilat.batch.run import run_batch
    from bilat.batch.shards import plan_shards
    from bilat.batch.tables import article_json
    from bilat.executors import LocalExecutor

    folder = shards_of(n, seed, per_shard)
    extractor = make_engine("local").executor  # type: ignore[attr-defined]
    assert isinstance(extractor, LocalExecutor)
    rows: dict[str, list[tuple[str, str, str]]] = {}
    for shard in plan_shards(str(folder), 1):
        items = [(file, a) for file, a in read_shard(shard) if not hasattr(a, "message")]
        done = extractor.map(a for _, a in items)
        rows[shard.id] = [(article_json(a), json.dumps(e.to_json_dict()), f)  # type: ignore[union-attr]
                          for (f, _), (a, e) in zip(items, done, strict=True)]
    one_month = {shard: [(_in_october(a), e, f) for a, e, f in items]
                 for shard, items in rows.items()}
    print(f"driver: {n} extracted articles in shards of {per_shard} written by run_batch from "
          f"JSON rows (no extraction), best of {repeat}:")
    for label, replayed in [("published over 2015-2026 (a file per table and month)", rows),
                            ("published in one month (as in a CC-NEWS file)", one_month)]:
        best = float("inf")
        for _ in range(repeat):
            out = OUT / "scale-driver"
            shutil.rmtree(out, ignore_errors=True)
            started = time.perf_counter()
            run_batch(str(folder), str(out), Replay(replayed), files_per_shard=1)
            best = min(best, time.perf_counter() - started)
        print(f"  {label}: {1000 * best / n:.2f} ms/article = {n / best:.0f} articles/s")


def _in_october(article: str) -> str:
    """The article (JSON) as published in October 2024, its day kept."""
    data = json.loads(article)
    day = min(int((data.get("published") or "2024-10-01")[8:10] or 1), 31)
    data["published"] = f"2024-10-{day:02d}"
    return json.dumps(data)


# --- memory per worker -------------------------------------------------------------------


def memory_run(folder: Path, size: int, workers: int) -> dict[str, float]:
    out = OUT / f"scale-memory-{size}"
    shutil.rmtree(out, ignore_errors=True)
    bilat = Path(sys.executable).with_name("bilat")
    command = [str(bilat), "batch", str(folder), str(out), "--engine", "processes",
               "--workers", str(workers)]
    started = time.perf_counter()
    peaks: dict[int, int] = {}  # worker pid -> its high-water mark
    main_peak = 0
    with (OUT / f"scale-memory-{size}.stderr").open("w") as err:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        while proc.poll() is None:
            main_peak = max(main_peak, _status_kb(proc.pid, "VmHWM").get("VmHWM", 0))
            for child in _children_proc(proc.pid):
                peaks[child] = max(peaks.get(child, 0), _status_kb(child, "VmHWM").get("VmHWM", 0))
            time.sleep(0.5)
    seconds = time.perf_counter() - started
    worker_peaks = [p for p in peaks.values() if p]
    return {"seconds": seconds, "exit": proc.returncode, "main": main_peak,
            "worker": max(worker_peaks, default=0), "workers": len(worker_peaks),
            "median_worker": sorted(worker_peaks)[len(worker_peaks) // 2] if worker_peaks else 0}


def bench_memory(sizes: Sequence[int], workers: int, seed: int) -> None:
    print(f"memory: bilat batch --engine processes --workers {workers}, shards of "
          f"{SHARD_ARTICLES} generated articles, /proc VmHWM sampled every 0.5 s")
    runs = []
    for size in sizes:
        folder = shards_of(size, seed, SHARD_ARTICLES)
        r = memory_run(folder, size, workers)
        runs.append((size, r))
        print(f"  {size:>6} articles: {r['seconds']:7.1f} s ({size / r['seconds']:.2f}/s), "
              f"peak per worker {r['worker'] / MB:6.1f} MB (median {r['median_worker'] / MB:.1f}"
              f" MB over {r['workers']:.0f} worker processes), main process "
              f"{r['main'] / MB:6.1f} MB, exit {r['exit']:.0f}")
    if len(runs) >= 2:
        (a, first), (b, last) = runs[0], runs[-1]
        print(f"  per-worker peak {b}/{a} = {last['worker'] / max(first['worker'], 1):.3f}; "
              f"main process {last['main'] / max(first['main'], 1):.3f} (target: within 10%)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                        help="pool sizes to compare; the last is used by --ray and --memory")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--ray", action="store_true", help="ray engine against the pool")
    parser.add_argument("--shard-articles", type=int, default=100, help="for --ray")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--memory", action="store_true", help="per-worker memory by size")
    parser.add_argument("--driver", action="store_true",
                        help="what the driver costs per article (decoding and writing)")
    parser.add_argument("--reading", action="store_true",
                        help="cost of reading WARC (HTML) against JSONL, per article")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    if args.memory:
        bench_memory(args.sizes, args.workers[-1], args.seed)
    elif args.driver:
        bench_driver(args.articles, args.seed, args.shard_articles)
    elif args.reading:
        bench_reading(args.articles, args.seed)
    elif args.ray:
        bench_ray(args.articles, args.workers[-1], args.seed, args.shard_articles, args.batch)
    else:
        bench_pool(args.articles, args.workers, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
