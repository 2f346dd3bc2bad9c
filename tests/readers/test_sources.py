"""iter_sources: feed URLs, feed files, WARC archives, folders of all of these, and everything
iter_articles reads, in one stream; each failure named, and the sources after it still read."""

from __future__ import annotations

import io
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import bilat.readers.sources as sources_module
from bilat.article import Article, InputError
from bilat.readers.sources import WALKED_SUFFIXES, iter_sources

TIMEOUT = 2.0

MINISTERS = [
    "The foreign ministers of Norway and Indonesia met in Oslo on Monday to prepare a joint "
    "initiative on maritime safety in the Strait of Malacca, both ministries said.",
    "The two sides agreed to set up a working group on search and rescue at sea.",
]
TRADE = [
    "Chile and Vietnam opened a new round of talks on a bilateral trade agreement in Santiago "
    "on Tuesday, the Chilean trade ministry said in a statement.",
    "A second round is planned in Hanoi in February, officials from both delegations said.",
]
TEXT = "Envoys from Ghana and Togo met in Lomé on Monday to settle a dispute over fishing rights."


def _page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
        f"<article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def _rss(*links: str) -> bytes:
    items = "".join(
        f"<item><title>Story {n}</title><link>{link}</link><guid>s-{n}</guid></item>"
        for n, link in enumerate(links, 1)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
        f"<link>http://news.example/</link>{items}</channel></rss>"
    ).encode()


class _Site:
    """A local web server: ``pages`` maps a path to (content type, body); ``ports`` records
    the client port of every request, to see which connections were used."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.ports: list[int] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (the http.server hook name)
                site.ports.append(self.client_address[1])
                kind, body = site.pages.get(self.path, ("text/plain", b""))
                self.send_response(200 if self.path in site.pages else 404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="module")
def site() -> Iterator[_Site]:
    site = _Site()
    html = "text/html; charset=utf-8"
    site.pages = {
        "/oslo": (html, _page("Ministers meet in Oslo", MINISTERS)),
        "/santiago": (html, _page("Trade talks open", TRADE)),
        "/a.rss": ("application/rss+xml", _rss(site.url("/oslo"))),
        "/b.rss": ("application/rss+xml", _rss(site.url("/santiago"), site.url("/oslo"))),
    }
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


def _warc(path: Path, gz: bool) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        page = _page("Trade talks open", TRADE)
        record = writer.create_warc_record(
            "https://news.example/santiago",
            "response",
            payload=io.BytesIO(page),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2024-10-08T11:42:10Z"},
        )
        writer.write_record(record)


def _read(sources: list[str], published: str | None = None) -> list[Article | InputError]:
    return list(iter_sources(sources, published, timeout=TIMEOUT))


def test_walked_suffixes() -> None:
    assert set(WALKED_SUFFIXES) == {
        *(".txt", ".json", ".jsonl", ".jsonl.gz", ".html", ".htm"),
        *(".warc", ".warc.gz", ".rss", ".atom"),
    }


def test_every_kind_of_source_in_order(site: _Site, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "crawl").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    _warc(folder / "crawl" / "cc-news.WARC.GZ", gz=True)
    (folder / "desk.rss").write_bytes(_rss(site.url("/oslo")))
    (folder / "feed.xml").write_bytes(_rss(site.url("/santiago")))
    (folder / "sitemap.xml").write_bytes(b'<?xml version="1.0"?><urlset><url/></urlset>')
    (folder / "note.txt").write_text(TEXT)
    (folder / "notes.md").write_text(TEXT)
    (folder / ".hidden" / "x.warc").write_bytes(b"not read")
    loose = tmp_path / "single.warc"
    _warc(loose, gz=False)
    wire = tmp_path / "wire.jsonl"
    wire.write_text(json.dumps({"id": "w1", "text": TEXT}) + "\n")
    missing = str(tmp_path / "nope.warc.gz")

    items = _read([site.url("/a.rss"), str(folder), str(loose), missing, str(wire)])

    assert [type(item) for item in items] == [Article] * 6 + [InputError, Article]
    assert [item.source for item in items] == [
        site.url("/a.rss"),
        str(folder / "desk.rss"),
        str(folder / "feed.xml"),
        str(folder / "note.txt"),
        str(folder / "crawl" / "cc-news.WARC.GZ"),
        str(loose),
        missing,
        f"{wire}:1",
    ]
    assert items[6] == InputError(missing, "no such file or directory")
    assert [item.url for item in items[:3]] == [
        site.url(p) for p in ("/oslo",) * 2 + ("/santiago",)
    ]
    warc_article = items[4]
    assert isinstance(warc_article, Article) and warc_article.record is not None
    assert warc_article.offset == 0 and warc_article.url == "https://news.example/santiago"


def test_one_http_client_for_all_feeds(site: _Site, tmp_path: Path) -> None:
    saved = tmp_path / "saved.atom"
    saved.write_bytes(_rss(site.url("/santiago")))  # the suffix decides; the content is RSS
    site.ports.clear()
    items = _read([site.url("/a.rss"), str(saved), site.url("/b.rss")])
    assert [type(item) for item in items] == [Article] * 4
    assert len(site.ports) == 6  # two feeds and four pages
    assert len(set(site.ports)) == 1  # all over one kept-alive connection of one client


def test_published_override_applies_to_every_reader(site: _Site, tmp_path: Path) -> None:
    archive = tmp_path / "a.warc"
    _warc(archive, gz=False)
    text = tmp_path / "a.txt"
    text.write_text(TEXT)
    items = _read([site.url("/a.rss"), str(archive), str(text)], published="2024-10-04")
    assert [item.published for item in items if isinstance(item, Article)] == ["2024-10-04"] * 3


def test_bad_published_is_refused_before_reading() -> None:
    with pytest.raises(ValueError, match="not a date"):
        iter_sources(["http://127.0.0.1:9/never-fetched.rss"], published="next Thursday")


def test_reader_crash_is_that_sources_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: str) -> Iterator[Article | InputError]:
        raise RuntimeError("reader bug")
        yield  # a generator, like the real reader

    monkeypatch.setattr(sources_module, "iter_warc", broken)
    archive = tmp_path / "a.warc"
    _warc(archive, gz=False)
    after = tmp_path / "after.txt"
    after.write_text(TEXT)
    items = _read([str(archive), str(after)])
    assert items[0] == InputError(
        str(archive), "internal error while reading: RuntimeError: reader bug"
    )
    assert isinstance(items[1], Article) and items[1].source == str(after)


def test_unreachable_feed_is_named(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed.rss"
    after = tmp_path / "after.txt"
    after.write_text(TEXT)
    items = _read([url, str(after)])
    assert isinstance(items[0], InputError) and items[0].source == url
    assert items[0].message.startswith("cannot connect")
    assert isinstance(items[1], Article)


def test_feed_file_named_explicitly_is_sniffed(site: _Site, tmp_path: Path) -> None:
    saved = tmp_path / "latest"  # no suffix: its head shows an RSS root
    saved.write_bytes(_rss(site.url("/oslo")))
    (article,) = _read([str(saved)])
    assert isinstance(article, Article) and article.source == str(saved)
    assert article.url == site.url("/oslo")
