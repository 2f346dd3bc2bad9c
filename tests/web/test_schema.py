"""Schemathesis over the app's own OpenAPI document: generated requests to every read
operation must never be a server error, and every answer must match the documented schema."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_query import build_corpus  # noqa: E402

from bilat.web import create_app  # noqa: E402

_TMP = tempfile.TemporaryDirectory(prefix="bilat-schema-")
_URL = f"sqlite:///{Path(_TMP.name) / 'corpus.db'}"
build_corpus(_URL)
APP = create_app(_URL, token="")
# loaded at import (schemathesis parametrises at collection); the reads only
schema = schemathesis.openapi.from_asgi("/openapi.json", APP).include(method="GET")


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> Iterator[None]:
    yield
    APP.state.engine.dispose()
    _TMP.cleanup()


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance,
                                   content_type_conformance, response_schema_conformance])
