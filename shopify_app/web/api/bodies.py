"""Reading request bodies: one JSON object, or nothing at all, and a clear error otherwise."""
from __future__ import annotations

import json
from typing import Any

from flask import request

from shopify_app.errors import ApiError, ValidationError

# Nothing the API accepts nests deeper than a few levels; deeper input is refused before
# any code walks it (Python's parser itself gives up with RecursionError near 1,000).
MAX_DEPTH = 32


class _TooDeep(ValueError):
    pass


def _check_depth(value: Any) -> None:
    """Walk containers without recursion; raise _TooDeep past MAX_DEPTH levels."""
    stack = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        children = current.values() if isinstance(current, dict) else \
            current if isinstance(current, list) else ()
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > MAX_DEPTH:
                    raise _TooDeep
                stack.append((child, depth + 1))


def _parse(raw: bytes) -> Any:
    try:
        value = json.loads(raw)
    except RecursionError as exc:
        raise ApiError(400, f"The request body nests deeper than {MAX_DEPTH} levels") from exc
    except ValueError as exc:  # also UnicodeDecodeError
        raise ApiError(400, "The request body is not valid JSON") from exc
    try:
        _check_depth(value)
    except _TooDeep as exc:
        raise ApiError(400, f"The request body nests deeper than {MAX_DEPTH} levels") from exc
    return value


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a 400/415 that says what is wrong with it."""
    if not request.is_json:
        raise ApiError(415, "Send the body as JSON with Content-Type: application/json")
    body = _parse(request.get_data(cache=True))
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object")
    return body


def optional_json_body() -> dict[str, Any]:
    """Like json_body, but no body at all (or an empty one) reads as {}."""
    if not request.get_data(cache=True).strip():
        return {}
    return json_body()


def no_body() -> None:
    """For actions that take no input: nothing, or an empty JSON object, and nothing else."""
    body = optional_json_body()
    if body:
        raise ValidationError([(key, f"unknown field {key}: this action takes no input")
                               for key in sorted(body)])
