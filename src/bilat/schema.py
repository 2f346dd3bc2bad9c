"""The output records, defined once.

Everything that leaves bilat (CLI JSON, JSON Schema from ``bilat schema``, later the database,
API and exports) derives from these models, so a field renamed here is renamed everywhere.
Field names follow PLOVER where PLOVER has one (type, mode, contexts, actor country, sector).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bilat.vocabulary import EVENT_TYPES, AgreementKind, EventType, Precision, Status

__all__ = [
    "EVENT_TYPES", "Actor", "Agreement", "AgreementKind", "ArticleMeta", "Event", "EventType",
    "Evidence", "Extraction", "Figure", "Location", "Mention", "Person", "Precision", "Record",
    "Status", "json_schema",
]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(Record):
    """Where in the stored article text a record is justified: ``text == article[start:end]``."""

    start: int
    end: int
    text: str


class Actor(Record):
    """One side of an event as it is named in the text."""

    name: str = Field(description="The words of the text at start:end that name the actor "
                      "(the code when the actor is only implied); see person for the full name")
    country: str | None = Field(
        description="ISO 3166-1 alpha-3, or PLOVER's UNO/EUR/IGO/NGO/MNC for bodies"
    )
    sector: str | None = Field(default=None, description="PLOVER sector code (GOV, MIL, ...)")
    person: str | None = Field(default=None, description="Full name when a named official")
    role: str | None = Field(default=None, description="That official's office as the text "
                             "writes it (Defense Secretary, External Affairs Minister)")
    start: int | None = None
    end: int | None = None


class Location(Record):
    name: str
    country: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    start: int | None = None
    end: int | None = None


class Event(Record):
    id: str = Field(description="Stable within the article: article id + ordinal")
    type: EventType
    mode: str | None = None
    contexts: list[str] = Field(default_factory=list)
    cameo: str | None = None
    goldstein: float | None = Field(default=None, description="Goldstein score of the CAMEO code")
    plover_score: float | None = Field(
        default=None, description="PLOVER manual score of the type (and mode)"
    )
    source: list[Actor]
    target: list[Actor]
    date: str | None = Field(default=None, description="ISO date at its precision")
    date_precision: Precision | None = None
    date_resolution: str | None = Field(
        default=None,
        description="How the date was found: explicit, relative, weekday, inherited (from the "
        "story's lead event), published (reported as current news), unresolved (a relative date "
        "without a reference date), or none",
    )
    date_text: str | None = None
    location: Location | None = None
    status: Status = "occurred"
    negated: bool = False
    evidence: Evidence
    trigger: Evidence | None = None
    mentions: list[Evidence] = Field(
        default_factory=list, description="Other passages reporting the same interaction"
    )
    confidence: float = Field(
        default=0.5,
        description="0-1: 0.7 for actors found in the sentence, 0.45 for an implied pair, "
        "raised a little by each further report of the same event"
    )


class Mention(Record):
    start: int
    end: int


class Person(Record):
    name: str = Field(description="Fullest form of the name in the article")
    role: str | None = Field(default=None, description="The office as the text writes it")
    office: str | None = Field(
        default=None, description="Normalised office (Foreign Minister, Prime Minister...)"
    )
    country: str | None = None
    source: Literal["text", "knowledge-base", "corpus"] = "text"
    mentions: list[Mention] = Field(default_factory=list)


class Agreement(Record):
    topic: str
    kind: AgreementKind
    parties: list[str]
    date: str | None = None
    date_precision: Precision | None = None
    location: Location | None = None
    status: Status = "occurred"
    evidence: Evidence


class Figure(Record):
    indicator: str
    value: float
    unit: str
    period: str | None = None
    countries: list[str] = Field(default_factory=list)
    evidence: Evidence


class ArticleMeta(Record):
    id: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = Field(default=None, description="ISO 8601, with zone where known")
    language: str | None = "en"
    source: str | None = Field(default=None, description="File (and line) it was read from")
    text_length: int
    extractor_version: str


class Extraction(Record):
    article: ArticleMeta
    events: list[Event] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def json_schema() -> dict[str, Any]:
    """JSON Schema of one extraction result (what ``bilat schema`` prints)."""
    schema = Extraction.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "bilat extraction"
    return schema
