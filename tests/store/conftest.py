"""Store tests run against real databases: a SQLite file always, and PostgreSQL when
BILAT_TEST_POSTGRES names a server (see databases.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from databases import ENGINES, postgres_schema
from sqlalchemy import Engine

from bilat.store import open_store


@pytest.fixture(params=ENGINES)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of each kind (``sqlite``, ``postgresql``)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'corpus.db'}"
        return
    with postgres_schema() as url:
        yield url


@pytest.fixture
def engine(empty_url: str) -> Iterator[Engine]:
    engine = open_store(empty_url)
    yield engine
    engine.dispose()
