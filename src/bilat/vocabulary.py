"""The closed vocabularies of the records (PLOVER event types, statuses, precisions, kinds of
agreement), apart from the pydantic models so that code needing only the words (queries, the
CLI) does not pay for importing pydantic."""

from __future__ import annotations

from typing import Literal

EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]

Status = Literal["occurred", "planned", "hypothetical"]
Precision = Literal["day", "month", "year"]
AgreementKind = Literal["treaty", "agreement", "mou", "contract", "deal", "declaration"]
