"""Image analysis in the browser: results render with swatches; approve all writes the tags."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_until

pytestmark = pytest.mark.browser


def test_analysis_results_render_and_approve_all_writes_tags(live, page):
    store = live.sandbox.store()
    products = sorted(store.products.values(), key=lambda p: p["_n"])[:8]
    merchant_tags = {p["id"]: list(p["tags"]) for p in products}
    created = live.api("post", "/api/jobs", json={
        "kind": "analyze_images", "title": "Colors for spring",
        "scope": {"type": "products", "ids": [p["id"] for p in products]},
        "options": {"target": "tags", "max_images": 1}})
    assert created.status_code == 201, created.get_json()
    job_id = created.get_json()["data"]["id"]
    wait_until(lambda: live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["status"]
               == "review")

    page.goto(live.path(f"/jobs/{job_id}"))
    rows = page.locator("tr[data-item-id]")
    expect(rows).to_have_count(8)
    first = rows.first
    expect(first.locator(".swatch").first).to_be_visible()
    expect(first.locator("[data-analysis]")).to_contain_text("Tags to add: color:")
    expect(first.locator("[data-analysis]")).to_contain_text("px")
    expect(first.get_by_role("button", name="Edit")).to_have_count(0)
    shot(page, "analysis-review")

    page.get_by_role("button", name="Approve all").click()
    page.get_by_role("dialog").get_by_role("button", name="Approve all").or_(
        page.get_by_role("dialog").get_by_role("button", name="Publish all")).first.click()
    expect(page.locator('[data-count="published"]')).to_have_text("8", timeout=60_000)
    shot(page, "analysis-approved")
    for product in products:
        added = [t for t in product["tags"] if t.startswith("color:")]
        assert added, product["title"]
        assert set(merchant_tags[product["id"]]) <= set(product["tags"])
