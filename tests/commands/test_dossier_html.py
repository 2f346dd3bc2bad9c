"""``bilat dossier --format html``: one self-contained page, escaped, that draws its charts
offline (the browser test opens the file from disk in Debian's Chromium; skipped without
/usr/bin/chromium or playwright)."""

from __future__ import annotations

import html as htmllib
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bilat.cli import app
from bilat.output.dossier_html import html

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_query import build_corpus  # noqa: E402

runner = CliRunner()
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
SCRIPT = "<script>alert('x')</script>"
QUOTES = '" onmouseover="alert(1)'


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("dossier_html") / "corpus.db"
    build_corpus(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="module")
def report(db: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "sub" / "aze-blr.html"
    result = runner.invoke(app, ["dossier", "azerbaijani", "Belarus", "--db", db,
                                 "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def hostile() -> dict[str, Any]:
    """A dossier whose every kind of string carries markup."""
    cite = {"outlet": f"Wire {SCRIPT}", "published": "2024-10-03",
            "url": "javascript:alert(1)", "article_id": f"a{QUOTES}"}
    return {
        "pair": {"country": "AZE", "partner": "BLR", "names": ["Azerbaijan", f"B{SCRIPT}"]},
        "summary": {"events": 1, "reports": 1, "sources": 1, "first_date": "2024-10-03",
                    "last_date": "2024-10-03", "goldstein": 1.0, "plover_score": 2.0},
        "by_type": [{"type": f"CONSULT{SCRIPT}", "events": 1, "reports": 1, "sources": 1,
                     "first_date": "2024-10-03", "last_date": "2024-10-03",
                     "goldstein": 1.0, "plover_score": 2.0}],
        "by_month": [{"month": "2024-10", "events": 1, "cooperation": 1, "conflict": 0,
                      "goldstein": 1.0, "plover_score": 2.0,
                      "types": {f"CONSULT{SCRIPT}": 1}}],
        "meetings": [{"date": "2024-10-03", "type": "CONSULT", "mode": f"visit{SCRIPT}",
                      "source": [f"AZE{SCRIPT}"], "target": ["BLR"], "location": SCRIPT,
                      "status": "occurred", "sources": 1,
                      "evidence": f"They met. {SCRIPT} {QUOTES}", **cite}],
        "agreements": [{"date": None, "kind": "mou", "topic": f"topic {SCRIPT}",
                        "parties": ["AZE", "BLR"], "status": "occurred", "sources": 1,
                        "evidence": f"signed {SCRIPT}", **cite}],
        "figures": [{"indicator": f"trade{SCRIPT}", "value": 3e8, "unit": "USD",
                     "period": None, "countries": ["AZE", "BLR"],
                     "evidence": f"grew {SCRIPT}", **cite}],
        "people": [{"name": f"Farid {SCRIPT}", "country": "AZE", "role": QUOTES,
                    "events": 1, "offices": [{"office": SCRIPT, "first_seen": "2024-10-04",
                                              "last_seen": "2024-10-04"}]}],
    }


def _inline_scripts(page: str) -> list[tuple[str, str]]:
    return re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.DOTALL | re.IGNORECASE)


def test_the_cli_writes_a_report_with_every_section(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "<title>Azerbaijan – Belarus · bilat dossier</title>" in page
    for section in ("summary", "charts", "by-type", "meetings", "agreements", "figures",
                    "people", "sources"):
        assert f'id="{section}"' in page, section
    assert "transport corridors" in page
    # each claim carries its evidence quote and source
    assert page.count('<blockquote class="evidence">') >= 4
    assert "The two prime ministers signed an agreement on transport corridors." in page
    assert "Caspian Wire" in page and "https://caspian.example/caspian-1" in page
    assert "Farid Aliyar" in page and "Roman Holub" in page


def test_the_chart_data_is_embedded_as_json(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    blocks = {m.group(1): json.loads(m.group(2)) for m in re.finditer(
        r'<script type="application/json" id="([\w-]+)">(.*?)</script>', page, re.DOTALL)}
    assert blocks["timeline-data"] == {
        "months": ["2024-10", "2024-11"], "datasets": [{"type": "CONSULT", "counts": [1, 1]}]}
    assert blocks["scores-data"]["months"] == ["2024-10", "2024-11"]
    assert blocks["scores-data"]["goldstein"] == [1.9, 1.0]


def test_the_report_is_self_contained(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    # no element loads a script, stylesheet, frame, image or font from elsewhere
    assert not re.search(r"<(script|img|iframe|embed|object|source|audio|video)\b[^>]*\bsrc=",
                         page, re.IGNORECASE)
    assert not re.search(r"<link\b[^>]*\brel=[\"']?(stylesheet|preload|modulepreload|import)",
                         page, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", page, re.IGNORECASE)
    assert "sourceMappingURL" not in page
    # Chart.js and the drawing script are inline, and the policy allows only them
    scripts = [body for attrs, body in _inline_scripts(page) if "application/json" not in attrs]
    assert len(scripts) == 2 and "Chart.js v4" in scripts[0] and "new Chart(" in scripts[1]
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp is not None
    policy = htmllib.unescape(csp.group(1))
    assert "default-src 'none'" in policy and policy.count("'sha256-") == 2
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    # only the sources' http(s) links leave the page, as plain <a> links
    for tag in re.findall(r"<[a-z]+\b[^>]*\b(?:src|href)=\"https?://[^>]*>", page):
        assert tag.startswith("<a "), tag


def test_stdout_without_out(db: str) -> None:
    result = runner.invoke(app, ["dossier", "AZE", "BLR", "--db", db, "-f", "html"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!doctype html>")
    assert result.stdout.rstrip().endswith("</html>")


def test_an_empty_pair_is_still_a_page(db: str) -> None:
    result = runner.invoke(app, ["dossier", "FRA", "BRA", "--db", db, "-f", "html"])
    assert result.exit_code == 0
    assert "0 events" in result.stdout and "No meetings." in result.stdout


def test_hostile_strings_are_escaped() -> None:
    page = html(hostile())
    # the only <script> elements are the two JSON blocks and the two shipped scripts
    assert len(_inline_scripts(page)) == 4
    assert SCRIPT not in page  # only as &lt;script&gt; (HTML) or \u003cscript\u003e (JSON)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "They met. &lt;script&gt;" in page  # the evidence quote
    assert "topic &lt;script&gt;" in page  # an agreement's topic
    assert 'onmouseover="alert(1)' not in page
    assert "javascript:" not in page.split("<script>", 1)[0]  # never linked
    # in the chart data, nothing reads as markup
    for attrs, body in _inline_scripts(page):
        if "application/json" in attrs:
            assert "<" not in body and ">" not in body and "&" not in body
            json.loads(body)
    assert "\\u003cscript\\u003e" in page


# --- in a browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no browser at {CHROMIUM} (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install '.[test]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def _open(browser: Any, path: Path) -> tuple[Any, Any, list[str], list[str], list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    requests: list[str] = []

    def dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function(
        "() => ['timeline', 'scores'].every(id => window.Chart"
        " && Chart.getChart(document.getElementById(id)))", timeout=10_000)
    return context, page, dialogs, errors, requests


def _drawn(page: Any, canvas_id: str) -> None:
    box = page.locator(f"#{canvas_id}").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    info = page.evaluate("""(id) => {
        const canvas = document.getElementById(id), chart = Chart.getChart(canvas);
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width,
                                                             canvas.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) { if (pixels[i]) { painted++; } }
        return {datasets: chart.data.datasets.length, width: canvas.width,
                height: canvas.height, painted: painted};
    }""", canvas_id)
    assert info["datasets"] > 0 and info["width"] > 0 and info["height"] > 0
    assert info["painted"] > 100  # something is drawn on it


def test_the_file_draws_both_charts_offline(browser: Any, report: Path) -> None:
    context, page, dialogs, errors, requests = _open(browser, report)
    try:
        _drawn(page, "timeline")
        _drawn(page, "scores")
        assert page.title() == "Azerbaijan – Belarus · bilat dossier"
        assert [r for r in requests if not r.startswith(("file:", "data:"))] == []
    finally:
        context.close()
    assert dialogs == [], dialogs
    assert errors == [], errors


def test_the_hostile_report_runs_nothing_in_a_browser(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "hostile.html"
    path.write_text(html(hostile()), encoding="utf-8")
    context, page, dialogs, errors, _ = _open(browser, path)
    try:
        page.mouse.move(400, 600)
        page.wait_for_timeout(200)  # time for anything that would fire
        assert SCRIPT in page.locator("#agreements").inner_text()
        assert SCRIPT in page.locator("#title").inner_text()
        assert page.evaluate("() => Chart.getChart(document.getElementById('timeline'))"
                             ".data.datasets[0].label") == f"CONSULT{SCRIPT}"
        assert page.locator("#meetings a").count() == 0  # javascript: is never linked
    finally:
        context.close()
    assert dialogs == [], dialogs
    assert errors == [], errors
