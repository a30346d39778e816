"""The index's copy of a product as read: only what an import compares and names, as
tuples (no dict per object), so the index of a 50,000-row file stays small.

Descriptions are most of what the index holds, and a file's values are compared
with them once or twice: long ones are kept compressed and expanded when read.
"""
from __future__ import annotations

import zlib
from typing import Any, NamedTuple

# Shorter texts gain too little for the time compressing them takes.
PACK_FROM = 256
# Lone surrogates, which JSON may carry, survive the round trip through bytes.
_ERRORS = "surrogatepass"


def pack(text: str | None) -> str | bytes | None:
    """A text as kept: compressed when that makes it smaller."""
    if text is None or len(text) < PACK_FROM:
        return text
    packed = zlib.compress(text.encode("utf-8", _ERRORS), 1)
    return packed if len(packed) < len(text) else text


def unpack(value: str | bytes | None) -> str | None:
    if isinstance(value, bytes):
        return zlib.decompress(value).decode("utf-8", _ERRORS)
    return value


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
    packed_description: str | bytes | None  # see pack()
    seo_title: str | None
    packed_seo_description: str | bytes | None
    media: tuple[ImageEntry, ...] | None
    variants: tuple[VariantEntry, ...] | None

    @property
    def description_html(self) -> str | None:
        return unpack(self.packed_description)

    @property
    def seo_description(self) -> str | None:
        return unpack(self.packed_seo_description)


def compact(product: Any, shared: dict[Any, Any]) -> ProductEntry:
    """A shopify.Product (parts not read stay None) → its entry.

    `shared`: one copy of each value many products repeat (status, vendor, type,
    tags, variant titles and options), kept by the index across its products; as
    read, each product has its own copy of every string."""
    one = shared.setdefault

    def common(value: Any) -> Any:
        return value if value is None else one(value, value)

    media = (None if product.media is None else
             tuple(ImageEntry(m.id, m.alt, m.url) for m in product.media))
    variants = (None if product.variants is None else
                tuple(VariantEntry(v.id, v.sku, v.price, v.compare_at_price, common(v.title),
                                   common(tuple((common(name), common(value))
                                                for name, value in v.options)))
                      for v in product.variants))
    return ProductEntry(product.id, product.title, product.handle, common(product.status),
                        common(product.vendor), common(product.product_type),
                        common(tuple(common(tag) for tag in product.tags or ())),
                        pack(product.description_html), product.seo_title,
                        pack(product.seo_description), media, variants)
