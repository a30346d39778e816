"""Publishing against the sandbox store: a forced publish keeps the merchant's value it
overwrote (revert restores it, the audit records it); editing an image analysis result
is validated the way that kind says."""
from __future__ import annotations

import json

import pytest
import requests

from shopify_app.extensions import db
from shopify_app.models import JobEvent

pytestmark = pytest.mark.e2e


def _items(api, job_id):  # type: ignore[no-untyped-def]
    return api.get(f"/api/jobs/{job_id}/items", query_string={"limit": "100"}).get_json()["data"]


def _one_product_job(shop_api, sandbox, run_worker, body):  # type: ignore[no-untyped-def]
    product = sorted(sandbox.store().products.values(), key=lambda p: p["_n"])[0]
    created = shop_api.post("/api/jobs", json={
        **body, "scope": {"type": "products", "ids": [product["id"]]}})
    assert created.status_code == 201, created.get_json()
    run_worker()
    (item,) = _items(shop_api, created.get_json()["data"]["id"])
    return product, item


def test_force_publish_then_revert_restores_the_merchants_edit(shop_api, sandbox, run_worker):
    product, item = _one_product_job(shop_api, sandbox, run_worker,
                                     {"kind": "generate", "field": "description"})
    before_job = product["descriptionHtml"]
    numeric = product["id"].rsplit("/", 1)[1]
    requests.patch(f"{sandbox.origin}/sandbox/shops/{sandbox.shop}/products/{numeric}",
                   json={"descriptionHtml": "<p>The merchant's own words</p>"}, timeout=10)

    assert shop_api.post(f"/api/items/{item['id']}/publish", json={}).status_code == 202
    run_worker()
    assert _items(shop_api, item["job_id"])[0]["publish_status"] == "conflict"

    assert shop_api.post(f"/api/items/{item['id']}/publish",
                         json={"force": True}).status_code == 202
    run_worker()
    published = _items(shop_api, item["job_id"])[0]
    assert published["publish_status"] == "published"
    assert sandbox.store().products[product["_n"]]["descriptionHtml"] == published["published"]
    assert published["original"] == "<p>The merchant's own words</p>"

    assert shop_api.post(f"/api/items/{item['id']}/revert", json={}).status_code == 202
    run_worker()
    assert sandbox.store().products[product["_n"]]["descriptionHtml"] == \
        "<p>The merchant's own words</p>"
    assert _items(shop_api, item["job_id"])[0]["publish_status"] == "reverted"

    forced = db.session.query(JobEvent).filter_by(job_id=item["job_id"],
                                                  action="force_publish").one()
    assert forced.data["overwrote"] == "<p>The merchant's own words</p>"
    assert forced.data["old"] == "<p>The merchant's own words</p>"
    assert forced.data["original_before"] == (before_job or "")


def test_unforced_publish_and_revert_keep_the_original(shop_api, sandbox, run_worker):
    product, item = _one_product_job(shop_api, sandbox, run_worker,
                                     {"kind": "generate", "field": "seo_title"})
    original = item["original"]
    shop_api.post(f"/api/items/{item['id']}/publish", json={})
    run_worker()
    shop_api.post(f"/api/items/{item['id']}/revert", json={})
    run_worker()
    (after,) = _items(shop_api, item["job_id"])
    assert after["publish_status"] == "reverted" and after["original"] == original
    assert (sandbox.store().products[product["_n"]]["seo"]["title"] or "") == original
    published = db.session.query(JobEvent).filter_by(job_id=item["job_id"],
                                                     action="publish").one()
    assert "overwrote" not in published.data


@pytest.mark.parametrize("proposed", [
    "just text", ["ok", 5], {"tags": "color:navy"}, {"colors": ["navy"]},
    {"tags": ["a,b"]}, {"tags": [""]}, {"tags": ["x" * 256]}, None,
])
def test_editing_an_image_analysis_rejects_bad_values(shop_api, sandbox, run_worker, proposed):
    _, item = _one_product_job(shop_api, sandbox, run_worker, {"kind": "analyze_images"})
    response = shop_api.patch(f"/api/items/{item['id']}", json={"proposed": proposed})
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["errors"][0]["source"]["pointer"] == "/proposed"
    assert _items(shop_api, item["job_id"])[0]["proposed"] == item["proposed"]


def test_editing_an_image_analysis_changes_the_tags_it_adds(shop_api, sandbox, run_worker):
    product, item = _one_product_job(shop_api, sandbox, run_worker,
                                     {"kind": "analyze_images", "options": {"target": "both"}})
    before = json.loads(item["proposed"])
    response = shop_api.patch(f"/api/items/{item['id']}", json={
        "proposed": {"tags": [" color:sky ", "COLOR:SKY", "style:merchant-picked"]}})
    assert response.status_code == 200, response.get_json()
    edited = json.loads(response.get_json()["data"]["proposed"])
    assert edited["tags"] == ["color:sky", "style:merchant-picked"]
    assert edited["metafields"] == before["metafields"]  # the analysis itself is kept

    assert shop_api.post(f"/api/items/{item['id']}/publish", json={}).status_code == 202
    run_worker()
    tags = sandbox.store().products[product["_n"]]["tags"]
    assert "color:sky" in tags and "style:merchant-picked" in tags
    locked = shop_api.patch(f"/api/items/{item['id']}", json={"proposed": {"tags": []}})
    assert locked.status_code == 409
