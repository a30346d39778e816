"""What each resource's `query:` fields and `sortKey` values mean in the sandbox.

Field names follow the tables in the `query` argument descriptions of the
Admin schema; only the fields listed here are honoured, any other is ignored
with a search warning, as Shopify does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .ids import parse_gid
from .search_syntax import (
    Matcher,
    compare_number,
    compare_time,
    match_any,
    match_bool,
    match_list,
    match_text,
)

if TYPE_CHECKING:
    from .state import ShopStore

SortValue = Callable[[dict[str, Any]], Any]


def _num(value: str) -> float:
    parsed = parse_gid(value)
    if parsed is not None:
        return float(parsed[1])
    try:
        return float(value)
    except ValueError:
        return -1.0


def _id_matcher(item: dict[str, Any], op: str, value: str) -> bool:
    return compare_number(item["_n"], op, str(_num(value)))


def total_inventory(product: dict[str, Any]) -> int:
    return sum(int(v.get("inventoryQuantity") or 0) for v in product["variants"])


def _metafield_matcher(item: dict[str, Any], op: str, combined: str) -> bool:
    name, _, value = combined.partition("=")
    parts = name.split(".")
    if len(parts) != 3:
        return False
    _, namespace, key = parts
    for metafield in item.get("metafields", ()):
        if metafield["namespace"] == namespace and metafield["key"] == key:
            return match_text(metafield["value"], value, exact=True)
    return False


METAFIELD_PREFIX: dict[str, Matcher] = {"metafields.": _metafield_matcher}


def product_fields() -> dict[str, Matcher]:
    def skus(p: dict[str, Any]) -> list[str | None]:
        return [v.get("sku") for v in p["variants"]]

    return {
        "id": _id_matcher,
        "title": lambda p, op, v: match_text(p["title"], v),
        "handle": lambda p, op, v: match_list(p["handle"], v),
        "vendor": lambda p, op, v: match_text(p["vendor"], v, exact=True),
        "product_type": lambda p, op, v: match_list(p["productType"], v),
        "status": lambda p, op, v: match_list(p["status"], v),
        "tag": lambda p, op, v: match_any(p["tags"], v),
        "tag_not": lambda p, op, v: not match_any(p["tags"], v),
        "sku": lambda p, op, v: match_any(skus(p), v),
        "barcode": lambda p, op, v: match_any((x.get("barcode") for x in p["variants"]), v),
        "variant_id": lambda p, op, v: any(x["_n"] == _num(v) for x in p["variants"]),
        "variant_title": lambda p, op, v: match_any((x["title"] for x in p["variants"]), v),
        "price": lambda p, op, v: any(
            compare_number(float(x["price"]), op, v) for x in p["variants"]
        ),
        "inventory_total": lambda p, op, v: compare_number(total_inventory(p), op, v),
        "created_at": lambda p, op, v: compare_time(p["createdAt"], op, v),
        "updated_at": lambda p, op, v: compare_time(p["updatedAt"], op, v),
        "published_at": lambda p, op, v: compare_time(p.get("publishedAt"), op, v),
        "collection_id": lambda p, op, v: _num(v) in p["_collections"],
        "gift_card": lambda p, op, v: match_bool(False, v),
        "has_only_default_variant": lambda p, op, v: match_bool(_only_default(p), v),
        "out_of_stock_somewhere": lambda p, op, v: match_bool(
            any(int(x.get("inventoryQuantity") or 0) <= 0 for x in p["variants"]), v
        ),
        "is_price_reduced": lambda p, op, v: match_bool(_price_reduced(p), v),
    }


def product_default(p: dict[str, Any], op: str, value: str) -> bool:
    fields = [p["title"], p["vendor"], p["productType"], p["handle"], *p["tags"]]
    fields += [x.get("sku") for x in p["variants"]]
    return any(match_text(f, value) for f in fields if f)


def _only_default(p: dict[str, Any]) -> bool:
    return len(p["variants"]) == 1 and p["variants"][0]["title"] == "Default Title"


def _price_reduced(p: dict[str, Any]) -> bool:
    return any(
        x.get("compareAtPrice") and float(x["compareAtPrice"]) > float(x["price"])
        for x in p["variants"]
    )


def variant_fields(shop: ShopStore) -> dict[str, Matcher]:
    def product(v: dict[str, Any]) -> dict[str, Any]:
        return shop.products.get(v["_product_id"]) or {"tags": [], "_collections": []}

    return {
        "id": _id_matcher,
        "sku": lambda v, op, x: match_text(v.get("sku"), x, exact=True),
        "barcode": lambda v, op, x: match_text(v.get("barcode"), x, exact=True),
        "title": lambda v, op, x: match_text(v["title"], x),
        "product_id": lambda v, op, x: compare_number(v["_product_id"], op, str(_num(x))),
        "product_ids": lambda v, op, x: any(v["_product_id"] == _num(i) for i in x.split(",")),
        "product_status": lambda v, op, x: match_list(product(v).get("status"), x),
        "product_type": lambda v, op, x: match_list(product(v).get("productType"), x),
        "vendor": lambda v, op, x: match_text(product(v).get("vendor"), x, exact=True),
        "tag": lambda v, op, x: match_any(product(v)["tags"], x),
        "tag_not": lambda v, op, x: not match_any(product(v)["tags"], x),
        "collection": lambda v, op, x: _num(x) in product(v)["_collections"],
        "updated_at": lambda v, op, x: compare_time(v["updatedAt"], op, x),
        "inventory_quantity": lambda v, op, x: compare_number(v.get("inventoryQuantity"), op, x),
        "taxable": lambda v, op, x: match_bool(bool(v.get("taxable", True)), x),
        "gift_card": lambda v, op, x: match_bool(False, x),
        "managed": lambda v, op, x: match_bool(True, x),
    }


def variant_default(shop: ShopStore) -> Matcher:
    def match(v: dict[str, Any], op: str, value: str) -> bool:
        product = shop.products.get(v["_product_id"]) or {}
        fields = [v.get("sku"), v["title"], v.get("barcode"), product.get("title")]
        return any(match_text(f, value) for f in fields if f)

    return match


def collection_fields() -> dict[str, Matcher]:
    return {
        "id": _id_matcher,
        "title": lambda c, op, v: match_text(c["title"], v),
        "handle": lambda c, op, v: match_list(c["handle"], v),
        "collection_type": lambda c, op, v: match_text("custom", v, exact=True),
        "product_id": lambda c, op, v: _num(v) in c["_product_ids"],
        "updated_at": lambda c, op, v: compare_time(c["updatedAt"], op, v),
        "published_at": lambda c, op, v: compare_time(c.get("publishedAt"), op, v),
    }


def collection_default(c: dict[str, Any], op: str, value: str) -> bool:
    return match_text(c["title"], value) or match_text(c["handle"], value)


def bulk_operation_fields() -> dict[str, Matcher]:
    return {
        "id": _id_matcher,
        "status": lambda b, op, v: match_list(b["status"], v),
        "operation_type": lambda b, op, v: match_list(b["type"], v),
        "created_at": lambda b, op, v: compare_time(b["createdAt"], op, v),
    }


def _ci(key: str) -> SortValue:
    return lambda item: (item.get(key) or "").casefold()


def _plain(key: str, empty: Any = "") -> SortValue:
    return lambda item: item.get(key) if item.get(key) is not None else empty


def _price(p: dict[str, Any]) -> float:
    return min((float(v["price"]) for v in p["variants"]), default=0.0)


PRODUCT_SORT: dict[str, SortValue] = {
    "ID": lambda p: p["_n"],
    "RELEVANCE": lambda p: p["_n"],
    "TITLE": _ci("title"),
    "PRODUCT_TYPE": _ci("productType"),
    "VENDOR": _ci("vendor"),
    "CREATED_AT": _plain("createdAt"),
    "UPDATED_AT": _plain("updatedAt"),
    "PUBLISHED_AT": _plain("publishedAt"),
    "INVENTORY_TOTAL": total_inventory,
}

# Collection.products: the collection's own order unless a key says otherwise.
COLLECTION_PRODUCT_SORT: dict[str, SortValue | None] = {
    "COLLECTION_DEFAULT": None,
    "MANUAL": None,
    "BEST_SELLING": None,
    "RELEVANCE": None,
    "ID": lambda p: p["_n"],
    "TITLE": _ci("title"),
    "CREATED": _plain("createdAt"),
    "PRICE": _price,
}

VARIANT_SORT: dict[str, SortValue] = {
    "ID": lambda v: v["_n"],
    "RELEVANCE": lambda v: v["_n"],
    "POPULAR": lambda v: v["_n"],
    "SKU": _ci("sku"),
    "TITLE": _ci("title"),
    "NAME": _ci("title"),
    "FULL_TITLE": _ci("displayName"),
    "POSITION": lambda v: (v["_product_id"], v["position"]),
    "INVENTORY_QUANTITY": _plain("inventoryQuantity", 0),
    "INVENTORY_LEVELS_AVAILABLE": _plain("inventoryQuantity", 0),
}

COLLECTION_SORT: dict[str, SortValue] = {
    "ID": lambda c: c["_n"],
    "RELEVANCE": lambda c: c["_n"],
    "TITLE": _ci("title"),
    "UPDATED_AT": _plain("updatedAt"),
}

BULK_SORT: dict[str, SortValue] = {
    "CREATED_AT": _plain("createdAt"),
    "COMPLETED_AT": _plain("completedAt"),
}
