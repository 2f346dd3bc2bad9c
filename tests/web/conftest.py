"""The web API over the invented corpus of tests/store/test_query.py: a SQLite file always,
and PostgreSQL (a schema of its own, through search_path) when BILAT_TEST_POSTGRES is set."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_query import build_corpus  # noqa: E402

from bilat.web import create_app  # noqa: E402

POSTGRES = os.environ.get("BILAT_TEST_POSTGRES")
ENGINES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not POSTGRES, reason="BILAT_TEST_POSTGRES is not set"),
    ),
]


def _schema_url(schema: str) -> str:
    assert POSTGRES
    separator = "&" if "?" in POSTGRES else "?"
    return f"{POSTGRES}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of the kind asked for by ``indirect`` parametrisation (sqlite by
    default), dropped afterwards (the pattern of tests/store/conftest.py)."""
    kind = getattr(request, "param", "sqlite")
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'corpus.db'}"
        return
    yield from _postgres_schema()


def _postgres_schema() -> Iterator[str]:
    assert POSTGRES
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield _schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(scope="module", params=ENGINES)
def corpus_url(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The invented corpus, built once per module and engine (the tests only read it)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'corpus.db'}"
        build_corpus(url)
        yield url
        return
    for url in _postgres_schema():
        build_corpus(url)
        yield url


@pytest.fixture(scope="module")
def client(corpus_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_url, token=""), raise_server_exceptions=True) as c:
        yield c
