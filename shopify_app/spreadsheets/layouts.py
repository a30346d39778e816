"""Export rows in our own layout or in Shopify admin's product CSV layout.

Both layouts give each product one row, or one row per variant and/or image
when such columns are chosen (variant *n* and image *n* share row *n*, as in
Shopify's file). Product fields are written on a product's first row only;
the keys (id, handle) are on every row so sorting the sheet loses nothing.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from .fields import (
    FIELDS,
    IMAGE,
    PRODUCT,
    PROPOSED_PREFIX,
    SET,
    SHELF_COLUMN_FIELD,
    SHELF_COLUMNS,
    shelf_column,
)

SHELF_NUMERIC = ("price", "compare_at_price", "image_position")
SHOPIFY_HEADERS = (
    "Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Option1 Name", "Option1 Value",
    "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value", "Variant SKU",
    "Variant Price", "Variant Compare At Price", "Image Src", "Image Position", "Image Alt Text",
    "SEO Title", "SEO Description", "Status",
)
SHOPIFY_NUMERIC = ("Variant Price", "Variant Compare At Price", "Image Position")
_VARIANT_COLUMNS = {"variant_id", "sku", "price", "compare_at_price"}
_IMAGE_COLUMNS = {"image_id", "image_position", "image_url", "image_alt"}
_KEY_COLUMNS = {"id", "handle"}
# What an earlier generation job can propose: product text and image alt text.
PROPOSABLE = tuple(name for name, f in FIELDS.items()
                   if f.role == SET and f.level in (PRODUCT, IMAGE))


@dataclass(frozen=True)
class ExportVariant:
    id: str
    sku: str | None = None
    price: str | None = None
    compare_at_price: str | None = None
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ExportImage:
    id: str
    position: int
    url: str | None = None
    alt: str | None = None
    proposed_alt: str | None = None


@dataclass(frozen=True)
class ExportProduct:
    """A product as the export sees it; ``proposed`` maps field names
    (``description_html``…) to an earlier job's proposed values."""

    id: str
    handle: str
    title: str = ""
    vendor: str = ""
    product_type: str = ""
    status: str = ""
    tags: tuple[str, ...] = ()
    description_html: str | None = None
    seo_title: str | None = None
    seo_description: str | None = None
    variants: tuple[ExportVariant, ...] = ()
    images: tuple[ExportImage, ...] = ()
    proposed: Mapping[str, Any] = field(default_factory=dict)


def check_columns(columns: Sequence[str], proposed: Sequence[str] = ()) -> None:
    """Raise ``ValueError`` naming any unknown column or proposed field."""
    unknown = [c for c in columns if c not in SHELF_COLUMNS]
    unknown += [f"{PROPOSED_PREFIX}{p}" for p in proposed if p not in PROPOSABLE]
    if unknown:
        raise ValueError(f"Unknown export columns: {', '.join(unknown)}")


def shelf_headers(columns: Sequence[str], proposed: Sequence[str] = ()) -> list[str]:
    """Column names in our layout; each ``proposed_X`` follows its column ``X``."""
    check_columns(columns, proposed)
    headers: list[str] = []
    for column in columns:
        headers.append(column)
        name = SHELF_COLUMN_FIELD.get(column, column)
        if name in proposed:
            headers.append(PROPOSED_PREFIX + column)
    headers += [PROPOSED_PREFIX + shelf_column(p) for p in proposed
                if shelf_column(p) not in columns]
    return headers


def _product_value(product: ExportProduct, name: str) -> Any:
    value = getattr(product, name)
    return ", ".join(value) if name == "tags" else value


def _variant_value(variant: ExportVariant | None, column: str) -> Any:
    if variant is None:
        return None
    return {"variant_id": variant.id, "sku": variant.sku, "price": variant.price,
            "compare_at_price": variant.compare_at_price}[column]


def _image_value(image: ExportImage | None, column: str) -> Any:
    if image is None:
        return None
    return {"image_id": image.id, "image_position": image.position, "image_url": image.url,
            "image_alt": image.alt}[column]


def shelf_rows(product: ExportProduct, columns: Sequence[str],
               proposed: Sequence[str] = ()) -> Iterator[list[Any]]:
    """The rows of one product under :func:`shelf_headers`."""
    headers = shelf_headers(columns, proposed)
    variants = product.variants if _VARIANT_COLUMNS & set(columns) else ()
    images = product.images if _IMAGE_COLUMNS & set(columns) else ()
    pairs = list(zip_longest(variants, images)) or [(None, None)]
    for index, (variant, image) in enumerate(pairs):
        row: list[Any] = []
        for header in headers:
            is_proposed = header.startswith(PROPOSED_PREFIX)
            column = header[len(PROPOSED_PREFIX):] if is_proposed else header
            name = SHELF_COLUMN_FIELD.get(column, column)
            if column in _VARIANT_COLUMNS:
                row.append(_variant_value(variant, column))
            elif column in _IMAGE_COLUMNS:
                row.append(image.proposed_alt if is_proposed and image
                           else None if is_proposed else _image_value(image, column))
            elif column in _KEY_COLUMNS:
                row.append(_product_value(product, name))
            elif index > 0:
                row.append(None)
            elif is_proposed:
                row.append(_proposed_text(product.proposed.get(name)))
            else:
                row.append(_product_value(product, name))
        yield row


def _proposed_text(value: Any) -> Any:
    return ", ".join(value) if isinstance(value, list | tuple) else value


def shopify_rows(product: ExportProduct) -> Iterator[list[Any]]:
    """The rows of one product in Shopify admin's product CSV layout."""
    pairs = list(zip_longest(product.variants, product.images)) or [(None, None)]
    option_names = [name for name, _ in product.variants[0].options] if product.variants else []
    for index, (variant, image) in enumerate(pairs):
        first = index == 0
        options: list[Any] = []
        values = dict(variant.options) if variant else {}
        for slot in range(3):
            name = option_names[slot] if slot < len(option_names) else None
            options += [name if first else None, values.get(name) if name and variant else None]
        yield [
            product.handle,
            product.title if first else None,
            product.description_html if first else None,
            product.vendor if first else None,
            product.product_type if first else None,
            ", ".join(product.tags) if first else None,
            *options,
            variant.sku if variant else None,
            variant.price if variant else None,
            variant.compare_at_price if variant else None,
            image.url if image else None,
            image.position if image else None,
            image.alt if image else None,
            product.seo_title if first else None,
            product.seo_description if first else None,
            product.status.lower() if first and product.status else None,
        ]
