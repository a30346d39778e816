"""Import jobs from other files: Shopify admin's own product CSV (several rows per
product, variants named by SKU or options, images by position), an Excel workbook,
and files that can't be used (nothing reaches the store)."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.e2e.test_import_jobs import _import, _items, _job, _products, _publish, _upload

pytestmark = pytest.mark.e2e
SHOPIFY_CSV = Path(__file__).parents[1] / "data" / "shopify_admin_products.csv"


def _shape(sandbox, product, handle: str, variants: list[tuple[str | None, str]]):  # type: ignore[no-untyped-def]
    """Give a sandbox product the handle, SKUs and options the fixture names."""
    product["handle"] = handle
    for variant, (sku, option) in zip(product["variants"], variants, strict=True):
        variant.update(sku=sku, title=option, price="10.00", compareAtPrice=None,
                       selectedOptions=[{"name": "Size" if option != "Default Title"
                                         else "Title", "value": option}])


def test_shopify_admin_product_csv_imports_and_publishes(shop_api, sandbox, run_worker):
    products = _products(sandbox)
    shirt = next(p for p in products if len(p["variants"]) == 3 and len(p["media"]) >= 2)
    tote = next(p for p in products if len(p["variants"]) == 1 and p["media"])
    _shape(sandbox, shirt, "linen-shirt", [("LS-S-SAND", "S"), ("LS-M-SAND", "M"), (None, "L")])
    _shape(sandbox, tote, "canvas-tote", [(None, "Default Title")])
    shirt["status"], tote["status"] = "DRAFT", "ACTIVE"
    job = _import(shop_api, run_worker, SHOPIFY_CSV.read_bytes(), "products_export_1.csv")
    assert job["status"] == "review", job
    summary = job["extras"]["import_summary"]
    assert summary["rows_read"] == 4 and summary["failed_rows"] == 0, summary
    assert job["counts"]["total"] == 22
    items = _items(shop_api, job["id"])
    targets = {(i["analysis"]["field"], i["target_id"]): i["proposed"] for i in items}
    s, m, large = (v["id"] for v in shirt["variants"])
    assert targets[("price", s)] == "59.00" and targets[("compare_at_price", s)] == "79.00"
    assert targets[("price", m)] == "59.00"
    assert targets[("price", large)] == "64.00"  # no SKU: found by its option value
    assert targets[("price", tote["variants"][0]["id"])] == "35.00"  # "Default Title"
    assert targets[("image_alt", shirt["media"][1]["id"])] == "Linen shirt, back view"
    assert targets[("tags", shirt["id"])] == "linen, shirts, summer"
    assert targets[("status", shirt["id"])] == "ACTIVE"
    assert targets[("status", tote["id"])] == "DRAFT"
    _publish(shop_api, run_worker, job["id"])
    assert _job(shop_api, job["id"])["counts"]["published"] == 22
    assert shirt["title"] == "Linen Shirt" and shirt["vendor"] == "Atelier Nord"
    assert shirt["seo"]["title"] == "Linen Shirt – Breathable Summer Shirt"
    assert sorted(shirt["tags"]) == ["linen", "shirts", "summer"]
    assert shirt["descriptionHtml"].startswith("<p>Breathable <strong>linen</strong>")
    assert [v["price"] for v in shirt["variants"]] == ["59.00", "59.00", "64.00"]
    assert shirt["variants"][0]["compareAtPrice"] == "79.00"
    assert shirt["media"][0]["alt"] == "Linen shirt in sand, front view"
    assert tote["status"] == "DRAFT" and tote["productType"] == "Bags"


def test_xlsx_import_finds_changes(shop_api, sandbox, run_worker):
    first, second = _products(sandbox)[:2]
    book = Workbook()
    sheet = book.active
    sheet.append(["handle", "title", "vendor", "sku", "price"])
    sheet.append([first["handle"], first["title"] + " II", first["vendor"],
                  first["variants"][0]["sku"], 1234.5])
    sheet.append([second["handle"], second["title"], "[clear]", None, None])
    out = io.BytesIO()
    book.save(out)
    job = _import(shop_api, run_worker, out.getvalue(), "changes.xlsx")
    assert job["status"] == "review", job
    items = {(i["analysis"]["field"], i["product_id"]): i for i in _items(shop_api, job["id"])}
    assert set(items) == {("title", first["id"]), ("price", first["id"]),
                          ("vendor", second["id"])}
    assert items[("price", first["id"])]["proposed"] == "1234.50"
    assert items[("vendor", second["id"])]["proposed"] == ""  # [clear]
    fields = job["extras"]["import_summary"]["fields"]
    assert fields["vendor"] == {"change": 1, "unchanged": 1, "invalid": 0}


def test_ragged_rows_fail_with_their_line_and_change_nothing(shop_api, sandbox, run_worker):
    product = _products(sandbox)[0]
    data = ("handle,title\r\n"
            f"{product['handle']},New title, with a stray comma\r\n").encode()
    job = _import(shop_api, run_worker, data)
    assert job["counts"]["total"] == 0 and job["status"] == "completed"
    (failed,) = job["extras"]["import_summary"]["failed"]
    assert failed["line"] == 2 and "3 cells but the header has 2 columns" in failed["reason"]
    assert job["file_locations"][0]["label"] == "Failed rows"
    assert not [w for w in sandbox.store().writes if w["via"] != "merchant"]


@pytest.mark.parametrize(("data", "words"), [
    (b"\x00\x01\x02\xff\xfe binary", "binary"),
    ("handle,title\r\nchemise,Chemise \u00e9t\u00e9\r\n".encode("utf-32"), "UTF-32"),
    (b"title,price\r\nLinen Shirt,59.00\r\n", "handle"),
])
def test_unusable_files_are_refused_and_nothing_is_written(shop_api, sandbox, data, words):
    response = shop_api.post("/api/uploads", data={"file": (io.BytesIO(data), "bad.csv")},
                             content_type="multipart/form-data")
    assert response.status_code == 422
    error = response.get_json()["errors"][0]
    assert error["source"]["pointer"] == "/file" and words.lower() in error["detail"].lower()
    assert shop_api.get("/api/jobs?kind=import").get_json()["data"] == []
    assert sandbox.store().writes == []


def test_bad_options_and_another_shops_upload_are_422(shop_api, e2e_app, sandbox):
    from shopify_app.uploads import store_upload

    mine = _upload(shop_api, f"handle,title\r\n{_products(sandbox)[0]['handle']},X\r\n".encode())
    with e2e_app.app_context():
        theirs = store_upload(987654, io.BytesIO(b"handle,title\r\nsecret-product,Secret\r\n"),
                              "their-secret-file.csv", "text/csv", None)["id"]
    for options, pointer in [({"upload_id": theirs}, "/options/upload_id"),
                             ({"upload_id": "01ARZ3NDEKTSV4RRFFQ69G5FAV"}, "/options/upload_id"),
                             ({"upload_id": "../../etc/passwd"}, "/options/upload_id"),
                             ({}, "/options/upload_id"),
                             ({"upload_id": mine, "decimal": ";"}, "/options/decimal"),
                             ({"upload_id": mine, "columns": ["x"]}, "/options/columns")]:
        response = shop_api.post("/api/jobs", json={"kind": "import", "options": options})
        assert response.status_code == 422, (options, response.get_json())
        body = response.get_json()
        assert pointer in [e["source"]["pointer"] for e in body["errors"]], body
        assert "secret" not in str(body).lower()
    assert shop_api.get("/api/jobs?kind=import").get_json()["data"] == []
