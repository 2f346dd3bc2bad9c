"""Merging keys: what two reports must share to be candidates for the same event or agreement.

Kept as columns (``events.actor_key``, ``agreements.party_key``/``topic_key``) so that finding a
report's candidates is one index lookup, whatever the size of the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bilat.schema import Actor

_NOT_TOPIC = re.compile(r"[^a-z0-9 ]+")


def actor_key(actors: Iterable[Actor]) -> str:
    """Distinct countries (else names) of both sides, sorted: 'AZE|BLR'.

    Direction is left out on purpose: "A met B" and "B hosted A" report one meeting.
    """
    return "|".join(sorted({a.country or a.name for a in actors}))


def party_key(parties: Iterable[str]) -> str:
    return "|".join(sorted({p for p in parties if p}))


def topic_key(topic: str) -> str:
    """Case, punctuation and spacing removed: 'Visa-free travel' ~ 'visa free travel'."""
    return " ".join(_NOT_TOPIC.sub(" ", topic.casefold()).split())
