"""The five Parquet tables of a batch and how one extracted article becomes their rows.

Lists stay Parquet lists (actor codes, names, parties), so DuckDB, pandas, Spark and Ray read
them without parsing. The ``articles`` table also keeps each article's text and its whole
extraction as JSON: ``bilat load`` rebuilds the records from it without loss, while the other
four tables are flat views for analysis. Rows are partitioned by publication month
(``month=2024-10``; ``month=unknown`` when the article has no date).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

import pyarrow as pa

from bilat.article import Article

TABLES = ("articles", "events", "people", "agreements", "figures")
UNKNOWN_MONTH = "unknown"

_S, _I, _F, _B = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_LIST = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("id", _S), ("published", _S), ("url", _S), ("outlet", _S), ("title", _S),
        ("author", _S), ("language", _S), ("source", _S), ("shard_file", _S), ("record", _S),
        ("record_offset", _I), ("retrieved", _S), ("dateline_place", _S),
        ("extractor_version", _S), ("text_length", _I), ("events", _I), ("people", _I),
        ("agreements", _I), ("figures", _I), ("warnings", _LIST), ("text", _S),
        ("extraction", _S),
    ]),
    "events": pa.schema([
        ("article_id", _S), ("event_id", _S), ("published", _S), ("type", _S), ("mode", _S),
        ("contexts", _LIST), ("cameo", _S), ("goldstein", _F), ("plover_score", _F),
        ("source", _LIST), ("target", _LIST), ("source_names", _LIST),
        ("target_names", _LIST), ("date", _S), ("date_precision", _S),
        ("date_resolution", _S), ("location", _S), ("location_country", _S),
        ("geonameid", _I), ("lat", _F), ("lon", _F), ("status", _S), ("negated", _B),
        ("confidence", _F), ("evidence", _S), ("evidence_start", _I), ("evidence_end", _I),
        ("trigger", _S),
    ]),
    "people": pa.schema([
        ("article_id", _S), ("published", _S), ("name", _S), ("role", _S), ("office", _S),
        ("country", _S), ("origin", _S), ("mentions", _I),
    ]),
    "agreements": pa.schema([
        ("article_id", _S), ("published", _S), ("topic", _S), ("kind", _S),
        ("parties", _LIST), ("date", _S), ("date_precision", _S), ("location", _S),
        ("status", _S), ("evidence", _S), ("evidence_start", _I), ("evidence_end", _I),
    ]),
    "figures": pa.schema([
        ("article_id", _S), ("published", _S), ("indicator", _S), ("value", _F),
        ("unit", _S), ("period", _S), ("countries", _LIST), ("evidence", _S),
        ("evidence_start", _I), ("evidence_end", _I),
    ]),
}

Rows = dict[str, list[dict[str, Any]]]


def month_of(published: str | None) -> str:
    """The partition of an article: YYYY-MM of its publication date, else 'unknown'."""
    if published and len(published) >= 7 and published[:4].isdigit() and published[5:7].isdigit():
        return published[:7]
    return UNKNOWN_MONTH


def article_json(article: Article) -> str:
    """An article as it travels between processes and machines (text included)."""
    return json.dumps(asdict(article), ensure_ascii=False)


def article_from_json(text: str) -> Article:
    data = json.loads(text)
    return Article(**data)


def rows_of(article: Article, extraction: Mapping[str, Any], shard_file: str) -> Rows:
    """The rows one article adds to each table. ``extraction`` is Extraction.to_json_dict()."""
    base = {"article_id": article.id, "published": article.published}
    meta = extraction["article"]
    return {
        "articles": [{
            "id": article.id, "published": article.published, "url": article.url,
            "outlet": article.outlet, "title": article.title, "author": article.author,
            "language": article.language, "source": article.source, "shard_file": shard_file,
            "record": article.record, "record_offset": article.offset,
            "retrieved": article.retrieved, "dateline_place": article.dateline_place,
            "extractor_version": meta["extractor_version"], "text_length": len(article.text),
            "events": len(extraction["events"]), "people": len(extraction["people"]),
            "agreements": len(extraction["agreements"]),
            "figures": len(extraction["figures"]), "warnings": list(extraction["warnings"]),
            "text": article.text,
            "extraction": json.dumps(extraction, ensure_ascii=False, separators=(",", ":")),
        }],
        "events": [base | _event(e) for e in extraction["events"]],
        "people": [base | {
            "name": p["name"], "role": p["role"], "office": p["office"],
            "country": p["country"], "origin": p["source"], "mentions": len(p["mentions"]),
        } for p in extraction["people"]],
        "agreements": [base | {
            "topic": a["topic"], "kind": a["kind"], "parties": a["parties"], "date": a["date"],
            "date_precision": a["date_precision"], "location": _place(a["location"]),
            "status": a["status"], **_evidence(a["evidence"]),
        } for a in extraction["agreements"]],
        "figures": [base | {
            "indicator": f["indicator"], "value": f["value"], "unit": f["unit"],
            "period": f["period"], "countries": f["countries"], **_evidence(f["evidence"]),
        } for f in extraction["figures"]],
    }


def _event(e: Mapping[str, Any]) -> dict[str, Any]:
    location = e["location"] or {}
    trigger = e["trigger"]
    return {
        "event_id": e["id"], "type": e["type"], "mode": e["mode"], "contexts": e["contexts"],
        "cameo": e["cameo"], "goldstein": e["goldstein"], "plover_score": e["plover_score"],
        "source": _codes(e["source"]), "target": _codes(e["target"]),
        "source_names": _names(e["source"]), "target_names": _names(e["target"]),
        "date": e["date"], "date_precision": e["date_precision"],
        "date_resolution": e["date_resolution"], "location": location.get("name"),
        "location_country": location.get("country"), "geonameid": location.get("geonameid"),
        "lat": location.get("lat"), "lon": location.get("lon"), "status": e["status"],
        "negated": e["negated"], "confidence": e["confidence"], **_evidence(e["evidence"]),
        "trigger": trigger["text"] if trigger else None,
    }


def _codes(actors: list[Mapping[str, Any]]) -> list[str]:
    return [a["country"] or "" for a in actors]


def _names(actors: list[Mapping[str, Any]]) -> list[str]:
    return [a["person"] or a["name"] for a in actors]


def _place(location: Mapping[str, Any] | None) -> str | None:
    return location["name"] if location else None


def _evidence(evidence: Mapping[str, Any]) -> dict[str, Any]:
    return {"evidence": evidence["text"], "evidence_start": evidence["start"],
            "evidence_end": evidence["end"]}
