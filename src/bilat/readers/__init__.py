"""Readers: files, directories and stdin in; Articles (or named InputErrors) out, streamed.

Every input problem becomes an :class:`InputError` naming the input, so a batch run can count
and report what it skipped instead of stopping or silently dropping it.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO, cast

from bilat.article import Article, InputError
from bilat.readers.dateline import normalize_date
from bilat.readers.decode import MAX_CHARS
from bilat.readers.html import read_html, read_html_file
from bilat.readers.jsonfile import read_json_file, read_json_stream
from bilat.readers.text import read_text, read_text_file

__all__ = ["MAX_CHARS", "SUFFIXES", "Article", "InputError", "iter_articles"]

SUFFIXES = (".txt", ".json", ".jsonl", ".jsonl.gz", ".html", ".htm")
"""File suffixes read when walking a directory (case-insensitive)."""

STDIN = "-"
_STDIN_SOURCE = "<stdin>"
_SNIFF = 4096


def iter_articles(
    paths: Sequence[str], published: str | None = None
) -> Iterator[Article | InputError]:
    """Stream the articles in ``paths`` (files, directories, or ``-`` for stdin), in order.

    ``published`` replaces every article's publication (reference) date; it must be an ISO
    date or date-time, checked here, before anything is read (ValueError otherwise).
    """
    override = None
    if published is not None:
        override = normalize_date(published)
        if override is None:
            raise ValueError(f"not a date: {published!r} (expected e.g. 2024-10-03)")
    return _iter(paths, override)


def _iter(paths: Sequence[str], published: str | None) -> Iterator[Article | InputError]:
    for path in paths:
        for item in _read_path(path):
            if isinstance(item, Article) and published is not None:
                item.published = published
            yield item


def _read_path(path: str) -> Iterator[Article | InputError]:
    if path == STDIN:
        yield from _guarded(_STDIN_SOURCE, _read_stdin)
    elif os.path.isdir(path):
        for file in _walk(path):
            yield from _guarded(file, _read_file, file)
    elif os.path.exists(path):
        yield from _guarded(path, _read_file, path)
    else:
        yield InputError(path, "no such file or directory")


def _guarded(
    source: str, reader: Callable[..., Iterator[Article | InputError]], *args: str
) -> Iterator[Article | InputError]:
    """Run one input's reader; an unreadable file or an unexpected failure is that input's
    InputError, and the inputs after it are still read."""
    try:
        yield from reader(*args)
    except OSError as exc:
        yield InputError(source, f"cannot read: {exc.strerror or exc}")
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # a reader bug must not end a batch run; it is reported, named
        yield InputError(source, f"internal error while reading: {type(exc).__name__}: {exc}")


def _walk(root: str) -> Iterator[str]:
    """Files with a known suffix under ``root``, sorted, skipping hidden files and folders.

    Symlinked folders are not followed, so a link loop cannot make the walk endless.
    """
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                yield os.path.join(folder, name)


def _read_file(path: str) -> Iterator[Article | InputError]:
    lower = path.lower()
    if lower.endswith((".json", ".jsonl", ".jsonl.gz")):
        yield from read_json_file(path)
    elif lower.endswith((".html", ".htm")):
        yield read_html_file(path)
    elif lower.endswith(".txt"):
        yield read_text_file(path)
    else:  # named explicitly with another suffix: look at the content
        with open(path, "rb") as stream:
            yield from _read_sniffed(stream, path)


def _read_stdin() -> Iterator[Article | InputError]:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # stdin closed or replaced by a text-only object
        yield InputError(_STDIN_SOURCE, "stdin is not readable as bytes")
        return
    yield from _read_sniffed(stream, _STDIN_SOURCE)


def _read_sniffed(stream: BinaryIO, source: str) -> Iterator[Article | InputError]:
    """JSON (object or JSONL), HTML or plain text, told apart by the first visible byte."""
    buffered = stream if isinstance(stream, io.BufferedReader) else _buffer(stream)
    kind = sniff(buffered.peek(_SNIFF)[:_SNIFF])
    if kind == "json":
        yield from read_json_stream(buffered, source)
    elif kind == "html":
        yield read_html(buffered.read(), source)
    else:
        yield read_text(buffered, source)


def _buffer(stream: BinaryIO) -> io.BufferedReader:
    """Wrap a stream without ``peek`` (BytesIO, some pipes) so its head can be sniffed."""
    return io.BufferedReader(cast(io.RawIOBase, stream))


def sniff(head: bytes) -> str:
    """Classify an input without a telling suffix as "json", "html" or "text" by its head."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if start[:1] in (b"{", b"["):
        return "json"
    if start[:2] in (b"<!", b"<?") or (start[:1] == b"<" and start[1:2].isalpha()):
        return "html"
    return "text"
