"""bilat.web.highlight: an article's text with records marked on their spans, as safe HTML."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from bilat.web.highlight import Span, highlight, segments


class _Reader(HTMLParser):
    """The text of an HTML fragment (entities decoded) and its <mark> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.marks: list[tuple[dict[str, str | None], str]] = []
        self.tags: list[str] = []
        self._open: dict[str, str | None] | None = None
        self._mark_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "mark":
            self._open, self._mark_text = dict(attrs), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._open is not None:
            self.marks.append((self._open, "".join(self._mark_text)))
            self._open = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._open is not None:
            self._mark_text.append(data)


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


TEXT = "Azerbaijan met Belarus in Minsk. Trade grew 39%."


def test_a_span_becomes_one_mark_with_its_kind_and_title() -> None:
    html = highlight(TEXT, [Span(0, 31, "event", "event-0", "event: CONSULT")])
    assert html.startswith('<mark class="hl hl-event" data-kind="event" data-refs="event-0" '
                           'title="event: CONSULT">Azerbaijan met Belarus in Minsk</mark>')
    assert html.endswith(". Trade grew 39%.")


def test_overlapping_spans_are_split_into_segments_with_every_covering_kind() -> None:
    spans = [Span(0, 31, "event", "event-0"), Span(15, 22, "person", "person-0"),
             Span(26, 48, "figure", "figure-0")]
    marks = read(highlight(TEXT, spans)).marks
    assert [(m["data-kind"], text) for m, text in marks] == [
        ("event", "Azerbaijan met "), ("event person", "Belarus"), ("event", " in "),
        ("event figure", "Minsk"), ("figure", ". Trade grew 39%."),
    ]
    # a record's marks, joined, are its span exactly
    event = "".join(t for m, t in marks if "event-0" in (m["data-refs"] or "").split())
    assert event == TEXT[0:31]


def test_everything_is_escaped() -> None:
    text = '<script>alert(1)</script> "\'><img src=x onerror=alert(2)>'
    html = highlight(text, [Span(0, 25, "event", 'e"><b>', 'say "<b>" & \'x\'')])
    reader = read(html)
    assert reader.tags == ["mark"]
    assert "".join(reader.text) == text
    assert reader.marks[0][0]["title"] == 'say "<b>" & \'x\''
    assert reader.marks[0][0]["data-refs"] == 'e"><b>'


def test_spans_outside_the_text_or_empty_are_dropped_or_clipped() -> None:
    assert segments(5, [Span(3, 3, "event", "a"), Span(4, 2, "event", "b")]) == [(0, 5, [])]
    clipped = Span(-4, 99, "figure", "c")
    assert segments(5, [clipped]) == [(0, 5, [clipped])]
    assert highlight("", [clipped]) == ""


spans_strategy = st.lists(
    st.builds(Span, st.integers(-5, 80), st.integers(-5, 80),
              st.sampled_from(["event", "agreement", "figure", "person"]),
              st.text(max_size=5), st.text(max_size=10)),
    max_size=8,
)


@given(st.text(max_size=80), spans_strategy)
def test_the_text_of_the_output_is_the_input_text(text: str, spans: list[Span]) -> None:
    html = highlight(text, spans)
    reader = read(str(html))
    assert set(reader.tags) <= {"mark"}
    assert "".join(reader.text) == text


@given(st.text(max_size=60), spans_strategy)
def test_segments_tile_the_text_and_carry_the_spans_covering_them(
        text: str, spans: list[Span]) -> None:
    pieces = segments(len(text), spans)
    assert [a for a, _, _ in pieces] == sorted({a for a, _, _ in pieces})
    if text:
        assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
        assert all(b == c for (_, b, _), (c, _, _) in zip(pieces, pieces[1:], strict=False))
    for a, b, covering in pieces:
        for s in spans:
            inside = max(0, s.start) <= a and b <= min(s.end, len(text)) and s.start < s.end
            assert (s in covering) == inside
