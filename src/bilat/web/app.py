"""The FastAPI application: one engine for the app's life, the ``/api`` router, OpenAPI.

The app is read-only unless a token is configured (``create_app(token=...)`` or
``$BILAT_TOKEN``): only then does ``POST /api/articles`` store anything, and only for a
request that carries ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bilat import __version__
from bilat.store.engine import StoreError, open_store, resolve_url
from bilat.web.pages import install_pages

TOKEN_ENV = "BILAT_TOKEN"


def create_app(db: str | None = None, *, token: str | None = None) -> FastAPI:
    """The API over the corpus at ``db`` (a SQLite file or a database URL; default
    ``$BILAT_DB``, else ``bilat.db``). Raises StoreError when the store cannot be opened,
    or when a SQLite file does not exist and the server would be read-only (it would only
    ever answer with nothing)."""
    from sqlalchemy.engine import make_url

    from bilat.web.api import router

    token = token if token is not None else os.environ.get(TOKEN_ENV) or None
    url = resolve_url(db)
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise StoreError(f"cannot use the database URL {url!r}: {exc}") from exc
    if (token is None and parsed.get_backend_name() == "sqlite"
            and parsed.database not in (None, "", ":memory:")
            and not os.path.exists(parsed.database)):
        raise StoreError(f"no database at {parsed.database} (run bilat ingest first, or give "
                         "--db)")
    engine = open_store(url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="bilat",
        version=__version__,
        summary="Evidence-linked records of relations between states, extracted from news.",
        description="Read the corpus: events (PLOVER), articles, officials, agreements, "
        "figures, full-text search and a pair's dossier. Lists answer as JSON and, with a "
        "`.csv` suffix, as streamed CSV. See docs/api.md.",
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.token = token
    app.state.ingester = None
    app.state.ingest_lock = threading.Lock()
    app.include_router(router)
    install_pages(app)
    return app
