"""The fields an import writes, and one text form for each value.

Items keep text (`original`, `proposed`), so every value read from the store or
from a file is turned into the same canonical text: prices as Shopify's decimal
strings ("12.90"), tags sorted and joined with ", ", a cleared field as "".
Two values are the same when their canonical texts are (whitespace runs aside).
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from shopify_app.shopify.outcomes import same_value
from shopify_app.spreadsheets import FIELDS, format_price

PRODUCT_FIELDS = ("title", "vendor", "product_type", "status", "tags", "description_html",
                  "seo_title", "seo_description")
PRICE_FIELDS = ("price", "compare_at_price")
IMAGE_FIELDS = ("image_alt",)
IMPORTED = (*PRODUCT_FIELDS, *PRICE_FIELDS, *IMAGE_FIELDS)
# ProductUpdateInput's name for each product field (SEO ones go in `seo`).
PRODUCT_INPUT = {"title": "title", "vendor": "vendor", "product_type": "productType",
                 "status": "status", "tags": "tags", "description_html": "descriptionHtml"}
SEO_INPUT = {"seo_title": "title", "seo_description": "description"}
SEPARATOR = "|"


def label(field: str) -> str:
    return FIELDS[field].label


def canonical_price(value: str | None) -> str:
    if value is None or not str(value).strip():
        return ""
    try:
        return format_price(Decimal(str(value).strip()))
    except InvalidOperation:
        return str(value).strip()


def split_tags(text: str | None) -> list[str]:
    return [tag.strip() for tag in (text or "").split(",") if tag.strip()]


def canonical_tags(tags: Any) -> str:
    """Tags as one text, deduplicated regardless of case and sorted: Shopify keeps no order."""
    items = split_tags(tags) if isinstance(tags, str) else [str(t).strip() for t in tags or ()]
    unique: dict[str, str] = {}
    for tag in items:
        if tag:
            unique.setdefault(tag.casefold(), tag)
    return ", ".join(sorted(unique.values(), key=str.casefold))


def as_text(field: str, value: Any) -> str:
    """A value from a file or the store (None = empty or cleared) → its canonical text."""
    if value is None:
        return ""
    if field == "tags":
        return canonical_tags(value)
    if field in PRICE_FIELDS:
        return canonical_price(value)
    if field == "status":
        return str(value).upper()
    return str(value)


def same(field: str, a: str | None, b: str | None) -> bool:
    if field in PRICE_FIELDS:
        return canonical_price(a) == canonical_price(b)
    if field == "tags":
        return canonical_tags(a or "").casefold() == canonical_tags(b or "").casefold()
    return same_value(a or "", b or "")


def product_value(product: Any, field: str) -> str:
    """A product field's canonical text, from a shopify.Product."""
    raw = {"title": product.title, "vendor": product.vendor,
           "product_type": product.product_type, "status": product.status,
           "tags": product.tags, "description_html": product.description_html,
           "seo_title": product.seo_title, "seo_description": product.seo_description}[field]
    return as_text(field, raw)


def target_key(field: str, target_id: str, product_id: str | None) -> str:
    """What the publisher reads and writes: field, object and (for prices) its product."""
    return SEPARATOR.join((field, target_id, product_id or ""))


def parse_target(key: str) -> tuple[str, str, str]:
    field, target_id, product_id = (key.split(SEPARATOR) + ["", ""])[:3]
    return field, target_id, product_id


def product_input(product_id: str, values: dict[str, str]) -> dict[str, Any]:
    """A ProductUpdateInput setting the given fields (canonical texts; "" clears)."""
    data: dict[str, Any] = {"id": product_id}
    seo: dict[str, str] = {}
    for field, value in values.items():
        if field in SEO_INPUT:
            seo[SEO_INPUT[field]] = value
        elif field == "tags":
            data["tags"] = split_tags(value)
        else:
            data[PRODUCT_INPUT[field]] = value
    if seo:
        data["seo"] = seo
    return data
