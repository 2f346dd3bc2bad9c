"""Cursors: opaque tokens for the next page of a list.

A cursor holds the offset of the next row (JSON, base64url): a page is the query run with
``LIMIT offset + limit + 1`` and the first ``offset`` rows skipped. Deep pages cost more than
early ones, but every list the store answers is ordered with a unique tie-break, so walking
the pages with ``next`` gives every row once while the corpus does not change.
"""

from __future__ import annotations

import base64
import binascii
import json

MAX_OFFSET = 10_000_000


class CursorError(ValueError):
    """A cursor this server did not make."""


def encode(offset: int) -> str:
    raw = json.dumps({"o": offset}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str | None) -> int:
    """The offset a cursor stands for (0 for none)."""
    if not cursor:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        offset = data["o"]
    except (binascii.Error, ValueError, UnicodeError, TypeError, KeyError) as exc:
        raise CursorError(f"bad cursor: {cursor!r}") from exc
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= MAX_OFFSET:
        raise CursorError(f"bad cursor: {cursor!r}")
    return offset
