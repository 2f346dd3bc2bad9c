"""A pair's dossier as one self-contained HTML file (``bilat dossier X Y --format html``).

The input is ``bilat.store.query.relations(...).to_dict()``, as for the Markdown report. The
file needs nothing else: the stylesheet, Chart.js (the UMD build vendored in
``bilat/web/static/vendor``) and the small script that draws the two charts are inline, so
it opens from a disk, an e-mail or an archive, offline. Every string goes through Jinja2's
autoescaping (template ``bilat/web/templates/dossier_report.html``); the chart data is JSON
in ``<script type="application/json">`` elements written by ``bilat.web.pages.json_script``
(``<``, ``>``, ``&`` as ``\\u`` escapes). A Content-Security-Policy ``<meta>`` lets only the
two inline scripts shipped here run (by their SHA-256) and loads nothing from anywhere.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from bilat import __version__
from bilat.output.dossier import _num
from bilat.web.pages import http_url, json_script

__all__ = ["html", "chart_data"]

WEB = Path(__file__).resolve().parents[1] / "web"
TEMPLATE = "dossier_report.html"
CHART_JS = WEB / "static" / "vendor" / "chart.umd.min.js"

# Draws the same two charts as the dossier page (static/bilat.js), from the JSON elements.
# It only reads data and hands it to Chart.js: nothing here builds HTML.
DRAW_JS = """(function () {
  "use strict";
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31",
    "#843c39", "#7b4173", "#3182bd"];
  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function draw() {
    if (typeof Chart === "undefined") { return; }
    var charts = {};
    var t = readJSON("timeline-data"), tc = document.getElementById("timeline");
    if (t && tc) {
      charts.timeline = new Chart(tc, {
        type: "bar",
        data: { labels: t.months, datasets: t.datasets.map(function (d, i) {
          return { label: d.type, data: d.counts, backgroundColor: PALETTE[i % PALETTE.length] };
        }) },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          scales: { x: { stacked: true },
                    y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: "bottom" } } }
      });
    }
    var s = readJSON("scores-data"), sc = document.getElementById("scores");
    if (s && sc) {
      charts.scores = new Chart(sc, {
        type: "line",
        data: { labels: s.months, datasets: [
          { label: "Goldstein (\\u221210\\u202610)", data: s.goldstein,
            borderColor: "#1f5fa8", backgroundColor: "#1f5fa8", spanGaps: true },
          { label: "PLOVER score", data: s.plover_score,
            borderColor: "#d62728", backgroundColor: "#d62728", spanGaps: true }
        ] },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          scales: { y: { suggestedMin: -10, suggestedMax: 10 } },
          plugins: { legend: { position: "bottom" } } }
      });
    }
    window.bilat = { charts: charts };
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();"""


def html(data: dict[str, Any]) -> str:
    """The dossier ``data`` (``relations(...).to_dict()``) as a standalone HTML page."""
    chartjs, draw = _inline_js(_chart_js()), _inline_js(DRAW_JS)
    timeline, scores = chart_data(data)
    csp = ("default-src 'none'; "
           f"script-src {_sha256(chartjs)} {_sha256(draw)}; "
           "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    return _template().render(
        data=data, pair=data["pair"], s=data["summary"], timeline=timeline, scores=scores,
        sources=_sources([*data["meetings"], *data["agreements"], *data["figures"]]),
        chartjs=Markup(chartjs), draw=Markup(draw), csp=csp, version=__version__,
    )


def chart_data(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The timeline (events per month, stacked by type) and the scores per month, over every
    month from the first to the last (months without events are zeros or gaps)."""
    by_month = data["by_month"]
    months = _months(by_month[0]["month"], by_month[-1]["month"]) if by_month else []
    found = {m["month"]: m for m in by_month}
    timeline = {
        "months": months,
        "datasets": [
            {"type": t["type"],
             "counts": [found.get(m, {}).get("types", {}).get(t["type"], 0) for m in months]}
            for t in data["by_type"]
        ],
    }
    scores = {
        "months": months,
        "goldstein": [found.get(m, {}).get("goldstein") for m in months],
        "plover_score": [found.get(m, {}).get("plover_score") for m in months],
    }
    return timeline, scores


def _months(first: str, last: str) -> list[str]:
    out: list[str] = []
    year, month = (int(p) for p in first.split("-"))
    while len(out) < 1200:
        label = f"{year:04d}-{month:02d}"
        if label > last:
            break
        out.append(label)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _sources(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The articles cited, once each, in the order they are first cited."""
    seen: dict[str, dict[str, Any]] = {}
    for r in records:
        key = r.get("url") or r.get("article_id")
        if key and key not in seen:
            seen[key] = {"outlet": r.get("outlet"), "published": r.get("published"),
                         "url": r.get("url"), "article_id": r.get("article_id"),
                         "title": r.get("title")}
    return list(seen.values())


def _inline_js(text: str) -> str:
    """Script text that cannot end its element early (``</script`` as ``<\\/script``)."""
    return re.sub(r"<(/script|!--)", r"<\\\1", text, flags=re.IGNORECASE)


def _sha256(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


@lru_cache(maxsize=1)
def _chart_js() -> str:
    """The vendored Chart.js, without its source-map comment (there is no map beside the
    report to load)."""
    text = CHART_JS.read_text(encoding="utf-8")
    return re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.MULTILINE).rstrip() + "\n"


def _value(value: Any, unit: str | None = None) -> str:
    if isinstance(value, (int, float)) and abs(value) >= 1000:
        text = f"{value:,.0f}"
    else:
        text = _num(value)
    return f"{text} {unit}" if unit else text


@lru_cache(maxsize=1)
def _template() -> Any:
    env = Environment(loader=FileSystemLoader(str(WEB / "templates")),
                      autoescape=select_autoescape(["html"], default=True))
    env.filters["json_script"] = json_script
    env.filters["http_url"] = http_url
    env.filters["num"] = _num
    env.filters["value"] = _value
    return env.get_template(TEMPLATE)
