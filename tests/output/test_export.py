"""The export writers on hand-made rows (the shape ``bilat.store.query.event_rows`` yields):
field mapping of PLOVER and GDELT, flat rows, Parquet row groups."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from bilat.output import export
from bilat.output.export import (
    EVENT_FIELDS,
    GDELT_COLUMNS,
    date_range,
    gdelt_row,
    plover_record,
    quad_class,
    write_csv,
    write_gdelt,
    write_jsonl,
    write_parquet,
    write_plover,
)

PEER_HEADER = Path("/work/shared/peers/gdeltPyR/GDELT_2.0_Events_Column_Labels_Header_Row_"
                   "Sep2016.csv")


def row(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "cluster_id": 41, "event_id": "wire-5-e2", "date": "2025-06-02", "last_date": "2025-06-03",
        "date_precision": "day", "type": "CONSULT", "mode": "phone", "cameo": "041",
        "contexts": ["economic", "migration"], "source": ["PRT"], "target": ["CPV"],
        "location": "Lisbon", "location_country": "PRT", "geonameid": 2267057, "lat": 38.72,
        "lon": -9.14, "status": "occurred", "negated": False, "sources": 3, "reports": 4,
        "goldstein": 1.0, "plover_score": 1.5, "confidence": 0.8, "article_id": "wire-5",
        "position": 1, "published": "2025-06-03T08:00:00+01:00", "outlet": "Atlantic Wire",
        "title": "Lisbon and Praia talk visas", "url": "https://atlantic.example/5",
        "ingested_at": "2025-06-03T09:30:00+04:00",
        "evidence": "Portugal's premier Rui Tavares called Cape Verde's leader on Monday.",
        "evidence_start": 120, "evidence_end": 188, "trigger": "called",
        "source_actors": [{"name": "Rui Tavares", "country": "PRT", "sector": "GOV",
                           "person": "Rui Tavares", "role": "Prime Minister"}],
        "target_actors": [{"name": "Cape Verde", "country": "CPV", "sector": None,
                           "person": None, "role": None}],
    }
    base.update(changes)
    return base


# --- dates and classes ---------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-10-03", ("2024-10-03", "2024-10-03")),
    ("2024-02", ("2024-02-01", "2024-02-29")),
    ("2023", ("2023-01-01", "2023-12-31")),
    (None, (None, None)),
    ("soon", (None, None)),
])
def test_date_range(value: str | None, expected: tuple[str | None, str | None]) -> None:
    assert date_range(value) == expected


@pytest.mark.parametrize(("cameo", "event_type", "quad"), [
    ("041", "CONSULT", 1), ("057", "AGREE", 1), ("061", "COOPERATE", 2), ("0874", "RETREAT", 2),
    ("112", "ACCUSE", 3), ("138", "THREATEN", 3), ("1663", "SANCTION", 4), ("190", "ASSAULT", 4),
    (None, "AID", 2), (None, "PROTEST", 4), ("", "REQUEST", 3),
])
def test_quad_class_from_the_cameo_root_else_the_plover_type(
    cameo: str | None, event_type: str, quad: int
) -> None:
    assert quad_class(cameo, event_type) == quad


# --- PLOVER --------------------------------------------------------------------------------


def test_plover_record_uses_plover_field_names() -> None:
    record = plover_record(row(), reports=False, coder="bilat 9.9")
    assert record["id"] == "cluster-41" and record["has_event"] is True
    assert (record["date"], record["enddate"]) == ("2025-06-02", "2025-06-03")
    assert record["actor"] == [{"code": "PRT", "sector": "GOV", "entity_text": "Rui Tavares",
                                "identifier_text": "Rui Tavares", "office": "Prime Minister"}]
    assert record["recipient"] == [{"code": "CPV", "entity_text": "Cape Verde"}]
    assert record["event"] == ["CONSULT"] and record["mode"] == ["phone"]
    assert record["context"] == ["economic", "migration"]
    assert record["event_loc"]["extracted_place"] == "Lisbon"
    assert record["event_text"] == ["called"] and record["quad_code"] == 1
    assert record["event_scale"] == 1.5
    assert record["text_info"] == {"start": 120, "end": 188}
    assert record["cite_info"] == {"citation": "wire-5", "url": "https://atlantic.example/5",
                                   "title": "Lisbon and Praia talk visas",
                                   "publication": "Atlantic Wire"}
    assert (record["coder"], record["coded_date"]) == ("bilat 9.9", "2025-06-03")
    assert (record["cameo"], record["goldstein"], record["sources"]) == ("041", 1.0, 3)


def test_plover_auxiliary_modes_and_missing_values() -> None:
    record = plover_record(row(status="hypothetical", negated=True, mode=None, trigger=None,
                               location=None, lat=None, lon=None, geonameid=None,
                               location_country=None, contexts=[], last_date=None),
                           reports=True, coder="bilat")
    assert record["id"] == "wire-5-e2"
    assert record["mode"] == ["hypothetical", "negation"]
    assert "enddate" not in record and "event_loc" not in record
    assert "event_text" not in record and "context" not in record
    assert plover_record(row(status="planned", mode="visit"), reports=True,
                         coder="x")["mode"] == ["visit", "future"]


def test_plover_lines_or_one_array() -> None:
    lines = io.StringIO()
    assert write_plover([row(), row(cluster_id=42)], lines, reports=False, coder="b") == 2
    assert [json.loads(x)["id"] for x in lines.getvalue().splitlines()] == [
        "cluster-41", "cluster-42"]
    array = io.StringIO()
    write_plover([row()], array, reports=False, coder="b", array=True)
    assert [r["id"] for r in json.loads(array.getvalue())] == ["cluster-41"]
    empty = io.StringIO()
    write_plover([], empty, reports=False, coder="b", array=True)
    assert json.loads(empty.getvalue()) == []


# --- GDELT ---------------------------------------------------------------------------------


def test_gdelt_columns_are_gdelt_2_event_columns() -> None:
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year",
                                 "FractionDate"]
    assert GDELT_COLUMNS[-2:] == ["DATEADDED", "SOURCEURL"]
    if PEER_HEADER.exists():  # GDELT's own column list, where the peer files are present
        with PEER_HEADER.open(encoding="utf-8") as handle:
            assert [r["tableId"] for r in csv.DictReader(handle)] == GDELT_COLUMNS


def test_gdelt_row_mapping() -> None:
    values = dict(zip(GDELT_COLUMNS, gdelt_row(row(), 41), strict=True))
    assert values["GLOBALEVENTID"] == 41
    assert (values["SQLDATE"], values["MonthYear"], values["Year"]) == (
        "20250602", "202506", 2025)
    assert values["FractionDate"] == f"{2025 + (6 * 30 + 2) / 365:.4f}"
    assert (values["Actor1Code"], values["Actor1Name"], values["Actor1CountryCode"]) == (
        "PRTGOV", "RUI TAVARES", "PRT")
    assert (values["Actor1Type1Code"], values["Actor1Type2Code"]) == ("GOV", "")
    assert (values["Actor2Code"], values["Actor2Name"]) == ("CPV", "CABO VERDE")
    assert (values["EventCode"], values["EventBaseCode"], values["EventRootCode"]) == (
        "041", "041", "04")
    assert (values["QuadClass"], values["GoldsteinScale"]) == (1, 1.0)
    assert (values["NumMentions"], values["NumSources"], values["NumArticles"]) == (4, 3, 3)
    assert values["IsRootEvent"] == 0 and values["AvgTone"] == ""
    assert (values["ActionGeo_Type"], values["ActionGeo_FullName"]) == (4, "Lisbon, Portugal")
    assert (values["ActionGeo_Lat"], values["ActionGeo_FeatureID"]) == (38.72, 2267057)
    assert values["DATEADDED"] == "20250603053000"  # 09:30 at +04:00, in UTC
    assert values["SOURCEURL"] == "https://atlantic.example/5"


def test_gdelt_bodies_places_and_sectors() -> None:
    un = {"name": "UN Security Council", "country": "UNO", "sector": None, "person": None,
          "role": None}
    soldier = {"name": "the army", "country": "USA", "sector": "MILGOV", "person": None,
               "role": None}
    values = dict(zip(GDELT_COLUMNS, gdelt_row(row(
        source_actors=[un], target_actors=[soldier], location="Texas", location_country="USA",
        date="2025-06", cameo=None, type="COERCE",
    ), 1), strict=True))
    assert (values["Actor1Code"], values["Actor1CountryCode"],
            values["Actor1KnownGroupCode"]) == ("UNO", "", "UNO")
    assert values["Actor1Name"] == "UNITED NATIONS"
    assert (values["Actor2Type1Code"], values["Actor2Type2Code"]) == ("MIL", "GOV")
    assert values["ActionGeo_Type"] == 3  # a place in the United States
    assert values["SQLDATE"] == "20250601"  # a month counts as its first day
    assert (values["EventCode"], values["QuadClass"]) == ("", 4)
    country = dict(zip(GDELT_COLUMNS, gdelt_row(row(location="Portugal"), 1), strict=True))
    assert (country["ActionGeo_Type"], country["ActionGeo_FullName"]) == (1, "Portugal")


def test_gdelt_file_is_tab_separated_with_one_line_per_event() -> None:
    handle = io.StringIO()
    messy = row(evidence="x", target_actors=[{"name": "Cape\tVerde\n", "country": None,
                                              "sector": None, "person": None, "role": None}])
    assert write_gdelt([row(), messy], handle, reports=True, header=True) == 2
    lines = handle.getvalue().splitlines()
    assert len(lines) == 3 and all(len(line.split("\t")) == 61 for line in lines)
    assert lines[1].split("\t")[0] == "1" and lines[2].split("\t")[0] == "2"  # row numbers
    assert lines[2].split("\t")[16] == "CAPE VERDE"


# --- flat rows and Parquet -----------------------------------------------------------------


def test_csv_flattens_lists_and_jsonl_keeps_them() -> None:
    flat = io.StringIO()
    write_csv([row(source=["PRT", "ESP"])], EVENT_FIELDS, flat)
    record = next(csv.DictReader(io.StringIO(flat.getvalue())))
    assert record["source"] == "PRT,ESP" and record["contexts"] == "economic,migration"
    assert record["source_names"] == "Rui Tavares" and record["negated"] == "false"
    nested = io.StringIO()
    write_jsonl([row()], EVENT_FIELDS, nested)
    line = json.loads(nested.getvalue())
    assert list(line) == [f.key for f in EVENT_FIELDS]
    assert line["contexts"] == ["economic", "migration"] and line["target_names"] == [
        "Cape Verde"]


def test_parquet_is_written_in_row_groups(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(export, "PARQUET_ROWS", 1000)
    produced = 0

    def many() -> Iterator[dict[str, Any]]:
        nonlocal produced
        for i in range(2500):
            produced += 1
            yield row(cluster_id=i, goldstein=None if i % 2 else -2.0)

    out = tmp_path / "events.parquet"
    assert write_parquet(many(), EVENT_FIELDS, out) == 2500
    meta = pq.ParquetFile(out).metadata
    assert (meta.num_rows, meta.num_row_groups) == (2500, 3)
    table = pq.read_table(out)
    assert table.column("cluster_id").to_pylist()[:3] == [0, 1, 2]
    assert table.column("goldstein").to_pylist()[:2] == [-2.0, None]
    assert table.column("source_names").to_pylist()[0] == "Rui Tavares"


def test_an_empty_parquet_file_still_has_its_columns(tmp_path: Path) -> None:
    out = tmp_path / "none.parquet"
    assert write_parquet(iter([]), EVENT_FIELDS, out) == 0
    table = pq.read_table(out)
    assert table.num_rows == 0 and table.column_names == [f.key for f in EVENT_FIELDS]
