"""Row semantics: what a row changes, [clear], validation and duplicates."""
from __future__ import annotations

import pytest

from shopify_app.spreadsheets import (
    CURRENT,
    ChangeSet,
    FieldChange,
    ImageRef,
    ImportSettings,
    ProductRef,
    RowResult,
    VariantRef,
    preview,
    read_changes,
)

from .conftest import csv_bytes, xlsx_bytes


def changes_of(text: str, **settings):
    result = read_changes(csv_bytes(text), ImportSettings(**settings))
    return result, {(c.target.key, c.field): c for c in result.changes.changes()}


def test_shopify_admin_csv_imports_products_variants_and_images(fixture_path) -> None:
    result = read_changes(fixture_path("shopify_products.csv"))
    found = {(c.target.key, c.field): c for c in result.changes.changes()}
    shirt = ProductRef(handle="linen-shirt")
    body = found[(shirt.key, "description_html")]
    assert body.value.startswith("<p>Breathable <strong>linen</strong>") and body.line == 2
    assert body.note is None
    assert found[(shirt.key, "tags")].value == ("linen", "summer", "shirts")
    assert found[(shirt.key, "status")].value == "ACTIVE"
    assert found[(shirt.key, "seo_title")].value == "Linen Shirt – Breathable Summer Shirt"
    # one change per variant, keyed by SKU; thousands separator understood
    assert found[(VariantRef(sku="LS-M-SAND").key, "price")].value == "59.00"
    assert found[(VariantRef(sku="LS-L-SAND").key, "price")].value == "1049.00"
    assert (VariantRef(sku="LS-L-SAND").key, "compare_at_price") not in found  # empty: left
    # images by product + position, including the image-only row
    alt3 = found[(ImageRef(product=shirt, position=3).key, "image_alt")]
    assert alt3.value == "Close-up of the buttons" and alt3.line == 5
    assert alt3.target.url.endswith("linen-detail.jpg?v=1")
    # a variant without SKU is named by its product and option values
    mug = VariantRef(product=ProductRef(handle="ceramic-mug"), options=("Default Title",))
    assert found[(mug.key, "price")].value == "18.50"
    assert found[(mug.key, "price")].target.describe() == \
        'the variant "Default Title" of product "ceramic-mug"'
    # repeated product rows (empty product cells) change nothing twice
    assert sum(1 for k in found if k[1] == "title") == 3
    assert result.changes.failed == []
    beanie = [n for n in result.changes.notices if n.line == 7]
    assert beanie and "below the price" in beanie[0].message  # warning, still imported
    assert found[(VariantRef(sku="WB-CHAR").key, "compare_at_price")].value == "22.00"


def test_european_file_uses_decimal_commas(fixture_path) -> None:
    result = read_changes(fixture_path("products_cp1252_semicolon.csv"))
    found = {(c.target.key, c.field): c.value for c in result.changes.changes()}
    assert found[(("variant", "sku", "CB-4"), "price")] == "24.90"
    assert found[(("variant", "sku", "CF-250"), "price")] == "8.50"
    assert found[(("product", "handle", "creme-brulee-set"), "title")] == "Crème brûlée set"


def test_utf16_file(fixture_path) -> None:
    result = read_changes(fixture_path("products_utf16_excel.txt"))
    found = {(c.target.key, c.field): c.value for c in result.changes.changes()}
    assert found[(("product", "handle", "ceramic-mug"), "seo_title")] == "陶器のマグカップ"
    assert found[(("variant", "sku", "LS-S-SAND"), "price")] == "59.00"


def test_empty_cell_leaves_alone_and_clear_token_clears() -> None:
    _, found = changes_of("handle,seo_title,seo_description,title\n"
                          "mug,,[clear],Mug\n")
    key = ("product", "handle", "mug")
    assert (key, "seo_title") not in found
    assert found[(key, "seo_description")].clears
    assert found[(key, "title")].value == "Mug"


def test_clear_on_a_required_field_fails_the_row() -> None:
    result, found = changes_of("handle,title,price,seo_title\nmug,[clear],[clear],New\n")
    assert found == {}  # a row with an error changes nothing
    (failed,) = result.changes.failed
    assert failed.line == 2
    assert "Title can't be cleared" in failed.message and "Price can't be cleared" in failed.message


@pytest.mark.parametrize(("cell", "decimal", "expected"), [
    ("12.90", "auto", "12.90"), ("12,90", "auto", "12.90"), ("$12.9", "auto", "12.90"),
    ("€ 1.299,00", "auto", "1299.00"), ("1,299", ".", "1299.00"), ("1,299", ",", "1.299"),
    ("12", "auto", "12.00"), ("0", "auto", "0.00"),
])
def test_prices(cell: str, decimal: str, expected: str) -> None:
    _, found = changes_of(f'sku,price\nA,"{cell}"\n', decimal=decimal)
    assert found[(("variant", "sku", "A"), "price")].value == expected


@pytest.mark.parametrize(("cell", "reason"), [
    ("12,9O", 'Price "12,9O" is not a number'), ("-5.00", "negative"),
    ("12.", "not a number"), ("abc", "not a number"), ("1.2.3.4", "not a number"),
])
def test_bad_prices_fail_the_row_with_a_reason(cell: str, reason: str) -> None:
    result, found = changes_of(f'handle,sku,price\nmug,A,"{cell}"\n')
    assert found == {}
    (failed,) = result.changes.failed
    assert failed.line == 2 and reason in failed.message
    assert result.changes.counts()["price"]["invalid"] == 1


def test_length_limits_and_status() -> None:
    text = ("handle,seo_title,seo_description,status\n"
            f"a,{'t' * 71},ok,active\n"
            f"b,ok,{'d' * 321},draft\n"
            "c,ok,ok,published\n"
            f"d,{'t' * 70},{'d' * 320},Archived\n")
    result, found = changes_of(text)
    messages = {f.line: f.message for f in result.changes.failed}
    assert "SEO title is 71 characters long; the limit is 70" in messages[2]
    assert "SEO description is 321 characters long; the limit is 320" in messages[3]
    assert 'Status "published" is not one of: active, draft, archived, unlisted' in messages[4]
    assert found[(("product", "handle", "d"), "status")].value == "ARCHIVED"


def test_html_is_sanitised_and_the_change_is_noted() -> None:
    text = 'handle,description_html\na,"<p onclick=""x()"">Hi</p><script>alert(1)</script>"\n' \
           'b,"<p>Fine<br/>here</p>"\n'
    result, found = changes_of(text)
    a = found[(("product", "handle", "a"), "description_html")]
    assert a.value == "<p>Hi</p>" and a.note and "cleaned" in a.note
    b = found[(("product", "handle", "b"), "description_html")]
    assert b.note is None and b.value == "<p>Fine<br/>here</p>"  # nothing removed: as written
    assert [n.line for n in result.changes.notices] == [2]


def test_ids_accept_numbers_and_gids_but_not_other_types() -> None:
    text = ("id,variant_id,price,title\n"
            "123,456,1.00,A\n"
            "gid://shopify/Product/7,gid://shopify/ProductVariant/8,2.00,B\n"
            "gid://shopify/Collection/9,,,C\n")
    result, found = changes_of(text)
    assert found[(("variant", "id", "gid://shopify/ProductVariant/456"), "price")].value == "1.00"
    assert found[(("product", "id", "gid://shopify/Product/7"), "title")].value == "B"
    assert "is not a Product ID" in result.changes.failed[0].message


def test_without_sku_or_options_a_row_means_the_only_variant() -> None:
    _, found = changes_of("handle,price\nmug,4.00\n")
    (change,) = found.values()
    assert change.target == VariantRef(product=ProductRef(handle="mug"))
    assert change.target.key == ("variant", "only", "product", "handle", "mug")


def test_rows_without_the_key_their_change_needs() -> None:
    text = "handle,sku,image_alt,title,price\n,A,Alt,Title,\n,,,,3.00\n"
    result, _ = changes_of(text)
    messages = [f.message for f in result.changes.failed]
    assert "has no handle or product ID" in messages[0]
    assert "doesn't say which image" in messages[0]
    assert "no SKU, variant ID or handle" in messages[1]


def test_duplicate_rows_same_value_merge_different_values_fail() -> None:
    text = ("sku,price\nA,12.00\nA,12.00\n"   # same value twice: one change
            "B,5.00\nB,6.00\n")               # different: the later row fails
    result, found = changes_of(text)
    assert found[(("variant", "sku", "A"), "price")].line == 2
    assert (("variant", "sku", "B"), "price") not in found  # neither value is published
    (failed,) = result.changes.failed
    assert failed.line == 5 and 'set to "6.00" here but to "5.00" on line 4' in failed.message
    assert any(n.line == 4 and "not imported" in n.message for n in result.changes.notices)


def test_xlsx_numbers_become_prices() -> None:
    book = xlsx_bytes([["Variant SKU", "Variant Price", "Variant Compare At Price"],
                       ["A", 12.9, 15], ["B", "12,50", None]])
    result = read_changes(book)
    found = {(c.target.key, c.field): c.value for c in result.changes.changes()}
    assert found == {(("variant", "sku", "A"), "price"): "12.90",
                     (("variant", "sku", "A"), "compare_at_price"): "15.00",
                     (("variant", "sku", "B"), "price"): "12.50"}


def test_ragged_row_fails_alone() -> None:
    result, found = changes_of("sku,price\nA,1.00\nB,2.00,oops\nC,3.00\n")
    assert [f.line for f in result.changes.failed] == [3]
    assert len(found) == 2


def test_preview_shows_mapping_and_first_rows(fixture_path) -> None:
    shown = preview(fixture_path("shopify_products.csv"), rows=3)
    assert shown.file == {"format": "csv", "encoding": "UTF-8", "delimiter": "comma",
                          "columns": 42}
    assert shown.mapping["layout"] == "shopify"
    assert [r["line"] for r in shown.rows] == [2, 3, 4]
    assert {"field": "price", "label": "Price", "target": 'SKU "LS-S-SAND"',
            "clears": False} in shown.rows[0]["changes"]


def test_counts_per_field(fixture_path) -> None:
    counts = read_changes(fixture_path("shopify_products.csv")).changes.counts()
    assert counts["price"] == {"set": 6, "invalid": 0, "fails_unless_unchanged": 0}
    assert counts["image_alt"] == {"set": 4, "invalid": 0, "fails_unless_unchanged": 0}


def test_deferred_checks_keep_only_limits_for_the_store_to_settle() -> None:
    # A store may hold a value past a limit of ours (an SEO title over 70 characters),
    # never a price that is not a number or a status Shopify doesn't have.
    text = ("handle,seo_title,tags,status,sku,price\n"
            f"a,{'t' * 71},,,,\n"
            f"b,,{'g' * 256},,,\n"
            "c,,,published,,\n"
            "d,,,,D-1,abc\n"
            "e,,,,E-1,-3\n"
            f"f,{'t' * 71},,,F-1,12.9O\n")
    result, found = changes_of(text, defer_checks=True)
    assert "SEO title is 71 characters long" in found[(("product", "handle", "a"),
                                                        "seo_title")].problem
    assert "longer than 255 characters" in found[(("product", "handle", "b"), "tags")].problem
    failed = {f.line: f.message for f in result.changes.failed}
    assert sorted(failed) == [4, 5, 6, 7]
    assert "Status" in failed[4] and "not a number" in failed[5] and "negative" in failed[6]
    # A row failing anyway says everything, its over-long title too.
    assert "not a number" in failed[7] and "71 characters" in failed[7]
    counts = result.changes.counts()
    assert counts["seo_title"] == {"set": 1, "invalid": 1, "fails_unless_unchanged": 1}
    assert counts["tags"] == {"set": 1, "invalid": 0, "fails_unless_unchanged": 1}
    assert counts["price"]["fails_unless_unchanged"] == 0 and counts["price"]["invalid"] == 3
    assert result.changes.rows_fail_unless_unchanged == 2
    assert result.changes.rows_read == 6


def test_preview_warns_about_values_the_store_settles() -> None:
    text = f"handle,seo_title,price,sku\na,{'t' * 71},,\nb,Short,abc,B-1\nc,Fine,,\n"
    shown = preview(csv_bytes(text), settings=ImportSettings(defer_checks=True))
    first, second, third = shown.rows
    assert first["errors"] == [] and len(first["changes"]) == 1
    (warning,) = first["warnings"]
    assert warning.startswith("SEO title is 71 characters long; the limit is 70.")
    assert "fails unless your store already has this SEO title" in warning
    assert second["warnings"] == [] and "not a number" in second["errors"][0]
    assert third["warnings"] == [] and third["errors"] == []
    strict = preview(csv_bytes(text))
    assert "71 characters" in strict.rows[0]["errors"][0] and strict.rows[0]["warnings"] == []


def test_decimal_setting_is_checked() -> None:
    with pytest.raises(ValueError, match="decimal"):
        ImportSettings(decimal=";")


def test_settled_values_keep_file_order_lines_and_clashes() -> None:
    # Values the caller holds (settled) are kept per object, not per value; reading
    # them back still gives the file's order, each value's first line and clashes.
    a, b = ProductRef(handle="a"), ProductRef(handle="b")

    def row(line: int, *changes: tuple[ProductRef, str, str]) -> RowResult:
        return RowResult(line, (), tuple(FieldChange(ref, name, value, line)
                                         for ref, name, value in changes))

    changes = ChangeSet(settle=lambda change, key: change.value == "same")
    changes.add(row(2, (a, "title", "same"), (a, "vendor", "New")))
    changes.add(row(3, (b, "title", "same"), (b, "vendor", "same")))
    changes.add(row(4, (a, "tags", "same"), (a, "title", "same")))  # a duplicate, equal
    changes.add(row(5, (b, "title", "Other")))  # differs from the store's: fails
    assert [(c.target, c.field, c.value, c.line) for c in changes.changes()] == [
        (a, "title", CURRENT, 2), (a, "vendor", "New", 2), (b, "vendor", CURRENT, 3),
        (a, "tags", CURRENT, 4)]
    assert changes.first_line(a.key, "tags") == 4 and changes.first_line(a.key, "title") == 2
    assert changes.first_line(b.key, "status") is None and len(changes) == 4
    (failed,) = changes.failed
    assert failed.line == 5 and "to its current value on line 3" in failed.message
    assert [n.line for n in changes.notices] == [3]
    assert changes.counts()["vendor"] == {"set": 2, "invalid": 0, "fails_unless_unchanged": 0}
    assert changes.counts()["title"] == {"set": 1, "invalid": 0, "fails_unless_unchanged": 0}
