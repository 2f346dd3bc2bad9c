"""HTML pages: body as blank-line paragraphs, metadata, and the page's own timestamp kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilat.article import Article, InputError
from bilat.readers.html import read_html, read_html_file

PARAGRAPHS = [
    "The foreign ministers of Georgia and Armenia met in Tbilisi on Saturday to discuss a new "
    "border crossing, officials said.",
    "The two sides agreed to open a second checkpoint by the end of the year, according to a "
    "joint statement released after the talks.",
    "Transit cargo between the two neighbours rose by a fifth last year, customs data show.",
]


def _page(head: str = "", body_prefix: str = "", lang: str = "en") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><title>Ministers meet in Tbilisi | Caspian'
        ' Herald</title><meta property="og:site_name" content="Caspian Herald">'
        '<meta name="author" content="Nino Beridze">'
        '<link rel="canonical" href="https://caspianherald.example/politics/123">'
        f'{head}</head><body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>'
        f"<article><h1>Ministers meet in Tbilisi</h1>{body_prefix}{paragraphs}</article>"
        "<footer><p>Copyright 2024 Caspian Herald</p></footer></body></html>"
    )


def _read(tmp_path: Path, html: str | bytes, name: str = "page.html") -> Article | InputError:
    path = tmp_path / name
    path.write_bytes(html.encode() if isinstance(html, str) else html)
    return read_html_file(str(path))


def test_meta_published_time_keeps_zone(tmp_path: Path) -> None:
    head = '<meta property="article:published_time" content="2024-05-12T09:30:00+04:00">'
    article = _read(tmp_path, _page(head))
    assert isinstance(article, Article)
    assert article.published == "2024-05-12T09:30:00+04:00"
    assert article.text == "\n\n".join(PARAGRAPHS)
    assert article.title == "Ministers meet in Tbilisi"
    assert article.author == "Nino Beridze"
    assert article.outlet == "Caspian Herald"
    assert article.url == "https://caspianherald.example/politics/123"
    assert article.source == str(tmp_path / "page.html")
    assert article.language == "en"


def test_json_ld_date_published(tmp_path: Path) -> None:
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
        '[{"@type": "NewsArticle", "datePublished": "2023-11-02T18:05:00-05:00"}]}</script>'
    )
    article = _read(tmp_path, _page(head))
    assert isinstance(article, Article)
    assert article.published == "2023-11-02T18:05:00-05:00"


def test_time_element_with_zone(tmp_path: Path) -> None:
    body = '<time datetime="2022-03-08T07:00:00+01:00" itemprop="datePublished">8 March</time>'
    article = _read(tmp_path, _page(body_prefix=body))
    assert isinstance(article, Article)
    assert article.published == "2022-03-08T07:00:00+01:00"


def test_no_copyright_year_guessing(tmp_path: Path) -> None:
    article = _read(tmp_path, _page())
    assert isinstance(article, Article)
    assert article.published is None


def test_wire_dateline_in_body(tmp_path: Path) -> None:
    html = _page().replace("<p>The foreign", "<p>TBILISI, May 11 (Reuters) - The foreign")
    article = _read(tmp_path, html)
    assert isinstance(article, Article)
    assert article.dateline_place == "Tbilisi"


def test_declared_legacy_charset(tmp_path: Path) -> None:
    html = _page(lang="fr").replace("<head>", '<head><meta charset="windows-1252">')
    html = html.replace("Saturday", "samedi à Genève")
    article = _read(tmp_path, html.encode("cp1252"))
    assert isinstance(article, Article)
    assert "samedi à Genève" in article.text
    assert article.warnings == []
    assert article.language == "fr"


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Home</title></head><body><nav><a href='/a'>Politics</a>"
        "<a href='/b'>Business</a></nav><footer>Copyright 2024</footer></body></html>",
        "<html><body><main><h2>Latest</h2><ul><li><a href='/1'>Ministers meet in Tbilisi</a>"
        "</li><li><a href='/2'>Cargo traffic through the port rises again</a></li>"
        "<li><a href='/3'>Parliament approves the new budget for next year</a></li></ul>"
        "</main></body></html>",
        "<html><body></body></html>",
    ],
)
def test_page_without_article(tmp_path: Path, html: str) -> None:
    result = _read(tmp_path, html)
    assert result == InputError(str(tmp_path / "page.html"), "no article text found in HTML")


def test_binary_and_empty(tmp_path: Path) -> None:
    assert read_html(b"\x00\x01\x02\x03" * 500, "b.html") == InputError(
        "b.html", "binary file, not an article"
    )
    assert read_html(b"", "e.html") == InputError("e.html", "empty file")
