"""Bytes to text: encodings, binary files, newlines and the size cap.

Evidence offsets point into the text we return, so the only change made to decoded text is
``\\r\\n`` -> ``\\n`` (and the size cap). Anything that is not plain UTF-8 is decoded anyway when
it can be, with a warning on the article, because a guessed encoding can garble names.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import BinaryIO

import charset_normalizer

from bilat.article import InputError

__all__ = [
    "BINARY",
    "MAX_CHARS",
    "Decoded",
    "decode_bytes",
    "looks_binary",
    "normalize_newlines",
    "read_stream",
    "scrub_surrogates",
    "truncate_text",
]

MAX_CHARS = 1_000_000
"""Longest article text kept; longer texts are cut at a paragraph boundary, with a warning."""

BINARY = "binary file, not an article"
_CHUNK = 1 << 20
_SNIFF = 1 << 16
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass
class Decoded:
    """Decoded text plus the notes the article should carry about how it was obtained."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode_bytes(data: bytes, source: str) -> Decoded | InputError:
    """Decode a whole input. UTF-8 first; a BOM next; then detection (with a warning)."""
    if not data:
        return InputError(source, "empty file")
    decoded = _decode(data)
    if decoded is None or looks_binary(decoded.text):
        return InputError(source, BINARY)
    return decoded


def read_stream(stream: BinaryIO, source: str, max_chars: int = MAX_CHARS) -> Decoded | InputError:
    """Decode a text stream, newlines normalised and capped at ``max_chars``.

    UTF-8 files are decoded chunk by chunk and only the first ``max_chars`` characters are
    kept, so a huge file costs about ``max_chars`` of memory. Anything else is read whole.
    """
    head = stream.read(_CHUNK)
    if not head:
        return InputError(source, "empty file")
    try:
        seekable = stream.seekable()
    except (OSError, ValueError):
        seekable = False
    if seekable and _starts_utf8(head):
        streamed = _stream_utf8(head, stream, source, max_chars)
        if streamed is not None:
            return streamed
        stream.seek(0)
        head = b""
    decoded = decode_bytes(head + stream.read(), source)
    if isinstance(decoded, InputError):
        return decoded
    text, warning = truncate_text(normalize_newlines(decoded.text), max_chars)
    decoded.text = text
    if warning:
        decoded.warnings.append(warning)
    return decoded


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` to ``\\n``; lone ``\\r`` is left alone so nothing else moves."""
    return text.replace("\r\n", "\n") if "\r" in text else text


def truncate_text(
    text: str, max_chars: int = MAX_CHARS, original: int | None = None
) -> tuple[str, str | None]:
    """Cap ``text`` at ``max_chars``, cutting at a paragraph (else line) boundary.

    ``original`` is the full length when ``text`` is already a prefix of a longer text.
    Returns the kept text and the warning to attach, if anything was cut.
    """
    total = len(text) if original is None else original
    if total <= max_chars:
        return text, None
    cut = text.rfind("\n\n", 0, max_chars + 1)
    if cut < max_chars // 2:
        cut = text.rfind("\n", 0, max_chars + 1)
    if cut < max_chars // 2:
        cut = max_chars
    return text[:cut], f"text truncated from {total} to {cut} characters"


def scrub_surrogates(text: str) -> str:
    """Replace lone surrogates (possible from JSON ``\\ud800`` escapes) with U+FFFD.

    They cannot be encoded as UTF-8, so they would break hashing and every writer downstream.
    """
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _decode(data: bytes) -> Decoded | None:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:
            data = data[len(codecs.BOM_UTF8) :]
    else:
        for bom, encoding in _BOMS:
            if data.startswith(bom):
                try:
                    text = data.decode(encoding)
                except UnicodeDecodeError:
                    return None
                return Decoded(text, encoding, [f"decoded as {encoding} (BOM); not UTF-8"])
        try:
            return Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:_SNIFF]:
        return None
    repaired = _mostly_utf8(data)
    if repaired is not None:
        return repaired
    return _detect(data)


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few stray bytes (a pasted cp1252 quote) is still UTF-8, not cp125x."""
    sample = data[:_CHUNK].decode("utf-8", "replace")
    bad = sample.count("\ufffd")
    good = sum(1 for ch in sample if ch > "\x7f") - bad
    if good <= 0 or bad * 20 > good:
        return None
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    return Decoded(text, "utf-8", [f"invalid UTF-8: {bad} bytes replaced with U+FFFD"])


def _detect(data: bytes) -> Decoded | None:
    """Guess a legacy encoding; among equally plausible guesses prefer cp1252 (Western news)."""
    try:
        matches = charset_normalizer.from_bytes(data)
        best = matches.best()
    except Exception:  # the detector is third-party code fed arbitrary bytes
        return None
    if best is None:
        return None
    encoding = best.encoding
    for match in matches:
        if match.chaos <= best.chaos and "cp1252" in match.could_be_from_charset:
            encoding = "cp1252"
            break
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        encoding = best.encoding
        try:
            text = str(best)
        except Exception:
            return None
    return Decoded(text, encoding, [f"decoded as {encoding} (detected); not UTF-8"])


def looks_binary(text: str) -> bool:
    """NUL bytes or many control characters: an image, archive or office file, not prose."""
    sample = text[:_SNIFF]
    if "\x00" in sample:
        return True
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 100)


def _starts_utf8(head: bytes) -> bool:
    if b"\x00" in head[:_SNIFF] or head.startswith(tuple(bom for bom, _ in _BOMS)):
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head)
    except UnicodeDecodeError:
        return False
    return True


def _stream_utf8(head: bytes, stream: BinaryIO, source: str, max_chars: int) -> Decoded | None:
    """Decode UTF-8 incrementally, keeping a capped prefix; None if the stream is not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    kept: list[str] = []
    kept_len = total = 0
    pending_cr = False
    chunk: bytes = head
    first = True
    try:
        while True:
            final = not chunk
            piece = decoder.decode(chunk, final=final)
            if pending_cr:
                piece = "\r" + piece
            pending_cr = not final and piece.endswith("\r")
            if pending_cr:
                piece = piece[:-1]
            piece = normalize_newlines(piece)
            if first and looks_binary(piece):
                return None
            first = False
            total += len(piece)
            if kept_len <= max_chars:
                kept.append(piece)
                kept_len += len(piece)
            if final:
                break
            chunk = stream.read(_CHUNK)
    except UnicodeDecodeError:
        return None
    text, warning = truncate_text("".join(kept), max_chars, original=total)
    return Decoded(text, "utf-8", [warning] if warning else [])
