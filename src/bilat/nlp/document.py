"""The analysed article that NLP components read and enrich.

Components are plain functions over these objects so each can be tested on hand-made sentences
without loading spaCy: a test builds a ``Sentence`` with its ``actors`` and ``dates`` and calls the
component.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from bilat.article import Article

ActorKind = Literal["country", "demonym", "capital", "igo", "person", "org", "reference"]
Precision = Literal["day", "month", "year"]


@dataclass
class ActorMention:
    """A span of text that stands for a state or international body.

    ``kind`` says how it was recognised: a country name, a demonym ("Belarusian"), a capital used
    for its government ("Moscow said"), an international body, a named official, or a reference
    resolved from context ("his counterpart", "both sides").
    """

    start: int
    end: int
    text: str
    code: str  # ISO alpha-3 or UNO/EUR/IGO/NGO/MNC
    kind: ActorKind
    person: str | None = None
    role: str | None = None
    sector: str | None = None


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    value: str | None  # "2024-10-03", "2023-05", "2023"; None when it cannot be resolved
    precision: Precision | None
    resolution: str  # explicit | relative | weekday | unresolved
    is_range_start: bool = False


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    index: int = 0
    actors: list[ActorMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    span: Any = None  # spaCy Span when the sentence was parsed, else None
    candidate: bool = False  # parsed: a trigger word near an actor, or an office title and name


@dataclass
class Document:
    article: Article
    published: dt.date | None
    sentences: list[Sentence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.article.text
