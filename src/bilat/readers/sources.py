"""Every kind of source in one stream: feeds (URLs and saved files), WARC archives, and the
files, folders and stdin ``iter_articles`` reads.

One HTTP client serves every feed of a run, opened by the first one, so connections to the
same site are reused across entries and feeds.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

import httpx

from bilat.article import Article, InputError
from bilat.readers import STDIN, SUFFIXES, _guarded, iter_articles
from bilat.readers.dateline import normalize_date
from bilat.readers.feed import (
    DEFAULT_TIMEOUT,
    FEED_SUFFIXES,
    is_feed_file,
    is_url,
    iter_feed,
    open_client,
)
from bilat.readers.warc import WARC_SUFFIXES, is_warc_file, iter_warc

__all__ = ["WALKED_SUFFIXES", "iter_sources"]

WALKED_SUFFIXES = (*SUFFIXES, *WARC_SUFFIXES, *FEED_SUFFIXES)
"""File suffixes read when walking a folder (case-insensitive); ``.xml`` too if it is a feed."""


def iter_sources(
    sources: Sequence[str], published: str | None = None, *, timeout: float = DEFAULT_TIMEOUT
) -> Iterator[Article | InputError]:
    """Stream the articles of ``sources``: http(s) feed URLs, feed files, .warc(.gz) files,
    folders holding any of these or the files iter_articles reads, and ``-`` for stdin.

    ``published`` replaces every article's publication date, as in iter_articles (checked
    here, before anything is read: ValueError if it is not a date). ``timeout`` is in seconds,
    for connecting and for each read of every HTTP request.
    """
    override = None
    if published is not None:
        override = normalize_date(published)
        if override is None:
            raise ValueError(f"not a date: {published!r} (expected e.g. 2024-10-03)")
    return _iter(sources, override, timeout)


def _iter(
    sources: Sequence[str], published: str | None, timeout: float
) -> Iterator[Article | InputError]:
    with _Feeds(timeout) as feeds:
        for source in sources:
            for item in _read_source(source, feeds):
                if isinstance(item, Article) and published is not None:
                    item.published = published
                yield item


class _Feeds:
    """Reads feeds with the run's one HTTP client, opened when the first feed is read."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._client: httpx.Client | None = None

    def __enter__(self) -> _Feeds:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()

    def read(self, location: str) -> Iterator[Article | InputError]:
        if self._client is None:
            self._client = open_client(self.timeout)
        return iter_feed(location, client=self._client, timeout=self.timeout)


def _read_source(source: str, feeds: _Feeds) -> Iterator[Article | InputError]:
    if is_url(source):
        yield from _guarded(source, feeds.read, source)
    elif source == STDIN:
        yield from iter_articles([source])
    elif os.path.isdir(source):
        for path in _walk(source):
            yield from _read_file(path, feeds)
    elif os.path.exists(source):
        yield from _read_file(source, feeds)
    else:
        yield InputError(source, "no such file or directory")


def _read_file(path: str, feeds: _Feeds) -> Iterator[Article | InputError]:
    if is_warc_file(path):
        yield from _guarded(path, iter_warc, path)
    elif is_feed_file(path):
        yield from _guarded(path, feeds.read, path)
    else:
        yield from iter_articles([path])


def _walk(root: str) -> Iterator[str]:
    """Like readers._walk (sorted, hidden entries and symlinked folders skipped), with
    archives and feeds; a ``.xml`` file is taken only if its head shows a feed."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = os.path.join(folder, name)
            lower = name.lower()
            if name.startswith("."):
                continue
            if lower.endswith(WALKED_SUFFIXES) or (lower.endswith(".xml") and is_feed_file(path)):
                yield path
