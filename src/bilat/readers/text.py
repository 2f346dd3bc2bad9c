"""Plain-text articles (.txt, and untyped text on stdin).

The text is kept exactly as decoded (only ``\\r\\n`` -> ``\\n``) because evidence offsets point
into it; a date line, dateline or headline is read as metadata but never removed.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from bilat.article import Article, InputError
from bilat.readers.dateline import parse_dateline
from bilat.readers.decode import read_stream

__all__ = ["read_text", "read_text_file", "split_title"]

_MAX_TITLE = 150
_LOOKAHEAD = 1000  # enough for a date line and a wire dateline
_MAX_TITLE_WORDS = 14
# A line ending in punctuation, or in "..., the ministry said" (a sentence that lost its full
# stop), is the first paragraph, not a headline.
_SENTENCE_END = re.compile(r"(?:[.!?:;,\"”’)\]]|\b(?:said|says|told|added|stated))$")
_BYLINE = re.compile(r"By\s+([^\W\d_][\w.'’\-]*(?:\s+[\w.'’\-]+){0,4})", re.IGNORECASE)
_HEAD_LINE = re.compile(rf"[ \t\n]*([^\n]{{1,{_MAX_TITLE}}})\n[ \t]*\n")
_BODY = re.compile(r"\S")


def read_text_file(path: str) -> Article | InputError:
    """Read one .txt article. OSError (unreadable file) is left to the caller to report."""
    with open(path, "rb") as stream:
        return read_text(stream, path)


def read_text(stream: BinaryIO, source: str) -> Article | InputError:
    """One article from a byte stream of plain text."""
    decoded = read_stream(stream, source)
    if isinstance(decoded, InputError):
        return decoded
    text = decoded.text
    if not _BODY.search(text):
        return InputError(source, "empty file (whitespace only)")
    dateline = parse_dateline(text)
    title = author = None
    if not dateline.length:
        head = split_title(text)
        if head is not None:
            line, body = head
            byline = _BYLINE.fullmatch(line)
            if byline:
                author = byline.group(1)
            else:
                title = line
            dateline = parse_dateline(text[body : body + _LOOKAHEAD])
    return Article(
        text=text,
        title=title,
        author=author,
        published=dateline.published,
        dateline_place=dateline.place,
        source=source,
        warnings=decoded.warnings,
    )


def split_title(text: str) -> tuple[str, int] | None:
    """A short first line alone above the body, not ending like a sentence: a headline.

    Plain-text exports usually put the headline (or a "By ..." byline, which the caller tells
    apart) there; a first paragraph that is a sentence is not one. Returns the line and the
    offset where the body starts.
    """
    m = _HEAD_LINE.match(text)
    if m is None:
        return None
    line = m.group(1).strip()
    body = _BODY.search(text, m.end())
    words = len(line.split())
    if not 2 <= words <= _MAX_TITLE_WORDS or _SENTENCE_END.search(line) or body is None:
        return None
    return line, body.start()
