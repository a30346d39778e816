"""Product scopes (what a job works on) → how to read them.

A scope is a small dict chosen by the merchant::

    {"type": "all"}
    {"type": "collection", "id": "gid://shopify/Collection/1"}
    {"type": "tag" | "vendor" | "product_type", "value": "Summer sale"}
    {"type": "status", "value": "active"}          # or a list of statuses
    {"type": "products", "ids": ["gid://shopify/Product/1", ...]}
    {"type": "missing", "field": "description" | "seo_title" | "seo_description" | "alt_text"}

Search syntax narrows what Shopify sends; a local filter then keeps exactly
what the scope means (search matching is looser than equality, and "missing
alt text" cannot be searched at all).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .bulk import iter_products_bulk
from .client import AdminClient
from .errors import BulkAccessDeniedError
from .products import Product, ProductFields, numeric_id
from .reads import TEXT_FIELDS, ProductCount, count_products, iter_products, iter_products_by_ids
from .search import any_of, raw_term, term

BULK_THRESHOLD = 2000
STATUSES = ("active", "draft", "archived", "unlisted")
MISSING_FIELDS = ("description", "seo_title", "seo_description", "alt_text")
_VALUE_SCOPES = {"tag": "tag", "vendor": "vendor", "product_type": "product_type"}


class ScopeError(ValueError):
    """The scope dict is not one this module understands."""


@dataclass(frozen=True)
class ReadPlan:
    """How to read a scope: a search ``query`` (None = every product) or
    explicit ``ids``, extra ``fields`` the filter needs, and a local filter."""

    query: str | None = None
    ids: tuple[str, ...] | None = None
    fields: ProductFields = ProductFields(text=False)
    keep: Callable[[Product], bool] | None = None

    def matches(self, product: Product) -> bool:
        return self.keep is None or self.keep(product)


def _gid(value: Any, kind: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ScopeError(f"not a {kind} id: {repr(value)[:60]}")
    text = str(value).strip()
    if text.isascii() and text.isdigit():
        return f"gid://shopify/{kind}/{text}"
    if text.startswith(f"gid://shopify/{kind}/"):
        numeric_id(text)  # raises on a malformed id
        return text
    raise ScopeError(f"not a {kind} id: {repr(value)[:60]}")


def _same(a: str | None, b: str) -> bool:
    return (a or "").strip().casefold() == b.strip().casefold()


def _blank(value: str | None) -> bool:
    return not (value or "").strip()


_MISSING: dict[str, tuple[ProductFields, Callable[[Product], bool]]] = {
    "description": (ProductFields(text=True), lambda p: not p.has_description),
    "seo_title": (ProductFields(text=True), lambda p: _blank(p.seo_title)),
    "seo_description": (ProductFields(text=True), lambda p: _blank(p.seo_description)),
    "alt_text": (ProductFields(text=False, media=True), lambda p: bool(p.images_missing_alt)),
}


def plan_scope(scope: Mapping[str, Any]) -> ReadPlan:
    """Translate a scope dict into a :class:`ReadPlan` (raises :class:`ScopeError`)."""
    kind = scope.get("type")
    if not isinstance(kind, str):  # a list or object here would not even be hashable
        raise ScopeError("scope type must be text such as \"all\" or \"tag\"")
    if kind == "all":
        return ReadPlan()
    if kind == "collection":
        return ReadPlan(query=raw_term("collection_id",
                                       numeric_id(_gid(scope.get("id"), "Collection"))))
    if kind in _VALUE_SCOPES:
        value = scope.get("value")
        if not isinstance(value, str) or not value.strip():
            raise ScopeError(f"{kind} scope needs a non-empty value")
        value = value.strip()
        attribute = {"tag": None, "vendor": "vendor", "product_type": "product_type"}[kind]
        keep: Callable[[Product], bool] = (
            (lambda p: any(_same(t, value) for t in p.tags)) if attribute is None
            else (lambda p: _same(getattr(p, attribute), value)))
        return ReadPlan(query=term(_VALUE_SCOPES[kind], value), keep=keep)
    if kind == "status":
        raw = scope.get("value")
        values = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        statuses = [v.strip().lower() for v in values if isinstance(v, str)]
        if not statuses or len(statuses) != len(values) or any(
                s not in STATUSES for s in statuses):
            raise ScopeError(f"status must be one of {', '.join(STATUSES)}")
        wanted = {s.upper() for s in statuses}
        return ReadPlan(query=raw_term("status", ",".join(statuses)),
                        keep=lambda p: p.status in wanted)
    if kind == "products":
        ids = scope.get("ids")
        if not isinstance(ids, list | tuple) or not ids:
            raise ScopeError("products scope needs a non-empty list of ids")
        return ReadPlan(ids=tuple(dict.fromkeys(_gid(i, "Product") for i in ids)))
    if kind == "missing":
        field = scope.get("field")
        if not isinstance(field, str) or field not in _MISSING:
            raise ScopeError(f"missing scope field must be one of {', '.join(MISSING_FIELDS)}")
        fields, keep = _MISSING[field]
        return ReadPlan(fields=fields, keep=keep)
    raise ScopeError(f"unknown scope type {kind[:40]!r}")


def scope_query(scope: Mapping[str, Any]) -> str | None:
    """Just the search string of a scope (None for "every product")."""
    plan = plan_scope(scope)
    if plan.ids is not None:
        return any_of(raw_term("id", numeric_id(i)) for i in plan.ids)
    return plan.query


def count_scope(client: AdminClient, scope: Mapping[str, Any], *,
                limit: int | None = None) -> ProductCount:
    """How many products the scope covers (an upper bound when a local filter
    still applies, e.g. "missing alt text")."""
    plan = plan_scope(scope)
    if plan.ids is not None:
        return ProductCount(count=len(plan.ids), exact=True, upper_bound=True)
    counted = count_products(client, plan.query, limit=limit)
    return ProductCount(count=counted.count, exact=counted.exact,
                        upper_bound=plan.keep is not None)


def scope_size_hint(client: AdminClient, scope: Mapping[str, Any]) -> int:
    """About how many products reading ``scope`` goes through, cheaply: the ids of an
    explicit list, or one count capped just above ``BULK_THRESHOLD`` (about one point).
    An upper bound when a local filter still applies ("missing alt text"), which is
    what reading costs anyway."""
    return count_scope(client, scope, limit=BULK_THRESHOLD + 1).count


def iter_scope(client: AdminClient, scope: Mapping[str, Any],
               fields: ProductFields = TEXT_FIELDS, *, bulk_threshold: int = BULK_THRESHOLD,
               use_bulk: bool = True) -> Iterator[Product]:
    """Every product of ``scope`` with ``fields`` (plus what the filter needs).

    Scopes above ``bulk_threshold`` products are read with one bulk query,
    smaller ones (or all, when bulk access is denied) page by page.
    """
    plan = plan_scope(scope)
    wanted = fields.union(plan.fields)
    if plan.ids is not None:
        source: Iterator[Product] = iter_products_by_ids(client, plan.ids, wanted)
    else:
        source = iter_products(client, query=plan.query, fields=wanted)
        if use_bulk:
            size = count_products(client, plan.query, limit=bulk_threshold + 1)
            if size.count > bulk_threshold:
                source = _bulk_or_paged(client, plan.query, wanted)
    for product in source:
        if plan.matches(product):
            yield product


def _bulk_or_paged(client: AdminClient, query: str | None,
                   fields: ProductFields) -> Iterator[Product]:
    yielded = False
    try:
        for product in iter_products_bulk(client, query, fields):
            yielded = True
            yield product
    except BulkAccessDeniedError:
        if yielded:  # never read a product twice
            raise
        yield from iter_products(client, query=query, fields=fields)
