"""HTML pages (.html, .htm): the article body and metadata via trafilatura.

trafilatura reports the publication date to the day only, but the time and zone decide which
local day an event "on Thursday" fell on, so the page's own timestamps are read first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import trafilatura
from lxml.html import HtmlElement

from bilat.article import Article, InputError
from bilat.readers.dateline import normalize_date, parse_dateline
from bilat.readers.decode import BINARY, decode_bytes, looks_binary, truncate_text

__all__ = ["published_from_html", "read_html", "read_html_file"]

NO_TEXT = "no article text found in HTML"
_META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "date",
)
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{1,40})""", re.I)
_LOOKAHEAD = 1000
_MIN_SENTENCE_WORDS = 8
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def read_html_file(path: str) -> Article | InputError:
    """Read one HTML page. OSError (unreadable file) is left to the caller to report."""
    with open(path, "rb") as stream:
        return read_html(stream.read(), path)


def read_html(data: bytes, source: str) -> Article | InputError:
    """The main text of a page as paragraphs separated by blank lines, plus its metadata."""
    html = _decode_html(data, source)
    if isinstance(html, InputError):
        return html
    page, warnings = html
    try:
        tree = trafilatura.load_html(page)
        precise = published_from_html(tree) if tree is not None else []
        lang = _page_language(tree) if tree is not None else None
        doc = None
        if tree is not None:
            doc = trafilatura.bare_extraction(
                tree,
                with_metadata=True,
                include_comments=False,
                include_tables=False,
                include_images=False,
                include_links=False,
                # no guessing from "Copyright 2024" or body text: a wrong date is worse than none
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
    except Exception as exc:  # lxml/trafilatura on arbitrary markup: report, never crash
        return InputError(source, f"HTML extraction failed: {type(exc).__name__}: {exc}")
    meta = _as_dict(doc)
    text = _paragraphs(meta.get("text"), meta.get("title"))
    if not _has_prose(text):
        return InputError(source, NO_TEXT)
    text, cut = truncate_text(text)
    if cut:
        warnings.append(cut)
    dateline = parse_dateline(text[:_LOOKAHEAD])
    published = _choose_published(precise, meta.get("date"), dateline.published)
    return Article(
        text=text,
        url=_string(meta.get("url")),
        outlet=_string(meta.get("sitename")),
        title=_string(meta.get("title")),
        author=_string(meta.get("author")),
        published=published,
        dateline_place=dateline.place,
        language=lang or _string(meta.get("language")) or "en",
        source=source,
        warnings=warnings,
    )


def published_from_html(tree: HtmlElement) -> list[tuple[str, bool]]:
    """Publication timestamps the page states, best first, as (ISO value, explicit).

    Explicit ones (meta tags, JSON-LD ``datePublished``, ``<time itemprop=datePublished>``)
    are trusted; a bare ``<time datetime>`` may belong to a sidebar, so it is marked as not.
    """
    found: list[tuple[str, bool]] = []
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = meta.get("content")
        if key in _META_DATE_KEYS and content and key not in metas:
            metas[key] = content
    if _META_DATE_KEYS[0] in metas:  # article:published_time, the most specific statement
        found.append((metas[_META_DATE_KEYS[0]], True))
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            found.extend((value, True) for value in _json_ld_dates(script.text))
    for time in tree.iter("time"):
        value = time.get("datetime")
        if value and (time.get("itemprop") == "datePublished" or time.get("pubdate") is not None):
            found.append((value, True))
    found.extend((metas[key], True) for key in _META_DATE_KEYS[1:] if key in metas)
    found.extend((t.get("datetime") or "", False) for t in tree.iter("time"))
    normalized = [(normalize_date(value), explicit) for value, explicit in found if value]
    return [(value, explicit) for value, explicit in normalized if value]


def _choose_published(
    precise: list[tuple[str, bool]], day: Any, dateline: str | None
) -> str | None:
    """Prefer a stated timestamp with a time of day; a bare ``<time>`` must agree with the day
    trafilatura found; fall back to that day, then to the article's own dateline."""
    day_iso = normalize_date(day) if isinstance(day, str) else None
    usable = [v for v, explicit in precise if explicit or day_iso is None or v[:10] == day_iso]
    timed = [v for v in usable if "T" in v]
    if timed:
        return timed[0]
    if usable:
        return usable[0]
    return day_iso or dateline


def _json_ld_dates(script: str) -> Iterator[str]:
    try:
        data = json.loads(script)
    except (ValueError, RecursionError):
        return
    stack: list[Any] = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str):
                yield value
            stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity"))


def _decode_html(data: bytes, source: str) -> tuple[str, list[str]] | InputError:
    """UTF-8, else the charset the page declares, else detection (with a warning)."""
    if not data.strip():
        return InputError(source, "empty file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        declared = _CHARSET.search(data[:4096])
        try:
            text = data.decode(declared.group(1).decode("ascii")) if declared else ""
        except (LookupError, UnicodeDecodeError):
            text = ""
    if not text:
        decoded = decode_bytes(data, source)
        if isinstance(decoded, InputError):
            return decoded
        return decoded.text, decoded.warnings
    if looks_binary(text):
        return InputError(source, BINARY)
    return text, []


def _page_language(tree: HtmlElement) -> str | None:
    """Primary subtag of ``<html lang>`` ("en-GB" -> "en"), the page's own statement."""
    root = tree.getroottree().getroot()
    value = root.get("lang") or root.get("xml:lang") or ""
    primary = value.strip().split("-")[0].split("_")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _as_dict(doc: Any) -> dict[str, Any]:
    if doc is None:
        return {}
    if isinstance(doc, dict):
        return doc
    return dict(doc.as_dict())


def _paragraphs(text: Any, title: Any) -> str:
    """trafilatura puts one paragraph per line; the pipeline expects blank-line paragraphs.

    A first line that repeats the headline is dropped: the title is kept in ``title``.
    """
    if not isinstance(text, str):
        return ""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if lines and isinstance(title, str) and lines[0] == title.strip() and len(lines) > 1:
        lines = lines[1:]
    return "\n\n".join(lines)


def _has_prose(text: str) -> bool:
    """An article has at least one real sentence; index and navigation pages, which
    trafilatura still squeezes some text out of, have only headlines and link labels."""
    return any(
        len(paragraph.split()) >= _MIN_SENTENCE_WORDS and _SENTENCE_END.search(paragraph)
        for paragraph in text.split("\n\n")
    )


def _string(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
