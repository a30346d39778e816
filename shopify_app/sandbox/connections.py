"""Relay connections over in-memory lists: keyset cursors, first/after/last/before."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from graphql import GraphQLError

MAX_PAGE_SIZE = 250

EMPTY_PAGE_INFO = {
    "hasNextPage": False,
    "hasPreviousPage": False,
    "startCursor": None,
    "endCursor": None,
}


def empty_connection() -> dict[str, Any]:
    return {"nodes": [], "edges": [], "pageInfo": dict(EMPTY_PAGE_INFO)}


def encode_cursor(last_id: int, last_value: Any) -> str:
    """Opaque cursor in Shopify's own shape: base64 of {"last_id", "last_value"}."""
    raw = json.dumps({"last_id": last_id, "last_value": last_value}, separators=(",", ":"))
    return base64.b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> tuple[Any, int]:
    try:
        data = json.loads(base64.b64decode(cursor.encode(), validate=True))
        value, last_id = data["last_value"], int(data["last_id"])
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise GraphQLError("Invalid cursor for current pagination sort.") from exc
    if isinstance(value, list):
        value = tuple(value)
    return value, last_id


def _check_args(args: Mapping[str, Any]) -> tuple[int | None, int | None]:
    first, last = args.get("first"), args.get("last")
    if first is None and last is None:
        raise GraphQLError("you must provide one of first or last")
    for name, value in (("first", first), ("last", last)):
        if value is not None and value < 0:
            raise GraphQLError(f"{name} must be greater than or equal to 0")
        if value is not None and value > MAX_PAGE_SIZE:
            raise GraphQLError(
                f"{name} must be less than or equal to {MAX_PAGE_SIZE}",
                extensions={"code": "BAD_REQUEST"},
            )
    return first, last


def paginate(
    items: Sequence[dict[str, Any]],
    args: Mapping[str, Any],
    *,
    sort_value: Callable[[dict[str, Any]], Any] | None = None,
    descending: bool = False,
    bulk: bool = False,
) -> dict[str, Any]:
    """Page through `items` the way Shopify does.

    Items are ordered by (sort value, numeric id); without a sort value they keep
    their list order (positions). `reverse: true` flips the order; `descending`
    makes newest-first the natural order (bulkOperations). In bulk mode every
    item is returned and first/last are not required.
    """
    if bulk:
        first, last = None, None
    else:
        first, last = _check_args(args)
    if sort_value is None:
        keyed = [((i, item["_n"]), item) for i, item in enumerate(items)]
    else:
        keyed = [((sort_value(item), item["_n"]), item) for item in items]
        keyed.sort(key=lambda pair: pair[0])
    desc = bool(args.get("reverse")) != descending
    if desc:
        keyed.reverse()

    def is_after(key: tuple[Any, int], cursor: tuple[Any, int]) -> bool:
        try:
            return key < cursor if desc else key > cursor
        except TypeError as exc:
            raise GraphQLError("Invalid cursor for current pagination sort.") from exc

    start, end = 0, len(keyed)
    after = args.get("after")
    if after:
        mark = decode_cursor(after)
        while start < end and not is_after(keyed[start][0], (mark[0], mark[1])):
            start += 1
    before = args.get("before")
    if before:
        mark = decode_cursor(before)
        stop = start
        while stop < end and is_after((mark[0], mark[1]), keyed[stop][0]):
            stop += 1
        end = stop
    if first is not None:
        end = min(end, start + first)
    if last is not None:
        start = max(start, end - last)
    window = keyed[start:end]
    edges = [{"cursor": encode_cursor(item["_n"], key[0]), "node": item} for key, item in window]
    return {
        "nodes": [item for _, item in window],
        "edges": edges,
        "pageInfo": {
            "hasNextPage": end < len(keyed),
            "hasPreviousPage": start > 0,
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }
