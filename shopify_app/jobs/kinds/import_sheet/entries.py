"""The index's copy of a product as read: only what an import compares and names, as
tuples (no dict per object), so the index of a 50,000-row file stays small."""
from __future__ import annotations

from typing import Any, NamedTuple


class VariantEntry(NamedTuple):
    id: str
    sku: str | None
    price: str | None
    compare_at_price: str | None
    title: str | None
    options: tuple[tuple[str, str], ...]


class ImageEntry(NamedTuple):
    id: str
    alt: str | None
    url: str | None


class ProductEntry(NamedTuple):
    id: str
    title: str
    handle: str
    status: str
    vendor: str
    product_type: str
    tags: tuple[str, ...]
    description_html: str | None
    seo_title: str | None
    seo_description: str | None
    media: tuple[ImageEntry, ...] | None
    variants: tuple[VariantEntry, ...] | None


def compact(product: Any) -> ProductEntry:
    """A shopify.Product (parts not read stay None) → its entry."""
    media = (None if product.media is None else
             tuple(ImageEntry(m.id, m.alt, m.url) for m in product.media))
    variants = (None if product.variants is None else
                tuple(VariantEntry(v.id, v.sku, v.price, v.compare_at_price, v.title,
                                   tuple(v.options)) for v in product.variants))
    return ProductEntry(product.id, product.title, product.handle, product.status,
                        product.vendor, product.product_type, tuple(product.tags or ()),
                        product.description_html, product.seo_title, product.seo_description,
                        media, variants)
