"""Small read-throughs to Shopify for the pages: scope counts, product and collection search."""
from __future__ import annotations

import json
from typing import Any

from shopify_app.errors import ApiError, ValidationError
from shopify_app.models import Shop
from shopify_app.shopify import (
    ScopeError,
    ShopifyError,
    count_scope,
    plan_scope,
    search_collections,
    search_products,
)
from shopify_app.shopify_access import client_for


def _shopify_failure(exc: ShopifyError) -> ApiError:
    status = 429 if type(exc).__name__ == "ThrottledError" else 503
    return ApiError(status, f"Shopify could not answer just now: {exc}")


def parse_scope(raw: str | None, field: str | None) -> dict[str, Any]:
    try:
        scope = json.loads(raw) if raw else {"type": "all"}
    except (ValueError, RecursionError) as exc:
        raise ValidationError([("scope", "scope must be JSON, e.g. {\"type\":\"all\"}")]) from exc
    if not isinstance(scope, dict):
        raise ValidationError([("scope", "scope must be a JSON object")])
    if scope.get("type") == "missing" and "field" not in scope and field:
        scope["field"] = field
    try:
        plan_scope(scope)
    except (ScopeError, ValueError) as exc:
        raise ValidationError([("scope", f"scope is not valid: {exc}")]) from exc
    return scope


def scope_count(shop: Shop, scope: dict[str, Any]) -> dict[str, Any]:
    """How many products a scope covers; `exact` is false for an upper bound."""
    try:
        counted = count_scope(client_for(shop.domain), scope, limit=100_000)
    except ShopifyError as exc:
        raise _shopify_failure(exc) from exc
    return {"count": counted.count, "exact": counted.exact and not counted.upper_bound}


def products(shop: Shop, text: str | None) -> list[dict[str, Any]]:
    try:
        return search_products(client_for(shop.domain), text, limit=25)
    except ShopifyError as exc:
        raise _shopify_failure(exc) from exc


def collections(shop: Shop, text: str | None) -> list[dict[str, Any]]:
    try:
        found = search_collections(client_for(shop.domain), text, limit=50)
    except ShopifyError as exc:
        raise _shopify_failure(exc) from exc
    return [{"id": c.id, "title": c.title, "handle": c.handle} for c in found]
