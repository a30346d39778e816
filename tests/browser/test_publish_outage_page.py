"""The store answering 5xx while publishing: the rows end "Publish failed" with the store's
reason within a minute (never a silent "Publishing…"), and Retry publish works once the
store is back."""
from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def test_store_outage_fails_rows_with_the_reason_then_retry_publish(live, page):
    products = sorted(live.sandbox.store().products.values(), key=lambda p: p["_n"])[:3]
    created = live.api("post", "/api/jobs", json={
        "kind": "generate", "field": "seo_title", "title": "Outage titles",
        "scope": {"type": "products", "ids": [p["id"] for p in products]}})
    assert created.status_code == 201, created.get_json()
    job_id = created.get_json()["data"]["id"]
    page.goto(live.path(f"/jobs/{job_id}"))
    expect(page.locator("[data-job-badge]")).to_contain_text("Review", timeout=60_000)
    rows = page.locator("tr[data-item-id]")
    expect(rows).to_have_count(3)

    requests.put(f"{live.sandbox.origin}/sandbox/faults", json={"error_rate": 1.0},
                 timeout=10).raise_for_status()
    try:
        page.locator("[data-select-all]").check()
        page.get_by_role("button", name="Publish selected").click()
        page.locator("dialog[open]").get_by_role("button", name="Publish selected").click()
        # The default retry budget, then the store's reason on every row: well under 60 s.
        for index in range(3):
            status = rows.nth(index).locator("[data-item-status]")
            expect(status).to_contain_text("Publish failed", timeout=60_000)
        first = rows.first
        expect(first.locator(".item-error")).to_contain_text("Shopify kept answering 50")
        expect(first.locator(".item-error")).to_contain_text("Use Retry publish")
        banner = page.locator("[data-publish-progress]")
        expect(banner).to_have_class(re.compile(r"\bcritical\b"))
        expect(banner).to_contain_text("3 failed")
        shot(page, "publish-outage-failed")
    finally:
        requests.delete(f"{live.sandbox.origin}/sandbox/faults", timeout=10).raise_for_status()

    first.get_by_role("button", name=re.compile("^Retry publish")).click()
    expect(first.locator("[data-item-status]")).to_contain_text("Published", timeout=30_000)
    expect(first.locator(".item-error")).to_have_count(0)
    item_id = first.get_attribute("data-item-id")
    item = live.api("get", f"/api/items/{item_id}").get_json()["data"]
    stored = {p["id"]: p["seo"]["title"] for p in live.sandbox.store().products.values()}
    assert stored[item["product_id"]] == item["published"]
