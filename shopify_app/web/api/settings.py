"""GET/PUT /api/settings and the template preview."""
from __future__ import annotations

from flask import g, jsonify
from werkzeug.wrappers import Response

from shopify_app import settings
from shopify_app.auth.current import require_role
from shopify_app.web.api import bp
from shopify_app.web.api.bodies import json_body


@bp.get("/settings")
@require_role("read")
def get_settings() -> Response:
    return jsonify({"data": settings.get_settings(g.shop)})


@bp.put("/settings")
@require_role("admin")
def put_settings() -> Response:
    return jsonify({"data": settings.update_settings(g.shop, json_body(),
                                                     g.staff.shopify_user_id)})


@bp.post("/settings/preview")
@require_role("read")
def preview() -> Response:
    return jsonify({"data": {"text": settings.preview_template(json_body())}})
