"""POST /api/uploads and GET /api/uploads/{id}: a spreadsheet checked, previewed and kept
(or refused with a readable error and nothing stored)."""
from __future__ import annotations

import io
import re
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from shopify_app.extensions import db
from shopify_app.models import Shop, StaffMember
from shopify_app.storage import shop_prefix, storage
from tests.integration.conftest import SHOP

FIXTURES = Path(__file__).parents[2] / "unit" / "spreadsheets" / "fixtures"


def _upload(api, data: bytes, name: str = "products.csv"):  # type: ignore[no-untyped-def]
    return api.post("/api/uploads", data={"file": (io.BytesIO(data), name)},
                    content_type="multipart/form-data")


def _stored_keys(app) -> list[str]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return [f.key for f in storage().list("shops/") if "/uploads/" in f.key]


def test_shopify_admin_csv_is_previewed_and_kept(api, app):  # type: ignore[no-untyped-def]
    response = _upload(api, (FIXTURES / "shopify_products.csv").read_bytes(),
                       "products_export_1.csv")
    assert response.status_code == 201, response.get_json()
    upload = response.get_json()["data"]
    assert response.headers["Location"] == f"/api/uploads/{upload['id']}"
    assert upload["name"] == "products_export_1.csv" and "key" not in upload
    assert upload["file"]["format"] == "csv"
    assert upload["mapping"]["layout"] == "shopify"
    assert upload["rows"][0]["line"] == 2 and upload["rows"][0]["changes"]
    assert upload["counts"]["rows"] >= 7 and upload["counts"]["changes"] > 0
    assert "price" in upload["counts"]["per_field"]
    again = api.get(f"/api/uploads/{upload['id']}")
    assert again.status_code == 200 and again.get_json()["data"] == upload
    assert len(_stored_keys(app)) == 2  # the file and its record


def test_windows_excel_csv_encoding_and_delimiter_are_detected(api):  # type: ignore[no-untyped-def]
    response = _upload(api, (FIXTURES / "products_cp1252_semicolon.csv").read_bytes())
    assert response.status_code == 201, response.get_json()
    file = response.get_json()["data"]["file"]
    assert "1252" in str(file.get("encoding")) and file.get("delimiter") in (";", "semicolon")


def test_xlsx_upload_is_read(api):  # type: ignore[no-untyped-def]
    book = Workbook()
    sheet = book.active
    sheet.append(["handle", "title", "price", "sku"])
    sheet.append(["linen-shirt", "Linen Shirt", 59, "LS-S-SAND"])
    out = io.BytesIO()
    book.save(out)
    response = _upload(api, out.getvalue(), "prices.xlsx")
    assert response.status_code == 201, response.get_json()
    upload = response.get_json()["data"]
    assert upload["file"]["format"] == "xlsx" and upload["counts"]["rows"] == 1


def test_sixty_megabytes_is_refused_with_413_and_nothing_kept(api, app):  # type: ignore[no-untyped-def]
    line = b"handle,title\r\n" + b"a-product,A title that repeats\r\n" * 2_000_000
    assert len(line) > 60 * 1024 * 1024
    response = _upload(api, line)
    assert response.status_code == 413
    body = response.get_json()
    assert body["errors"][0]["status"] == "413" and "50 MB" in str(body)
    assert _stored_keys(app) == []


def test_no_key_column_is_a_clear_422_and_nothing_kept(api, app):  # type: ignore[no-untyped-def]
    response = _upload(api, b"title,price\r\nLinen Shirt,59.00\r\n")
    assert response.status_code == 422
    error = response.get_json()["errors"][0]
    assert error["source"]["pointer"] == "/file"
    assert "handle" in error["detail"].lower() or "sku" in error["detail"].lower()
    assert _stored_keys(app) == []


def test_unreadable_bytes_and_empty_files_are_refused(api, app):  # type: ignore[no-untyped-def]
    empty = _upload(api, b"")
    assert empty.status_code == 422 and "empty" in str(empty.get_json()).lower()
    binary = _upload(api, bytes(range(256)) * 64, "photo.csv")
    assert binary.status_code == 422
    assert binary.get_json()["errors"][0]["source"]["pointer"] == "/file"
    assert _stored_keys(app) == []


def test_missing_file_field_and_json_body_are_refused(api):  # type: ignore[no-untyped-def]
    assert api.post("/api/uploads", data={"other": "x"},
                    content_type="multipart/form-data").status_code == 400
    assert api.post("/api/uploads", json={"file": "x"}).status_code == 415


def test_another_shops_upload_is_not_found(api):  # type: ignore[no-untyped-def]
    upload = _upload(api, b"handle,title\r\nlinen-shirt,Linen\r\n").get_json()["data"]
    other = api.as_user("1", "other-shop.myshopify.com")
    assert other.get(f"/api/uploads/{upload['id']}").status_code == 404
    assert api.get("/api/uploads/../../etc").status_code == 404
    assert api.get("/api/uploads/not-an-id").status_code == 404


def test_upload_file_name_cannot_escape_the_shops_folder(api, app):  # type: ignore[no-untyped-def]
    response = _upload(api, b"handle,title\r\nlinen-shirt,Linen\r\n", "../../../evil.csv")
    assert response.status_code == 201
    assert response.get_json()["data"]["name"] == "evil.csv"
    shop_id = db.session.scalar(select(Shop.id).where(Shop.domain == SHOP))
    assert all(key.startswith(shop_prefix(shop_id) + "uploads/") for key in _stored_keys(app))


def test_read_only_staff_cannot_upload(api, app):  # type: ignore[no-untyped-def]
    reader = api.as_user("3")
    assert reader.get("/api/me").status_code == 200
    shop = db.session.scalars(select(Shop).where(Shop.domain == SHOP)).one()
    staff = db.session.scalars(select(StaffMember).where(
        StaffMember.shop_id == shop.id, StaffMember.shopify_user_id == "3")).one()
    staff.role = "read"
    db.session.commit()
    response = _upload(reader, b"handle,title\r\nlinen-shirt,Linen\r\n")
    assert response.status_code == 403
    assert _stored_keys(app) == []


LONG_SEO_TITLE = "Linen shirt for warm days - cut loose and washed soft - in sand and sky"


def test_a_value_past_a_limit_is_checked_against_the_store_not_failed(api):  # type: ignore[no-untyped-def]
    # The store may hold this SEO title already (its own export round-trips): the job
    # leaves it alone then, so the preview must not promise a failed row.
    assert len(LONG_SEO_TITLE) == 71
    response = _upload(api, f"handle,title,seo_title\r\nlinen-shirt,Linen Shirt,"
                            f"{LONG_SEO_TITLE}\r\n".encode())
    assert response.status_code == 201, response.get_json()
    upload = response.get_json()["data"]
    counts = upload["counts"]
    assert counts["failed_rows"] == 0 and upload["failed"] == []
    assert counts["rows_fail_unless_unchanged"] == 1
    assert counts["per_field"]["seo_title"] == {"set": 1, "invalid": 0,
                                                "fails_unless_unchanged": 1}
    (row,) = upload["rows"]
    assert row["errors"] == [] and [c["field"] for c in row["changes"]] == ["title", "seo_title"]
    (warning,) = row["warnings"]
    assert "71 characters long; the limit is 70" in warning
    assert "fails unless your store already has this SEO title" in warning
    assert upload["fail_unless_unchanged"] == [{"line": 2, "field": "seo_title",
                                                "reason": warning}]
    assert api.get(f"/api/uploads/{upload['id']}").get_json()["data"] == upload


def test_a_price_that_is_not_a_number_still_fails_and_the_counts_add_up(api):  # type: ignore[no-untyped-def]
    text = ("handle,seo_title,sku,price\r\n"
            "linen-shirt,Linen Shirt,LS-S,59.00\r\n"
            f"linen-trousers,{LONG_SEO_TITLE},LT-M,61.00\r\n"
            "tote,Tote,TOTE-1,abc\r\n"
            f"mug,{'m' * 90},MUG-1,-4\r\n"
            "cap,Cap,CAP-1,12\r\n")
    upload = _upload(api, text.encode()).get_json()["data"]
    counts = upload["counts"]
    assert counts["rows"] == 5 and counts["failed_rows"] == 2
    assert [f["line"] for f in upload["failed"]] == [4, 5]
    assert 'Price "abc" is not a number' in upload["failed"][0]["reason"]
    # A failing row says everything: its over-long title too, not as a warning.
    assert "negative" in upload["failed"][1]["reason"]
    assert "90 characters" in upload["failed"][1]["reason"]
    assert counts["rows_fail_unless_unchanged"] == 1
    states = {row["line"]: (bool(row["errors"]), bool(row["warnings"]))
              for row in upload["rows"]}
    assert states == {2: (False, False), 3: (False, True), 4: (True, False),
                      5: (True, False), 6: (False, False)}
    per_field = counts["per_field"]
    assert per_field["seo_title"] == {"set": 3, "invalid": 1, "fails_unless_unchanged": 1}
    assert per_field["price"] == {"set": 3, "invalid": 2, "fails_unless_unchanged": 0}
    # Every row read is failed, checked against the store, or plainly usable.
    clean = sum(1 for row in upload["rows"] if not row["errors"] and not row["warnings"])
    assert counts["failed_rows"] + counts["rows_fail_unless_unchanged"] + clean == counts["rows"]
    assert sum(n["fails_unless_unchanged"] for n in per_field.values()) == \
        len(upload["fail_unless_unchanged"])


def test_markup_in_an_over_long_cell_is_kept_as_text(api):  # type: ignore[no-untyped-def]
    cell = '<img src=x onerror="alert(1)">' + "x" * 60
    upload = _upload(api, f'handle,seo_title\r\nlinen-shirt,"{cell.replace(chr(34), 2 * chr(34))}"'
                          "\r\n".encode()).get_json()["data"]
    (row,) = upload["rows"]
    assert row["cells"][1] == cell and row["errors"] == []
    # The warning names the limit, never the value: nothing of the cell to render.
    assert "<" not in row["warnings"][0] and "onerror" not in row["warnings"][0]


def test_the_import_form_has_a_place_for_values_checked_against_the_store(api, client, tokens):  # type: ignore[no-untyped-def]
    assert api.get("/api/me").status_code == 200
    text = client.get("/jobs/new", query_string={
        "shop": SHOP, "host": "YWRtaW4", "embedded": "1", "id_token": tokens.token(SHOP)},
    ).get_data(as_text=True)
    assert 'data-kind-panel="import"' in text
    # A warning, apart from the critical "can't be imported" banner, shown once counted.
    banner = re.search(r'<div class="banner warning"[^>]*data-unless-unchanged[^>]*>', text)
    assert banner and "hidden" in banner.group(0)
    assert '<th scope="col" class="num">Checked against your store</th>' in text
