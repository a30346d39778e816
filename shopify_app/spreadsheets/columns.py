"""Which file column holds which field: our own export's names, Shopify
admin's product CSV names, and a few common spellings.

Headers are compared case-, space- and punctuation-insensitively (``Variant
SKU``, ``variant_sku`` and ``VARIANT  sku`` are the same). A ``proposed_X``
column (from an export that carried a generation job's proposals) sets field
``X``; the plain ``X`` beside it is then only context.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .errors import FormatError, NoKeyColumnError
from .fields import FIELDS, KEY, PRIMARY_KEYS, PROPOSED_PREFIX, SET, SHELF_COLUMN_FIELD

# Roles of a column in the mapping report.
SETS = "sets"
IDENTIFIES = "identifies"
CONTEXT = "context"            # shown for reference, never written
NOT_IMPORTED = "not_imported"  # a known Shopify column Shelf doesn't change
UNKNOWN = "unknown"

_ALIASES = {
    "product id": "id", "body (html)": "description_html", "body html": "description_html",
    "description": "description_html", "type": "product_type",
    "meta description": "seo_description",
    "image src": "image_url", "image alt text": "image_alt", "image alt": "image_alt",
    "variant sku": "sku", "variant price": "price", "variant compare at price": "compare_at_price",
    "compare at": "compare_at_price", "variant id": "variant_id", "media id": "image_id",
    # Shopify admin's newer product CSV spells some columns differently.
    "url handle": "handle", "product image url": "image_url",
    "option1 value": "option1_value", "option2 value": "option2_value",
    "option3 value": "option3_value",
}
_SHOPIFY_OTHER = {
    "product category", "published", "gift card", "variant grams", "variant inventory tracker",
    "variant inventory qty", "variant inventory policy", "variant fulfillment service",
    "variant requires shipping", "variant taxable", "variant barcode", "variant image",
    "variant weight unit", "variant tax code", "cost per item", "unit price total measure",
    "unit price total measure unit", "unit price base measure", "unit price base measure unit",
    "collection", "google shopping / google product category",
    # the newer layout
    "published on online store", "charge tax", "tax code", "barcode", "variant image url",
    "weight value (grams)", "weight unit for display", "requires shipping",
    "fulfillment service", "inventory tracker", "inventory quantity",
    "continue selling when out of stock",
    "error",  # the reason column of our failed-rows file, uploaded again
}
_SHOPIFY_PATTERNS = (re.compile(r"^option[123] (name|linked to)$"),
                     re.compile(r"^(google shopping|included|price|compare at price|status) / "),
                     re.compile(r"\((product|variant)\.metafields\.[^)]*\)$"))
_SHOPIFY_MARKERS = {"body (html)", "variant sku", "variant price", "image src", "option1 name",
                    "url handle", "product image url"}


def normalize_header(header: str) -> str:
    """``" Variant_SKU "`` → ``"variant sku"``."""
    return " ".join(header.replace("_", " ").replace("-", " ").casefold().split())


def _field_of(normal: str) -> str | None:
    name = normal.replace(" ", "_")
    if name in FIELDS and name not in SHELF_COLUMN_FIELD:
        return name
    return _ALIASES.get(normal) or SHELF_COLUMN_FIELD.get(name)


def field_of_header(header: str) -> str | None:
    """The field a header names (a ``proposed_`` prefix ignored), if any."""
    normal = normalize_header(header)
    if normal.startswith("proposed "):
        normal = normal[len("proposed "):]
    return _field_of(normal)


@dataclass(frozen=True)
class MappedColumn:
    index: int
    header: str
    field: str | None
    role: str


@dataclass(frozen=True)
class ColumnMapping:
    """The columns of one file and what each means."""

    columns: tuple[MappedColumn, ...]
    layout: str  # "shopify" (Shopify admin's product CSV) or "shelf"

    @cached_property
    def _setters(self) -> dict[str, int]:
        return {c.field: c.index for c in self.columns if c.role == SETS and c.field}

    @cached_property
    def _keys(self) -> dict[str, int]:
        return {c.field: c.index for c in self.columns if c.role == IDENTIFIES and c.field}

    def setter(self, field_name: str) -> int | None:
        """Index of the column that sets ``field_name``, if any."""
        return self._setters.get(field_name)

    def key(self, field_name: str) -> int | None:
        """Index of the column that identifies by ``field_name``, if any."""
        return self._keys.get(field_name)

    @cached_property
    def set_fields(self) -> tuple[str, ...]:
        return tuple(self._setters)

    @cached_property
    def key_fields(self) -> tuple[str, ...]:
        return tuple(self._keys)

    def report(self) -> dict[str, Any]:
        """For the preview page: every column, the field it feeds and how."""
        return {
            "layout": self.layout,
            "columns": [{"column": c.header, "field": c.field,
                         "label": FIELDS[c.field].label if c.field else None, "use": c.role}
                        for c in self.columns],
            "sets": [FIELDS[f].label for f in self.set_fields],
            "identifies": [FIELDS[f].label for f in self.key_fields],
            "unrecognised": [c.header for c in self.columns if c.role == UNKNOWN],
            "not_imported": [c.header for c in self.columns if c.role == NOT_IMPORTED],
        }


def _known_shopify(normal: str) -> bool:
    return normal in _SHOPIFY_OTHER or any(p.search(normal) for p in _SHOPIFY_PATTERNS)


def map_columns(headers: Sequence[str]) -> ColumnMapping:
    """Map a header row to fields.

    Raises:
        FormatError: two columns hold the same field, or nothing can be imported.
        NoKeyColumnError: no column identifies products, variants or images.
    """
    normals = [normalize_header(h) for h in headers]
    proposed = {f for n in normals if n.startswith("proposed ")
                for f in [_field_of(n[len("proposed "):])] if f and FIELDS[f].role == SET}
    columns: list[MappedColumn] = []
    seen: dict[tuple[str, str], str] = {}
    for index, (header, normal) in enumerate(zip(headers, normals, strict=True)):
        field, role = _classify(normal, proposed)
        label = header or f"(column {index + 1})"
        if role in (SETS, IDENTIFIES) and field:
            other = seen.get((field, role))
            if other is not None:
                raise FormatError(f'The columns "{other}" and "{label}" both hold '
                                  f"{FIELDS[field].label}. Keep one of them and upload again.")
            seen[(field, role)] = label
        columns.append(MappedColumn(index, label, field, role))
    layout = "shopify" if _SHOPIFY_MARKERS & set(normals) else "shelf"
    mapping = ColumnMapping(tuple(columns), layout)
    if not set(mapping.key_fields) & set(PRIMARY_KEYS):
        raise NoKeyColumnError(
            "The file has no column that says which product each row is about. Add a "
            '"handle", "id" or "SKU" column (in a Shopify export: "Handle" or "Variant SKU").')
    if not mapping.set_fields:
        raise FormatError("The file has no column Shelf can import. Recognised columns: "
                          + ", ".join(f.label for f in FIELDS.values() if f.role == SET) + ".")
    return mapping


def _classify(normal: str, proposed: set[str]) -> tuple[str | None, str]:
    if normal.startswith("proposed "):
        field = _field_of(normal[len("proposed "):])
        if field and FIELDS[field].role == SET:
            return field, SETS
        return None, UNKNOWN
    field = _field_of(normal)
    if field is None:
        return None, NOT_IMPORTED if _known_shopify(normal) else UNKNOWN
    if FIELDS[field].role == KEY:
        return field, IDENTIFIES
    return field, CONTEXT if field in proposed else SETS


__all__ = ["CONTEXT", "IDENTIFIES", "NOT_IMPORTED", "PROPOSED_PREFIX", "SETS", "SET", "UNKNOWN",
           "ColumnMapping", "MappedColumn", "field_of_header", "map_columns", "normalize_header"]
