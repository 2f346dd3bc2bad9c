"""RSS and Atom feeds: each entry's linked page, fetched and read like a saved HTML page.

feedparser only parses; every byte is fetched here with httpx, so timeouts, the size cap and
the wording of network errors are ours and the same for feeds and pages. A feed entry yields
exactly one Article or InputError, so a run's counts reconcile with the feed. Entries without
a link that carry their full text (``content:encoded``, Atom ``<content>``) are read from it.
"""

from __future__ import annotations

import calendar
import html
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.sax import SAXParseException

import feedparser
import httpx

from bilat import __version__
from bilat.article import Article, InputError
from bilat.readers import SUFFIXES
from bilat.readers.dateline import normalize_date
from bilat.readers.decode import MAX_CHARS
from bilat.readers.html import NO_TEXT, read_html

__all__ = [
    "FEED_SUFFIXES",
    "MAX_PAGE_BYTES",
    "USER_AGENT",
    "is_feed_file",
    "is_url",
    "iter_feed",
    "open_client",
]

FEED_SUFFIXES = (".rss", ".atom")
"""Suffixes that are feeds whatever their content; ``.xml`` files are feeds if they sniff so."""

MAX_PAGE_BYTES = 8 * MAX_CHARS
"""Largest feed or page downloaded. The longest text kept (MAX_CHARS) takes up to 4 bytes a
character as UTF-8; the other half is room for markup. Larger responses are an InputError."""

USER_AGENT = f"bilat/{__version__}"
DEFAULT_TIMEOUT = 10.0
HTML_TYPES = ("text/html", "application/xhtml+xml")

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")
_HEAD = 4096
_XML_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml")
# feedparser flags these, but the document was parsed as a feed all the same: a server that
# labels a feed text/plain, or declares us-ascii for UTF-8, has lost no entry.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


@dataclass
class _Download:
    data: bytes
    url: str  # final URL, after redirects
    content_type: str
    retrieved: str  # ISO 8601 UTC


def open_client(timeout: float = DEFAULT_TIMEOUT) -> httpx.Client:
    """The HTTP client feeds and pages are fetched with; one serves a whole run."""
    return httpx.Client(
        headers={"User-Agent": USER_AGENT},
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
    )


def is_url(location: str) -> bool:
    return location.lower().startswith(("http://", "https://"))


def is_feed_file(path: str) -> bool:
    """A saved feed: ``.rss``/``.atom``, or a file whose head opens an RSS, Atom or RDF root.

    Article suffixes (.html, .json, ...) are never sniffed: a page quoting ``<feed`` stays a page.
    """
    lower = path.lower()
    if lower.endswith(FEED_SUFFIXES):
        return True
    if lower.endswith(SUFFIXES) or not os.path.isfile(path):
        return False
    try:
        with open(path, "rb") as stream:
            head = stream.read(_HEAD)
    except OSError:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"<" and bool(_FEED_ROOT.search(head))


def iter_feed(
    location: str,
    *,
    client: httpx.Client | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_PAGE_BYTES,
) -> Iterator[Article | InputError]:
    """Articles for the entries of the feed at ``location`` (an http(s) URL or a saved file).

    Pass ``client`` to share one connection pool across feeds; ``timeout`` (seconds, for
    connecting and for each read) applies to every request either way.
    """
    if client is None:
        with open_client(timeout) as own:
            yield from _read_feed(location, own, timeout, max_bytes)
    else:
        yield from _read_feed(location, client, timeout, max_bytes)


def _read_feed(
    location: str, client: httpx.Client, timeout: float, max_bytes: int
) -> Iterator[Article | InputError]:
    loaded = _load(location, client, timeout, max_bytes)
    if isinstance(loaded, InputError):
        yield loaded
        return
    data, headers, retrieved = loaded
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # feedparser on arbitrary bytes: report, never crash
        yield InputError(location, f"feed parsing failed: {type(exc).__name__}: {exc}")
        return
    entries = parsed.get("entries") or []
    problem = _bozo(parsed, data)
    if not entries:
        if problem is None:
            problem = "feed has no entries" if parsed.get("version") else "not an RSS or Atom feed"
        yield InputError(location, problem)
        return
    if problem is not None:
        yield InputError(location, f"malformed feed ({problem}); {len(entries)} entries read")
    for number, entry in enumerate(entries, 1):
        yield _read_entry(entry, number, location, client, timeout, max_bytes, retrieved)


def _load(
    location: str, client: httpx.Client, timeout: float, max_bytes: int
) -> tuple[bytes, dict[str, str], str | None] | InputError:
    """The feed's bytes, the headers feedparser resolves links and encodings by, fetch time."""
    if is_url(location):
        got = _fetch(client, location, timeout, max_bytes)
        if isinstance(got, InputError):
            return got
        headers = {"content-location": got.url, "content-type": got.content_type}
        return got.data, headers, got.retrieved
    if re.match(r"[a-z][a-z0-9+.-]*://", location, re.I):
        return InputError(location, "unsupported URL scheme (expected http or https)")
    try:
        with open(location, "rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        return InputError(location, f"cannot read: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return InputError(location, f"feed larger than {max_bytes} bytes")
    if not data.strip():
        return InputError(location, "empty file")
    return data, {}, None


def _read_entry(
    entry: Any,
    number: int,
    feed: str,
    client: httpx.Client,
    timeout: float,
    max_bytes: int,
    feed_retrieved: str | None,
) -> Article | InputError:
    link = _entry_link(entry)
    if link is None:
        item = _from_entry_text(entry, f"{feed}#{_string(entry.get('id')) or number}")
        retrieved = feed_retrieved
    else:
        page = _fetch(client, link, timeout, max_bytes, html_only=True)
        if isinstance(page, InputError):
            return page
        item = read_html(page.data, link)
        if isinstance(item, Article):
            item.url = page.url
        retrieved = page.retrieved
    if isinstance(item, InputError):
        return item
    item.title = item.title or _string(entry.get("title"))
    item.published = item.published or _entry_date(entry)
    item.record = _string(entry.get("id"))
    item.retrieved = retrieved
    item.source = feed
    return item


def _entry_link(entry: Any) -> str | None:
    """The entry's web page. Atom entries without one get their id (often ``tag:``) as
    ``link`` from feedparser, which is not a page, hence the http(s) test."""
    hrefs = [
        link.get("href")
        for link in entry.get("links") or []
        if link.get("rel", "alternate") == "alternate"
    ]
    for href in [*hrefs, entry.get("link")]:
        if isinstance(href, str) and is_url(href.strip()):
            return href.strip()
    return None


def _from_entry_text(entry: Any, name: str) -> Article | InputError:
    """A full-text entry: the longest of its contents and summary, read as an HTML page."""
    parts = [*(entry.get("content") or []), entry.get("summary_detail") or {}]
    texts = [
        (str(part.get("value") or ""), str(part.get("type") or "text/html"))
        for part in parts
        if str(part.get("value") or "").strip()
    ]
    if not texts:
        return InputError(name, "entry has no http(s) link and no text")
    value, kind = max(texts, key=lambda text: len(text[0]))
    if "html" not in kind:  # plain text: blank-line paragraphs become <p>
        value = "".join(f"<p>{html.escape(p)}</p>" for p in re.split(r"\n\s*\n", value))
    page = f"<!DOCTYPE html><html><body><article>{value}</article></body></html>"
    item = read_html(page.encode("utf-8"), name)
    if isinstance(item, InputError) and item.message == NO_TEXT:
        return InputError(
            name, "entry has no http(s) link, and its text is too short for an article"
        )
    return item


def _entry_date(entry: Any) -> str | None:
    """The entry's own date with its stated zone; feedparser's parsed form (UTC) otherwise."""
    for key in ("published", "updated", "created"):
        # dict.get: feedparser's own get answers "updated" with "published" (and warns)
        raw = dict.get(entry, key)
        if isinstance(raw, str) and (iso := normalize_date(raw)):
            return iso
        parsed = dict.get(entry, f"{key}_parsed")
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
            except (TypeError, ValueError, OverflowError, OSError):
                continue
    return None


def _fetch(
    client: httpx.Client, url: str, timeout: float, max_bytes: int, *, html_only: bool = False
) -> _Download | InputError:
    """GET ``url`` into memory, up to ``max_bytes``; every failure is ``url``'s InputError."""
    retrieved = datetime.now(UTC).isoformat(timespec="seconds")
    too_large = InputError(url, f"response larger than {max_bytes} bytes")
    try:
        with client.stream("GET", url, timeout=timeout, follow_redirects=True) as response:
            if response.status_code >= 400:
                return InputError(url, f"HTTP {response.status_code} {response.reason_phrase}")
            content_type = response.headers.get("content-type", "")
            media = content_type.split(";")[0].strip().lower()
            if html_only and media and media not in HTML_TYPES:
                return InputError(url, f"not an HTML page (content type {media})")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                return too_large
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():  # decoded, so a gzip bomb is capped too
                size += len(chunk)
                if size > max_bytes:
                    return too_large
                chunks.append(chunk)
            return _Download(b"".join(chunks), str(response.url), content_type, retrieved)
    except httpx.TimeoutException:
        return InputError(url, f"timed out after {timeout:g} s")
    except httpx.ConnectError as exc:
        return InputError(url, f"cannot connect: {_reason(exc)}")
    except httpx.TooManyRedirects:
        return InputError(url, "too many redirects")
    except httpx.HTTPError as exc:
        return InputError(url, f"download failed: {_reason(exc)}")
    except httpx.InvalidURL as exc:
        return InputError(url, f"invalid URL: {exc}")


def _bozo(parsed: Any, data: bytes) -> str | None:
    """What was wrong with a feed feedparser had to recover from, or None if nothing was."""
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    if isinstance(exc, _HARMLESS):
        return None
    if isinstance(exc, SAXParseException):
        # feedparser puts an XML declaration on a line of its own before a feed without one
        line = (exc.getLineNumber() or 1) - (0 if _XML_DECLARATION.match(data) else 1)
        where = f"line {max(line, 1)}, column {exc.getColumnNumber()}"
        return f"not well-formed XML at {where}: {exc.getMessage()}"
    return _reason(exc) if isinstance(exc, BaseException) else "not well-formed"


def _reason(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__


def _string(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
