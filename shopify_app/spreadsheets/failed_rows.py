"""The failed-rows file: the rows an import could not use, as they were,
plus an ``error`` column, to fix and upload again."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO

from .changeset import FailedRow
from .columns import normalize_header
from .writers import CsvWriter

ERROR_COLUMN = "error"


def write_failed_rows(out: IO[bytes], headers: Sequence[str],
                      rows: Iterable[FailedRow]) -> int:
    """Write the failed rows under the file's own headers and an ``error``
    column (replacing the one a re-uploaded failed-rows file already has).
    The rows keep the file's order; returns how many were written."""
    headers = list(headers)
    existing = next((i for i, h in enumerate(headers)
                     if normalize_header(h) == ERROR_COLUMN), None)
    out_headers = headers if existing is not None else [*headers, ERROR_COLUMN]
    writer = CsvWriter(out, out_headers)
    try:
        for row in sorted(rows, key=lambda r: r.line):
            cells = list(row.cells[:len(headers)])
            cells += [""] * (len(headers) - len(cells))
            message = f"Line {row.line}: {row.message}"
            if existing is not None:
                cells[existing] = message
            else:
                cells.append(message)
            writer.write(cells)
    finally:
        writer.close()
    return writer.rows
