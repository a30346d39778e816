"""Typed errors of the spreadsheet library.

Every error carries ``message``: a sentence a merchant can act on, ready to
show as is. Whole-file problems stop the reading (:class:`FileError` and its
subclasses); a problem with one row is a :class:`RowError` that names the
row's 1-based line (the row number a spreadsheet program shows, the header
being line 1) and lets the other rows go on.
"""
from __future__ import annotations


class SpreadsheetError(Exception):
    """Base class of every error this package raises."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FileError(SpreadsheetError):
    """The file as a whole can't be used."""


class FileTooLargeError(FileError):
    """The file is bigger than the size limit (checked before reading it)."""

    def __init__(self, message: str, *, size: int, limit: int) -> None:
        super().__init__(message)
        self.size = size
        self.limit = limit


class EncodingError(FileError):
    """The bytes are not text in an encoding we recognise (or not text at all)."""


class FormatError(FileError):
    """Not a CSV/XLSX we can read: damaged workbook, unbalanced quotes, no header."""


class LimitError(FileError):
    """Too many rows or columns."""


class NoKeyColumnError(FileError):
    """No column says which product, variant or image a row is about."""


class RowError(SpreadsheetError):
    """One row can't be used; ``line`` is its 1-based row number."""

    def __init__(self, message: str, *, line: int, column: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}"
