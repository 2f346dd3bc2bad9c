"""WARC archives: HTML responses become articles with their record's address; every other record
is passed over; a damaged archive keeps what came before the damage and names where it stopped."""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pages import MINISTERS, TRADE, page
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from bilat.article import Article, InputError
from bilat.readers.warc import is_warc_file, iter_warc

WARC_DATE = "2024-10-08T11:42:10Z"

MINISTERS_PAGE = page(
    "Norway and Indonesia plan maritime safety initiative",
    MINISTERS,
    '<meta property="article:published_time" content="2024-10-07T18:05:00+02:00">',
)
TRADE_PAGE = page("Chile and Vietnam open trade talks", TRADE)
INDEX_PAGE = b"<html><body><ul><li><a href='/a'>World</a></li><li>Sport</li></ul></body></html>"


@dataclass
class Written:
    """What was written: the WARC-Record-ID of each record, by URI."""

    ids: dict[str, str]


def _response(
    writer: WARCWriter,
    uri: str,
    body: bytes,
    content_type: str = "text/html; charset=utf-8",
    status: str = "200 OK",
    extra: list[tuple[str, str]] | None = None,
) -> Any:
    headers = StatusAndHeaders(
        status, [("Content-Type", content_type), *(extra or [])], protocol="HTTP/1.1"
    )
    return writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": WARC_DATE},
    )


def _write_archive(path: Path, gz: bool) -> Written:
    """A small crawl: warcinfo, a request, two articles, and records that are no article."""
    ids: dict[str, str] = {}
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        request = StatusAndHeaders(
            "GET /world/oslo HTTP/1.1", [("Host", "news.example")], is_http_request=True
        )
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/world/oslo", "request", http_headers=request
            )
        )
        site = "https://news.example"
        records = [
            _response(writer, f"{site}/world/oslo", MINISTERS_PAGE),
            _response(writer, f"{site}/report.pdf", b"%PDF-1.4 ...", "application/pdf"),
            _response(writer, f"{site}/gone", page("Not found", TRADE), status="404 Not Found"),
            _response(
                writer,
                f"{site}/old",
                b"",
                status="301 Moved Permanently",
                extra=[("Location", f"{site}/new")],
            ),
            _response(
                writer,
                f"{site}/business/santiago",
                gzip.compress(TRADE_PAGE),
                extra=[("Content-Encoding", "gzip")],
            ),
            _response(writer, f"{site}/", INDEX_PAGE),
        ]
        for record in records:
            writer.write_record(record)
            ids[record.rec_headers.get_header("WARC-Target-URI")] = record.rec_headers.get_header(
                "WARC-Record-ID"
            )
        metadata = writer.create_warc_record(
            "https://news.example/world/oslo",
            "metadata",
            payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
            warc_content_type="application/warc-fields",
        )
        writer.write_record(metadata)
    return Written(ids)


def _articles(items: list[Article | InputError]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def _errors(items: list[Article | InputError]) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


def _record_id_at(path: Path, offset: int) -> str:
    with open(path, "rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        return str(record.rec_headers.get_header("WARC-Record-ID"))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_html_responses_become_articles(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    written = _write_archive(path, gz=name.endswith(".gz"))
    items = list(iter_warc(str(path)))
    # two articles and the index page without article text; nothing for the request, warcinfo,
    # metadata, PDF, 404 and redirect records
    assert len(items) == 3
    oslo, santiago = _articles(items)

    assert oslo.url == "https://news.example/world/oslo"
    assert oslo.record == written.ids[oslo.url]
    assert oslo.title == "Norway and Indonesia plan maritime safety initiative"
    assert oslo.text == "\n\n".join(MINISTERS)
    assert oslo.published == "2024-10-07T18:05:00+02:00"  # the page's own timestamp
    assert oslo.retrieved == "2024-10-08T11:42:10+00:00"
    assert oslo.source == str(path)

    assert santiago.url == "https://news.example/business/santiago"
    assert santiago.text == "\n\n".join(TRADE)  # Content-Encoding: gzip undone
    assert santiago.published == "2024-10-08"  # no date on the page: the WARC-Date's day
    assert santiago.record == written.ids[santiago.url]

    for article in (oslo, santiago):
        assert article.offset is not None and article.offset > 0
        assert _record_id_at(path, article.offset) == article.record


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_page_without_text_names_its_record(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    written = _write_archive(path, gz=name.endswith(".gz"))
    (error,) = _errors(list(iter_warc(str(path))))
    file, _, offset = error.source.rpartition("@")
    assert file == str(path)
    assert _record_id_at(path, int(offset)) == written.ids["https://news.example/"]
    assert "no article text" in error.message
    assert "https://news.example/" in error.message


def _three_articles(path: Path, gz: bool) -> list[int]:
    """Three article responses; returns each record's start offset and the file's end."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        starts = []
        for number, paragraphs in enumerate([MINISTERS, TRADE, MINISTERS[::-1]]):
            starts.append(out.tell())
            html = page(f"Report {number}", paragraphs)
            writer.write_record(_response(writer, f"https://news.example/{number}", html))
        starts.append(out.tell())
    return starts


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_archive_keeps_what_came_before(tmp_path: Path, gz: bool) -> None:
    whole = tmp_path / "whole.warc"
    bounds = _three_articles(whole, gz)
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    data = whole.read_bytes()
    cut.write_bytes(data[: (bounds[1] + bounds[2]) // 2])  # the middle of the second record
    items = list(iter_warc(str(cut)))
    assert len(items) == 2
    first, error = items
    assert isinstance(first, Article) and first.url == "https://news.example/0"
    assert isinstance(error, InputError)
    assert error.source == str(cut)
    assert f"at byte {bounds[1]}," in error.message
    assert "reading stopped" in error.message


@pytest.mark.parametrize("offset", [10, 300])  # inside the WARC headers, inside the HTTP headers
def test_cut_inside_record_headers(tmp_path: Path, offset: int) -> None:
    path = tmp_path / "cut.warc"
    bounds = _three_articles(path, gz=False)
    path.write_bytes(path.read_bytes()[: bounds[1] + offset])
    items = list(iter_warc(str(path)))
    assert [type(item) for item in items] == [Article, InputError]
    assert "reading stopped" in str(items[1])


def test_garbage_between_records(tmp_path: Path) -> None:
    path = tmp_path / "dirty.warc"
    bounds = _three_articles(path, gz=False)
    data = path.read_bytes()
    path.write_bytes(data[: bounds[1]] + b"\x00\x07 not a record at all\r\n" + data[bounds[1] :])
    items = list(iter_warc(str(path)))
    assert [type(item) for item in items] == [Article, InputError]
    assert items[1].source == str(path)
    assert "reading stopped" in str(items[1])


def test_wrong_content_length(tmp_path: Path) -> None:
    path = tmp_path / "short.warc"
    bounds = _three_articles(path, gz=False)
    data = path.read_bytes()
    second = data[bounds[1] : bounds[2]]
    start = second.index(b"Content-Length: ") + len(b"Content-Length: ")
    stop = second.index(b"\r\n", start)
    shorter = str(int(second[start:stop]) - 30).encode()  # the page's last bytes left over
    path.write_bytes(
        data[: bounds[1]] + second[:start] + shorter + second[stop:] + data[bounds[2] :]
    )
    items = list(iter_warc(str(path)))
    assert [type(item) for item in items] == [Article, InputError]
    assert f"at byte {bounds[1]}," in str(items[1])
    assert "record length does not match its data" in str(items[1])


def test_bad_gzip_member(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc.gz"
    bounds = _three_articles(path, gz=True)
    data = bytearray(path.read_bytes())
    middle = (bounds[1] + bounds[2]) // 2
    data[middle : middle + 16] = b"\xff" * 16
    path.write_bytes(bytes(data))
    items = list(iter_warc(str(path)))
    assert [type(item) for item in items] == [Article, InputError]
    assert isinstance(items[1], InputError)
    assert f"at byte {bounds[1]}" in items[1].message


def test_whole_file_gzip_is_explained(tmp_path: Path) -> None:
    plain = tmp_path / "plain.warc"
    _three_articles(plain, gz=False)
    path = tmp_path / "plain.warc.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    items = list(iter_warc(str(path)))
    assert [type(item) for item in items] == [Article, InputError]
    assert "warcio recompress" in str(items[1])


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file"), (b"Ministers met in Oslo.\n" * 20, "not a readable WARC file")],
)
def test_not_an_archive(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.warc"
    path.write_bytes(content)
    (error,) = list(iter_warc(str(path)))
    assert isinstance(error, InputError) and error.source == str(path)
    assert message in error.message


def test_missing_file(tmp_path: Path) -> None:
    (error,) = list(iter_warc(str(tmp_path / "nope.warc.gz")))
    assert isinstance(error, InputError) and "cannot read" in error.message


def test_is_warc_file() -> None:
    assert is_warc_file("crawl.warc") and is_warc_file("CC-NEWS-2024.WARC.GZ")
    assert not is_warc_file("crawl.warc.txt") and not is_warc_file("page.html")


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, tuple[Path, list[int]]]:
    folder = tmp_path_factory.mktemp("warc")
    made = {}
    for gz in (False, True):
        path = folder / ("full.warc.gz" if gz else "full.warc")
        made[gz] = (path, _three_articles(path, gz))
    return made


@pytest.mark.parametrize("gz", [False, True])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fraction=st.floats(min_value=0, max_value=1))
def test_any_truncation_is_reported_never_raised(
    archives: dict[bool, tuple[Path, list[int]]],
    tmp_path_factory: pytest.TempPathFactory,
    gz: bool,
    fraction: float,
) -> None:
    """Cut anywhere: the whole records before the cut are read as they were, nothing is made up,
    and a cut inside a record is one InputError at the end."""
    path, bounds = archives[gz]
    data = path.read_bytes()
    originals = [item for item in iter_warc(str(path)) if isinstance(item, Article)]
    cut = round(fraction * len(data))
    target = tmp_path_factory.mktemp("cut") / path.name
    target.write_bytes(data[:cut])

    items = list(iter_warc(str(target)))

    articles = _articles(items)
    errors = _errors(items)
    keys = [(a.url, a.record, a.offset, a.text) for a in articles]
    assert keys == [(a.url, a.record, a.offset, a.text) for a in originals[: len(articles)]]
    whole = sum(end <= cut for end in bounds[1:])
    assert whole <= len(articles) <= whole + 1
    if len(articles) > whole:  # only the record's last bytes lost: blank lines or gzip trailer
        assert bounds[whole + 1] - cut <= 16
    assert len(errors) <= 1
    if errors:
        assert items[-1] is errors[0] and errors[0].source == str(target)
    elif len(articles) == whole:
        assert cut in bounds[1:]  # nothing cut short, so nothing to report
