"""Real databases for tests: a SQLite file always, and PostgreSQL when BILAT_TEST_POSTGRES
names a server (``.ci/run`` starts one and sets it); each PostgreSQL test gets a schema of its
own, chosen through the connection's search_path, and dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

POSTGRES = os.environ.get("BILAT_TEST_POSTGRES")
ENGINES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not POSTGRES, reason="BILAT_TEST_POSTGRES is not set"),
    ),
]


@contextmanager
def postgres_schema(prefix: str = "t") -> Iterator[str]:
    """The URL of an empty PostgreSQL schema, dropped on exit."""
    assert POSTGRES
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in POSTGRES else "?"
    try:
        yield f"{POSTGRES}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
