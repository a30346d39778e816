"""The JSON API under /api. Every route needs a session token."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from shopify_app.auth.current import authenticate_api_request
from shopify_app.errors import ApiError

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.before_request
def _authenticate() -> None:
    authenticate_api_request()


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


from shopify_app.web.api import me  # noqa: E402,F401 — registers its routes on bp
