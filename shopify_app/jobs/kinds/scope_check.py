"""Refuse a job whose scope matches nothing, in a sentence the merchant can act on."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from shopify_app.errors import ApiError
from shopify_app.jobs.errors import InvalidInput

FIELD_WORDS = {"description": "a description", "seo_title": "an SEO title",
               "seo_description": "a meta description", "alt_text": "alt text on every image"}


def _describe(scope: dict[str, Any]) -> str:
    kind, value = scope.get("type"), scope.get("value")
    if kind == "collection":
        return "No products are in this collection. Pick another collection."
    if kind in ("tag", "vendor", "product_type"):
        what = {"tag": "the tag", "vendor": "the vendor", "product_type": "the product type"}[kind]
        return f"No products have {what} “{value}”. Check the spelling or pick another."
    if kind == "status":
        return "No products have this status. Pick another status."
    if kind == "missing":
        words = FIELD_WORDS.get(scope.get("field") or "", "it")
        return f"Every product in the store already has {words}: there is nothing to fill in."
    return "The store has no products yet. Add products in Shopify, then create the job."


_ALLOW_EMPTY: ContextVar[bool] = ContextVar("shelf_allow_empty_scope", default=False)


@contextmanager
def empty_scope_allowed() -> Iterator[None]:
    """Validate a job template whose scope may match products later (a schedule): an
    empty scope today is not an error there, the run is skipped instead."""
    token = _ALLOW_EMPTY.set(True)
    try:
        yield
    finally:
        _ALLOW_EMPTY.reset(token)


def ensure_scope_matches(shop: Any, scope: dict[str, Any], field: str | None = None) -> None:
    """Raise InvalidInput on `scope` when Shopify says nothing matches it.

    Picked products are taken as given; when Shopify cannot answer, the job is
    created and finds out itself.
    """
    from shopify_app import catalog_lookup

    if scope.get("type") == "products" or _ALLOW_EMPTY.get():
        return
    try:
        counted = catalog_lookup.scope_count(shop, scope, field)
    except ApiError:
        return
    if counted["count"] == 0:
        raise InvalidInput([("scope", _describe(scope))])


def with_names(shop: Any, scope: dict[str, Any]) -> dict[str, Any]:
    """The scope with the names a merchant reads ("Apparel"), kept with the job so its
    pages never show a collection's id. Unchanged when Shopify cannot answer."""
    if scope.get("type") != "collection" or scope.get("title"):
        return scope
    from shopify_app.shopify import ShopifyError, collection_title, plan_scope
    from shopify_app.shopify_access import client_for

    try:
        plan_scope(scope)
        title = collection_title(client_for(shop.domain, interactive=True),
                                 _collection_gid(scope["id"]))
    except (ShopifyError, ApiError, ValueError):
        return scope
    return {**scope, "title": title} if title else scope


def _collection_gid(value: Any) -> str:
    text = str(value).strip()
    return text if text.startswith("gid://") else f"gid://shopify/Collection/{text}"


def scope_problem(scope: Any) -> str:
    """What to do about a scope that is incomplete or malformed, in the form's words."""
    kind = scope.get("type") if isinstance(scope, dict) else None
    if not isinstance(kind, str):  # a list or a number from a hand-made request
        kind = ""
    return {
        "collection": "Pick a collection",
        "tag": "Type a tag",
        "vendor": "Type a vendor",
        "product_type": "Type a product type",
        "status": "Pick a status: active, draft or archived",
        "products": "Pick at least one product",
        "missing": "Pick a field that products are missing",
    }.get(kind, "Pick which products the job covers: all, a collection, a tag, "
                      "a vendor, a product type, a status or products you pick")
