"""Events: triggers turned into coded interactions, with actors, status, date and place.

One parsed sentence yields at most one event per type and actor set; events of the whole article
are then merged so that one meeting mentioned three times is one event, keeping each mention.
Undated events take the date of the story they belong to only when they continue it (no tense or
marker of a recalled past); recalled events keep their own date or none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from bilat.knowledge.codebook import goldstein, plover_score
from bilat.knowledge.gazetteer import country_name, load_gazetteer
from bilat.nlp.dates import is_future
from bilat.nlp.document import ActorMention, DateMention, Document, Sentence
from bilat.nlp.roles import assign_roles, clause_head
from bilat.nlp.status import event_status
from bilat.nlp.triggers import TriggerMatch, find_triggers
from bilat.schema import Location

_SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE", "SUPPORT"}
# Types where the same pair on the same day is one occasion: a meeting, a signing ceremony.
_ONE_OCCASION = {"CONSULT", "SUPPORT"}
_ANAPHORIC_DETERMINERS = {"the", "this", "these", "those", "that", "such", "its", "their"}
_VISIT_CUE = re.compile(
    r"\b(?:(?:visit(?:s|ed|ing)?|trip|tour|arriv(?:e|ed|es|ing)|travel(?:l?ed|s)?|flew|landed)"
    r"(?:\s+\w+){0,3}?\s+(?:to|in|at)|visit(?:s|ed|ing)?)"
    r"\s+(?:the\s+)?(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)"
)
_PHONE_CUE = re.compile(r"\b(?:phone|telephone|video ?call|videoconference|video link)\b", re.I)
_MULTILATERAL_CUE = re.compile(r"\b(?:summit|multilateral|plenary|ministerial meeting)\b", re.I)
_BACKGROUND_CUE = re.compile(
    r"\b(?:had|previous(?:ly)?|earlier|last (?:year|month|week)|ago|former|recent(?:ly)?|"
    r"in the past|since|once|history|historic|first time)\b",
    re.I,
)
# Words by which a sentence refers back to the article's lead event ("concluding the meeting").
_STORY_REFERENCE = re.compile(
    r"\b(?:the|this|that|during|after|at|following|concluding)\s+(?:\w+\s+)?"
    r"(?:meeting|talks|visit|discussions|call|conversation|summit|session|ceremony|negotiations|"
    r"consultations)\b|\b(?:both sides|the two sides|the (?:two )?leaders|the parties)\b",
    re.I,
)
_CONTEXT_WORDS = {
    "economic": r"trade|econom|invest|export|import|tariff|business|market|finance|bank|loan",
    "military": r"military|troops|defen[cs]e|army|navy|weapons|missile|soldier|armed forces",
    "health": r"health|hospital|vaccine|medical|pandemic|covid",
    "agriculture": r"agricultur|farm|food security|grain|wheat",
    "environment": r"climate|environment|emission",
    "natural_resource": r"\boil\b|\bgas\b|energy|mining|minerals|water resources",
    "migration": r"migra|refugee",
    "terrorism": r"terror",
    "cyber": r"cyber",
    "technology": r"technolog|digital|\bAI\b|semiconductor",
    "human_rights": r"human rights",
    "territory": r"border|territor|sovereignty",
}
_CONTEXT_RES = {k: re.compile(v, re.I) for k, v in _CONTEXT_WORDS.items()}


@dataclass
class EventDraft:
    type: str
    mode: str | None
    cameo: str
    contexts: list[str]
    source: list[ActorMention]
    target: list[ActorMention]
    status: str
    negated: bool
    sentence: Sentence
    trigger_start: int
    trigger_end: int
    date: DateMention | None = None
    date_resolution: str | None = None
    location: Location | None = None
    confidence: float = 0.6
    anaphoric: bool = False  # a noun trigger pointing back: "the sanctions", "this visit"
    mutual: bool = False  # "Armenia and Azerbaijan declared a ceasefire": each to the other
    mentions: list[tuple[int, int]] = field(default_factory=list)

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(a.code for a in self.source + self.target)

    @property
    def goldstein(self) -> float | None:
        return goldstein(self.cameo)

    @property
    def plover_score(self) -> float | None:
        return plover_score(self.type, self.mode)


def _distinct(actors: list[ActorMention]) -> list[ActorMention]:
    """One mention per code, the named official where there is one ("Turkish Foreign Minister
    Hakan Fidan" is Fidan, not the adjective)."""
    best: dict[str, ActorMention] = {}
    for actor in actors:
        known = best.get(actor.code)
        if known is None or (actor.kind == "person" and known.kind != "person"):
            best[actor.code] = actor
    return list(best.values())


def sentence_events(
    sentence: Sentence, dyad: tuple[str, ...], last_person: ActorMention | None = None
) -> list[EventDraft]:
    """Event drafts of one parsed sentence; ``last_person`` is who "he" or "she" refers to
    when the sentence itself names nobody before the pronoun."""
    if sentence.span is None:
        return []
    drafts: list[EventDraft] = []
    offset = sentence.start - sentence.span.start_char
    for match in find_triggers(sentence.span):
        draft = _draft(match, sentence, offset, dyad, last_person)
        if draft is None:
            continue
        for single in _split_coordinated(draft):
            drafts.append(single)
            mirrored = _mirror(single)
            if mirrored is not None:
                drafts.append(mirrored)
            threat = _announced_threat(single)
            if threat is not None:
                drafts.append(threat)
    return _dedupe_in_sentence(drafts)


_UNDOING_VERBS = {"end", "lift", "ease", "remove", "scrap", "drop", "relax", "waive", "revoke",
                  "rescind", "cancel", "repeal", "suspend", "oppose", "criticize", "criticise",
                  "condemn", "denounce", "reject"}
_THREAT_MODES = {"SANCTION": "restrict", "ASSAULT": "violence", "MOBILIZE": "violence",
                 "COERCE": "arrest"}


def _announced_threat(draft: EventDraft) -> EventDraft | None:
    """"The United States would go ahead with planned sanctions": announcing a punitive act
    is itself a threat, made now; the act stays a planned event of its own."""
    if draft.type not in _THREAT_MODES or draft.status != "planned" or draft.negated:
        return None
    return replace(draft, type="THREATEN", mode=_THREAT_MODES[draft.type], cameo="130",
                   status="occurred", mentions=[])


def _split_coordinated(draft: EventDraft) -> list[EventDraft]:
    """"Tariffs on Canada and Mexico", "the US and the EU raised tariffs": a directed act
    towards (or by) several states joined by "and" is one act per state; partners acting
    together ("in partnership with") and symmetric meetings stay one event."""
    if draft.type in _SYMMETRIC or draft.mutual:
        return [draft]
    sources = _coordinated_groups(draft.source, draft.sentence)
    targets = [[a] for a in draft.target] if len(draft.target) > 1 else [draft.target]
    if len(sources) == 1 and len(targets) == 1:
        return [draft]
    return [replace(draft, source=s, target=t, mentions=[]) for s in sources for t in targets]


def _coordinated_groups(
    actors: list[ActorMention], sentence: Sentence
) -> list[list[ActorMention]]:
    named = [a for a in actors if a.kind != "reference"]
    if len(named) != len(actors) or len(actors) < 2:
        return [actors]
    ordered = sorted(actors, key=lambda a: a.start)
    if all(_coordinated(a, b, sentence) for a, b in zip(ordered, ordered[1:], strict=False)):
        return [[a] for a in ordered]
    return [actors]


def _coordinated(a: ActorMention, b: ActorMention, sentence: Sentence) -> bool:
    """"Armenia and Azerbaijan", or "both sides" (two references from one phrase)."""
    if a.kind == "reference" and b.kind == "reference" and a.start == b.start:
        return True
    first, second = sorted((a, b), key=lambda m: m.start)
    between = sentence.text[first.end - sentence.start : second.start - sentence.start]
    return re.fullmatch(r"\s*(?:and|,|, and|or|, or)\s*(?:the\s+)?(?:\w+\s+from\s+)?",
                        between) is not None


def _direction(draft: EventDraft) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(a.code for a in draft.source), frozenset(a.code for a in draft.target)


def _mirror(draft: EventDraft) -> EventDraft | None:
    """"Both countries eased restrictions": a directed act done by each side to the other is
    two events, one per direction (meetings and agreements are symmetric and stay one)."""
    if draft.type in _SYMMETRIC or len(draft.source) != 1 or len(draft.target) != 1:
        return None
    pair = (draft.source[0], draft.target[0])
    if not draft.mutual:
        return None
    return replace(draft, source=[pair[1]], target=[pair[0]], mentions=[])


def _draft(
    match: TriggerMatch,
    sentence: Sentence,
    offset: int,
    dyad: tuple[str, ...],
    last_person: ActorMention | None,
) -> EventDraft | None:
    trigger = match.trigger
    token = match.token
    is_noun = token.pos_ in {"NOUN", "PROPN"}
    if is_noun and token.dep_ in {"compound", "amod"} and len(trigger.words) == 1:
        return None  # "attack vessels", "trade talks team": a modifier, not an action
    if trigger.type == "SANCTION" and is_noun and token.head.lemma_.lower() in _UNDOING_VERBS:
        return None  # "plans to end the arms embargo": the undoing is the event, not the embargo
    roles = assign_roles(token, sentence.actors, offset, is_noun)
    source, target = _distinct(roles.source), _distinct(roles.target)
    if not source:
        source = _pronoun_source(token, sentence, offset, last_person)
    if trigger.reverse or (is_noun and _received(token)):
        source, target = target, source
    target = [a for a in target if a.code not in {s.code for s in source}]
    confidence = 0.7
    if trigger.type in _THREATENABLE and _under_threat(token):
        return None  # "threatened to impose sanctions": the THREATEN trigger codes it
    third_party = False
    if trigger.type == "CONSULT":
        venue = [a for a in source + target if _is_venue(a, sentence)]
        if venue and len({a.code for a in source + target if a not in venue}) >= 2:
            # "Starmer and Xi met in Brazil": Brazil is where, not who
            source = [a for a in source if a not in venue]
            target = [a for a in target if a not in venue]
            third_party = True
        source, target = _with_visit_host(source, target, sentence, token, offset)
    codes = {a.code for a in source + target}
    if trigger.weak and len(codes) < 2:
        return None
    if len(codes) < 2:
        filled = _fill_from_dyad(source, target, dyad, sentence, trigger.cameo == "057")
        if filled is None:
            return None
        source, target = filled
        confidence = 0.45
    both = (len(source) == 2 and not target and trigger.type not in _SYMMETRIC
            and not is_noun and all(a.end <= token.idx + offset for a in source)
            and _coordinated(source[0], source[1], sentence))
    if not target and len(source) > 1 and (trigger.type in _SYMMETRIC or both):
        source, target = source[:1], source[1:]
    mutual = both
    if not source and len(target) > 1 and trigger.type in {"CONSULT", "COOPERATE"}:
        source, target = target[:1], target[1:]  # "talks between X and Y"
    if not source or not target:
        return None  # an interaction needs both sides; a guessed side is worse than none
    mode = trigger.mode
    event_type, cameo = trigger.type, trigger.cameo
    if event_type == "SUPPORT" and _signs_restriction(token):
        event_type, cameo = "SANCTION", "163"  # "signed a new sanctions executive order"
    status, negated = event_status(token)
    contexts = [trigger.context] if trigger.context else []
    for name, pattern in _CONTEXT_RES.items():
        if name not in contexts and pattern.search(sentence.text):
            contexts.append(name)
    draft = EventDraft(
        type=event_type,
        mode=mode,
        cameo=cameo,
        contexts=contexts,
        source=source,
        target=target,
        status=status,
        negated=negated,
        sentence=sentence,
        trigger_start=token.idx + offset,
        trigger_end=match.end_token.idx + len(match.end_token.text) + offset,
        confidence=confidence,
        mutual=mutual,
        anaphoric=is_noun and any(
            c.dep_ in {"det", "poss"} and c.lower_ in _ANAPHORIC_DETERMINERS
            for c in token.children
        ),
    )
    if draft.type == "CONSULT":
        _consult_mode(draft)
        if third_party and draft.mode is None:
            draft.mode, draft.cameo = "third-party", "044"
    return draft


# Third person: the person last named. First person: in quoted speech, the speaker — who in
# news is most often the person last named too ("we have decided to ...", X said).
_PERSONAL_PRONOUNS = {"he", "she", "his", "her", "i", "we", "my", "our"}
_THREATENABLE = {"SANCTION", "ASSAULT", "COERCE", "MOBILIZE"}
_THREAT_WORDS = {"threat", "threaten", "warn", "ultimatum"}


def _under_threat(token: Any) -> bool:
    current = token
    for _ in range(4):
        if current.head is current:
            return False
        current = current.head
        if current.lemma_.lower() in _THREAT_WORDS:
            return True
    return False




def _pronoun_source(
    token: Any, sentence: Sentence, offset: int, last_person: ActorMention | None
) -> list[ActorMention]:
    """"He visited India", "his visit to China": the person last named, when the pronoun is the
    trigger's subject or possessor."""
    pronoun = next(
        (c for c in token.children if c.dep_ in {"nsubj", "poss"} and c.lower_ in
         _PERSONAL_PRONOUNS),
        None,
    )
    if pronoun is None and token.pos_ in {"NOUN", "PROPN"} and token.dep_ in {"dobj", "pobj"}:
        verb = token.head.head if token.dep_ == "pobj" else token.head
        pronoun = next((c for c in verb.children if c.dep_ == "nsubj"
                        and c.lower_ in _PERSONAL_PRONOUNS), None)  # "He attended the summit"
    head = token
    for _ in range(3):  # "we have decided to revive", "he was keen to visit"
        if pronoun is not None or head.dep_ not in {"xcomp", "conj", "advcl"}:
            break
        head = head.head
        pronoun = next((c for c in head.children if c.dep_ == "nsubj"
                        and c.lower_ in _PERSONAL_PRONOUNS), None)
    if pronoun is None:
        return []
    position = pronoun.idx + offset
    earlier = [a for a in sentence.actors if a.kind == "person" and a.end <= position]
    if earlier:
        return [earlier[0]]  # "X met Y during his visit": his is the subject's
    if last_person is None:
        return []
    return [ActorMention(position, position + len(pronoun.text), pronoun.text, last_person.code,
                         "person", last_person.person, last_person.role, last_person.sector)]


_RESTRICTIVE = re.compile(
    r"\b(?:sanctions?|tariffs?|embargo(?:es)?|bans?|restrictions?|blacklist)\b", re.I
)


def _signs_restriction(token: Any) -> bool:
    """A signed order that imposes sanctions reduces relations; it is not a show of support."""
    objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    return any(_RESTRICTIVE.search(" ".join(t.text for t in o.subtree)) for o in objects)


_RECEIVING_VERBS = {"receive", "get", "obtain", "accept", "secure", "win", "welcome"}


def _received(noun: Any) -> bool:
    """"Kenya received aid from Britain": the verb's subject is the recipient, not the giver."""
    token = noun
    for _ in range(4):  # "received 200 tonnes of food aid": climb from "aid" to "tonnes"
        if token.dep_ in {"dobj", "nsubjpass"}:
            return bool(token.head.lemma_.lower() in _RECEIVING_VERBS)
        if token.dep_ not in {"pobj", "prep", "compound", "conj"} or token.head is token:
            return False
        token = token.head
    return False


_VENUE_BEFORE = re.compile(r"\b(?:in|at|on the sidelines of [\w\s]+ in)\s+(?:the\s+)?$", re.I)


def _is_venue(actor: ActorMention, sentence: Sentence) -> bool:
    if actor.kind not in {"country", "capital"}:
        return False
    before = sentence.text[max(0, actor.start - sentence.start - 40) : actor.start - sentence.start]
    return bool(_VENUE_BEFORE.search(before)) and not _VISIT_CUE.search(before + actor.text)


def _with_visit_host(
    source: list[ActorMention], target: list[ActorMention], sentence: Sentence, token: Any,
    offset: int,
) -> tuple[list[ActorMention], list[ActorMention]]:
    """"Mr Straw, visiting Beijing, ...": the place visited stands for the host state even
    though a place after a locative word is not an actor by itself — for the visit itself or
    a meeting in its clause, not for another meeting the sentence also mentions."""
    match = _VISIT_CUE.search(sentence.text)
    if match is None:
        return source, target
    clause = clause_head(token)
    left, right = clause.left_edge.idx + offset, clause.right_edge.idx + offset
    if not left <= sentence.start + match.start() <= right:
        return source, target
    host = _host_country(match.group("place"))
    if host is None or host in {a.code for a in source + target}:
        return source, target
    start = sentence.start + match.start("place")
    place = ActorMention(start, start + len(match.group("place")), match.group("place"), host,
                         "capital", sector="GOV")
    return source, [*target, place]


def _fill_from_dyad(
    source: list[ActorMention],
    target: list[ActorMention],
    dyad: tuple[str, ...],
    sentence: Sentence,
    signing: bool = False,
) -> tuple[list[ActorMention], list[ActorMention]] | None:
    """An event with one side unnamed ("several agreements were signed") is between the pair
    the article is about, when the named side (if any) belongs to that pair."""
    if len(dyad) < 2:
        return None
    named = {a.code for a in source + target}
    if named and not signing:
        return None  # only a signing names places of its documents' topics, not its parties
    if not _STORY_REFERENCE.search(sentence.text):
        return None  # only a sentence that points back at the story ("the meeting") inherits
    if not {a.code for a in sentence.actors} <= set(dyad):
        return None  # the sentence names other states; the pair is not implied
    anchor = sentence.start
    implied = [
        ActorMention(anchor, anchor, "", code, "reference")
        for code in dyad
        if code not in named
    ]
    if named:  # "several agreements were signed, including one on Azerbaijan's Aghdam region"
        return implied, [a for a in source + target][:1]
    return implied[:1], implied[1:]


def _consult_mode(draft: EventDraft) -> None:
    """Visit direction is visitor → host; calls and summits get their modes."""
    text = draft.sentence.text
    if _PHONE_CUE.search(text):
        draft.mode, draft.cameo = "phone", "041"
        return
    match = _VISIT_CUE.search(text)
    if match is not None:
        host = _host_country(match.group("place"))
        codes = draft.codes
        if host and host in codes and len(codes) >= 2:
            everyone = _distinct(draft.source + draft.target)
            draft.target = [a for a in everyone if a.code == host]
            draft.source = [a for a in everyone if a.code != host]
            draft.mode, draft.cameo = "visit", "042"
            return
    if draft.mode == "visit":
        return
    host = _meeting_place_country(draft)
    codes = draft.codes
    if host is not None and host in codes and len(codes) == 2:
        # "X met Y in Minsk": the side whose capital it is hosted the other's visit
        everyone = _distinct(draft.source + draft.target)
        draft.target = [a for a in everyone if a.code == host]
        draft.source = [a for a in everyone if a.code != host]
        draft.mode, draft.cameo = "visit", "042"
        return
    if _MULTILATERAL_CUE.search(text) and any(
        a.code in {"UNO", "EUR", "IGO"} for a in draft.source + draft.target
    ):
        draft.mode = "multilateral"


_MEETING_PLACE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
)


def _meeting_place_country(draft: EventDraft) -> str | None:
    """The country of the capital a meeting took place in ("met ... in Minsk")."""
    start = draft.trigger_start - draft.sentence.start
    for match in _MEETING_PLACE.finditer(draft.sentence.text, start, start + 80):
        hits = load_gazetteer().find(match.group("place"))
        if hits and hits[0].kind == "capital" and hits[0].start == 0:
            return hits[0].code
    return None


def _host_country(place: str) -> str | None:
    hits = load_gazetteer().find(place)
    if hits:
        return hits[0].code
    from bilat.nlp.places import resolve_place

    location = resolve_place(place)
    return location.country if location is not None else None


def _dedupe_in_sentence(drafts: list[EventDraft]) -> list[EventDraft]:
    """"Met and held talks" is one CONSULT; keep the first trigger, most specific mode."""
    kept: list[EventDraft] = []
    for draft in drafts:
        twin = next((k for k in kept if k.type == draft.type and k.codes == draft.codes
                     and k.status == draft.status
                     and (k.type in _SYMMETRIC or _direction(k) == _direction(draft))), None)
        if twin is None:
            kept.append(draft)
        elif twin.mode is None and draft.mode is not None:
            twin.mode, twin.cameo = draft.mode, draft.cameo
    return kept


# --- dates and places --------------------------------------------------------------------------


def attach_dates(drafts: list[EventDraft], doc: Document) -> None:
    """Each event's date: its sentence's date nearest the trigger, else the story's date when the
    sentence continues the story, else none."""
    dateline_end = _dateline_end(doc)
    own: dict[int, DateMention] = {}
    for draft in drafts:  # first the dates each event's own sentence gives it
        in_body = [d for d in draft.sentence.dates if d.start >= dateline_end
                   and not _not_when(d, doc.text)]
        dates = [d for d in in_body if d.value is not None]
        if dates:
            draft.date = own[id(draft)] = _event_date(dates, draft, doc.text)
            draft.date_resolution = draft.date.resolution
            if draft.status == "occurred" and is_future(draft.date, doc.published):
                draft.status = "planned"  # "talks open tomorrow", "the visit on 14 January"
    story = _story_date(drafts, own)
    for draft in drafts:
        if id(draft) in own:
            continue
        in_body = [d for d in draft.sentence.dates if d.start >= dateline_end
                   and not _not_when(d, doc.text)]
        if in_body:
            draft.date_resolution = "unresolved"
        elif _BACKGROUND_CUE.search(draft.sentence.text):
            draft.date_resolution = "none"
        elif story is not None:
            draft.date = story
            draft.date_resolution = "inherited"
        elif doc.published is not None:
            # The lead of a news report, or an action in the present tense ("is imposing"),
            # happens when the report is published.
            value = doc.published.isoformat()
            draft.date = DateMention(0, 0, "", value, "day", "published")
            draft.date_resolution = "published"


_DATELINE = re.compile(
    r"^[A-Z][A-Za-z0-9 .,'’-]{1,60}?\([^)]{1,40}\)\s*[-–—]"
    r"|^[A-Z][A-Z .'’-]{1,40},\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?\s*[-–—]"
)


def _dateline_end(doc: Document) -> int:
    """Where a wire dateline ("MINSK, Oct 3 (Reuters) -") ends: its date is the report's."""
    for sentence in doc.sentences[:2]:  # a date line may stand above the dateline
        match = _DATELINE.match(sentence.text)
        if match:
            return sentence.start + match.end()
    return 0


def _not_when(date: DateMention, text: str) -> bool:
    """"water quotas for 2020", "the 2020 irrigation season": a purpose or a modifier, not the
    time of the event."""
    before = text[max(0, date.start - 12) : date.start]
    if date.precision == "year" and re.search(r"\bfor\s+(?:the\s+)?(?:year\s+)?$", before, re.I):
        return True
    return bool(re.search(r"\bthe\s+$", before, re.I) and re.match(r"\s+[a-z]", text[date.end:]))


def _event_date(dates: list[DateMention], draft: EventDraft, text: str) -> DateMention:
    """The sentence's date for this event: the nearest one that is not a possessive modifying
    another noun ("on Monday in retaliation for Friday's attack"), a range by its start."""
    own = [
        d for d in dates
        if not text.startswith(("'s", "’s"), d.end) or 0 <= draft.trigger_start - d.end <= 25
    ] or dates  # "Friday's attack" is the attack's date, not the retaliation's
    chosen = min(own, key=lambda d: _distance(d, draft))
    index = dates.index(chosen)
    if index > 0 and dates[index - 1].is_range_start and chosen.start - dates[index - 1].end < 6:
        return dates[index - 1]  # "January 11-13": the visit began on the 11th
    return chosen


def _distance(date: DateMention, draft: EventDraft) -> int:
    return min(abs(date.start - draft.trigger_start), abs(date.end - draft.trigger_end))


def _story_date(drafts: list[EventDraft], own: dict[int, DateMention]) -> DateMention | None:
    """The date of the article's lead event: the first occurred event of the first sentences
    whose own date is a day."""
    for draft in drafts:
        if draft.sentence.index > 3:
            break
        date = own.get(id(draft))
        if date is not None and date.precision == "day" and draft.status == "occurred":
            return date
    return None


def attach_places(drafts: list[EventDraft], doc: Document) -> None:
    from bilat.nlp.places import find_place_mentions, resolve_place

    story_place: Location | None = None
    if doc.article.dateline_place:
        story_place = resolve_place(doc.article.dateline_place)
    for draft in drafts:
        places = [
            _as_written(m.location, doc.text)
            for m in find_place_mentions(draft.sentence.text, draft.sentence.start)
            if m.role != "origin"
        ]
        # a city says more than its country: "visit to India ... in New Delhi" is New Delhi
        cities = [p for p in places if not _is_country_name(p.name)]
        if places:
            draft.location = min(
                cities or places, key=lambda p: abs((p.start or 0) - draft.trigger_start)
            )
        elif draft.date_resolution in {"inherited", "published"} and story_place is not None:
            draft.location = story_place
        elif draft.mode == "visit" and draft.target:
            # a visit with no place named happened in the host's country
            draft.location = resolve_place(country_name(draft.target[0].code))
        if story_place is None and draft.location is not None and draft.sentence.index <= 3:
            story_place = draft.location


def _is_country_name(name: str) -> bool:
    hits = load_gazetteer().find(name)
    return len(hits) == 1 and hits[0].kind == "country" and hits[0].end - hits[0].start == len(
        name)


def _as_written(location: Location, text: str) -> Location:
    """The place named as the article writes it ("Basra"); GeoNames id and coordinates kept."""
    if location.start is None or location.end is None:
        return location
    return location.model_copy(update={"name": text[location.start : location.end]})


# --- merging within the article ----------------------------------------------------------------


def _dates_compatible(a: EventDraft, b: EventDraft) -> bool:
    if a.date is None or b.date is None or a.date.value is None or b.date.value is None:
        return True
    x, y = a.date.value, b.date.value
    return x.startswith(y) or y.startswith(x)


def _same_interaction(a: EventDraft, b: EventDraft) -> bool:
    if a.type != b.type or a.codes != b.codes or a.status != b.status:
        return False
    if a.type not in _SYMMETRIC and _direction(a) != _direction(b):
        return False
    if a.mode == b.mode == "visit" and {x.code for x in a.target} != {x.code for x in b.target}:
        return False  # A's visit to B and B's visit to A are two occasions
    if not _dates_compatible(a, b):
        return False
    current = {"inherited", "published"}
    if (a.date_resolution == "none" and b.date_resolution in current) or (
        b.date_resolution == "none" and a.date_resolution in current
    ):
        return False  # a recalled occasion is not the one the story reports
    if a.type == "SUPPORT" and (a.cameo == "057") != (b.cameo == "057"):
        return False  # signing a deal and praising a plan are two acts
    if a.type not in _ONE_OCCASION and not b.anaphoric:
        # Several sanctions or accusations on one day are several actions; only a mention
        # that points back ("the sanctions", "this attack") is the same one again.
        return a.sentence is b.sentence
    a_dated = a.date is not None and a.date_resolution not in {"inherited", "published"}
    b_dated = b.date is not None and b.date_resolution not in {"inherited", "published"}
    if a_dated and b_dated:
        return True
    if b.date_resolution == "inherited" and a.date is not None and b.date is not None and (
        a.date.value == b.date.value
    ):
        return True  # a later sentence of the same story about the same pair
    # An undated mention joins a dated one only nearby: far apart, it is more likely another
    # occasion (a recalled visit) than the same meeting.
    return abs(a.sentence.index - b.sentence.index) <= 2 or bool(
        _STORY_REFERENCE.search(b.sentence.text)
    )


def merge_events(drafts: list[EventDraft]) -> list[EventDraft]:
    """One event per interaction: same type, same actor set, compatible dates and status."""
    merged: list[EventDraft] = []
    for draft in drafts:
        twin = next((m for m in merged if _same_interaction(m, draft)), None)
        if twin is None:
            merged.append(draft)
            continue
        twin.mentions.append((draft.sentence.start, draft.sentence.end))
        if (twin.date is None or twin.date_resolution in {"inherited", "published"}) and (
            draft.date is not None and draft.date_resolution not in {"inherited", "published"}
        ):
            twin.date, twin.date_resolution = draft.date, draft.date_resolution
        if twin.location is None and draft.location is not None:
            twin.location = draft.location
        if twin.mode is None and draft.mode is not None:
            twin.mode, twin.cameo = draft.mode, draft.cameo
        twin.confidence = min(0.95, max(twin.confidence, draft.confidence) + 0.05)
    return merged


def actors_payload(actors: list[ActorMention]) -> list[dict[str, Any]]:
    return [
        {
            "name": a.text or a.code,
            "country": a.code,
            "sector": a.sector,
            "person": a.person,
            "role": a.role,
            "start": a.start if a.end > a.start else None,
            "end": a.end if a.end > a.start else None,
        }
        for a in actors
    ]
