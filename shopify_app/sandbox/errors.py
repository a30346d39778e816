"""Errors in Shopify's shape: message, locations, path and extensions.code."""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

from graphql import ExecutionResult, GraphQLError

log = logging.getLogger(__name__)

# graphql-core messages -> the graphql-ruby codes Shopify puts in extensions.code
_CODES = [
    (re.compile(r"^Cannot query field"), "undefinedField"),
    (re.compile(r"^Unknown argument"), "argumentNotAccepted"),
    (re.compile(r"^Field '.*' argument '.*' of type '.*' is required"), "missingRequiredArguments"),
    (re.compile(r"^Unknown type"), "undefinedType"),
    (re.compile(r"^Variable '.*' is not defined"), "variableNotDefined"),
    (re.compile(r"^Variable '.*' is never used"), "variableNotUsed"),
    (re.compile(r"^Variable '.*' of type '.*' used in position"), "variableMismatch"),
    (re.compile(r"^Unknown fragment"), "undefinedFragment"),
    (re.compile(r"^Fragment '.*' is never used"), "useAndDefineFragment"),
    (
        re.compile(r"must have a selection of subfields|must not have a selection"),
        "selectionMismatch",
    ),
    (
        re.compile(r"^(Int|String|Boolean|ID|Float|Enum|Expected value|Expected type)"),
        "argumentLiteralsIncompatible",
    ),
    (re.compile(r"^Variable '\$"), "INVALID_VARIABLE"),
]


def error_code(message: str, default: str) -> str:
    for pattern, code in _CODES:
        if pattern.search(message):
            return code
    return default


def format_error(error: GraphQLError, default_code: str) -> dict[str, Any]:
    """Shopify's error shape: message, locations, path, extensions.code."""
    out: dict[str, Any] = {"message": error.message}
    if error.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        out["path"] = list(error.path)
    extensions = dict(error.extensions or {})
    if error.original_error is not None and not isinstance(error.original_error, GraphQLError):
        request_id = str(uuid.uuid4())
        log.error("resolver failed (request %s)", request_id, exc_info=error.original_error)
        out["message"] = (
            "Internal error. Looks like something went wrong on our end.\n"
            f"Request ID: {request_id} (include this in support requests)."
        )
        extensions = {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    extensions.setdefault("code", error_code(error.message, default_code))
    out["extensions"] = extensions
    return out


def result_errors(result: ExecutionResult) -> list[dict[str, Any]]:
    return [format_error(e, "BAD_REQUEST") for e in result.errors or ()]
