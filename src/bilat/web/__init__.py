"""The web API: ``bilat serve`` (FastAPI over the read layer, ``bilat.store.query``).

``create_app(db, token=...)`` makes the app; see docs/api.md for the endpoints.
"""

from __future__ import annotations

from bilat.web.app import create_app

__all__ = ["create_app"]
