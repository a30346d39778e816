"""The JSON API under /api. Every route needs a session token."""
from __future__ import annotations

from flask import Blueprint, request

from shopify_app.auth.current import authenticate_api_request
from shopify_app.errors import ValidationError
from shopify_app.web.api.bodies import json_body  # noqa: F401 — the routes' body reader

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
    rate_limiting.enforce(request.endpoint)


@bp.before_request
def _refuse_nul_in_query() -> None:
    # No parameter means anything with NUL in it, and PostgreSQL refuses it in text.
    bad = [name for name, value in request.args.items(multi=True)
           if "\x00" in name or "\x00" in value]
    if bad:
        raise ValidationError([(bad[0].replace("\x00", ""), "query parameters cannot contain "
                                                            "NUL (%00) characters")])


from shopify_app.web.api import (  # noqa: E402,F401 — each module adds its routes to bp
    catalogs,
    delivery,
    items,
    jobs,
    lookup,
    me,
    openapi,
    rate_limiting,
    schedules,
    settings,
    stream,
    uploads,
)
