"""WARC archives (.warc, .warc.gz; e.g. Common Crawl CC-NEWS): each HTML response, read as a page.

Requests, metadata, warcinfo, redirects, error pages and non-HTML responses are not articles,
so they are passed over without a message. A damaged archive cannot be read past the damage:
the articles before it are kept and one InputError says at which byte reading stopped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from bilat.article import Article, InputError
from bilat.readers import sniff
from bilat.readers.dateline import normalize_date
from bilat.readers.decode import MAX_CHARS
from bilat.readers.html import read_html

__all__ = ["MAX_PAGE_BYTES", "WARC_SUFFIXES", "is_warc_file", "iter_warc"]

WARC_SUFFIXES = (".warc", ".warc.gz")

MAX_PAGE_BYTES = 8 * MAX_CHARS
"""Largest page payload read, the same cap as a page fetched for a feed (see readers.feed)."""

HTML_TYPES = ("text/html", "application/xhtml+xml")
_TAIL = 4096
_WHOLE_GZIP = "non-chunked gzip"  # in warcio's message for a file gzipped as one stream
_WHOLE_GZIP_MESSAGE = (
    "gzipped as one stream, not one gzip member per record, so only its first record could"
    " be read; `warcio recompress` rewrites it record by record"
)


class _Archive(ArchiveIterator):
    """warcio prints a warning when a record is followed by something other than blank lines
    (a wrong Content-Length or stray bytes); ``err_count`` is checked instead."""

    INC_RECORD = ""


def is_warc_file(path: str) -> bool:
    """A WARC archive by its name (.warc or .warc.gz, any case)."""
    return path.lower().endswith(WARC_SUFFIXES)


def iter_warc(path: str, *, max_bytes: int = MAX_PAGE_BYTES) -> Iterator[Article | InputError]:
    """Articles from the HTML responses in the WARC file at ``path``, in file order."""
    try:
        with open(path, "rb") as stream:
            yield from _read_archive(stream, path, max_bytes)
    except OSError as exc:  # reading errors inside the archive are reported by _read_archive
        yield InputError(path, f"cannot read: {exc.strerror or exc}")


def _read_archive(stream: BinaryIO, path: str, max_bytes: int) -> Iterator[Article | InputError]:
    archive = _Archive(stream)
    end = 0  # where the last whole record ended: the next one starts (or reading stops) here
    records = 0
    try:
        for record in archive:
            data = _page_data(record, max_bytes)  # read before the offset: that finishes it
            offset = archive.get_record_offset()
            broken = _broken(record)
            if broken:
                yield _stopped(path, offset, broken, records)
                return
            if archive.err_count:  # its Content-Length is wrong, so its content may be too
                yield _stopped(path, offset, "record length does not match its data", records)
                return
            records += 1
            end = offset + archive.get_record_length()
            if data is not None:
                yield _article(record, data, path, offset)
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # warcio and zlib on damaged bytes: report where, never crash
        if _WHOLE_GZIP in str(exc):
            yield InputError(path, _WHOLE_GZIP_MESSAGE)
        else:
            yield _stopped(path, end, _reason(exc), records)
        return
    stream.seek(end)
    if stream.read(_TAIL).strip():  # warcio ends quietly at a record cut inside its headers
        yield _stopped(path, end, "incomplete record at the end of the file", records)
    elif not records:
        yield InputError(path, "empty file")


def _broken(record: Any) -> str | None:
    """Why a record warcio returned is not whole. At the end of the input warcio hands back
    whatever it got, a record cut inside its headers included, without complaint."""
    length = record.rec_headers.get_header("Content-Length") or ""
    if not record.rec_type or not length.strip().isdigit():
        return "record without WARC-Type or Content-Length"
    missing = getattr(record.raw_stream, "limit", 0)
    return f"record cut short, {missing} bytes missing" if missing else None


def _page_data(record: Any, max_bytes: int) -> bytes | str | None:
    """The decoded payload of a 2xx HTML response, or why it cannot be had (a str); None for
    any other record."""
    headers = record.http_headers
    if record.rec_type != "response" or headers is None:
        return None
    try:
        status = int(headers.get_statuscode())
    except (TypeError, ValueError):
        return None
    if not 200 <= status < 300:
        return None
    media = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if media and media not in HTML_TYPES:
        return None
    try:
        data = record.content_stream().read(max_bytes + 1)
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # a bad gzip or chunked body inside an intact record
        return f"cannot decode the page: {_reason(exc)}"
    if len(data) > max_bytes:
        return f"page larger than {max_bytes} bytes"
    if not media and sniff(data[:_TAIL]) != "html":
        return None
    return data  # type: ignore[no-any-return]


def _article(record: Any, data: bytes | str, path: str, offset: int) -> Article | InputError:
    """``data`` read as a page; a failure is named ``path@offset``, with the page's URI."""
    name = f"{path}@{offset}"
    uri = record.rec_headers.get_header("WARC-Target-URI")
    item = read_html(data, name) if isinstance(data, bytes) else InputError(name, data)
    if isinstance(item, InputError):
        return InputError(name, f"{item.message} ({uri})" if uri else item.message)
    stamp = record.rec_headers.get_header("WARC-Date") or ""
    retrieved = normalize_date(stamp)
    item.url = uri or item.url
    item.record = record.rec_headers.get_header("WARC-Record-ID")
    item.offset = offset
    item.retrieved = retrieved
    item.published = item.published or (retrieved[:10] if retrieved else None)
    item.source = path
    return item


def _stopped(path: str, offset: int, reason: str, records: int) -> InputError:
    if not records:
        return InputError(path, f"not a readable WARC file: {reason}")
    return InputError(path, f"truncated or corrupt at byte {offset}, reading stopped: {reason}")


def _reason(exc: BaseException) -> str:
    """The first line of the message (warcio's gzip error is a screenful), else the type."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = "".join(c if c.isprintable() else "?" for c in lines[0][:80]) if lines else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
