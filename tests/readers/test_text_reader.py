"""Plain-text articles: text kept byte-for-byte (bar CRLF), metadata read from the top."""

from __future__ import annotations

from pathlib import Path

from bilat.article import Article, InputError, content_id
from bilat.readers.text import read_text_file, split_title

BODY = (
    "The foreign ministers of Georgia and Armenia met in Tbilisi on Thursday to discuss a "
    "second border crossing.\n\nBoth sides agreed to open it by the end of the year, a joint "
    "statement said.\n"
)


def _read(tmp_path: Path, content: bytes, name: str = "a.txt") -> Article | InputError:
    path = tmp_path / name
    path.write_bytes(content)
    return read_text_file(str(path))


def test_plain_text_kept_exactly(tmp_path: Path) -> None:
    article = _read(tmp_path, BODY.encode())
    assert isinstance(article, Article)
    assert article.text == BODY
    assert article.id == content_id(BODY)
    assert article.source == str(tmp_path / "a.txt")
    assert (article.title, article.published, article.dateline_place) == (None, None, None)
    assert article.warnings == []


def test_crlf_normalised_only(tmp_path: Path) -> None:
    article = _read(tmp_path, b"\xef\xbb\xbf" + BODY.replace("\n", "\r\n").encode())
    assert isinstance(article, Article)
    assert article.text == BODY


def test_date_line_sets_published_and_text_is_untouched(tmp_path: Path) -> None:
    content = "4 October 2024 11:44 (UTC+04:00)\n\n" + BODY
    article = _read(tmp_path, content.encode())
    assert isinstance(article, Article)
    assert article.published == "2024-10-04T11:44:00+04:00"
    assert article.text == content
    assert article.title is None


def test_wire_dateline_sets_place(tmp_path: Path) -> None:
    content = "TBILISI, Oct 3 (Reuters) - " + BODY
    article = _read(tmp_path, content.encode())
    assert isinstance(article, Article)
    assert article.dateline_place == "Tbilisi"
    assert article.published is None  # month and day only
    assert article.text == content


def test_wire_dateline_with_year_sets_published(tmp_path: Path) -> None:
    article = _read(tmp_path, ("WASHINGTON, March 2, 1987 - " + BODY).encode())
    assert isinstance(article, Article)
    assert (article.dateline_place, article.published) == ("Washington", "1987-03-02")


def test_headline_then_dateline(tmp_path: Path) -> None:
    content = "Georgia and Armenia agree on new checkpoint\n\nTBILISI (AP) — " + BODY
    article = _read(tmp_path, content.encode())
    assert isinstance(article, Article)
    assert article.title == "Georgia and Armenia agree on new checkpoint"
    assert article.dateline_place == "Tbilisi"
    assert article.text == content


def test_byline_is_author_not_title(tmp_path: Path) -> None:
    article = _read(tmp_path, ("By Nino Beridze\n\n" + BODY).encode())
    assert isinstance(article, Article)
    assert (article.title, article.author) == (None, "Nino Beridze")


def test_first_sentence_is_not_a_title() -> None:
    assert split_title(BODY) is None
    assert split_title("Talks resume, the ministry said\n\nMore text follows.") is None
    assert split_title("Will the border reopen?\n\nOfficials were unsure.") is None


def test_cp1252_file(tmp_path: Path) -> None:
    text = "The minister\u2019s \u201cfinal offer\u201d was rejected in Brussels.\n"
    article = _read(tmp_path, text.encode("cp1252"))
    assert isinstance(article, Article)
    assert article.text == text
    assert article.warnings == ["decoded as cp1252 (detected); not UTF-8"]


def test_latin1_file(tmp_path: Path) -> None:
    text = "Les ministres se sont réunis à Genève pour négocier un accord frontalier.\n"
    article = _read(tmp_path, text.encode("latin-1"))
    assert isinstance(article, Article)
    assert article.text == text
    assert "not UTF-8" in article.warnings[0]


def test_binary_file(tmp_path: Path) -> None:
    result = _read(tmp_path, b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 20, "x.txt")
    assert result == InputError(str(tmp_path / "x.txt"), "binary file, not an article")


def test_empty_and_blank_files(tmp_path: Path) -> None:
    assert _read(tmp_path, b"") == InputError(str(tmp_path / "a.txt"), "empty file")
    blank = _read(tmp_path, b" \n\n\t\n", "b.txt")
    assert isinstance(blank, InputError)
    assert blank.message.startswith("empty file")


def test_huge_file_truncated_at_paragraph(tmp_path: Path) -> None:
    paragraph = "Officials from both capitals met again to review the trade accord. " * 15 + "\n\n"
    count = 20_000_000 // len(paragraph) + 1
    path = tmp_path / "huge.txt"
    with path.open("w", encoding="utf-8") as out:
        for _ in range(count):
            out.write(paragraph)
    total = count * len(paragraph)
    article = read_text_file(str(path))
    assert isinstance(article, Article)
    assert len(article.text) <= 1_000_000
    assert article.text.endswith("accord. ")  # cut where a paragraph ends
    assert article.warnings == [f"text truncated from {total} to {len(article.text)} characters"]
