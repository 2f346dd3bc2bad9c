"""Shared fixtures: one spaCy-backed extractor per test session, and the ``dev_eval`` marker."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bilat.article import Article
from bilat.extract import Extractor
from bilat.schema import Extraction

PUBLISHED = "2024-10-04"  # a Friday: "on Thursday" is 2024-10-03

ExtractText = Callable[..., Extraction]
_REPORTS = pytest.StashKey[list[tuple[str, str]]]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "dev_eval: scores the real extractor on the shared dev gold set (../shared/eval/dev)",
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the reports tests handed to ``terminal_report`` (e.g. the dev-set scores)."""
    for title, text in terminalreporter.config.stash.get(_REPORTS, []):
        terminalreporter.write_sep("=", title)
        terminalreporter.write_line(text)


@pytest.fixture(scope="session")
def terminal_report(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """``terminal_report(title, text)``: show ``text`` at the end of the run, captured or not."""
    reports = request.config.stash.setdefault(_REPORTS, [])

    def add(title: str, text: str) -> None:
        reports.append((title, text))

    return add


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The real extractor; the spaCy model is loaded on first use, once per session."""
    return Extractor()


@pytest.fixture(scope="session")
def extract_text(extractor: Extractor) -> ExtractText:
    """``extract_text(text, published=PUBLISHED)``: extract one invented article (cached)."""
    cache: dict[tuple[str, str | None], Extraction] = {}

    def run(text: str, published: str | None = PUBLISHED) -> Extraction:
        key = (text, published)
        if key not in cache:
            cache[key] = extractor.extract(Article(text=text, published=published))
        # A copy, so a test that mutates its result cannot affect another test.
        return cache[key].model_copy(deep=True)

    return run
