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
from bilat.output.dossier import chart_data, number, sources
from bilat.web.pages import http_url, json_script

__all__ = ["html"]

WEB = Path(__file__).resolve().parents[1] / "web"
TEMPLATE = "dossier_report.html"
CHART_JS = WEB / "static" / "vendor" / "chart.umd.min.js"
PAGE_JS = WEB / "static" / "bilat.js"

def html(data: dict[str, Any]) -> str:
    """The dossier ``data`` (``relations(...).to_dict()``) as a standalone HTML page."""
    # the dossier page's own script draws the same two charts from the same JSON elements
    chartjs, draw = _inline_js(_chart_js()), _inline_js(PAGE_JS.read_text(encoding="utf-8"))
    timeline, scores = chart_data(data)
    csp = ("default-src 'none'; "
           f"script-src {_sha256(chartjs)} {_sha256(draw)}; "
           "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    return _template().render(
        data=data, pair=data["pair"], s=data["summary"], timeline=timeline, scores=scores,
        sources=sources([*data["meetings"], *data["agreements"], *data["figures"]]),
        chartjs=Markup(chartjs), draw=Markup(draw), csp=csp, version=__version__,
    )


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
        text = number(value)
    return f"{text} {unit}" if unit else text


@lru_cache(maxsize=1)
def _template() -> Any:
    env = Environment(loader=FileSystemLoader(str(WEB / "templates")),
                      autoescape=select_autoescape(["html"], default=True))
    env.filters["json_script"] = json_script
    env.filters["http_url"] = http_url
    env.filters["num"] = number
    env.filters["value"] = _value
    return env.get_template(TEMPLATE)
