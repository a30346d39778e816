"""Writing rows to CSV and XLSX with constant memory.

Both writers take rows one at a time. Cells that a spreadsheet program would
run as a formula (starting with ``= + - @``, tab or carriage return) are
neutralised: in CSV with a leading single quote (which our reader takes off
again, so a round trip is lossless); in XLSX by storing them as text. In
numeric columns a real number such as ``-12.50`` is left alone.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .errors import SpreadsheetError

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_CELL = 32_767
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class CellTooLongError(SpreadsheetError):
    """A value doesn't fit an XLSX cell (32,767 characters); CSV has no such limit.
    ``row`` is the sheet's row number (the header is row 1)."""

    def __init__(self, message: str, *, row: int, column: str) -> None:
        super().__init__(message)
        self.row = row
        self.column = column


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def neutralise(text: str) -> str:
    """``=HYPERLINK(…)`` → ``'=HYPERLINK(…)`` so no spreadsheet runs it."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _numeric_indexes(headers: Sequence[str], numeric: Collection[str]) -> frozenset[int]:
    return frozenset(i for i, h in enumerate(headers) if h in numeric)


class CsvWriter:
    """UTF-8 with a BOM (so Excel reads the accents right), CRLF line ends,
    quotes where needed. ``out`` is a binary file; it is left open."""

    def __init__(self, out: IO[bytes], headers: Sequence[str], *,
                 numeric: Collection[str] = ()) -> None:
        self._text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
        self._writer = csv.writer(self._text, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        self._numeric = _numeric_indexes(headers, numeric)
        self._writer.writerow([neutralise(h) for h in headers])
        self.rows = 0

    def write(self, cells: Sequence[Any]) -> None:
        self._writer.writerow([self._cell(i, v) for i, v in enumerate(cells)])
        self.rows += 1

    def _cell(self, index: int, value: Any) -> str:
        text = _text(value)
        if index in self._numeric and _NUMBER.match(text):
            return text
        return neutralise(text)

    def close(self) -> None:
        self._text.flush()
        self._text.detach()


class XlsxWriter:
    """One worksheet written in openpyxl's streaming (write-only) mode. Numbers
    in numeric columns are stored as numbers, everything else as text."""

    def __init__(self, out: IO[bytes], headers: Sequence[str], *,
                 numeric: Collection[str] = (), sheet_title: str = "Products") -> None:
        self._out = out
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(sheet_title)
        self._headers = list(headers)
        self._numeric = _numeric_indexes(headers, numeric)
        self._sheet.append([self._text_cell(h) for h in headers])
        self.rows = 0

    def write(self, cells: Sequence[Any]) -> None:
        self._sheet.append([self._cell(i, v) for i, v in enumerate(cells)])
        self.rows += 1

    def _cell(self, index: int, value: Any) -> Any:
        if value is None or value == "":
            return None
        if index in self._numeric:
            number = _number(value)
            if number is not None:
                return number
        text = _text(value)
        if len(text) > XLSX_MAX_CELL:
            column = self._headers[index] if index < len(self._headers) else str(index + 1)
            line = self.rows + 2  # the sheet's row number, the header being row 1
            raise CellTooLongError(
                f'A value in column "{column}" (row {line}) has {len(text):,} '
                f"characters; an Excel cell holds at most {XLSX_MAX_CELL:,}. Export as CSV "
                "instead.", row=line, column=column)
        return self._text_cell(text)

    def _text_cell(self, text: str) -> Any:
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
        if not text.startswith(FORMULA_TRIGGERS):
            return text
        cell = WriteOnlyCell(self._sheet, value=text)
        cell.data_type = "s"  # text, never a formula
        return cell

    def close(self) -> None:
        self._book.save(self._out)

    def abort(self) -> None:
        """Give up: finish and delete openpyxl's temporary sheet file."""
        self._sheet.close()
        writer = getattr(self._sheet, "_writer", None)  # openpyxl keeps no public handle
        if writer is not None:
            writer.cleanup()


def _number(value: Any) -> Decimal | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return value
    text = _text(value).strip()
    if not _NUMBER.match(text):
        return None
    try:
        return int(text) if "." not in text else Decimal(text)
    except InvalidOperation:
        return None


def write_csv(out: IO[bytes], headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
              numeric: Collection[str] = ()) -> int:
    """Write ``rows`` under ``headers``; returns how many rows were written."""
    writer = CsvWriter(out, headers, numeric=numeric)
    try:
        for row in rows:
            writer.write(row)
    finally:
        writer.close()
    return writer.rows


def write_xlsx(out: IO[bytes], headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
               numeric: Collection[str] = (), sheet_title: str = "Products") -> int:
    """Write ``rows`` under ``headers`` as an XLSX workbook; returns the row count.

    Raises:
        CellTooLongError: a value exceeds an Excel cell (nothing usable is written).
    """
    writer = XlsxWriter(out, headers, numeric=numeric, sheet_title=sheet_title)
    try:
        for row in rows:
            writer.write(row)
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return writer.rows
