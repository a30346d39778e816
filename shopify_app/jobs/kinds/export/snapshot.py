"""A product read from the store ↔ the compact dict an export item keeps, and back into
the spreadsheet library's ExportProduct."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopify_app.shopify import ProductFields
from shopify_app.spreadsheets import ExportImage, ExportProduct, ExportVariant

_VARIANT_COLUMNS = {"variant_id", "sku", "price", "compare_at_price"}
_IMAGE_COLUMNS = {"image_id", "image_position", "image_url", "image_alt"}


def read_fields(columns: list[str], layout: str) -> ProductFields:
    """Only the costly parts the chosen columns need (Shopify's layout needs them all)."""
    wanted = set(columns)
    every = layout == "shopify"
    return ProductFields(text=True, media=every or bool(wanted & _IMAGE_COLUMNS),
                         variants=every or bool(wanted & _VARIANT_COLUMNS),
                         media_first=50, variants_first=100)


def snapshot(product: Any) -> dict[str, Any]:
    """What the export keeps of a product (JSON-ready)."""
    return {
        "id": product.id, "handle": product.handle, "title": product.title,
        "vendor": product.vendor, "product_type": product.product_type,
        "status": product.status, "tags": list(product.tags),
        "description_html": product.description_html, "seo_title": product.seo_title,
        "seo_description": product.seo_description,
        "variants": [{"id": v.id, "sku": v.sku, "price": v.price,
                      "compare_at_price": v.compare_at_price,
                      "options": [list(pair) for pair in v.options]}
                     for v in product.variants or ()],
        "images": [{"id": m.id, "url": m.url, "alt": m.alt} for m in product.media or ()],
    }


def export_product(data: Mapping[str, Any], proposed: Mapping[str, Any] | None = None,
                   proposed_alt: Mapping[str, str] | None = None) -> ExportProduct:
    alts = proposed_alt or {}
    return ExportProduct(
        id=data["id"], handle=data["handle"], title=data.get("title") or "",
        vendor=data.get("vendor") or "", product_type=data.get("product_type") or "",
        status=data.get("status") or "", tags=tuple(data.get("tags") or ()),
        description_html=data.get("description_html"), seo_title=data.get("seo_title"),
        seo_description=data.get("seo_description"),
        variants=tuple(ExportVariant(id=v["id"], sku=v.get("sku"), price=v.get("price"),
                                     compare_at_price=v.get("compare_at_price"),
                                     options=tuple(tuple(p) for p in v.get("options") or ()))
                       for v in data.get("variants") or ()),
        images=tuple(ExportImage(id=m["id"], position=position, url=m.get("url"),
                                 alt=m.get("alt"), proposed_alt=alts.get(m["id"]))
                     for position, m in enumerate(data.get("images") or (), start=1)),
        proposed=proposed or {})
