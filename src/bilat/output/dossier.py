"""A pair's dossier as a standalone Markdown report (``bilat dossier X Y --format md``).

The input is ``bilat.store.query.relations(...).to_dict()``; every claim in the report carries
its evidence sentence and article, so a reader can check it without the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def markdown(data: dict[str, Any]) -> str:
    pair, summary = data["pair"], data["summary"]
    (first, second), (a, b) = pair["names"], (pair["country"], pair["partner"])
    lines = [
        f"# {first} ({a}) – {second} ({b})",
        "",
        f"{summary['events']} events ({summary['reports']} reports in {summary['sources']} "
        f"sources), {summary['first_date'] or '?'} … {summary['last_date'] or '?'}; mean "
        f"Goldstein {number(summary['goldstein'])}, mean PLOVER score "
        f"{number(summary['plover_score'])}.",
    ]
    lines += _section("Events by type", ["type", "events", "reports", "Goldstein", "PLOVER",
                                         "last"], (
        [t["type"], t["events"], t["reports"], number(t["goldstein"]), number(t["plover_score"]),
         t["last_date"] or ""] for t in data["by_type"]))
    lines += _section("Events by month", ["month", "events", "cooperation", "conflict",
                                          "Goldstein", "PLOVER", "types"], (
        [m["month"], m["events"], m["cooperation"], m["conflict"], number(m["goldstein"]),
         number(m["plover_score"]), ", ".join(f"{k} {n}" for k, n in m["types"].items())]
        for m in data["by_month"]))
    lines += _claims("Last meetings", data["meetings"], _meeting)
    lines += _claims("Agreements", data["agreements"], _agreement)
    lines += _claims("Figures", data["figures"], _figure)
    lines += _section("Key people", ["name", "country", "role", "events"], (
        [p.get("name"), p.get("country"), p.get("role") or "", p.get("events", "")]
        for p in data["people"]))
    cited = sources([*data["meetings"], *data["agreements"], *data["figures"]])
    if cited:
        lines += ["", "## Sources", ""] + [f"- {_cite(s)}" for s in cited]
    return "\n".join(lines) + "\n"


def _section(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    body = [_row(r) for r in rows]
    if not body:
        return []
    return ["", f"## {title}", "", _row(header), _row(["---"] * len(header)), *body]


def _claims(title: str, records: list[dict[str, Any]], line: Any) -> list[str]:
    if not records:
        return []
    out = ["", f"## {title}", ""]
    for record in records:
        out.append(f"- {line(record)}")
        if record.get("evidence"):
            out.append(f"  > {_inline(record['evidence'])} — *{_cite(record)}*")
    return out


def _meeting(e: dict[str, Any]) -> str:
    kind = e["type"] + (f"/{e['mode']}" if e.get("mode") else "")
    actors = f"{', '.join(e['source'])} → {', '.join(e['target'])}"
    place = f", {e['location']}" if e.get("location") else ""
    status = "" if e.get("status") == "occurred" else f" ({e['status']})"
    return f"**{e['date'] or 'undated'}** {kind} {actors}{place}{status}, {e['sources']} source(s)"


def _agreement(a: dict[str, Any]) -> str:
    return (f"**{a['date'] or 'undated'}** {a['kind']}: {_inline(a['topic'])} "
            f"({', '.join(a['parties'])}), {a['sources']} source(s)")


def _figure(f: dict[str, Any]) -> str:
    period = f" ({f['period']})" if f.get("period") else ""
    return f"{_inline(f['indicator'])}{period}: {number(f['value'])} {f['unit']}"


def _cite(record: dict[str, Any]) -> str:
    return ", ".join(str(p) for p in (record.get("outlet"), record.get("published"),
                                       record.get("url") or record.get("article_id")) if p)


def sources(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The articles behind ``records``, once each, in the order first cited, with how many of
    the records each supports."""
    found: dict[str, dict[str, Any]] = {}
    for r in records:
        key = r.get("article_id") or r.get("url")
        if not key:
            continue
        entry = found.setdefault(key, {
            "article_id": r.get("article_id"), "title": r.get("title"),
            "outlet": r.get("outlet"), "published": r.get("published"), "url": r.get("url"),
            "records": 0,
        })
        entry["records"] += 1
    return list(found.values())


def chart_data(data: dict[str, Any], types: Sequence[str] = ()
               ) -> tuple[dict[str, Any], dict[str, Any]]:
    """From a dossier: the timeline (events per month, stacked by type — ``types``, else every
    type of the pair) and the scores per month, over every month from the first to the last
    (months without events are zeros or gaps)."""
    by_month = data["by_month"]
    months = months_between(by_month[0]["month"], by_month[-1]["month"]) if by_month else []
    found = {m["month"]: m for m in by_month}
    shown = list(types) or [t["type"] for t in data["by_type"]]
    timeline = {
        "months": months,
        "datasets": [
            {"type": t, "counts": [found.get(m, {}).get("types", {}).get(t, 0) for m in months]}
            for t in shown
        ],
    }
    scores = {
        "months": months,
        "goldstein": [found.get(m, {}).get("goldstein") for m in months],
        "plover_score": [found.get(m, {}).get("plover_score") for m in months],
    }
    return timeline, scores


def months_between(first: str, last: str) -> list[str]:
    """'2024-11', '2024-12', '2025-01'...: every month from ``first`` to ``last`` (at most
    100 years)."""
    out: list[str] = []
    year, month = (int(p) for p in first.split("-"))
    while len(out) < 1200:
        label = f"{year:04d}-{month:02d}"
        if label > last:
            break
        out.append(label)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _row(cells: Sequence[Any]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _cell(value: Any) -> str:
    return _inline("" if value is None else str(value)).replace("|", "\\|")


def _inline(text: str) -> str:
    """One line of Markdown that renders as the text: no line breaks, no stray markup."""
    text = " ".join(str(text).split())
    for char in "\\`*_[]<>#":
        text = text.replace(char, "\\" + char)
    return text


def number(value: Any) -> str:
    """A number as a reader wants it: 5 billion, 140 million, 1.9; a dash for none."""
    if value is None:
        return "–"
    if isinstance(value, float):
        if abs(value) >= 1e9:
            return f"{value / 1e9:.3g} billion"
        if abs(value) >= 1e6:
            return f"{value / 1e6:.3g} million"
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)
