"""Reviewing an image analysis without JSON: the image with its swatches, tags as chips to
remove or add, metafields as fields; saved tags are what Approve writes."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_until

pytestmark = pytest.mark.browser


def test_analysis_preview_edits_tags_as_chips_and_approves(live, page):
    products = sorted(live.sandbox.store().products.values(), key=lambda p: p["_n"])[:2]
    created = live.api("post", "/api/jobs", json={
        "kind": "analyze_images", "title": "Colors",
        "scope": {"type": "products", "ids": [p["id"] for p in products]},
        "options": {"target": "tags", "max_images": 1}})
    assert created.status_code == 201, created.get_json()
    job_id = created.get_json()["data"]["id"]
    wait_until(lambda: live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["status"]
               == "review")
    page.goto(live.path(f"/jobs/{job_id}"))
    row = page.locator("tr[data-item-id]").first
    item_id = row.get_attribute("data-item-id")
    item = live.api("get", f"/api/items/{item_id}").get_json()["data"]
    tags = json.loads(item["proposed"])["tags"]
    assert len(tags) >= 2
    expect(row.locator("img.thumb")).to_have_count(1)  # the analyzed image as thumbnail
    expect(row.locator(".chip")).to_have_count(len(tags))

    row.get_by_role("button", name=re.compile("^Preview")).click()
    dialog = page.locator("dialog[open]")
    review = dialog.locator("[data-analysis-review]")
    expect(review.locator("img.analysis-image")).to_have_count(1)
    expect(review.locator(".swatch").first).to_be_visible()
    expect(review.locator('[data-metafield="colors"]')).to_contain_text("%")
    text = review.inner_text()
    assert "{" not in text and "[" not in text, text  # never raw JSON
    shot(page, "analysis-review-dialog", full_page=False)

    removed = tags[0]
    review.get_by_role("button", name=f"Remove tag {removed}").click()
    expect(review.locator(f'.chip[data-tag="{removed}"]')).to_have_count(0)
    review.get_by_label("Add a tag").fill("style:linen")
    review.get_by_label("Add a tag").press("Enter")
    expect(review.locator('.chip[data-tag="style:linen"]')).to_have_count(1)
    review.get_by_label("Add a tag").fill("bad,tag")
    review.get_by_role("button", name="Add", exact=True).click()
    expect(review.locator(".field-error")).to_contain_text("comma")
    dialog.get_by_role("button", name="Approve").click()

    expect(row.locator("[data-item-status]")).to_contain_text("Published", timeout=30_000)
    saved = json.loads(live.api("get", f"/api/items/{item_id}").get_json()["data"]["proposed"])
    assert "style:linen" in saved["tags"] and removed not in saved["tags"]
    product = next(p for p in live.sandbox.store().products.values()
                   if p["id"] == item["product_id"])
    assert "style:linen" in product["tags"]
    assert removed not in product["tags"] or removed in json.loads(item["original"])["tags"]
