"""JSON articles: one object or a list (.json), one object per line (.jsonl, .jsonl.gz).

JSONL is streamed line by line so a dump of any size costs one line of memory, and a bad line
becomes an InputError naming ``path:LINE`` while the lines after it are still read.
"""

from __future__ import annotations

import gzip
import itertools
import json
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO

from bilat.article import Article, InputError
from bilat.readers.dateline import normalize_date, parse_dateline
from bilat.readers.decode import decode_bytes, scrub_surrogates, truncate_text

__all__ = [
    "article_from_object",
    "read_json",
    "read_json_file",
    "read_json_stream",
    "read_jsonl",
]

TEXT_KEYS = ("text", "content", "body")
DATE_KEYS = ("published", "date", "publish_date", "published_at")
OUTLET_KEYS = ("outlet", "sitename", "source")
_LOOKAHEAD = 1000  # enough of the text for a date line and a wire dateline


def read_json_file(path: str) -> Iterator[Article | InputError]:
    """Articles from a .json, .jsonl or .jsonl.gz file, chosen by suffix.

    OSError on opening is left to the caller; corrupt gzip data is reported as an InputError.
    """
    lower = path.lower()
    if lower.endswith(".gz"):
        with gzip.open(path, "rb") as stream:
            yield from read_jsonl(stream, path)
    elif lower.endswith(".jsonl"):
        with open(path, "rb") as stream:
            yield from read_jsonl(stream, path)
    else:
        with open(path, "rb") as stream:
            yield from read_json_stream(stream, path)


def read_json_stream(stream: BinaryIO, source: str) -> Iterator[Article | InputError]:
    """A JSON document or JSONL, told apart by whether the first line is a whole object.

    A single object on one line is reported under ``source`` alone, as a .json file would be.
    """
    ahead = _until_content(stream, [])
    if not ahead or not ahead[-1].strip():
        yield InputError(source, "empty file")
        return
    first = ahead[-1]
    if not _is_object(first):
        yield from read_json(b"".join(ahead) + stream.read(), source)
        return
    read = len(ahead)
    ahead = _until_content(stream, ahead)
    if len(ahead) == read or not ahead[-1].strip():  # one object only: a one-article file
        yield _from_line(first, source)
        return
    yield from read_jsonl(itertools.chain(ahead, stream), source)


def read_json(data: bytes, source: str) -> Iterator[Article | InputError]:
    """One JSON document: an article object, or a list of them (items named ``source[i]``)."""
    decoded = decode_bytes(data, source)
    if isinstance(decoded, InputError):
        yield decoded
        return
    try:
        value = json.loads(decoded.text)
    except (ValueError, RecursionError) as exc:
        yield InputError(source, f"malformed JSON: {_reason(exc)}")
        return
    if isinstance(value, dict):
        yield article_from_object(value, source, decoded.warnings)
    elif isinstance(value, list):
        if not value:
            yield InputError(source, "empty JSON list, no articles")
        for index, item in enumerate(value):
            name = f"{source}[{index}]"
            if isinstance(item, dict):
                yield article_from_object(item, name, list(decoded.warnings))
            else:
                yield InputError(name, f"not an article object but {_kind(item)}")
    else:
        yield InputError(source, f"not an article object or list but {_kind(value)}")


def read_jsonl(lines: Iterable[bytes], source: str) -> Iterator[Article | InputError]:
    """One article per line, named ``source:LINE``; blank lines are skipped.

    Every other line yields exactly one Article or InputError, so counts reconcile. Data that
    cannot be read further (corrupt gzip) ends the file with one more InputError.
    """
    lines_iter = iter(lines)
    number = 0
    seen = False
    while True:
        try:
            line = next(lines_iter)
        except StopIteration:
            break
        except (OSError, EOFError, zlib.error) as exc:
            yield InputError(source, f"unreadable data after line {number}: {exc}")
            return
        number += 1
        if line.strip():
            seen = True
            yield _from_line(line, f"{source}:{number}")
    if not seen:
        yield InputError(source, "empty file")


def article_from_object(
    obj: dict[str, Any], source: str, warnings: list[str] | None = None
) -> Article | InputError:
    """Map the keys of a dev-set style article object (and common aliases) onto an Article."""
    notes = list(warnings or [])
    text = _text(obj)
    if text is None:
        return InputError(source, "missing or empty text (expected 'text', 'content' or 'body')")
    clean = scrub_surrogates(text)
    if clean is not text:
        notes.append("invalid characters (lone surrogates) replaced with U+FFFD")
    clean, cut = truncate_text(clean)
    if cut:
        notes.append(cut)
    published = _published(obj, notes)
    dateline = parse_dateline(clean[:_LOOKAHEAD])
    if published is None and dateline.precision in ("date", "datetime"):
        published = dateline.published
    raw_id = obj.get("id")
    ident = ""
    if isinstance(raw_id, str | int) and not isinstance(raw_id, bool):
        ident = str(raw_id).strip()
    language = _string(obj.get("language", obj.get("lang")))
    return Article(
        text=clean,
        id=scrub_surrogates(ident),
        url=_string(obj.get("url")),
        outlet=_outlet(obj),
        title=_string(obj.get("title")),
        author=_author(obj.get("author", obj.get("authors"))),
        published=published,
        dateline_place=dateline.place,
        language=language if "language" in obj or "lang" in obj else "en",
        source=source,
        warnings=notes,
    )


def _from_line(line: bytes, name: str) -> Article | InputError:
    if line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    try:
        text = line.decode("utf-8")
        notes: list[str] = []
    except UnicodeDecodeError:
        decoded = decode_bytes(line, name)
        if isinstance(decoded, InputError):
            return decoded
        text, notes = decoded.text, decoded.warnings
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return InputError(name, f"malformed JSON: {_reason(exc)}")
    if not isinstance(value, dict):
        return InputError(name, f"not an article object but {_kind(value)}")
    return article_from_object(value, name, notes)


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _until_content(stream: BinaryIO, ahead: list[bytes]) -> list[bytes]:
    """Read lines up to and including the next non-blank one (kept, to preserve numbering)."""
    while line := stream.readline():
        ahead.append(line)
        if line.strip():
            break
    return ahead


def _text(obj: dict[str, Any]) -> str | None:
    for key in TEXT_KEYS:
        value = obj.get(key)
        if isinstance(value, list) and all(isinstance(p, str) for p in value):
            value = "\n\n".join(value)  # paragraphs given as a list
        if isinstance(value, str) and value.strip():
            return value
    return None


def _published(obj: dict[str, Any], notes: list[str]) -> str | None:
    for key in DATE_KEYS:
        value = obj.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                return datetime.fromtimestamp(value, tz=UTC).isoformat()
            except (ValueError, OverflowError, OSError):
                pass
        elif isinstance(value, str):
            iso = normalize_date(value)
            if iso is not None:
                return iso
        notes.append(f"unrecognised {key} value {str(value)[:40]!r} ignored")
        return None
    return None


def _outlet(obj: dict[str, Any]) -> str | None:
    for key in OUTLET_KEYS:
        value = obj.get(key)
        if isinstance(value, dict):  # news-API style {"id": ..., "name": ...}
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return scrub_surrogates(value.strip())
    return None


def _author(value: Any) -> str | None:
    if isinstance(value, list):
        names = [v.strip() for v in value if isinstance(v, str) and v.strip()]
        return scrub_surrogates(", ".join(names)) if names else None
    return _string(value)


def _string(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return scrub_surrogates(value.strip())
    return None


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def _reason(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, ValueError) else "nested too deeply"
