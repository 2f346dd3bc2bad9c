"""Quality gate: the real extractor scored on the shared dev gold set.

The dev set lives outside the repository (``../shared/eval/dev`` from the repo root); the tests
are skipped where it is absent. Metrics still below their target are marked ``xfail(strict=
False)``: remove a mark once that metric reaches its target, so it cannot slip back unnoticed.
Run only these with ``pytest -m dev_eval``; skip them with ``-m "not dev_eval"``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bilat.evaluation import EvalReport, format_report, run_eval
from bilat.evaluation.scoring import METRICS
from bilat.extract import Extractor

pytestmark = pytest.mark.dev_eval

DEV_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"

THRESHOLDS: dict[str, float] = {
    "+direction": 0.65,
    "+date": 0.55,
    "people": 0.85,
    "agreements": 0.60,
    "figures": 0.60,
}
BELOW_TARGET: frozenset[str] = frozenset()


@pytest.fixture(scope="module")
def dev_report(
    extractor: Extractor, terminal_report: Callable[[str, str], None]
) -> EvalReport:
    if not DEV_DIR.is_dir():
        pytest.skip(f"dev gold set not found at {DEV_DIR}")
    report = run_eval(DEV_DIR, extractor.extract)
    # Printed in the run's summary whatever the outcome, so every run records the scores.
    terminal_report("dev evaluation", format_report(report))
    return report


def test_dev_set_is_scored_whole(dev_report: EvalReport) -> None:
    golds = sorted(DEV_DIR.glob("*.gold.json"))
    assert len(dev_report.articles) == len(golds) > 0
    assert dev_report.errors == [], dev_report.errors
    assert set(dev_report.metrics) == set(METRICS)
    assert set(THRESHOLDS) <= set(METRICS)


@pytest.mark.parametrize(
    ("metric", "target"),
    [
        pytest.param(
            metric,
            target,
            id=metric,
            marks=[pytest.mark.xfail(strict=False, reason="below target; see issue")]
            if metric in BELOW_TARGET
            else [],
        )
        for metric, target in THRESHOLDS.items()
    ],
)
def test_metric_reaches_target(dev_report: EvalReport, metric: str, target: float) -> None:
    counts = dev_report.metrics[metric]
    assert counts.tp + counts.fn > 0, f"the dev set has no gold {metric}"
    assert counts.f1 >= target, (
        f"{metric} F1 {counts.f1:.3f} < {target:.2f} "
        f"(P {counts.precision:.3f} R {counts.recall:.3f}; TP {counts.tp} FP {counts.fp} "
        f"FN {counts.fn})\n{format_report(dev_report)}"
    )
