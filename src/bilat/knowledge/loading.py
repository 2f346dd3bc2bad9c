"""Reading the knowledge data files: TSV with a header line and ``#`` comment lines."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources


def data_path(name: str) -> str:
    return str(resources.files("bilat.knowledge").joinpath("data", name))


def _lines(name: str) -> Iterator[list[str]]:
    """Cells of every line that is neither blank nor a comment, the header line first."""
    with open(data_path(name), encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                yield line.split("\t")


def read_rows(name: str) -> list[list[str]]:
    """Rows of a bundled TSV as lists of cells, header dropped."""
    return list(_lines(name))[1:]


def read_tsv(name: str) -> Iterator[dict[str, str]]:
    """Rows of a bundled TSV as dicts keyed by the header; missing cells as ''."""
    lines = _lines(name)
    header = next(lines, [])
    for cells in lines:
        yield {key: (cells[i].strip() if i < len(cells) else "") for i, key in
               enumerate(header)}
