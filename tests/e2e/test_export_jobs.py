"""Export jobs against the sandbox store: a scope → a CSV or XLSX file behind a signed
link, in our columns or Shopify's product CSV layout, with formula cells neutralised."""
from __future__ import annotations

import io
from urllib.parse import urlparse

import pytest
from openpyxl import load_workbook

from shopify_app.spreadsheets import SHOPIFY_HEADERS, map_columns, open_sheet, read_changes

pytestmark = pytest.mark.e2e


def _products(sandbox):  # type: ignore[no-untyped-def]
    return sorted(sandbox.store().products.values(), key=lambda p: p["_n"])


def _run_export(shop_api, run_worker, body):  # type: ignore[no-untyped-def]
    created = shop_api.post("/api/jobs", json={"kind": "export", **body})
    assert created.status_code == 201, created.get_json()
    run_worker()
    job = shop_api.get(f"/api/jobs/{created.get_json()['data']['id']}").get_json()["data"]
    assert job["status"] == "completed", job
    return job


def _download(e2e_app, job) -> bytes:  # type: ignore[no-untyped-def]
    (link,) = job["file_locations"]
    response = e2e_app.test_client().get(urlparse(link["url"]).path + "?"
                                         + urlparse(link["url"]).query)
    assert response.status_code == 200
    assert link["size"] == len(response.data)
    return response.data


def test_csv_export_of_every_product_reads_back_equal_with_formulas_neutralised(
        shop_api, sandbox, run_worker, e2e_app):
    products = _products(sandbox)
    products[0]["title"] = '=HYPERLINK("http://evil.example","Click")'
    job = _run_export(shop_api, run_worker, {"options": {
        "columns": ["id", "handle", "title", "tags", "description_html", "sku", "price"]}})
    assert job["counts"]["total"] == len(products) and job["kind_info"]["reviewable"] is False
    assert job["file_locations"][0]["name"].endswith(".csv")
    data = _download(e2e_app, job)
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads UTF-8 accents right
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK(" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    with open_sheet(io.BytesIO(data)) as sheet:
        assert sheet.headers == ("id", "handle", "title", "tags", "description_html", "sku",
                                 "price")
        rows = [dict(zip(sheet.headers, row.cells, strict=True)) for row in sheet.rows()]
    variants = sum(len(p["variants"]) for p in products)
    assert len(rows) == variants  # one row per variant
    first = {row["id"]: row for row in rows if row["title"]}
    assert len(first) == len(products)
    for product in products:
        row = first[product["id"]]
        assert row["handle"] == product["handle"]
        assert row["title"] == product["title"]  # the reader takes the quote off again
        assert row["description_html"] == (product["descriptionHtml"] or "")
    prices = {(row["id"], row["sku"]): row["price"] for row in rows}
    some = products[3]["variants"][0]
    assert prices[(products[3]["id"], some["sku"])] == some["price"]


def test_unchanged_export_imports_as_nothing_to_change(shop_api, sandbox, run_worker, e2e_app):
    job = _run_export(shop_api, run_worker, {"options": {
        "columns": ["id", "handle", "title", "vendor", "type", "tags", "description_html",
                    "seo_title", "seo_description", "variant_id", "sku", "price",
                    "compare_at_price", "image_id", "image_alt"]}})
    data = _download(e2e_app, job)
    with open_sheet(io.BytesIO(data)) as sheet:
        mapping = map_columns(sheet.headers)
    assert mapping.layout == "shelf" and mapping.key("id") is not None
    result = read_changes(io.BytesIO(data))
    assert not result.changes.failed, [f.message for f in result.changes.failed[:3]]
    products = {p["id"]: p for p in _products(sandbox)}
    checked = 0
    for change in result.changes.changes():
        product = products.get(getattr(change.target, "id", None))
        if product is None:
            continue
        if change.field == "title":
            assert change.value == product["title"]
            checked += 1
        if change.field == "description_html":
            assert (change.value or "") == (product["descriptionHtml"] or "")
            checked += 1
    assert checked >= len(products)  # every product's title and description came back


def test_xlsx_export_in_shopify_layout(shop_api, sandbox, run_worker, e2e_app):
    products = _products(sandbox)[:12]
    job = _run_export(shop_api, run_worker, {
        "scope": {"type": "products", "ids": [p["id"] for p in products]},
        "options": {"format": "xlsx", "layout": "shopify"}})
    assert job["counts"]["total"] == 12
    link = job["file_locations"][0]
    assert link["name"].endswith(".xlsx")
    assert link["content_type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(_download(e2e_app, job)), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert tuple(rows[0]) == SHOPIFY_HEADERS
    width = len(SHOPIFY_HEADERS)  # trailing empty cells are not stored
    body = [dict(zip(SHOPIFY_HEADERS, (*row, *(None,) * (width - len(row))), strict=True))
            for row in rows[1:]]
    assert {row["Handle"] for row in body} == {p["handle"] for p in products}
    for product in products:
        mine = [row for row in body if row["Handle"] == product["handle"]]
        assert len(mine) == max(len(product["variants"]), len(product["media"]), 1)
        assert mine[0]["Title"] == product["title"]
        skus = {row["Variant SKU"] for row in mine if row["Variant SKU"]}
        assert skus == {v["sku"] for v in product["variants"] if v["sku"]}
        assert all(isinstance(row["Variant Price"], int | float) for row in mine
                   if row["Variant Price"] is not None)  # numbers, not text


def test_proposed_values_of_a_generation_job_sit_beside_the_current_ones(
        shop_api, sandbox, run_worker, e2e_app):
    products = _products(sandbox)[:5]
    generated = shop_api.post("/api/jobs", json={
        "kind": "generate", "field": "seo_title",
        "scope": {"type": "products", "ids": [p["id"] for p in products]}})
    assert generated.status_code == 201, generated.get_json()
    run_worker()
    source = generated.get_json()["data"]["id"]
    items = shop_api.get(f"/api/jobs/{source}/items").get_json()["data"]
    proposed = {i["product_id"]: i["proposed"] for i in items if i["proposed"]}
    assert proposed
    job = _run_export(shop_api, run_worker, {
        "scope": {"type": "products", "ids": [p["id"] for p in products]},
        "options": {"columns": ["id", "title", "seo_title"], "from_job": source}})
    with open_sheet(io.BytesIO(_download(e2e_app, job))) as sheet:
        assert sheet.headers == ("id", "title", "seo_title", "proposed_seo_title")
        rows = {row.cells[0]: row.cells for row in sheet.rows()}
    for product_id, value in proposed.items():
        assert rows[product_id][3] == value


@pytest.mark.parametrize(("options", "field"), [
    ({"format": "pdf"}, "/options/format"),
    ({"layout": "matrix"}, "/options/layout"),
    ({"columns": ["id", "colour"]}, "/options/columns"),
    ({"columns": []}, "/options/columns"),
    ({"columns": "id,handle"}, "/options/columns"),
    ({"from_job": "01ARZ3NDEKTSV4RRFFQ69G5FAV"}, "/options/from_job"),
    ({"surprise": 1}, "/options/surprise"),
])
def test_bad_export_options_are_named(shop_api, options, field):  # type: ignore[no-untyped-def]
    response = shop_api.post("/api/jobs", json={"kind": "export", "options": options})
    assert response.status_code == 422, response.get_json()
    text = str(response.get_json())
    assert field.rsplit("/", 1)[-1] in text


def test_another_shops_generation_job_cannot_be_exported(shop_api, e2e_app):  # type: ignore[no-untyped-def]
    from shopify_app.extensions import db
    from shopify_app.jobs.ids import new_id
    from shopify_app.models import Job, Shop

    other = Shop(domain="other-shop.myshopify.com")
    db.session.add(other)
    db.session.flush()
    job = Job(id=new_id(), shop_id=other.id, kind="generate", field="seo_title", title="x")
    db.session.add(job)
    db.session.commit()
    response = shop_api.post("/api/jobs", json={"kind": "export",
                                                "options": {"from_job": job.id}})
    assert response.status_code == 422
    assert "from_job" in str(response.get_json())


def test_a_value_too_long_for_excel_fails_the_export_with_advice(shop_api, sandbox, run_worker):
    product = _products(sandbox)[0]
    product["descriptionHtml"] = "<p>" + "long " * 8000 + "</p>"
    created = shop_api.post("/api/jobs", json={
        "kind": "export", "scope": {"type": "products", "ids": [product["id"]]},
        "options": {"format": "xlsx", "columns": ["handle", "description_html"]}})
    assert created.status_code == 201
    run_worker()
    job = shop_api.get(f"/api/jobs/{created.get_json()['data']['id']}").get_json()["data"]
    assert job["status"] == "failed"
    assert "Export as CSV" in job["error"] and "description_html" in job["error"]
    assert not job.get("file_locations")


def test_an_export_names_its_collection_and_a_broken_scope_says_what_to_pick(shop_api, sandbox):
    collection = next(iter(sandbox.store().collections.values()))
    created = shop_api.post("/api/jobs", json={
        "kind": "export", "scope": {"type": "collection", "id": collection["id"]}})
    assert created.status_code == 201, created.get_json()
    job = created.get_json()["data"]
    assert job["scope"]["title"] == collection["title"]
    assert collection["title"] in job["title"]

    refused = shop_api.post("/api/jobs", json={
        "kind": "export", "scope": {"type": "collection", "id": None}})
    assert refused.status_code == 422
    (error,) = refused.get_json()["errors"]
    assert error["source"]["pointer"] == "/scope" and error["detail"] == "Pick a collection"


def test_reading_broken_off_stores_nothing_and_the_next_reading_writes_the_whole_file(
        shop_api, sandbox, run_worker, e2e_app, monkeypatch):
    from sqlalchemy import select

    from shopify_app.extensions import db
    from shopify_app.jobs import runner
    from shopify_app.jobs.kinds import export as export_kind
    from shopify_app.models import Job, JobItem
    from shopify_app.shopify.errors import TransientError
    from shopify_app.storage import job_prefix, storage

    products = _products(sandbox)
    real = export_kind.iter_scope

    def breaks_off(*args, **kwargs):  # type: ignore[no-untyped-def]
        for number, product in enumerate(real(*args, **kwargs)):
            if number == 120:
                raise TransientError("Connection reset while reading products")
            yield product

    created = shop_api.post("/api/jobs", json={"kind": "export",
                                               "options": {"columns": ["id", "handle", "sku"]}})
    assert created.status_code == 201, created.get_json()
    job_id = created.get_json()["data"]["id"]
    monkeypatch.setattr(export_kind, "iter_scope", breaks_off)
    monkeypatch.setattr(runner, "_retries_left", lambda: True)  # as RQ would retry it
    with pytest.raises(TransientError):
        runner.fan_out(job_id)
    job_row = db.session.get(Job, job_id, populate_existing=True)
    assert list(storage().list(job_prefix(job_row.shop_id, job_id))) == []  # no partial file
    db.session.rollback()  # end this read, so the requests below see the worker's writes
    monkeypatch.setattr(export_kind, "iter_scope", real)
    run_worker()  # the fan-out, queued when the job was created, reads everything again
    job = shop_api.get(f"/api/jobs/{job_id}").get_json()["data"]
    assert job["status"] == "completed", job
    with open_sheet(io.BytesIO(_download(e2e_app, job))) as sheet:
        rows = [row.cells for row in sheet.rows()]
    stored = db.session.get(Job, job_id, populate_existing=True).file_locations
    assert len(rows) == sum(len(p["variants"]) for p in products) == stored[0]["rows"]
    assert sorted({row[0] for row in rows}) == sorted(p["id"] for p in products)
    items = list(db.session.scalars(select(JobItem).where(JobItem.job_id == job_id)))
    assert len(items) == len(products)
    assert all("product" not in item.input for item in items)  # the file holds the products
    assert sum(item.input["rows"] for item in items) == len(rows)
