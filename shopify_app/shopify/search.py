"""Building Shopify search-syntax query strings safely.

Merchant values (tags, vendors, SKUs) are always written as double-quoted
phrases with ``\\`` and ``"`` escaped, so spaces, colons, parentheses, ``OR``
or a stray quote stay part of the value and cannot change the query.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_.]*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def quote(value: str) -> str:
    """A search-syntax phrase that matches ``value`` literally."""
    cleaned = _CONTROL.sub(" ", str(value))
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"') + '"'


def term(field: str, value: str, *, negate: bool = False) -> str:
    """``field:"value"``; ``field`` is ours, never a merchant's, and is checked."""
    if not _FIELD_NAME.match(field):
        raise ValueError(f"invalid search field name {field!r}")
    return f"{'-' if negate else ''}{field}:{quote(value)}"


def raw_term(field: str, value: str | int) -> str:
    """``field:value`` for values we produced and checked (ids, enum words)."""
    text = str(value)
    if not _FIELD_NAME.match(field) or not re.fullmatch(r"[A-Za-z0-9_\-<>=,]+", text):
        raise ValueError(f"unsafe search term {field}:{text}")
    return f"{field}:{text}"


def any_of(terms: Iterable[str]) -> str:
    """``(a OR b OR c)``."""
    items = list(terms)
    if not items:
        raise ValueError("any_of needs at least one term")
    return items[0] if len(items) == 1 else "(" + " OR ".join(items) + ")"


def all_of(*queries: str | None) -> str | None:
    """Join sub-queries with ``AND`` (parenthesised); ``None`` when all are empty."""
    parts = [q for q in queries if q]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return " AND ".join(f"({p})" for p in parts)


def or_batches(field: str, values: Iterable[str], *, max_terms: int = 50,
               max_length: int = 2000) -> Iterator[tuple[list[str], str]]:
    """Split ``values`` into ``field:"a" OR field:"b"`` queries of bounded size.

    Yields ``(values in this batch, query string)``; duplicates are dropped and
    a value too long for any batch still gets a batch of its own.
    """
    batch: list[str] = []
    terms: list[str] = []
    length = 0
    for value in dict.fromkeys(values):
        item = term(field, value)
        extra = len(item) + (4 if terms else 0)
        if terms and (len(terms) >= max_terms or length + extra > max_length):
            yield batch, " OR ".join(terms)
            batch, terms, length = [], [], 0
            extra = len(item)
        batch.append(value)
        terms.append(item)
        length += extra
    if terms:
        yield batch, " OR ".join(terms)
