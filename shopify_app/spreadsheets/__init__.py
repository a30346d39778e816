"""Spreadsheets in and out: a small library with no Flask, jobs or database.

Reading: :func:`open_sheet` (CSV in UTF-8/UTF-16/Windows-1252 with a sniffed
delimiter, or XLSX, streamed row by row); :func:`map_columns` (our export's
columns and Shopify admin's product CSV); :class:`ImportReader` /
:func:`read_changes` (rows → :class:`FieldChange` per product, variant and
image, with failed rows and notices); :func:`preview` for an import page.

Writing: :func:`write_csv` / :func:`write_xlsx` (streaming, formula cells
neutralised), :func:`shelf_rows` / :func:`shopify_rows` for the two export
layouts, :func:`write_failed_rows` for the fix-and-re-upload file.

Every error is a :class:`SpreadsheetError` whose ``message`` a merchant can read.
"""
from __future__ import annotations

from .changeset import CURRENT, ChangeSet, FailedRow, collect
from .columns import (
    CONTEXT,
    IDENTIFIES,
    NOT_IMPORTED,
    SETS,
    UNKNOWN,
    ColumnMapping,
    MappedColumn,
    map_columns,
    normalize_header,
)
from .errors import (
    EncodingError,
    FileError,
    FileTooLargeError,
    FormatError,
    LimitError,
    NoKeyColumnError,
    RowError,
    SpreadsheetError,
)
from .failed_rows import write_failed_rows
from .fields import FIELDS, PRICE_FIELDS, SETTABLE, SHELF_COLUMNS, Field
from .importing import (
    ImportReader,
    ImportResult,
    ImportSettings,
    Preview,
    preview,
    read_changes,
    unless_unchanged,
)
from .layouts import (
    PROPOSABLE,
    SHELF_NUMERIC,
    SHOPIFY_HEADERS,
    SHOPIFY_NUMERIC,
    ExportImage,
    ExportProduct,
    ExportVariant,
    shelf_headers,
    shelf_rows,
    shopify_rows,
)
from .limits import DEFAULT_LIMITS, Limits
from .model import FieldChange, ImageRef, Notice, ProductRef, RowResult, VariantRef
from .reader import Sheet, SheetRow, open_sheet
from .rows import interpret_row, interpret_rows
from .values import CLEAR_TOKEN, format_price, parse_price
from .writers import CellTooLongError, CsvWriter, XlsxWriter, neutralise, write_csv, write_xlsx

__all__ = [
    "CLEAR_TOKEN", "CURRENT", "CONTEXT", "DEFAULT_LIMITS", "FIELDS", "IDENTIFIES", "NOT_IMPORTED",
    "PRICE_FIELDS", "PROPOSABLE", "SETS", "SETTABLE", "SHELF_COLUMNS", "SHELF_NUMERIC",
    "SHOPIFY_HEADERS", "SHOPIFY_NUMERIC", "UNKNOWN", "CellTooLongError", "ChangeSet",
    "ColumnMapping", "CsvWriter", "EncodingError", "ExportImage", "ExportProduct",
    "ExportVariant", "FailedRow", "Field", "FieldChange", "FileError", "FileTooLargeError",
    "FormatError", "ImageRef", "ImportReader", "ImportResult", "ImportSettings", "LimitError",
    "Limits", "MappedColumn", "NoKeyColumnError", "Notice", "Preview", "ProductRef", "RowError",
    "RowResult", "Sheet", "SheetRow", "SpreadsheetError", "VariantRef", "XlsxWriter", "collect",
    "format_price", "interpret_row", "interpret_rows", "map_columns", "neutralise",
    "normalize_header", "open_sheet", "parse_price", "preview", "read_changes", "shelf_headers",
    "shelf_rows", "shopify_rows", "unless_unchanged", "write_csv", "write_failed_rows",
    "write_xlsx",
]
