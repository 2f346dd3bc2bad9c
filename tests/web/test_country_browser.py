"""The country page in a real browser: Debian's Chromium driven by Playwright, against a
real uvicorn server (in a thread) on the corpus of test_country_page.country_corpus (the
invented corpus, the hostile article and a place named with markup). Skipped when
/usr/bin/chromium or playwright is missing (never ``playwright install``).

With ``BILAT_SCREENSHOTS=1`` it also writes docs/screenshots/country.png."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import CHROMIUM, Watched, chromium, serve, watched_tab  # noqa: E402

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

if not os.path.exists(CHROMIUM):
    pytest.skip(f"no browser at {CHROMIUM} (apt-get install -y chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed (pip install '.[test]')")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_country_page import ODD_PLACE, country_app, country_corpus  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real uvicorn server on a free port of 127.0.0.1, stopped after the module."""
    url = f"sqlite:///{tmp_path_factory.mktemp('country-browser') / 'corpus.db'}"
    country_corpus(url)
    with serve(country_app(url)) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def tab(browser: Any, server: str) -> Iterator[Watched]:
    with watched_tab(browser, server) as watched:
        yield watched


def _map_ready(tab: Watched) -> None:
    tab.page.wait_for_selector("#map[data-ready]", state="attached", timeout=10_000)
    assert tab.page.get_attribute("#map", "data-ready") == "1"


def test_the_network_has_a_node_per_partner_and_edges(server: str, tab: Watched) -> None:
    response = tab.open(server + "/countries/AZE")
    assert response.status == 200
    assert tab.page.title() == "Azerbaijan · bilat"
    page = tab.page
    partners = page.eval_on_selector_all("#partners tbody tr[data-partner]",
                                         "rows => rows.map(r => r.dataset.partner)")
    assert partners == ["BLR", "ARM", "TUR", "GEO"]
    nodes = page.eval_on_selector_all("#network a.node", "ns => ns.map(n => n.dataset.code)")
    assert nodes == ["AZE", *partners]
    assert page.locator("#network a.node.center").count() == 1
    edges = page.eval_on_selector_all("#network line.link",
                                      "ls => ls.map(l => l.dataset.partner)")
    assert sorted(edges) == sorted(partners)
    # every node inside the drawing, with its code as text; edges coloured by score
    box = page.locator("#network").bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 150
    for code in nodes:
        node = page.locator(f'#network a.node[data-code="{code}"]')
        assert node.locator("text").text_content() == code
        nb = node.locator("circle").bounding_box()
        assert nb is not None
        assert box["x"] - 1 <= nb["x"] and nb["x"] + nb["width"] <= box["x"] + box["width"] + 1
    colours = {p: page.get_attribute(f'#network line.link[data-partner="{p}"]', "stroke")
               for p in ("ARM", "GEO")}
    red, blue = (page.evaluate("(c) => d3.rgb(c)", colours[p]) for p in ("ARM", "GEO"))
    assert red["r"] > red["b"] and blue["b"] > blue["r"]  # conflict red, cooperation blue
    widths = {p: float(page.get_attribute(f'#network line.link[data-partner="{p}"]',
                                          "stroke-width") or 0) for p in ("BLR", "GEO")}
    assert widths["BLR"] > widths["GEO"]  # 4 events against 1


def test_a_partner_node_links_to_its_page(server: str, tab: Watched) -> None:
    tab.open(server + "/countries/AZE")
    tab.page.locator('#network a.node[data-code="GEO"]').click()
    tab.page.wait_for_url("**/countries/GEO")
    assert tab.page.title() == "Georgia · bilat"
    _map_ready(tab)


def test_the_map_has_country_paths_and_place_circles(server: str, tab: Watched) -> None:
    tab.open(server + "/countries/AZE")
    _map_ready(tab)
    page = tab.page
    assert page.locator("#map path.country").count() > 150  # world-atlas 110m: 177
    assert page.locator("#map path.country.home").count() == 1  # Azerbaijan, highlighted
    circles = page.locator("#map circle.place")
    assert circles.count() == 4
    titles = page.eval_on_selector_all("#map circle.place title",
                                       "ts => ts.map(t => t.textContent)")
    assert any(t.startswith("Ankara (TUR): 2 events") for t in titles)
    assert any(t.startswith(ODD_PLACE) for t in titles)  # markup shown as text
    radius = {t.split(" ")[0]: float(page.locator("#map circle.place").nth(i)
                                     .get_attribute("r") or 0) for i, t in enumerate(titles)}
    assert radius["Ankara"] > radius["Tbilisi"]
    box = page.locator("#map").bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100
    # Minsk is drawn north-west of Ankara (the projection puts places where they are)
    minsk = page.locator("#map circle.place").nth(
        next(i for i, t in enumerate(titles) if t.startswith("Minsk")))
    ankara = page.locator("#map circle.place").nth(
        next(i for i, t in enumerate(titles) if t.startswith("Ankara")))
    mb, ab = minsk.bounding_box(), ankara.bounding_box()
    assert mb is not None and ab is not None
    assert mb["y"] < ab["y"] and mb["x"] < ab["x"]
    if os.environ.get("BILAT_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "country.png"), full_page=True)


def test_hostile_strings_stay_text(server: str, tab: Watched) -> None:
    page = tab.page
    tab.open(server + "/countries/AZE")
    _map_ready(tab)
    page.wait_for_timeout(200)  # time for anything that would fire
    assert ODD_PLACE in page.locator("#places").inner_text()
    assert page.locator("img").count() == 0
    assert page.locator("script:not([src]):not([type='application/json'])").count() == 0
    tab.open(server + "/countries/BLR")
    _map_ready(tab)
    assert page.locator("img").count() == 0


def test_a_country_without_events_draws_a_lone_node_and_an_empty_map(server: str,
                                                                    tab: Watched) -> None:
    tab.open(server + "/countries/NZL")
    _map_ready(tab)
    assert tab.page.locator("#network a.node").count() == 1
    assert tab.page.locator("#network line.link").count() == 0
    assert tab.page.locator("#map circle.place").count() == 0
    assert tab.page.locator("#map path.country").count() > 150


def test_an_unknown_country_is_a_404_page(server: str, tab: Watched) -> None:
    response = tab.page.goto(server + "/countries/Narnia")
    assert response is not None and response.status == 404
    assert "Unknown country" in tab.page.locator("#error-message").inner_text()
    # the browser logs the 404 of the page itself; that one is expected
    tab.errors[:] = [e for e in tab.errors if "404" not in e]
