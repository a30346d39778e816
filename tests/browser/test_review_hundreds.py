"""Reviewing many results: counts on the filter tabs, select all N matching (not only the
page) with the bulk action bar, and Revert all."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_until

pytestmark = pytest.mark.browser


def test_tab_counts_select_all_matching_and_revert_all(live, page):
    created = live.api("post", "/api/jobs", json={
        "kind": "generate", "field": "seo_title", "title": "Sixty titles",
        "scope": {"type": "all"}})
    assert created.status_code == 201, created.get_json()
    job_id = created.get_json()["data"]["id"]
    wait_until(lambda: live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["status"]
               == "review")
    page.goto(live.path(f"/jobs/{job_id}"))
    count = page.locator("[data-tab-count]")
    expect(page.locator('[data-tab-count="all"]')).to_have_text("60")
    expect(page.locator('[data-tab-count="unpublished"]')).to_have_text("60")
    expect(page.locator('[data-tab-count="published"]')).to_have_text("0")
    # Seven status tabs, plus "Claims to check" and "Low SEO score" for generated text.
    assert count.count() == 9
    expect(page.locator('[data-tab-count="flagged"]')).to_have_text("0")
    expect(page.locator("tr[data-item-id]")).to_have_count(20)

    page.locator("[data-select-all]").check()
    expect(page.locator("[data-selected-count]")).to_have_text("20 selected")
    matching = page.get_by_role("button", name="Select all 60 matching items")
    matching.click()
    expect(page.locator("[data-selected-count]")).to_have_text("60 selected")
    shot(page, "select-all-matching", full_page=False)
    page.get_by_role("button", name="Publish selected").click()
    confirm = page.locator("dialog[open]")
    expect(confirm).to_contain_text("60 selected items")
    confirm.get_by_role("button", name="Publish selected").click()
    expect(page.locator('[data-count="published"]')).to_have_text("60", timeout=60_000)
    expect(page.locator('[data-tab-count="published"]')).to_have_text("60", timeout=15_000)
    expect(page.locator('[data-tab-count="unpublished"]')).to_have_text("0")

    page.get_by_role("button", name=re.compile("^Revert all")).click()
    confirm = page.locator("dialog[open]")
    expect(confirm).to_contain_text("all 60 published results")
    confirm.get_by_role("button", name="Revert all").click()
    expect(page.locator('[data-count="published"]')).to_have_text("0", timeout=60_000)
    expect(page.get_by_role("button", name=re.compile("^Revert all"))).to_be_hidden()
    wait_until(lambda: {i["publish_status"] for i in live.api(
        "get", f"/api/jobs/{job_id}/items?limit=100").get_json()["data"]} == {"reverted"})
    # Reverted results are findable and can be published again in one go.
    expect(page.locator('[data-tab-count="reverted"]')).to_have_text("60", timeout=15_000)
    expect(page.locator("[data-publish-all]")).to_be_enabled()

    # The ids endpoint only answers for the shop's own job, and checks its filters.
    assert live.api("get", f"/api/jobs/{job_id}/items/ids?status=bogus").status_code == 422
    assert live.api("get", "/api/jobs/01NOSUCHJOB/items/ids").status_code == 404
    assert live.api("get", "/api/jobs/01NOSUCHJOB/items/counts").status_code == 404
