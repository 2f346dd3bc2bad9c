"""Agreements: kinds, topics, lists, status, parties and evidence on hand-built sentences."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilat.article import Article
from bilat.nlp.agreements import extract_agreements
from bilat.nlp.document import ActorMention, DateMention, Document, Precision, Sentence
from bilat.schema import Agreement

CODES = {
    "Georgia": "GEO", "Armenia": "ARM", "Armenian": "ARM", "Georgian": "GEO", "Chile": "CHL",
    "Peru": "PER", "Kenya": "KEN", "Tanzania": "TZA", "Norway": "NOR", "Vietnam": "VNM",
}
CONTEXT = ["GEO", "ARM"]


def make_doc(*sentences: str, dates: dict[str, str] | None = None) -> Document:
    """An article of the given sentences, with actors found by exact names in ``CODES``."""
    text = "Opening paragraph of the report. " + " ".join(sentences)
    parts: list[Sentence] = []
    pos = 0
    for index, sentence in enumerate(["Opening paragraph of the report.", *sentences]):
        start = text.index(sentence, pos)
        end = start + len(sentence)
        actors = []
        for name, code in CODES.items():
            at = sentence.find(name)
            while at >= 0:
                before = sentence[at - 1] if at else " "
                after = sentence[at + len(name) : at + len(name) + 1] or " "
                if not before.isalpha() and not after.isalpha():
                    actors.append(
                        ActorMention(start + at, start + at + len(name), name, code, "country")
                    )
                at = sentence.find(name, at + 1)
        found_dates = []
        for phrase, value in (dates or {}).items():
            at = sentence.find(phrase)
            if at >= 0:
                precision: Precision = (
                    "day" if len(value) == 10 else "month" if len(value) == 7 else "year"
                )
                found_dates.append(
                    DateMention(start + at, start + at + len(phrase), phrase, value, precision,
                                "explicit")
                )
        actors.sort(key=lambda a: a.start)
        parts.append(Sentence(start, end, sentence, index, actors, found_dates))
        pos = end
    return Document(Article(text=text), dt.date(2024, 5, 10), parts)


def occurred(doc: Document) -> list[Agreement]:
    return [a for a in extract_agreements(doc, CONTEXT) if a.status == "occurred"]


@pytest.mark.parametrize(
    ("sentence", "kind", "topic"),
    [
        ("Georgia and Armenia signed an agreement on visa exemption.", "agreement",
         "visa exemption"),
        ("Georgia and Armenia signed a memorandum of understanding in the field of tourism.",
         "mou", "tourism"),
        ("The ministers inked an MoU on cooperation in higher education.", "mou",
         "cooperation in higher education"),
        ("Georgia and Armenia concluded a treaty on the demarcation of their border.", "treaty",
         "demarcation of their border"),
        ("A contract for the supply of firefighting vehicles was signed.", "contract",
         "supply of firefighting vehicles"),
        ("Georgia and Armenia sealed a deal on gas transit.", "deal", "gas transit"),
        ("The presidents signed a joint declaration on strategic partnership.", "declaration",
         "strategic partnership"),
        ("The two leaders issued a joint statement on regional security.", "declaration",
         "regional security"),
        ("Georgia and Armenia signed a free trade agreement.", "agreement", "free trade"),
        ("The two sides finalised a debt restructuring accord.", "agreement",
         "debt restructuring"),
        ("The two ministers exchanged a protocol on customs cooperation.", "agreement",
         "customs cooperation"),
        ("The ceasefire agreement reached between Georgia and Armenia took effect.", "agreement",
         "ceasefire"),
    ],
)
def test_kinds_and_topics(sentence: str, kind: str, topic: str) -> None:
    found = occurred(make_doc(sentence))
    assert [(a.kind, a.topic) for a in found] == [(kind, topic)]


def test_list_with_including_gives_one_record_per_item() -> None:
    doc = make_doc(
        "Concluding the talks, several agreements were signed, including projects on road "
        "maintenance in the north, cooperation in veterinary science, and the supply of "
        "school buses."
    )
    found = occurred(doc)
    assert [(a.kind, a.topic) for a in found] == [
        ("agreement", "road maintenance in the north"),
        ("agreement", "cooperation in veterinary science"),
        ("contract", "supply of school buses"),
    ]
    assert all(a.parties == CONTEXT for a in found)


def test_semicolon_list_keeps_the_kind_of_each_item() -> None:
    doc = make_doc(
        "Documents signed include: an agreement on air services; a memorandum on sports "
        "exchanges; and a contract for the delivery of grain."
    )
    assert [(a.kind, a.topic) for a in occurred(doc)] == [
        ("agreement", "air services"),
        ("mou", "sports exchanges"),
        ("contract", "delivery of grain"),
    ]


def test_list_of_mentions_after_one_verb() -> None:
    doc = make_doc(
        "Chile and Peru signed an agreement on fisheries, a memorandum of understanding on "
        "mining and a contract for the supply of copper wire on Monday."
    )
    found = occurred(doc)
    assert [(a.kind, a.topic) for a in found] == [
        ("agreement", "fisheries"),
        ("mou", "mining"),
        ("contract", "supply of copper wire"),
    ]
    assert all(a.parties == ["CHL", "PER"] for a in found)


def test_counted_memoranda_with_two_topics() -> None:
    doc = make_doc(
        "Kenya and Tanzania have signed two memoranda of understanding to set up a joint "
        "border committee, and on livestock health, officials said."
    )
    assert [a.topic for a in occurred(doc)] == ["joint border committee", "livestock health"]


def test_only_listed_items_of_a_counted_set() -> None:
    doc = make_doc("The two sides inked six MoUs, including one on maritime search and rescue.")
    assert [(a.kind, a.topic) for a in occurred(doc)] == [("mou", "maritime search and rescue")]


def test_signing_as_a_noun() -> None:
    doc = make_doc("The visit was marked by the signing of twin-city agreements.")
    assert [(a.kind, a.topic, a.status) for a in extract_agreements(doc, CONTEXT)] == [
        ("agreement", "twin-city", "occurred")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Georgia and Armenia will sign an agreement on energy next week.",
        "The two countries are expected to sign a treaty on border crossings.",
        "Officials plan to sign a memorandum on tourism.",
        "A deal on gas prices could be signed soon.",
        "A trade pact is to be signed by the two sides.",
        "The prime minister arrived for talks and the signing of several accords.",
        "Both sides remain committed to finalising agreements with private lenders.",
    ],
)
def test_planned(sentence: str) -> None:
    found = extract_agreements(make_doc(sentence), CONTEXT)
    assert found
    assert {a.status for a in found} == {"planned"}


@pytest.mark.parametrize(
    "sentence",
    [
        "No agreements have yet been finalised under the new law.",
        "The two sides did not sign the agreement on fishing quotas.",
        "Concrete deals had not been concluded by the end of the talks.",
        "If a deal is signed, tariffs would fall.",
    ],
)
def test_negated_or_conditional_is_hypothetical(sentence: str) -> None:
    found = extract_agreements(make_doc(sentence), CONTEXT)
    assert found
    assert {a.status for a in found} == {"hypothetical"}


@pytest.mark.parametrize(
    "sentence",
    [
        "In line with previous agreements, the sides agreed to cooperate on water management.",
        "The ministers discussed the agreement framework for the corridor.",
        "Georgia and Armenia agreed to deepen cooperation in agriculture.",
        "The sides reviewed the implementation of existing agreements that were signed in 2019.",
        "The decision was a sign of goodwill towards the deal.",
        "Exports reached a great deal of attention in the press.",
        "The trade minister said the accord would benefit farmers.",
    ],
)
def test_generic_mentions_are_not_agreements(sentence: str) -> None:
    assert extract_agreements(make_doc(sentence), CONTEXT) == []


def test_parties_from_sentence_actors() -> None:
    found = occurred(make_doc("Norway and Vietnam signed an agreement on offshore wind."))
    assert found[0].parties == ["NOR", "VNM"]


def test_parties_from_between_phrase() -> None:
    doc = make_doc(
        "Norway helped to broker the truce deal reached between Georgia and Armenia, "
        "officials from Vietnam said."
    )
    assert occurred(doc)[0].parties == ["GEO", "ARM"]


def test_lone_actor_outside_the_dyad_comes_first() -> None:
    found = occurred(make_doc("Kenya signed a deal on tea exports."))
    assert found[0].parties == ["KEN", "GEO", "ARM"]


def test_context_parties_when_no_actor() -> None:
    found = occurred(make_doc("The two sides signed an agreement on rail freight."))
    assert found[0].parties == CONTEXT


def test_date_from_the_sentence() -> None:
    doc = make_doc(
        "Georgia and Armenia signed an agreement on electricity trade on 3 May 2024.",
        dates={"3 May 2024": "2024-05-03"},
    )
    found = occurred(doc)
    assert (found[0].date, found[0].date_precision) == ("2024-05-03", "day")
    assert occurred(make_doc("Georgia and Armenia signed an accord on hydropower."))[0].date is None


def test_evidence_slices_the_article_text() -> None:
    doc = make_doc(
        "The talks were long.",
        "Georgia and Armenia signed a memorandum on digital trade and a contract for the "
        "supply of rail cars.",
    )
    found = occurred(doc)
    assert len(found) == 2
    for agreement in found:
        ev = agreement.evidence
        assert doc.text[ev.start : ev.end] == ev.text
        assert ev.text.startswith("Georgia and Armenia signed")


def test_vague_mention_dropped_when_specific_ones_are_near() -> None:
    doc = make_doc(
        "The two sides signed several key agreements.",
        "They include an agreement on road transport signed by the transport ministers.",
    )
    assert [a.topic for a in occurred(doc)] == ["road transport"]


def test_anaphoric_mention_dropped_after_the_document() -> None:
    doc = make_doc(
        "Georgia and Armenia signed a deal on electricity exchange.",
        "The weather was cold.",
        "The deal was signed in the presence of both presidents.",
    )
    assert [a.topic for a in occurred(doc)] == ["electricity exchange"]


def test_vague_mention_alone_is_kept() -> None:
    found = occurred(make_doc("Concluding the meeting, several agreements were signed."))
    assert [(a.kind, a.topic, a.parties) for a in found] == [
        ("agreement", "several agreements", CONTEXT)
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(text: str) -> None:
    doc = Document(Article(text=text), None, [Sentence(0, len(text), text)])
    for agreement in extract_agreements(doc, CONTEXT):
        assert doc.text[agreement.evidence.start : agreement.evidence.end] == (
            agreement.evidence.text
        )


_PIECES = st.sampled_from(
    [
        "agreement", "agreements", "memorandum of understanding", "MoU", "contract", "deal",
        "treaty", "joint statement", "documents", " signed", " were signed", " will sign",
        " signing of", " including", ":", ";", ",", " and", " on", " for the supply of", " the",
        " a", " no", " not", " between", " Georgia", " Armenia", " (", ")", "“", "”", " ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_never_raises_on_agreement_like_text(text: str) -> None:
    doc = make_doc(text) if text.strip() else make_doc("Nothing.")
    for agreement in extract_agreements(doc, CONTEXT):
        ev = agreement.evidence
        assert doc.text[ev.start : ev.end] == ev.text
        assert agreement.topic
