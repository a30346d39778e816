"""Reading a whole file into changes: the entry points an import uses."""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from .changeset import ChangeSet
from .columns import ColumnMapping, map_columns
from .fields import FIELDS
from .limits import DEFAULT_LIMITS, Limits
from .model import FieldChange, RowResult
from .reader import Sheet, open_sheet
from .rows import KeyText, interpret_row
from .values import AUTO, COMMA, POINT

Source = str | os.PathLike[str] | IO[bytes]


@dataclass(frozen=True)
class ImportSettings:
    """``decimal``: "." or "," for prices, or "auto" (a semicolon-separated
    CSV means decimal commas, anything else decimal points). ``defer_checks``: a value
    past a limit (length, count, size: ``values.LimitProblem``) is a change with its
    ``problem`` instead of a failed row, for a caller that compares with the store before
    applying the rule; the import job and the upload preview both read files so.
    ``key_text``: (field, text) → the text to keep for an id, handle or SKU read from a
    key cell; a caller already holding equal texts (the store's) hands back its own,
    so a big file's keys are not held twice."""

    decimal: str = AUTO
    limits: Limits = DEFAULT_LIMITS
    defer_checks: bool = False
    key_text: KeyText | None = None

    def __post_init__(self) -> None:
        if self.decimal not in (AUTO, POINT, COMMA):
            raise ValueError(f"decimal must be '.', ',' or 'auto', not {self.decimal!r}")


class ImportReader:
    """An open file with its column mapping; ``results()`` streams row results.

    Use it as a context manager. Opening raises the file-level errors
    (size, encoding, format, no key column) before any row is read.
    """

    def __init__(self, source: Source, settings: ImportSettings | None = None) -> None:
        self.settings = settings or ImportSettings()
        self.sheet: Sheet = open_sheet(source, limits=self.settings.limits)
        try:
            self.mapping: ColumnMapping = map_columns(self.sheet.headers)
        except BaseException:
            self.sheet.close()
            raise
        self.decimal = (self.sheet.decimal_hint if self.settings.decimal == AUTO
                        else self.settings.decimal)

    def results(self) -> Iterator[RowResult]:
        for row in self.sheet.rows():
            yield interpret_row(row, self.mapping, self.decimal,
                                defer=self.settings.defer_checks,
                                key_text=self.settings.key_text)

    def close(self) -> None:
        self.sheet.close()

    def __enter__(self) -> ImportReader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


@dataclass(frozen=True)
class ImportResult:
    headers: tuple[str, ...]
    mapping: ColumnMapping
    changes: ChangeSet
    file: dict[str, Any]


def read_changes(source: Source, settings: ImportSettings | None = None) -> ImportResult:
    """Every change a file asks for, its failed rows and notices.

    Raises:
        FileError: (a subclass of) when the file as a whole can't be used.
    """
    with ImportReader(source, settings) as reader:
        changes = ChangeSet()
        for result in reader.results():
            changes.add(result)
        return ImportResult(reader.sheet.headers, reader.mapping, changes,
                            reader.sheet.describe())


def unless_unchanged(change: FieldChange) -> str:
    """What a merchant reads about a value past a limit, before the store is compared."""
    label = FIELDS[change.field].label
    noun = label if label[:2].isupper() else label[0].lower() + label[1:]
    return (f"{change.problem} The row fails unless your store already has this "
            f"{noun}: then it is left as it is.")


@dataclass(frozen=True)
class Preview:
    """What the import page shows before a job is created."""

    file: dict[str, Any]
    headers: tuple[str, ...]
    mapping: dict[str, Any]
    rows: list[dict[str, Any]]


def preview(source: Source, *, rows: int = 10,
            settings: ImportSettings | None = None) -> Preview:
    """The first ``rows`` rows with what each would change (or why it can't), and
    ``warnings`` for values checked against the store (read with ``defer_checks``)."""
    with ImportReader(source, settings) as reader:
        sample = []
        for result in reader.results():
            sample.append({"line": result.line, "cells": list(result.cells),
                           "errors": [e.message for e in result.errors],
                           "notices": [n.message for n in result.notices],
                           "warnings": [unless_unchanged(c) for c in result.changes
                                        if c.problem is not None],
                           "changes": [{"field": c.field, "label": c.label,
                                        "target": c.target.describe(),
                                        "clears": c.clears} for c in result.changes]})
            if len(sample) >= rows:
                break
        return Preview(reader.sheet.describe(), reader.sheet.headers,
                       reader.mapping.report(), sample)
