"""The corpus database: schema, opening the store, writing extractions.

The names below are loaded on first use (PEP 562), so a command that only reads the store
does not import the extraction models and their dependencies.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bilat.store.engine import StoreError, open_store, resolve_url
    from bilat.store.schema import metadata
    from bilat.store.write import save_extraction, stored_article_id

_WHERE = {
    "StoreError": "bilat.store.engine",
    "open_store": "bilat.store.engine",
    "resolve_url": "bilat.store.engine",
    "metadata": "bilat.store.schema",
    "save_extraction": "bilat.store.write",
    "stored_article_id": "bilat.store.write",
}

__all__ = [
    "StoreError",
    "metadata",
    "open_store",
    "resolve_url",
    "save_extraction",
    "stored_article_id",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'bilat.store' has no attribute {name!r}")
    return getattr(import_module(_WHERE[name]), name)
