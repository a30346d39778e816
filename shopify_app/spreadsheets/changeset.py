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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .change_store import ValueStore
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


class _Current:
    """The value of a change its caller already holds (see ChangeSet's `settle`)."""

    def __repr__(self) -> str:
        return "CURRENT"


CURRENT: Any = _Current()


@dataclass
class ChangeSet:
    """Every change of a file, keyed by (object, field), plus failed rows.

    ``settle``: tells a change whose value the caller already holds (a store's own
    value read back); such a value is kept as ``CURRENT`` instead of its text, so a
    big file that changes little holds little. Duplicates are still told apart. It
    is given the change and its object's key, the very tuple kept here (a caller
    that remembers something per object can share it rather than build another).
    """

    settle: Callable[[FieldChange, tuple[Any, ...]], bool] | None = None
    _values: ValueStore = field(default_factory=lambda: ValueStore(CURRENT))
    failed: list[FailedRow] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    rows_read: int = 0
    invalid_by_field: Counter[str] = field(default_factory=Counter)
    # Rows kept although a value breaks a limit (read with `defer_checks`): whether they
    # fail depends on the store's values, which only the import job reads.
    rows_fail_unless_unchanged: int = 0

    def add(self, result: RowResult) -> None:
        self.rows_read += 1
        self.notices.extend(result.notices)
        if not result.ok:
            self._fail(result, result.errors)
            return
        # One key tuple per object of the row, shared by its changes.
        target_keys: dict[int, tuple[Any, ...]] = {}
        keys = [(target_keys.setdefault(id(c.target), c.target.key), c.field)
                for c in result.changes]
        clashes = []
        for change, key in zip(result.changes, keys, strict=True):
            earlier = self._values.get(*key)
            if earlier is not None and self._differs(earlier[0], change, key[0]):
                clashes.append(RowError(
                    f"{change.label} of {change.target.describe()} is set to "
                    f"{_show(change.value)} here but to {_show(earlier[0])} on line "
                    f"{earlier[1]}. Keep one of the two values.", line=result.line))
        if clashes:
            for change, key in zip(result.changes, keys, strict=True):
                earlier = self._values.get(*key)
                if earlier is not None and self._differs(earlier[0], change, key[0]):
                    self._values.withdraw(*key)
                    self.notices.append(Notice(earlier[1], f"{change.label} of "
                                               f"{change.target.describe()} is not imported: "
                                               f"line {result.line} sets another value.",
                                               change.field))
            self._fail(result, clashes)
            return
        if any(change.problem is not None for change in result.changes):
            self.rows_fail_unless_unchanged += 1
        for change, key in zip(result.changes, keys, strict=True):
            if self._values.get(*key) is None:
                settled = self.settle is not None and self.settle(change, key[0])
                self._values.put(*key, (CURRENT if settled else change.value, change.line,
                                        change.note, change.problem), change.target)

    def _differs(self, earlier: Any, change: FieldChange, key: tuple[Any, ...]) -> bool:
        if earlier is CURRENT:
            return not self.settle(change, key)  # type: ignore[misc]
        return bool(earlier != change.value)

    def _fail(self, result: RowResult, errors: Iterable[RowError]) -> None:
        errors = list(errors)
        self.failed.append(FailedRow(result.line, result.cells,
                                     tuple(e.message for e in errors)))
        for error in errors:
            name = _field_of_column(error)
            self.invalid_by_field[name or "row"] += 1

    def changes(self) -> Iterator[FieldChange]:
        """The changes to make, in file order (withdrawn ones left out)."""
        for target, name, (value, line, note, problem) in self._values.items():
            yield FieldChange(target, name, value, line, note, problem)

    def first_line(self, key: tuple[Any, ...], field_name: str) -> int | None:
        """The line whose value for this object's field is kept (the first to set it)."""
        stored = self._values.get(key, field_name)
        return stored[1] if stored is not None else None

    def __len__(self) -> int:
        return len(self._values)

    def counts(self) -> dict[str, dict[str, int]]:
        """Per field: values the file sets, rows invalid because of it, and (among the
        values set) those breaking a limit: they fail unless the store holds them already."""
        summary: dict[str, dict[str, int]] = {}

        def row(name: str) -> dict[str, int]:
            return summary.setdefault(name, {"set": 0, "invalid": 0,
                                             "fails_unless_unchanged": 0})

        for _, name, stored in self._values.items():
            counts = row(name)
            counts["set"] += 1
            if stored[3] is not None:
                counts["fails_unless_unchanged"] += 1
        for name, count in self.invalid_by_field.items():
            row(name)["invalid"] += count
        return summary


def _field_of_column(error: RowError) -> str | None:
    if not error.column:
        return None
    name = field_of_header(error.column)
    return name if name in FIELDS else None


def _show(value: Any) -> str:
    if value is None:
        return "[clear]"
    if value is CURRENT:
        return "its current value"
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
