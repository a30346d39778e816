"""POST /admin/api/<version>/graphql.json: auth, cost, throttling, execution."""

from __future__ import annotations

import json
import math
import uuid
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from graphql import GraphQLSchema, OperationDefinitionNode, get_operation_ast
from graphql.execution.values import get_variable_values

from .config import API_VERSION
from .cost import actual_cost, requested_cost
from .errors import result_errors
from .schema_exec import DocumentCache, run
from .state import ExecContext, SandboxState, ShopStore

blueprint = Blueprint("sandbox_graphql", __name__)

INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)"
RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits"


def _state() -> SandboxState:
    return current_app.extensions["sandbox"]


def _reply(
    body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["X-Shopify-API-Version"] = API_VERSION
    response.headers["X-Request-Id"] = str(uuid.uuid4())
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _cost(requested: int | None, actual: int | None, status: dict[str, Any]) -> dict[str, Any]:
    return {
        "cost": {
            "requestedQueryCost": requested,
            "actualQueryCost": actual,
            "throttleStatus": status,
        }
    }


def _throttled(
    state: SandboxState, shop: ShopStore, requested: int, status: dict[str, Any]
) -> Response:
    body = {
        "errors": [
            {
                "message": "Throttled",
                "extensions": {"code": "THROTTLED", "documentation": RATE_LIMIT_DOCS},
            }
        ],
        "extensions": _cost(requested, None, status),
    }
    if state.faults.throttle_status == 429:
        wait = max(1, math.ceil(shop.bucket.seconds_until(requested)))
        return _reply(body, 429, {"Retry-After": str(wait)})
    return _reply(body)


def _max_cost_error(requested: int, limit: int) -> dict[str, Any]:
    return {
        "message": (
            f"Query cost is {requested}, which exceeds the single query max cost limit "
            f"({limit}).\n\n"
            "See https://shopify.dev/concepts/about-apis/rate-limits for more information on "
            "how the\ncost of a query is calculated.\n\n"
            "To query larger amounts of data with fewer limits, bulk operations should be used "
            "instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api "
            "for usage details.\n"
        ),
        "extensions": {
            "code": "MAX_COST_EXCEEDED",
            "cost": requested,
            "maxCost": limit,
            "documentation": RATE_LIMIT_DOCS,
        },
    }


def _read_body() -> tuple[str | None, dict[str, Any] | None, str | None]:
    if request.mimetype == "application/graphql":
        return request.get_data(as_text=True), None, None
    payload = request.get_json(silent=True, force=True)
    if not isinstance(payload, dict):
        return None, None, None
    variables = payload.get("variables")
    if isinstance(variables, str):  # some clients send the variables JSON-encoded
        try:
            variables = json.loads(variables or "null")
        except ValueError:
            variables = None
    return (
        payload.get("query"),
        variables if isinstance(variables, dict) else None,
        payload.get("operationName"),
    )


@blueprint.post("/admin/api/<version>/graphql.json")
def graphql_endpoint(version: str) -> Response:
    if version != API_VERSION:
        return _reply({"errors": "Not Found"}, 404)
    state = _state()
    shop = state.shop_for_token(request.headers.get("X-Shopify-Access-Token"))
    if shop is None:
        return _reply({"errors": INVALID_TOKEN}, 401)
    query, variables, operation_name = _read_body()
    if not query or not isinstance(query, str):
        return _reply({"errors": {"query": "Required parameter missing or invalid"}}, 400)
    schema: GraphQLSchema = current_app.extensions["sandbox_schema"]
    documents: DocumentCache = current_app.extensions["sandbox_documents"]
    document, errors = documents.get(query)
    if document is None:
        return _reply({"errors": errors})
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        message = (
            "An operation name is required"
            if operation_name is None
            else f'No operation named "{operation_name}"'
        )
        return _reply(
            {"errors": [{"message": message, "extensions": {"code": "OPERATION_NOT_FOUND"}}]}
        )
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables or {})
    cost_vars = coerced if isinstance(coerced, dict) else {}
    requested = requested_cost(schema, document, operation, cost_vars)
    limit = state.config.max_query_cost
    if requested > limit:
        return _reply(
            {
                "errors": [_max_cost_error(requested, limit)],
                "extensions": _cost(requested, None, shop.bucket.status()),
            }
        )
    if state.faults.take_throttle():
        return _throttled(state, shop, requested, shop.bucket.status())
    ok, status = shop.bucket.charge(requested)
    if not ok:
        return _throttled(state, shop, requested, status)
    return _execute(
        state, shop, schema, document, operation, variables, operation_name, cost_vars, requested
    )


def _execute(
    state: SandboxState,
    shop: ShopStore,
    schema: GraphQLSchema,
    document: Any,
    operation: OperationDefinitionNode,
    variables: dict[str, Any] | None,
    operation_name: str | None,
    cost_vars: dict[str, Any],
    requested: int,
) -> Response:
    ctx = ExecContext(state, shop)
    try:
        result = run(schema, document, ctx, variables, operation_name)
    except Exception:
        shop.bucket.refund(requested)
        raise
    actual = min(requested, actual_cost(schema, document, operation, cost_vars, result.data))
    status = shop.bucket.refund(requested - actual)
    body: dict[str, Any] = {}
    if result.errors:
        body["errors"] = result_errors(result)
    if result.data is not None or not result.errors:
        body["data"] = result.data
    extensions = _cost(requested, actual, status)
    if ctx.search:
        extensions["search"] = ctx.search
    body["extensions"] = extensions
    return _reply(body)
