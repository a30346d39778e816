"""Typed product records and how they are read out of GraphQL answers."""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class ProductFields:
    """Which parts of a product to fetch; each costly part is opt-in.

    ``metafield`` is a ``(namespace, key)`` pair. The ``*_first`` limits bound
    the nested connections of paged reads (bulk reads return everything).
    """

    text: bool = True
    media: bool = False
    variants: bool = False
    collections: bool = False
    metafield: tuple[str, str] | None = None
    media_first: int = 20
    variants_first: int = 20
    collections_first: int = 10

    def variables(self) -> dict[str, Any]:
        """The ``$withX`` / ``$xFirst`` variables of ``fragments/ProductFields``."""
        namespace, key = self.metafield or (None, "")
        return {
            "withText": self.text, "withMedia": self.media, "withVariants": self.variants,
            "withCollections": self.collections, "withMetafield": self.metafield is not None,
            "mediaFirst": self.media_first, "variantsFirst": self.variants_first,
            "collectionsFirst": self.collections_first,
            "metafieldNamespace": namespace, "metafieldKey": key,
        }

    def union(self, other: ProductFields) -> ProductFields:
        """Fields needed by both (``other``'s metafield wins if both name one)."""
        return replace(self, text=self.text or other.text, media=self.media or other.media,
                       variants=self.variants or other.variants,
                       collections=self.collections or other.collections,
                       metafield=other.metafield or self.metafield)


@dataclass(frozen=True)
class MediaImage:
    id: str
    alt: str | None
    url: str | None
    width: int | None
    height: int | None


@dataclass(frozen=True)
class Variant:
    id: str
    sku: str | None
    price: str | None
    title: str | None
    options: tuple[tuple[str, str], ...] = ()
    product_id: str | None = None
    product_title: str | None = None
    compare_at_price: str | None = None
    # Read by the SKU lookup (catalogs); None where a read did not ask for them.
    barcode: str | None = None
    image_url: str | None = None
    product_vendor: str | None = None
    product_type: str | None = None
    product_description: str | None = None
    product_image_url: str | None = None


@dataclass(frozen=True)
class CollectionRef:
    id: str
    title: str
    handle: str


@dataclass(frozen=True)
class MetafieldValue:
    id: str | None
    namespace: str
    key: str
    type: str | None
    value: str | None
    compare_digest: str | None


@dataclass(frozen=True)
class Product:
    """A product as read; parts that were not fetched are ``None``."""

    id: str
    title: str
    handle: str
    status: str
    vendor: str
    product_type: str
    tags: tuple[str, ...]
    updated_at: str | None
    description_html: str | None = None
    seo_title: str | None = None
    seo_description: str | None = None
    media: tuple[MediaImage, ...] | None = None
    variants: tuple[Variant, ...] | None = None
    collections: tuple[CollectionRef, ...] | None = None
    metafield: MetafieldValue | None = None

    @property
    def numeric_id(self) -> int:
        return numeric_id(self.id)

    @property
    def has_description(self) -> bool:
        return bool(plain_text(self.description_html or ""))

    @property
    def images_missing_alt(self) -> tuple[MediaImage, ...]:
        return tuple(m for m in self.media or () if not (m.alt or "").strip())


_TAG = re.compile(r"<[^>]*>")


def plain_text(markup: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def numeric_id(gid: str) -> int:
    """``gid://shopify/Product/123`` → ``123``."""
    tail = gid.rsplit("/", 1)[-1].split("?", 1)[0]
    if not (tail.isascii() and tail.isdigit()):  # int() also reads "²" and "١"
        raise ValueError(f"not a Shopify global id: {gid!r}")
    return int(tail)


def connection_nodes(connection: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The elements of a connection read with ``nodes`` or ``edges { node }``."""
    if not connection:
        return []
    if "nodes" in connection:
        return [n for n in connection["nodes"] or () if n]
    return [e["node"] for e in connection.get("edges") or () if e and e.get("node")]


def media_from(raw: Mapping[str, Any]) -> MediaImage:
    image = raw.get("image") or {}
    return MediaImage(id=raw["id"], alt=raw.get("alt"), url=image.get("url"),
                      width=image.get("width"), height=image.get("height"))


def variant_from(raw: Mapping[str, Any]) -> Variant:
    product = raw.get("product") or {}
    options = tuple((o["name"], o["value"]) for o in raw.get("selectedOptions") or ())
    featured = (product.get("featuredMedia") or {}).get("image") or {}
    return Variant(id=raw["id"], sku=raw.get("sku"), price=raw.get("price"),
                   title=raw.get("title"), options=options,
                   product_id=product.get("id"), product_title=product.get("title"),
                   compare_at_price=raw.get("compareAtPrice"),
                   barcode=raw.get("barcode"), image_url=_variant_image_url(raw),
                   product_vendor=product.get("vendor"), product_type=product.get("productType"),
                   product_description=product.get("description"),
                   product_image_url=featured.get("url"))


def _variant_image_url(raw: Mapping[str, Any]) -> str | None:
    for media in connection_nodes(raw.get("media")):
        url = (media.get("image") or {}).get("url")
        if url:
            return url
    return None


def collection_from(raw: Mapping[str, Any]) -> CollectionRef:
    return CollectionRef(id=raw["id"], title=raw.get("title", ""), handle=raw.get("handle", ""))


def metafield_from(raw: Mapping[str, Any] | None) -> MetafieldValue | None:
    if not raw:
        return None
    return MetafieldValue(id=raw.get("id"), namespace=raw.get("namespace", ""),
                          key=raw.get("key", ""), type=raw.get("type"),
                          value=raw.get("value"), compare_digest=raw.get("compareDigest"))


def product_from(raw: Mapping[str, Any], *,
                 media: Iterable[Mapping[str, Any]] | None = None,
                 variants: Iterable[Mapping[str, Any]] | None = None,
                 collections: Iterable[Mapping[str, Any]] | None = None) -> Product:
    """Build a :class:`Product` from a ``ProductFields`` selection.

    Nested connections are read from ``raw`` unless given separately (bulk
    results deliver them as their own lines).
    """
    def nested(name: str, given: Iterable[Mapping[str, Any]] | None) -> list | None:
        if given is not None:
            return list(given)
        return connection_nodes(raw[name]) if name in raw else None

    seo = raw.get("seo") or {}
    media_raw = nested("media", media)
    variants_raw = nested("variants", variants)
    collections_raw = nested("collections", collections)
    return Product(
        id=raw["id"], title=raw.get("title", ""), handle=raw.get("handle", ""),
        status=raw.get("status", ""), vendor=raw.get("vendor", ""),
        product_type=raw.get("productType", ""), tags=tuple(raw.get("tags") or ()),
        updated_at=raw.get("updatedAt"), description_html=raw.get("descriptionHtml"),
        seo_title=seo.get("title"), seo_description=seo.get("description"),
        media=(tuple(media_from(m) for m in media_raw if m.get("id", "").startswith(
            "gid://shopify/MediaImage/")) if media_raw is not None else None),
        variants=tuple(variant_from(v) for v in variants_raw) if variants_raw is not None
        else None,
        collections=tuple(collection_from(c) for c in collections_raw)
        if collections_raw is not None else None,
        metafield=metafield_from(raw.get("metafield")),
    )
