"""XLSX rows through openpyxl's streaming (read-only) reader."""
from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .errors import FormatError, LimitError
from .limits import Limits, human_size

_DAMAGED = ("This Excel file can't be opened: it is damaged or not an .xlsx workbook. "
            "Open it in your spreadsheet program and save it again as .xlsx or CSV.")


def cell_text(value: Any) -> str:
    """A cell's value as the text a merchant sees (``12.9`` not ``12.900000001``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


class XlsxSource:
    """The first worksheet of a workbook, row by row."""

    def __init__(self, handle: IO[bytes], limits: Limits) -> None:
        self.handle = handle
        self.limits = limits
        self.workbook: Any = None

    def open(self) -> XlsxSource:
        self._check_expanded_size()
        try:
            self.workbook = load_workbook(self.handle, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
            raise FormatError(_DAMAGED) from exc
        if not self.workbook.worksheets:
            self.close()
            raise FormatError("This workbook has no worksheet.")
        return self

    def _check_expanded_size(self) -> None:
        try:
            with zipfile.ZipFile(self.handle) as archive:
                expanded = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise FormatError(_DAMAGED) from exc
        finally:
            self.handle.seek(0)
        if expanded > self.limits.max_expanded_bytes:
            raise LimitError(f"This workbook holds {human_size(expanded)} of data once "
                             f"unpacked; the limit is {human_size(self.limits.max_expanded_bytes)}."
                             " Split it into smaller files.")

    @property
    def rows(self) -> Iterator[tuple[int, list[str]]]:
        return self._rows()

    def _rows(self) -> Iterator[tuple[int, list[str]]]:
        sheet = self.workbook.worksheets[0]
        sheet.reset_dimensions()  # don't trust (or pad to) the stored dimensions
        try:
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [cell_text(v) for v in values]
                while cells and not cells[-1]:
                    cells.pop()
                yield line, cells
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise FormatError(_DAMAGED) from exc

    def close(self) -> None:
        if self.workbook is not None:
            self.workbook.close()
