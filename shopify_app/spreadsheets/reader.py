"""Reading CSV and XLSX files row by row, without loading them whole.

``open_sheet`` checks the size, tells the format from the first bytes (an
XLSX is a ZIP archive), detects the encoding and delimiter of a CSV, and
returns a :class:`Sheet` whose ``rows()`` yields one :class:`SheetRow` at a
time with its 1-based line number. A row that can't be used (ragged, a cell
too long) is yielded with its ``error`` set, so the rows around it go on; a
problem with the file itself raises a :class:`FileError`.
"""
from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from .delimiters import NAMES, sniff_delimiter
from .encoding import SAMPLE_BYTES, Encoding, decode_error_message, detect_encoding, looks_like_xlsx
from .errors import EncodingError, FileTooLargeError, FormatError, LimitError, RowError
from .limits import DEFAULT_LIMITS, Limits, human_size
from .xlsx_source import XlsxSource

_UNDECODED = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class SheetRow:
    """One data row: its cells as text, in header order, padded to the header's width."""

    line: int
    cells: tuple[str, ...]
    error: RowError | None = None

    @property
    def blank(self) -> bool:
        return not any(c.strip() for c in self.cells)


class Sheet:
    """An open spreadsheet: ``headers``, then ``rows()``. Close it (or use ``with``)."""

    def __init__(self, *, format: str, headers: tuple[str, ...], header_line: int,
                 rows: Iterator[tuple[int, list[str]]], limits: Limits,
                 closer: Any, encoding: Encoding | None = None,
                 delimiter: str | None = None) -> None:
        self.format = format
        self.headers = headers
        self.header_line = header_line
        self.encoding = encoding
        self.delimiter = delimiter
        self.limits = limits
        self._rows = rows
        self._closer = closer

    @property
    def decimal_hint(self) -> str:
        """The decimal separator the file most likely uses: semicolon-separated
        CSVs come from spreadsheet programs set up for a decimal comma."""
        return "," if self.delimiter == ";" else "."

    def describe(self) -> dict[str, Any]:
        """Format, encoding and delimiter, for a preview page."""
        return {"format": self.format, "encoding": self.encoding.label if self.encoding else None,
                "delimiter": NAMES.get(self.delimiter or "", None), "columns": len(self.headers)}

    def rows(self) -> Iterator[SheetRow]:
        """Data rows in file order; blank rows are skipped (their lines still count).

        Raises:
            LimitError: more data rows than ``limits.max_rows``.
            EncodingError, FormatError: the file turns out damaged further down.
        """
        width = len(self.headers)
        count = 0
        for line, cells in self._rows:
            if not any(c.strip() for c in cells):
                continue
            count += 1
            if count > self.limits.max_rows:
                raise LimitError(f"The file has more than {self.limits.max_rows:,} rows. "
                                 "Split it into smaller files and upload them one at a time.")
            if self.format == "xlsx" and len(cells) < width:
                cells = cells + [""] * (width - len(cells))  # a workbook has no ragged rows
            yield _shaped(line, cells, width, self.headers, self.limits,
                          csv_hint=self.format == "csv")

    def close(self) -> None:
        self._closer()

    def __enter__(self) -> Sheet:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _shaped(line: int, cells: list[str], width: int, headers: tuple[str, ...],
            limits: Limits, *, csv_hint: bool) -> SheetRow:
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        hint = (" A value probably contains the delimiter without quotes around it."
                if csv_hint else " Give every column a name in the first row.")
        return SheetRow(line, tuple(cells), RowError(
            f"This row has {len(cells)} cells but the header has {width} columns.{hint}",
            line=line))
    if len(cells) < width:
        return SheetRow(line, tuple(cells) + ("",) * (width - len(cells)), RowError(
            f"This row has {len(cells)} cells but the header has {width} columns.", line=line))
    cells = cells[:width]
    if max(map(len, cells), default=0) <= limits.max_cell_chars:
        return SheetRow(line, tuple(cells))
    for index, cell in enumerate(cells):
        if len(cell) > limits.max_cell_chars:
            return SheetRow(line, tuple(cells), RowError(
                f'The value in column "{headers[index]}" is {len(cell):,} characters long; '
                f"the limit is {limits.max_cell_chars:,}.", line=line, column=headers[index]))
    return SheetRow(line, tuple(cells))


def open_sheet(source: str | os.PathLike[str] | IO[bytes], *,
               limits: Limits = DEFAULT_LIMITS) -> Sheet:
    """Open a CSV or XLSX file for reading row by row.

    Args:
        source: a path, or a seekable binary file, read from its start (and
            left open when the sheet closes).
        limits: size, row, column and cell bounds.

    Raises:
        FileTooLargeError: checked from the size before reading anything.
        EncodingError, FormatError, LimitError: the file can't be read.
    """
    owned = not hasattr(source, "read")
    handle: IO[bytes] = open(source, "rb") if owned else source  # type: ignore[arg-type]  # noqa: SIM115
    try:
        _check_size(handle, limits)
        head = handle.read(SAMPLE_BYTES)
        handle.seek(0)
        if looks_like_xlsx(head):
            workbook = XlsxSource(handle, limits).open()
            rows = workbook.rows
            try:
                headers, header_line = _header(rows, limits)
            except BaseException:
                workbook.close()
                raise
            return Sheet(format="xlsx", headers=headers, header_line=header_line, rows=rows,
                         limits=limits, closer=_closer(workbook.close, handle, owned))
        return _open_csv(handle, head, limits, owned)
    except BaseException:
        if owned:
            handle.close()
        raise


def _closer(close_source: Any, handle: IO[bytes], owned: bool) -> Any:
    def close() -> None:
        close_source()
        if owned:
            handle.close()
    return close


def _check_size(handle: IO[bytes], limits: Limits) -> None:
    size = handle.seek(0, io.SEEK_END)
    handle.seek(0)
    if size > limits.max_bytes:
        raise FileTooLargeError(f"The file is {human_size(size)}; the limit is "
                                f"{human_size(limits.max_bytes)}. Split it into smaller files.",
                                size=size, limit=limits.max_bytes)
    if size == 0:
        raise FormatError("The file is empty.")


def _open_csv(handle: IO[bytes], head: bytes, limits: Limits, owned: bool) -> Sheet:
    encoding = detect_encoding(head, complete=len(head) < SAMPLE_BYTES)
    decoder = codecs.getincrementaldecoder(encoding.codec)(errors="ignore")
    delimiter = sniff_delimiter(decoder.decode(head[:256 * 1024], final=False))
    # Undecodable bytes become lone surrogates, so the row holding them can be
    # named (a strict decoder fails a whole buffered chunk, far from the row).
    text = io.TextIOWrapper(handle, encoding=encoding.codec, newline="",
                            errors="surrogateescape")
    rows = _csv_rows(text, delimiter, encoding)
    headers, header_line = _header(rows, limits)

    def close() -> None:
        if owned:
            text.close()
        else:
            text.detach()
    return Sheet(format="csv", headers=headers, header_line=header_line, rows=rows,
                 limits=limits, closer=close, encoding=encoding, delimiter=delimiter)


def _csv_rows(text: IO[str], delimiter: str, encoding: Encoding) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(text, delimiter=delimiter, quotechar='"')
    line = 0
    while True:
        line += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise EncodingError(decode_error_message(encoding, line)) from exc
        except csv.Error as exc:
            raise FormatError(f"Line {line} can't be read as CSV ({exc}). Check for "
                              "unbalanced quotes or stray characters.") from exc
        if _UNDECODED.search("\x00".join(row)):
            raise EncodingError(decode_error_message(encoding, line))
        yield line, [_unneutralise(c) if c[:1] == "'" else c for c in row]


def _unneutralise(cell: str) -> str:
    """Our CSV exports put a quote before cells a spreadsheet would run as a
    formula; taking it off again makes the round trip lossless."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell


def _header(rows: Iterator[tuple[int, list[str]]], limits: Limits) -> tuple[tuple[str, ...], int]:
    for line, cells in rows:
        names = [c.strip() for c in cells]
        while names and not names[-1]:
            names.pop()
        if not names:
            continue
        if len(names) > limits.max_columns:
            raise LimitError(f"The file has {len(names)} columns; the limit is "
                             f"{limits.max_columns}. Remove the columns you don't need.")
        return tuple(names), line
    raise FormatError("The file has no header row: the first row must hold the column names.")
