"""A corpus database of synthetic events at scale (default 1,000,000), for query timings.

The schema is bilat's own (``open_store`` creates it, migrations included); rows are written
with executemany straight into SQLite for speed, shaped like real coverage: a few powers in
most events (Zipf-like country weights), pairs that recur, PLOVER types with their CAMEO
codes and Goldstein scores, dates 2000–2026, 1–3 reports per cluster, articles of 5 events,
people, agreements and figures. Full-text rows are made by the store's own triggers.

    python bench/make_big_db.py --events 1000000 --out bench/out/big.db
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import date, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"

TYPES = [  # type, CAMEO code, Goldstein, PLOVER score, weight
    ("CONSULT", "040", 1.0, 1.0, 30), ("SUPPORT", "051", 3.4, 2.0, 12),
    ("AGREE", "057", 8.0, 5.0, 8), ("COOPERATE", "061", 6.4, 4.0, 8),
    ("AID", "073", 7.4, 5.0, 4), ("REQUEST", "020", 3.0, 1.0, 6),
    ("ACCUSE", "112", -2.0, -2.0, 8), ("REJECT", "120", -4.0, -3.0, 5),
    ("THREATEN", "130", -4.4, -5.0, 3), ("PROTEST", "140", -6.5, -4.0, 3),
    ("SANCTION", "163", -8.0, -6.0, 3), ("MOBILIZE", "150", -7.2, -6.0, 2),
    ("COERCE", "170", -7.0, -7.0, 2), ("ASSAULT", "190", -10.0, -9.0, 3),
    ("CONCEDE", "080", 5.0, 4.0, 2), ("RETREAT", "087", 9.0, 6.0, 1),
]
OFFICES = ["President", "Prime Minister", "Foreign Minister", "Defence Minister",
           "Trade Minister", "Ambassador"]
WORDS = ("talks border trade visit minister agreement cooperation energy security pipeline "
         "sanctions summit delegation investment grain gas rail port customs").split()


def countries() -> list[str]:
    try:
        import pycountry

        return sorted(c.alpha_3 for c in pycountry.countries)
    except ImportError:  # pragma: no cover
        return [f"C{i:02d}" for i in range(200)]


def build(path: Path, n_events: int, seed: int) -> None:
    from bilat.store import open_store

    if path.exists():
        path.unlink()
    open_store(str(path)).dispose()  # bilat's schema, at the newest revision
    rng = random.Random(seed)
    codes = countries()
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(codes))]
    rng.shuffle(codes)
    codes[:4] = ["USA", "CHN", "RUS", "AZE"]  # fixed heavy hitters, for reproducible queries
    types = [t for t in TYPES]
    type_weights = [t[4] for t in TYPES]
    start_day = date(2000, 1, 1).toordinal()
    span = date(2026, 10, 31).toordinal() - start_day

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    started = time.perf_counter()
    article_rows, event_rows, actor_rows, cluster_rows = [], [], [], []
    people_rows, agreement_rows, figure_rows = [], [], []
    cluster_id = 0
    per_article = 5
    n_articles = n_events // per_article
    cluster_reports_left = 0
    current: tuple[str, str, str, str, float, float, str] | None = None

    def flush() -> None:
        conn.executemany(
            "INSERT INTO articles (id, content_hash, url, outlet, title, published, text,"
            " text_length, extractor_version, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            article_rows)
        conn.executemany(
            "INSERT INTO clusters (id, type, actor_key, first_date, last_date, source_count,"
            " report_count, event_id, status, goldstein, plover_score)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)", cluster_rows)
        conn.executemany(
            "INSERT INTO events (id, article_id, position, type, cameo, goldstein,"
            " plover_score, date, date_precision, status, negated, evidence_start,"
            " evidence_end, evidence_text, confidence, actor_key, cluster_id)"
            " VALUES (?,?,?,?,?,?,?,?,'day','occurred',0,0,?,?,0.7,?,?)", event_rows)
        conn.executemany(
            "INSERT INTO event_actors (event_id, side, position, name, country, sector)"
            " VALUES (?,?,0,?,?,'GOV')", actor_rows)
        conn.executemany(
            "INSERT INTO people (article_id, position, name, role, office, country, source)"
            " VALUES (?,?,?,?,?,?,'text')", people_rows)
        conn.executemany(
            "INSERT INTO agreements (article_id, position, topic, kind, parties, date,"
            " date_precision, status, topic_key, party_key, evidence_text)"
            " VALUES (?,0,?,'agreement',?,?,'day','occurred',?,?,?)", agreement_rows)
        conn.executemany(
            "INSERT INTO figures (article_id, position, indicator, value, unit, period,"
            " countries, evidence_text) VALUES (?,0,'trade',?,'USD',?,?,?)", figure_rows)
        conn.commit()
        for rows in (article_rows, event_rows, actor_rows, cluster_rows, people_rows,
                     agreement_rows, figure_rows):
            rows.clear()

    for a in range(n_articles):
        article_id = f"a{a:07d}"
        day = date.fromordinal(start_day + rng.randrange(span))
        text = " ".join(rng.choices(WORDS, k=40)) + "."
        article_rows.append((article_id, f"h{a}", f"https://news.example/{a}",
                             rng.choice(["Wire", "Post", "Herald", "Times"]),
                             f"Report {a}", day.isoformat(), text, len(text), "0.1.0",
                             "2026-11-01T00:00:00+00:00"))
        for p in range(per_article):
            if cluster_reports_left == 0 or current is None:
                source, target = rng.choices(codes, weights, k=2)
                while target == source:
                    target = rng.choices(codes, weights)[0]
                kind = rng.choices(types, type_weights)[0]
                event_day = (day - timedelta(days=rng.randrange(3))).isoformat()
                cluster_id += 1
                reports = rng.choices([1, 2, 3], [70, 20, 10])[0]
                cluster_reports_left = reports
                key = "|".join(sorted((source, target)))
                current = (source, target, kind[0], event_day, kind[2], kind[3], key)
                cluster_rows.append((cluster_id, kind[0], key, event_day, event_day, reports,
                                     reports, f"{article_id}-e{p + 1}", "occurred", kind[2],
                                     kind[3]))
            source, target, type_, event_day, goldstein, score, key = current
            cluster_reports_left -= 1
            event_id = f"{article_id}-e{p + 1}"
            cameo = next(t[1] for t in TYPES if t[0] == type_)
            event_rows.append((event_id, article_id, p, type_, cameo, goldstein, score,
                               event_day, len(text), text, key, cluster_id))
            actor_rows.append((event_id, "source", source, source))
            actor_rows.append((event_id, "target", target, target))
        people_rows.append((article_id, 0, f"Official {rng.randrange(20000)}",
                            rng.choice(OFFICES), rng.choice(OFFICES), current[0]))
        if a % 10 == 0:
            parties = sorted((current[0], current[1]))
            topic = f"{rng.choice(WORDS)} cooperation"
            agreement_rows.append((article_id, topic, ",".join(parties), current[3], topic,
                                   "|".join(parties), text))
        if a % 7 == 0:
            figure_rows.append((article_id, rng.uniform(1e6, 1e10), str(day.year),
                                f"{current[0]},{current[1]}", text))
        if len(event_rows) >= 50_000:
            flush()
            done = (a + 1) * per_article
            rate = done / (time.perf_counter() - started)
            print(f"\r{done:,} events ({rate:,.0f}/s)", end="", file=sys.stderr)
    flush()
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
    print(f"\n{n_articles * per_article:,} events, {cluster_id:,} clusters, {n_articles:,} "
          f"articles in {time.perf_counter() - started:.0f} s → {path}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT / "big.db")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    build(args.out, args.events, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
