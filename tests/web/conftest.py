"""The web API over the invented corpus of tests/store/test_query.py: a SQLite file always,
and PostgreSQL (a schema of its own, through search_path) when BILAT_TEST_POSTGRES is set."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from databases import ENGINES, postgres_schema  # noqa: E402
from test_query import build_corpus  # noqa: E402

from bilat.web import create_app  # noqa: E402


@pytest.fixture
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of the kind asked for by ``indirect`` parametrisation (sqlite by
    default), dropped afterwards."""
    if getattr(request, "param", "sqlite") == "sqlite":
        yield f"sqlite:///{tmp_path / 'corpus.db'}"
        return
    with postgres_schema() as url:
        yield url


@pytest.fixture(scope="module", params=ENGINES)
def corpus_url(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The invented corpus, built once per module and engine (the tests only read it)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'corpus.db'}"
        build_corpus(url)
        yield url
        return
    with postgres_schema() as url:
        build_corpus(url)
        yield url


@pytest.fixture(scope="module")
def client(corpus_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_url, token=""), raise_server_exceptions=True) as c:
        yield c
