"""A kind the test suite adds on its own (tests/support/shout_kind.py) is reviewed, edited,
applied and reverted on the job page, worded the way the kind describes itself."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_until
from tests.support.shout_kind import store_key

pytestmark = pytest.mark.browser


def test_plugin_kind_review_apply_and_revert_on_the_job_page(live, page):
    assert live.api("get", "/api/me").status_code == 200
    from shopify_app.shops import find_shop

    with live.app.app_context():
        shop_id = find_shop(live.sandbox.shop).id
    store = live.app.extensions["redis"]
    store.hset(store_key(shop_id), mapping={"a": "sale", "b": "new in", "c": "last chance"})
    created = live.api("post", "/api/jobs", json={"kind": "shout", "keys": ["a", "b", "c"],
                                                  "title": "Louder labels"})
    assert created.status_code == 201, created.get_json()
    job_id = created.get_json()["data"]["id"]
    wait_until(lambda: live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["status"]
               == "review")

    page.goto(live.path(f"/jobs/{job_id}"))
    expect(page.locator(".subtitle")).to_contain_text("Shouted labels")
    rows = page.locator("tr[data-item-id]")
    expect(rows).to_have_count(3)
    first = rows.first
    expect(first.locator(".snippet.proposed")).to_have_text("SALE!")
    expect(first.get_by_role("button", name=re.compile("^Apply"))).to_be_visible()

    # Edit inline: the kind's own rule refuses a long label, then takes a good one.
    first.get_by_role("button", name=re.compile("^Edit")).click()
    editor = page.locator("tr.edit-row textarea")
    editor.fill("x" * 60)
    page.locator("tr.edit-row").get_by_role("button", name="Save").click()
    expect(page.locator("tr.edit-row .field-error")).to_contain_text("1 to 40 characters")
    editor.fill("BIG SALE")
    page.locator("tr.edit-row").get_by_role("button", name="Save").click()
    expect(page.locator("tr.edit-row")).to_have_count(0)
    expect(first.locator(".snippet.proposed")).to_have_text("BIG SALE")

    # Apply all, confirmed in the kind's words; the page follows the writes live.
    page.get_by_role("button", name="Apply all").click()
    page.locator("dialog[open]").get_by_role("button", name="Apply all").click()
    expect(page.locator('[data-count="published"]')).to_have_text("3", timeout=30_000)
    expect(first.locator("[data-item-status]")).to_contain_text("Published", timeout=30_000)
    assert [store.hget(store_key(shop_id), k).decode() for k in "abc"] == \
        ["BIG SALE", "NEW IN!", "LAST CHANCE!"]
    shot(page, "plugin-kind-applied")

    # Revert one: the original label goes back to the store.
    second = rows.nth(1)
    second.get_by_role("button", name=re.compile("^Revert")).click()
    page.locator("dialog[open]").get_by_role("button", name="Revert").click()
    expect(second.locator("[data-item-status]")).to_contain_text("Reverted", timeout=30_000)
    assert store.hget(store_key(shop_id), "b").decode() == "new in"
    expect(second.get_by_role("button", name=re.compile("^Apply"))).to_be_visible()
