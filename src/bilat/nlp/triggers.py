"""Finding event triggers in a parsed sentence.

A trigger is a token whose lemma is in the lexicon with the right part of speech, whose phrase
continues as listed ("hold talks", "express support"), and whose sentence matches the entry's
``requires`` pattern (so "aid" counts only when aid is given, "call" only when it is a phone call).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bilat.knowledge.triggers import Trigger, load_lexicon

_POS = {"V": {"VERB", "AUX"}, "N": {"NOUN", "PROPN"}, "A": {"ADJ"}}
# Words allowed between the words of a phrase trigger: "expressed strong support"
_PHRASE_GAP = 3


@dataclass(frozen=True)
class TriggerMatch:
    token: Any  # spaCy Token of the head word
    trigger: Trigger
    end_token: Any  # last token of the phrase


def _lemma(token: Any) -> str:
    return str(token.lemma_).lower()


def _phrase_end(token: Any, trigger: Trigger) -> Any | None:
    """The last token of a multi-word trigger starting at ``token``, allowing short gaps."""
    current = token
    doc = token.doc
    for word in trigger.words[1:]:
        found = None
        for i in range(current.i + 1, min(len(doc), current.i + 1 + _PHRASE_GAP)):
            if _lemma(doc[i]) == word or doc[i].lower_ == word:
                found = doc[i]
                break
        if found is None:
            return None
        current = found
    return current


def find_triggers(span: Any) -> list[TriggerMatch]:
    lexicon = load_lexicon()
    lowered = span.text.lower()
    matches: list[TriggerMatch] = []
    used: set[int] = set()
    for token in span:
        if token.i in used:
            continue
        candidates = lexicon.candidates(_lemma(token)) or lexicon.candidates(token.lower_)
        best: TriggerMatch | None = None
        for trigger in candidates:
            if trigger.pos != "*" and token.pos_ not in _POS[trigger.pos]:
                continue
            end = _phrase_end(token, trigger) if len(trigger.words) > 1 else token
            if end is None:
                continue
            if trigger.requires is not None and not trigger.requires.search(lowered):
                continue
            if best is None or len(trigger.words) > len(best.trigger.words):
                best = TriggerMatch(token, trigger, end)
        if best is not None:
            matches.append(best)
            used.update(range(best.token.i, best.end_token.i + 1))
    return matches
