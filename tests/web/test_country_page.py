"""The country page (/countries/{code}) in process (TestClient): status codes, the 404 page,
its data, and that hostile strings (a place named with markup, markup stored as an actor's
'country') come out as text. The corpus is test_pages.hostile_corpus plus one odd article
(tests/store/test_country.py)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_country import ODD_PLACE, ODD_TEXT, odd_extraction  # noqa: E402
from test_pages import BREAK, SCRIPT, hostile_corpus, make_app, title  # noqa: E402
from test_query import store_articles  # noqa: E402

from bilat.web.country_page import router  # noqa: E402

PATH = "/countries/{code}"


def country_corpus(url: str) -> None:
    """The hostile corpus of test_pages plus the odd article of tests/store/test_country."""
    hostile_corpus(url)
    store_articles(url, [(odd_extraction(), ODD_TEXT)])


def country_app(url: str) -> FastAPI:
    """The served app with the country page, whether or not install_pages has it yet."""
    app = make_app(url)
    if not any(getattr(r, "path", None) == PATH for r in app.routes):
        app.include_router(router)
    return app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('country') / 'corpus.db'}"
    country_corpus(url)
    with TestClient(country_app(url)) as c:
        yield c


def embedded(page: str, element_id: str) -> Any:
    found = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>',
                      page, re.S)
    assert found, element_id
    return json.loads(found.group(1))


@pytest.mark.parametrize(("code", "expected"), [
    ("AZE", "Azerbaijan · bilat"), ("azerbaijani", "Azerbaijan · bilat"),
    ("AZ", "Azerbaijan · bilat"), ("Belarus", "Belarus · bilat"), ("NZL", "New Zealand"),
])
def test_the_page_renders(client: TestClient, code: str, expected: str) -> None:
    response = client.get(f"/countries/{code}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert title(response.text).startswith(expected)
    assert "script-src 'self'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("code", ["Narnia", BREAK, "<script>alert(1)<", "X" * 300])
def test_an_unknown_country_is_the_404_page(client: TestClient, code: str) -> None:
    response = client.get("/countries/" + code)
    assert response.status_code == 404
    assert 'id="error-message"' in response.text and "Unknown country" in response.text
    assert "<script>alert" not in response.text and "<img" not in response.text


def test_the_partners_table_and_network(client: TestClient) -> None:
    page = client.get("/countries/AZE").text
    rows = re.findall(r'<tr data-partner="([^"]*)">', page)
    # the hostile article adds two AZE–BLR events (a meeting and praise)
    assert rows == ["BLR", "ARM", "TUR", "GEO"]
    for partner in rows:
        assert f'href="/dyads/AZE/{partner}"' in page
        assert f'href="/countries/{partner}"' in page
    network = embedded(page, "network-data")
    assert network["center"] == "AZE"
    assert [n["id"] for n in network["nodes"]] == ["AZE", *rows]
    assert [(link["source"], link["target"]) for link in network["links"]] == [
        ("AZE", p) for p in rows]
    arm = next(link for link in network["links"] if link["target"] == "ARM")
    assert arm["events"] == 2 and arm["plover_score"] == -2.5 and arm["conflict"] == 2
    for asset in ("/static/vendor/d3.min.js", "/static/vendor/topojson-client.min.js",
                  "/static/country.js", "/static/country.css"):
        assert asset in page
        assert client.get(asset).status_code == 200


def test_the_map_data(client: TestClient) -> None:
    data = embedded(client.get("/countries/AZE").text, "map-data")
    assert data["atlas"] == "/static/vendor/countries-110m.json"
    names = [p["name"] for p in data["places"]]
    assert names[0] == "Ankara" and {"Minsk", "Tbilisi", ODD_PLACE} <= set(names)
    atlas = client.get(data["atlas"])
    assert atlas.status_code == 200 and atlas.json()["type"] == "Topology"
    assert embedded(client.get("/countries/ARM").text, "map-data")["places"] == []


def test_a_country_without_partners_or_places(client: TestClient) -> None:
    page = client.get("/countries/NZL").text
    assert "No partners" in page and "No located events" in page
    assert embedded(page, "network-data")["links"] == []


def _outside_json(page: str) -> str:
    return re.sub(r'<script type="application/json"[^>]*>.*?</script>', "", page, flags=re.S)


@pytest.mark.parametrize("code", ["AZE", "BLR"])
def test_hostile_strings_are_text(client: TestClient, code: str) -> None:
    page = client.get(f"/countries/{code}").text
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert all('src="/static/' in s or 'type="application/json"' in s for s in scripts)
    assert "<img" not in page and "<b>" not in page and "javascript:" not in page
    assert SCRIPT not in _outside_json(page) and BREAK not in page
    for element in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page,
                              re.S):
        assert "<" not in element and ">" not in element and "&" not in element
    if code == "AZE":
        # the place named with markup: escaped in the table, intact in the map's data
        assert "Oddtown &lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert ODD_PLACE in [p["name"] for p in embedded(page, "map-data")["places"]]
