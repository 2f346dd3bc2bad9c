"""``bilat export`` through the real CLI, on the invented corpus of tests/store/test_query.py:
each format read back the way its users read it (json, csv, pyarrow, PLOVER field names,
GDELT's 61 columns)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from bilat.cli import app
from bilat.output.export import GDELT_COLUMNS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_query import build_corpus  # noqa: E402

PLOVER_FIELDS = {"id", "has_event", "date", "actor", "recipient", "event", "mode", "context",
                 "event_loc", "event_text", "quad_code", "event_scale", "text", "text_info",
                 "cite_info", "coder", "coded_date"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    build_corpus(f"sqlite:///{path}")
    return str(path)


def export(db: str, *args: str) -> Any:
    result = CliRunner().invoke(app, ["export", "--db", db, *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def lines(result: Any) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def test_jsonl_events_and_reports(db: str) -> None:
    events = [json.loads(line) for line in lines(export(db))]
    assert len(events) == 8
    assert [e["cluster_id"] for e in events] == sorted(e["cluster_id"] for e in events)
    meeting = next(e for e in events if e["event_id"] == "caspian-1-e1")
    assert meeting["source"] == ["AZE"] and meeting["source_names"] == ["Farid Aliyar"]
    assert meeting["sources"] == 2 and meeting["contexts"] == ["economic"]
    reports = [json.loads(line) for line in lines(export(db, "--reports"))]
    assert len(reports) == 9 and reports[0]["last_date"] is None


def test_filters_are_those_of_events(db: str) -> None:
    pair = [json.loads(line) for line in lines(export(db, "-c", "BLR", "-w", "AZE"))]
    assert {e["event_id"] for e in pair} == {"caspian-1-e1", "gulf-3-e1"}
    assert len(lines(export(db, "--type", "accuse", "--since", "2022"))) == 1
    assert len(lines(export(db, "--min-sources", "2", "--reports"))) == 2
    empty = export(db, "-c", "AZE", "-w", "LTU")
    assert empty.exit_code == 0 and empty.stdout == "" and "nothing exported" in empty.stderr


def test_csv_of_each_kind(db: str) -> None:
    def table(*args: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(export(db, "--format", "csv", *args).stdout)))

    events = table()
    assert len(events) == 8 and events[0]["negated"] == "false"
    trilateral = next(e for e in events if e["event_id"] == "gulf-3-e1")
    assert trilateral["source"] == "TUR,AZE" and trilateral["source_names"] == (
        "Turkey; Azerbaijan")
    people = table("--what", "people")
    assert [p["name"] for p in people] == ["Farid Aliyar", "Roman Holub"]
    assert people[0]["offices"].startswith("Foreign Minister 2019-03-01..2019-03-01 (1)")
    assert [a["parties"] for a in table("--what", "agreements")] == ["AZE,BLR"]
    assert [f["value"] for f in table("--what", "figures", "-c", "AZE")] == ["300000000.0"]


def test_parquet_reads_back_with_pyarrow(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    result = export(db, "--format", "parquet", "--out", str(out), "--reports")
    assert result.exit_code == 0 and "exported 9 reports" in result.stderr
    table = pq.read_table(out)
    assert table.num_rows == 9
    assert str(table.schema.field("cluster_id").type) == "int64"
    assert str(table.schema.field("goldstein").type) == "double"
    assert str(table.schema.field("negated").type) == "bool"
    rows = {r["event_id"]: r for r in table.to_pylist()}
    assert rows["gulf-3-e1"]["source"] == "TUR,AZE"
    assert rows["herald-7-e1"]["cluster_id"] == rows["caspian-1-e1"]["cluster_id"]
    people = tmp_path / "people.parquet"
    assert export(db, "--format", "parquet", "--out", str(people), "--what",
                  "people").exit_code == 0
    assert pq.read_table(people).column("name").to_pylist() == ["Farid Aliyar", "Roman Holub"]


def test_parquet_needs_a_file(db: str) -> None:
    result = export(db, "--format", "parquet")
    assert result.exit_code == 2 and "needs --out" in result.stderr


def test_plover_records(db: str) -> None:
    records = [json.loads(line) for line in lines(export(db, "--format", "plover"))]
    assert len(records) == 8
    meeting = next(r for r in records if r["event_id"] == "caspian-1-e1")
    assert set(meeting) >= PLOVER_FIELDS
    assert meeting["id"] == f"cluster-{meeting['cluster_id']}"
    assert meeting["event"] == ["CONSULT"] and meeting["mode"] == ["visit"]
    assert meeting["actor"] == [{"code": "AZE", "sector": "GOV", "entity_text": "Farid Aliyar",
                                 "identifier_text": "Farid Aliyar", "office": "Prime Minister"}]
    assert meeting["recipient"][0]["code"] == "BLR"
    assert meeting["event_loc"] == {"extracted_place": "Minsk", "geonameid": 625144,
                                    "lat": 53.9, "lon": 27.57, "country_code": "BLR"}
    assert meeting["quad_code"] == 1 and meeting["event_text"] == ["met"]
    assert meeting["cite_info"]["publication"] == "Caspian Wire"
    planned = next(r for r in records if r["event_id"] == "caspian-1-e2")
    assert planned["mode"] == ["visit", "future"]
    assert (planned["date"], planned["enddate"]) == ("2024-11-01", "2024-11-30")
    undated = next(r for r in records if r["event_id"] == "caucasus-2-e2")
    assert "date" not in undated and undated["quad_code"] == 3


def test_plover_as_one_array_and_per_report(db: str) -> None:
    records = json.loads(export(db, "--format", "plover", "--array", "--reports").stdout)
    assert len(records) == 9 and records[0]["id"] == records[0]["event_id"]


def test_gdelt_rows(db: str) -> None:
    rows = [line.split("\t") for line in lines(export(db, "--format", "gdelt"))]
    assert len(rows) == 8 and {len(r) for r in rows} == {61}
    columns = [dict(zip(GDELT_COLUMNS, r, strict=True)) for r in rows]
    meeting = next(c for c in columns if c["SOURCEURL"].endswith("/caspian-1"))
    assert (meeting["SQLDATE"], meeting["MonthYear"], meeting["Year"]) == (
        "20241003", "202410", "2024")
    assert meeting["Actor1Code"] == "AZEGOV" and meeting["Actor1Name"] == "FARID ALIYAR"
    assert meeting["Actor1CountryCode"] == "AZE" and meeting["Actor2CountryCode"] == "BLR"
    assert (meeting["EventCode"], meeting["EventBaseCode"], meeting["EventRootCode"]) == (
        "042", "042", "04")
    assert meeting["QuadClass"] == "1" and meeting["GoldsteinScale"] == "1.9"
    assert (meeting["NumMentions"], meeting["NumArticles"]) == ("2", "2")
    assert meeting["AvgTone"] == "" and meeting["Actor1Geo_Type"] == ""
    assert meeting["ActionGeo_FullName"] == "Minsk, Belarus"
    assert (meeting["ActionGeo_Type"], meeting["ActionGeo_CountryCode"]) == ("4", "BLR")
    assert meeting["ActionGeo_FeatureID"] == "625144" and meeting["IsRootEvent"] == "1"
    assert len(meeting["DATEADDED"]) == 14 and meeting["GLOBALEVENTID"].isdigit()
    expelled = next(c for c in columns if c["EventCode"] == "1663")
    assert (expelled["EventBaseCode"], expelled["QuadClass"]) == ("166", "4")


def test_gdelt_header_and_events_only(db: str) -> None:
    first = lines(export(db, "--format", "gdelt", "--header"))[0].split("\t")
    assert first == GDELT_COLUMNS
    refused = export(db, "--format", "gdelt", "--what", "people")
    assert refused.exit_code == 2 and "events only" in refused.stderr
    refused = export(db, "--what", "figures", "--type", "CONSULT")
    assert refused.exit_code == 2


def test_export_to_a_file(db: str, tmp_path: Path) -> None:
    out = tmp_path / "deep" / "plover.jsonl"
    result = export(db, "--format", "plover", "--out", str(out), "-c", "LTU")
    assert result.exit_code == 0 and result.stdout == ""
    assert f"exported 2 events to {out}" in result.stderr
    assert len(out.read_text().splitlines()) == 2
