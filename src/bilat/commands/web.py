"""``bilat serve``: the web API (``bilat.web``) under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from bilat.commands import common
from bilat.commands.common import DbOption


def register(app: typer.Typer) -> None:
    app.command()(serve)


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")
                    ] = 8000,
) -> None:
    """Serve the corpus as a JSON/CSV API (docs at /docs, OpenAPI at /openapi.json).

    Read-only unless $BILAT_TOKEN is set: then POST /api/articles ingests an article sent
    with 'Authorization: Bearer <token>'.

    Example: bilat serve --db corpus.db --port 8000
    """
    import uvicorn

    from bilat.store import StoreError
    from bilat.web import create_app

    try:
        web = create_app(db)
    except StoreError as exc:
        common.fail(str(exc), common.EXIT_STORE)
    common.note(f"serving {'read-write' if web.state.token else 'read-only'} on "
                f"http://{host}:{port} (docs at /docs)")
    uvicorn.run(web, host=host, port=port, log_level="info")
