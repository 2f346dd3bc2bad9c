"""Whether an event happened, is planned, or is only conditional or denied.

"Will visit", "is expected to sign", "plans to meet" and "the upcoming summit" are planned;
"if ... would impose", "could strike" are hypothetical, and so is anything negated ("did not
meet", "no agreement was signed"). Only events reported as having happened are ``occurred``.
"""

from __future__ import annotations

from typing import Any

_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_MODAL_AUX = {"could", "might", "may", "should", "must", "can", "would"}
_INTENT_HEADS = {
    "plan", "expect", "intend", "schedule", "hope", "want", "seek", "aim", "prepare", "set",
    "agree", "pledge", "promise", "vow", "decide", "offer", "propose", "invite", "wish", "ready",
    "going", "due", "likely", "consider", "discuss", "urge", "call", "ask", "threaten", "warn",
    "demand", "request", "push", "press",
}
# "refused to meet": the action did not happen (the refusal itself is a REJECT event)
_REFUSAL_HEADS = {"refuse", "decline", "reject", "fail", "avoid", "deny"}
_FUTURE_NOUN_MODS = {"upcoming", "planned", "forthcoming", "proposed", "future", "next",
                     "possible", "potential", "expected", "scheduled", "prospective",
                     "anticipated", "likely", "intended", "envisaged", "mooted"}
_PROPOSAL_NOUNS = {"proposal", "call", "request", "offer", "plan", "idea", "demand", "push",
                   "appeal", "invitation", "hope", "prospect", "possibility", "bid"}
_NEGATIONS = {"not", "n't", "never", "no", "neither", "nor", "without"}


def _aux_words(token: Any) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}}


def _negated(token: Any) -> bool:
    if any(c.dep_ == "neg" or (c.lower_ in {"no", "never"} and c.dep_ in {"det", "advmod"})
           for c in token.children):
        return True
    return token.dep_ == "pobj" and token.head.lower_ == "without"


def event_status(trigger: Any) -> tuple[str, bool]:
    """(status, negated) for a trigger token, from its own clause and the clauses above it."""
    token = trigger
    # A noun trigger takes the status of the verb it belongs to ("signed no agreement").
    if trigger.pos_ in {"NOUN", "PROPN"}:
        if any(c.lower_ in _FUTURE_NOUN_MODS for c in trigger.children):
            return "planned", False
        if _awaited(trigger):
            return "planned", False
        if trigger.dep_ == "pobj" and trigger.head.lower_ in {"for", "of"} and (
            trigger.head.head.lemma_.lower() in _PROPOSAL_NOUNS
        ):
            return "planned", False  # "a proposal for direct talks", "calls for a summit"
        if _negated(trigger):
            return "hypothetical", True
        token = trigger.head if trigger.dep_ in {"dobj", "nsubjpass", "nsubj", "attr"} else trigger
        if trigger.dep_ == "pobj" and trigger.head.dep_ == "prep":
            token = trigger.head.head  # "did not meet during the summit"
        if token.dep_ == "prep":
            token = token.head
    if _negated(token):
        return "hypothetical", True
    if token.dep_ == "xcomp" and _negated(token.head):
        return "hypothetical", True  # "are not expected to sign"
    if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "unless"}
                                     for m in c.children) for c in token.children):
        return "hypothetical", False  # "if Washington raises duties, the EU would impose ..."
    aux = _aux_words(token)
    if aux & _FUTURE_AUX:
        return "planned", False
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in token.children):
        return "hypothetical", False
    if aux & _MODAL_AUX:
        return ("planned", False) if "would" in aux and _reported_future(token) else (
            "hypothetical", False)
    # "agreed to visit", "is expected to sign": the action itself is still to come
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in _REFUSAL_HEADS:
        return "hypothetical", True
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in _INTENT_HEADS:
        return "planned", False
    if _under_intent(token):
        return "planned", False
    if token.dep_ == "xcomp" and token.head.lemma_.lower() == "be" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children
    ):
        return "planned", False  # "the WTO is to hold talks"
    if token.tag_ == "VBG" and any(c.lower_ in {"be", "is", "are", "am"} for c in token.children
                                   if c.dep_ == "aux") and _has_future_time(token):
        return "planned", False
    if token.dep_ in {"conj"} and token.head is not token:
        return event_status(token.head)
    return "occurred", False


_AHEAD_WORDS = {"ahead", "prior", "before", "preparation", "eve", "run-up", "preparations",
                "advance", "anticipation"}


def _awaited(noun: Any) -> bool:
    """"ahead of the visit", "on the eve of the summit", "in preparation for the talks"."""
    current = noun
    for _ in range(3):
        if current.head is current:
            return False
        current = current.head
        if current.lower_ in _AHEAD_WORDS:
            return True
    return False


def _under_intent(token: Any) -> bool:
    """"promised to sign documents to charge Mexico a tariff": an infinitive somewhere below a
    promise or plan is still to come."""
    current = token
    for _ in range(4):
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
        if not infinitive or current.dep_ not in {"xcomp", "acl", "relcl", "advcl"}:
            return False
        current = current.head
        while current.dep_ in {"dobj", "pobj", "prep"} and current.head is not current:
            current = current.head
        lemma = current.lemma_.lower()
        if lemma in _INTENT_HEADS or _aux_words(current) & _FUTURE_AUX:
            return True
    return False


def _reported_future(token: Any) -> bool:
    """"said it would impose tariffs" is a reported plan; "would have" is hypothetical."""
    return not any(c.lower_ == "have" for c in token.children if c.dep_ == "aux")


def _has_future_time(token: Any) -> bool:
    sent = token.sent.text.lower()
    return any(w in sent for w in ("next ", "tomorrow", "later this", "upcoming", "coming "))
