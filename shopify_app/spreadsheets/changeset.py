"""Gathering the rows of a file into one set of changes.

Several rows may name the same object: Shopify's CSV repeats the handle on
every variant and image row, and our export repeats keys on every row. Two
rows that set the same field of the same object to the *same* value are one
change. Two rows that set it to *different* values are a mistake we can't
resolve for the merchant: the later row fails, naming the earlier line, and
the earlier row's value for that field is withdrawn with a notice on its
line, so neither value is published by accident. Fixing the file and
uploading it again imports the value the merchant keeps.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .columns import field_of_header
from .errors import RowError
from .fields import FIELDS
from .model import FieldChange, Notice, RowResult


@dataclass(frozen=True)
class FailedRow:
    """A row that changes nothing: its original cells and why."""

    line: int
    cells: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def message(self) -> str:
        return "; ".join(self.reasons)


@dataclass
class ChangeSet:
    """Every change of a file, keyed by (object, field), plus failed rows."""

    _changes: dict[tuple[Any, str], FieldChange] = field(default_factory=dict)
    _withdrawn: set[tuple[Any, str]] = field(default_factory=set)
    failed: list[FailedRow] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    rows_read: int = 0
    invalid_by_field: Counter[str] = field(default_factory=Counter)

    def add(self, result: RowResult) -> None:
        self.rows_read += 1
        self.notices.extend(result.notices)
        if not result.ok:
            self._fail(result, result.errors)
            return
        clashes = []
        for change in result.changes:
            earlier = self._changes.get((change.target.key, change.field))
            if earlier is not None and earlier.value != change.value:
                clashes.append(RowError(
                    f"{change.label} of {change.target.describe()} is set to "
                    f"{_show(change.value)} here but to {_show(earlier.value)} on line "
                    f"{earlier.line}. Keep one of the two values.", line=result.line))
        if clashes:
            for change in result.changes:
                key = (change.target.key, change.field)
                earlier = self._changes.get(key)
                if earlier is not None and earlier.value != change.value:
                    self._withdrawn.add(key)
                    self.notices.append(Notice(earlier.line, f"{change.label} of "
                                               f"{change.target.describe()} is not imported: "
                                               f"line {result.line} sets another value.",
                                               change.field))
            self._fail(result, clashes)
            return
        for change in result.changes:
            self._changes.setdefault((change.target.key, change.field), change)

    def _fail(self, result: RowResult, errors: Iterable[RowError]) -> None:
        errors = list(errors)
        self.failed.append(FailedRow(result.line, result.cells,
                                     tuple(e.message for e in errors)))
        for error in errors:
            name = _field_of_column(error)
            self.invalid_by_field[name or "row"] += 1

    def changes(self) -> Iterator[FieldChange]:
        """The changes to make, in file order (withdrawn ones left out)."""
        for key, change in self._changes.items():
            if key not in self._withdrawn:
                yield change

    def counts(self) -> dict[str, dict[str, int]]:
        """Per field label: values the file sets, and rows invalid because of it."""
        summary: dict[str, dict[str, int]] = {}
        for change in self.changes():
            summary.setdefault(change.field, {"set": 0, "invalid": 0})["set"] += 1
        for name, count in self.invalid_by_field.items():
            summary.setdefault(name, {"set": 0, "invalid": 0})["invalid"] += count
        return summary


def _field_of_column(error: RowError) -> str | None:
    if not error.column:
        return None
    name = field_of_header(error.column)
    return name if name in FIELDS else None


def _show(value: Any) -> str:
    if value is None:
        return "[clear]"
    if isinstance(value, tuple):
        value = ", ".join(value)
    text = str(value)
    return f'"{text[:37]}…"' if len(text) > 40 else f'"{text}"'


def collect(results: Iterable[RowResult]) -> ChangeSet:
    """Fold row results into a :class:`ChangeSet`."""
    changeset = ChangeSet()
    for result in results:
        changeset.add(result)
    return changeset
