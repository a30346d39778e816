"""Where a ChangeSet keeps its values: one record per object, not one key and tuple
per (object, field).

A big file sets a few fields of each of tens of thousands of objects, and most of
its values are the store's own (`CURRENT`, see ChangeSet's `settle`). Per object
we keep its reference, the line whose settled values it holds, and those fields
as bits of one int; only the values that carry text, a note or a problem (or come
from another line) keep a tuple, in a small dict of the object's. The order the
values were first set in is one 8-byte word each, so reading them back gives the
file's order as before.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any

from .fields import FIELDS
from .model import Ref

# What is kept per value: (value, line, note, problem).
Stored = tuple[Any, int, str | None, str | None]
Key = tuple[Any, ...]

_NAMES: tuple[str, ...] = tuple(FIELDS)
_NUMBER = {name: number for number, name in enumerate(_NAMES)}
_FIELD_BITS = 5  # 21 fields fit; one order word is object number << 5 | field number
_FIELD_MASK = (1 << _FIELD_BITS) - 1
assert len(_NAMES) <= _FIELD_MASK + 1


class _Object:
    __slots__ = ("ref", "line", "settled", "others")

    def __init__(self, ref: Ref) -> None:
        self.ref = ref
        self.line: int = 0  # the line of the `settled` values
        self.settled = 0  # bit per field: the store's value, set on `line`, no note
        self.others: dict[int, Stored] | None = None


class ValueStore:
    """(object key, field) → what the file sets, in the order first set."""

    def __init__(self, current: Any) -> None:
        self._current = current  # ChangeSet's CURRENT marker
        self._numbers: dict[Key, int] = {}
        self._objects: list[_Object] = []
        self._order = array("Q")
        self._withdrawn: set[int] = set()

    def get(self, key: Key, field_name: str) -> Stored | None:
        number = self._numbers.get(key)
        if number is None:
            return None
        return self._value(self._objects[number], _NUMBER[field_name])

    def _value(self, entry: _Object, field_no: int) -> Stored | None:
        if entry.settled >> field_no & 1:
            return (self._current, entry.line, None, None)
        return entry.others.get(field_no) if entry.others else None

    def put(self, key: Key, field_name: str, stored: Stored, ref: Ref) -> None:
        """Keep a value not set before (the object's first reference is kept)."""
        number = self._numbers.get(key)
        if number is None:
            number = self._numbers[key] = len(self._objects)
            self._objects.append(_Object(ref))
        entry, field_no = self._objects[number], _NUMBER[field_name]
        value, line, note, problem = stored
        if value is self._current and note is None and problem is None \
                and (entry.settled == 0 or entry.line == line):
            entry.line, entry.settled = line, entry.settled | 1 << field_no
        else:
            if entry.others is None:
                entry.others = {}
            entry.others[field_no] = stored
        self._order.append(number << _FIELD_BITS | field_no)

    def withdraw(self, key: Key, field_name: str) -> None:
        self._withdrawn.add(self._numbers[key] << _FIELD_BITS | _NUMBER[field_name])

    def items(self) -> Iterator[tuple[Ref, str, Stored]]:
        """(reference, field, stored) of each value kept, in the order first set."""
        withdrawn, objects = self._withdrawn, self._objects
        for word in self._order:
            if word in withdrawn:
                continue
            entry, field_no = objects[word >> _FIELD_BITS], word & _FIELD_MASK
            stored = self._value(entry, field_no)
            if stored is not None:  # always: every word was put
                yield entry.ref, _NAMES[field_no], stored

    def fields(self) -> Iterator[str]:
        """The field of each value kept (withdrawn ones left out)."""
        for word in self._order:
            if word not in self._withdrawn:
                yield _NAMES[word & _FIELD_MASK]

    def __len__(self) -> int:
        return len(self._order) - len(self._withdrawn)
