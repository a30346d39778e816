"""Scope counts, product and collection search (pages outside Shopify admin), monitor."""
from __future__ import annotations

from flask import g, jsonify, request
from werkzeug.wrappers import Response

from shopify_app import catalog_lookup, monitor
from shopify_app.auth.current import require_role
from shopify_app.web.api import bp


@bp.get("/scope/count")
@require_role("read")
def scope_count() -> Response:
    field = request.args.get("field")
    scope = catalog_lookup.parse_scope(request.args.get("scope"), field)
    return jsonify({"data": catalog_lookup.scope_count(g.shop, scope, field)})


@bp.get("/products")
@require_role("read")
def products() -> Response:
    found = catalog_lookup.products(g.shop, (request.args.get("q") or "")[:200])
    return jsonify({"data": found, "meta": {"results": {"total": len(found)},
                                            "next_cursor": None}})


@bp.get("/collections")
@require_role("read")
def collections() -> Response:
    found = catalog_lookup.collections(g.shop, (request.args.get("q") or "")[:200])
    return jsonify({"data": found, "meta": {"results": {"total": len(found)},
                                            "next_cursor": None}})


@bp.get("/monitor")
@require_role("read")
def monitor_view() -> Response:
    from shopify_app.catalogs.catalogs import catalog_kpis

    return jsonify({"data": {"kpis": monitor.kpis(g.shop), "catalogs": catalog_kpis(g.shop),
                             "recent": monitor.recent_activity(g.shop)}})
