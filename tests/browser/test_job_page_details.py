"""Small things a merchant sees on a job's page: the toast of a one-item publish gives way to
its outcome, rows have checkboxes only where a selection can be acted on, and an import's
summary table spans its card like the other tables."""
from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_until

pytestmark = pytest.mark.browser
SETTLED = ("review", "completed", "completed_with_errors", "failed")


def _products(live, n):  # type: ignore[no-untyped-def]
    return sorted(live.sandbox.store().products.values(), key=lambda p: p["_n"])[:n]


def _job(live, job_id: str) -> dict:  # type: ignore[no-untyped-def]
    return live.api("get", f"/api/jobs/{job_id}").get_json()["data"]


def _settled_job(live, body: dict) -> str:  # type: ignore[no-untyped-def]
    created = live.api("post", "/api/jobs", json=body)
    assert created.status_code == 201, created.get_json()
    job_id = created.get_json()["data"]["id"]
    wait_until(lambda: _job(live, job_id)["status"] in SETTLED)
    return job_id


def _toasts(page, text: str):  # type: ignore[no-untyped-def]
    return page.locator("[data-toast]", has_text=text)


def test_the_publishing_toast_gives_way_to_the_outcome(live, page):
    job_id = _settled_job(live, {
        "kind": "generate", "field": "description", "title": "Three descriptions",
        "scope": {"type": "products", "ids": [p["id"] for p in _products(live, 3)]}})
    page.goto(live.path(f"/jobs/{job_id}"))
    rows = page.locator("tr[data-item-id]")
    expect(rows).to_have_count(3)
    # A job with actions on a selection keeps its checkboxes.
    expect(rows.locator("[data-select]")).to_have_count(3)
    expect(page.locator("[data-select-all]")).to_have_count(1)

    # From the row: once the row says Published, the toast says so too, at once.
    first = rows.nth(0)
    first.get_by_role("button", name=re.compile("^Publish")).click()
    expect(first.locator("[data-item-status]")).to_contain_text("Published", timeout=30_000)
    expect(_toasts(page, "Publishing")).to_have_count(0, timeout=1_000)
    expect(_toasts(page, "Published")).to_have_count(1)
    for width, name in ((1280, "job-page-description-published"),
                        (390, "mobile-job-page-description-published")):
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})

    # From the preview: publishing goes on to the next result; the toast follows the first.
    second = rows.nth(1)
    second.get_by_role("button", name=re.compile("^Preview")).click()
    page.locator("dialog[open]").get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator("dialog[open] [data-value=proposed]")).to_be_visible()
    page.keyboard.press("Escape")
    expect(second.locator("[data-item-status]")).to_contain_text("Published", timeout=30_000)
    expect(_toasts(page, "Publishing")).to_have_count(0, timeout=1_000)

    # A revert shares the way: "Reverting…" gives way to "Reverted".
    first.get_by_role("button", name=re.compile("^Revert")).click()
    page.locator("dialog[open]").get_by_role("button", name="Revert").click()
    expect(first.locator("[data-item-status]")).to_contain_text("Reverted", timeout=30_000)
    expect(_toasts(page, "Reverting")).to_have_count(0, timeout=1_000)
    expect(_toasts(page, "Reverted")).to_have_count(1)


def test_a_job_with_no_bulk_action_has_no_checkboxes(live, page):
    job_id = _settled_job(live, {"kind": "export", "title": "Everything"})
    page.goto(live.path(f"/jobs/{job_id}"))
    rows = page.locator("tr[data-item-id]")
    expect(rows).to_have_count(20)
    expect(page.locator("[data-select-all]")).to_have_count(0)
    expect(page.locator("th.check-cell, td.check-cell")).to_have_count(0)
    # The column headings still line up with the cells.
    assert page.locator("thead th").count() == rows.first.locator("td").count()
    # Rows the scripts bring in (load more, another tab) agree with the first page.
    page.get_by_role("button", name="Load more items").click()
    expect(rows).to_have_count(40)
    page.locator('[data-item-tabs] [data-tab="failed"]').click()
    page.locator('[data-item-tabs] [data-tab="all"]').click()
    expect(rows).to_have_count(20)
    expect(page.locator("[data-select]")).to_have_count(0)
    for width, name in ((1280, "job-page-export"), (390, "mobile-job-page-export")):
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, name)


def test_the_import_summary_table_spans_its_card(live, page):
    first, second = _products(live, 2)
    sheet = (f"handle,title,seo_title\n{first['handle']},{first['title']} (new),\n"
             f"{second['handle']},,{'x' * 80}\nno-such-handle,Ghost,\n").encode()
    uploaded = live.api("post", "/api/uploads", data={"file": (io.BytesIO(sheet), "p.csv")},
                        content_type="multipart/form-data")
    assert uploaded.status_code == 201, uploaded.get_json()
    job_id = _settled_job(live, {"kind": "import",
                                 "options": {"upload_id": uploaded.get_json()["data"]["id"]}})
    for width, name in ((1280, "import-summary"), (390, "mobile-import-summary")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live.path(f"/jobs/{job_id}"))
        card = page.locator("[data-job-summary]")
        table = card.locator("[data-summary-table]")
        expect(table).to_contain_text("Title")
        card.scroll_into_view_if_needed()
        shot(page, name)
        box, table_box = card.bounding_box(), table.bounding_box()
        # Edge to edge, like the items table in its card: no inset border.
        assert abs(table_box["x"] - box["x"]) <= 1.5, (width, box, table_box)
        assert abs(table_box["width"] - box["width"]) <= 3, (width, box, table_box)
        # Every row's underline runs the whole table; the last row's by the card's edge.
        widths = page.evaluate("""() => [...document.querySelectorAll(
            '[data-summary-table] tbody tr:not(:last-child) > *')].map((cell) =>
            parseFloat(getComputedStyle(cell).borderBottomWidth))""")
        if width > 800:
            assert widths and all(w >= 1 for w in widths), widths
        last = page.evaluate("""() => [...document.querySelectorAll(
            '[data-summary-table] tbody tr:last-child > *')].map((cell) =>
            parseFloat(getComputedStyle(cell).borderBottomWidth))""")
        assert len(set(last)) <= 1, last  # all or none, never under the first cell alone
