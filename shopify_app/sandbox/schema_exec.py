"""Load the real Admin schema once, parse and validate documents once, execute them."""

from __future__ import annotations

import gzip
import json
import logging
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLSchema,
    build_client_schema,
    execute_sync,
    parse,
    validate,
)

from .errors import format_error
from .resolvers import resolve_field, resolve_type
from .state import ExecContext

log = logging.getLogger(__name__)

_schemas: dict[Path, GraphQLSchema] = {}
_schema_lock = threading.Lock()


def load_schema(path: Path) -> GraphQLSchema:
    """Build the schema from introspection JSON, once per process and path (about a second)."""
    key = path.resolve()
    with _schema_lock:
        schema = _schemas.get(key)
        if schema is None:
            with gzip.open(key, "rt", encoding="utf-8") if key.suffix == ".gz" else open(key) as fh:
                data = json.load(fh)
            schema = build_client_schema(data["data"])
            # Shopify's schema breaks a few of graphql-core's schema rules; it is valid for Shopify.
            schema._validation_errors = []  # type: ignore[attr-defined]
            _schemas[key] = schema
        return schema


class DocumentCache:
    """Parsed and validated documents by query text (validation is the slow part)."""

    def __init__(self, schema: GraphQLSchema, capacity: int = 1000) -> None:
        self.schema = schema
        self._capacity = capacity
        self._lock = threading.Lock()
        self._items: OrderedDict[str, tuple[DocumentNode | None, list[dict[str, Any]]]] = (
            OrderedDict()
        )

    def get(self, query: str) -> tuple[DocumentNode | None, list[dict[str, Any]]]:
        with self._lock:
            hit = self._items.get(query)
            if hit is not None:
                self._items.move_to_end(query)
                return hit
        result = self._compile(query)
        with self._lock:
            self._items[query] = result
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)
        return result

    def _compile(self, query: str) -> tuple[DocumentNode | None, list[dict[str, Any]]]:
        try:
            document = parse(query)
        except GraphQLError as exc:
            return None, [format_error(exc, "GRAPHQL_PARSE_FAILED")]
        errors = validate(self.schema, document)
        if errors:
            return None, [format_error(e, "GRAPHQL_VALIDATION_FAILED") for e in errors]
        return document, []


def run(
    schema: GraphQLSchema,
    document: DocumentNode,
    context: ExecContext,
    variables: dict[str, Any] | None = None,
    operation_name: str | None = None,
) -> ExecutionResult:
    """Execute a validated document against the sandbox state."""
    return execute_sync(
        schema,
        document,
        root_value=None,
        context_value=context,
        variable_values=variables,
        operation_name=operation_name,
        field_resolver=resolve_field,
        type_resolver=resolve_type,
    )
