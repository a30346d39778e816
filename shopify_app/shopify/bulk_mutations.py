"""Bulk mutations: upload the variables as JSONL, run, map results per line.

When the app is not granted bulk access, :func:`run_mutations` falls back to
ordinary, throttled calls and reports the same per-item outcomes.
"""
from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Mapping
from typing import IO, Any

import requests

from .bulk import (
    bulk_execute,
    check_finished,
    iter_results,
    started_operation,
    wait_for_bulk_operation,
)
from .client import AdminClient
from .documents import load
from .errors import (
    BadResponseError,
    BulkAccessDeniedError,
    OutcomeUnknownError,
    ShopifyError,
    TransientError,
    WriteInterruptedError,
)
from .messages import FieldError
from .outcomes import OUTCOME_UNKNOWN, WriteOutcome, not_attempted, user_errors

MAX_UPLOAD_BYTES = 100 * 1024 * 1024
UPLOAD_TIMEOUT = (10.0, 300.0)


def _root_field(operation_name: str) -> str:
    selections = load(operation_name).operation.selection_set.selections
    return selections[0].name.value  # type: ignore[attr-defined]


def outcome_from_data(data: Mapping[str, Any] | None, root: str, target_id: str,
                      field_name: str) -> WriteOutcome:
    """One mutation answer (``data``) → a per-item outcome."""
    payload = (data or {}).get(root)
    if payload is None:
        return WriteOutcome.failed(target_id, field_name, OUTCOME_UNKNOWN,
                                   "Shopify returned no result for this change")
    errors = user_errors(payload)
    if errors:
        return WriteOutcome.rejected(target_id, field_name, errors)
    value = {k: v for k, v in payload.items() if k != "userErrors"}
    return WriteOutcome.success(target_id, field_name, value)


def guess_target(variables: Mapping[str, Any]) -> str:
    """The id a mutation's variables are about, for the documents of this
    package (``id``, ``product.id``, ``files[0].id``, ``metafields[0].ownerId``)."""
    candidates = [variables.get("id"), (variables.get("product") or {}).get("id")]
    for key, inner in (("files", "id"), ("metafields", "ownerId")):
        items = variables.get(key) or []
        candidates.append(items[0].get(inner) if items else None)
    for candidate in candidates:
        if isinstance(candidate, str) and candidate:
            return candidate
    raise ValueError("cannot tell the target of these variables: pass target_of")


def _write_variables(variables: Iterable[Mapping[str, Any]],
                     target_of: Callable[[Mapping[str, Any]], str],
                     spool: IO[bytes]) -> list[str]:
    targets = []
    for item in variables:
        targets.append(target_of(item))
        spool.write(json.dumps(item, separators=(",", ":")).encode() + b"\n")
    if spool.tell() > MAX_UPLOAD_BYTES:
        raise ValueError("bulk mutation variables exceed 100 MB: split the input")
    spool.seek(0)
    return targets


def _upload(client: AdminClient, spool: IO[bytes], filename: str) -> str:
    """Stage the JSONL and POST it; returns the ``stagedUploadPath``."""
    data = bulk_execute(client, "StagedUploadsCreate", {"input": [{
        "resource": "BULK_MUTATION_VARIABLES", "filename": filename,
        "mimeType": "text/jsonl", "httpMethod": "POST"}]})
    payload = data.get("stagedUploadsCreate") or {}
    errors = user_errors(payload)
    targets = payload.get("stagedTargets") or []
    if errors or not targets:
        detail = "; ".join(e.message for e in errors) or "no staged target"
        raise BadResponseError(f"Staged upload refused: {detail}", operation="StagedUploadsCreate")
    target = targets[0]
    params = [(p["name"], p["value"]) for p in target.get("parameters") or ()]
    key = next((value for name, value in params if name == "key"), None)
    if not key or not target.get("url"):
        raise BadResponseError("Staged target without url or key",
                               operation="StagedUploadsCreate")
    try:
        # requests writes ``data`` fields before ``files``: the file goes last,
        # as the storage service requires.
        response = client.session.post(target["url"], data=params,
                                       files={"file": (filename, spool, "text/jsonl")},
                                       timeout=UPLOAD_TIMEOUT)
    except requests.RequestException as exc:
        raise TransientError(f"Upload of bulk variables failed: {exc}") from exc
    if response.status_code not in (200, 201, 204):
        raise TransientError(f"Upload of bulk variables answered {response.status_code}")
    return key


def run_bulk_mutation(client: AdminClient, operation_name: str,
                      variables: Iterable[Mapping[str, Any]], *,
                      target_of: Callable[[Mapping[str, Any]], str] = guess_target,
                      field_name: str | None = None, client_identifier: str | None = None,
                      timeout: float = 6 * 3600.0) -> list[WriteOutcome]:
    """Run ``operation_name`` once per variables object as one bulk mutation.

    Returns one outcome per input, in input order, matched by
    ``__lineNumber``. Inputs without a result line (a failed or partial
    operation) get an ``outcome_unknown`` outcome: re-read before resending.

    Raises:
        BulkAccessDeniedError: bulk operations are not granted to the app.
    """
    document = load(operation_name)
    if not document.is_mutation:
        raise ValueError(f"{operation_name} is not a mutation")
    root = _root_field(operation_name)
    field_name = field_name or root
    with tempfile.TemporaryFile() as spool:
        targets = _write_variables(variables, target_of, spool)
        if not targets:
            return []
        path = _upload(client, spool, f"{operation_name}.jsonl")
    data = bulk_execute(client, "BulkOperationRunMutation", {
        "mutation": document.text, "stagedUploadPath": path,
        "clientIdentifier": client_identifier})
    started = started_operation(data, "bulkOperationRunMutation", "BulkOperationRunMutation")
    final = check_finished(wait_for_bulk_operation(client, started.id, timeout=timeout),
                           allow_partial=True)
    outcomes: list[WriteOutcome | None] = [None] * len(targets)
    for line in iter_results(client, final):
        number = line.get("__lineNumber")
        if not isinstance(number, int) or not 0 <= number < len(targets):
            continue
        if line.get("errors"):
            errors = [FieldError(field=(), message=str(e.get("message", e)))
                      for e in line["errors"]]
            outcomes[number] = WriteOutcome.rejected(targets[number], field_name, errors)
        else:
            outcomes[number] = outcome_from_data(line.get("data"), root, targets[number],
                                                 field_name)
    return [o or WriteOutcome.failed(targets[i], field_name, OUTCOME_UNKNOWN,
                                     "The bulk operation did not report this change")
            for i, o in enumerate(outcomes)]


def run_mutations(client: AdminClient, operation_name: str,
                  variables: Iterable[Mapping[str, Any]], *,
                  target_of: Callable[[Mapping[str, Any]], str] = guess_target,
                  field_name: str | None = None, use_bulk: bool = True,
                  client_identifier: str | None = None) -> list[WriteOutcome]:
    """Run many mutations: as one bulk operation when allowed, else one by one
    through the throttled client. The outcomes are the same either way.

    Raises:
        WriteInterruptedError: the one-by-one run stopped on an error; it
            carries every item's outcome (``not_attempted`` for unsent ones).
    """
    items = [dict(v) for v in variables]
    root = _root_field(operation_name)
    field_name = field_name or root
    if use_bulk:
        try:
            return run_bulk_mutation(client, operation_name, items, target_of=target_of,
                                     field_name=field_name,
                                     client_identifier=client_identifier)
        except BulkAccessDeniedError:
            pass  # not granted: ordinary calls below
    outcomes: list[WriteOutcome] = []
    for item in items:
        target = target_of(item)
        try:
            data = client.execute(operation_name, item)
        except OutcomeUnknownError as exc:
            outcomes.append(WriteOutcome.failed(target, field_name, OUTCOME_UNKNOWN,
                                                f"Shopify did not confirm the change: {exc}"))
            continue
        except ShopifyError as exc:
            rest = [not_attempted(target_of(i), field_name, exc) for i in items[len(outcomes):]]
            raise WriteInterruptedError(outcomes + rest, exc) from exc
        outcomes.append(outcome_from_data(data, root, target, field_name))
    return outcomes
