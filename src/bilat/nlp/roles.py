"""Who did what to whom: source and target actors of a trigger, from the dependency tree.

The subject side of the trigger's clause is the source; objects and the prepositional phrases
"with", "to", "against", "on" are the target. Nouns take their possessor or "by/of" phrase as
source ("Lukashenko's visit", "sanctions by the EU") and "to/with/on/against" as target. Actors
left over go by their side of the trigger, and symmetric meetings with all actors on one side
("Tokayev and Mirziyoyev met") are split into first and the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bilat.nlp.document import ActorMention

_SUBJECT_DEPS = {"nsubj", "csubj", "expl"}
_PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
_OBJECT_DEPS = {"dobj", "dative", "attr", "oprd", "obj"}
_TARGET_PREPS = {"with", "to", "against", "on", "upon", "toward", "towards", "at", "into",
                 "for", "from", "over", "in"}
_IN_TARGET_VERBS = {"invest", "intervene", "interfere", "meddle", "participate", "deploy",
                    "station", "arrest", "detain", "jail", "strike", "attack", "bomb", "shell",
                    "raid", "invade"}
_REASON_PREPS = {"for", "over", "after", "despite"}
_SOURCE_PREPS_FOR_NOUNS = {"by", "of", "from", "between"}
# Clause links through which a trigger borrows the subject of its head: "agreed to visit",
# "met and discussed", "said it would impose".
_INHERIT_DEPS = {"xcomp", "conj", "advcl", "acl", "relcl", "pcomp"}


@dataclass
class Roles:
    source: list[ActorMention] = field(default_factory=list)
    target: list[ActorMention] = field(default_factory=list)


def clause_head(token: Any) -> Any:
    """The verb heading the clause a trigger belongs to (the trigger itself for verbs)."""
    current = token
    for _ in range(6):
        if current.pos_ in {"VERB", "AUX"} or current.head is current:
            return current
        current = current.head
    return current


def _subtree_range(token: Any) -> tuple[int, int]:
    """Character range (absolute in the spaCy doc) of a token's subtree."""
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right.text)


# Clauses hanging off a noun say something else about it ("the warship, which sank off Sri
# Lanka"); actors inside them are not the event's.
_CLAUSAL = {"relcl", "advcl", "ccomp", "parataxis"}


def _actors_in(
    token: Any, actors: list[ActorMention], offset: int, strict: bool = False
) -> list[ActorMention]:
    start, end = _subtree_range(token)
    inside = [a for a in actors if start + offset <= a.start and a.end <= end + offset]
    if not inside:
        return inside
    pruned = [_subtree_range(c) for t in token.subtree for c in t.children
              if c.dep_ in _CLAUSAL and c is not token]
    kept = [
        a for a in inside
        if not any(s + offset <= a.start and a.end <= e + offset for s, e in pruned)
    ]
    if strict:
        return kept
    return kept or inside  # a clause that holds the only actor is the way the text names it


def _subject_tokens(verb: Any) -> tuple[list[Any], bool]:
    """Subject tokens of a verb, climbing to heads for xcomp/conj; True when passive."""
    current = verb
    for _ in range(6):
        if current.pos_ in {"NOUN", "PROPN"} and current.dep_ in {"pobj", "dobj"}:
            # "acted with conviction to impose tariffs": through the noun to its verb
            current = current.head.head if current.dep_ == "pobj" else current.head
            if current.pos_ not in {"VERB", "AUX"}:
                break
        subjects = [c for c in current.children if c.dep_ in _SUBJECT_DEPS]
        passive = [c for c in current.children if c.dep_ in _PASSIVE_SUBJECT_DEPS]
        if subjects:
            return subjects, False
        if passive:
            # "X is expected to sign": the passive subject above is the one who signs
            return passive, current is verb
        if current.dep_ == "acl" and current.head.pos_ == "PROPN" and current.tag_ == "VBG":
            return [current.head], False  # "Mr Straw, visiting Beijing, ...": Straw visits
        if current.dep_ in _INHERIT_DEPS and current.head is not current:
            current = current.head
            if current.pos_ == "ADP" and current.dep_ == "prep":
                current = current.head  # "travelled ... after attending the summit"
            continue
        break
    return [], False


def _agent_tokens(verb: Any) -> list[Any]:
    return [
        g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
    ]


def _object_tokens(head: Any) -> list[Any]:
    tokens = []
    for child in head.children:
        if child.dep_ in _OBJECT_DEPS:
            tokens.append(child)
        elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
            if child.lower_ == "in" and head.pos_ in {"VERB", "AUX"} and (
                head.lemma_.lower() not in _IN_TARGET_VERBS
            ):
                continue  # "in the aftermath of ...", "in Brazil": when or where, not whom
            # "condemned Russia for violating Romanian airspace": a reason clause names no target
            tokens.extend(g for g in child.children if g.dep_ == "pobj"
                          or (g.dep_ == "pcomp" and child.lower_ not in _REASON_PREPS))
    return tokens


def assign_roles(
    trigger: Any, actors: list[ActorMention], offset: int, is_noun: bool
) -> Roles:
    """Source and target actors for the trigger token; ``offset`` maps doc to article chars."""
    roles = Roles()
    if is_noun:
        _noun_roles(trigger, actors, offset, roles)
    else:
        _verb_roles(trigger, actors, offset, roles)
    placed = {id(a) for a in roles.source + roles.target}
    # Actors the tree did not place still count, but only inside the trigger's own clause:
    # "rights remain an obstacle, as when X and Y met in Brazil" must not pull in far actors.
    clause = clause_head(trigger)
    # another clause joined by "and" ("X condemned the strikes, and Y accused Z") is not ours
    others = [_subtree_range(c) for c in clause.children
              if c.dep_ in {"conj", "parataxis", "advcl"} and c.pos_ in {"VERB", "AUX"}]
    rest = [
        a for a in _actors_in(clause, actors, offset)
        if id(a) not in placed
        and not any(s + offset <= a.start and a.end <= e + offset for s, e in others)
    ]
    position = trigger.idx + offset
    reported = is_noun and trigger.dep_ in {"dobj", "pobj", "nsubj", "nsubjpass"} and (
        trigger.head.pos_ in {"VERB", "AUX"}
        and trigger.head.lemma_.lower() not in _SUPPORT_VERBS
    )
    if not roles.source and not reported:
        # ("noted the embargoes on China": whoever notes them did not impose them)
        roles.source = [a for a in rest if a.end <= position]
    if not roles.target:
        roles.target = [a for a in rest if a.start >= position and a not in roles.source]
    return roles


_ALLIANCE_NOUNS = {"partnership", "cooperation", "coordination", "conjunction", "concert",
                   "collaboration", "consultation", "tandem", "alliance", "league"}


def _allies(head: Any) -> list[Any]:
    """Phrases naming partners of the subject: "in partnership with the EU", "together with
    the US", "along with Canada" — they act with the source, they are not the target."""
    found = []
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in {"in", "with"}:
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in _ALLIANCE_NOUNS:
                    found.append(obj)
                elif child.lower_ == "with" and any(
                    s.lower_ in {"together", "along", "jointly"} for s in child.head.children
                    if s.dep_ == "advmod" and s.i == child.i - 1
                ):
                    found.append(child)
        if child.dep_ == "advmod" and child.lower_ in {"together", "along", "jointly"}:
            found.extend(g for g in child.children if g.dep_ == "prep" and g.lower_ == "with")
    return found


def _verb_roles(trigger: Any, actors: list[ActorMention], offset: int, roles: Roles) -> None:
    subjects, passive = _subject_tokens(trigger)
    for subject in subjects:
        found = _actors_in(subject, actors, offset)
        (roles.target if passive else roles.source).extend(found)
        for ally in _allies(subject):
            roles.source.extend(a for a in _actors_in(ally, actors, offset)
                                if a not in roles.source)
    allies = _allies(trigger)
    for ally in allies:
        roles.source.extend(a for a in _actors_in(ally, actors, offset) if a not in roles.source)
    if passive:
        for agent in _agent_tokens(trigger):
            roles.source.extend(_actors_in(agent, actors, offset))
    for obj in _object_tokens(trigger):
        if obj in allies or obj.head in allies:
            continue
        found = [a for a in _actors_in(obj, actors, offset) if a not in roles.source]
        roles.target.extend(found)
        # "held talks with X", "imposed sanctions on X": the object noun's own prepositions
        for inner in _object_tokens(obj):
            roles.target.extend(a for a in _actors_in(inner, actors, offset)
                                if a not in roles.target and a not in roles.source)
    if not roles.target:
        _borrowed_targets(trigger, actors, offset, roles)


def _borrowed_targets(trigger: Any, actors: list[ActorMention], offset: int, roles: Roles) -> None:
    """Targets a verb without its own (actor) object takes from a neighbouring clause."""
    def add(found: list[ActorMention]) -> None:
        roles.target.extend(a for a in found if a not in roles.source and a not in roles.target)

    for conj in trigger.children:
        # "warships attacked and destroyed an Iranian platform": the object is shared
        if conj.dep_ == "conj" and conj.pos_ == "VERB" and conj.i - trigger.i <= 3 and not any(
            c.dep_ in _SUBJECT_DEPS for c in conj.children
        ):
            for obj in _object_tokens(conj):
                add(_actors_in(obj, actors, offset))
    for clause in trigger.children:
        # "threatened to impose tariffs on American steel", "promised to help Kenya": the
        # target sits in the infinitive the threat or promise governs
        infinitive = clause.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
        )
        if clause.dep_ == "xcomp" or infinitive:
            for obj in _object_tokens(clause):
                add(_actors_in(obj, actors, offset, strict=True))
    if roles.target:
        return
    for clause in trigger.children:
        # "officials complained Japan has no intention ...": the reported clause's subject
        if clause.dep_ == "ccomp":
            for subject in clause.children:
                if subject.dep_ in _SUBJECT_DEPS | _PASSIVE_SUBJECT_DEPS:
                    add(_actors_in(subject, actors, offset))


_TRAVEL_NOUNS = {"visit", "trip", "tour", "journey"}
_GATHERING_NOUNS = {"summit", "meeting", "session", "conference", "forum", "council"}
# Verbs whose subject performs the action their object noun names ("held talks", "imposed
# sanctions", "paid a visit"); a verb of saying or noticing does not ("noted the embargoes").
_SUPPORT_VERBS = frozenset("""
hold have conduct pay make impose introduce slap sign ink conclude seal strike reach launch
carry begin start open resume host attend join take give provide offer extend grant issue
announce deliver send stage mount level lodge file express undertake complete continue
approve adopt order authorize authorise declare enforce implement tighten expand renew raise
lift ease end suspend halt agree accept receive get obtain win secure participate engage
float table submit present unveil confirm propose put charge levy slap dispatch send
lead head chair co-chair
""".split())
# "During a meeting with X, Y urged ...": the main clause's subject took part
_CIRCUMSTANCE_PREPS = {"during", "at", "after", "before", "following", "in", "on", "since"}


def _noun_roles(trigger: Any, actors: list[ActorMention], offset: int, roles: Roles) -> None:
    travel = trigger.lemma_.lower() in _TRAVEL_NOUNS
    gathering = trigger.lemma_.lower() in _GATHERING_NOUNS
    for child in trigger.children:
        source_prep = child.dep_ == "prep" and child.lower_ in _SOURCE_PREPS_FOR_NOUNS
        if travel and child.dep_ in {"compound", "amod", "nmod"}:
            roles.target.extend(_actors_in(child, actors, offset))  # "his China visit"
        elif gathering and child.dep_ in {"compound", "nmod"} and any(
            a.code in {"IGO", "UNO", "EUR"} for a in _actors_in(child, actors, offset)
        ):
            roles.target.extend(_actors_in(child, actors, offset))  # "attended the BRICS summit"
        elif child.dep_ in {"poss", "compound", "amod", "nmod"} or source_prep:
            roles.source.extend(_actors_in(child, actors, offset))
        elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
            roles.target.extend(_actors_in(child, actors, offset))
    # "X held talks with Y", "X paid a visit to Y": the governing verb's subject is the source;
    # "a tariff on A and a tariff on B": the second noun shares the first one's verb
    anchor = trigger
    for _ in range(6):
        if anchor.dep_ == "conj" and anchor.head.pos_ in {"NOUN", "PROPN"}:
            anchor = anchor.head
        elif (anchor is not trigger and anchor.dep_ == "pobj"
              and anchor.head.head.lemma_ == trigger.lemma_):
            anchor = anchor.head.head  # "a tariff on Peru and a tariff on Bolivia"
        else:
            break
    head = anchor.head
    verb_conj = anchor.dep_ == "conj" and head.pos_ in {"VERB", "AUX"}  # "imposed X and Y"
    if (anchor.dep_ in _OBJECT_DEPS | {"pobj"} or verb_conj) and head is not anchor:
        verb = head.head if anchor.dep_ == "pobj" else head
        circumstance = anchor.dep_ == "pobj" and head.lower_ in _CIRCUMSTANCE_PREPS
        if verb.pos_ in {"VERB", "AUX"} and (
            verb.lemma_.lower() in _SUPPORT_VERBS or circumstance
        ):
            subjects, passive = _subject_tokens(verb)
            if not passive:
                for subject in subjects:
                    roles.source.extend(a for a in _actors_in(subject, actors, offset)
                                        if a not in roles.source)
            for obj in _object_tokens(verb):
                if obj is not anchor:
                    roles.target.extend(a for a in _actors_in(obj, actors, offset)
                                        if a not in roles.source and a not in roles.target)
    roles.target = [a for a in roles.target if a not in roles.source]
