"""Per-request plumbing: request id, security headers on every response."""
from __future__ import annotations

from flask import Flask, Response, g, request

from shopify_app.auth.session_token import is_shop_domain
from shopify_app.logs import new_request_id, reset_request_id, set_request_id

ADMIN_ORIGIN = "https://admin.shopify.com"


def frame_ancestors(shop: str | None) -> str:
    sources = ([f"https://{shop}"] if shop and is_shop_domain(shop) else []) + [ADMIN_ORIGIN]
    return f"frame-ancestors {' '.join(sources)};"


def init_app(app: Flask) -> None:
    @app.before_request
    def _start() -> None:
        g.request_id = new_request_id(request.headers.get("X-Request-Id"))
        g.request_id_token = set_request_id(g.request_id)
        g.api_key = app.config["SHOPIFY_API_KEY"]

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["X-Request-Id"] = g.get("request_id", "")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        # A response with its own policy (a stored catalog, sandboxed) keeps it.
        if response.mimetype == "text/html" and "Content-Security-Policy" not in response.headers:
            shop = g.get("page_shop") or request.args.get("shop")
            response.headers["Content-Security-Policy"] = frame_ancestors(shop)
        return response

    @app.teardown_request
    def _end(_exc: BaseException | None) -> None:
        token = g.pop("request_id_token", None)
        if token is not None:
            reset_request_id(token)
