"""Per-request plumbing: request id, security headers on every response."""
from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, request

from shopify_app.auth.session_token import is_shop_domain
from shopify_app.logs import new_request_id, reset_request_id, set_request_id

ADMIN_ORIGIN = "https://admin.shopify.com"
access_log = logging.getLogger("shelf.access")


def frame_ancestors(shop: str | None) -> str:
    sources = ([f"https://{shop}"] if shop and is_shop_domain(shop) else []) + [ADMIN_ORIGIN]
    return f"frame-ancestors {' '.join(sources)};"


def init_app(app: Flask) -> None:
    @app.before_request
    def _start() -> None:
        g.request_id = new_request_id(request.headers.get("X-Request-Id"))
        g.request_id_token = set_request_id(g.request_id)
        g.request_started = time.perf_counter()
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
        if not request.path.startswith("/static/"):
            # The access line: in JSON it carries the request id and shop as fields.
            elapsed = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
            access_log.info("%s %s %s %.1fms", request.method, request.path,
                            response.status_code, elapsed,
                            extra={"method": request.method, "path": request.path,
                                   "status": response.status_code,
                                   "duration_ms": round(elapsed, 1)})
        return response

    @app.teardown_request
    def _end(_exc: BaseException | None) -> None:
        token = g.pop("request_id_token", None)
        if token is not None:
            reset_request_id(token)
