"""SKU rows → the variants they name: a bulk query for long lists, else batched reads."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from shopify_app.shopify import Variant
from shopify_app.shopify.sku_lookup import lookup_variants

# Rows resolved per round: bounded, so a 5,000-row job stores its first items early, and
# large enough that a 1,000-row job is one bulk query.
ROUND = 1_000


def describe(variant: Variant) -> str:
    label = variant.product_title or "a product"
    if variant.title and variant.title != "Default Title":
        label += f" / {variant.title}"
    return label


def variant_record(variant: Variant) -> dict[str, Any]:
    options = [(name, value) for name, value in variant.options
               if not (name == "Title" and value == "Default Title")]
    return {"variant_id": variant.id, "product_id": variant.product_id,
            "title": variant.product_title or "", "variant_title":
                "" if variant.title == "Default Title" else (variant.title or ""),
            "options": ", ".join(f"{name}: {value}" for name, value in options),
            "store_price": variant.price, "barcode": variant.barcode or "",
            "vendor": variant.product_vendor or "", "product_type": variant.product_type or "",
            "product_description": variant.product_description or "",
            "image_url": variant.image_url or variant.product_image_url}


def outcome(sku: str, matches: list[Variant]) -> tuple[dict[str, Any] | None, str | None]:
    """The variant record, or the reason the row cannot be used."""
    if not matches:
        return None, f"SKU {sku} was not found in the store"
    if len(matches) > 1:
        names = "; ".join(describe(v) for v in matches[:3])
        more = f" and {len(matches) - 3} more" if len(matches) > 3 else ""
        return None, (f"SKU {sku} matches {len(matches)} variants ({names}{more}); "
                      "give each variant its own SKU in Shopify")
    return variant_record(matches[0]), None


def resolve(client: Any, skus: Iterable[str], image_size: int | None = None
            ) -> dict[str, tuple[dict[str, Any] | None, str | None]]:
    found = lookup_variants(client, skus, image_size=image_size)
    return {sku: outcome(sku, matches) for sku, matches in found.items()}
