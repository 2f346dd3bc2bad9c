"""CSV twins of the list endpoints, streamed a row at a time."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi.responses import StreamingResponse

from bilat.output.export import Field

FLUSH_ROWS = 200  # rows per chunk sent


class CSVResponse(StreamingResponse):
    media_type = "text/csv"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_chunks(rows: Iterable[dict[str, Any]], fields: list[Field]) -> Iterator[str]:
    """The header, then the rows, in chunks of FLUSH_ROWS."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f.key for f in fields])
    for n, row in enumerate(rows, 1):
        writer.writerow([_cell(f.flat(row)) for f in fields])
        if n % FLUSH_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
