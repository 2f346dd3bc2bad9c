"""Bytes to text: UTF-8, legacy encodings with a warning, binary refused, size cap."""

from __future__ import annotations

import io
import os

from bilat.article import InputError
from bilat.readers.decode import (
    Decoded,
    decode_bytes,
    normalize_newlines,
    read_stream,
    scrub_surrogates,
    truncate_text,
)

FRENCH = (
    "Le ministre des Affaires étrangères a déclaré que les négociations reprendraient "
    "à Genève la semaine prochaine. « Nous sommes prêts », a-t-il ajouté.\n"
)
ENGLISH_SMART = (
    "The envoy called the deal \u201ca fair compromise\u201d \u2014 and said talks with "
    "Zürich\u2019s bankers would follow.\n"
)


def test_utf8_with_and_without_bom() -> None:
    for data in (FRENCH.encode(), b"\xef\xbb\xbf" + FRENCH.encode()):
        decoded = decode_bytes(data, "a.txt")
        assert isinstance(decoded, Decoded)
        assert decoded.text == FRENCH
        assert decoded.warnings == []


def test_cp1252_detected_with_warning() -> None:
    decoded = decode_bytes(ENGLISH_SMART.encode("cp1252"), "a.txt")
    assert isinstance(decoded, Decoded)
    assert decoded.text == ENGLISH_SMART
    assert decoded.warnings == ["decoded as cp1252 (detected); not UTF-8"]


def test_latin1_detected_with_warning() -> None:
    decoded = decode_bytes(FRENCH.encode("latin-1"), "a.txt")
    assert isinstance(decoded, Decoded)
    assert decoded.text == FRENCH
    assert "not UTF-8" in decoded.warnings[0]


def test_utf16_with_bom() -> None:
    decoded = decode_bytes(FRENCH.encode("utf-16"), "a.txt")
    assert isinstance(decoded, Decoded)
    assert decoded.text == FRENCH
    assert decoded.warnings == ["decoded as utf-16 (BOM); not UTF-8"]


def test_mostly_utf8_keeps_utf8() -> None:
    data = FRENCH.encode() * 5 + b"a stray \x92 byte\n"
    decoded = decode_bytes(data, "a.txt")
    assert isinstance(decoded, Decoded)
    assert decoded.text.startswith(FRENCH)
    assert decoded.warnings == ["invalid UTF-8: 1 bytes replaced with U+FFFD"]


def test_binary_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000)
    for data in (png, os.urandom(4000), bytes(range(32)) * 50):
        result = decode_bytes(data, "image.txt")
        assert result == InputError("image.txt", "binary file, not an article")


def test_empty_refused() -> None:
    assert decode_bytes(b"", "a.txt") == InputError("a.txt", "empty file")
    assert read_stream(io.BytesIO(b""), "a.txt") == InputError("a.txt", "empty file")


def test_newlines() -> None:
    assert normalize_newlines("a\r\nb\rc\n") == "a\nb\rc\n"


def test_read_stream_crlf_across_chunks() -> None:
    # a \r\n pair split across the 1 MiB chunk boundary must still become one \n
    body = "x" * ((1 << 20) - 1) + "\r\n" + "tail\r\n"
    # max_chars above the chunk size: this is about chunking, not the size cap
    decoded = read_stream(io.BytesIO(body.encode()), "big.txt", max_chars=2 << 20)
    assert isinstance(decoded, Decoded)
    assert decoded.text == "x" * ((1 << 20) - 1) + "\ntail\n"


def test_read_stream_falls_back_when_utf8_breaks_late() -> None:
    body = ("plain ascii paragraph.\n" * 60000).encode() + "café\n".encode("cp1252")
    decoded = read_stream(io.BytesIO(body), "late.txt", max_chars=2 << 20)
    assert isinstance(decoded, Decoded)
    assert decoded.text.endswith("paragraph.\ncafé\n")
    assert decoded.warnings == ["decoded as cp1252 (detected); not UTF-8"]


def test_truncate_at_paragraph() -> None:
    text = "first paragraph.\n\nsecond paragraph.\n\nthird paragraph."
    kept, warning = truncate_text(text, max_chars=40)
    assert kept == "first paragraph.\n\nsecond paragraph."
    assert warning == f"text truncated from {len(text)} to {len(kept)} characters"
    assert truncate_text("short", max_chars=40) == ("short", None)


def test_scrub_surrogates() -> None:
    assert scrub_surrogates("a\ud800b") == "a\ufffdb"
    assert scrub_surrogates("plain") == "plain"
