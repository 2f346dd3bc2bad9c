"""Every page has a .json and a .csv twin with the same query string (Datasette-style)."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_query import build_corpus  # noqa: E402

from bilat.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('twins') / 'corpus.db'}"
    build_corpus(url)
    with TestClient(create_app(url)) as c:
        yield c


def table(response: object) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith("text/csv")  # type: ignore[attr-defined]
    return list(csv.DictReader(io.StringIO(response.text)))  # type: ignore[attr-defined]


def test_dossier_twins_hold_the_page_data(client: TestClient) -> None:
    page = client.get("/dyads/AZE/BLR")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    data = client.get("/dyads/AZE/BLR.json").json()
    assert data["x"] == "AZE" and data["y"] == "BLR"
    assert data["rel"]["summary"]["events"] >= 2
    rows = table(client.get("/dyads/AZE/BLR.csv"))
    assert {r["event_id"] for r in rows} == {r["event_id"] for r in data["rows"]}
    # the same filters as the page
    later = client.get("/dyads/AZE/BLR.json", params={"since": "2024-11"}).json()
    assert [r["event_id"] for r in later["rows"]] == ["gulf-3-e1"]


def test_list_event_article_and_home_twins(client: TestClient) -> None:
    found = table(client.get("/events.csv", params={"q": "talks", "country": "AZE"}))
    assert {r["event_id"] for r in found} == {"gulf-3-e1", "caspian-1-e1"}
    cluster = client.get("/dyads/AZE/BLR.json").json()["rows"][0]["cluster_id"]
    event = client.get(f"/events/{cluster}.json").json()
    assert event["cluster"]["id"] == cluster and event["reports"]
    assert table(client.get(f"/events/{cluster}.csv"))
    article = client.get("/articles/gulf-3.json").json()
    assert article["article"]["id"] == "gulf-3" and article["records"]
    assert "body" not in article  # the highlighted HTML stays on the page
    assert client.get("/index.json").json()["latest"]
    assert client.get("/.json").json()["latest"]


def test_twin_errors_are_data_too(client: TestClient) -> None:
    missing = client.get("/dyads/AZE/Atlantis.json")
    assert missing.status_code == 404 and "Atlantis" in missing.json()["message"]
    bad = client.get("/dyads/AZE/BLR.json", params={"since": "soon"})
    assert bad.status_code == 400


def test_api_and_static_paths_are_left_alone(client: TestClient) -> None:
    assert client.get("/api/events.json").status_code == 200
    assert client.get("/static/vendor/README.md").status_code == 200


def test_the_event_browser_counts_what_its_filters_select(client: TestClient) -> None:
    data = client.get("/events.json", params={"country": "AZE"}).json()
    facets = data["facets"]
    assert set(facets) == {"type", "status", "month", "country"}
    by_type = {f["value"]: f for f in facets["type"]}
    assert sum(f["count"] for f in facets["type"]) == len(data["rows"])
    consult = by_type["CONSULT"]
    narrowed = client.get(consult["href"].replace("/events?", "/events.json?")).json()
    assert len(narrowed["rows"]) == consult["count"]
    assert {r["type"] for r in narrowed["rows"]} == {"CONSULT"}
    assert client.get("/events", params={"status": "maybe"}).status_code == 400


def test_a_long_dossier_table_shows_the_newest_and_says_so(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bilat.web.pages as pages

    monkeypatch.setattr(pages, "DOSSIER_ROWS", 1)
    page = client.get("/dyads/AZE/BLR").text
    assert 'data-complete="false"' in page and "The newest 1 events" in page
    data = client.get("/dyads/AZE/BLR.json").json()
    assert len(data["rows"]) == 1 and data["more"] is True
    # a month asked of the server is complete again
    month = data["rows"][0]["date"][:7]
    assert client.get("/dyads/AZE/BLR.json", params={"month": month}).json()["rows"]


def test_the_dossier_lists_its_sources(client: TestClient) -> None:
    data = client.get("/dyads/AZE/BLR.json").json()
    shown = {r["article_id"] for r in data["rows"]}
    assert shown <= {s["article_id"] for s in data["sources"]}
    page = client.get("/dyads/AZE/BLR").text
    assert 'id="sources"' in page and "/articles/gulf-3" in page
