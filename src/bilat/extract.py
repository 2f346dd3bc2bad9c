"""``extract(article) -> Extraction``: the pure extractor every executor calls.

Steps: split sentences; screen each one cheaply (gazetteer, trigger prefix, office titles) and
parse only those that can hold an interstate event or an official; find actors, triggers, roles,
status, dates and places; merge mentions of the same interaction; add people, agreements and
figures. Articles are processed in small batches so spaCy can batch the parsing while input and
output stay streamed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Literal

from bilat import __version__
from bilat.article import Article
from bilat.knowledge.gazetteer import is_state
from bilat.knowledge.officeholders import OfficeHolders, load_officeholders
from bilat.knowledge.offices import find_titles
from bilat.knowledge.outlets import outlet_country
from bilat.knowledge.triggers import load_lexicon
from bilat.nlp import events as ev
from bilat.nlp.actors import (
    _BOTH,
    _COUNTERPART,
    ArticleActors,
    find_actors,
    gazetteer_actors,
    main_dyad,
    note_pair,
)
from bilat.nlp.agreements import extract_agreements
from bilat.nlp.dates import find_dates, parse_published
from bilat.nlp.document import ActorMention, Document, Sentence
from bilat.nlp.figures import extract_figures
from bilat.nlp.pipeline import MODEL_NAME, parse_texts
from bilat.nlp.places import resolve_place
from bilat.nlp.sentences import split_sentences
from bilat.schema import (
    Actor,
    Agreement,
    ArticleMeta,
    Event,
    Evidence,
    Extraction,
    Mention,
    Person,
)

EXTRACTOR_VERSION = __version__
_PERSON_SOURCES: dict[str, Literal["text", "knowledge-base", "corpus"]] = {
    "knowledge-base": "knowledge-base",
    "corpus": "corpus",
}
MAX_SENTENCE_CHARS = 1500  # longer "sentences" are tables or lists: not parsed
_CAPITALISED_NAME = re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+)+\b")


@dataclass
class _Prepared:
    doc: Document
    dyad: tuple[str, ...]
    to_parse: list[Sentence]


def _prepare(article: Article) -> _Prepared:
    published = parse_published(article.published)
    doc = Document(article=article, published=published, warnings=list(article.warnings))
    if published is None:
        doc.warnings.append("no publication date: relative dates are left unresolved")
    lexicon = load_lexicon()
    text = article.text
    for index, (start, end) in enumerate(split_sentences(text)):
        sentence = Sentence(start=start, end=end, text=text[start:end], index=index)
        sentence.actors = gazetteer_actors(sentence)
        doc.sentences.append(sentence)
    dyad = main_dyad(doc.sentences)
    to_parse = []
    # Sentences near a mention of a state may continue its story without naming it again
    # ("Concluding the meeting, several agreements were signed").
    near_actor = {
        s.index + d for s in doc.sentences if s.actors for d in (-1, 0, 1, 2)
    } if len(dyad) == 2 else set()
    for sentence in doc.sentences:
        if len(sentence.text) > MAX_SENTENCE_CHARS:
            continue
        has_trigger = lexicon.prefilter.search(sentence.text) is not None
        has_actor = (
            bool(sentence.actors)
            or sentence.index in near_actor
            or bool(_BOTH.search(sentence.text) or _COUNTERPART.search(sentence.text))
        )
        has_official = bool(find_titles(sentence.text))
        if (has_trigger and (has_actor or has_official or _maybe_named(sentence.text))) or (
            has_official and _CAPITALISED_NAME.search(sentence.text)
        ):
            sentence.candidate = True
            to_parse.append(sentence)
    return _Prepared(doc, dyad, to_parse)


def _maybe_named(text: str) -> bool:
    """A capitalised word inside the sentence may be a known official ("Putin said")."""
    return any(m.start() > 0 for m in re.finditer(r"\b[A-Z][a-z]{2,}", text))


def _finish(prepared: _Prepared, officeholders: OfficeHolders | None = None) -> Extraction:
    doc, dyad = prepared.doc, prepared.dyad
    article = doc.article
    state = ArticleActors(published=doc.published, dyad=dyad, home=_home_country(doc),
                          officeholders=officeholders or load_officeholders())
    drafts: list[ev.EventDraft] = []
    last_person: ActorMention | None = None
    for sentence in doc.sentences:
        sentence.dates = find_dates(sentence.text, doc.published, sentence.start)
        if sentence.span is not None:
            sentence.actors = find_actors(sentence, state)
            note_pair(sentence.actors, state)
            drafts.extend(ev.sentence_events(sentence, dyad, last_person))
        last_person = next(
            (a for a in reversed(sentence.actors) if a.kind == "person"), last_person
        )
    ev.attach_dates(drafts, doc)
    ev.attach_places(drafts, doc)
    merged = ev.merge_events(drafts)
    events = [_event(article, i, d) for i, d in enumerate(merged, 1)]
    agreements = _agreements(doc, dyad, merged)
    figures = extract_figures(doc, list(dyad))
    for sentence in doc.sentences:
        sentence.span = None  # release the spaCy objects before the next batch
    return Extraction(
        article=_meta(article),
        events=events,
        people=_people(state),
        agreements=agreements,
        figures=figures,
        warnings=doc.warnings,
    )


def _meta(article: Article) -> ArticleMeta:
    return ArticleMeta(
        id=article.id, url=article.url, outlet=article.outlet, title=article.title,
        author=article.author, published=article.published, language=article.language,
        source=article.source, text_length=len(article.text), extractor_version=EXTRACTOR_VERSION,
    )


def _home_country(doc: Document) -> str | None:
    """Where officials named without a country most likely serve (see ``knowledge.outlets``)."""
    article = doc.article
    if article.dateline_place:
        place = resolve_place(article.dateline_place)
        if place is not None and place.country:
            return place.country
    home = outlet_country(article.outlet, article.url)
    if home is not None:
        return home
    counts = Counter(a.code for s in doc.sentences for a in s.actors if is_state(a.code))
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return ranked[0][0]
    return None


def _evidence(text: str, start: int, end: int) -> Evidence:
    return Evidence(start=start, end=end, text=text[start:end])


def _event(article: Article, ordinal: int, draft: ev.EventDraft) -> Event:
    text = article.text
    sentence = draft.sentence
    date = draft.date
    return Event(
        id=f"{article.id}-e{ordinal}",
        type=draft.type,  # type: ignore[arg-type]
        mode=draft.mode,
        contexts=draft.contexts,
        cameo=draft.cameo,
        goldstein=draft.goldstein,
        plover_score=draft.plover_score,
        source=[Actor(**a) for a in ev.actors_payload(draft.source)],
        target=[Actor(**a) for a in ev.actors_payload(draft.target)],
        date=date.value if date else None,
        date_precision=date.precision if date else None,
        date_resolution=draft.date_resolution or "none",
        date_text=date.text if date and date.text else None,
        location=draft.location,
        status=draft.status,  # type: ignore[arg-type]
        negated=draft.negated,
        evidence=_evidence(text, sentence.start, sentence.end),
        trigger=_evidence(text, draft.trigger_start, draft.trigger_end),
        mentions=[_evidence(text, s, e) for s, e in draft.mentions],
        confidence=round(draft.confidence, 2),
    )


def _people(state: ArticleActors) -> list[Person]:
    people = []
    for record in state.people.values():
        if record.role is None or record.country is None:
            continue
        people.append(
            Person(
                name=record.name,
                role=record.role,
                office=record.office,
                country=record.country,
                source=_PERSON_SOURCES.get(record.source, "text"),
                mentions=[Mention(start=s, end=e) for s, e in sorted(set(record.mentions))],
            )
        )
    return people


def _agreements(
    doc: Document, dyad: tuple[str, ...], events: list[ev.EventDraft]
) -> list[Agreement]:
    """Agreements as found, dated by the signing reported with them: the event in the same
    sentence, else an event of the two sentences before ("...several agreements were signed.
    They include A, B and C.")."""
    found = extract_agreements(doc, list(dyad))
    dated = [e for e in events if e.date is not None and e.type in {"SUPPORT", "CONSULT"}]
    kept = []
    for agreement in found:
        if agreement.status != "occurred":
            continue
        event = _signing_for(agreement, doc, dated)
        signed = event is not None and event.date is not None and event.status == "occurred"
        if event is not None and event.date is not None and (agreement.date is None or signed):
            # the signing reported with it dates the document ("during the 2020 season" is
            # what the document is about, not when it was signed)
            agreement.date = event.date.value
            agreement.date_precision = event.date.precision
            agreement.location = agreement.location or event.location
        if agreement.date and doc.published and agreement.date > doc.published.isoformat():
            continue  # dated after publication: to be signed, not signed
        kept.append(agreement)
    return kept


def _signing_for(
    agreement: Agreement, doc: Document, events: list[ev.EventDraft]
) -> ev.EventDraft | None:
    where = agreement.evidence.start
    index = next((s.index for s in doc.sentences if s.start <= where < s.end + 1), None)
    if index is None:
        return None
    for distance in (0, 1, 2):
        for event in events:
            spans = [(event.sentence.start, event.sentence.end), *event.mentions]
            indices = {s.index for s in doc.sentences for a, b in spans if s.start == a}
            if index - distance in indices and (
                distance == 0 or event.type == "SUPPORT" or event.date_resolution != "none"
            ):
                return event
    return None


class Extractor:
    """Holds the model name and batch size; the model itself is loaded once per process.

    ``officeholders`` replaces the packaged knowledge base of who holds which office, e.g.
    with a :class:`~bilat.knowledge.officeholders.LayeredOfficeHolders` that also knows the
    officials a corpus has learnt.
    """

    def __init__(
        self,
        model: str = MODEL_NAME,
        batch_articles: int = 16,
        officeholders: OfficeHolders | None = None,
    ) -> None:
        self.model = model
        self.batch_articles = batch_articles
        self.officeholders = officeholders

    def extract(self, article: Article) -> Extraction:
        return next(iter(self.extract_many([article])))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        iterator = iter(articles)
        while batch := list(islice(iterator, self.batch_articles)):
            prepared = [_prepare(a) if is_english(a.language) else None for a in batch]
            sentences = [s for p in prepared if p is not None for s in p.to_parse]
            for sentence, parsed in zip(
                sentences, parse_texts((s.text for s in sentences), self.model), strict=True
            ):
                sentence.span = parsed[:]
            for article, item in zip(batch, prepared, strict=True):
                yield _finish(item, self.officeholders) if item else _not_english(article)


def is_english(language: str | None) -> bool:
    """Whether an article is for the English rules and model: English, or not said."""
    return not language or language.strip().lower().replace("_", "-").split("-")[0] in (
        "en", "eng", "")


def _not_english(article: Article) -> Extraction:
    """An article in another language (a multilingual archive such as CC-NEWS): not read, so
    that the English rules make nothing up from it; the warning says why it is empty."""
    return Extraction(article=_meta(article), warnings=[
        f"not extracted: written in {article.language!r}, and bilat reads English"])


def extract_safely(
    extractor: Extractor,
    articles: Iterable[Article],
    on_failure: Callable[[Article, Exception], None],
) -> Iterator[tuple[Article, Extraction]]:
    """Each article with its extraction, in order; an article that breaks the extractor is
    handed to ``on_failure`` and skipped, and never costs the others of its batch (the batch
    is redone one article at a time)."""
    pending = iter(articles)
    while batch := list(islice(pending, extractor.batch_articles)):
        try:
            yield from zip(batch, list(extractor.extract_many(batch)), strict=True)
        except Exception:  # noqa: BLE001 - a bug on one article must not lose the others
            for article in batch:
                try:
                    yield article, extractor.extract(article)
                except Exception as exc:  # noqa: BLE001
                    on_failure(article, exc)


_DEFAULT: Extractor | None = None


def extract(article: Article) -> Extraction:
    """Extract one article with the default model (loaded on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT.extract(article)
