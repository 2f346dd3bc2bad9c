"""Agreements, treaties, memoranda, contracts, deals and declarations reported in an article.

Works on sentence text with regular expressions, not on the parse, so that it is cheap and runs
on any ``Sentence`` (a sentence is only looked at when it names a document and a signing verb).

How a sentence is read:

- A *document mention* is a noun from the kind vocabulary (below) with its topic: the words
  after it ("agreement on X", "memorandum of understanding in the field of X", "contract for the
  supply of X") or, failing that, the words before it ("a free trade agreement" -> "free trade").
- A mention counts only when it is tied to a *signing verb* (signed, inked, concluded, exchanged,
  finalised, sealed, reached, struck, clinched, ratified, adopted, renewed, extended; "issued"
  for joint statements), either as its object ("the two sides signed two MoUs", "the signing of
  X agreements") or its passive subject ("several agreements were signed", "an accord signed in
  Moscow"). Only filler words may stand between them, which is what keeps out generic mentions
  ("in line with previous agreements", "the agreement framework", "agreed to cooperate").
- Lists ("several agreements were signed, including A, B and C"; "documents signed include: an
  agreement on A; a memorandum on B; and a contract for C"; "two MoUs on A, and on B") give one
  record per item, each with its own kind when it names one. An item about the supply, delivery,
  purchase or sale of goods is a contract.
- ``status``: "planned" when a modal or intention governs the verb ("will sign", "are expected to
  sign", "plan to", "to be signed", "could be signed soon", "ahead of the signing");
  "hypothetical" when negated or conditional ("no agreements had yet been finalised", "if a
  deal is signed"); else "occurred". Every record is returned: the caller picks by status.
- ``parties``: the actors inside the mention ("a China-UK tourism deal") or after "between",
  else the sentence's actors when they are two or more countries or bodies, else the article's
  main dyad (``context_parties``), with a lone sentence actor put first when it is not in it.
- ``date``: the resolved date mention of the sentence nearest the verb, else None (the caller
  may inherit one).
- A vague mention without a topic ("several agreements", "the deal") is dropped when a specific
  agreement is reported in the same or a neighbouring sentence, or, for a definite "the deal",
  anywhere earlier (it most likely refers back to it).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from bilat.nlp.document import DateMention, Document, Sentence
from bilat.schema import Agreement, AgreementKind, Evidence, Status

_KIND_NOUNS: tuple[tuple[str, str], ...] = (
    ("mou", r"memorand(?:um|a|ums|ae)(?:\s+of\s+(?:understanding|co-?operation|intent))?|mous?"
            r"|letters?\s+of\s+intent"),
    ("treaty", r"treat(?:y|ies)|conventions?"),
    ("declaration", r"joint\s+(?:declarations?|statements?|communiqu[eé]s?)|declarations?"
                    r"|communiqu[eé]s?"),
    ("contract", r"contracts?"),
    ("deal", r"deals?"),
    ("agreement", r"agreements?|accords?|pacts?|protocols?"),
    ("documents", r"documents|instruments"),
)
_NOUN_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _KIND_NOUNS) + r")\b",
    re.IGNORECASE,
)
_TRIGGER_RE = re.compile(
    r"\b(?:sign(?:ed|s|ing)?|ink(?:ed|s|ing)?|conclud(?:e|ed|es|ing)|exchang(?:e|ed|es|ing)"
    r"|finali[sz](?:e|ed|es|ing)|seal(?:ed|s|ing)?|reach(?:ed|es|ing)?|struck|strikes?|striking"
    r"|clinch(?:ed|es|ing)?|ratif(?:y|ied|ies|ying)|adopt(?:ed|s|ing)?|issu(?:e|ed|es|ing)"
    r"|renew(?:ed|s|ing)?|extend(?:ed|s|ing)?)\b",
    re.IGNORECASE,
)
# Participles that can follow their noun ("were signed", "an accord signed in Moscow").
_PARTICIPLE_RE = re.compile(
    r"^(?:signed|inked|concluded|exchanged|finali[sz]ed|sealed|reached|struck|clinched|ratified"
    r"|adopted|issued|renewed|extended)$",
    re.IGNORECASE,
)
_NOMINAL_RE = re.compile(r"^signing$", re.IGNORECASE)
_QUICK_NOUN_RE = re.compile(
    r"agree|accord|treat|memorand|mou|contract|deal|declar|statement|communiqu|pact|protocol"
    r"|convention|document|instrument",
    re.IGNORECASE,
)
_QUICK_TRIGGER_RE = re.compile(
    r"sign|ink|conclu|exchang|finali|seal|reach|stru|clinch|ratif|adopt|issu|renew|extend",
    re.IGNORECASE,
)

_KINDS: dict[str, AgreementKind] = {
    "treaty": "treaty", "agreement": "agreement", "mou": "mou", "contract": "contract",
    "deal": "deal", "declaration": "declaration",
}
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}
# Words that end a premodifier walk ("signed [two key] trade agreements").
_PRE_STOP = {
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "your", "my", "both", "each", "every", "any", "some", "several", "many", "few", "various",
    "all", "other", "such", "no", "of", "on", "in", "for", "with", "to", "at", "by", "from",
    "between", "under", "into", "over", "after", "before", "during", "and", "or", "as", "total",
    "number", "series", "key", "new", "major", "important", "landmark", "historic", "first",
    "latest", "recent", "very", "significant", "crucial", "formal", "final", "further",
    "comprehensive", "detailed", "wide-ranging", "broad", "so-called", "long-awaited",
    "previous", "existing", "earlier", "past", "prior", "future", "similar",
    "additional", "more", "multiple", "dozen", "dozens", "was", "were", "is", "are", "be",
    "been", "has", "have", "had", "will", "would", "could", "should", "may", "might", "said",
    "also", "which", "who", "whose", "out",
}
# A mention preceded by these is a generic reference, never a new document.
_GENERIC_RE = re.compile(
    r"\b(?:previous|existing|earlier|past|prior|future|any|such|other|similar|all|bilateral"
    r"\s+and\s+multilateral)\s+$",
    re.IGNORECASE,
)
_GENERIC_AFTER_RE = re.compile(r"^\s*(?:framework|format|process|mechanism|texts?)\b", re.I)
_A_FILLER = {
    "was", "were", "is", "are", "be", "been", "being", "has", "have", "had", "will", "would",
    "could", "should", "may", "might", "must", "can", "shall", "not", "never", "yet", "also",
    "now", "already", "just", "to", "which", "that", "and", "both", "soon", "today", "then",
    "expected", "likely", "set", "due", "scheduled", "planned", "going", "n't", "about",
    "recently", "formally", "officially", "finally", "successfully", "reportedly", "jointly",
    "eventually", "all",
}
_B_FILLER = {
    "a", "an", "the", "this", "these", "its", "their", "his", "her", "our", "both", "also",
    "several", "some", "number", "of", "series", "total", "key", "new", "major", "important",
    "landmark", "historic", "bilateral", "various", "multiple", "further", "additional", "more",
    "dozen", "dozens", "including", "include", "includes", "included", "and", "as", "well",
    "ceremony", "ceremonies", "up", "jointly", "formally", "officially", "today", "yesterday",
    "on", "first", "very", "significant", "no", "not", "out",
} | set(_NUMBER_WORDS) | {"one"} | {
    "comprehensive", "detailed", "wide-ranging", "broad", "so-called", "long-awaited",
    "previous", "existing", "earlier", "past", "prior", "future", "similar", "latest",
    "recent", "crucial", "formal", "final", "important",
}
_WITH_PARTY_RE = re.compile(
    r"\b(?:with|between)\s+(?:(?:the|and|of|[A-Z][\w'’.\-]*)\s*){1,6}", re.UNICODE
)
_TOKEN_RE = re.compile(r"[\w'’\-]+")

_PLANNED_RE = re.compile(
    r"\b(?:will|shall|would|could|may|might|to\s+be|expected|set\s+to|due\s+to|plans?|planned"
    r"|planning|intends?|intended|aims?|hopes?|hoped|ready|scheduled|likely|going\s+to|seeks?"
    r"|wants?|proposed|upcoming|prepar\w*|committed\s+to|once|soon|next|pending)\b|'ll\b",
    re.IGNORECASE,
)
_NOMINAL_PLANNED_RE = re.compile(r"\b(?:for|ahead\s+of|before|witness)\b", re.IGNORECASE)
_TO_BEFORE_RE = re.compile(r"\bto\s+$", re.IGNORECASE)
_NEGATED_RE = re.compile(
    r"\b(?:not|no|never|neither|nor|without|failed|fails|refused|refuses|denied|denies"
    r"|yet\s+to|if|unless|whether)\b|n't\b",
    re.IGNORECASE,
)
_PLANNED_AFTER_RE = re.compile(
    r"^\W*(?:soon|later|shortly|next|in\s+the\s+coming|in\s+(?:the\s+)?future|at\s+a\s+later)\b",
    re.IGNORECASE,
)

_TOPIC_INTRO_RE = re.compile(
    r"^\s*(?:\([^()]{0,40}\)\s*)?[”\"'’]?\s*"
    r"(?P<prep>on(?!\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January"
    r"|February|March|April|May|June|July|August|September|October|November|December|\d|the\s+"
    r"(?:sidelines|occasion|eve|day)))"
    r"|in\s+the\s+(?:fields?|spheres?|areas?|domains?)\s+of|in\s+the\s+sector\s+of"
    r"|in(?=\s+[a-z])(?!\s+(?:principle|the\s+(?:presence|capital|city|framework|course"
    r"|context|wake|run-up|past|end)|line|order|connection|which|accordance|\w+ly\b))"
    r"|for(?!\s+the\s+first\s+time)|concerning|regarding|about"
    r"|over(?!\s+the\s+(?:weekend|past|last|next))"
    r"|to(?!\s+(?:be|been|have|take|come|enter|go|sign|ink|conclude|finali[sz]e|seal)\b))\s+",
)
_TOPIC_END_RE = re.compile(
    r"[,;:.!?()\[\]—–\"“”]|\s(?:between|during|at|with|was|were|is|are|has|have|had|will"
    r"|would|could|should|may|might|to\s+be|signed|inked|concluded|exchanged|finali[sz]ed"
    r"|sealed|reached|which|that|who|while|whereas|as\s+well\s+as|as\s+part\s+of|under|after"
    r"|before|last|this|next|said|says|told|in\s+the\s+presence|by\s+(?:the|both|[A-Z])"
    r"|on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
    r"|April|May|June|July|August|September|October|November|December|(?=\d))"
    r"|in\s+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|(?=\d)|(?=[A-Z]))|and\s+(?:signed|inked|exchanged|agreed|discussed|held|also)"
    r"|and\s+(?:on|in\s+the\s+fields?\s+of|for)(?=\s)"
    r"|and\s+(?:a|an|the)\s+(?=(?:agreement|memorand|mou|contract|deal|treaty|protocol)))\b",
)
_MORE_TOPIC_RE = re.compile(r"^(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+(?:and|as\s+well\s+as)\s+)")
_INFINITIVE_LEAD_RE = re.compile(
    r"^(?:set\s+up|establish|create|launch|form|build)\s+(?:a|an|the)?\s*", re.IGNORECASE
)
_ITEM_PREFIX_RE = re.compile(
    r"^(?:and\s+|as\s+well\s+as\s+|also\s+)?(?:the\s+|a\s+|an\s+|one\s+)?"
    r"(?:(?:projects?|documents?|ones?|those|that|one|papers?)\s+"
    r"(?:focused\s+on|focusing\s+on|on|in\s+the\s+fields?\s+of|concerning|regarding|for|to)\s+)?"
    r"(?:on\s+|in\s+the\s+fields?\s+of\s+|for\s+|to\s+)?(?:the\s+)?",
    re.IGNORECASE,
)
_CONTRACT_ITEM_RE = re.compile(
    r"^(?:supply|supplies|delivery|deliveries|purchase|procurement|sale|export|import)\s+of\b",
    re.IGNORECASE,
)
_LIST_INTRO_RE = re.compile(
    r"^\s*(?:(?:were|was|have\s+been|has\s+been)\s+)?(?:,\s*)?(?:\s*(?:including|includ(?:e|es|ed)"
    r"|namely|such\s+as|among\s+them|notably)\b\s*:?|:)\s*",
    re.IGNORECASE,
)
_REPORTING_RE = re.compile(
    r"\b(?:said|says|told|reported|reports|according|announced|added|noted|stated)\b", re.I
)
_CLAUSE_CUT_RE = re.compile(r"[,;:]|\b(?:but|while|whereas|although|though)\b", re.IGNORECASE)
_LINK_REACH = 200  # a verb farther than this from its document is not its verb (and it is fast)
_DEFINITE_RE = re.compile(r"\b(?:the|this|that)\s+$", re.IGNORECASE)


@dataclass
class _Mention:
    kind: str  # an AgreementKind, or "documents" for a list head
    start: int  # start of the noun phrase (after determiners)
    noun_start: int
    noun_end: int
    end: int  # end of the topic when it follows the noun
    topics: list[str] = field(default_factory=list)
    definite: bool = False
    generic: bool = False

    @property
    def topicless(self) -> bool:
        return not self.topics


@dataclass
class _Mentions:
    """Mentions in text order with their ends, for bisecting (long sentences stay linear)."""

    items: list[_Mention]
    ends: list[int]


@dataclass
class _Triggers:
    matches: list[re.Match[str]]
    starts: list[int]


@dataclass
class _Found:
    agreement: Agreement
    sentence_index: int
    topicless: bool
    definite: bool


def extract_agreements(doc: Document, context_parties: list[str]) -> list[Agreement]:
    """Every document reported as signed, planned or denied, in article order."""
    found: list[_Found] = []
    for sentence in doc.sentences:
        text = doc.text[sentence.start : sentence.end]
        if not (_QUICK_NOUN_RE.search(text) and _QUICK_TRIGGER_RE.search(text)):
            continue
        found.extend(_sentence_agreements(doc, sentence, text, context_parties))
    return _prune(found)


def _sentence_agreements(
    doc: Document, sentence: Sentence, text: str, context_parties: list[str]
) -> list[_Found]:
    mentions = _mentions(text)
    if not mentions:
        return []
    matches = [m for m in _TRIGGER_RE.finditer(text) if _is_trigger(text, m)]
    if not matches:
        return []
    triggers = _Triggers(matches, [m.start() for m in matches])
    indexed = _Mentions(mentions, [m.end for m in mentions])
    evidence = _evidence(doc, sentence, text)
    results: list[_Found] = []
    consumed_until = -1
    for mention in mentions:
        if mention.start < consumed_until or mention.generic:
            continue
        link = _link(text, mention, indexed, triggers)
        if link is None:
            continue
        trigger, status = link
        items, list_end = _list_items(text, mention, trigger)
        from_list = bool(items)
        if items:
            consumed_until = list_end
        elif mention.kind == "documents":
            continue
        else:
            items = [(_as_kind(mention.kind), topic) for topic in mention.topics] or [
                (_as_kind(mention.kind), _noun_phrase(text, mention))
            ]
        parties = _parties(sentence, text, mention, trigger, context_parties)
        date = _date(sentence, trigger.start())
        for kind, topic in items:
            agreement = Agreement(
                topic=topic,
                kind=kind,
                parties=parties,
                date=date.value if date else None,
                date_precision=date.precision if date else None,
                status=status,
                evidence=evidence,
            )
            results.append(
                _Found(
                    agreement,
                    sentence.index,
                    topicless=mention.topicless and not from_list,
                    definite=mention.definite,
                )
            )
    return results


def _as_kind(kind: str) -> AgreementKind:
    return _KINDS.get(kind, "agreement")


def _fits(trigger: re.Match[str], kind: str) -> bool:
    """One issues a statement and reaches an agreement; neither fits the other documents."""
    word = trigger.group(0).lower()
    if word.startswith("issu"):
        return kind == "declaration"
    if word.startswith("reach"):
        return kind in ("agreement", "deal", "contract", "treaty")
    return True


def _is_trigger(text: str, match: re.Match[str]) -> bool:
    """Drop the noun "sign" ("a sign of goodwill", "as a sign that")."""
    word = match.group(0).lower()
    if word in ("sign", "signs"):
        before = text[max(0, match.start() - 6) : match.start()].lower()
        return not re.search(r"\b(?:a|the|as)\s+$", before)
    return True


def _mentions(text: str) -> list[_Mention]:
    mentions: list[_Mention] = []
    last_end = -1
    for match in _NOUN_RE.finditer(text):
        if match.start() < last_end:
            continue
        kind = match.lastgroup or "agreement"
        noun = match.group(0)
        before = text[max(0, match.start() - 40) : match.start()]
        after = text[match.end() : match.end() + 30]
        if kind == "deal" and (
            re.search(r"\b(?:great|good|to|would|will|can|could|must)\s+$", before, re.I)
            or re.match(r"^\s+(?:of|with)\b", after, re.I)
        ):
            continue
        if kind == "agreement" and noun.lower().startswith("accord") and re.search(
            r"\b(?:own|in)\s+$", before, re.I
        ):
            continue
        pre_start, pre_topic = _premodifier(text, match.start())
        lead = text[max(0, pre_start - 40) : pre_start]
        topics, end = _post_topics(text, match.end(), kind)
        mention = _Mention(
            kind=kind,
            start=pre_start,
            noun_start=match.start(),
            noun_end=match.end(),
            end=end,
            topics=topics or ([pre_topic] if pre_topic else []),
            definite=bool(_DEFINITE_RE.search(lead)) and not pre_topic and not topics,
            generic=bool(_GENERIC_RE.search(lead)) or bool(_GENERIC_AFTER_RE.match(after)),
        )
        mentions.append(mention)
        last_end = end
    return mentions


def _premodifier(text: str, noun_start: int) -> tuple[int, str]:
    """Walk left over the words that qualify the noun: "free trade" in "a free trade agreement"."""
    pos = noun_start
    words: list[str] = []
    start = noun_start
    while len(words) < 6:
        match = re.search(r"([\w'’\-]+)([\s“”\"'‘’]*)$", text[max(0, pos - 60) : pos])
        if not match:
            break
        word = match.group(1)
        gap = match.group(2)
        if "\n" in gap and words:
            break
        clean = word.strip("'’").lower()
        if (
            clean in _PRE_STOP
            or clean in _NUMBER_WORDS
            or clean == "one"
            or clean.isdigit()
            or _TRIGGER_RE.fullmatch(clean)
            or clean.endswith("ly")
        ):
            break
        word_start = pos - len(match.group(0))
        words.insert(0, word.strip("'’"))
        start = word_start
        pos = word_start
    return start, " ".join(words)


def _post_topics(text: str, noun_end: int, kind: str) -> tuple[list[str], int]:
    """Topics after the noun, several when they are enumerated ("on A, and on B")."""
    rest = text[noun_end : noun_end + 600]  # topics are short; long sentences stay linear
    intro = _TOPIC_INTRO_RE.match(rest)
    if not intro:
        return [], noun_end
    prep = intro.group("prep").lower()
    topics: list[str] = []
    pos = intro.end()
    end = noun_end
    while True:
        body = rest[pos:]
        stop = _TOPIC_END_RE.search(body)
        topic = body[: stop.start()] if stop else body
        topic = _clean_topic(topic, prep)
        if not topic:
            break
        topics.append(topic)
        end = noun_end + pos + len(body[: stop.start()] if stop else body)
        more = _MORE_TOPIC_RE.match(rest[end - noun_end :])
        if not more or len(topics) >= 8:
            break
        again = _TOPIC_INTRO_RE.match(rest[end - noun_end + more.end() :])
        if not again:
            break
        pos = end - noun_end + more.end() + again.end()
    return topics, end


def _clean_topic(topic: str, prep: str) -> str:
    topic = topic.strip().strip("“”\"'’‘")
    if prep == "to":
        topic = _INFINITIVE_LEAD_RE.sub("", topic)
    topic = re.sub(r"^(?:the|a|an)\s+", "", topic, flags=re.IGNORECASE)
    words = topic.split()
    if len(words) > 14:
        topic = " ".join(words[:14])
    return topic.strip(" ,;")


def _noun_phrase(text: str, mention: _Mention) -> str:
    """Fallback topic when the text gives none: the noun phrase itself ("seven MoUs")."""
    lead = text[max(0, mention.start - 30) : mention.start]
    quantifier = re.search(
        r"\b(\d+|several|" + "|".join(_NUMBER_WORDS) + r")\s+(?:(?:key|new|major)\s+)?$",
        lead,
        re.IGNORECASE,
    )
    phrase = text[mention.start : mention.noun_end]
    if quantifier:
        phrase = f"{quantifier.group(1)} {phrase}"
    return " ".join(phrase.split()).strip("“”\"'’‘")


def _link(
    text: str, mention: _Mention, mentions: _Mentions, triggers: _Triggers
) -> tuple[re.Match[str], Status] | None:
    """The signing verb that governs the mention, and the status it reports, if any.

    The nearest verb that links on each side is taken (a farther one on the same side would
    have the nearer one in its gap), and the nearer of the two wins.
    """
    after = _link_after(text, mention, mentions, triggers)
    before = _link_before(text, mention, mentions, triggers)
    if after is None or (before is not None and before[0] < after[0]):
        after = before
    return (after[1], after[2]) if after else None


def _link_after(
    text: str, mention: _Mention, mentions: _Mentions, triggers: _Triggers
) -> tuple[int, re.Match[str], Status] | None:
    """Noun ... verb: a passive ("were signed") or a reduced relative ("an accord signed in")."""
    first = bisect_left(triggers.starts, mention.end)
    for n in range(first, len(triggers.matches)):
        trigger = triggers.matches[n]
        distance = trigger.start() - mention.end
        if distance > _LINK_REACH:
            break
        if not _PARTICIPLE_RE.match(trigger.group(0)) or not _fits(trigger, mention.kind):
            continue
        gap = _strip_mentions(text, mention.end, trigger.start(), mentions)
        if len(gap) > 80 or not _only_filler(gap, _A_FILLER):
            continue
        lead = _last_words(text[max(0, mention.start - 40) : mention.start], 3)
        after = text[trigger.end() : trigger.end() + 25]
        return distance, trigger, _status(lead + " " + gap, after, nominal=False)
    return None


def _link_before(
    text: str, mention: _Mention, mentions: _Mentions, triggers: _Triggers
) -> tuple[int, re.Match[str], Status] | None:
    """Verb ... noun: the document is the object ("inked two MoUs", "the signing of X")."""
    last = bisect_right(triggers.starts, mention.start) - 1
    for n in range(last, -1, -1):
        trigger = triggers.matches[n]
        distance = mention.start - trigger.end()
        if distance > _LINK_REACH:
            break
        if distance < 0 or not _fits(trigger, mention.kind):
            continue
        gap = _WITH_PARTY_RE.sub(" ", _strip_mentions(text, trigger.end(), mention.start, mentions))
        if len(gap) > 80 or not _only_filler(gap, _B_FILLER):
            continue
        lead = _clause_tail(text[max(0, trigger.start() - 70) : trigger.start()])
        nominal = bool(_NOMINAL_RE.match(trigger.group(0)))
        if _TO_BEFORE_RE.search(lead) and not nominal:
            return distance, trigger, "planned"
        after = text[mention.end : mention.end + 25]
        return distance, trigger, _status(lead + " " + gap, after, nominal=nominal)
    return None


def _strip_mentions(text: str, start: int, end: int, mentions: _Mentions) -> str:
    """The words between two points with the other document mentions cut out (list members)."""
    pieces: list[str] = []
    pos = start
    first = max(0, bisect_left(mentions.ends, start) - 1)
    for n in range(first, len(mentions.items)):
        other = mentions.items[n]
        if other.start >= end:
            break
        if other.end <= start:
            continue
        pieces.append(text[pos : max(pos, other.start)])
        pos = max(pos, other.end)
    pieces.append(text[pos:end])
    return " ".join(pieces)


def _only_filler(gap: str, allowed: set[str]) -> bool:
    for token in _TOKEN_RE.findall(gap):
        word = token.strip("'’").lower()
        if not word or word in allowed or word.isdigit() or word.endswith("ly"):
            continue
        if word == "n't" or word.endswith("n't"):
            continue
        return False
    return not re.search(r"[.!?]\s", gap)


def _clause_tail(lead: str) -> str:
    """The part of the left context in the same clause as what follows it."""
    cuts = list(_CLAUSE_CUT_RE.finditer(lead))
    return lead[cuts[-1].end() :] if cuts else lead


def _last_words(lead: str, count: int) -> str:
    """The determiner zone of a subject: "no" in "no agreements", "If a" in "If a deal"."""
    words = lead.split()[-count:]
    return _clause_tail(" ".join(words) + " ")


def _status(window: str, after: str, *, nominal: bool) -> Status:
    if _NEGATED_RE.search(window):
        return "hypothetical"
    if _PLANNED_RE.search(window) or _PLANNED_AFTER_RE.search(after):
        return "planned"
    if nominal and _NOMINAL_PLANNED_RE.search(window):
        return "planned"
    return "occurred"


def _list_items(
    text: str, mention: _Mention, trigger: re.Match[str]
) -> tuple[list[tuple[AgreementKind, str]], int]:
    """Items enumerated after a mention ("including A, B and C"), and where the list ends."""
    anchor = max(mention.end, trigger.end()) if trigger.start() >= mention.end else mention.end
    intro = _LIST_INTRO_RE.match(text[anchor:])
    if not intro:
        return [], anchor
    start = anchor + intro.end()
    body = text[start:]
    stop = re.search(r"\s[—–]\s|\(|[.!?](?:\s|$)", body)
    body = body[: stop.start()] if stop else body
    end = start + len(body)
    separator = ";" if ";" in body else ","
    parts = [p.strip() for p in body.split(separator)]
    parts = [p for p in parts if p]
    if separator == "," and len(parts) >= 2 and not re.match(r"^and\s", parts[-1], re.I):
        last = parts.pop()
        head, sep, tail = last.rpartition(" and ")
        parts.extend([head, tail] if sep and head else [last])
    items: list[tuple[AgreementKind, str]] = []
    default = _as_kind(mention.kind)
    for part in parts:
        if _REPORTING_RE.search(part):
            break
        own = [m for m in _mentions(part) if m.kind != "documents"]
        if own and own[0].start <= 12:  # "an agreement on A and a memorandum on B"
            for mention in own:
                for topic in mention.topics or [_noun_phrase(part, mention)]:
                    items.append((_as_kind(mention.kind), " ".join(topic.split())))
            continue
        topic = _ITEM_PREFIX_RE.sub("", part, count=1).strip(" .“”\"'’")
        kind = "contract" if _CONTRACT_ITEM_RE.match(topic) else default
        if topic:
            items.append((kind, " ".join(topic.split())))
    return items, end


def _parties(
    sentence: Sentence,
    text: str,
    mention: _Mention,
    trigger: re.Match[str],
    context_parties: list[str],
) -> list[str]:
    offset = sentence.start
    inside = _codes_between(sentence, offset + mention.start, offset + mention.end)
    if len(inside) >= 2:
        return inside
    span_end = max(mention.end, trigger.end())
    between = re.search(r"\bbetween\b", text[mention.noun_start : span_end + 40])
    if between:
        b_start = mention.noun_start + between.end()
        stop = re.search(r"[,;.]|\b(?:that|which|on|in|during)\b", text[b_start:])
        b_end = b_start + (stop.start() if stop else len(text) - b_start)
        codes = _codes_between(sentence, offset + b_start, offset + b_end)
        if len(codes) >= 2:
            return codes
    codes = _codes_between(sentence, offset, offset + len(text))
    if len(codes) >= 2:
        return codes
    if len(codes) == 1 and codes[0] not in context_parties:
        return codes + [c for c in context_parties if c != codes[0]]
    return list(dict.fromkeys(context_parties))


def _codes_between(sentence: Sentence, start: int, end: int) -> list[str]:
    codes = [a.code for a in sentence.actors if a.code and start <= a.start and a.end <= end]
    return list(dict.fromkeys(codes))


def _date(sentence: Sentence, trigger_offset: int) -> DateMention | None:
    resolved = [d for d in sentence.dates if d.value]
    if not resolved:
        return None
    at = sentence.start + trigger_offset
    return min(resolved, key=lambda d: min(abs(d.start - at), abs(d.end - at)))


def _evidence(doc: Document, sentence: Sentence, text: str) -> Evidence:
    lead = len(text) - len(text.lstrip())
    start = sentence.start + lead
    end = sentence.start + len(text.rstrip())
    end = max(start, end)
    return Evidence(start=start, end=end, text=doc.text[start:end])


def _prune(found: list[_Found]) -> list[Agreement]:
    """Drop vague repeats of documents reported specifically nearby, and exact duplicates."""
    kept: list[Agreement] = []
    seen: set[tuple[str, str, tuple[str, ...], str]] = set()
    specific = [f for f in found if not f.topicless]
    for i, item in enumerate(found):
        if item.topicless:
            near = any(abs(s.sentence_index - item.sentence_index) <= 1 for s in specific)
            earlier = any(
                f.agreement.kind == item.agreement.kind for f in found[:i]
            )
            if near or (item.definite and earlier):
                continue
        agreement = item.agreement
        key = (
            agreement.kind,
            agreement.topic.lower(),
            tuple(sorted(agreement.parties)),
            agreement.status,
        )
        if key in seen:
            continue
        seen.add(key)
        kept.append(agreement)
    return kept
