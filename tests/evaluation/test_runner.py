"""The evaluation runner on a small invented gold folder, with a fake extractor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bilat.article import Article
from bilat.evaluation import EvalReport, format_report, run_eval
from bilat.evaluation.gold import GoldFormatError, find_article_file, load_gold, load_gold_dir
from bilat.schema import (
    Actor,
    Agreement,
    ArticleMeta,
    Event,
    Evidence,
    Extraction,
    Figure,
    Location,
    Person,
)

# Invented articles: fictional officials, written for these tests.
ARTICLE_1: dict[str, Any] = {
    "id": "001",
    "url": "https://example.org/news/1",
    "outlet": "Example Wire",
    "published": "2024-03-06",
    "title": "Chile and Peru sign water accord",
    "text": (
        "Chilean Foreign Minister Ana Torres arrived in Lima on Tuesday for talks with her "
        "Peruvian counterpart Luis Carrasco.\n\n"
        "The two ministers signed a memorandum of understanding on shared aquifers and agreed "
        "to meet again before the end of the year.\n\n"
        "Trade between the neighbours grew 12 percent last year, Carrasco said."
    ),
    "category": "cooperation",
    "provenance": "invented for tests",
}
GOLD_1: dict[str, Any] = {
    "id": "001",
    "published": "2024-03-06",
    "events": [
        {"type": "CONSULT", "mode": "visit", "source": ["CHL"], "target": ["PER"],
         "date": "2024-03-05", "location": "Lima", "status": "occurred", "required": True,
         "evidence": "Ana Torres arrived in Lima on Tuesday for talks"},
        {"type": "SUPPORT", "source": ["CHL"], "target": ["PER"], "date": "2024-03-05",
         "location": "Lima", "status": "occurred", "required": True,
         "evidence": "The two ministers signed a memorandum of understanding"},
        {"type": "AGREE", "source": ["CHL"], "target": ["PER"], "date": "2024-03-05",
         "location": None, "status": "occurred", "required": False,
         "evidence": "agreed to meet again before the end of the year"},
    ],
    "people": [
        {"name": "Ana Torres", "role": "Foreign Minister", "country": "CHL"},
        {"name": "Luis Carrasco", "role": "Foreign Minister", "country": "PER"},
    ],
    "agreements": [
        {"topic": "shared aquifers", "parties": ["CHL", "PER"], "date": "2024-03-05",
         "kind": "mou"},
    ],
    "figures": [
        {"indicator": "bilateral trade change", "value": 12, "unit": "percent",
         "period": "2023", "countries": ["CHL", "PER"]},
    ],
}  # fmt: skip
ARTICLE_2: dict[str, Any] = {
    "id": "002",
    "url": None,
    "outlet": "Example Wire",
    "published": None,
    "title": None,
    "text": (
        "Norway accused Russia of harassing its fishing fleet after a Russian patrol boat "
        "detained a Norwegian trawler in the Barents Sea.\n\n"
        "Prime Minister Eirik Solheim said a planned visit to Moscow would go ahead."
    ),
    "category": "conflict",
    "provenance": "invented for tests",
}
GOLD_2: dict[str, Any] = {
    "id": "002",
    "published": None,
    "events": [
        {"type": "ACCUSE", "source": ["NOR"], "target": ["RUS"], "date": None,
         "location": None, "status": "occurred", "required": True,
         "evidence": "Norway accused Russia of harassing its fishing fleet"},
        {"type": "COERCE", "source": ["RUS"], "target": ["NOR"], "date": None,
         "location": "Barents Sea", "status": "occurred", "required": True,
         "evidence": "a Russian patrol boat detained a Norwegian trawler"},
        {"type": "CONSULT", "mode": "visit", "source": ["NOR"], "target": ["RUS"],
         "date": None, "location": "Moscow", "status": "planned", "required": True,
         "evidence": "a planned visit to Moscow would go ahead"},
    ],
    "people": [{"name": "Eirik Solheim", "role": "Prime Minister", "country": "NOR"}],
    "agreements": [],
    "figures": [],
}  # fmt: skip


def write(folder: Path, name: str, data: dict[str, Any]) -> None:
    (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    write(tmp_path, "001.json", ARTICLE_1)
    write(tmp_path, "001.gold.json", GOLD_1)
    write(tmp_path, "002.json", ARTICLE_2)
    write(tmp_path, "002.gold.json", GOLD_2)
    return tmp_path


def ev(
    type_: str,
    source: str,
    target: str,
    date: str | None = None,
    location: str | None = None,
    status: str = "occurred",
    text: str = "invented evidence",
) -> Event:
    return Event(
        id=f"{type_}-{source}-{target}",
        type=type_,  # type: ignore[arg-type]
        source=[Actor(name=source, country=source)],
        target=[Actor(name=target, country=target)],
        date=date,
        location=Location(name=location) if location else None,
        status=status,  # type: ignore[arg-type]
        evidence=Evidence(start=0, end=len(text), text=text),
    )


EVIDENCE = Evidence(start=0, end=8, text="invented")


def fake_extract(article: Article) -> Extraction:
    """Predictions chosen so each scoring rule shows up in the totals."""
    meta = ArticleMeta(id=article.id, text_length=len(article.text), extractor_version="fake")
    if "Lima" in article.text:
        return Extraction(
            article=meta,
            events=[
                ev("CONSULT", "CHL", "PER", "2024-03-05", "Lima"),  # right at every level
                ev("SUPPORT", "PER", "CHL", "2024-03-04"),  # undirected, day off, no location
                ev("AGREE", "PER", "CHL", "2024-03-05"),  # optional gold: neither TP nor FP
                ev("CONSULT", "CHL", "CHL", "2024-03-05"),  # domestic: ignored
            ],
            people=[
                Person(name="Ana Torres", role="Minister of Foreign Affairs", country="CHL"),
                Person(name="Luis Carrasco", role="Trade Minister", country="PER"),
            ],
            agreements=[
                Agreement(
                    topic="aquifers",
                    kind="mou",
                    parties=["PER", "CHL"],
                    date="2024-03-05",
                    evidence=EVIDENCE,
                )
            ],
            figures=[
                Figure(indicator="trade", value=12, unit="percent", evidence=EVIDENCE),
                Figure(indicator="trade", value=450e6, unit="USD", evidence=EVIDENCE),
            ],
        )
    return Extraction(
        article=meta,
        events=[
            ev("ACCUSE", "NOR", "RUS"),  # null date agrees with the null gold date
            ev("COERCE", "NOR", "RUS", location="Barents Sea"),  # reversed direction
            ev("CONSULT", "NOR", "RUS", status="planned"),  # not occurred: ignored
            ev("SANCTION", "NOR", "RUS", text="invented sanction passage"),  # false
        ],
    )


def triples(counts: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    return {k: (c.tp, c.fp, c.fn) for k, c in counts.items()}


def test_run_eval_exact_counts(gold_dir: Path) -> None:
    report = run_eval(gold_dir, fake_extract)
    assert isinstance(report, EvalReport)
    assert [a.id for a in report.articles] == ["001", "002"]
    assert report.errors == []
    assert triples(report.metrics) == {
        "type+actors": (4, 1, 0),
        "+direction": (3, 2, 1),
        "+date": (3, 2, 1),
        "+location": (2, 3, 2),
        "people": (2, 0, 1),
        "people+role": (1, 1, 2),
        "agreements": (1, 0, 0),
        "figures": (1, 1, 0),
    }
    assert triples(report.per_type) == {
        "CONSULT": (1, 0, 0),
        "SUPPORT": (1, 0, 0),
        "ACCUSE": (1, 0, 0),
        "COERCE": (1, 0, 0),
        "SANCTION": (0, 1, 0),
    }
    assert report.metrics["type+actors"].precision == pytest.approx(0.8)


def test_report_dict_is_json_ready(gold_dir: Path) -> None:
    data = run_eval(gold_dir, fake_extract, verbose=True).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["articles"] == 2
    assert data["metrics"]["+location"] == {
        "precision": 0.4,
        "recall": 0.5,
        "f1": 0.4444,
        "tp": 2,
        "fp": 3,
        "fn": 2,
    }
    second = data["per_article"][1]
    assert [p["type"] for p in second["false"]] == ["SANCTION"]
    assert [(n["gold"]["type"], n["lost_at"]) for n in second["near_misses"]] == [
        ("COERCE", "+direction")
    ]
    assert "missed" not in run_eval(gold_dir, fake_extract).to_dict()["per_article"][0]


def test_format_report(gold_dir: Path) -> None:
    report = run_eval(gold_dir, fake_extract, verbose=True)
    brief = format_report(report)
    assert "2 articles" in brief
    assert "+location    0.400  0.500  0.444      2      3      2" in brief
    assert "per type (type+actors)" in brief
    assert "SANCTION" in brief
    assert "--- 002 ---" not in brief

    full = format_report(report, verbose=True)
    assert "--- 001 ---" in full
    assert "lost at +location: SUPPORT CHL -> PER 2024-03-05 @Lima" in full
    assert 'false   SANCTION NOR -> RUS no date "invented sanction passage"' in full
    assert "lost at +direction: COERCE RUS -> NOR" in full


def test_missing_article_and_crashing_extractor_score_as_empty(tmp_path: Path) -> None:
    write(tmp_path, "001.json", ARTICLE_1)
    write(tmp_path, "001.gold.json", GOLD_1)
    write(tmp_path, "002.gold.json", GOLD_2)  # no article beside it

    def crash(article: Article) -> Extraction:
        raise RuntimeError("boom")

    report = run_eval(tmp_path, crash)
    assert [i for i, _ in report.errors] == ["001", "002"]
    assert "RuntimeError: boom" in report.errors[0][1]
    assert "FileNotFoundError" in report.errors[1][1]
    assert triples(report.metrics)["type+actors"] == (0, 0, 4)
    assert "2 article(s) failed" in format_report(report)


def test_text_article_gets_the_gold_publication_date(tmp_path: Path) -> None:
    (tmp_path / "001.txt").write_text(ARTICLE_1["text"], encoding="utf-8")
    write(tmp_path, "001.gold.json", GOLD_1)
    seen: list[Article] = []

    def record(article: Article) -> Extraction:
        seen.append(article)
        return fake_extract(article)

    report = run_eval(tmp_path, record)
    assert report.errors == []
    assert [a.published for a in seen] == ["2024-03-06"]
    assert triples(report.metrics)["type+actors"] == (2, 0, 0)


def test_gold_loading(tmp_path: Path) -> None:
    write(tmp_path, "007.gold.json", {**GOLD_2, "id": None})
    (tmp_path / "007.txt").write_text("plain text", encoding="utf-8")
    (tmp_path / "007.html").write_text("<p>html</p>", encoding="utf-8")
    gold = load_gold(tmp_path / "007.gold.json")
    assert gold.id == "007"  # falls back to the file name
    assert [e.status for e in gold.events] == ["occurred", "occurred", "planned"]
    assert find_article_file(tmp_path / "007.gold.json") == tmp_path / "007.txt"
    write(tmp_path, "007.json", ARTICLE_2)
    assert find_article_file(tmp_path / "007.gold.json") == tmp_path / "007.json"
    assert [c.gold.id for c in load_gold_dir(tmp_path)] == ["007"]


@pytest.mark.parametrize(
    "change",
    [
        {"type": "MEET"},
        {"status": "done"},
        {"date": "March 2024"},
        {"date": "2024-02-30"},
        {"source": "CHL"},
        {"required": "yes"},
    ],
)
def test_malformed_gold_names_the_file(tmp_path: Path, change: dict[str, Any]) -> None:
    bad = {**GOLD_1, "events": [{**GOLD_1["events"][0], **change}]}
    write(tmp_path, "009.gold.json", bad)
    with pytest.raises(GoldFormatError, match="009.gold.json"):
        load_gold(tmp_path / "009.gold.json")
