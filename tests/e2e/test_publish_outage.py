"""Publishing while the store is down: writes are retried, then fail with the store's
reason (never left `publishing`); a retry after the outage publishes; items whose task
was lost are queued again once a lease has passed."""
from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from shopify_app.extensions import db
from shopify_app.jobs import publishing
from shopify_app.models import Job, JobItem

pytestmark = pytest.mark.e2e


def _items(api, job_id):  # type: ignore[no-untyped-def]
    return api.get(f"/api/jobs/{job_id}/items", query_string={"limit": "100"}).get_json()["data"]


def _generated(shop_api, sandbox, run_worker, count=2):  # type: ignore[no-untyped-def]
    products = sorted(sandbox.store().products.values(), key=lambda p: p["_n"])[:count]
    created = shop_api.post("/api/jobs", json={
        "kind": "generate", "field": "seo_title",
        "scope": {"type": "products", "ids": [p["id"] for p in products]}})
    assert created.status_code == 201, created.get_json()
    run_worker()
    return created.get_json()["data"]["id"], products


def test_store_outage_fails_the_items_with_its_reason_then_retry_publishes(
        shop_api, sandbox, run_worker, e2e_app):
    job_id, products = _generated(shop_api, sandbox, run_worker)
    ids = [item["id"] for item in _items(shop_api, job_id)]
    e2e_app.config["SHELF_PUBLISH_RETRY_SECONDS"] = 3  # a short outage budget for the test
    requests.put(f"{sandbox.origin}/sandbox/faults", json={"error_rate": 1.0},
                 timeout=10).raise_for_status()
    try:
        assert shop_api.post(f"/api/jobs/{job_id}/publish",
                             json={"item_ids": ids}).status_code == 202
        run_worker()
    finally:
        requests.delete(f"{sandbox.origin}/sandbox/faults", timeout=10).raise_for_status()

    failed = _items(shop_api, job_id)
    assert [i["publish_status"] for i in failed] == ["failed", "failed"]
    for item in failed:
        assert item["error"].startswith("Not published: Shopify kept answering 50")
        assert "Bad Gateway" in item["error"] or "Service Unavailable" in item["error"]
        assert "Retry publish" in item["error"]
    job = db.session.get(Job, job_id, populate_existing=True)
    assert job.stage is None and job.status == "review"

    # Retry publish once the store answers again.
    assert shop_api.post(f"/api/jobs/{job_id}/publish",
                         json={"item_ids": ids}).status_code == 202
    run_worker()
    published = _items(shop_api, job_id)
    assert [i["publish_status"] for i in published] == ["published", "published"]
    assert all(i["error"] is None for i in published)
    titles = {p["_n"]: sandbox.store().products[p["_n"]]["seo"]["title"] for p in products}
    assert sorted(titles.values()) == sorted(i["published"] for i in published)


def test_a_short_blip_is_retried_inside_the_task(shop_api, sandbox, run_worker, e2e_app):
    job_id, _ = _generated(shop_api, sandbox, run_worker, count=1)
    e2e_app.config["SHELF_PUBLISH_RETRY_SECONDS"] = 30
    # More failures than one call's own retries: only the task's retry gets through.
    requests.put(f"{sandbox.origin}/sandbox/faults", json={"fail_next": 6},
                 timeout=10).raise_for_status()
    try:
        shop_api.post(f"/api/jobs/{job_id}/publish", json={"all": True})
        run_worker()
    finally:
        requests.delete(f"{sandbox.origin}/sandbox/faults", timeout=10).raise_for_status()
    (item,) = _items(shop_api, job_id)
    assert item["publish_status"] == "published", item["error"]


def test_items_of_a_lost_task_are_queued_again_after_a_lease(
        shop_api, sandbox, run_worker, e2e_app):
    job_id, _ = _generated(shop_api, sandbox, run_worker)
    assert shop_api.post(f"/api/jobs/{job_id}/publish", json={"all": True}).status_code == 202
    # The task is still queued: the reaper leaves its items alone.
    assert publishing.reap_stuck(older_than=timedelta(0)) == 0

    e2e_app.extensions["queues"]["high"].empty()  # Redis lost the queued task
    assert publishing.reap_stuck(older_than=timedelta(0)) == 2
    assert publishing.reap_stuck(older_than=timedelta(0)) == 0  # queued again: covered
    run_worker()
    statuses = {i["publish_status"] for i in _items(shop_api, job_id)}
    assert statuses == {"published"}
    db.session.rollback()
    assert db.session.query(JobItem).filter_by(job_id=job_id,
                                               publish_status="publishing").count() == 0
