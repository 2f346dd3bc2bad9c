"""``bilat dossier``: the pair's report in Markdown, through the real command."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilat.cli import app
from bilat.output.dossier import markdown

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_query import build_corpus  # noqa: E402

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("dossier") / "corpus.db"
    build_corpus(f"sqlite:///{path}")
    return str(path)


def test_markdown_dossier_quotes_its_evidence(db: str, tmp_path: Path) -> None:
    out = tmp_path / "aze-blr.md"
    result = runner.invoke(app, ["dossier", "azerbaijani", "Belarus", "--db", db, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.startswith("# Azerbaijan (AZE) – Belarus (BLR)\n")
    for heading in ("## Events by type", "## Events by month", "## Last meetings",
                    "## Agreements", "## Figures", "## Sources"):
        assert heading in text
    assert "transport corridors" in text
    # every meeting line is followed by its evidence, quoted
    lines = text.splitlines()
    meetings = [i for i, line in enumerate(lines) if line.startswith("- **")]
    assert meetings and all(lines[i + 1].startswith("  > ") for i in meetings)


def test_unknown_country_and_empty_pair(db: str) -> None:
    bad = runner.invoke(app, ["dossier", "Atlantis", "BLR", "--db", db])
    assert bad.exit_code == 2 and "Atlantis" in bad.output
    empty = runner.invoke(app, ["dossier", "FRA", "BRA", "--db", db])
    assert empty.exit_code == 0
    assert "0 events" in empty.stdout


def test_markdown_text_cannot_break_the_report() -> None:
    data = {
        "pair": {"country": "AZE", "partner": "BLR", "names": ["Azerbaijan", "Belarus"]},
        "summary": {"events": 1, "reports": 1, "sources": 1, "first_date": "2024-10-03",
                    "last_date": "2024-10-03", "goldstein": 1.0, "plover_score": 2.0},
        "by_type": [], "by_month": [], "meetings": [], "figures": [], "people": [],
        "agreements": [{"date": None, "kind": "mou", "topic": "a | b *bold* <script>",
                        "parties": ["AZE", "BLR"], "sources": 1,
                        "evidence": "line one\nline two | with a pipe", "outlet": "Wire",
                        "published": "2024-10-03", "url": "https://wire.example/1"}],
    }
    text = markdown(data)
    assert "mou: a | b \\*bold\\* \\<script\\> (AZE, BLR)" in text
    assert "line one line two" in text
    assert "<script>" not in text
