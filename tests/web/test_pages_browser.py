"""The HTML pages in a real browser: Debian's Chromium driven by Playwright, against a real
uvicorn server (in a thread) on the invented corpus plus a hostile article
(test_pages.hostile_corpus). Skipped when /usr/bin/chromium or playwright is missing
(CI: ``apt-get install -y chromium`` and ``pip install '.[test]'``; never
``playwright install``, which downloads a browser).

With ``BILAT_SCREENSHOTS=1`` the dossier and article tests also write
docs/screenshots/dossier.png and article.png."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import CHROMIUM, Watched, chromium, serve, watched_tab  # noqa: E402
from test_pages import HOSTILE_ID, HOSTILE_TITLE, SCRIPT, hostile_corpus, make_app  # noqa: E402

from bilat.store import open_store  # noqa: E402
from bilat.store.schema import agreements, events, figures  # noqa: E402

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

if not os.path.exists(CHROMIUM):
    pytest.skip(f"no browser at {CHROMIUM} (apt-get install -y chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed (pip install '.[test]')")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'corpus.db'}"
    hostile_corpus(url)
    return url


@pytest.fixture(scope="module")
def server(corpus: str) -> Iterator[str]:
    """A real uvicorn server on a free port of 127.0.0.1, stopped after the module."""
    with serve(make_app(corpus)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def tab(browser: Any) -> Iterator[Watched]:
    with watched_tab(browser) as watched:
        yield watched


def shoot(tab: Watched, name: str) -> None:
    if os.environ.get("BILAT_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        tab.page.screenshot(path=str(SHOTS / name), full_page=True)


@pytest.mark.parametrize(("path", "title"), [
    ("/", "bilat · bilat"),
    ("/events?q=talks", "Events matching talks · bilat"),
    ("/dyads/AZE/BLR", "Azerbaijan – Belarus · bilat"),
    ("/articles/caspian-1", "Azerbaijani and Belarusian premiers meet · bilat"),
    (f"/articles/{HOSTILE_ID}", f"{HOSTILE_TITLE} · bilat"),
])
def test_each_page_renders(server: str, tab: Watched, path: str, title: str) -> None:
    response = tab.open(server + path)
    assert response.status == 200
    assert tab.page.title() == title


def test_an_event_page_is_reached_from_home(server: str, tab: Watched) -> None:
    tab.open(server + "/")
    tab.page.locator("#events a[href^='/events/']").first.click()
    tab.page.wait_for_url("**/events/*")
    assert tab.page.locator("#reports li.report").count() >= 1


def test_an_unknown_country_is_a_404_page(server: str, tab: Watched) -> None:
    response = tab.page.goto(server + "/dyads/AZE/Narnia")
    assert response is not None and response.status == 404
    assert "Unknown country" in tab.page.locator("#error-message").inner_text()
    # the browser logs the 404 of the page itself; that one is expected
    tab.errors[:] = [e for e in tab.errors if "404" not in e]


def _chart_drawn(tab: Watched, canvas_id: str) -> None:
    box = tab.page.locator(f"#{canvas_id}").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    drawn = tab.page.evaluate(
        "(id) => { const c = Chart.getChart(document.getElementById(id));"
        " return c ? c.data.datasets.length : -1; }", canvas_id)
    assert drawn > 0


def test_the_dossier_draws_its_charts(server: str, tab: Watched) -> None:
    tab.open(server + "/dyads/AZE/BLR")
    _chart_drawn(tab, "timeline")
    _chart_drawn(tab, "scores")
    shoot(tab, "dossier.png")


def test_clicking_a_timeline_bar_filters_the_table_to_its_month(server: str,
                                                                tab: Watched) -> None:
    page = tab.page
    tab.open(server + "/dyads/AZE/BLR")
    rows = page.locator("#events tbody tr[data-month]")
    all_months = {rows.nth(i).get_attribute("data-month") for i in range(rows.count())}
    assert {"2024-09", "2024-10", "2024-11"} <= all_months
    # where the CONSULT bar of 2024-10 is drawn, in the canvas's CSS pixels
    point = page.evaluate("""() => {
        const chart = Chart.getChart(document.getElementById('timeline'));
        const i = chart.data.labels.indexOf('2024-10');
        const d = chart.data.datasets.findIndex(s => s.label === 'CONSULT');
        const bar = chart.getDatasetMeta(d).data[i];
        return {x: bar.x, y: (bar.y + bar.base) / 2};
    }""")
    box = page.locator("#timeline").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    visible = page.locator("#events tbody tr[data-month]:not([hidden])")
    visible.first.wait_for()
    shown = [visible.nth(i).get_attribute("data-month") for i in range(visible.count())]
    assert shown and set(shown) == {"2024-10"}
    assert page.locator("#events tbody tr[data-month][hidden]").count() >= 2
    assert page.locator("#month-filter-value").inner_text() == "2024-10"
    assert "month=2024-10" in page.url
    page.locator("#month-filter-clear").click()
    assert page.locator("#events tbody tr[data-month][hidden]").count() == 0


def _stored_evidence(corpus: str, article_id: str) -> dict[str, str]:
    engine = open_store(corpus)
    try:
        with engine.connect() as conn:
            out = {}
            for kind, table in (("event", events), ("agreement", agreements),
                                ("figure", figures)):
                for position, evidence in conn.execute(
                    select(table.c.position, table.c.evidence_text)
                    .where(table.c.article_id == article_id)
                ):
                    out[f"{kind}-{position}"] = evidence
            return out
    finally:
        engine.dispose()


@pytest.mark.parametrize("article_id", ["caspian-1", HOSTILE_ID])
def test_highlights_cover_exactly_the_evidence(server: str, tab: Watched, corpus: str,
                                               article_id: str) -> None:
    tab.open(f"{server}/articles/{article_id}")
    stored = _stored_evidence(corpus, article_id)
    assert stored
    for ref, evidence in stored.items():
        marked = tab.page.evaluate(
            "(ref) => Array.from(document.querySelectorAll('#article-text mark'))"
            ".filter(m => m.dataset.refs.split(' ').includes(ref))"
            ".map(m => m.textContent).join('')", ref)
        assert marked == evidence, ref
    if article_id == "caspian-1":
        shoot(tab, "article.png")


def test_the_hostile_article_renders_as_text(server: str, tab: Watched) -> None:
    page = tab.page
    tab.open(f"{server}/articles/{HOSTILE_ID}")
    page.wait_for_timeout(200)  # time for anything that would fire
    assert SCRIPT in page.locator("#article-text").inner_text()
    assert SCRIPT in page.locator("#article-title").inner_text()
    assert page.locator("img").count() == 0
    assert page.locator("script:not([src]):not([type='application/json'])").count() == 0
    # overlapping records: the envoy's mention inside the second event's sentence
    assert page.locator("#article-text mark.hl-event.hl-person").count() == 1
    tab.open(f"{server}/dyads/AZE/BLR")
    page.wait_for_timeout(200)
    assert SCRIPT in page.locator("#events").inner_text()
    assert page.locator("img").count() == 0


def test_a_facet_narrows_the_event_browser(server: str, tab: Watched) -> None:
    tab.open(f"{server}/events")
    page = tab.page
    link = page.locator('section[data-facet="type"] a', has_text="CONSULT")
    link.first.click()
    page.wait_for_load_state("load")
    assert "type=CONSULT" in page.url
    classes = page.locator("table.events tbody tr").evaluate_all(
        "rows => rows.map(r => r.className)")
    assert classes and all(c == "type-consult" for c in classes)
