"""Articles in other languages (a multilingual archive) are passed over with a warning, not
read with English rules; English in any regional form, or unsaid, is read."""

from __future__ import annotations

import pytest

from bilat.article import Article
from bilat.extract import Extractor, is_english

MEETING = "Chile and Peru signed a trade agreement in Lima on Monday, 4 March 2024."
FRENCH = "Le Chili et le Pérou ont signé un accord commercial à Lima lundi 4 mars 2024."


@pytest.mark.parametrize("language, english", [
    (None, True), ("", True), ("en", True), ("en-GB", True), ("EN_us", True), ("eng", True),
    ("fr", False), ("fr-FR", False), ("de", False), ("zh-Hans", False),
])
def test_is_english(language: str | None, english: bool) -> None:
    assert is_english(language) is english


def test_another_language_is_passed_over_with_a_warning(extractor: Extractor) -> None:
    french, english = extractor.extract_many([
        Article(text=FRENCH, id="fr", language="fr", published="2024-03-05"),
        Article(text=MEETING, id="en", language="en-GB", published="2024-03-05"),
    ])
    assert french.article.id == "fr" and french.article.language == "fr"
    assert not (french.events or french.people or french.agreements or french.figures)
    assert french.warnings == ["not extracted: written in 'fr', and bilat reads English"]
    assert english.article.id == "en" and english.events and english.agreements
