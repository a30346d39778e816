"""Generation against the sandbox store with a real worker: review, publish, conflict, revert."""
from __future__ import annotations

import json

import pytest
import requests
from sqlalchemy import func, select

from shopify_app.extensions import db
from shopify_app.models import Job, WebhookEvent
from tests.conftest import API_SECRET
from tests.helpers import webhook_headers

pytestmark = pytest.mark.e2e


def _job(api, job_id):  # type: ignore[no-untyped-def]
    return api.get(f"/api/jobs/{job_id}").get_json()["data"]


def _items(api, job_id, **filters):  # type: ignore[no-untyped-def]
    found, cursor = [], None
    while True:
        params = {**filters, "limit": "100", **({"cursor": cursor} if cursor else {})}
        body = api.get(f"/api/jobs/{job_id}/items", query_string=params).get_json()
        found += body["data"]
        cursor = body["meta"]["next_cursor"]
        if not cursor:
            return found


def _descriptions(sandbox) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {p["id"]: p["descriptionHtml"] for p in sandbox.store().products.values()}


def test_review_publish_conflict_and_revert(shop_api, sandbox, run_worker):
    originals = _descriptions(sandbox)
    created = shop_api.post("/api/jobs", json={
        "kind": "generate", "field": "description", "scope": {"type": "all"},
        "title": "Spring descriptions"})
    assert created.status_code == 201, created.get_json()
    job_id = created.get_json()["data"]["id"]
    run_worker()

    job = _job(shop_api, job_id)
    assert job["status"] == "review", job
    assert job["counts"]["total"] == 200 and job["counts"]["succeeded"] == 200
    assert job["counts"]["pending_review"] == 200
    items = _items(shop_api, job_id)
    assert all(i["proposed"] and i["proposed"].startswith("<") for i in items)
    assert _descriptions(sandbox) == originals  # nothing written before review

    # A merchant edits one product in Shopify after Shelf read it.
    edited = items[0]
    numeric = edited["product_id"].rsplit("/", 1)[1]
    requests.patch(f"{sandbox.origin}/sandbox/shops/{sandbox.shop}/products/{numeric}",
                   json={"descriptionHtml": "<p>Written by the merchant</p>"}, timeout=10)

    published = shop_api.post(f"/api/jobs/{job_id}/publish", json={})
    assert published.status_code == 202 and published.get_json()["data"]["queued"] == 200
    run_worker()

    now = _descriptions(sandbox)
    by_product = {i["product_id"]: i for i in _items(shop_api, job_id)}
    assert now[edited["product_id"]] == "<p>Written by the merchant</p>"
    assert by_product[edited["product_id"]]["publish_status"] == "conflict"
    others = [pid for pid in by_product if pid != edited["product_id"]]
    assert all(by_product[pid]["publish_status"] == "published" for pid in others)
    assert all(now[pid] == by_product[pid]["proposed"] for pid in others)
    job = _job(shop_api, job_id)
    assert job["counts"]["published"] == 199 and job["status"] == "review"

    # Publishing again writes nothing twice.
    writes_before = len(sandbox.store().writes)
    assert shop_api.post(f"/api/jobs/{job_id}/publish", json={}).get_json()["data"][
        "queued"] == 0
    run_worker()
    assert len(sandbox.store().writes) == writes_before

    reverted = shop_api.post(f"/api/jobs/{job_id}/revert", json={})
    assert reverted.get_json()["data"]["queued"] == 199
    run_worker()
    now = _descriptions(sandbox)
    assert all(now[pid] == originals[pid] for pid in others)
    assert now[edited["product_id"]] == "<p>Written by the merchant</p>"


def test_edit_then_publish_one_item(shop_api, sandbox, run_worker):
    job_id = shop_api.post("/api/jobs", json={
        "kind": "generate", "field": "seo_title",
        "scope": {"type": "products", "ids": [next(iter(sandbox.store().products.values()))["id"]]},
    }).get_json()["data"]["id"]
    run_worker()
    (item,) = _items(shop_api, job_id)
    too_long = shop_api.patch(f"/api/items/{item['id']}", json={"proposed": "x" * 200})
    assert too_long.status_code == 422
    edited = shop_api.patch(f"/api/items/{item['id']}", json={"proposed": "Merino, made well"})
    assert edited.status_code == 200 and edited.get_json()["data"]["proposed"] == \
        "Merino, made well"
    assert shop_api.post(f"/api/items/{item['id']}/publish", json={}).status_code == 202
    run_worker()
    product = sandbox.store().products
    assert any(p["seo"]["title"] == "Merino, made well" for p in product.values())
    assert _job(shop_api, job_id)["status"] == "completed"
    assert shop_api.post(f"/api/items/{item['id']}/publish", json={}).status_code == 409


def test_auto_publish_alt_text_without_review(shop_api, sandbox, run_worker):
    store = sandbox.store()
    missing_before = sum(1 for m in store.media.values() if not (m.get("alt") or "").strip())
    job_id = shop_api.post("/api/jobs", json={
        "kind": "generate", "field": "alt_text", "strategy": "auto_publish",
        "scope": {"type": "missing", "field": "alt_text"}}).get_json()["data"]["id"]
    run_worker()
    job = _job(shop_api, job_id)
    assert job["status"] == "completed", job
    assert job["counts"]["total"] == missing_before
    assert job["counts"]["published"] == missing_before
    assert all((m.get("alt") or "").strip() for m in store.media.values())


def test_products_create_webhook_twice_makes_one_job(shop_api, sandbox, e2e_app, run_worker):
    shop_api.put("/api/settings", json={"auto_generate": {"description": True}})
    product = next(iter(sandbox.store().products.values()))
    body = json.dumps({"id": int(product["legacyResourceId"]), "title": product["title"],
                       "admin_graphql_api_id": product["id"], "tags": ""}).encode()
    client = e2e_app.test_client()
    headers = webhook_headers(body, API_SECRET, "products/create", sandbox.shop, "evt-42")
    assert client.post("/webhooks", data=body, headers=headers).status_code == 200
    assert client.post("/webhooks", data=body, headers=headers).status_code == 200
    # A second delivery of the same product under another event id joins the same window.
    headers = webhook_headers(body, API_SECRET, "products/create", sandbox.shop, "evt-43")
    client.post("/webhooks", data=body, headers=headers)
    run_worker()
    assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 2

    from shopify_app.jobs.kinds.generate import auto
    from shopify_app.shops import find_shop

    created = auto.flush(find_shop(sandbox.shop).id)
    assert len(created) == 1
    assert auto.flush(find_shop(sandbox.shop).id) == []
    job = db.session.get(Job, created[0])
    assert job.scope == {"type": "products", "ids": [product["id"]]}
    assert job.created_by == "auto"


def test_scope_count_search_and_monitor(shop_api, sandbox, run_worker):
    store = sandbox.store()
    tag = sorted({t for p in store.products.values() for t in p["tags"]})[0]
    expected = sum(1 for p in store.products.values() if tag in p["tags"])
    counted = shop_api.get("/api/scope/count", query_string={
        "scope": json.dumps({"type": "tag", "value": tag})}).get_json()["data"]
    assert counted["count"] >= expected
    missing = sum(1 for p in store.products.values() if not p["descriptionHtml"])
    upper = shop_api.get("/api/scope/count", query_string={
        "scope": json.dumps({"type": "missing"}), "field": "description"}).get_json()["data"]
    # Counted one by one, not an upper bound: the figure the job will really have.
    assert upper["count"] == missing and upper["exact"] is True
    assert shop_api.get("/api/scope/count?scope=nope").status_code == 422

    title = next(iter(store.products.values()))["title"]
    found = shop_api.get("/api/products", query_string={"q": title}).get_json()["data"]
    assert title in [p["title"] for p in found]
    collections = shop_api.get("/api/collections").get_json()["data"]
    assert len(collections) == len(store.collections)

    shop_api.post("/api/jobs", json={"kind": "generate", "field": "seo_title",
                                     "scope": {"type": "tag", "value": tag}})
    run_worker()
    data = shop_api.get("/api/monitor").get_json()["data"]
    assert data["kpis"]["jobs_today"] == 1
    assert data["kpis"]["items_generated"] >= expected
    assert data["kpis"]["awaiting_review"] == data["kpis"]["items_generated"]
    assert data["recent"][0]["action"] == "created"
