"""GET /metrics: Prometheus text, behind a bearer token (404 when none is configured)."""
from __future__ import annotations

import hmac

from flask import Blueprint, abort, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST
from werkzeug.wrappers import Response

from shopify_app.metrics import exposition

bp = Blueprint("metrics", __name__)


@bp.get("/metrics")
def scrape() -> Response:
    expected = current_app.config.get("SHELF_METRICS_TOKEN") or ""
    if not expected:
        abort(404)  # not configured: the endpoint does not exist
    offered = request.headers.get("Authorization", "")
    scheme, _, token = offered.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(),
                                                             expected.encode()):
        response = Response("metrics need the bearer token from SHELF_METRICS_TOKEN\n",
                            status=401, mimetype="text/plain")
        response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body = exposition.render(current_app.extensions["queues"],
                             current_app.config.get("PROMETHEUS_MULTIPROC_DIR") or None)
    return Response(body, mimetype=CONTENT_TYPE_LATEST.split(";")[0],
                    headers={"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"})
