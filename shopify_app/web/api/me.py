"""GET /api/me: the shop and staff member behind the session token."""
from __future__ import annotations

from flask import g, jsonify
from werkzeug.wrappers import Response

from shopify_app.auth.current import require_role
from shopify_app.web.api import bp


@bp.get("/me")
@require_role("read")
def me() -> Response:
    return jsonify({"data": {
        "shop": g.shop.domain,
        "shop_name": g.shop.name,
        "user_id": g.staff.shopify_user_id,
        "role": g.staff.role,
    }})
