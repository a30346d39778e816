"""The JSON API under /api. Every route needs a session token."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from shopify_app.auth.current import authenticate_api_request
from shopify_app.errors import ApiError

bp = Blueprint("api", __name__, url_prefix="/api")


# EventSource cannot send headers: the stream takes its session token as ?token=.
QUERY_TOKEN_ENDPOINTS = {"api.stream_events"}
PUBLIC_ENDPOINTS = {"api.openapi"}


@bp.before_request
def _authenticate() -> None:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    query_token = request.args.get("token") if request.endpoint in QUERY_TOKEN_ENDPOINTS else None
    authenticate_api_request(query_token)


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a 400/415 that says what is wrong with it."""
    if not request.is_json:
        raise ApiError(415, "Send the body as JSON with Content-Type: application/json")
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "The request body is not valid JSON")
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object")
    return body


from shopify_app.web.api import (  # noqa: E402,F401 — each module adds its routes to bp
    delivery,
    items,
    jobs,
    lookup,
    me,
    openapi,
    schedules,
    settings,
    stream,
)
