"""Column mapping: our export's names, Shopify admin's, and the preview report."""
from __future__ import annotations

import pytest

from shopify_app.spreadsheets import (
    CONTEXT,
    IDENTIFIES,
    NOT_IMPORTED,
    SETS,
    UNKNOWN,
    FormatError,
    NoKeyColumnError,
    map_columns,
    open_sheet,
)
from shopify_app.spreadsheets.fields import SHELF_COLUMNS


def test_our_own_export_columns_are_all_recognised() -> None:
    mapping = map_columns(list(SHELF_COLUMNS))
    assert mapping.layout == "shelf"
    assert {c.role for c in mapping.columns} == {SETS, IDENTIFIES}
    assert set(mapping.key_fields) == {"id", "handle", "variant_id", "sku", "image_id",
                                       "image_position", "image_url"}
    assert mapping.setter("product_type") == SHELF_COLUMNS.index("type")


def test_shopify_admin_layout(fixture_path) -> None:
    with open_sheet(fixture_path("shopify_products.csv")) as sheet:
        mapping = map_columns(sheet.headers)
    report = mapping.report()
    assert mapping.layout == "shopify"
    uses = {c["column"]: (c["field"], c["use"]) for c in report["columns"]}
    assert uses["Body (HTML)"] == ("description_html", SETS)
    assert uses["Variant SKU"] == ("sku", IDENTIFIES)
    assert uses["Variant Compare At Price"] == ("compare_at_price", SETS)
    assert uses["Image Src"] == ("image_url", IDENTIFIES)
    assert uses["Image Alt Text"] == ("image_alt", SETS)
    assert uses["SEO Description"] == ("seo_description", SETS)
    assert uses["Variant Inventory Qty"] == (None, NOT_IMPORTED)
    assert uses["Option2 Linked To"] == (None, NOT_IMPORTED)
    assert uses["Option2 Name"] == (None, NOT_IMPORTED)
    assert uses["Option2 Value"] == ("option2_value", IDENTIFIES)
    assert uses["Color (product.metafields.shopify.color-pattern)"] == (None, NOT_IMPORTED)
    assert report["unrecognised"] == []
    assert "Description (HTML)" in report["sets"] and "Handle" in report["identifies"]


def test_headers_are_case_space_and_underscore_insensitive() -> None:
    mapping = map_columns(["  HANDLE ", "Seo_Title", "compare-at price", "Meta description"])
    assert [c.field for c in mapping.columns] == ["handle", "seo_title", "compare_at_price",
                                                  "seo_description"]


def test_newer_shopify_layout_names() -> None:
    mapping = map_columns(["URL handle", "Description", "Product image URL", "Image alt text",
                           "Published on online store"])
    assert mapping.layout == "shopify"
    assert mapping.key_fields == ("handle", "image_url")
    assert mapping.set_fields == ("description_html", "image_alt")


def test_unknown_columns_are_listed() -> None:
    report = map_columns(["sku", "price", "Supplier note", ""]).report()
    assert report["unrecognised"] == ["Supplier note", "(column 4)"]
    assert [c["use"] for c in report["columns"]] == [IDENTIFIES, SETS, UNKNOWN, UNKNOWN]


def test_proposed_columns_set_the_field_and_the_plain_one_is_context() -> None:
    mapping = map_columns(["id", "description_html", "proposed_description_html", "seo_title"])
    roles = [(c.field, c.role) for c in mapping.columns]
    assert roles == [("id", IDENTIFIES), ("description_html", CONTEXT),
                     ("description_html", SETS), ("seo_title", SETS)]
    assert mapping.setter("description_html") == 2


def test_two_columns_for_one_field_are_refused() -> None:
    with pytest.raises(FormatError, match='"sku" and "Variant SKU"'):
        map_columns(["sku", "Variant SKU", "price"])


def test_keys_only_file_has_nothing_to_import() -> None:
    with pytest.raises(FormatError, match="no column Shelf can import"):
        map_columns(["handle", "sku", "Variant Grams"])


def test_no_key_column() -> None:
    with pytest.raises(NoKeyColumnError):
        map_columns(["Title", "Body (HTML)", "Variant Price"])
    with pytest.raises(NoKeyColumnError):  # these need a product beside them
        map_columns(["Image Src", "Image Position", "Option1 Value", "Image Alt Text",
                     "Variant Price"])
