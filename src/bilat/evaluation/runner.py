"""Running an extractor over a gold folder and reporting the scores.

The extractor is passed in as a callable so the same runner measures the real pipeline, a
variant under development, or a fake in tests.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bilat.evaluation.gold import GoldEvent, load_gold_dir, read_article
from bilat.evaluation.scoring import (
    LEVELS,
    METRICS,
    ArticleScore,
    Counts,
    NearMiss,
    PredictedEvent,
    score_article,
)
from bilat.schema import EVENT_TYPES, Extraction

if TYPE_CHECKING:
    from bilat.article import Article

EVIDENCE_WIDTH = 160


@dataclass
class ArticleResult:
    id: str
    score: ArticleScore
    error: str | None = None


@dataclass
class EvalReport:
    """Scores of every article of a gold folder; totals are micro-averaged sums."""

    gold_dir: str
    articles: list[ArticleResult] = field(default_factory=list)
    verbose: bool = False

    @property
    def metrics(self) -> dict[str, Counts]:
        return {m: _total(a.score.metrics[m] for a in self.articles) for m in METRICS}

    @property
    def per_type(self) -> dict[str, Counts]:
        totals = {
            t: _total(a.score.per_type[t] for a in self.articles if t in a.score.per_type)
            for t in EVENT_TYPES
        }
        return {t: c for t, c in totals.items() if c.tp or c.fp or c.fn}

    @property
    def errors(self) -> list[tuple[str, str]]:
        return [(a.id, a.error) for a in self.articles if a.error]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; per-article diagnostics only when the report is verbose."""
        per_article = []
        for a in self.articles:
            item: dict[str, Any] = {
                "id": a.id,
                "error": a.error,
                "metrics": {m: c.to_dict() for m, c in a.score.metrics.items()},
            }
            if self.verbose:
                item["missed"] = [_gold_dict(g) for g in a.score.missed]
                item["false"] = [_predicted_dict(p) for p in a.score.false]
                item["near_misses"] = [
                    {
                        "lost_at": n.lost_at,
                        "gold": _gold_dict(n.gold),
                        "predicted": _predicted_dict(n.predicted),
                    }
                    for n in a.score.near_misses
                ]
            per_article.append(item)
        return {
            "gold_dir": self.gold_dir,
            "articles": len(self.articles),
            "metrics": {m: c.to_dict() for m, c in self.metrics.items()},
            "per_type": {t: c.to_dict() for t, c in self.per_type.items()},
            "errors": [{"id": i, "error": e} for i, e in self.errors],
            "per_article": per_article,
        }


def _total(counts: Iterable[Counts]) -> Counts:
    return sum(counts, Counts())


def _gold_dict(g: GoldEvent) -> dict[str, Any]:
    data = dataclasses.asdict(g)
    data["source"], data["target"] = list(g.source), list(g.target)
    return data


def _predicted_dict(p: PredictedEvent) -> dict[str, Any]:
    data = dataclasses.asdict(p)
    data["source"], data["target"] = sorted(p.source), sorted(p.target)
    return data


def run_eval(
    gold_dir: Path, extract: Callable[[Article], Extraction], verbose: bool = False
) -> EvalReport:
    """Extract every article of ``gold_dir`` and score it against its gold file.

    An article that cannot be read, or on which the extractor raises, is scored as an empty
    extraction (its gold counts as missed) and its error is kept in the report, so a crash
    lowers the score visibly instead of shrinking the test set.
    """
    report = EvalReport(gold_dir=str(gold_dir), verbose=verbose)
    for case in load_gold_dir(gold_dir):
        extraction: Extraction | None = None
        error: str | None = None
        try:
            if case.article_path is None:
                raise FileNotFoundError(f"no article file beside {case.gold_path.name}")
            article = read_article(case.article_path, case.gold.published)
            extraction = extract(article)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
        report.articles.append(
            ArticleResult(case.gold.id, score_article(case.gold, extraction), error)
        )
    return report


# --- plain-text report ---------------------------------------------------------------------


def _table(title: str, rows: dict[str, Counts]) -> list[str]:
    width = max([len(title), *(len(name) for name in rows)])
    lines = [f"{title:<{width}}      P      R     F1     TP     FP     FN"]
    for name, c in rows.items():
        lines.append(
            f"{name:<{width}}  {c.precision:5.3f}  {c.recall:5.3f}  {c.f1:5.3f}"
            f"  {c.tp:5d}  {c.fp:5d}  {c.fn:5d}"
        )
    return lines


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EVIDENCE_WIDTH else text[: EVIDENCE_WIDTH - 1] + "…"


def _type(event_type: str, mode: str | None) -> str:
    return f"{event_type}({mode})" if mode else event_type


def _describe_gold(g: GoldEvent) -> str:
    where = f" @{g.location}" if g.location else ""
    arrow = f"{', '.join(g.source)} -> {', '.join(g.target)}"
    return f'{_type(g.type, g.mode)} {arrow} {g.date or "no date"}{where} "{_clip(g.evidence)}"'


def _describe_predicted(p: PredictedEvent) -> str:
    where = f" @{p.location}" if p.location else ""
    arrow = f"{', '.join(sorted(p.source))} -> {', '.join(sorted(p.target))}"
    return f'{_type(p.type, p.mode)} {arrow} {p.date or "no date"}{where} "{_clip(p.evidence)}"'


def _describe_near_miss(n: NearMiss) -> str:
    g, p = n.gold, n.predicted
    if n.lost_at == LEVELS[1]:
        got = f"{', '.join(sorted(p.source))} -> {', '.join(sorted(p.target))}"
    elif n.lost_at == LEVELS[2]:
        got = f"date {p.date or 'none'}"
    else:
        got = f"location {p.location or 'none'}"
    return f"lost at {n.lost_at}: {_describe_gold(g)}; predicted {got}"


def format_report(report: EvalReport, verbose: bool = False) -> str:
    """Plain-text tables of the totals; with ``verbose``, each article's misses and mistakes."""
    lines = [f"bilat evaluation: {len(report.articles)} articles from {report.gold_dir}"]
    if report.errors:
        lines.append(f"{len(report.errors)} article(s) failed and were scored as empty:")
        lines += [f"  {article_id}: {error}" for article_id, error in report.errors]
    lines += ["", *_table("metric", report.metrics)]
    per_type = report.per_type
    if per_type:
        lines += ["", *_table(f"per type ({LEVELS[0]})", per_type)]
    if verbose:
        for a in report.articles:
            s = a.score
            if not (s.missed or s.false or s.near_misses or a.error):
                continue
            lines += ["", f"--- {a.id} ---"]
            if a.error:
                lines.append(f"  error   {a.error}")
            lines += [f"  missed  {_describe_gold(g)}" for g in s.missed]
            lines += [f"  false   {_describe_predicted(p)}" for p in s.false]
            lines += [f"  partial {_describe_near_miss(n)}" for n in s.near_misses]
    return "\n".join(lines)
