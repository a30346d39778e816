"""Bulk queries: start, wait (or be told by the webhook), stream the JSONL.

Results are never loaded whole: the JSONL file is streamed line by line and
products are stitched together with their media, variants and collections
(children follow their parent, linked by ``__parentId``).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import requests

from .client import AdminClient
from .documents import inline_document
from .errors import (
    AccessDeniedError,
    BadResponseError,
    BulkAccessDeniedError,
    BulkOperationError,
    TransientError,
)
from .outcomes import user_errors
from .products import Product, ProductFields, product_from
from .search import all_of, raw_term

FINAL_STATUSES = {"COMPLETED", "FAILED", "CANCELED", "EXPIRED"}
_CHILD_KINDS = {"MediaImage": "media", "ProductVariant": "variants", "Collection": "collections"}


@dataclass(frozen=True)
class BulkOperation:
    id: str
    status: str
    error_code: str | None = None
    url: str | None = None
    partial_data_url: str | None = None
    object_count: int = 0
    root_object_count: int = 0

    @property
    def finished(self) -> bool:
        return self.status in FINAL_STATUSES

    @classmethod
    def from_payload(cls, raw: dict[str, Any]) -> BulkOperation:
        return cls(id=raw["id"], status=raw.get("status") or "", error_code=raw.get("errorCode"),
                   url=raw.get("url"), partial_data_url=raw.get("partialDataUrl"),
                   object_count=int(raw.get("objectCount") or 0),
                   root_object_count=int(raw.get("rootObjectCount") or 0))


def bulk_execute(client: AdminClient, operation: str, variables: dict[str, Any]) -> dict:
    """``client.execute`` for bulk calls: ACCESS_DENIED means bulk is not granted."""
    try:
        return client.execute(operation, variables)
    except AccessDeniedError as exc:
        raise BulkAccessDeniedError(exc.message, operation=operation) from exc


def started_operation(data: dict, field: str, operation: str) -> BulkOperation:
    """The BulkOperation a ``bulkOperationRun*`` payload started, or an error."""
    payload = data.get(field) or {}
    errors = user_errors(payload)
    if errors:
        codes = {e.code for e in errors}
        message = "; ".join(e.message for e in errors)
        if codes & {"OPERATION_IN_PROGRESS", "LIMIT_REACHED"}:
            raise BulkOperationError(f"Bulk operation not started: {message}",
                                     operation=operation, error_code=next(iter(codes)))
        raise BadResponseError(f"Bulk operation refused: {message}", operation=operation)
    if not payload.get("bulkOperation"):
        raise BadResponseError("No bulk operation in the answer", operation=operation)
    return BulkOperation.from_payload(payload["bulkOperation"])


def start_bulk_query(client: AdminClient, query_text: str, *,
                     group_objects: bool = False) -> BulkOperation:
    """Start ``bulkOperationRunQuery`` with a variable-free query document."""
    data = bulk_execute(client, "BulkOperationRunQuery",
                        {"query": query_text, "groupObjects": group_objects})
    return started_operation(data, "bulkOperationRunQuery", "BulkOperationRunQuery")


def fetch_bulk_operation(client: AdminClient, operation_id: str) -> BulkOperation:
    """The current state of a bulk operation: what the ``bulk_operations/finish``
    webhook handler calls to get the final status and result URL."""
    data = bulk_execute(client, "BulkOperationById", {"id": operation_id})
    if not data.get("bulkOperation"):
        raise BadResponseError(f"Unknown bulk operation {operation_id}",
                               operation="BulkOperationById")
    return BulkOperation.from_payload(data["bulkOperation"])


def running_bulk_operations(client: AdminClient, kind: str | None = None
                            ) -> list[BulkOperation]:
    """This app's bulk operations still running (``kind``: "query" or "mutation")."""
    if kind not in (None, "query", "mutation"):
        raise ValueError("kind must be 'query' or 'mutation'")
    query = all_of(raw_term("status", "running"),
                   raw_term("operation_type", kind) if kind else None)
    data = bulk_execute(client, "BulkOperationsRunning", {"query": query})
    nodes = (data.get("bulkOperations") or {}).get("nodes") or ()
    return [BulkOperation.from_payload(n) for n in nodes if n]


def cancel_bulk_operation(client: AdminClient, operation_id: str) -> BulkOperation:
    """Ask Shopify to cancel a bulk operation (it ends CANCELED shortly after)."""
    data = bulk_execute(client, "BulkOperationCancel", {"id": operation_id})
    payload = data.get("bulkOperationCancel") or {}
    errors = user_errors(payload)
    if errors or not payload.get("bulkOperation"):
        detail = "; ".join(e.message for e in errors) or "no bulk operation in the answer"
        raise BulkOperationError(f"Could not cancel {operation_id}: {detail}",
                                 operation="BulkOperationCancel")
    return BulkOperation.from_payload(payload["bulkOperation"])


def check_finished(operation: BulkOperation, *, allow_partial: bool = False) -> BulkOperation:
    """Raise for a bulk operation that did not complete."""
    if operation.status == "COMPLETED":
        return operation
    if operation.error_code == "ACCESS_DENIED":
        raise BulkAccessDeniedError("Bulk operations are not granted to this app",
                                    operation=operation.id)
    if allow_partial and operation.status in ("FAILED", "CANCELED"):
        return operation  # its partial results still tell what was done
    raise BulkOperationError(f"Bulk operation {operation.id} ended {operation.status}"
                             f" ({operation.error_code or 'no error code'})",
                             operation=operation.id, status=operation.status,
                             error_code=operation.error_code)


def wait_for_bulk_operation(client: AdminClient, operation_id: str, *,
                            first_delay: float = 1.0, max_delay: float = 30.0,
                            timeout: float = 6 * 3600.0) -> BulkOperation:
    """Poll ``bulkOperation(id:)`` with growing delays until it finishes."""
    deadline = client.clock() + timeout
    delay = first_delay
    while True:
        operation = fetch_bulk_operation(client, operation_id)
        if operation.finished:
            return operation
        if client.clock() + delay > deadline:
            raise BulkOperationError(f"Bulk operation {operation_id} still {operation.status}",
                                     operation=operation_id, status=operation.status)
        client.sleep(delay)
        delay = min(max_delay, delay * 1.5)


def iter_jsonl(client: AdminClient, url: str) -> Iterator[dict[str, Any]]:
    """Stream a JSONL result file one object at a time."""
    try:
        response = client.session.get(url, stream=True, timeout=client.timeout)
    except requests.RequestException as exc:
        raise TransientError(f"Could not download bulk results: {exc}") from exc
    with response:
        if response.status_code != 200:
            raise TransientError(f"Bulk results answered HTTP {response.status_code}")
        try:
            for line in response.iter_lines():
                if line.strip():
                    yield json.loads(line)
        except requests.RequestException as exc:
            raise TransientError(f"Bulk results download broke off: {exc}") from exc
        except ValueError as exc:
            raise BadResponseError(f"Unreadable bulk result line: {exc}") from exc


def iter_results(client: AdminClient, operation: BulkOperation) -> Iterator[dict[str, Any]]:
    """The result lines of a finished operation (partial data of a failed one)."""
    url = operation.url or operation.partial_data_url
    if url:
        yield from iter_jsonl(client, url)


def _kind(gid: str) -> str:
    parts = gid.split("/")
    return _CHILD_KINDS.get(parts[3] if len(parts) > 3 else "", "other")


def stitch_products(records: Iterable[dict[str, Any]]) -> Iterator[Product]:
    """Group flat bulk lines into products with their children.

    A product is yielded as soon as the next top-level line starts (or the
    file ends), so memory holds one product at a time.
    """
    parent: dict[str, Any] | None = None
    children: dict[str, list[dict[str, Any]]] = {}

    def finish() -> Product:
        assert parent is not None
        return product_from(parent, media=children.get("media"),
                            variants=children.get("variants"),
                            collections=children.get("collections"))

    for record in records:
        parent_id = record.pop("__parentId", None)
        if parent_id is None:
            if parent is not None:
                yield finish()
            parent, children = record, {"media": [], "variants": [], "collections": []}
            continue
        if parent is None or parent_id != parent["id"]:
            raise BadResponseError(f"Bulk line for {parent_id} is not next to its parent")
        children.setdefault(_kind(record.get("id", "")), []).append(record)
    if parent is not None:
        yield finish()


def run_bulk_query(client: AdminClient, query_text: str, *, group_objects: bool = False,
                   timeout: float = 6 * 3600.0) -> Iterator[dict[str, Any]]:
    """Run a bulk query to the end and stream its result lines."""
    operation = start_bulk_query(client, query_text, group_objects=group_objects)
    final = check_finished(wait_for_bulk_operation(client, operation.id, timeout=timeout))
    yield from iter_results(client, final)


def bulk_products_query(search_query: str | None, fields: ProductFields) -> str:
    """The bulk export document for products matching ``search_query``."""
    return inline_document("BulkProductsExport", {**fields.variables(), "query": search_query})


def iter_products_bulk(client: AdminClient, search_query: str | None,
                       fields: ProductFields, *, group_objects: bool = True) -> Iterator[Product]:
    """Every matching product through one bulk query, streamed.

    ``group_objects`` asks Shopify to keep children right after their parent,
    which the streaming stitch relies on.
    """
    text = bulk_products_query(search_query, fields)
    yield from stitch_products(run_bulk_query(client, text, group_objects=group_objects))
