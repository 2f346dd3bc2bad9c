"""The input unit: one article as the readers hand it to the extractor."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def content_id(text: str) -> str:
    """Content hash used as the article id when the source gives none (stable across runs)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    text: str
    id: str = ""
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 as known: date, or date-time with zone
    dateline_place: str | None = None  # "MINSK" from "MINSK, Oct 3 (Reuters) -"
    language: str | None = "en"
    source: str | None = None  # file path (and ":line" for JSONL) it came from
    record: str | None = None  # the record within the source: WARC-Record-ID, feed entry id
    offset: int | None = None  # byte offset of that record in the source file (WARC)
    retrieved: str | None = None  # ISO 8601 time the page was fetched (WARC-Date, feed fetch)
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)


@dataclass
class InputError:
    """A bad input: named, explained, counted, never silently dropped."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"
