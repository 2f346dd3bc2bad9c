"""The read endpoints in process (TestClient over the ASGI app) on both engines."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bilat.web.api import MAX_LIMIT


def get(client: TestClient, url: str, expect: int = 200, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == expect, response.text
    return response.json()


def csv_rows(client: TestClient, url: str, **params: Any) -> list[dict[str, str]]:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def walk(client: TestClient, url: str, **params: Any) -> tuple[list[dict[str, Any]], int]:
    """Every row of a list, page by page through ``next``; and how many pages it took."""
    rows, pages, cursor = [], 0, None
    while True:
        page = get(client, url, **params, **({"cursor": cursor} if cursor else {}))
        rows += page["results"]
        pages += 1
        cursor = page["next"]
        if cursor is None:
            return rows, pages
        assert pages < 100


# --- events ----------------------------------------------------------------------------------


def test_a_pair_lists_each_event_once(client: TestClient) -> None:
    page = get(client, "/api/events", country="Azerbaijan", **{"with": "belarusian"})
    assert [r["event_id"] for r in page["results"]] == ["gulf-3-e1", "caspian-1-e1"]
    meeting = page["results"][1]
    assert (meeting["sources"], meeting["reports"]) == (2, 2)
    assert meeting["source_actors"][0]["person"] == "Farid Aliyar"
    assert page["next"] is None


def test_event_filters(client: TestClient) -> None:
    def ids(**params: Any) -> list[str]:
        return [r["event_id"] for r in get(client, "/api/events", **params)["results"]]

    assert ids(type="sanction") == ["baltic-9-e1"]
    assert sorted(ids(type=["SANCTION", "accuse"])) == [
        "baltic-9-e1", "baltic-9-e2", "caucasus-2-e1"]
    assert ids(type="11", country="LTU") == ["baltic-9-e2"]  # a CAMEO root: ACCUSE
    assert ids(status="planned") == ["caspian-1-e2"]
    assert ids(min_sources=2) == ["caspian-1-e1"]
    assert ids(since="2024-11", until="2024") == ["gulf-3-e1", "caspian-1-e2"]
    assert ids(sort="goldstein")[0] == "baltic-9-e1"  # most hostile first
    assert ids(search="trilateral") == ["gulf-3-e1"]
    reports = get(client, "/api/events", country="AZE", **{"with": "BLR"}, reports="true")
    assert sorted(r["event_id"] for r in reports["results"]) == [
        "caspian-1-e1", "gulf-3-e1", "herald-7-e1"]


def test_facets_count_the_whole_filter(client: TestClient) -> None:
    page = get(client, "/api/events", country="AZE", limit=1)
    facets = {name: {f["value"]: f["count"] for f in values}
              for name, values in page["facets"].items()}
    total = sum(facets["type"].values())
    assert total == 6 == sum(facets["status"].values()) == sum(facets["month"].values())
    assert facets["type"]["CONSULT"] == 4 and facets["type"]["ACCUSE"] == 1
    assert facets["country"]["AZE"] == 6 and facets["country"]["BLR"] == 2
    assert facets["month"]["2024-10"] == 1 and facets["status"]["planned"] == 1
    rows, _ = walk(client, "/api/events", country="AZE")
    assert len(rows) == total


@pytest.mark.parametrize("reports", ["false", "true"])
def test_walking_the_pages_gives_every_row_once(client: TestClient, reports: str) -> None:
    everything = get(client, "/api/events", limit=MAX_LIMIT, reports=reports)["results"]
    key = "event_id" if reports == "true" else "cluster_id"
    rows, pages = walk(client, "/api/events", limit=3, reports=reports)
    assert [r[key] for r in rows] == [r[key] for r in everything]
    assert len({r[key] for r in rows}) == len(rows) == len(everything) >= 8
    assert pages == -(-len(rows) // 3)


def test_limit_is_capped_not_refused(client: TestClient) -> None:
    page = get(client, "/api/events", limit=10_000)
    assert len(page["results"]) == 8 and page["next"] is None


def test_one_event_with_all_its_reports(client: TestClient) -> None:
    meeting = get(client, "/api/events/caspian-1-e1")  # a report's id finds its event
    assert meeting["event"]["event_id"] == "caspian-1-e1"
    assert sorted(r["event_id"] for r in meeting["reports"]) == ["caspian-1-e1", "herald-7-e1"]
    report = next(r for r in meeting["reports"] if r["event_id"] == "herald-7-e1")
    assert report["article_id"] == "herald-7"
    assert report["url"] == "https://minsk.example/herald-7"
    assert report["evidence"].startswith("Belarus and Azerbaijan held talks")
    same = get(client, f"/api/events/{meeting['event']['cluster_id']}")
    assert same == meeting


# --- articles, people, agreements, figures, countries, dyads, search ----------------------------


def test_articles_list_and_one_article_with_every_record(client: TestClient) -> None:
    listed = get(client, "/api/articles")["results"]
    assert [a["id"] for a in listed][:2] == ["gulf-3", "herald-7"]
    assert [a["id"] for a in get(client, "/api/articles", outlet="caspian")["results"]] == [
        "caspian-1", "caspian-0"]
    article = get(client, "/api/articles/caspian-1")
    text = article["text"]
    assert [e["id"] for e in article["events"]] == ["caspian-1-e1", "caspian-1-e2"]
    met = article["events"][0]
    assert text[met["evidence_start"]:met["evidence_end"]] == met["evidence_text"]
    actor = met["source"][0]
    assert text[actor["start"]:actor["end"]] == "Farid Aliyar" and actor["country"] == "AZE"
    assert [p["name"] for p in article["people"]] == ["Farid Aliyar", "Roman Holub"]
    agreement = article["agreements"][0]
    assert agreement["parties"] == ["AZE", "BLR"]
    assert text[agreement["evidence_start"]:agreement["evidence_end"]].startswith("The two")
    assert article["figures"][0]["countries"] == ["AZE", "BLR"]
    assert isinstance(article["mentions"], list)


def test_people_agreements_figures(client: TestClient) -> None:
    people = get(client, "/api/people", country="Belarus")["results"]
    assert [p["name"] for p in people] == ["Roman Holub"]
    assert get(client, "/api/people", search="aliyar")["results"][0]["offices"]
    agreements = get(client, "/api/agreements", country="AZE", **{"with": "BLR"})["results"]
    assert [a["topic"] for a in agreements] == ["transport corridors"]
    assert get(client, "/api/agreements", country="LTU")["results"] == []
    figures = get(client, "/api/figures", indicator="trade")["results"]
    assert figures[0]["value"] == 3e8 and figures[0]["countries"] == ["AZE", "BLR"]


def test_countries_with_counts_and_names(client: TestClient) -> None:
    countries = {c["code"]: c for c in get(client, "/api/countries")["results"]}
    assert countries["AZE"]["name"] == "Azerbaijan" and countries["AZE"]["events"] == 6
    assert countries["BLR"]["events"] == 4 and countries["BLR"]["reports"] == 5


def test_a_dyad_dossier(client: TestClient) -> None:
    dossier = get(client, "/api/dyads/Azerbaijan/BLR")
    assert dossier["pair"]["country"] == "AZE" and dossier["pair"]["partner"] == "BLR"
    assert dossier["summary"]["events"] == 2 and dossier["summary"]["reports"] == 3
    assert [a["topic"] for a in dossier["agreements"]] == ["transport corridors"]
    assert {p["name"] for p in dossier["people"]} >= {"Farid Aliyar"}
    assert get(client, "/api/dyads/AZE/AZE", 400)["detail"] == "both sides are AZE"


def test_search(client: TestClient) -> None:
    found = get(client, "/api/search", q="trilateral talks")["results"]
    assert found and {r["article_id"] for r in found} == {"gulf-3"}
    articles = get(client, "/api/search", q="talks", kind="article")["results"]
    assert {r["kind"] for r in articles} == {"article"}
    assert get(client, "/api/search", 400, q="  ")["detail"].startswith("nothing to search")


def test_search_events_only(client: TestClient) -> None:
    events = get(client, "/api/search", q="talks", kind="event")["results"]
    assert events and {r["kind"] for r in events} == {"event"}


# --- CSV and JSON twins --------------------------------------------------------------------------


@pytest.mark.parametrize("path,params,key", [
    ("/api/events", {"country": "BLR"}, "cluster_id"),
    ("/api/events", {"reports": "true"}, "event_id"),
    ("/api/articles", {}, "id"),
    ("/api/people", {}, "name"),
    ("/api/agreements", {}, "cluster_id"),
    ("/api/figures", {}, "id"),
    ("/api/countries", {}, "code"),
    ("/api/search", {"q": "Minsk"}, "rank"),
])
def test_csv_and_json_twins(client: TestClient, path: str, params: dict[str, Any],
                            key: str) -> None:
    plain = get(client, path, **params)
    assert get(client, path + ".json", **params) == plain
    rows = csv_rows(client, path + ".csv", **params)
    assert [r[key] for r in rows] == [str(r[key]) for r in plain["results"]]


def test_csv_flattens_lists_and_streams_all_rows(client: TestClient) -> None:
    rows = csv_rows(client, "/api/events.csv", country="BLR", **{"with": "AZE"})
    trilateral = next(r for r in rows if r["event_id"] == "gulf-3-e1")
    assert trilateral["source"] == "TUR,AZE" and trilateral["target"] == "BLR"
    assert len(csv_rows(client, "/api/events.csv")) == 8  # no page limit
    assert len(csv_rows(client, "/api/events.csv", limit=2)) == 2


def test_csv_refusals_are_still_json_errors(client: TestClient) -> None:
    response = client.get("/api/events.csv", params={"country": "Atlantis"})
    assert response.status_code == 400
    assert response.json() == {"detail": "unknown country: 'Atlantis'"}


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url,params,detail", [
    ("/api/events", {"country": "Atlantis"}, "unknown country: 'Atlantis'"),
    ("/api/events", {"with": "BLR"}, "'with' needs 'country' (the pair's other side)"),
    ("/api/events", {"since": "2024-13"}, "since: not a date"),
    ("/api/events", {"until": "yesterday"}, "until: not a date"),
    ("/api/events", {"type": "HUG"}, "type: unknown event type 'HUG'"),
    ("/api/events", {"cursor": "not-a-cursor"}, "bad cursor"),
    ("/api/people", {"country": "Atlantis"}, "unknown country: 'Atlantis'"),
    ("/api/figures", {"since": "2024-02-30"}, "since: not a date"),
    ("/api/dyads/Atlantis/BLR", {}, "unknown country: 'Atlantis'"),
])
def test_bad_parameters_are_400(client: TestClient, url: str, params: dict[str, Any],
                                detail: str) -> None:
    assert get(client, url, 400, **params)["detail"].startswith(detail)


@pytest.mark.parametrize("url", ["/api/events/99999", "/api/events/nope-e1",
                                 "/api/articles/no-such-article"])
def test_unknown_ids_are_404(client: TestClient, url: str) -> None:
    assert "no " in get(client, url, 404)["detail"]


def test_posting_to_a_read_only_server_is_403(client: TestClient) -> None:
    response = client.post("/api/articles", json={"text": "Anything."},
                           headers={"Authorization": "Bearer guess"})
    assert response.status_code == 403 and "read-only" in response.json()["detail"]


def test_openapi_and_docs(client: TestClient) -> None:
    schema = get(client, "/openapi.json")
    for path in ("/api/events", "/api/events.csv", "/api/events/{event_id}", "/api/articles",
                 "/api/dyads/{a}/{b}", "/api/search", "/api/countries"):
        assert path in schema["paths"]
    assert "post" in schema["paths"]["/api/articles"]
    assert client.get("/docs").status_code == 200
