"""The corpus database: schema, opening the store, writing extractions."""

from __future__ import annotations

from bilat.store.engine import StoreError, open_store, resolve_url
from bilat.store.schema import metadata
from bilat.store.write import save_extraction, stored_article_id

__all__ = [
    "StoreError",
    "metadata",
    "open_store",
    "resolve_url",
    "save_extraction",
    "stored_article_id",
]
