"""``productVariantsBulkUpdate``: prices and a few plain variant fields.

Answers like Shopify: userErrors carry a ``field`` path with the variant's
index (``["variants", "0", "price"]``) and a code; without
``allowPartialUpdates`` one refused variant keeps every variant of the call
unchanged.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from .ids import now_iso, parse_gid
from .mutations import emit_product
from .state import ExecContext, ShopStore

MAX_VARIANTS = 250
MAX_PRICE = Decimal("1000000000000000000")
_PLAIN_FIELDS = ("barcode", "taxable", "inventoryPolicy")
_CENTS = Decimal("0.01")


def _error(field: list[str], message: str, code: str) -> dict[str, Any]:
    return {"field": field, "message": message, "code": code}


def money(value: Any) -> str | None:
    """Shopify's Money string for a Decimal input (``"12.9"`` → ``"12.90"``)."""
    if value is None:
        return None
    return str(Decimal(str(value)).quantize(_CENTS))


def _price_error(index: int, key: str, value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    label = "Price" if key == "price" else "Compare at price"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return _error(["variants", str(index), key], f"{label} is invalid", "INVALID_INPUT")
    if not number.is_finite() or number >= MAX_PRICE:
        return _error(["variants", str(index), key], f"{label} is invalid", "INVALID_INPUT")
    if number < 0:
        return _error(["variants", str(index), key],
                      f"{label} must be greater than or equal to 0", "NEGATIVE_PRICE_VALUE")
    return None


def _variant_errors(shop: ShopStore, product: dict[str, Any], index: int,
                    entry: dict[str, Any]) -> list[dict[str, Any]]:
    variant_id = entry.get("id")
    if not variant_id:
        return [_error(["variants", str(index), "id"], "Product variant is missing ID attribute",
                       "PRODUCT_VARIANT_ID_MISSING")]
    variant = shop.lookup(variant_id) if (parse_gid(variant_id) or ("",))[0] == \
        "ProductVariant" else None
    if variant is None:
        return [_error(["variants", str(index), "id"], "Product variant does not exist",
                       "PRODUCT_VARIANT_DOES_NOT_EXIST")]
    if variant["_product_id"] != product["_n"]:
        return [_error(["variants", str(index), "id"],
                       "Product variant does not belong to this product",
                       "MUST_BE_FOR_THIS_PRODUCT")]
    return [e for e in (_price_error(index, "price", entry.get("price")),
                        _price_error(index, "compareAtPrice", entry.get("compareAtPrice")))
            if e]


def _apply(ctx: ExecContext, variant: dict[str, Any], entry: dict[str, Any]) -> bool:
    changes: dict[str, Any] = {}
    if entry.get("price") is not None and money(entry["price"]) != variant.get("price"):
        changes["price"] = money(entry["price"])
    if "compareAtPrice" in entry and money(entry["compareAtPrice"]) != variant.get(
            "compareAtPrice"):
        changes["compareAtPrice"] = money(entry["compareAtPrice"])
    for key in _PLAIN_FIELDS:
        if entry.get(key) is not None and entry[key] != variant.get(key):
            changes[key] = entry[key]
    if changes:
        variant.update(changes)
        variant["updatedAt"] = now_iso()
    ctx.shop.record_write("productVariantsBulkUpdate", variant["id"], changes, ctx.via,
                          bool(changes))
    return bool(changes)


def product_variants_bulk_update(ctx: ExecContext, args: dict[str, Any]) -> dict[str, Any]:
    shop = ctx.shop
    entries = list(args.get("variants") or [])
    if len(entries) > MAX_VARIANTS:
        return {"product": None, "productVariants": None, "userErrors": [_error(
            ["variants"], f"At most {MAX_VARIANTS} variants per call", "INVALID_INPUT")]}
    with shop.lock:
        product_id = args.get("productId") or ""
        product = shop.lookup(product_id) if (parse_gid(product_id) or ("",))[0] == \
            "Product" else None
        if product is None:
            return {"product": None, "productVariants": None, "userErrors": [_error(
                ["productId"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")]}
        errors_by_index = {i: _variant_errors(shop, product, i, e) for i, e in enumerate(entries)}
        errors = [e for found in errors_by_index.values() for e in found]
        if errors and not args.get("allowPartialUpdates"):
            return {"product": product, "productVariants": None, "userErrors": errors}
        saved, changed = [], False
        for index, entry in enumerate(entries):
            if errors_by_index[index]:
                continue
            variant = shop.lookup(entry["id"])
            changed = _apply(ctx, variant, entry) or changed
            saved.append(variant)
        if changed:
            product["updatedAt"] = now_iso()
    if changed:
        emit_product(ctx, product)
    return {"product": product, "productVariants": saved, "userErrors": errors}


RESOLVERS = {"productVariantsBulkUpdate": product_variants_bulk_update}
