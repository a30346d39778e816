"""The fields a spreadsheet can carry, and which object each belongs to."""
from __future__ import annotations

from dataclasses import dataclass

PRODUCT = "product"
VARIANT = "variant"
IMAGE = "image"

KEY = "key"        # says which object the row is about
SET = "set"        # a value the file may change


@dataclass(frozen=True)
class Field:
    name: str
    level: str  # PRODUCT, VARIANT or IMAGE
    role: str   # KEY or SET
    label: str
    clearable: bool = False


FIELDS: dict[str, Field] = {f.name: f for f in (
    Field("id", PRODUCT, KEY, "Product ID"),
    Field("handle", PRODUCT, KEY, "Handle"),
    Field("title", PRODUCT, SET, "Title"),
    Field("vendor", PRODUCT, SET, "Vendor", clearable=True),
    Field("product_type", PRODUCT, SET, "Product type", clearable=True),
    Field("status", PRODUCT, SET, "Status"),
    Field("tags", PRODUCT, SET, "Tags", clearable=True),
    Field("description_html", PRODUCT, SET, "Description (HTML)", clearable=True),
    Field("seo_title", PRODUCT, SET, "SEO title", clearable=True),
    Field("seo_description", PRODUCT, SET, "SEO description", clearable=True),
    Field("variant_id", VARIANT, KEY, "Variant ID"),
    Field("sku", VARIANT, KEY, "SKU"),
    # Shopify's CSV names a variant without SKU by its option values.
    Field("option1_value", VARIANT, KEY, "Option1 value"),
    Field("option2_value", VARIANT, KEY, "Option2 value"),
    Field("option3_value", VARIANT, KEY, "Option3 value"),
    Field("price", VARIANT, SET, "Price"),
    Field("compare_at_price", VARIANT, SET, "Compare-at price", clearable=True),
    Field("image_id", IMAGE, KEY, "Image ID"),
    Field("image_position", IMAGE, KEY, "Image position"),
    Field("image_url", IMAGE, KEY, "Image URL"),
    Field("image_alt", IMAGE, SET, "Image alt text", clearable=True),
)}

# Keys that name an object on their own (the others need a product beside them).
PRIMARY_KEYS = ("id", "handle", "variant_id", "sku", "image_id")
OPTION_KEYS = ("option1_value", "option2_value", "option3_value")
SETTABLE = tuple(name for name, f in FIELDS.items() if f.role == SET)
PRICE_FIELDS = ("price", "compare_at_price")

# Our own export's column names, in their usual order.
SHELF_COLUMNS = ("id", "handle", "title", "vendor", "type", "status", "tags",
                 "description_html", "seo_title", "seo_description", "image_id",
                 "image_position", "image_url", "image_alt", "variant_id", "sku", "price",
                 "compare_at_price")
# Our column name where it differs from the field name.
SHELF_COLUMN_FIELD = {"type": "product_type"}
FIELD_SHELF_COLUMN = {v: k for k, v in SHELF_COLUMN_FIELD.items()}
PROPOSED_PREFIX = "proposed_"


def shelf_column(field_name: str) -> str:
    return FIELD_SHELF_COLUMN.get(field_name, field_name)
