"""Web speed on a large corpus: the dyad dossier as JSON (``GET /api/dyads/X/Y``) in process,
and the dossier page (``/dyads/USA/CHN``) drawn by a real browser against a real server,
on a database made by ``make_big_db.py`` (1M events).

(a) ``create_app(db)`` behind Starlette's TestClient (httpx, no socket): per pair, the first
request on a fresh app (cold: new engine and connection; the OS file cache is whatever it
is) and the median of five more (warm), against a 300 ms target; beside it, the store call
alone (``relations(...)``, warm median) to tell the query from routing and JSON.

(b) a uvicorn server in a thread on the same database, and Debian's Chromium through
Playwright (headless, a fresh browser context each run, so nothing is cached): the time from
navigation start (the page's ``performance.timeOrigin``) until both Chart.js instances of
the page exist and have laid out and drawn (``Chart.getChart(canvas).chartArea`` set and
pixels on the canvas), then ``networkidle``; median of three, against a 2 s target. Also
printed: the server's time to first byte, DOMContentLoaded and load from the Navigation
Timing API, and the wall time until network idle (which includes its 500 ms of quiet).

    python bench/make_big_db.py --events 1000000        # once, about 4 minutes
    python bench/web_speed.py --db bench/out/big.db
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
PAIRS = [("USA", "CHN"), ("RUS", "USA"), ("AZE", "RUS")]
API_TARGET_MS = 300.0
PAGE_TARGET_MS = 2000.0
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

# true, with the time since navigation start, once both charts exist and have drawn
DRAWN = """() => {
  if (!window.Chart) { return false; }
  const ids = ['timeline', 'scores'];
  for (const id of ids) {
    const canvas = document.getElementById(id);
    const chart = canvas && Chart.getChart(canvas);
    if (!chart || !chart.chartArea || !canvas.width || !canvas.height) { return false; }
    const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = false;
    for (let i = 3; i < px.length; i += 64) { if (px[i]) { painted = true; break; } }
    if (!painted) { return false; }
  }
  return performance.now();
}"""

TIMING = """() => {
  const n = performance.getEntriesByType('navigation')[0];
  return {ttfb: n.responseStart, response_end: n.responseEnd,
          dom: n.domContentLoadedEventEnd, load: n.loadEventEnd, bytes: n.transferSize};
}"""


def _ratio(value: float, target: float) -> str:
    verdict = "under" if value < target else "OVER"
    return f"{value / target:.2f} of the target ({verdict} {target:.0f} ms)"


def api_times(db: str, repeat: int) -> list[dict[str, Any]]:
    """(a): cold and warm times of GET /api/dyads/X/Y in process, per pair."""
    # Starlette's notice that its TestClient will move to httpx2: not what is measured
    warnings.filterwarnings("ignore", message=r".*starlette\.testclient")
    from fastapi.testclient import TestClient

    from bilat.store.query import relations
    from bilat.web import create_app

    found = []
    for x, y in PAIRS:
        path = f"/api/dyads/{x}/{y}"
        app = create_app(db)  # a fresh app: its engine has no connection yet
        with TestClient(app) as client:
            start = time.perf_counter()
            response = client.get(path)
            cold = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                sys.exit(f"GET {path}: {response.status_code} {response.text[:200]}")
            warm = []
            for _ in range(repeat):
                start = time.perf_counter()
                response = client.get(path)
                warm.append((time.perf_counter() - start) * 1000)
            size = len(response.content)
            with app.state.engine.connect() as conn:
                relations(conn, x, y, limit=10)
                query = []
                for _ in range(repeat):
                    start = time.perf_counter()
                    relations(conn, x, y, limit=10)
                    query.append((time.perf_counter() - start) * 1000)
        found.append({"path": path, "cold": cold, "median": statistics.median(warm),
                      "max": max(warm), "query": statistics.median(query), "bytes": size})
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def page_times(db: str, repeat: int, pair: tuple[str, str]) -> list[dict[str, Any]]:
    """(b): the dossier page drawn in headless Chromium against a real uvicorn server."""
    import uvicorn
    from playwright.sync_api import sync_playwright

    from bilat.web import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            sys.exit("the uvicorn server did not start")
        time.sleep(0.02)
    url = f"http://127.0.0.1:{port}/dyads/{pair[0]}/{pair[1]}"
    runs = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for _ in range(repeat):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                errors: list[str] = []

                def console(message: Any, errors: list[str] = errors) -> None:
                    if message.type == "error":
                        errors.append(message.text)

                def uncaught(exc: Any, errors: list[str] = errors) -> None:
                    errors.append(str(exc))

                page.on("console", console)
                page.on("pageerror", uncaught)
                start = time.perf_counter()
                response = page.goto(url, wait_until="commit", timeout=60_000)
                if response is None or response.status != 200:
                    sys.exit(f"GET {url}: {response.status if response else 'no response'}")
                drawn = page.wait_for_function(DRAWN, polling="raf", timeout=60_000)
                drawn_ms = float(drawn.json_value())
                page.wait_for_load_state("networkidle", timeout=60_000)
                idle_ms = (time.perf_counter() - start) * 1000
                timing = page.evaluate(TIMING)
                charts = page.evaluate(
                    "() => ['timeline', 'scores'].map(id => { const c = Chart.getChart("
                    "document.getElementById(id)); return [c.data.labels.length,"
                    " c.data.datasets.length]; })")
                rows = page.locator("#events tbody tr").count()
                context.close()
                runs.append({"drawn": drawn_ms, "idle": idle_ms, "errors": errors,
                             "charts": charts, "rows": rows, **timing})
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", default=str(OUT / "big.db"))
    parser.add_argument("--repeat", type=int, default=5, help="warm API requests per pair")
    parser.add_argument("--page-repeat", type=int, default=3, help="page loads in the browser")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args(argv)
    if not Path(args.db).exists():
        sys.exit(f"no database at {args.db}: run bench/make_big_db.py first")

    import sqlite3

    with sqlite3.connect(f"file:{args.db}?mode=ro", uri=True) as conn:
        n_events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    print(f"database: {args.db} ({n_events:,} events), python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs")

    print("(a) GET /api/dyads/X/Y in process (TestClient); query: relations() alone, warm "
          "median; ms")
    print(f"{'request':<24} {'query':>7} {'cold':>8} {'median':>8} {'max':>8} {'bytes':>9}")
    api = api_times(args.db, args.repeat)
    for r in api:
        print(f"{r['path']:<24} {r['query']:7.1f} {r['cold']:8.1f} {r['median']:8.1f} "
              f"{r['max']:8.1f} {r['bytes']:9,}")
    worst = max(r["median"] for r in api)
    worst_cold = max(r["cold"] for r in api)
    print(f"worst warm median: {worst:.1f} ms = {_ratio(worst, API_TARGET_MS)}")
    print(f"worst cold:        {worst_cold:.1f} ms = {_ratio(worst_cold, API_TARGET_MS)}")

    if args.skip_browser:
        return 0
    if not os.path.exists(CHROMIUM):
        print(f"(b) skipped: no browser at {CHROMIUM} (apt-get install -y chromium)")
        return 0
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("(b) skipped: playwright is not installed (pip install '.[test]')")
        return 0
    pair = PAIRS[0]
    print(f"(b) /dyads/{pair[0]}/{pair[1]} in headless Chromium against uvicorn; ms since "
          "navigation start")
    print(f"{'run':<5} {'ttfb':>8} {'dom':>8} {'load':>8} {'drawn':>8} {'idle':>8} "
          f"{'KB':>7}  charts (labels, datasets), table rows")
    runs = page_times(args.db, args.page_repeat, pair)
    for i, r in enumerate(runs, 1):
        print(f"{i:<5} {r['ttfb']:8.0f} {r['dom']:8.0f} {r['load']:8.0f} {r['drawn']:8.0f} "
              f"{r['idle']:8.0f} {r['bytes'] / 1024:7.0f}  {r['charts']}, {r['rows']}"
              + (f"  console errors: {r['errors']}" if r["errors"] else ""))
    median = statistics.median(r["drawn"] for r in runs)
    print(f"median until both charts drawn: {median:.0f} ms = {_ratio(median, PAGE_TARGET_MS)}")
    print(f"median until network idle (wall clock from goto, Playwright's networkidle): "
          f"{statistics.median(r['idle'] for r in runs):.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
