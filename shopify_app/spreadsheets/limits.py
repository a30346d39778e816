"""How much of a file the library accepts."""
from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds checked while reading; every one ends in a readable error.

    ``max_bytes`` is checked from the file's size before anything is read.
    ``max_cell_chars`` stays under the ``csv`` module's own field limit
    (131,072) so an oversized cell is our readable row error, not its crash.
    """

    max_bytes: int = 50 * MB
    max_rows: int = 100_000
    max_columns: int = 300
    max_cell_chars: int = 100_000
    # An XLSX is compressed: bound what it expands to (openpyxl keeps the
    # shared strings in memory even when streaming).
    max_expanded_bytes: int = 400 * MB


DEFAULT_LIMITS = Limits()


def human_size(size: int) -> str:
    """``52428800`` → ``"50 MB"``."""
    if size >= MB:
        return f"{size / MB:.0f} MB"
    return f"{max(1, size // 1024)} KB"
