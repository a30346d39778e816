"""Reading request bodies: one JSON object, or nothing at all, and a clear error otherwise."""
from __future__ import annotations

import json
from typing import Any

from flask import request

from shopify_app.errors import ApiError, ValidationError

# Nothing the API accepts nests deeper than a few levels; deeper input is refused before
# any code walks it (Python's parser itself gives up with RecursionError near 1,000).
MAX_DEPTH = 32


def _check_shape(value: Any) -> None:
    """Walk the body without recursion: refuse nesting past MAX_DEPTH and NUL characters.

    NUL is never meaningful in merchant text, and PostgreSQL refuses it in any text
    column: caught here, it is a 422 naming the field instead of a failed query.
    """
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    while stack:
        current, depth, where = stack.pop()
        if isinstance(current, dict):
            children = [(f"{where}.{key}" if where else str(key), key, child)
                        for key, child in current.items()]
        elif isinstance(current, list):
            children = [(f"{where}.{index}" if where else str(index), None, child)
                        for index, child in enumerate(current)]
        else:
            continue
        for path, key, child in children:
            if (isinstance(key, str) and "\x00" in key) or \
                    (isinstance(child, str) and "\x00" in child):
                raise ValidationError([(path, "text cannot contain NUL (\\u0000) characters")])
            if isinstance(child, dict | list):
                if depth + 1 > MAX_DEPTH:
                    raise ApiError(400, f"The request body nests deeper than {MAX_DEPTH} levels")
                stack.append((child, depth + 1, path))


def _parse(raw: bytes) -> Any:
    try:
        value = json.loads(raw)
    except RecursionError as exc:
        raise ApiError(400, f"The request body nests deeper than {MAX_DEPTH} levels") from exc
    except ValueError as exc:  # also UnicodeDecodeError
        raise ApiError(400, "The request body is not valid JSON") from exc
    _check_shape(value)
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
