"""Sentence splitting without a parser.

Every sentence of every article is split and screened, so this must be far cheaper than spaCy;
abbreviations common in news ("U.S.", "Gen.", "Oct. 3", initials as in "S. Jaishankar") are
guarded so that a title and its name stay in one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sen", "rep", "gov", "st", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "inc", "corp", "ltd",
    "jr", "sr", "prof", "maj", "capt", "adm", "sgt", "vs", "etc", "cmdr", "brig", "hon", "rev",
    "mt", "ft", "est", "approx", "dept", "govt", "min", "pres", "amb", "excl", "incl", "fig",
    "vol", "op", "cf", "al", "rs", "sh", "nos",
}
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[A-Z\"“‘(\-–—•*])")
_BOUNDARY = re.compile(r"(?<=[.!?])([\"”’)\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?[\"”’)\]]*\s*$")


def _is_abbreviation(text_before: str) -> bool:
    if not text_before.endswith("."):
        return False
    match = _WORD_BEFORE.search(text_before)
    if match is None:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():  # an initial: "S. Jaishankar", "U.S."
        return True
    if re.search(r"(?:\b[A-Za-z]\.){2,}$", text_before):  # "U.S." "U.N." at the end
        return False  # treat as possible sentence end only when next word is a common opener
    return word.lower() in _ABBREVIATIONS


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed; offsets into ``text``."""
    position = 0
    for para_match in [*_PARAGRAPH.finditer(text), None]:
        para_end = para_match.start() if para_match else len(text)
        yield from _split_paragraph(text, position, para_end)
        if para_match:
            position = para_match.end()


def _split_paragraph(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    sentence_start = start
    for match in _BOUNDARY.finditer(text, start, end):
        before = text[sentence_start : match.start()]
        if _is_abbreviation(before):
            continue
        yield from _trimmed(text, sentence_start, match.end(1))
        sentence_start = match.end()
    yield from _trimmed(text, sentence_start, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end
