"""Measuring extraction against hand-made gold annotations (see the gold README's scoring)."""

from bilat.evaluation.runner import EvalReport, format_report, run_eval

__all__ = ["EvalReport", "format_report", "run_eval"]
