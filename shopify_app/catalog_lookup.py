"""Small read-throughs to Shopify for the pages: scope counts, product and collection search."""
from __future__ import annotations

import json
import math
from typing import Any

from shopify_app.errors import ApiError, ValidationError
from shopify_app.jobs.kinds.scope_check import scope_problem
from shopify_app.models import Shop
from shopify_app.shopify import (
    ProductFields,
    ScopeError,
    ShopifyError,
    count_scope,
    iter_scope,
    plan_scope,
    search_collections,
    search_products,
)
from shopify_app.shopify_access import client_for


def _shopify_failure(exc: ShopifyError) -> ApiError:
    if type(exc).__name__ != "ThrottledError":
        return ApiError(503, f"Shopify could not answer just now: {exc}")
    # Every documented 429 says when to come back.
    wait = max(1, math.ceil(getattr(exc, "retry_after", None) or 1))
    return ApiError(429, f"Shopify could not answer just now: {exc}",
                    headers={"Retry-After": str(wait)})


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
        raise ValidationError([("scope", scope_problem(scope))]) from exc
    return scope


# Scopes whose count is an upper bound (a local filter such as "missing alt text") are
# read and filtered up to this many products, so the count shown is the real one.
EXACT_COUNT_LIMIT = 2_000
ALT_FIELDS, NO_TEXT = ProductFields(text=False, media=True), ProductFields(text=False)


def scope_count(shop: Shop, scope: dict[str, Any], field: str | None = None) -> dict[str, Any]:
    """How many products a scope covers, and for alt text how many images need it.

    `exact` is false only for scopes too large to check one by one; `reason` then
    says why the figure is approximate.
    """
    client = client_for(shop.domain, interactive=True)
    per_image = field == "alt_text"
    try:
        counted = count_scope(client, scope, limit=100_000)
        exact = counted.exact and not counted.upper_bound
        if counted.count == 0 or (exact and not per_image):
            return {"count": counted.count, "exact": counted.exact or counted.count == 0}
        if counted.count > EXACT_COUNT_LIMIT:
            return {"count": counted.count, "exact": False,
                    "reason": f"Shelf checks each of these {counted.count:,} products when "
                              "the job runs; the job counts exactly then"}
        products = images = 0
        for product in iter_scope(client, scope, ALT_FIELDS if per_image else NO_TEXT,
                                  use_bulk=False):
            products += 1
            images += len(product.images_missing_alt or ()) if per_image else 0
    except ShopifyError as exc:
        raise _shopify_failure(exc) from exc
    return {"count": products, "exact": True, **({"images": images} if per_image else {})}


def products(shop: Shop, text: str | None) -> list[dict[str, Any]]:
    try:
        return search_products(client_for(shop.domain, interactive=True), text, limit=25)
    except ShopifyError as exc:
        raise _shopify_failure(exc) from exc


def collections(shop: Shop, text: str | None) -> list[dict[str, Any]]:
    try:
        found = search_collections(client_for(shop.domain, interactive=True), text, limit=50)
    except ShopifyError as exc:
        raise _shopify_failure(exc) from exc
    return [{"id": c.id, "title": c.title, "handle": c.handle} for c in found]
