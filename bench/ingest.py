"""Ingest throughput: is storage the bottleneck? ``bilat ingest`` against ``bilat extract`` on
the same articles, both as real commands timed from outside, plus the in-process rates.

(a) ``bilat extract FILE --format jsonl -o /dev/null``: read, extract, write JSON.
(b) ``bilat ingest FILE --db NEW.db``: read, check for duplicates, extract, store, learn
    officials, cluster, one commit per article (SQLite, WAL).
(c) the same two in this process (model loaded, after a warm-up): Extractor.extract_many
    against Ingester.ingest into a fresh database.

    python bench/ingest.py                      # 300 generated articles
    python bench/ingest.py --articles 1000 --seed 7
    python bench/ingest.py --db postgresql+psycopg://bilat:bilat@localhost/bench  # (b) on PG

Nothing is asserted: it prints rates and the ratio ingest/extract (target >= 0.9).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import write_corpus  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def bilat_command() -> list[str]:
    found = shutil.which("bilat")
    return [found] if found else [sys.executable, "-m", "bilat"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    return elapsed


def in_process(corpus: Path, db_url: str) -> tuple[float, float, int]:
    """Articles per second of extraction alone and of ingestion, model already loaded."""
    from bilat.article import Article
    from bilat.extract import Extractor
    from bilat.ingest import Ingester
    from bilat.readers import iter_articles
    from bilat.store import open_store

    articles = [a for a in iter_articles([str(corpus)]) if isinstance(a, Article)]
    extractor = Extractor()
    list(extractor.extract_many(articles[:16]))  # warm-up: model load, first batch
    start = time.perf_counter()
    for _ in extractor.extract_many(articles):
        pass
    extract_rate = len(articles) / (time.perf_counter() - start)

    engine = open_store(db_url)
    ingester = Ingester(engine)
    start = time.perf_counter()
    counts = ingester.ingest([str(corpus)])
    ingest_rate = counts.new / (time.perf_counter() - start)
    engine.dispose()
    return extract_rate, ingest_rate, counts.new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--db", help="Database URL for the in-process ingest (default: a "
                        "fresh SQLite file)")
    args = parser.parse_args(argv)

    OUT.mkdir(exist_ok=True)
    corpus = write_corpus(OUT / f"ingest-{args.articles}-{args.seed}.jsonl", args.articles,
                          seed=args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        bilat = bilat_command()
        extract_s = timed([*bilat, "extract", str(corpus), "--format", "jsonl",
                           "-o", "/dev/null"])
        ingest_s = timed([*bilat, "ingest", str(corpus), "--db", str(Path(tmp) / "cli.db")])
        rerun_s = timed([*bilat, "ingest", str(corpus), "--db", str(Path(tmp) / "cli.db")])
        db_url = args.db or f"sqlite:///{Path(tmp) / 'inproc.db'}"
        extract_rate, ingest_rate, stored = in_process(corpus, db_url)

    n = args.articles
    print(f"articles: {n} generated (seed {args.seed}); {stored} stored in process")
    print("commands (wall, incl. start-up and model load):")
    print(f"  bilat extract  {extract_s:7.1f} s  {n / extract_s:6.1f} articles/s")
    print(f"  bilat ingest   {ingest_s:7.1f} s  {n / ingest_s:6.1f} articles/s")
    print(f"  ingest again   {rerun_s:7.1f} s  (every article a duplicate)")
    print(f"  ratio ingest/extract: {extract_s / ingest_s:.2f}  (target >= 0.9)")
    print("in process (model loaded):")
    print(f"  extract_many   {extract_rate:6.1f} articles/s")
    print(f"  Ingester       {ingest_rate:6.1f} articles/s  ({db_url.split(':')[0]})")
    print(f"  ratio ingest/extract: {ingest_rate / extract_rate:.2f}  (target >= 0.9)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
