"""The preview as a review flow: a word-level diff of original → proposed, and previous /
next with buttons or the arrow keys without closing the dialog by hand."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_until

pytestmark = pytest.mark.browser


def test_preview_shows_a_word_diff_and_moves_with_the_keyboard(live, page):
    products = [p for p in sorted(live.sandbox.store().products.values(), key=lambda p: p["_n"])
                if (p["seo"]["title"] or "").strip()][:3]
    if len(products) < 3:  # give three products a title of their own to compare against
        products = sorted(live.sandbox.store().products.values(), key=lambda p: p["_n"])[:3]
        for product in products:
            product["seo"]["title"] = f"{product['title']} for sale"
    created = live.api("post", "/api/jobs", json={
        "kind": "generate", "field": "seo_title", "title": "Diff titles",
        "scope": {"type": "products", "ids": [p["id"] for p in products]}})
    job_id = created.get_json()["data"]["id"]
    wait_until(lambda: live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["status"]
               == "review")
    page.goto(live.path(f"/jobs/{job_id}"))
    rows = page.locator("tr[data-item-id]")
    expect(rows).to_have_count(3)
    titles = [live.api("get", f"/api/items/{rows.nth(i).get_attribute('data-item-id')}")
              .get_json()["data"]["product_title"] for i in range(3)]

    rows.first.get_by_role("button", name=re.compile("^Preview")).click()
    dialog = page.locator("dialog[open]")
    expect(dialog.locator("h2").first).to_have_text(titles[0])
    diff = dialog.locator("[data-word-diff]")
    expect(diff).to_be_visible()
    assert diff.locator("ins").count() >= 1  # added words are marked
    shot(page, "preview-word-diff", full_page=False)

    page.keyboard.press("ArrowRight")
    expect(page.locator("dialog[open] h2").first).to_have_text(titles[1])
    page.keyboard.press("ArrowRight")
    expect(page.locator("dialog[open] h2").first).to_have_text(titles[2])
    expect(page.locator("dialog[open]").get_by_role("button", name="Next")).to_have_count(0)
    page.keyboard.press("ArrowLeft")
    expect(page.locator("dialog[open] h2").first).to_have_text(titles[1])
    page.locator("dialog[open]").get_by_role("button", name="Previous").click()
    expect(page.locator("dialog[open] h2").first).to_have_text(titles[0])
    page.keyboard.press("Escape")
    expect(page.locator("dialog[open]")).to_have_count(0)
