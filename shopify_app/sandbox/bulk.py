"""Bulk operations: run in background threads, results served as JSONL files."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
)

from .bulk_shape import BulkShape
from .errors import result_errors
from .ids import gid, now_iso
from .state import ExecContext, SandboxState, ShopStore
from .webhooks import bulk_payload

log = logging.getLogger(__name__)

Executor = Callable[[DocumentNode, ExecContext, dict[str, Any] | None], ExecutionResult]
Compiler = Callable[[str], tuple[DocumentNode | None, list[dict[str, Any]]]]

ACTIVE = ("CREATED", "RUNNING", "CANCELING")
_STEPS = 20  # progress updates per run when a minimum duration is configured
_NO_FILE = (
    "The JSONL file could not be found. Try uploading the file again, and check that you've "
    "entered the URL correctly for the stagedUploadPath mutation argument."
)
_NOT_IN_BULK = {
    "bulkOperationRunQuery",
    "bulkOperationRunMutation",
    "bulkOperationCancel",
    "stagedUploadsCreate",
}


def _operation(document: DocumentNode) -> OperationDefinitionNode | None:
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return ops[0] if len(ops) == 1 else None


def _dumps(line: dict[str, Any]) -> bytes:
    return json.dumps(line, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"


class BulkRunner:
    """Starts, tracks and cancels bulk operations for every shop of one sandbox."""

    def __init__(
        self,
        state: SandboxState,
        schema: GraphQLSchema,
        compile_document: Compiler,
        execute: Executor,
    ) -> None:
        self.state = state
        self.schema = schema
        self.compile = compile_document
        self.execute = execute
        self.threads: list[threading.Thread] = []

    # -- starting -------------------------------------------------------------------------
    def _limit_error(self, shop: ShopStore, kind: str) -> dict[str, Any] | None:
        limit = self.state.config.bulk_concurrency
        running = [
            op
            for op in shop.bulk_operations.values()
            if op["type"] == kind and op["status"] in ACTIVE
        ]
        if len(running) < limit:
            return None
        word = kind.lower()
        if limit == 1:
            return {
                "field": None,
                "code": "OPERATION_IN_PROGRESS",
                "message": f"A bulk {word} operation for this app and shop is already in progress: "
                f"{running[0]['id']}.",
            }
        return {
            "field": None,
            "code": "LIMIT_REACHED",
            "message": f"The maximum of {limit} concurrent bulk {word} operations for this app and "
            "shop has been reached.",
        }

    def _new_operation(self, shop: ShopStore, kind: str, query: str) -> dict[str, Any]:
        number = shop.next_id("BulkOperation")
        op = {
            "__typename": "BulkOperation",
            "_n": number,
            "_cancel": threading.Event(),
            "id": gid("BulkOperation", number),
            "status": "CREATED",
            "type": kind,
            "query": query,
            "createdAt": now_iso(),
            "completedAt": None,
            "objectCount": "0",
            "rootObjectCount": "0",
            "fileSize": None,
            "url": None,
            "partialDataUrl": None,
            "errorCode": None,
        }
        shop.bulk_operations[number] = op
        return op

    def _spawn(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, name="sandbox-bulk", daemon=True)
        self.threads = [t for t in self.threads if t.is_alive()] + [thread]
        thread.start()

    def run_query(self, ctx: ExecContext, query: str) -> dict[str, Any]:
        document, errors = self.compile(query)
        operation = _operation(document) if document else None
        problems = [e["message"] for e in errors]
        if document is not None and operation is None:
            problems.append("Bulk queries must contain exactly one operation.")
        if operation is not None and operation.operation != OperationType.QUERY:
            problems.append("Bulk queries must be query operations.")
        if operation is not None and not problems:
            problems = BulkShape(self.schema, document).problems(
                operation.selection_set, self.schema.query_type
            )
        if problems:
            return {
                "bulkOperation": None,
                "userErrors": [
                    {"field": ["query"], "message": f"Invalid bulk query: {p}", "code": "INVALID"}
                    for p in problems
                ],
            }
        with ctx.shop.lock:
            limit = self._limit_error(ctx.shop, "QUERY")
            if limit:
                return {"bulkOperation": None, "userErrors": [limit]}
            op = self._new_operation(ctx.shop, "QUERY", query)
        snapshot = dict(op)  # the payload shows CREATED even if the thread has moved on
        self._spawn(self._run_query, ctx.shop, op, document, operation)
        return {"bulkOperation": snapshot, "userErrors": []}

    def run_mutation(
        self, ctx: ExecContext, mutation: str, staged_path: str, client_identifier: str | None
    ) -> dict[str, Any]:
        def fail(field: str, code: str, message: str) -> dict[str, Any]:
            return {
                "bulkOperation": None,
                "userErrors": [{"field": [field], "message": message, "code": code}],
            }

        document, errors = self.compile(mutation)
        if errors or document is None:
            return fail(
                "mutation",
                "INVALID_MUTATION",
                "Invalid mutation: " + "; ".join(e["message"] for e in errors),
            )
        operation = _operation(document)
        fields = (
            [s for s in operation.selection_set.selections if isinstance(s, FieldNode)]
            if operation
            else []
        )
        if operation is None or operation.operation != OperationType.MUTATION or len(fields) != 1:
            return fail(
                "mutation",
                "INVALID_MUTATION",
                "Bulk mutations must contain exactly one mutation operation with one field.",
            )
        if fields[0].name.value in _NOT_IN_BULK:
            return fail(
                "mutation", "INVALID_MUTATION", f"{fields[0].name.value} cannot run in bulk."
            )
        staged = self.state.staged.get(staged_path)
        if staged is None or staged["shop"] != ctx.shop.domain or staged["data"] is None:
            return fail("stagedUploadPath", "NO_SUCH_FILE", _NO_FILE)
        with ctx.shop.lock:
            limit = self._limit_error(ctx.shop, "MUTATION")
            if limit:
                return {"bulkOperation": None, "userErrors": [limit]}
            op = self._new_operation(ctx.shop, "MUTATION", mutation)
            op["_client_identifier"] = client_identifier
        snapshot = dict(op)
        self._spawn(self._run_mutation, ctx.shop, op, document, staged["data"])
        return {"bulkOperation": snapshot, "userErrors": []}

    def cancel(self, ctx: ExecContext, operation_id: str) -> dict[str, Any]:
        op = ctx.shop.lookup(operation_id)
        if op is None or op.get("__typename") != "BulkOperation":
            return {
                "bulkOperation": None,
                "userErrors": [{"field": ["id"], "message": "Bulk operation does not exist"}],
            }
        with ctx.shop.lock:
            if op["status"] not in ("CREATED", "RUNNING"):
                return {
                    "bulkOperation": op,
                    "userErrors": [
                        {
                            "field": None,
                            "message": (
                                "A bulk operation cannot be canceled when it is "
                                f"{op['status'].lower()}"
                            ),
                        }
                    ],
                }
            op["status"] = "CANCELING"
            op["_cancel"].set()
            snapshot = dict(op)
        return {"bulkOperation": snapshot, "userErrors": []}

    # -- running --------------------------------------------------------------------------
    def _run_query(
        self,
        shop: ShopStore,
        op: dict[str, Any],
        document: DocumentNode,
        operation: OperationDefinitionNode,
    ) -> None:
        try:
            op["status"] = "RUNNING" if op["status"] == "CREATED" else op["status"]
            result = self.execute(
                document, ExecContext(self.state, shop, bulk=True, via="bulk"), None
            )
            if result.errors:
                log.warning("bulk query %s failed: %s", op["id"], result.errors)
                self._finish(shop, op, "FAILED", [], error="INTERNAL_SERVER_ERROR")
                return
            lines, roots = BulkShape(self.schema, document).flatten(
                operation.selection_set, self.schema.query_type, result.data or {}
            )
            op["rootObjectCount"] = str(roots)
            self._write(shop, op, [_dumps(line) for line in lines])
        except Exception:  # a sandbox bug must not leave the operation RUNNING forever
            log.exception("bulk query %s crashed", op["id"])
            self._finish(shop, op, "FAILED", [], error="INTERNAL_SERVER_ERROR")

    def _run_mutation(
        self, shop: ShopStore, op: dict[str, Any], document: DocumentNode, data: bytes
    ) -> None:
        try:
            op["status"] = "RUNNING" if op["status"] == "CREATED" else op["status"]
            out: list[bytes] = []
            rows = [row for row in data.decode("utf-8", "replace").splitlines() if row.strip()]
            for number, row in enumerate(rows):
                if op["_cancel"].is_set():
                    break
                try:
                    variables = json.loads(row)
                except ValueError as exc:
                    out.append(
                        _dumps(
                            {
                                "errors": [{"message": f"Invalid JSON on line {number}: {exc}"}],
                                "__lineNumber": number,
                            }
                        )
                    )
                    continue
                ctx = ExecContext(self.state, shop, via="bulk")
                result = self.execute(
                    document, ctx, variables if isinstance(variables, dict) else None
                )
                line: dict[str, Any] = {}
                if result.errors:
                    line["errors"] = result_errors(result)
                if result.data is not None:
                    line["data"] = result.data
                line["__lineNumber"] = number
                out.append(_dumps(line))
            op["rootObjectCount"] = str(len(out))
            self._write(shop, op, out)
        except Exception:
            log.exception("bulk mutation %s crashed", op["id"])
            self._finish(shop, op, "FAILED", [], error="INTERNAL_SERVER_ERROR")

    def _write(self, shop: ShopStore, op: dict[str, Any], lines: list[bytes]) -> None:
        """Publish lines in steps (so progress and cancelling can be observed), then finish."""
        delay = self.state.config.bulk_min_seconds / _STEPS
        step = max(1, -(-len(lines) // _STEPS))
        chunks = [lines[i : i + step] for i in range(0, len(lines), step)]
        if delay:  # keep the minimum duration even when there are only a few lines
            chunks += [[] for _ in range(_STEPS - len(chunks))]
        written: list[bytes] = []
        for chunk in chunks:
            if op["_cancel"].is_set():
                break
            written.extend(chunk)
            op["objectCount"] = str(len(written))
            if delay:
                time.sleep(delay)
        status = "CANCELED" if op["_cancel"].is_set() else "COMPLETED"
        self._finish(shop, op, status, written)

    def _finish(
        self,
        shop: ShopStore,
        op: dict[str, Any],
        status: str,
        lines: list[bytes],
        error: str | None = None,
    ) -> None:
        body = b"".join(lines)
        with shop.lock:
            if lines:
                suffix = "" if status == "COMPLETED" else "-partial"
                path = f"/sandbox/files/bulk/{shop.domain}/{op['_n']}{suffix}.jsonl"
                self.state.files[path] = body
                op["url" if status == "COMPLETED" else "partialDataUrl"] = self.state.url(path)
                op["fileSize"] = str(len(body))
            op["objectCount"] = str(len(lines))
            op["status"] = status
            op["errorCode"] = error
            op["completedAt"] = now_iso()
        self.state.webhooks.send(shop.domain, "bulk_operations/finish", bulk_payload(op))

    def join(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        for thread in list(self.threads):
            thread.join(max(0.0, deadline - time.monotonic()))


def _runner(ctx: ExecContext) -> BulkRunner:
    assert ctx.state.bulk is not None, "the server wires a BulkRunner into the state"
    return ctx.state.bulk


def access_denied(field: str) -> GraphQLError:
    return GraphQLError(
        f"Access denied for {field} field. "
        "This app has not been granted access to bulk operations.",
        extensions={
            "code": "ACCESS_DENIED",
            "documentation": "https://shopify.dev/api/usage/access-scopes",
        },
    )


def run_query(ctx: ExecContext, args: dict[str, Any]) -> dict[str, Any]:
    if ctx.state.faults.bulk_denied:
        raise access_denied("bulkOperationRunQuery")
    return _runner(ctx).run_query(ctx, args["query"])


def run_mutation(ctx: ExecContext, args: dict[str, Any]) -> dict[str, Any]:
    if ctx.state.faults.bulk_denied:
        raise access_denied("bulkOperationRunMutation")
    return _runner(ctx).run_mutation(
        ctx, args["mutation"], args["stagedUploadPath"], args.get("clientIdentifier")
    )


def cancel(ctx: ExecContext, args: dict[str, Any]) -> dict[str, Any]:
    return _runner(ctx).cancel(ctx, args["id"])


RESOLVERS = {
    "bulkOperationRunQuery": run_query,
    "bulkOperationRunMutation": run_mutation,
    "bulkOperationCancel": cancel,
}
