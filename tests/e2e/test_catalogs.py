"""Catalog jobs against the sandbox store: SKUs → HTML, PDF and ZIP, then deletion."""
from __future__ import annotations

import csv
import html
import io
import zipfile
from urllib.parse import urlparse

import pytest
from PIL import Image
from pypdf import PdfReader

from shopify_app.storage import image_cache_prefix, job_prefix, storage

pytestmark = pytest.mark.e2e

DEFINITION = {"name": "Wholesale spring", "layout": "list", "currency": "EUR",
              "number_format": "de_DE", "image_size": 200, "page_size": "A4",
              "columns": ["image", "title", "sku", "options", "quantity", "unit_price",
                          "line_total", "vendor"],
              "branding": {"accent_color": "#0a6640", "header_text": "Prices valid for 30 days",
                           "footer_text": "Northwind Wholesale", "cover_page": True}}


def _variants(sandbox, count):  # type: ignore[no-untyped-def]
    """One variant from each of ``count`` products, with the media its image should be."""
    store = sandbox.store()
    picked = []
    for product in sorted(store.products.values(), key=lambda p: p["_n"]):
        if not product["media"]:
            continue
        variant = product["variants"][-1]
        media = store.media.get(variant.get("_media_id") or 0) or product["media"][0]
        picked.append((product, variant, media))
        if len(picked) == count:
            return picked
    raise AssertionError("not enough products in the sandbox")


def _check_schema(path: str, method: str, body) -> None:  # type: ignore[no-untyped-def]
    """The response matches the OpenAPI document's schema for it."""
    import json

    import jsonschema

    from shopify_app.web.api.openapi import document

    spec = document()
    schema = spec["paths"][path][method]["responses"]["200"]["content"]["application/json"][
        "schema"]
    text = json.dumps({"$defs": spec["components"]["schemas"], **schema}).replace(
        "#/components/schemas/", "#/$defs/")
    jsonschema.Draft202012Validator(json.loads(text)).validate(body)


def _path(url: str) -> str:
    return urlparse(url).path


def _files(job):  # type: ignore[no-untyped-def]
    return {f["name"]: f for f in job["file_locations"]}


def test_thirty_rows_two_unknown_build_html_pdf_zip_then_delete(shop_api, sandbox, run_worker,
                                                                 e2e_app):
    client = e2e_app.test_client()
    definition = shop_api.post("/api/catalog-definitions", json=DEFINITION)
    assert definition.status_code == 201, definition.get_json()
    _check_schema("/api/catalog-definitions/{definition_id}", "get", definition.get_json())
    definition_id = definition.get_json()["data"]["id"]
    _check_schema("/api/catalog-definitions", "get",
                  shop_api.get("/api/catalog-definitions").get_json())

    picked = _variants(sandbox, 28)
    items = [{"sku": v["sku"], "quantity": i + 1, "price": f"{10 + i}.50",
              "description": f"Row {i + 1}"} for i, (_p, v, _m) in enumerate(picked)]
    items.insert(5, {"sku": "NO-SUCH-SKU-1", "quantity": 1})
    items.append({"sku": "NO-SUCH-SKU-2", "quantity": 2, "price": "3"})
    created = shop_api.post("/api/jobs", json={
        "kind": "build_catalog", "definition_id": definition_id,
        "customer": {"name": "Acme Retail", "email": "buyer@acme.example",
                     "phone": "+44 20 7946 0958"},
        "reference": "PO-4711", "items": items})
    assert created.status_code == 201, created.get_json()
    job = created.get_json()["data"]
    assert job["customer"] == {"name": "Acme Retail", "email": "buyer@acme.example",
                               "phone": "+442079460958"}
    run_worker()

    job = shop_api.get(f"/api/jobs/{job['id']}").get_json()["data"]
    assert job["status"] == "completed_with_errors", job
    assert job["counts"]["total"] == 30 and job["counts"]["failed"] == 2
    assert job["counts"]["succeeded"] == 28 and job["catalog_id"]
    failed = shop_api.get(f"/api/jobs/{job['id']}/items?status=failed").get_json()["data"]
    assert sorted(i["error"] for i in failed) == [
        "SKU NO-SUCH-SKU-1 was not found in the store", "SKU NO-SUCH-SKU-2 was not found in the "
                                                        "store"]
    files = _files(job)
    assert set(files) == {"catalog.html", "catalog.pdf", "catalog.zip"}

    # The standalone page names every resolved product and inlines its images.
    page = client.get(_path(files["catalog.html"]["url"]))
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "sandbox" in page.headers["Content-Security-Policy"]
    text = page.get_data(as_text=True)
    assert text.count("data:image/jpeg;base64,") >= 28
    for product, variant, _media in picked:
        assert html.escape(product["title"]) in text and variant["sku"] in text
    assert "NO-SUCH-SKU" not in text

    archive = zipfile.ZipFile(io.BytesIO(client.get(_path(files["catalog.zip"]["url"])).data))
    names = set(archive.namelist())
    assert {"index.html", "catalog.pdf", "rows.csv"} <= names
    index = archive.read("index.html").decode()
    assert "data:image" not in index  # images are files beside it: works offline from the ZIP
    # Prices and line totals in the definition's currency and number format.
    assert "10,50\xa0€" in index and "1.450,50\xa0€" not in index
    row_index = index.index(f'data-sku="{picked[2][1]["sku"]}"')
    assert "12,50\xa0€" in index[row_index:row_index + 3000]
    assert "37,50\xa0€" in index[row_index:row_index + 3000]  # 3 × 12.50

    # Every resolved row's image: the right product's picture, resized to the definition.
    for _product, variant, media in picked:
        start = index.index(f'data-sku="{variant["sku"]}"')
        src = index[start:start + 2000].split('src="', 1)[1].split('"', 1)[0]
        assert src.startswith("images/") and src in names
        image = Image.open(io.BytesIO(archive.read(src)))
        assert max(image.size) <= 200 and image.format == "JPEG"
        centre = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
        expected = media["_image"]["color"]
        assert sum(abs(a - b) for a, b in zip(centre, expected, strict=True)) < 60, (
            variant["sku"], centre, expected)

    reader = PdfReader(io.BytesIO(archive.read("catalog.pdf")))
    # Narrow cells wrap long SKUs: compare without the line breaks.
    pdf_text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    for _product, variant, _media in picked:
        assert pdf_text.count(variant["sku"]) == 1, variant["sku"]
    assert "NO-SUCH-SKU" not in pdf_text
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4

    rows = list(csv.DictReader(io.StringIO(archive.read("rows.csv").decode())))
    assert len(rows) == 30
    assert {r["sku"]: r["status"] for r in rows}["NO-SUCH-SKU-1"] == "failed"
    assert sum(1 for r in rows if r["status"] == "succeeded") == 28

    monitor = shop_api.get("/api/monitor").get_json()["data"]["catalogs"]
    assert monitor["catalogs_built"] == 1 and monitor["rows_resolved"] == 28
    assert monitor["rows_unknown"] == 2 and monitor["median_build_seconds"] > 0

    catalogs = shop_api.get("/api/catalogs").get_json()
    assert catalogs["meta"]["results"]["total"] == 1
    listed = catalogs["data"][0]
    _check_schema("/api/catalogs", "get", catalogs)
    one = shop_api.get(f"/api/catalogs/{listed['id']}").get_json()
    _check_schema("/api/catalogs/{catalog_id}", "get", one)
    shared = shop_api.post(f"/api/catalogs/{listed['id']}/links", json={"days": 30})
    assert shared.status_code == 200
    expires = {f["expires_at"] for f in shared.get_json()["data"]["files"]}
    assert expires and all(e > files["catalog.pdf"]["expires_at"] for e in expires)
    assert shop_api.post(f"/api/catalogs/{listed['id']}/links",
                         json={"days": 365}).status_code == 422
    assert listed["rows"] == 28 and listed["unknown_rows"] == 2
    assert listed["customer"]["name"] == "Acme Retail" and listed["reference"] == "PO-4711"

    # Deleting the job removes every file it stored; the links answer 404.
    response = shop_api.delete(f"/api/jobs/{job['id']}")
    assert response.status_code == 204
    for file in files.values():
        assert client.get(_path(file["url"])).status_code == 404
    with e2e_app.app_context():
        from shopify_app.extensions import db
        from shopify_app.models import Job, Shop

        shop = db.session.query(Shop).filter_by(domain=sandbox.shop).one()
        assert list(storage().list(job_prefix(shop.id, job["id"]))) == []
        left = list(storage().list(f"shops/{shop.id}/"))
        assert left and all(f.key.startswith(image_cache_prefix(shop.id)) for f in left)
        assert db.session.get(Job, job["id"]) is None
    assert shop_api.get("/api/catalogs").get_json()["meta"]["results"]["total"] == 0


def _create(api, definition_id, items, email="buyer@acme.example"):  # type: ignore[no-untyped-def]
    response = api.post("/api/jobs", json={
        "kind": "build_catalog", "definition_id": definition_id,
        "customer": {"name": "Acme Retail", "email": email}, "items": items})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["data"]["id"]


def test_all_rows_unknown_fails_with_the_reason_and_builds_nothing(shop_api, run_worker):
    definition_id = shop_api.post("/api/catalog-definitions",
                                  json={"name": "Plain"}).get_json()["data"]["id"]
    job_id = _create(shop_api, definition_id, [{"sku": "GHOST-1"}, {"sku": "GHOST-2"}])
    run_worker()
    job = shop_api.get(f"/api/jobs/{job_id}").get_json()["data"]
    assert job["status"] == "failed" and job["counts"]["failed"] == 2
    assert "was not found in the store" in job["error"]
    assert "file_locations" not in job and "catalog_id" not in job
    assert shop_api.get("/api/catalogs").get_json()["data"] == []


def test_custom_layout_catalog_and_an_ambiguous_sku(shop_api, sandbox, run_worker, e2e_app):
    (_p1, first, _m1), (_p2, shared, _m3), (_p3, twin, _m3) = _variants(sandbox, 3)
    twin["sku"] = shared["sku"]  # two variants now share one SKU in the store
    template = ("<h1>{{ customer.name }}</h1>{% for row in rows %}<div class='r'>{{ row.sku }}"
                " · {{ row.title }} · {{ row.line_total }}</div>{% endfor %}"
                "<p>{{ ''.__class__ }}</p><img src='http://169.254.169.254/latest/meta-data'>")
    definition = shop_api.post("/api/catalog-definitions", json={
        "name": "Own layout", "layout": "custom", "custom_template": template,
        "price_source": "store", "page_size": "Letter"})
    assert definition.status_code == 201, definition.get_json()
    job_id = _create(shop_api, definition.get_json()["data"]["id"],
                     [{"sku": first["sku"], "quantity": 2, "price": "1.00"},
                      {"sku": shared["sku"], "quantity": 1}])
    run_worker()
    job = shop_api.get(f"/api/jobs/{job_id}").get_json()["data"]
    assert job["status"] == "completed_with_errors", job
    failed = shop_api.get(f"/api/jobs/{job_id}/items?status=failed").get_json()["data"]
    assert len(failed) == 1 and f"SKU {shared['sku']} matches 2 variants" in failed[0]["error"]
    files = _files(job)
    page = e2e_app.test_client().get(_path(files["catalog.html"]["url"])).get_data(as_text=True)
    assert "<h1>Acme Retail</h1>" in page and first["sku"] in page
    # price_source "store": the variant's price, not the row's 1.00.
    expected = f"${float(first['price']) * 2:,.2f}"
    assert expected in page and "$2.00" not in page
    assert "<class" not in page and "&lt;class" not in page
    pdf = e2e_app.test_client().get(_path(files["catalog.pdf"]["url"])).data
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.pages[0].mediabox.width == pytest.approx(612, abs=1)  # Letter


def test_customer_and_shop_redaction_remove_the_files(shop_api, sandbox, run_worker, e2e_app):
    import json

    from shopify_app.extensions import db
    from shopify_app.models import Job, Shop
    from tests.conftest import API_SECRET
    from tests.helpers import webhook_headers

    (_p, variant, _m), = _variants(sandbox, 1)
    definition_id = shop_api.post("/api/catalog-definitions",
                                  json={"name": "Plain"}).get_json()["data"]["id"]
    mine = _create(shop_api, definition_id, [{"sku": variant["sku"]}], "Gone@Example.com")
    other = _create(shop_api, definition_id, [{"sku": variant["sku"]}], "stays@example.com")
    run_worker()
    links = _files(shop_api.get(f"/api/jobs/{mine}").get_json()["data"])
    client = e2e_app.test_client()
    assert client.get(_path(links["catalog.pdf"]["url"])).status_code == 200

    def deliver(topic: str, payload: dict) -> None:  # type: ignore[type-arg]
        body = json.dumps(payload).encode()
        headers = webhook_headers(body, API_SECRET, topic, sandbox.shop)
        assert client.post("/webhooks", data=body, headers=headers).status_code == 200
        run_worker()

    deliver("customers/redact", {"shop_domain": sandbox.shop,
                                 "customer": {"id": 7, "email": "gone@example.com"}})
    for link in links.values():
        assert client.get(_path(link["url"])).status_code == 404
    redacted = shop_api.get(f"/api/jobs/{mine}").get_json()["data"]
    assert "Gone" not in json.dumps(redacted) and "gone@" not in json.dumps(redacted).lower()
    assert "file_locations" not in redacted
    kept = _files(shop_api.get(f"/api/jobs/{other}").get_json()["data"])
    assert client.get(_path(kept["catalog.zip"]["url"])).status_code == 200
    with e2e_app.app_context():
        assert db.session.get(Job, mine).params["items"] == []
        shop_id = db.session.query(Shop).filter_by(domain=sandbox.shop).one().id

    deliver("shop/redact", {"shop_domain": sandbox.shop, "shop_id": 1})
    assert client.get(_path(kept["catalog.zip"]["url"])).status_code == 404
    with e2e_app.app_context():
        assert list(storage().list(f"shops/{shop_id}/")) == []
