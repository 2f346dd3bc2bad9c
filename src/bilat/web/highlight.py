"""An article's text as HTML with its extracted records marked on their evidence spans.

Spans may overlap (an event's sentence holds a person's mention and a figure). The text is cut
at every span boundary into non-overlapping segments; a segment covered by spans becomes one
``<mark>`` carrying the kinds, record ids and titles of all of them, an uncovered one plain
text. Every piece of text, and every attribute value, is escaped, so the output is safe
whatever the article or the records say; unescaped, its text is the article's text exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["Span", "highlight", "segments"]


@dataclass(frozen=True)
class Span:
    """A record's place in the text: characters ``start`` to ``end`` (end exclusive)."""

    start: int
    end: int
    kind: str  # "event", "agreement", "figure", "person"
    ref: str  # the record's id in the page, e.g. "event-3"
    title: str = ""


def segments(length: int, spans: Iterable[Span]) -> list[tuple[int, int, list[Span]]]:
    """``(start, end, covering spans)`` for consecutive pieces of a text of ``length``
    characters, together exactly ``0..length``. Spans are clipped to the text; empty or
    inverted ones are dropped."""
    kept = []
    for s in spans:
        start, end = max(0, min(s.start, length)), max(0, min(s.end, length))
        if start < end:
            kept.append((start, end, s))
    cuts = sorted({0, length, *(b for start, end, _ in kept for b in (start, end))})
    out: list[tuple[int, int, list[Span]]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a < b:
            out.append((a, b, [s for start, end, s in kept if start <= a and b <= end]))
    return out


def highlight(text: str, spans: Sequence[Span]) -> Markup:
    """The text as HTML, each covered segment a ``<mark>`` (classes ``hl hl-<kind>``)."""
    parts: list[str] = []
    for a, b, covering in segments(len(text), spans):
        piece = escape(text[a:b])
        if not covering:
            parts.append(piece)
            continue
        kinds = list(dict.fromkeys(s.kind for s in covering))
        classes = " ".join(["hl", *(f"hl-{k}" for k in kinds)])
        refs = " ".join(dict.fromkeys(s.ref for s in covering))
        title = "\n".join(dict.fromkeys(s.title for s in covering if s.title))
        parts.append(
            f'<mark class="{escape(classes)}" data-kind="{escape(" ".join(kinds))}" '
            f'data-refs="{escape(refs)}" title="{escape(title)}">{piece}</mark>'
        )
    return Markup("".join(parts))
