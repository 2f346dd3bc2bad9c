"""Reading the knowledge data files: TSV with a header line and ``#`` comments."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib import resources


def data_path(name: str) -> str:
    return str(resources.files("bilat.knowledge").joinpath("data", name))


def read_tsv(name: str) -> Iterator[dict[str, str]]:
    """Rows of a bundled TSV as dicts; blank and ``#`` lines skipped, missing cells as ''."""
    with open(data_path(name), encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            yield {k: (v or "").strip() for k, v in row.items() if k is not None}
