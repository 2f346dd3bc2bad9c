"""The real ``bilat`` command, run in a subprocess (``python -m bilat`` and the console script).

Every run that extracts loads the spaCy model in its own process, so those runs are few and
shared by module-scoped fixtures; runs that never reach the model (help, version, schema, inputs
that are all bad) are cheap.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import bilat

BILAT_SCRIPT = Path(sys.executable).with_name("bilat.exe" if os.name == "nt" else "bilat")
MODULE = [sys.executable, "-m", "bilat"]
SCRIPT = [str(BILAT_SCRIPT)]
# Wide enough that rich never wraps a message; one test checks the default width separately.
WIDE = {**os.environ, "COLUMNS": "500", "NO_COLOR": "1"}
SUMMARY = re.compile(
    r"^read (\d+), extracted (\d+), failed (\d+), events (\d+), warnings (\d+)$", re.MULTILINE
)


@dataclass
class Run:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    def summary(self) -> dict[str, int]:
        found = SUMMARY.findall(self.stderr)
        assert len(found) == 1, self.stderr
        keys = ("read", "extracted", "failed", "events", "warnings")
        return dict(zip(keys, map(int, found[0]), strict=True))

    def stderr_lines_naming(self, name: str) -> list[str]:
        return [line for line in self.stderr.splitlines() if name in line]


def bilat_run(
    *args: str,
    launcher: list[str] = MODULE,
    env: dict[str, str] | None = None,
) -> Run:
    done = subprocess.run(
        [*launcher, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=WIDE if env is None else env,
        timeout=300,
        check=False,
    )
    return Run(list(args), done.returncode, done.stdout, done.stderr)


class Pending:
    """A command started now and collected later, so the slow runs (each loads the spaCy model
    in its own process) overlap instead of queueing."""

    def __init__(self, *args: str, launcher: list[str] = MODULE, stdin: str | None = None) -> None:
        self.args = list(args)
        self.proc = subprocess.Popen(
            [*launcher, *args],
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=WIDE,
        )
        if stdin is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.write(stdin)  # small: fits the pipe, so this does not block
            self.proc.stdin.close()
            self.proc.stdin = None  # so communicate() does not flush the closed pipe
        self._run: Run | None = None

    def stop(self) -> None:
        """Kill the process if no test collected it (only this process, by its handle)."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()

    def result(self) -> Run:
        if self._run is None:
            try:
                out, err = self.proc.communicate(timeout=300)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                raise
            self._run = Run(self.args, self.proc.returncode, out, err)
        return self._run


# --- invented inputs -------------------------------------------------------------------------

TXT = (
    "October 4, 2024\n\n"
    "MINSK (Test Wire) - Belarus expelled two Lithuanian diplomats on Thursday, the "
    "Belarusian foreign ministry said.\n"
)
JSON_ARTICLE = {
    "id": "json-1",
    "url": "https://news.example.org/2024/10/04/signing",
    "outlet": "Example News",
    "published": "2024-10-04",
    "title": "Kazakhstan and Uzbekistan sign water deal",
    "text": "Kazakhstan and Uzbekistan signed a water-sharing agreement on Wednesday.",
}
JSONL_GOOD_1 = {
    "id": "jsonl-1",
    "published": "2024-10-04",
    "text": "China accused Japan on Tuesday of violating its airspace.",
}
JSONL_GOOD_3 = {
    "id": "jsonl-3",
    "published": "2024-10-04",
    "text": "Japan sent 40 tonnes of emergency food aid to Kenya on Tuesday.",
}
HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Strikes near Daraa | Example Post</title>
<meta property="og:title" content="Israeli jets strike near Daraa">
<meta property="og:site_name" content="Example Post">
<meta property="article:published_time" content="2024-10-04T09:30:00+01:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> Subscribe now for unlimited access</nav>
<div class="cookie">We use cookies to improve your experience. Accept all cookies.</div>
<article><h1>Israeli jets strike near Daraa</h1>
<p>Israeli jets struck Syrian military positions near Daraa on Thursday, the Syrian defence
ministry said in a statement.</p>
<p>Damascus condemned the strikes and said it would complain to the United Nations.</p>
</article>
<footer>Copyright Example Post. All rights reserved. Most read: celebrity recipes.</footer>
</body></html>
"""
# cp1252 text, not UTF-8: curly quotes and an accented name, with its own date line.
CP1252 = (
    "October 4, 2024\n\n"
    "Portugal and Brazil signed a cultural agreement on Thursday, said Jos\u00e9 Sousa, "
    "calling it \u201ca new chapter\u201d.\n"
).encode("cp1252")

GOOD = {
    "a_dateline.txt": ("SANCTION", "BLR", "LTU", "2024-10-03"),
    "b_article.json": ("SUPPORT", "KAZ", "UZB", "2024-10-02"),
    "c_feed.jsonl:1": ("ACCUSE", "CHN", "JPN", "2024-10-01"),
    "c_feed.jsonl:3": ("AID", "JPN", "KEN", "2024-10-01"),
    "d_page.html": ("ASSAULT", "ISR", "SYR", "2024-10-03"),
    "g_cp1252.txt": ("SUPPORT", "PRT", "BRA", "2024-10-03"),
}
BAD = {
    "e_empty.txt": "empty",
    "f_binary.txt": "binary",
    "c_feed.jsonl:2": "malformed JSON",
    "h_no_article.html": "no article",
}


def write_good(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a_dateline.txt").write_text(TXT, encoding="utf-8")
    (folder / "b_article.json").write_text(json.dumps(JSON_ARTICLE), encoding="utf-8")
    lines = [json.dumps(JSONL_GOOD_1), '{"id": "jsonl-2", "text": "broken', json.dumps(
        JSONL_GOOD_3)]
    (folder / "c_feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "d_page.html").write_text(HTML, encoding="utf-8")
    (folder / "g_cp1252.txt").write_bytes(CP1252)


def write_bad(folder: Path) -> None:
    (folder / "e_empty.txt").write_bytes(b"")
    (folder / "f_binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "h_no_article.html").write_text(
        "<html><head><title>Menu</title></head><body><nav>Home | World | Sport</nav>"
        "<div class='menu'>Sign in</div></body></html>",
        encoding="utf-8",
    )


def by_source(records: list[dict[str, Any]], folder: Path) -> dict[str, dict[str, Any]]:
    """Records keyed by the input name relative to ``folder`` (``file`` or ``file:LINE``)."""
    keyed = {}
    for record in records:
        source = record["article"]["source"]
        assert source.startswith(str(folder)), source
        keyed[Path(source).name] = record
    return keyed


def event_summary(record: dict[str, Any]) -> set[tuple[str, str, str, str | None]]:
    return {
        (e["type"], ",".join(sorted(a["country"] for a in e["source"])),
         ",".join(sorted(a["country"] for a in e["target"])), e["date"])
        for e in record["events"]
        if e["status"] == "occurred"
    }


# --- version and help ------------------------------------------------------------------------


@pytest.mark.parametrize("launcher", [MODULE, SCRIPT], ids=["python-m", "script"])
def test_version(launcher: list[str]) -> None:
    assert BILAT_SCRIPT.exists(), f"console script not installed next to {sys.executable}"
    run = bilat_run("--version", launcher=launcher)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"bilat {bilat.__version__}"


@pytest.mark.parametrize("command", [[], ["extract"], ["schema"], ["eval"]],
                         ids=["main", "extract", "schema", "eval"])
def test_help_has_an_example(command: list[str]) -> None:
    run = bilat_run(*command, "--help", launcher=SCRIPT)
    assert run.returncode == 0, run.stderr
    assert "Usage:" in run.stdout
    assert "Example" in run.stdout
    if not command:
        for name in ("extract", "schema", "eval"):
            assert name in run.stdout


def test_no_arguments_shows_help() -> None:
    run = bilat_run()
    assert "Usage:" in run.stdout + run.stderr
    assert "extract" in run.stdout + run.stderr


# --- extract ---------------------------------------------------------------------------------


STDIN_TEXT = "China accused Japan on Tuesday of violating its airspace.\n"


@dataclass
class Slow:
    mixed_folder: Path
    mixed: Pending
    jsonl_out: Path
    jsonl: Pending
    table: Pending
    evaluation: Pending


@pytest.fixture(scope="module")
def slow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Slow]:
    """Start every run that loads the model at once; each test waits only for its own."""
    mixed = tmp_path_factory.mktemp("mixed") / "inputs"
    write_good(mixed)
    write_bad(mixed)
    good = tmp_path_factory.mktemp("good")
    write_good(good / "inputs")
    # Without the malformed line: this folder holds only good inputs.
    (good / "inputs" / "c_feed.jsonl").write_text(
        json.dumps(JSONL_GOOD_1) + "\n" + json.dumps(JSONL_GOOD_3) + "\n", encoding="utf-8"
    )
    gold = tmp_path_factory.mktemp("gold")
    write_gold(gold)
    runs = Slow(
        mixed_folder=mixed,
        # a folder of good and bad inputs, JSON on stdout
        mixed=Pending("extract", str(mixed)),
        jsonl_out=good / "out.jsonl",
        # good inputs only, JSON Lines to a file, --published overriding every date
        jsonl=Pending(
            "extract", str(good / "inputs"), "--format", "jsonl", "-o", str(good / "out.jsonl"),
            "--published", "2024-06-14", launcher=SCRIPT,
        ),
        table=Pending("extract", "-", "--format", "table", "--published", "2024-10-04",
                      stdin=STDIN_TEXT),
        evaluation=Pending("eval", str(gold), launcher=SCRIPT),
    )
    yield runs
    for pending in (runs.mixed, runs.jsonl, runs.table, runs.evaluation):
        pending.stop()


@pytest.fixture(scope="module")
def mixed_folder(slow: Slow) -> Path:
    return slow.mixed_folder


@pytest.fixture(scope="module")
def mixed_run(slow: Slow) -> Run:
    return slow.mixed.result()


def test_extract_writes_a_json_array(mixed_run: Run, mixed_folder: Path) -> None:
    records = json.loads(mixed_run.stdout)
    assert isinstance(records, list)
    assert sorted(by_source(records, mixed_folder)) == sorted(GOOD)


@pytest.mark.parametrize("name", sorted(GOOD))
def test_extract_finds_the_event_of_each_good_input(
    mixed_run: Run, mixed_folder: Path, name: str
) -> None:
    record = by_source(json.loads(mixed_run.stdout), mixed_folder)[name]
    assert GOOD[name] in event_summary(record), record["events"]
    for event in record["events"]:
        assert event["evidence"]["text"].strip()


def test_extract_reads_metadata_of_each_format(mixed_run: Run, mixed_folder: Path) -> None:
    records = by_source(json.loads(mixed_run.stdout), mixed_folder)
    assert records["a_dateline.txt"]["article"]["published"].startswith("2024-10-04")
    meta = records["b_article.json"]["article"]
    assert (meta["id"], meta["outlet"], meta["title"], meta["url"]) == (
        "json-1", "Example News", JSON_ARTICLE["title"], JSON_ARTICLE["url"]
    )
    assert records["c_feed.jsonl:3"]["article"]["id"] == "jsonl-3"
    page = records["d_page.html"]
    assert page["article"]["title"] == "Israeli jets strike near Daraa"
    assert page["article"]["outlet"] == "Example Post"
    assert page["article"]["published"].startswith("2024-10-04")
    evidence = " ".join(e["evidence"]["text"] for e in page["events"])
    assert "cookies" not in evidence and "Subscribe" not in evidence
    assert page["article"]["text_length"] < 400  # the article only, not the page around it


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_input_gets_one_error_naming_it(mixed_run: Run, name: str) -> None:
    lines = mixed_run.stderr_lines_naming(name)
    assert len(lines) == 1, mixed_run.stderr
    assert lines[0].startswith("error")
    assert BAD[name] in lines[0]


def test_non_utf8_input_is_decoded_with_one_warning(mixed_run: Run, mixed_folder: Path) -> None:
    lines = mixed_run.stderr_lines_naming("g_cp1252.txt")
    assert len(lines) == 1, mixed_run.stderr
    assert lines[0].startswith("warning") and "not UTF-8" in lines[0]
    record = by_source(json.loads(mixed_run.stdout), mixed_folder)["g_cp1252.txt"]
    assert any("not UTF-8" in w for w in record["warnings"])


def test_summary_counts_failures_and_exit_code_is_1(mixed_run: Run) -> None:
    assert mixed_run.returncode == 1, mixed_run.stderr
    counts = mixed_run.summary()
    assert counts["read"] == len(GOOD)
    assert counts["extracted"] == len(GOOD)
    assert counts["failed"] == len(BAD)
    records = json.loads(mixed_run.stdout)
    assert counts["events"] == sum(len(r["events"]) for r in records)
    assert counts["warnings"] == sum(len(r["warnings"]) for r in records)
    assert "Traceback" not in mixed_run.stderr


def test_output_matches_the_printed_schema(mixed_run: Run) -> None:
    schema = json.loads(bilat_run("schema").stdout)
    defs = schema["$defs"]
    for record in json.loads(mixed_run.stdout):
        assert set(record) <= set(schema["properties"])
        assert set(record["article"]) <= set(defs["ArticleMeta"]["properties"])
        for event in record["events"]:
            assert set(event) <= set(defs["Event"]["properties"])
            assert event["type"] in defs["Event"]["properties"]["type"]["enum"]


@pytest.fixture(scope="module")
def jsonl_run(slow: Slow) -> tuple[Run, Path]:
    return slow.jsonl.result(), slow.jsonl_out


def test_jsonl_output_file(jsonl_run: tuple[Run, Path]) -> None:
    run, out = jsonl_run
    assert run.returncode == 0, run.stderr
    assert run.stdout == ""  # everything went to the file
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(GOOD)
    records = [json.loads(line) for line in lines]
    assert all(r["events"] for r in records)
    assert run.summary()["failed"] == 0


def test_published_overrides_every_article(jsonl_run: tuple[Run, Path]) -> None:
    _, out = jsonl_run
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for record in records:
        assert record["article"]["published"] == "2024-06-14"
    # "on Thursday" against Friday 2024-06-14 is 2024-06-13.
    thursday = [r for r in records if r["article"]["source"].endswith("a_dateline.txt")]
    assert ("SANCTION", "BLR", "LTU", "2024-06-13") in event_summary(thursday[0])


def test_stdin_to_table(slow: Slow) -> None:
    run = slow.table.result()
    assert run.returncode == 0, run.stderr
    assert "ACCUSE" in run.stdout
    assert "CHN" in run.stdout and "JPN" in run.stdout
    assert "2024-10-01" in run.stdout
    assert run.summary() == {"read": 1, "extracted": 1, "failed": 0, "events": 1,
                             "warnings": 0}
    with pytest.raises(json.JSONDecodeError):
        json.loads(run.stdout)


def test_bad_published_value_is_a_usage_error(tmp_path: Path) -> None:
    article = tmp_path / "a.json"
    article.write_text(json.dumps(JSON_ARTICLE), encoding="utf-8")
    run = bilat_run("extract", str(article), "--published", "next Tuesday")
    assert run.returncode == 2
    assert "--published" in run.stderr and "next Tuesday" in run.stderr
    assert "Traceback" not in run.stderr


def test_missing_input_is_reported(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    run = bilat_run("extract", str(missing))
    assert run.returncode == 1
    assert len(run.stderr_lines_naming("nowhere.txt")) == 1
    assert run.summary()["failed"] == 1
    assert json.loads(run.stdout) == []


def test_long_error_stays_on_one_line_at_default_width(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("{broken\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    run = bilat_run("extract", str(feed), env=env)
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if not SUMMARY.match(line)]
    assert len(errors) == 1, run.stderr


# --- schema ----------------------------------------------------------------------------------


def test_schema() -> None:
    run = bilat_run("schema", launcher=SCRIPT)
    assert run.returncode == 0, run.stderr
    schema = json.loads(run.stdout)
    assert schema["type"] == "object"
    assert "events" in schema["properties"]
    for key in ("people", "agreements", "figures", "article", "warnings"):
        assert key in schema["properties"]
    assert schema["$schema"].startswith("https://json-schema.org/")


# --- eval ------------------------------------------------------------------------------------

GOLD_1 = {
    "id": "001",
    "published": "2024-10-04",
    "events": [
        {"type": "SANCTION", "mode": "expel", "source": ["RUS"], "target": ["EST"],
         "date": "2024-10-03", "status": "occurred", "required": True,
         "evidence": "Russia expelled two Estonian diplomats on Thursday"},
    ],
    "people": [],
}
GOLD_2 = {
    "id": "002",
    "published": "2024-10-04",
    "events": [
        {"type": "SUPPORT", "source": ["KAZ"], "target": ["UZB"], "date": "2024-10-02",
         "status": "occurred", "required": True, "evidence": "signed a water-sharing agreement"},
        {"type": "CONSULT", "mode": "visit", "source": ["UZB"], "target": ["KAZ"],
         "date": "2024-12", "status": "planned", "required": True,
         "evidence": "will visit Astana in December"},
    ],
    "people": [{"name": "Askar Mamin", "role": "Prime Minister", "country": "KAZ"}],
    "agreements": [{"topic": "water sharing", "parties": ["KAZ", "UZB"], "date": "2024-10-02",
                    "kind": "agreement"}],
}
EVAL_TEXT_2 = (
    "Prime Minister Askar Mamin of Kazakhstan and his Uzbek counterpart signed a water-sharing "
    "agreement on Wednesday. The Uzbek president will visit Astana in December."
)
METRIC_ROW = re.compile(
    r"^(type\+actors|\+direction|\+date|\+location|people|people\+role|agreements|figures)"
    r"\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$",
    re.MULTILINE,
)


def write_gold(gold: Path) -> None:
    (gold / "001.json").write_text(json.dumps({
        "id": "001", "published": "2024-10-04",
        "text": "Russia expelled two Estonian diplomats on Thursday.",
    }), encoding="utf-8")
    (gold / "001.gold.json").write_text(json.dumps(GOLD_1), encoding="utf-8")
    (gold / "002.txt").write_text(EVAL_TEXT_2, encoding="utf-8")  # date from the gold file
    (gold / "002.gold.json").write_text(json.dumps(GOLD_2), encoding="utf-8")


@pytest.fixture(scope="module")
def eval_run(slow: Slow) -> Run:
    return slow.evaluation.result()


def test_eval_prints_the_metric_table(eval_run: Run) -> None:
    assert eval_run.returncode == 0, eval_run.stderr
    assert eval_run.stdout.startswith("bilat evaluation: 2 articles from ")
    assert re.search(r"^metric\s+P\s+R\s+F1\s+TP\s+FP\s+FN$", eval_run.stdout, re.MULTILINE)
    rows = {m[0]: m for m in METRIC_ROW.findall(eval_run.stdout)}
    assert set(rows) == {"type+actors", "+direction", "+date", "+location", "people",
                         "people+role", "agreements", "figures"}
    for name, precision, recall, f1, *_ in rows.values():
        assert 0.0 <= float(precision) <= 1.0 and 0.0 <= float(recall) <= 1.0, name
        assert 0.0 <= float(f1) <= 1.0
    # Gold counts do not depend on the extractor: TP + FN is what the gold files hold
    # (the planned visit is not scored).
    gold_counts = {name: int(row[4]) + int(row[6]) for name, row in rows.items()}
    assert gold_counts["type+actors"] == 2
    assert gold_counts["people"] == 1
    assert gold_counts["agreements"] == 1
    assert gold_counts["figures"] == 0


def test_eval_scores_what_the_extractor_gets_right(eval_run: Run) -> None:
    rows = {m[0]: m for m in METRIC_ROW.findall(eval_run.stdout)}
    tp = {name: int(row[4]) for name, row in rows.items()}
    assert tp["type+actors"] == 2 and tp["+direction"] == 2 and tp["+date"] == 2
    assert tp["agreements"] == 1
    assert tp["people"] == 1


def test_eval_of_a_missing_folder(tmp_path: Path) -> None:
    run = bilat_run("eval", str(tmp_path / "absent"))
    assert run.returncode == 2
    assert "absent" in run.stderr and "not a folder" in run.stderr
