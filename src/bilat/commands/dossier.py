"""``bilat dossier X Y``: a pair's dossier as a standalone report to keep or send."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from bilat.commands import common
from bilat.commands.common import DbOption, OutOption, SinceOption, UntilOption


class DossierFormat(str, Enum):
    md = "md"
    html = "html"


def register(app: typer.Typer) -> None:
    app.command()(dossier)


def dossier(
    country: Annotated[str, typer.Argument(help="One country: name, demonym or code.")],
    partner: Annotated[str, typer.Argument(help="The other country.")],
    fmt: Annotated[DossierFormat, typer.Option(
        "--format", "-f", help="md: Markdown, every claim quoted with its source; html: one "
        "self-contained page with the charts (opens offline).")] = (
        DossierFormat.md),
    out: OutOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, typer.Option(
        "--limit", "-n", min=1, help="Rows in each list (meetings, agreements, figures, "
        "people).")] = 20,
    db: DbOption = None,
) -> None:
    """The relations of two countries as a report: counts by type and month, scores, the last
    meetings, agreements and figures with the sentences that support them, key people, sources.

    Example: bilat dossier Azerbaijan Belarus --since 2023 -o aze-blr.md
    (or --format html -o aze-blr.html: one page with the charts, nothing to fetch).
    """
    from bilat.store.query import relations

    code, other = common.country(country, "COUNTRY"), common.country(partner, "PARTNER")
    assert code and other
    if code == other:
        common.fail(f"both countries are {code}")
    first, last = common.date(since, "--since"), common.date(until, "--until")
    with common.store(db) as conn:
        found = relations(conn, code, other, since=first, until=last, limit=limit).to_dict()
    if fmt is DossierFormat.html:
        from bilat.output.dossier_html import html

        text = html(found)
    else:
        from bilat.output.dossier import markdown

        text = markdown(found)
    with common.output(out) as handle:
        handle.write(text)
    if not found["summary"]["events"]:
        common.note(f"no events between {code} and {other}"
                    + (" in that period" if first or last else ""))
