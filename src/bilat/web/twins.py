"""Datasette-style twins: every page also answers as ``.json`` and ``.csv`` with the same
query string (``/dyads/AZE/BLR.json?since=2024``, ``/events.csv?q=pipeline``).

A small ASGI middleware strips the suffix from the path of a page request and notes the
format in the request scope; the page computes what it always computes, and ``twin`` turns it
into JSON (the page's data, without the HTML) or CSV (the page's main table) instead of HTML.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from markupsafe import Markup
from starlette.types import ASGIApp, Receive, Scope, Send

from bilat.output.formats import flat

SCOPE_KEY = "bilat.twin"
SUFFIXES = {".json": "json", ".csv": "csv"}
NOT_PAGES = ("/api/", "/static/", "/docs", "/openapi", "/redoc")
# The main table of each page: the rows its CSV twin holds.
TABLES = {
    "home.html": "latest",
    "events.html": "rows",
    "event.html": "reports",
    "dossier.html": "rows",
    "article.html": "records",
    "country.html": "partners",
}


class TwinMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            path: str = scope["path"]
            for suffix, fmt in SUFFIXES.items():
                if path.endswith(suffix) and not path.startswith(NOT_PAGES):
                    scope = dict(scope)
                    scope["path"] = path[: -len(suffix)] or "/"
                    if scope["path"] == "/index":
                        scope["path"] = "/"
                    scope[SCOPE_KEY] = fmt
                    break
        await self.app(scope, receive, send)


def requested(request: Request) -> str | None:
    """'json' or 'csv' when the page was asked for as a twin."""
    return request.scope.get(SCOPE_KEY)


def twin(fmt: str, template: str, context: dict[str, Any], status: int = 200) -> Response:
    data = {k: v for k, v in context.items()
            if k not in ("request", "types", "path") and not isinstance(v, Markup)}
    if fmt == "json":
        return JSONResponse(jsonable_encoder(data), status_code=status)
    rows = data.get(TABLES.get(template, ""), [])
    if not isinstance(rows, list):
        rows = []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    keys = list(dict.fromkeys(k for row in rows for k in row))
    writer.writerow(keys)
    for row in rows:
        writer.writerow([flat(row.get(k)) for k in keys])
    return Response(buffer.getvalue(), status_code=status, media_type="text/csv")
