"""390 px: index tables become lists (no sideways scrolling inside cards), titles keep
their width, row actions stay on screen."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_until

pytestmark = pytest.mark.browser
WIDTH = 390


def _no_sideways_scroll(page, name):  # type: ignore[no-untyped-def]
    overflow = page.evaluate("""() => {
        const doc = document.documentElement;
        const wide = [...document.querySelectorAll('.table-wrap, .card, table.index')]
            .filter((el) => el.scrollWidth > el.clientWidth + 1)
            .map((el) => el.className || el.tagName);
        return {page: doc.scrollWidth - window.innerWidth, inside: wide};
    }""")
    assert overflow["page"] <= 0 and not overflow["inside"], (name, overflow)


def test_index_tables_are_lists_at_390_px(live, page):
    products = sorted(live.sandbox.store().products.values(), key=lambda p: p["_n"])[:3]
    created = live.api("post", "/api/jobs", json={
        "kind": "generate", "field": "description", "title": "Narrow screen descriptions",
        "scope": {"type": "products", "ids": [p["id"] for p in products]}})
    job_id = created.get_json()["data"]["id"]
    wait_until(lambda: live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["status"]
               == "review")
    page.set_viewport_size({"width": WIDTH, "height": 844})

    page.goto(live.path("/"))
    row = page.locator(f'tr[data-job-id="{job_id}"]')
    expect(row).to_be_visible()
    assert row.evaluate("el => getComputedStyle(el).display") == "grid"
    cell = row.locator("td").first.bounding_box()
    assert cell["width"] > 300, cell  # the title gets the row's width: not a word per line
    assert row.locator("a.job-title").bounding_box()["height"] < 25  # one line
    _no_sideways_scroll(page, "jobs")
    shot(page, "mobile-jobs")

    page.goto(live.path(f"/jobs/{job_id}"))
    item = page.locator("tr[data-item-id]").first
    expect(item).to_be_visible()
    _no_sideways_scroll(page, "job-detail")
    for button in item.locator("[data-item-actions] .btn").all():
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box
    shot(page, "mobile-job-detail")

    for path in ("/jobs/new", "/settings", "/monitor"):
        page.goto(live.path(path))
        page.wait_for_load_state("networkidle")
        _no_sideways_scroll(page, path)
