"""The HTML pages in process (TestClient): status codes, 404s, filters, and that a hostile
article (markup and attribute-breaking quotes in its title, text and records) comes out as
text. The corpus is the invented one of tests/store/test_query.py plus that article.
``hostile_corpus`` is shared with test_pages_browser.py."""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_query import build_corpus, store_articles  # noqa: E402

from bilat.schema import (  # noqa: E402
    Actor,
    Agreement,
    ArticleMeta,
    Event,
    Evidence,
    Extraction,
    Figure,
    Mention,
    Person,
)
from bilat.web import create_app  # noqa: E402
from bilat.web.pages import json_script  # noqa: E402

SCRIPT = "<script>alert(1)</script>"
BREAK = "\"'><img src=x onerror=alert(2)>"
HOSTILE_ID = "hostile-1"
HOSTILE_TITLE = f"Talks {SCRIPT} {BREAK}"
HOSTILE_TEXT = (
    f"Azerbaijan and Belarus held talks {SCRIPT} in Minsk on September 12. "
    f"Envoy Ilham {BREAK} Vasilek praised the talks. "
    f"The sides signed a memorandum on {SCRIPT} customs. "
    f"Trade reached $5 million {BREAK} in August."
)


def _span(words: str) -> Evidence:
    start = HOSTILE_TEXT.index(words)
    return Evidence(start=start, end=start + len(words), text=words)


def hostile_extraction() -> Extraction:
    """An article whose every string tries to break out of the page; its records overlap
    (the envoy's mention lies inside the second event's evidence)."""
    talks = _span(f"Azerbaijan and Belarus held talks {SCRIPT} in Minsk on September 12.")
    praise = _span(f"Envoy Ilham {BREAK} Vasilek praised the talks.")
    envoy = _span(f"Ilham {BREAK} Vasilek")
    return Extraction(
        article=ArticleMeta(
            id=HOSTILE_ID, url="javascript:alert(3)", outlet=f"Outlet {BREAK}",
            title=HOSTILE_TITLE, published="2024-09-13", text_length=len(HOSTILE_TEXT),
            extractor_version="0.9.0",
        ),
        events=[
            Event(id=f"{HOSTILE_ID}-e1", type="CONSULT",
                  source=[Actor(name="Azerbaijan", country="AZE", start=0, end=10)],
                  target=[Actor(name="Belarus", country="BLR", start=15, end=22)],
                  mode=f"visit{BREAK}", evidence=talks, date="2024-09-12",
                  date_precision="day", goldstein=1.0, plover_score=2.5, confidence=0.8),
            Event(id=f"{HOSTILE_ID}-e2", type="SUPPORT",
                  source=[Actor(name=f"Ilham {BREAK} Vasilek", country="AZE",
                                person=f"Ilham {BREAK} Vasilek", start=envoy.start,
                                end=envoy.end)],
                  target=[Actor(name="BLR", country="BLR")],
                  evidence=praise, date="2024-09-12", date_precision="day", goldstein=3.0,
                  plover_score=3.0, confidence=0.6),
        ],
        people=[Person(name=f"Ilham {BREAK} Vasilek", role=f"Envoy {SCRIPT}", country="AZE",
                       mentions=[Mention(start=envoy.start, end=envoy.end)])],
        agreements=[Agreement(
            topic=f"customs {SCRIPT}", kind="mou", parties=["AZE", "BLR"],
            date="2024-09-12", date_precision="day",
            evidence=_span(f"The sides signed a memorandum on {SCRIPT} customs."),
        )],
        figures=[Figure(
            indicator="trade", value=5e6, unit="USD", period="2024-08",
            countries=["AZE", "BLR"], evidence=_span(f"Trade reached $5 million {BREAK}"),
        )],
    )


def hostile_corpus(url: str) -> None:
    """The invented corpus of tests/store plus the hostile article, stored as ingest does."""
    build_corpus(url)
    store_articles(url, [(hostile_extraction(), HOSTILE_TEXT)])


def make_app(url: str) -> FastAPI:
    """The served application: the API and, through create_app, the pages."""
    return create_app(url, token="")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'corpus.db'}"
    hostile_corpus(url)
    with TestClient(make_app(url)) as client:
        yield client


def title(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    assert found
    return html.unescape(found.group(1))


@pytest.mark.parametrize(("path", "expected"), [
    ("/", "bilat · bilat"),
    ("/events", "Events · bilat"),
    ("/events?q=talks", "Events matching talks · bilat"),
    ("/dyads/AZE/BLR", "Azerbaijan – Belarus · bilat"),
    ("/dyads/azerbaijani/Belarus?since=2024&until=2024-10&type=consult", "Azerbaijan – Belarus"),
    ("/dyads/BLR/AZE?month=2024-10", "Belarus – Azerbaijan · bilat"),
    ("/articles/caspian-1", "Azerbaijani and Belarusian premiers meet · bilat"),
])
def test_pages_render(pages: TestClient, path: str, expected: str) -> None:
    response = pages.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert title(response.text).startswith(expected)
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_the_event_page_lists_every_report(pages: TestClient) -> None:
    home = pages.get("/").text
    # the meeting two outlets told, linked from the latest events
    ids = [int(i) for i in re.findall(r'href="/events/(\d+)"', home)]
    reports = {i: pages.get(f"/events/{i}").text for i in set(ids)}
    both = [page for page in reports.values() if "Minsk Herald" in page and "Caspian Wire" in page]
    assert len(both) == 1
    assert both[0].count('<li class="report">') == 2
    assert 'href="/articles/herald-7"' in both[0]
    assert 'href="https://caspian.example/caspian-1"' in both[0]


def test_home_lists_the_most_active_pairs_of_the_last_30_days(pages: TestClient) -> None:
    page = pages.get("/").text
    section = page[page.index('id="active-pairs"'):]
    section = section[:section.index("</ol>")]
    # the newest event is 2024-11-19 (the trilateral talks): the window starts 2024-10-20
    # and holds those talks (each two of the three parties) and the planned visit to Ankara
    assert re.findall(r'href="/dyads/(\w+)/(\w+)"', section) == [
        ("AZE", "TUR"), ("AZE", "BLR"), ("BLR", "TUR")]
    assert "2024-10-20" in page


@pytest.mark.parametrize(("path", "message"), [
    ("/dyads/AZE/Narnia", "Unknown country: &#39;Narnia&#39;"),
    ("/dyads/AZE/azerbaijan", "the same country"),
    ("/events/99999", "No event 99999"),
    ("/events/9223372036854775808", "No event 9223372036854775808"),
    ("/articles/no-such-article", "No article &#39;no-such-article&#39;"),
])
def test_unknown_things_are_404_pages_that_say_why(pages: TestClient, path: str,
                                                   message: str) -> None:
    response = pages.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert message in response.text


@pytest.mark.parametrize("path", [
    "/dyads/AZE/BLR?since=yesterday", "/dyads/AZE/BLR?type=HUG", "/dyads/AZE/BLR?month=2024",
    "/events?until=2024-13", "/events?country=Narnia",
])
def test_bad_filters_are_400_pages(pages: TestClient, path: str) -> None:
    response = pages.get(path)
    assert response.status_code in (400, 404)
    assert 'id="error-message"' in response.text


def test_a_search_for_nothing_is_a_400_not_a_crash(pages: TestClient) -> None:
    assert pages.get("/events", params={"q": '"" ---'}).status_code == 400


def test_the_dossier_embeds_its_chart_data_and_filters(pages: TestClient) -> None:
    page = pages.get("/dyads/AZE/BLR").text
    data = re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>',
                     page, re.S)
    assert data
    timeline = json.loads(data.group(1))
    assert timeline["months"] == ["2024-09", "2024-10", "2024-11"]
    counts = {d["type"]: d["counts"] for d in timeline["datasets"]}
    assert counts == {"CONSULT": [1, 1, 1], "SUPPORT": [1, 0, 0]}
    assert 'id="scores-data"' in page and "/static/vendor/chart.umd.min.js" in page
    for section in ("summary", "meetings", "agreements", "figures", "people"):
        assert f'id="{section}"' in page
    assert "transport corridors" in page and "Roman Holub" in page
    one_month = pages.get("/dyads/AZE/BLR?month=2024-10").text
    months = re.findall(r'<tr data-month="([^"]*)"', one_month)
    assert months == ["2024-10"]
    consult = pages.get("/dyads/AZE/BLR?type=SUPPORT").text
    assert re.findall(r'<tr data-month="([^"]*)"', consult) == ["2024-09"]


def test_json_in_a_script_element_cannot_close_it() -> None:
    text = json_script({"a": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script> & <!--"}


def _outside_json(page: str) -> str:
    return re.sub(r'<script type="application/json"[^>]*>.*?</script>', "", page, flags=re.S)


@pytest.mark.parametrize("path", [
    f"/articles/{HOSTILE_ID}", "/dyads/AZE/BLR", "/", "/events?q=memorandum",
])
def test_the_hostile_article_is_text_everywhere(pages: TestClient, path: str) -> None:
    page = pages.get(path).text
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert all('src="/static/' in s or 'type="application/json"' in s for s in scripts)
    assert "<img" not in page and "onerror=alert(2)>" not in _outside_json(page).replace(
        "onerror=alert(2)&gt;", "")
    assert "javascript:" not in page


def test_the_hostile_article_page_shows_its_markup_as_text(pages: TestClient) -> None:
    page = pages.get(f"/articles/{HOSTILE_ID}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&#39;&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    assert title(page).startswith(HOSTILE_TITLE)
    assert page.count('data-kind="person"') >= 1 and 'data-kind="event person"' in page


def test_people_without_mentions_are_marked_where_the_events_name_them(
        pages: TestClient) -> None:
    page = pages.get("/articles/caspian-1").text
    marks = re.findall(r'<mark class="hl hl-event hl-person"[^>]*data-refs="([^"]*)"[^>]*>'
                       r"([^<]*)</mark>", page)
    assert ("event-0 person-0", "Farid Aliyar") in marks
    assert ("event-0 person-1", "Roman Holub") in marks
    assert len(marks) == 2  # "Aliyar" of the second event lies within "Farid Aliyar"
