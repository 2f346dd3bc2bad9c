"""iter_articles: dispatch, directories, stdin, the --published override, streaming, limits."""

from __future__ import annotations

import gzip
import io
import json
import sys
import tracemalloc
from pathlib import Path

import pytest

from bilat.readers import SUFFIXES, Article, InputError, iter_articles

TEXT = "Envoys from Ghana and Togo met in Lomé on Monday to settle a dispute over fishing rights."
HTML = (
    "<!DOCTYPE html><html><head><title>Envoys meet in Lomé</title>"
    '<meta property="article:published_time" content="2024-02-05T16:10:00+00:00"></head>'
    f"<body><article><h1>Envoys meet in Lomé</h1><p>{TEXT}</p><p>{TEXT}</p></article>"
    "</body></html>"
)


def _ok(items: list[Article | InputError]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def test_suffixes() -> None:
    assert set(SUFFIXES) == {".txt", ".json", ".jsonl", ".jsonl.gz", ".html", ".htm"}


def test_directory_recursive_sorted_known_suffixes(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "2.txt").write_text(TEXT)
    (tmp_path / "a" / "deep" / "1.htm").write_text(HTML)
    (tmp_path / "a" / "0.JSON").write_text(json.dumps({"id": "j0", "text": TEXT}))
    with gzip.open(tmp_path / "c.jsonl.gz", "wt") as out:
        out.write(json.dumps({"id": "g1", "text": TEXT}) + "\n")
    (tmp_path / "notes.md").write_text(TEXT)
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / ".hidden" / "x.txt").write_text(TEXT)
    results = list(iter_articles([str(tmp_path)]))
    assert all(isinstance(r, Article) for r in results)
    assert [r.source for r in results] == [
        str(tmp_path / "c.jsonl.gz") + ":1",
        str(tmp_path / "a" / "0.JSON"),
        str(tmp_path / "a" / "deep" / "1.htm"),
        str(tmp_path / "b" / "2.txt"),
    ]


def test_missing_and_empty_are_errors_and_reading_goes_on(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    good = tmp_path / "good.txt"
    good.write_text(TEXT)
    missing = str(tmp_path / "nope.txt")
    results = list(iter_articles([missing, str(empty), str(good)]))
    assert results[0] == InputError(missing, "no such file or directory")
    assert results[1] == InputError(str(empty), "empty file")
    assert isinstance(results[2], Article) and results[2].text == TEXT


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(TEXT)

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("bilat.readers.text.open", deny, raising=False)
    assert list(iter_articles([str(path)])) == [
        InputError(str(path), "cannot read: Permission denied")
    ]


def test_published_override(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"text": TEXT, "published": "2020-01-01"}))
    [article] = _ok(list(iter_articles([str(path)], published="2024-10-03")))
    assert article.published == "2024-10-03"
    with pytest.raises(ValueError):
        iter_articles([str(path)], published="not a date")


def test_streams_without_reading_ahead(tmp_path: Path) -> None:
    first = tmp_path / "first.jsonl"
    with first.open("w") as out:
        for n in range(10_000):
            out.write(json.dumps({"id": f"n{n}", "text": f"{TEXT} ({n})"}) + "\n")
    later = tmp_path / "later.txt"
    stream = iter_articles([str(first), str(later)])
    head = next(stream)
    assert isinstance(head, Article) and head.id == "n0"
    later.write_text(TEXT)  # created after reading began: proves inputs are not read up front
    rest = list(stream)
    assert len(rest) == 10_000
    assert isinstance(rest[-1], Article) and rest[-1].source == str(later)


def test_20mb_text_truncated_without_holding_it(tmp_path: Path) -> None:
    paragraph = "Negotiators from both capitals met again to review the water treaty. " * 14
    path = tmp_path / "huge.txt"
    with path.open("w") as out:
        while out.tell() < 20_000_000:
            out.write(paragraph + "\n\n")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        [article] = list(iter_articles([str(path)]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(article, Article)
    assert len(article.text) <= 1_000_000
    assert article.text.endswith("treaty. ")
    assert article.warnings == [f"text truncated from {size} to {len(article.text)} characters"]
    assert peak < size  # never the whole file in memory, let alone twice


def test_large_json_text_truncated(tmp_path: Path) -> None:
    text = (TEXT + "\n\n") * 60_000  # over 5,000,000 characters
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"id": "big", "text": text}) + "\n")
    [article] = _ok(list(iter_articles([str(path)])))
    assert len(article.text) <= 1_000_000
    assert article.warnings == [
        f"text truncated from {len(text)} to {len(article.text)} characters"
    ]


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        json.dumps({"id": "s1", "text": TEXT}),
        "{oops",
        json.dumps({"id": "s3", "text": TEXT}),
    ]
    _stdin(monkeypatch, "\n".join(lines).encode())
    results = list(iter_articles(["-"]))
    assert [r.source for r in results] == ["<stdin>:1", "<stdin>:2", "<stdin>:3"]
    assert isinstance(results[1], InputError)


def test_stdin_json_object(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, json.dumps({"id": "o1", "text": TEXT}, indent=2).encode())
    [article] = list(iter_articles(["-"]))
    assert isinstance(article, Article) and (article.id, article.source) == ("o1", "<stdin>")


def test_stdin_text_and_html(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, ("LOMÉ, Feb 5 (AFP) - " + TEXT).encode())
    [article] = list(iter_articles(["-"]))
    assert isinstance(article, Article)
    assert article.dateline_place == "Lomé"
    _stdin(monkeypatch, HTML.encode())
    [page] = list(iter_articles(["-"]))
    assert isinstance(page, Article)
    assert page.published == "2024-02-05T16:10:00+00:00"
    assert page.title == "Envoys meet in Lomé"


def test_explicit_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "article.dat"
    path.write_text(json.dumps({"id": "d1", "text": TEXT}))
    [article] = list(iter_articles([str(path)]))
    assert isinstance(article, Article) and article.id == "d1"
