"""Store tests run against real databases: a SQLite file always, and PostgreSQL when
BILAT_TEST_POSTGRES names a server (``.ci/run`` starts one and sets it)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from bilat.store import open_store

POSTGRES = os.environ.get("BILAT_TEST_POSTGRES")
ENGINES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not POSTGRES, reason="BILAT_TEST_POSTGRES is not set"),
    ),
]


@pytest.fixture(params=ENGINES)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of the requested kind (``sqlite`` or ``postgresql``).

    A PostgreSQL test gets a schema of its own, chosen through the connection's search_path,
    and dropped afterwards.
    """
    kind = request.param
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'corpus.db'}"
        return
    assert POSTGRES
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in POSTGRES else "?"
    yield f"{POSTGRES}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def engine(empty_url: str) -> Iterator[Engine]:
    engine = open_store(empty_url)
    yield engine
    engine.dispose()
