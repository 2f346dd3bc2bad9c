"""The country page, ``/countries/{code}``: a country's partners as a network, the places of
its events on a world map, and its top partners in a table.

``code`` is anything ``resolve_country`` accepts (``AZE``, ``Azerbaijan``, ``azerbaijani``,
``AZ``); an unknown one is the 404 page. The data comes from :mod:`bilat.store.country`; the
network and the map are drawn client-side as SVG by ``static/country.js`` with d3 and
topojson-client (bundled in ``static/vendor``, with the world-atlas 110m countries), from
JSON in ``<script type="application/json">`` elements. Nothing loads from another origin.

Add it to an app with ``app.include_router(router)`` (``install_pages`` mounts ``/static``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bilat.knowledge.gazetteer import country_name
from bilat.store.country import partners, places

__all__ = ["MAX_PARTNERS", "MAX_PLACES", "country_page", "router"]

router = APIRouter(include_in_schema=False)

MAX_PARTNERS = 30  # nodes of the network besides the country, rows of the table
MAX_PLACES = 300  # circles on the map


def _network(code: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Nodes (the country, then its partners) and edges (country to partner) for d3."""
    nodes = [{"id": code, "name": country_name(code), "events": None,
              "center": True}]
    nodes += [{"id": r["partner"], "name": country_name(r["partner"]), "events": r["events"],
               "plover_score": r["plover_score"], "center": False} for r in rows]
    links = [{"source": code, "target": r["partner"], "events": r["events"],
              "plover_score": r["plover_score"], "goldstein": r["goldstein"],
              "cooperation": r["cooperation"], "conflict": r["conflict"]} for r in rows]
    return {"center": code, "name": country_name(code), "nodes": nodes, "links": links}


@router.get("/countries/{code}", response_class=HTMLResponse)
def country_page(request: Request, code: str) -> Response:
    # imported here so that pages.py may import this module at its top (no import cycle)
    from bilat.web import pages

    try:
        country = pages._country(code)
    except pages.PageError as exc:
        return pages._error(request, exc)
    with pages._connect(request) as conn:
        rows = partners(conn, country, MAX_PARTNERS)
        spots = places(conn, country, MAX_PLACES)
    for r in rows:
        r["name"] = country_name(r["partner"])
    return pages._render(request, "country.html", {
        "title": country_name(country), "code": country, "partners": rows, "places": spots,
        "network": _network(country, rows),
        "map": {"name": country_name(country), "places": spots,
                "atlas": "/static/vendor/countries-110m.json"},
    })
