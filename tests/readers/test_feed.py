"""Feeds: each entry's page fetched from a local server and read; every failure is one named
InputError and the entries after it are still read."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from pages import ENVOYS, MINISTERS, TRADE, page

from bilat import __version__
from bilat.article import Article, InputError
from bilat.readers.feed import is_feed_file, iter_feed

TIMEOUT = 0.5  # seconds; the slow page takes longer

@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    location: str | None = None


@dataclass
class Site:
    """A local web server; ``routes`` maps a path to its response, ``seen`` logs requests."""

    base: str
    routes: dict[str, Route]
    seen: list[tuple[str, str, int]] = field(default_factory=list)  # path, User-Agent, port

    def url(self, path: str) -> str:
        return self.base + path


def _serve(routes: dict[str, Route]) -> Iterator[Site]:
    site = Site("", routes)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse is visible

        def do_GET(self) -> None:  # noqa: N802 (the http.server hook name)
            site.seen.append(
                (self.path, self.headers.get("User-Agent", ""), self.client_address[1])
            )
            route = site.routes.get(self.path, Route(b"nothing here", "text/plain", 404))
            time.sleep(route.delay)
            try:
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if route.location:
                    self.send_header("Location", route.location)
                self.end_headers()
                self.wfile.write(route.body)
            except OSError:  # the client gave up (the timeout test): nothing to answer
                self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def _rss(items: str, title: str = "Northern Desk: World") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{title}</title><link>http://news.example/</link>"
        f"<description>World news</description>{items}</channel></rss>"
    ).encode()


def _item(link: str | None, title: str, guid: str, date: str, extra: str = "") -> str:
    link_tag = f"<link>{link}</link>" if link else ""
    return (
        f"<item><title>{title}</title>{link_tag}"
        f'<guid isPermaLink="false">{guid}</guid><pubDate>{date}</pubDate>{extra}</item>'
    )


FULL_TEXT = "".join(f"<p>{p}</p>" for p in ENVOYS)

RSS_ITEMS = "".join(
    [
        _item("/news/oslo", "Oslo talks", "nd-1", "Mon, 07 Oct 2024 16:30:00 +0200"),
        _item("/news/gone", "Removed story", "nd-2", "Mon, 07 Oct 2024 17:00:00 +0200"),
        _item("/news/broken", "Broken story", "nd-3", "Mon, 07 Oct 2024 17:10:00 +0200"),
        _item("/news/slow", "Slow story", "nd-4", "Mon, 07 Oct 2024 17:20:00 +0200"),
        _item("/files/report.pdf", "Annual report", "nd-5", "Mon, 07 Oct 2024 17:30:00 +0200"),
        _item("/go/santiago", "Trade talks open", "nd-6", "Tue, 08 Oct 2024 09:15:00 -0300"),
        _item(
            None,
            "Ghana recalls envoy",
            "nd-7",
            "Wed, 09 Oct 2024 12:00:00 +0000",
            f"<content:encoded><![CDATA[{FULL_TEXT}]]></content:encoded>",
        ),
        _item(None, "Headline only", "nd-8", "Wed, 09 Oct 2024 13:00:00 +0000"),
    ]
)

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Northern Desk</title><id>tag:news.example,2024:feed</id>
  <updated>2024-10-09T12:00:00Z</updated>
  <entry>
    <title>Trade talks open in Santiago</title>
    <id>tag:news.example,2024:santiago</id>
    <link rel="alternate" type="text/html" href="/news/santiago"/>
    <link rel="enclosure" type="application/pdf" href="/files/report.pdf"/>
    <updated>2024-10-08T09:15:00-03:00</updated>
  </entry>
  <entry>
    <title>Ghana recalls envoy</title>
    <id>tag:news.example,2024:accra</id>
    <updated>2024-10-09T12:00:00Z</updated>
    <content type="html">%s</content>
  </entry>
</feed>
""" % FULL_TEXT.replace("<", "&lt;").replace(">", "&gt;").encode()

# an unescaped "&" makes this not XML; feedparser's lenient parser still finds the item
BOZO = _rss(_item("/news/oslo", "Oslo & Jakarta", "b-1", "Mon, 07 Oct 2024 16:30:00 +0200"))


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    routes = {
        "/rss.xml": Route(_rss(RSS_ITEMS), "application/rss+xml"),
        "/atom.xml": Route(ATOM, "application/atom+xml"),
        "/bozo.xml": Route(BOZO, "application/rss+xml"),
        "/garbage.xml": Route(b"\x00\x01\x02 ceci n'est pas un flux <<<", "application/rss+xml"),
        "/homepage": Route(page("Northern Desk", MINISTERS)),
        "/empty.xml": Route(_rss(""), "application/rss+xml"),
        "/slow-feed.xml": Route(_rss(""), "application/rss+xml", delay=1.5),
        "/news/oslo": Route(
            page(
                "Norway and Indonesia plan maritime safety initiative",
                MINISTERS,
                '<meta property="article:published_time" content="2024-10-07T18:05:00+02:00">',
            )
        ),
        "/news/broken": Route(b"<h1>Internal error</h1>", status=500),
        "/news/slow": Route(page("Slow", MINISTERS), delay=1.5),
        "/files/report.pdf": Route(b"%PDF-1.4 report", "application/pdf"),
        "/go/santiago": Route(status=302, location="/news/santiago"),
        "/news/santiago": Route(page("Chile and Vietnam open trade talks", TRADE)),
        "/big": Route(page("Long read", MINISTERS * 50)),
    }
    yield from _serve(routes)


def _read(location: str) -> list[Article | InputError]:
    return list(iter_feed(location, timeout=TIMEOUT))


def test_rss_entries_one_result_each(site: Site) -> None:
    feed = site.url("/rss.xml")
    items = _read(feed)
    assert len(items) == 8  # one per entry, in feed order

    oslo = items[0]
    assert isinstance(oslo, Article)
    assert oslo.url == site.url("/news/oslo")
    assert oslo.title == "Norway and Indonesia plan maritime safety initiative"  # the page's
    assert oslo.text == "\n\n".join(MINISTERS)
    assert oslo.published == "2024-10-07T18:05:00+02:00"  # the page's own timestamp
    assert oslo.record == "nd-1"
    assert oslo.source == feed
    assert oslo.retrieved is not None and oslo.retrieved.endswith("+00:00")

    assert items[1] == InputError(site.url("/news/gone"), "HTTP 404 Not Found")
    assert items[2] == InputError(site.url("/news/broken"), "HTTP 500 Internal Server Error")
    assert items[3] == InputError(site.url("/news/slow"), "timed out after 0.5 s")
    assert isinstance(items[4], InputError) and items[4].source == site.url("/files/report.pdf")
    assert items[4].message == "not an HTML page (content type application/pdf)"

    santiago = items[5]
    assert isinstance(santiago, Article)
    assert santiago.url == site.url("/news/santiago")  # where the redirect led
    assert santiago.published == "2024-10-08T09:15:00-03:00"  # no page date: the entry's
    assert santiago.record == "nd-6"

    accra = items[6]  # no link, but the full text in content:encoded
    assert isinstance(accra, Article)
    assert accra.text == "\n\n".join(ENVOYS)
    assert accra.url is None
    assert accra.title == "Ghana recalls envoy"
    assert accra.published == "2024-10-09T12:00:00+00:00"
    assert accra.record == "nd-7"
    assert accra.source == feed

    headline = items[7]
    assert headline == InputError(f"{feed}#nd-8", "entry has no http(s) link and no text")


def test_requests_carry_user_agent(site: Site) -> None:
    _read(site.url("/atom.xml"))
    agents = {agent for path, agent, _ in site.seen if path in ("/atom.xml", "/news/santiago")}
    assert agents == {f"bilat/{__version__}"}


def test_atom_feed(site: Site) -> None:
    feed = site.url("/atom.xml")
    items = _read(feed)
    assert len(items) == 2
    santiago, accra = items
    assert isinstance(santiago, Article)
    assert santiago.url == site.url("/news/santiago")  # the alternate link, not the enclosure
    assert santiago.record == "tag:news.example,2024:santiago"
    assert santiago.published == "2024-10-08T09:15:00-03:00"
    assert isinstance(accra, Article)  # its id (a tag: URI) is no link: the content is read
    assert accra.text == "\n\n".join(ENVOYS)
    assert accra.record == "tag:news.example,2024:accra"


def test_malformed_feed_with_entries_warns_and_reads_them(site: Site) -> None:
    feed = site.url("/bozo.xml")
    items = _read(feed)
    assert len(items) == 2
    warning, article = items
    assert isinstance(warning, InputError) and warning.source == feed
    assert warning.message.startswith("malformed feed (not well-formed XML at line 2, column")
    assert "1 entries read" in warning.message
    assert isinstance(article, Article) and article.url == site.url("/news/oslo")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/garbage.xml", "not well-formed XML at line 1"),
        ("/homepage", "not an RSS or Atom feed"),
        ("/empty.xml", "feed has no entries"),
        ("/no-such-feed.xml", "HTTP 404 Not Found"),
        ("/slow-feed.xml", "timed out after 0.5 s"),
    ],
)
def test_feed_without_entries_is_one_error(site: Site, path: str, message: str) -> None:
    items = _read(site.url(path))
    assert len(items) == 1
    assert isinstance(items[0], InputError) and items[0].source == site.url(path)
    assert items[0].message.startswith(message)


def test_connection_refused() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed.xml"
    (error,) = _read(url)
    assert isinstance(error, InputError) and error.source == url
    assert error.message.startswith("cannot connect")


def test_dns_failure_is_named() -> None:
    def unresolvable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    url = "https://no-such-host.example/feed.xml"
    with httpx.Client(transport=httpx.MockTransport(unresolvable)) as client:
        items = list(iter_feed(url, client=client))
    assert items == [InputError(url, "cannot connect: [Errno -2] Name or service not known")]


def test_too_largepage(site: Site, tmp_path: Path) -> None:
    saved = tmp_path / "desk.rss"
    saved.write_bytes(_rss(_item(site.url("/big"), "Long read", "big-1", "")))
    size = len(site.routes["/big"].body)
    (error,) = list(iter_feed(str(saved), timeout=TIMEOUT, max_bytes=size - 1))
    assert error == InputError(site.url("/big"), f"response larger than {size - 1} bytes")
    (article,) = list(iter_feed(str(saved), timeout=TIMEOUT, max_bytes=size))
    assert isinstance(article, Article)


def test_saved_feed_file(site: Site, tmp_path: Path) -> None:
    saved = tmp_path / "world.rss"
    items = _item(site.url("/news/oslo"), "Oslo talks", "s-1", "Mon, 07 Oct 2024 16:30:00 +0200")
    items += _item("/relative/page", "No base to resolve against", "s-2", "")
    saved.write_bytes(_rss(items))
    first, second = list(iter_feed(str(saved), timeout=TIMEOUT))
    assert isinstance(first, Article)
    assert first.source == str(saved) and first.record == "s-1"
    assert first.url == site.url("/news/oslo")
    assert second == InputError(f"{saved}#s-2", "entry has no http(s) link and no text")


def test_given_client_is_reused_and_left_open(site: Site) -> None:
    site.seen.clear()
    with httpx.Client() as client:
        list(iter_feed(site.url("/atom.xml"), client=client, timeout=TIMEOUT))
        list(iter_feed(site.url("/atom.xml"), client=client, timeout=TIMEOUT))
        assert not client.is_closed
    ports = {port for _, _, port in site.seen}
    assert len(site.seen) == 4 and len(ports) == 1  # one keep-alive connection for everything


@pytest.mark.parametrize(
    ("location", "message"),
    [("missing.rss", "cannot read"), ("ftp://news.example/feed.xml", "unsupported URL scheme")],
)
def test_unreadable_locations(tmp_path: Path, location: str, message: str) -> None:
    if not location.startswith("ftp"):
        location = str(tmp_path / location)
    (error,) = _read(location)
    assert isinstance(error, InputError) and error.source == location
    assert error.message.startswith(message)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("world.rss", b"", True),
        ("world.ATOM", b"", True),
        ("feed.xml", b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', True),
        ("feed.xml", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>', True),
        ("rdf.xml", b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"></rdf:RDF>', True),
        ("sitemap.xml", b'<?xml version="1.0"?><urlset><url/></urlset>', False),
        ("latest", b"\xef\xbb\xbf<rss version='2.0'><channel/></rss>", True),
        ("page.html", b"<html><body><feed>not a feed</feed></body></html>", False),
        ("notes.xml", b"The ministers said <rss is a prefix here.", False),
    ],
)
def test_is_feed_file(tmp_path: Path, name: str, content: bytes, expected: bool) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert is_feed_file(str(path)) is expected
