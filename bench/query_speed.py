"""Query speed on a large corpus: ``bilat events --country X --with Y --since D`` and
``bilat relations X Y`` against a database made by ``make_big_db.py`` (1M events).

Each command runs in this process through the real CLI (typer's runner: option parsing,
query, formatting), warm (the first run is reported apart, as a cold start), five times per
pair; the target is every warm median under 200 ms. The same commands are also timed as
processes from outside once, which adds Python start-up and imports.

    python bench/make_big_db.py --events 1000000        # once, about 3 minutes
    python bench/query_speed.py --db bench/out/big.db
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
PAIRS = [("USA", "CHN"), ("RUS", "USA"), ("AZE", "RUS"), ("Azerbaijan", "Georgia"),
         ("FRA", "BRA")]
TARGET_MS = 200.0


def commands(db: str, x: str, y: str) -> dict[str, list[str]]:
    """The commands as a user types them: default output (a rich table of the newest 50
    clusters; the pair's dossier as tables)."""
    return {
        "events": ["events", "--country", x, "--with", y, "--since", "2020-01-01", "--db", db],
        "relations": ["relations", x, y, "--db", db],
    }


def _query_times(db: str, repeat: int) -> dict[tuple[str, str, str], float]:
    """Warm median of the store calls behind the two commands, per pair."""
    from bilat.knowledge.gazetteer import resolve_country
    from bilat.store import open_store
    from bilat.store.query import EventFilter, event_rows, relations

    engine = open_store(db)
    found = {}
    with engine.connect() as conn:
        for x, y in PAIRS:
            cx, cy = resolve_country(x), resolve_country(y)
            assert cx and cy
            calls = {
                "events": lambda cx=cx, cy=cy: list(event_rows(conn, EventFilter(
                    country=cx, partner=cy, since="2020-01-01"), limit=51)),
                "relations": lambda cx=cx, cy=cy: relations(conn, cx, cy),
            }
            for name, call in calls.items():
                call()
                times = []
                for _ in range(repeat):
                    start = time.perf_counter()
                    call()
                    times.append((time.perf_counter() - start) * 1000)
                found[(name, x, y)] = statistics.median(times)
    engine.dispose()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(OUT / "big.db"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if not Path(args.db).exists():
        sys.exit(f"no database at {args.db}: run bench/make_big_db.py first")

    from typer.testing import CliRunner

    from bilat.cli import app

    with __import__("sqlite3").connect(args.db) as conn:
        n_events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    print(f"database: {args.db} ({n_events:,} events)")
    query_times = _query_times(args.db, args.repeat)
    runner = CliRunner()
    worst = 0.0
    print("query: the store call alone (bilat.store.query), warm median ms; command: the whole "
          "CLI in process (parsing, query, rich tables)")
    print(f"{'command':<56} {'query':>7} {'cold':>7} {'median':>7} {'max':>7} output")
    for x, y in PAIRS:
        for name, argv_ in commands(args.db, x, y).items():
            times = []
            output = ""
            for _ in range(args.repeat + 1):
                start = time.perf_counter()
                result = runner.invoke(app, argv_)
                times.append((time.perf_counter() - start) * 1000)
                if result.exit_code != 0:
                    sys.exit(f"failed: bilat {' '.join(argv_)}\n{result.output}")
                output = result.stdout
            cold, warm = times[0], times[1:]
            median = statistics.median(warm)
            worst = max(worst, query_times[(name, x, y)])
            label = f"bilat {name} {x} {y}" + (" --since 2020-01-01" if name == "events" else "")
            lines = output.count("\n")
            print(f"{label:<56} {query_times[(name, x, y)]:7.1f} {cold:7.1f} {median:7.1f} "
                  f"{max(warm):7.1f} {lines} lines")
    verdict = "under" if worst < TARGET_MS else "OVER"
    print(f"worst query median: {worst:.1f} ms ({verdict} the {TARGET_MS:.0f} ms target)")

    bilat = shutil.which("bilat")
    if bilat:
        for name, argv_ in commands(args.db, *PAIRS[0]).items():
            start = time.perf_counter()
            subprocess.run([bilat, *argv_], capture_output=True, check=True)
            elapsed = (time.perf_counter() - start) * 1000
            print(f"as a process (start-up included): bilat {name} {PAIRS[0][0]} "
                  f"{PAIRS[0][1]}: {elapsed:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
