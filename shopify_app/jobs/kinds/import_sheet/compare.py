"""A file against the store in passes over its rows, so a big file that changes
little holds little: first only the keys it names (to read those products once),
then its rows one at a time against that index, keeping only the values that would
change (those already the store's are remembered as set, not by their text); a
third read, only when some rows name objects the store lacks or break a rule, finds
the rows to fail. The file is never held whole."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import IO, Any

from shopify_app.spreadsheets import (
    ChangeSet,
    FailedRow,
    ImportReader,
    ImportSettings,
    RowResult,
)

from . import plan as planning
from .targets import Index, Wanted

Source = str | IO[bytes]


@dataclass(frozen=True)
class Compared:
    headers: tuple[str, ...]
    plan: planning.Plan
    changes: ChangeSet
    failed: list[FailedRow]

    @property
    def summary(self) -> dict[str, Any]:
        return planning.summary(self.plan, self.changes, self.failed)


def _rewound(source: Source) -> Source:
    if not isinstance(source, str):
        source.seek(0)
    return source


def _results(source: Source, settings: ImportSettings) -> Iterator[RowResult]:
    """The file's rows, opened only once iterated (the third read is seldom needed)."""
    with ImportReader(_rewound(source), settings) as reader:
        yield from reader.results()


def _index(source: Source, settings: ImportSettings,
           load_index: Callable[[Wanted], Index]) -> tuple[tuple[str, ...], Index]:
    """The file's headers and the index of the products it names. The keys gathered
    to read them (as many strings as the file has rows) are let go before the rows
    are compared."""
    wanted = Wanted()
    with ImportReader(_rewound(source), settings) as reader:
        headers = reader.sheet.headers
        for result in reader.results():
            for change in result.changes:
                wanted.add(change.target, change.field)
    return headers, load_index(wanted)


def compare_file(source: Source, settings: ImportSettings,
                 load_index: Callable[[Wanted], Index]) -> Compared:
    """The plan of a file (a path, or a seekable binary file read three times at most).

    Raises:
        FileError: when the file as a whole can't be used.
    """
    headers, index = _index(source, settings, load_index)
    settle = planning.Settle(index)
    changes = ChangeSet(settle=settle)
    # The rows kept name their objects with the index's strings, not copies of them.
    for result in _results(source, replace(settings, key_text=index.key_text)):
        changes.add(result)
    found = settle.found
    failed, withdrawn = planning.failed_rows(found, changes, _results(source, settings))
    plan = planning.build(changes, found, withdrawn)
    return Compared(headers, plan, changes, failed)
