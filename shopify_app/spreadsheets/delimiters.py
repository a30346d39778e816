"""Which character separates the columns of a CSV file.

``csv.Sniffer`` guesses from character frequencies and is easily fooled by
commas inside descriptions. Here each candidate parses the first lines for
real (quotes respected), and the one that gives the header several columns
and the most rows of the header's width wins.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

CANDIDATES = (",", ";", "\t")
NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
SAMPLE_LINES = 50


def _score(text: str, delimiter: str) -> tuple[float, int]:
    """(share of rows as wide as the header, header width)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"')
    widths: list[int] = []
    try:
        for row in reader:
            if row:
                widths.append(len(row))
            if len(widths) > SAMPLE_LINES:
                break
    except csv.Error:
        return (0.0, 0)
    if not widths or widths[0] < 2:
        return (0.0, widths[0] if widths else 0)
    rows = widths[1:-1] or widths[1:]  # the sample's last line may be cut short
    if not rows:
        return (1.0, widths[0])
    return (sum(1 for w in rows if w == widths[0]) / len(rows), widths[0])


def sniff_delimiter(sample: str, candidates: Iterable[str] = CANDIDATES) -> str:
    """The delimiter of a CSV whose first characters are ``sample``.

    A file with a single column has no delimiter to find: comma is returned,
    and the column check that follows reports what is missing.
    """
    best, best_score = ",", (0.0, 1)
    for delimiter in candidates:
        score = _score(sample, delimiter)
        if score[1] >= 2 and score > best_score:
            best, best_score = delimiter, score
    return best
