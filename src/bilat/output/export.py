"""Exports in the formats the field already reads: flat rows (CSV, JSON Lines, Parquet),
PLOVER JSON records and GDELT 2.0 event rows.

Rows come from ``bilat.store.query`` as an iterator and are written as they come (Parquet in
row groups), so the size of an export is bounded by the disk, not by memory. Every mapping
decision (which field goes where, what is left empty and why) is listed in docs/query.md.
"""

from __future__ import annotations

import calendar
import csv
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

Row = Mapping[str, Any]

PARQUET_ROWS = 10_000  # rows per Parquet row group (and per batch held in memory)

# PLOVER quad categories of the event types (PLOVER manual 2.0)
PLOVER_QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
# PLOVER's auxiliary modes for what bilat calls status and negation
AUXILIARY_MODES = {"planned": "future", "hypothetical": "hypothetical"}


# --- flat rows -----------------------------------------------------------------------------


def _codes(value: Any) -> Any:
    return ",".join(value) if isinstance(value, list) else value


def _names(value: Any) -> Any:
    return "; ".join(value) if isinstance(value, list) else value


def _actor_names(side: str) -> Callable[[Row], Any]:
    def get(row: Row) -> list[str]:
        return [a.get("person") or a["name"] for a in row.get(f"{side}_actors") or []]

    return get


def _offices(value: Any) -> Any:
    """'Foreign Minister 2019-03-01..2024-02-10 (12); Prime Minister 2024-02-14.. (3)'."""
    if not isinstance(value, list):
        return value
    return "; ".join(
        f"{o.get('office') or o.get('role')} {o.get('first_seen') or ''}.."
        f"{o.get('last_seen') or ''} ({o.get('articles') or 0})" for o in value
    )


@dataclass(frozen=True)
class Field:
    """One column of a flat export: its key, Parquet type, where its value comes from (the
    row key by default) and how a list or object is flattened for CSV and Parquet."""

    key: str
    kind: str = "string"  # string, int, float, bool
    get: Callable[[Row], Any] | None = None
    flatten: Callable[[Any], Any] | None = None

    def native(self, row: Row) -> Any:
        return self.get(row) if self.get else row.get(self.key)

    def flat(self, row: Row) -> Any:
        value = self.native(row)
        return self.flatten(value) if self.flatten else value


EVENT_FIELDS = [
    Field("cluster_id", "int"), Field("event_id"), Field("date"), Field("last_date"),
    Field("date_precision"), Field("type"), Field("mode"), Field("cameo"),
    Field("contexts", flatten=_codes),
    Field("source", flatten=_codes), Field("target", flatten=_codes),
    Field("source_names", get=_actor_names("source"), flatten=_names),
    Field("target_names", get=_actor_names("target"), flatten=_names),
    Field("location"), Field("location_country"), Field("geonameid", "int"),
    Field("lat", "float"), Field("lon", "float"), Field("status"), Field("negated", "bool"),
    Field("sources", "int"), Field("reports", "int"), Field("goldstein", "float"),
    Field("plover_score", "float"), Field("confidence", "float"), Field("article_id"),
    Field("published"), Field("outlet"), Field("title"), Field("url"), Field("evidence"),
    Field("evidence_start", "int"), Field("evidence_end", "int"), Field("trigger"),
]
PEOPLE_FIELDS = [
    Field("id", "int"), Field("name"), Field("country"), Field("offices", flatten=_offices),
    Field("first_seen"), Field("last_seen"), Field("articles", "int"),
    Field("names", flatten=_names),
]
AGREEMENT_FIELDS = [
    Field("cluster_id", "int"), Field("date"), Field("kind"), Field("topic"),
    Field("parties", flatten=_codes), Field("sources", "int"), Field("reports", "int"),
    Field("status"), Field("location"), Field("article_id"), Field("published"),
    Field("outlet"), Field("url"), Field("evidence"),
]
FIGURE_FIELDS = [
    Field("id", "int"), Field("indicator"), Field("value", "float"), Field("unit"),
    Field("period"), Field("countries", flatten=_codes), Field("article_id"),
    Field("published"), Field("outlet"), Field("url"), Field("evidence"),
]
ARTICLE_FIELDS = [
    Field("id"), Field("published"), Field("outlet"), Field("title"), Field("url"),
    Field("events", "int"), Field("extractor_version"), Field("text_length", "int"),
]
SEARCH_FIELDS = [
    Field("rank", "int"), Field("kind"), Field("article_id"), Field("event_id"),
    Field("published"), Field("outlet"), Field("title"), Field("url"), Field("type"),
    Field("date"), Field("snippet"), Field("score", "float"),
]
FIELDS = {
    "events": EVENT_FIELDS, "people": PEOPLE_FIELDS, "agreements": AGREEMENT_FIELDS,
    "figures": FIGURE_FIELDS,
}


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_csv(rows: Iterable[Row], fields: list[Field], handle: TextIO) -> int:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow([f.key for f in fields])
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(f.flat(row)) for f in fields])
        count += 1
    return count


def write_jsonl(rows: Iterable[Row], fields: list[Field], handle: TextIO) -> int:
    """The same columns as CSV, but lists stay JSON arrays (codes, names, offices)."""
    count = 0
    for row in rows:
        record = {f.key: f.native(row) for f in fields}
        handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def write_parquet(rows: Iterable[Row], fields: list[Field], path: Path) -> int:
    """A Parquet file written one row group at a time (flat columns, as in CSV)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(),
             "bool": pa.bool_()}
    schema = pa.schema([pa.field(f.key, types[f.kind]) for f in fields])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches(rows, PARQUET_ROWS):
            columns = {f.key: [f.flat(r) for r in batch] for f in fields}
            writer.write_table(pa.Table.from_pydict(columns, schema=schema))
            count += len(batch)
    return count


def _batches(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


# --- dates ---------------------------------------------------------------------------------


def date_range(value: str | None) -> tuple[str | None, str | None]:
    """First and last day of an ISO date at its precision: '2024-10' -> 2024-10-01, -31."""
    if not value:
        return None, None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
        month = int(parts[1])
        if len(parts) == 2:
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
        return value[:10], value[:10]
    except (ValueError, IndexError):
        return None, None


# --- PLOVER --------------------------------------------------------------------------------


def _entity(actor: dict[str, Any]) -> dict[str, Any]:
    """A PLOVER entity object (manual table 6.2) from a bilat actor."""
    entity = {"code": actor.get("country"), "sector": actor.get("sector"),
              "entity_text": actor.get("name"), "identifier_text": actor.get("person"),
              "office": actor.get("role")}
    return {k: v for k, v in entity.items() if v is not None}


def plover_record(row: Row, *, reports: bool, coder: str) -> dict[str, Any]:
    """One PLOVER JSON record (manual chapter 6) for an event row; fields PLOVER has no
    name for (CAMEO code, Goldstein score, status, counts, ids) are added under their own."""
    start, end = date_range(row.get("date"))
    _, last = date_range(row.get("last_date"))
    end = max(filter(None, (end, last)), default=None)
    modes = [row["mode"]] if row.get("mode") else []
    if row.get("status") in AUXILIARY_MODES:
        modes.append(AUXILIARY_MODES[row["status"]])
    if row.get("negated"):
        modes.append("negation")
    location = {
        "extracted_place": row.get("location"), "geonameid": row.get("geonameid"),
        "lat": row.get("lat"), "lon": row.get("lon"),
        "country_code": row.get("location_country"),
    }
    record: dict[str, Any] = {
        "id": row["event_id"] if reports else f"cluster-{row['cluster_id']}",
        "has_event": True,
        "date": start,
        "enddate": end if end and end != start else None,
        "actor": [_entity(a) for a in row.get("source_actors") or []],
        "recipient": [_entity(a) for a in row.get("target_actors") or []],
        "event": [row["type"]],
        "event_loc": {k: v for k, v in location.items() if v is not None} or None,
        "event_text": [row["trigger"]] if row.get("trigger") else None,
        "quad_code": PLOVER_QUAD.get(row["type"]),
        "event_scale": row.get("plover_score"),
        "mode": modes or None,
        "context": row.get("contexts") or None,
        "text": row.get("evidence"),
        "text_info": {"start": row.get("evidence_start"), "end": row.get("evidence_end")},
        "cite_info": {k: v for k, v in {
            "citation": row.get("article_id"), "url": row.get("url"),
            "title": row.get("title"), "publication": row.get("outlet"),
        }.items() if v is not None},
        "coder": coder,
        "coded_date": (row.get("ingested_at") or "")[:10] or None,
        # beyond PLOVER's names
        "date_precision": row.get("date_precision"),
        "status": row.get("status"),
        "cameo": row.get("cameo"),
        "goldstein": row.get("goldstein"),
        "sources": row.get("sources"),
        "reports": row.get("reports"),
        "confidence": row.get("confidence"),
        "cluster_id": row.get("cluster_id"),
        "event_id": row.get("event_id"),
    }
    return {k: v for k, v in record.items() if v is not None}


def write_plover(rows: Iterable[Row], handle: TextIO, *, reports: bool, coder: str,
                 array: bool = False) -> int:
    """PLOVER records, one JSON object per line, or (``array``) one JSON array."""
    count = 0
    for row in rows:
        text = json.dumps(plover_record(row, reports=reports, coder=coder), ensure_ascii=False)
        if array:
            handle.write(("[\n" if count == 0 else ",\n") + text)
        else:
            handle.write(text + "\n")
        count += 1
    if array:
        handle.write("\n]\n" if count else "[]\n")
    return count


# --- GDELT 2.0 events ----------------------------------------------------------------------

GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{part}" for n in (1, 2) for part in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{part}" for who in ("Actor1", "Actor2", "Action") for part in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
]
assert len(GDELT_COLUMNS) == 61


def quad_class(cameo: str | None, event_type: str | None) -> int | None:
    """CAMEO's four classes by root code (01-05, 06-08, 09-13, 14-20); PLOVER's own quad
    category when there is no CAMEO code."""
    if cameo and cameo[:2].isdigit():
        root = int(cameo[:2])
        for top, quad in ((5, 1), (8, 2), (13, 3), (20, 4)):
            if 1 <= root <= top:
                return quad
    return PLOVER_QUAD.get(event_type or "")


def _actor_columns(actor: dict[str, Any] | None) -> list[Any]:
    """Code, Name, CountryCode, KnownGroupCode, Ethnic, Religion1, Religion2, Type1-3."""
    if actor is None:
        return [""] * 10
    from bilat.knowledge.gazetteer import country_name, is_state

    code = actor.get("country") or ""
    sector = actor.get("sector") or ""
    state = bool(code) and is_state(code)
    name = actor.get("person") or (country_name(code) if code else actor.get("name")) or ""
    types = [sector[i:i + 3] for i in range(0, 9, 3)]
    return [code + sector, name.upper(), code if state else "", "" if state else code,
            "", "", "", *types]


def _action_geo(row: Row) -> list[Any]:
    """Type, FullName, CountryCode, ADM1, ADM2, Lat, Long, FeatureID of the event's place."""
    place = row.get("location")
    if not place:
        return [""] * 8
    from bilat.knowledge.gazetteer import country_name, resolve_country

    country = row.get("location_country") or ""
    is_country = bool(country) and resolve_country(place) == country
    kind = 1 if is_country else 3 if country == "USA" else 4
    full = place if is_country or not country else f"{place}, {country_name(country)}"
    return [kind, full, country, "", "", row.get("lat"), row.get("lon"), row.get("geonameid")]


def _fraction(year: int, month: int, day: int) -> str:
    return f"{year + (month * 30 + day) / 365:.4f}"


def _stamp(iso: str | None) -> str:
    """ISO 8601 (any zone) -> YYYYMMDDHHMMSS in UTC, GDELT's DATEADDED."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%d%H%M%S")


def gdelt_row(row: Row, event_id: int) -> list[Any]:
    start, _ = date_range(row.get("date"))
    if start:
        year, month, day = (int(p) for p in start.split("-"))
        dates: list[Any] = [f"{year:04d}{month:02d}{day:02d}", f"{year:04d}{month:02d}",
                            year, _fraction(year, month, day)]
    else:
        dates = ["", "", "", ""]
    sources, targets = row.get("source_actors") or [], row.get("target_actors") or []
    cameo = row.get("cameo") or ""
    values = [
        event_id, *dates,
        *_actor_columns(sources[0] if sources else None),
        *_actor_columns(targets[0] if targets else None),
        1 if row.get("position") == 0 else 0,
        cameo, cameo[:3], cameo[:2], quad_class(cameo, row.get("type")),
        row.get("goldstein"), row.get("reports"), row.get("sources"), row.get("sources"),
        "",  # AvgTone: bilat does not measure tone
        *[""] * 16,  # Actor1Geo_*, Actor2Geo_*: bilat places events, not actors
        *_action_geo(row),
        _stamp(row.get("ingested_at")), row.get("url") or "",
    ]
    return values


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def write_gdelt(rows: Iterable[Row], handle: TextIO, *, reports: bool,
                header: bool = False) -> int:
    """Tab-separated GDELT 2.0 event rows (61 columns, no header unless asked, like GDELT's
    own files). GLOBALEVENTID is the cluster id, or with ``reports`` the row's number."""
    if header:
        handle.write("\t".join(GDELT_COLUMNS) + "\n")
    count = 0
    for count, row in enumerate(rows, 1):
        event_id = count if reports else row["cluster_id"]
        handle.write("\t".join(_cell(v) for v in gdelt_row(row, event_id)) + "\n")
    return count
