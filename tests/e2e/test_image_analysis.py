"""Image analysis against the sandbox store: analyze, approve all, tags and metafields, revert."""
from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.e2e
EXPECTED = {"Navy": "color:navy", "Teal": "color:teal", "Olive": "color:olive",
            "Crimson": "color:red"}


def _all_items(api, job_id):  # type: ignore[no-untyped-def]
    found, cursor = [], None
    while True:
        params = {"limit": "100", **({"cursor": cursor} if cursor else {})}
        body = api.get(f"/api/jobs/{job_id}/items", query_string=params).get_json()
        found += body["data"]
        cursor = body["meta"]["next_cursor"]
        if not cursor:
            return found


def test_analyze_approve_all_then_revert(shop_api, sandbox, run_worker):
    store = sandbox.store()
    products = sorted(store.products.values(), key=lambda p: p["_n"])[:100]
    merchant_tags = {p["id"]: list(p["tags"]) for p in products}
    created = shop_api.post("/api/jobs", json={
        "kind": "analyze_images", "scope": {"type": "products", "ids": [p["id"] for p in products]},
        "options": {"target": "both", "max_images": 2}})
    assert created.status_code == 201, created.get_json()
    job_id = created.get_json()["data"]["id"]
    run_worker()

    job = shop_api.get(f"/api/jobs/{job_id}").get_json()["data"]
    assert job["status"] == "review", job
    assert job["counts"]["total"] == 100 and job["counts"]["succeeded"] == 100
    items = _all_items(shop_api, job_id)
    first = items[0]
    assert first["analysis"]["images"][0]["quality"]["width"] > 0
    assert first["analysis"]["colors"] and "recommendations" in \
        first["analysis"]["images"][0]["quality"]
    assert all(p["tags"] == merchant_tags[p["id"]] for p in products)  # nothing before approval

    assert shop_api.post(f"/api/jobs/{job_id}/publish", json={}).status_code == 202
    run_worker()
    job = shop_api.get(f"/api/jobs/{job_id}").get_json()["data"]
    assert job["status"] == "completed" and job["counts"]["published"] == 100
    checked = hits = 0
    for product in products:
        assert set(merchant_tags[product["id"]]) <= set(product["tags"])  # merchant's kept
        proposal = json.loads(next(i["proposed"] for i in items
                                   if i["product_id"] == product["id"]))
        assert set(proposal["tags"]) <= set(product["tags"])
        owned = store.owner_metafields(product["id"])
        assert any(m["namespace"] == "shelf" and m["key"] == "colors" for m in owned)
        subject = product["media"][0]["_image"]["color_name"]
        if subject in EXPECTED:
            checked += 1
            hits += EXPECTED[subject] in product["tags"]
    assert checked >= 10 and hits >= 0.9 * checked

    assert shop_api.post(f"/api/jobs/{job_id}/revert", json={}).status_code == 202
    run_worker()
    for product in products:
        assert sorted(product["tags"]) == sorted(merchant_tags[product["id"]])
        assert not any(m["namespace"] == "shelf"
                       for m in store.owner_metafields(product["id"]))


def test_product_without_images_fails_with_a_reason(shop_api, sandbox, run_worker):
    product = next(iter(sandbox.store().products.values()))
    product["media"] = []
    job_id = shop_api.post("/api/jobs", json={
        "kind": "analyze_images", "scope": {"type": "products", "ids": [product["id"]]},
    }).get_json()["data"]["id"]
    run_worker()
    job = shop_api.get(f"/api/jobs/{job_id}").get_json()["data"]
    assert job["status"] == "failed"
    assert "no images" in job["error"]


def test_bad_options_are_422(shop_api):
    response = shop_api.post("/api/jobs", json={
        "kind": "analyze_images", "scope": {"type": "missing", "field": "alt_text"},
        "options": {"target": "everywhere", "max_images": 99}})
    assert response.status_code == 422
    details = {e["source"]["pointer"]: e["detail"] for e in response.get_json()["errors"]}
    assert {"/scope", "/options/target", "/options/max_images"} <= set(details)
    # Sentences a merchant can act on, in the form's words (not "max_images must be 1 to 20").
    assert details["/options/max_images"] == "Images per product: choose a number from 1 to 20"
    assert details["/options/target"] == "Choose where the results go: tags, metafields or both"
    assert "_" not in details["/scope"]
