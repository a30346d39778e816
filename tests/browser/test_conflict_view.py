"""A conflict shows three values — what Shelf read, what is in Shopify now (read live),
what Shelf proposes — and lets the merchant keep theirs, edit from theirs or overwrite."""
from __future__ import annotations

import re
import time

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def _conflicted_job(live, count=3):  # type: ignore[no-untyped-def]
    products = sorted(live.sandbox.store().products.values(), key=lambda p: p["_n"])[:count]
    created = live.api("post", "/api/jobs", json={
        "kind": "generate", "field": "seo_title", "title": "Conflict titles",
        "scope": {"type": "products", "ids": [p["id"] for p in products]}})
    assert created.status_code == 201, created.get_json()
    return created.get_json()["data"]["id"], products


def _edit_in_store(live, product, title):  # type: ignore[no-untyped-def]
    numeric = product["id"].rsplit("/", 1)[1]
    requests.patch(f"{live.sandbox.origin}/sandbox/shops/{live.sandbox.shop}/products/{numeric}",
                   json={"seo": {"title": title}}, timeout=10).raise_for_status()


def _row(page, live, product):  # type: ignore[no-untyped-def]
    return page.locator("tr[data-item-id]").filter(has_text=product["title"])


def test_conflict_shows_the_merchants_live_value_and_the_three_choices(live, page):
    job_id, products = _conflicted_job(live)
    page.goto(live.path(f"/jobs/{job_id}"))
    expect(page.locator("[data-job-badge]")).to_contain_text("Review", timeout=60_000)
    items = {i["product_id"]: i for i in live.api(
        "get", f"/api/jobs/{job_id}/items").get_json()["data"]}
    for n, product in enumerate(products):
        _edit_in_store(live, product, f"Merchant title {n}")
    assert live.api("post", f"/api/jobs/{job_id}/publish", json={"all": True}).status_code == 202
    rows = [_row(page, live, p) for p in products]
    for row in rows:
        expect(row.locator("[data-item-status]")).to_contain_text("Conflict", timeout=30_000)
    # A later edit in the store is what the view must show (read live, not the stored copy).
    _edit_in_store(live, products[0], "Merchant title, edited again")

    rows[0].get_by_role("button", name=re.compile("^Review the conflict")).click()
    dialog = page.locator("dialog[open]")
    expect(dialog.locator('[data-value="live"]')).to_contain_text("Merchant title, edited again")
    expect(dialog.locator('[data-value="read"]')).to_contain_text(
        items[products[0]["id"]]["original"] or "(empty)")
    expect(dialog.locator('[data-value="proposed"]')).to_contain_text(
        items[products[0]["id"]]["proposed"])
    shot(page, "conflict-three-values", full_page=False)
    dialog.get_by_role("button", name="Keep theirs").click()
    expect(rows[0].locator("[data-item-status]")).to_contain_text("Unpublished")
    kept = live.api("get", f"/api/items/{items[products[0]['id']]['id']}").get_json()["data"]
    assert kept["original"] == "Merchant title, edited again"
    assert kept["proposed"] == items[products[0]["id"]]["proposed"]

    # Edit from theirs: the editor opens with the store's value.
    rows[1].get_by_role("button", name=re.compile("^Review the conflict")).click()
    page.locator("dialog[open]").get_by_role("button", name="Edit from theirs").click()
    editor = page.locator("tr.edit-row textarea")
    expect(editor).to_have_value("Merchant title 1")
    editor.fill("Merchant title 1, polished")
    page.locator("tr.edit-row").get_by_role("button", name="Save").click()
    expect(rows[1].locator(".snippet.proposed")).to_contain_text("Merchant title 1, polished")

    # Overwrite: Shelf's value replaces the merchant's, after confirming.
    rows[2].get_by_role("button", name=re.compile("^Review the conflict")).click()
    page.locator("dialog[open]").get_by_role("button", name="Overwrite with Shelf's").click()
    page.locator("dialog[open]").get_by_role("button", name=re.compile("anyway|Overwrite|Publish")
                                              ).last.click()
    expect(rows[2].locator("[data-item-status]")).to_contain_text("Published", timeout=30_000)
    stored = {p["id"]: p["seo"]["title"] for p in live.sandbox.store().products.values()}
    assert stored[products[2]["id"]] == items[products[2]["id"]]["proposed"]
    assert stored[products[0]["id"]] == "Merchant title, edited again"


def test_resolve_is_checked(live):
    job_id, products = _conflicted_job(live, count=1)
    # Not in conflict yet (or not even processed): refused, with the reason.
    item_id = None
    for _ in range(300):
        found = live.api("get", f"/api/jobs/{job_id}/items").get_json()["data"]
        if found and found[0]["status"] == "succeeded":
            item_id = found[0]["id"]
            break
        time.sleep(0.2)
    assert item_id
    refused = live.api("post", f"/api/items/{item_id}/resolve", json={"choice": "keep_theirs"})
    assert refused.status_code == 409
    bad = live.api("post", f"/api/items/{item_id}/resolve", json={"choice": "mine"})
    assert bad.status_code == 422
    extra = live.api("post", f"/api/items/{item_id}/resolve",
                     json={"choice": "keep_theirs", "also": 1})
    assert extra.status_code == 422
    assert live.api("get", "/api/items/999999/live").status_code == 404
