"""Scaling on one machine: extraction throughput with a pool of N worker processes against
one worker, on the same generated articles. Each run is timed whole, start-up and model
loading included, so the pool gains nothing from batches already in flight when a clock would
start (which slightly understates its gain).

    python bench/scale.py                     # 400 generated articles, 1 and 2 workers
    python bench/scale.py --articles 1000 --workers 1 2

Nothing is asserted: it prints articles/s per setting and the ratio to the first (target with
2 workers on this 2-core machine: >= 1.7). Ray is not measured yet.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import write_corpus  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def rate(workers: int, articles: list[Any]) -> float:
    """Articles per second of a whole run with ``workers`` processes (1: in this process)."""
    from bilat.executors import make_executor

    start = time.perf_counter()
    done = sum(1 for _ in make_executor(workers).map(articles))
    return done / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args(argv)

    from bilat.article import Article
    from bilat.readers import iter_articles

    OUT.mkdir(exist_ok=True)
    corpus = write_corpus(OUT / f"scale-{args.articles}-{args.seed}.jsonl", args.articles,
                          seed=args.seed)
    articles = [a for a in iter_articles([str(corpus)]) if isinstance(a, Article)]
    print(f"{len(articles)} generated articles (seed {args.seed}); whole runs, model load "
          "included")
    base = None
    for workers in args.workers:
        r = rate(workers, articles)
        base = base or r
        print(f"workers {workers}: {r:6.2f} articles/s  ratio to the first setting {r / base:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
