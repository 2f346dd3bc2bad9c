"""The query commands through the real CLI: typer's CliRunner on ``bilat.cli.app`` for most
runs, the installed ``bilat`` script in a subprocess for a few (exit codes, pipes, no
traceback). The database is the invented corpus of tests/store/test_query.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bilat.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_query import POSTGRES, build_corpus  # noqa: E402

BILAT = Path(sys.executable).with_name("bilat")
WIDE = {"COLUMNS": "200", "NO_COLOR": "1"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    build_corpus(f"sqlite:///{path}")
    return str(path)


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    result = CliRunner().invoke(app, list(args), env={**WIDE, **(env or {})})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def json_rows(*args: str) -> list[dict[str, Any]]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def bilat(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BILAT), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **WIDE, **(env or {})}, check=False)


# --- events --------------------------------------------------------------------------------


def test_events_table_shows_each_event_once(db: str) -> None:
    result = run("events", "--country", "AZE", "--with", "BLR", "--db", db)
    assert result.exit_code == 0, result.stderr
    assert "AZE → BLR" in result.stdout and "TUR,AZE → BLR" in result.stdout
    assert "CONSULT/visit" in result.stdout and "Minsk" in result.stdout
    assert result.stdout.count("CONSULT") == 2  # the meeting two outlets told is one row


@pytest.mark.parametrize("spelling", ["Azerbaijan", "azerbaijani", "AZE", "AZ", " aze "])
def test_countries_by_name_demonym_or_code(db: str, spelling: str) -> None:
    rows = json_rows("events", "-c", spelling, "-w", "belarusian", "--db", db)
    assert [r["event_id"] for r in rows] == ["gulf-3-e1", "caspian-1-e1"]


def test_reports_and_machine_formats(db: str, tmp_path: Path) -> None:
    reports = json_rows("events", "-c", "AZE", "-w", "BLR", "--reports", "--db", db)
    assert sorted(r["event_id"] for r in reports) == ["caspian-1-e1", "gulf-3-e1", "herald-7-e1"]
    csv_out = run("events", "-c", "BLR", "--format", "csv", "--db", db).stdout.splitlines()
    assert csv_out[0].startswith("cluster_id,event_id,date,last_date,")
    assert len(csv_out) == 5 and '"TUR,AZE",BLR' in csv_out[1]
    out = tmp_path / "sub" / "events.jsonl"
    result = run("events", "--format", "jsonl", "--out", str(out), "--db", db)
    assert result.exit_code == 0 and result.stdout == ""
    assert len(out.read_text().splitlines()) == 8
    assert f"wrote 8 rows to {out}" in result.stderr


def test_machine_formats_are_not_limited_unless_asked(db: str) -> None:
    assert len(json_rows("events", "--db", db)) == 8
    assert len(json_rows("events", "--db", db, "--limit", "3")) == 3
    table = run("events", "--db", db, "--limit", "3")
    assert "showing the first 3" in table.stderr
    assert "showing" not in run("events", "--db", db, "--limit", "0").stderr


def test_event_filters(db: str) -> None:
    def found(*args: str) -> list[str]:
        return [r["event_id"] for r in json_rows("events", "--db", db, *args)]

    assert found("-c", "BLR", "--type", "sanction", "-t", "ACCUSE") == [
        "baltic-9-e2", "baltic-9-e1"]
    assert found("-c", "BLR", "--type", "04") == ["gulf-3-e1", "caspian-1-e1"]  # CAMEO root
    assert found("--since", "2024-11") == ["gulf-3-e1", "caspian-1-e2"]
    assert found("--until", "2019") == ["caspian-0-e1"]
    assert found("--status", "planned") == ["caspian-1-e2"]
    assert found("--min-sources", "2") == ["caspian-1-e1"]
    assert found("--search", "spying") == ["baltic-9-e2"]
    assert found("--sort", "goldstein", "-n", "1") == ["baltic-9-e1"]
    assert found("--sort", "date", "--reverse", "-n", "1") == ["caspian-0-e1"]


def test_nothing_found_is_said_on_stderr_with_exit_0(db: str) -> None:
    result = run("events", "-c", "AZE", "-w", "LTU", "--db", db)
    assert result.exit_code == 0
    assert result.stdout == "" and "no events match" in result.stderr
    as_json = run("events", "-c", "AZE", "-w", "LTU", "--db", db, "--format", "json")
    assert json.loads(as_json.stdout) == [] and "no events match" in as_json.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["-c", "Atlantis"], "--country: unknown country 'Atlantis'"),
    (["-c", "AZE", "-w", "Narnia"], "--with: unknown country 'Narnia'"),
    (["-w", "BLR"], "--with needs --country"),
    (["-c", "BLR", "-w", "belarusian"], "--country and --with are both BLR"),
    (["--since", "2024-13"], "--since: not a date: '2024-13'"),
    (["--until", "last week"], "--until: not a date"),
    (["--type", "MEET"], "--type: unknown event type 'MEET'"),
    (["--type", "01"], "--type: CAMEO root 01 has no PLOVER event type"),
    (["--search", "?!"], "nothing to search for"),
])
def test_bad_arguments_exit_2_with_one_message(db: str, args: list[str], message: str) -> None:
    result = run("events", "--db", db, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""


def test_a_missing_database_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    result = run("events", "--db", str(missing))
    assert result.exit_code == 1
    assert f"no database at {missing}" in result.stderr and "bilat ingest" in result.stderr
    assert not missing.exists()


def test_the_database_comes_from_bilat_db(db: str) -> None:
    result = run("events", "--format", "json", env={"BILAT_DB": db})
    assert len(json.loads(result.stdout)) == 8


# --- the other commands --------------------------------------------------------------------


def test_people_of_a_country_with_their_offices(db: str) -> None:
    table = run("people", "--country", "Azerbaijan", "--db", db)
    assert table.exit_code == 0
    assert "Farid Aliyar" in table.stdout and "Roman Holub" not in table.stdout
    assert "Foreign Minister  2019-03-01…2019-03-01" in table.stdout
    assert "Prime Minister  2024-10-04…2024-10-04" in table.stdout
    rows = json_rows("people", "--db", db, "--search", "holub")
    assert [(r["name"], r["country"]) for r in rows] == [("Roman Holub", "BLR")]
    assert rows[0]["offices"][0]["office"] == "Prime Minister"
    csv_out = run("people", "--db", db, "--format", "csv", "-c", "AZE").stdout
    assert "Foreign Minister 2019-03-01..2019-03-01 (1); Prime Minister" in csv_out


def test_agreements_figures_articles(db: str) -> None:
    signed = json_rows("agreements", "-c", "belarus", "-w", "azerbaijan", "--db", db)
    assert [(a["topic"], a["parties"]) for a in signed] == [
        ("transport corridors", ["AZE", "BLR"])]
    assert run("agreements", "--kind", "pact", "--db", db).exit_code == 2
    numbers = json_rows("figures", "-c", "AZE", "--indicator", "trade", "--db", db)
    assert [f["value"] for f in numbers] == [3e8]
    assert "300,000,000" in run("figures", "--db", db).stdout
    stored = json_rows("articles", "--outlet", "caspian wire", "--db", db)
    assert [(a["id"], a["events"]) for a in stored] == [("caspian-1", 2), ("caspian-0", 1)]
    assert [a["id"] for a in json_rows("articles", "--search", "ceasefire", "--db", db)] == [
        "caucasus-2"]


def test_search_is_safe_whatever_is_typed(db: str) -> None:
    for typed in ['U.S.-China "trade', "NEAR(", "title:x", '"', "AND OR NOT"]:
        result = run("search", typed, "--db", db)
        assert result.exit_code in (0, 2), result.stderr
        assert "Traceback" not in result.stderr
    hits = json_rows("search", "spying exiles", "--db", db)
    assert {h["kind"] for h in hits} == {"article", "event"}
    assert "«spying»" in run("search", "spying", "--db", db).stdout


def test_relations_table_and_json(db: str) -> None:
    table = run("relations", "Azerbaijan", "BY", "--db", db)
    assert table.exit_code == 0, table.stderr
    for section in ("by type", "by month", "last meetings", "agreements", "figures",
                    "key people"):
        assert section in table.stdout
    assert "2 events (3 reports)" in table.stdout
    data = json.loads(run("relations", "AZE", "BLR", "--db", db, "-f", "json").stdout)
    assert set(data) == {"pair", "summary", "by_type", "by_month", "meetings", "agreements",
                         "figures", "people"}
    assert data["summary"]["events"] == 2
    line = run("relations", "AZE", "BLR", "--db", db, "-f", "jsonl").stdout
    assert len(line.splitlines()) == 1 and json.loads(line)["pair"]["partner"] == "BLR"
    assert run("relations", "AZE", "BLR", "--db", db, "-f", "csv").exit_code == 2
    quiet = run("relations", "AZE", "LTU", "--db", db)
    assert quiet.exit_code == 0 and "no events between AZE and LTU" in quiet.stderr


# --- the installed script ------------------------------------------------------------------


def test_script_exit_codes_and_messages(db: str, tmp_path: Path) -> None:
    ok = bilat("events", "--country", "LTU", "--format", "json", "--db", db)
    assert ok.returncode == 0 and [r["type"] for r in json.loads(ok.stdout)] == [
        "ACCUSE", "SANCTION"]
    unknown = bilat("events", "--country", "Atlantis", "--db", db)
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == (
        "error: --country: unknown country 'Atlantis' (try a name, demonym or ISO code)")
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("these are not the tables you are looking for\n" * 100)
    broken = bilat("events", "--db", str(not_a_db))
    assert broken.returncode == 1
    assert broken.stderr.startswith("error: ") and "Traceback" not in broken.stderr


def test_script_output_into_a_closed_pipe(db: str) -> None:
    """`bilat events --format csv | head -n 1` ends quietly when head stops reading."""
    done = subprocess.run(
        f"'{BILAT}' events --format jsonl --db '{db}' | head -n 1", shell=True,
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert len(done.stdout.splitlines()) == 1
    assert "Traceback" not in done.stderr and "Broken pipe" not in done.stderr


@pytest.fixture
def postgres_db() -> Iterator[str]:
    if not POSTGRES:
        pytest.skip("BILAT_TEST_POSTGRES is not set")
    import uuid

    from sqlalchemy import create_engine, text

    schema = f"cli_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in POSTGRES else "?"
    url = f"{POSTGRES}{separator}options=-csearch_path%3D{schema}"
    try:
        build_corpus(url)
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def test_the_same_commands_on_postgresql(postgres_db: str) -> None:
    rows = json_rows("events", "-c", "AZE", "-w", "BLR", "--db", postgres_db)
    assert [r["event_id"] for r in rows] == ["gulf-3-e1", "caspian-1-e1"]
    hits = json_rows("search", 'U.S.-China "trade', "--db", postgres_db)
    assert hits == []
    assert json.loads(run("relations", "AZE", "BLR", "--db", postgres_db, "-f", "json")
                      .stdout)["summary"]["events"] == 2
