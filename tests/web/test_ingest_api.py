"""POST /api/articles: the token, the body limit, and one real ingest (the extractor runs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bilat.web import create_app
from bilat.web.api import MAX_BODY

TOKEN = "s3cret-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# invented
TEXT = ("BAKU, Oct 4 - Azerbaijani Foreign Minister Leyla Qasimova met Georgian Foreign "
        "Minister Nodar Beridze in Baku on Thursday to discuss a new rail link.")


@pytest.fixture
def client(empty_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(empty_url, token=TOKEN)) as c:
        yield c


@pytest.mark.parametrize("headers,status", [
    ({}, 401),
    ({"Authorization": "Bearer wrong"}, 401),
    ({"Authorization": f"Basic {TOKEN}"}, 401),
])
def test_a_missing_or_wrong_token_is_401(client: TestClient, headers: dict[str, str],
                                         status: int) -> None:
    response = client.post("/api/articles", json={"text": TEXT}, headers=headers)
    assert response.status_code == status
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_body_over_the_limit_is_413(client: TestClient) -> None:
    response = client.post("/api/articles", content=b"x" * (MAX_BODY + 1),
                           headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize("body,content_type,status", [
    (b"not json", "application/json", 400),
    (b"[1, 2]", "application/json", 400),
    (b'{"title": "no text"}', "application/json", 400),
    (b"<html><body></body></html>", "text/html", 400),
    (b"plain", "text/plain", 415),
])
def test_unreadable_bodies(client: TestClient, body: bytes, content_type: str,
                           status: int) -> None:
    response = client.post("/api/articles", content=body,
                           headers={**AUTH, "Content-Type": content_type})
    assert response.status_code == status, response.text


def test_ingest_one_article_then_read_it_back(client: TestClient) -> None:
    body = {"text": TEXT, "id": "api-1", "url": "https://wire.example/api-1",
            "title": "Ministers meet", "published": "2024-10-04"}
    response = client.post("/api/articles", json=body, headers=AUTH)
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["id"] == "api-1" and stored["status"] == "new" and stored["events"] >= 1
    article = client.get("/api/articles/api-1").json()
    assert article["title"] == "Ministers meet" and article["text"] == TEXT
    assert article["events"][0]["type"] == "CONSULT"
    events = client.get("/api/events", params={"country": "AZE", "with": "GEO"}).json()
    assert [e["article_id"] for e in events["results"]] == ["api-1"]
    again = client.post("/api/articles", json=body, headers=AUTH)
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate" and again.json()["id"] == "api-1"


def test_ingest_html(client: TestClient) -> None:
    page = (f"<html><head><title>Ministers meet</title></head><body><article><p>{TEXT}</p>"
            "<p>The ministers agreed to meet again next year in Tbilisi.</p></article>"
            "</body></html>").encode()
    response = client.post("/api/articles", content=page,
                           headers={**AUTH, "Content-Type": "text/html; charset=utf-8"})
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "new"


def test_the_token_may_come_from_the_environment(empty_url: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILAT_TOKEN", "from-env")
    with TestClient(create_app(empty_url)) as c:
        response = c.post("/api/articles", content=b"x" * (MAX_BODY + 1),
                          headers={"Authorization": "Bearer from-env"})
    assert response.status_code == 413  # authorised, then refused for its size


HOSTILE = (
    "MINSK, Oct 3 - Belarusian Foreign Minister Maxim Ryzhenkov met his Azerbaijani "
    "counterpart Jeyhun Bayramov in Minsk on Thursday <script>alert(1)</script> and the two "
    "signed an agreement on \"'><img src=x onerror=alert(2)> road transport."
)


def test_an_ingested_hostile_article_renders_as_text(client: TestClient) -> None:
    """Through the real extractor and store, then every page that shows it."""
    body = {"id": "hostile-post", "published": "2024-10-04", "text": HOSTILE,
            "title": "<script>alert(3)</script> \"'><b>"}
    response = client.post("/api/articles", json=body, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.json()["events"] >= 1
    page = client.get("/articles/hostile-post").text
    for raw in ("<script>alert(", "<img src=x", "<b>"):
        assert raw not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    dossier = client.get("/dyads/BLR/AZE").text
    assert "<script>alert(" not in dossier and "<img src=x" not in dossier
    events = client.get("/events", params={"q": "Minsk"}).text
    assert "<script>alert(" not in events
