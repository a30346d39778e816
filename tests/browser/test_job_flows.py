"""Merchant flows in a real browser: create, watch live, review, edit, publish, fail, delete."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import job_id_from, shot, wait_until

pytestmark = pytest.mark.browser


def _job(live, job_id: str) -> dict:  # type: ignore[no-untyped-def]
    return live.api("get", f"/api/jobs/{job_id}").get_json()["data"]


def _descriptions(sandbox) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {p["id"]: p["descriptionHtml"] for p in sandbox.store().products.values()}


def test_description_job_from_creation_to_publish_all(live, context):
    # The list is open in one tab: it must follow the job live, never reloading.
    jobs_tab = context.new_page()
    jobs_tab.goto(live.path("/"))
    expect(jobs_tab.get_by_role("heading", name="Start your first job")).to_be_visible()
    expect(jobs_tab.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")
    jobs_tab.evaluate("window.__sameDocument = true")

    page = context.new_page()
    page.goto(live.path("/jobs/new"))
    expect(page.locator("[data-count-text]")).to_contain_text("60 products")
    page.locator("#job-title").fill("Spring descriptions")
    page.get_by_role("button", name="Create job").click()
    page.wait_for_url(re.compile(r"/jobs/(?!new)[0-9a-z]+$"))
    job_id = job_id_from(page.url)

    row = jobs_tab.locator(f'tr[data-job-id="{job_id}"]')
    expect(row).to_be_visible()
    expect(row.locator("a.job-title")).to_have_text("Spring descriptions")
    expect(row.locator("[data-status-cell] .badge")).to_have_text("Review", timeout=60_000)
    expect(row.locator("[data-publish-stats]")).to_contain_text("60 to review")
    assert jobs_tab.evaluate("window.__sameDocument") is True

    # The detail page followed along too.
    expect(page.locator("[data-job-badge]")).to_contain_text("Review", timeout=30_000)
    expect(page.locator('[data-count="succeeded"]')).to_have_text("60")
    expect(page.locator('[data-count="pending_review"]')).to_have_text("60")
    expect(page.locator("[data-progress-text]")).to_contain_text("60 of 60 items")
    rows = page.locator("tr[data-item-id]")
    expect(rows).to_have_count(20)
    expect(rows.first.locator("[data-item-status]")).to_contain_text("Unpublished")
    shot(page, "job-detail-review")

    # Preview: original beside proposed, rendered in sandboxed frames; Escape closes it.
    first = rows.first
    item_id = first.get_attribute("data-item-id")
    preview = first.get_by_role("button", name=re.compile("^Preview"))
    preview.click()
    dialog = page.locator("dialog[open]")
    expect(dialog.locator("iframe")).to_have_count(2)
    assert dialog.locator("iframe").first.get_attribute("sandbox") == ""
    expect(dialog.frame_locator("iframe").nth(1).locator("body")).not_to_be_empty()
    shot(page, "job-detail-preview", full_page=False)
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(preview).to_be_focused()

    # Edit inline: a too-short description is refused with the API's reason, then fixed.
    # Descriptions open in the rich-text editor; its HTML toggle shows the source.
    first.get_by_role("button", name=re.compile("^Edit")).click()
    expect(page.locator("tr.edit-row [data-rich-surface]")).to_be_focused()
    page.locator("tr.edit-row").get_by_role("button", name="HTML").click()
    editor = page.locator("tr.edit-row [data-rich-source]")
    expect(editor).to_be_focused()
    editor.fill("Too short")
    page.locator("tr.edit-row").get_by_role("button", name="Save").click()
    error = page.locator("tr.edit-row .field-error")
    expect(error).to_contain_text("too short")
    expect(editor).to_have_attribute("aria-invalid", "true")
    editor.fill("<p>Hand-written copy for this product, warm and clear.</p>")
    page.locator("tr.edit-row").get_by_role("button", name="Save").click()
    expect(page.locator("tr.edit-row")).to_have_count(0)
    edited = page.locator(f'tr[data-item-id="{item_id}"]')
    expect(edited.locator(".snippet.proposed")).to_contain_text("Hand-written copy")

    # Publish that one item; the row follows the write over SSE.
    edited.get_by_role("button", name=re.compile("^Publish")).click()
    expect(edited.locator("[data-item-status]")).to_contain_text("Published", timeout=30_000)
    product_id = live.api("get", f"/api/items/{item_id}").get_json()["data"]["product_id"]
    assert _descriptions(live.sandbox)[product_id] == \
        "<p>Hand-written copy for this product, warm and clear.</p>"
    expect(edited.get_by_role("button", name=re.compile("^Revert"))).to_be_visible()

    # Multi-select with the keyboard, then publish the selection.
    rows.nth(1).locator("[data-select]").focus()
    page.keyboard.press("Space")
    rows.nth(2).locator("[data-select]").check()
    expect(page.locator("[data-selected-count]")).to_have_text("2 selected")
    expect(page.locator("[data-select-all]")).to_have_js_property("indeterminate", True)
    page.get_by_role("button", name="Publish selected").click()
    page.locator("dialog[open]").get_by_role("button", name="Publish selected").click()
    expect(page.locator('[data-count="published"]')).to_have_text("3", timeout=30_000)
    expect(rows.nth(2).locator("[data-item-status]")).to_contain_text("Published")
    expect(page.locator("[data-bulk-bar]")).to_be_hidden()

    # Publish all, after confirming; live progress, then every count is published.
    page.get_by_role("button", name="Publish all").click()
    confirm = page.locator("dialog[open]")
    expect(confirm).to_contain_text("57 unpublished results")
    confirm.get_by_role("button", name="Publish all").click()
    expect(page.locator("[data-publish-progress]")).to_be_visible()
    expect(page.locator('[data-count="published"]')).to_have_text("60", timeout=60_000)
    expect(page.locator("[data-publish-progress-text]")).to_contain_text("Published 57 of 57",
                                                                          timeout=30_000)
    expect(rows.nth(5).locator("[data-item-status]")).to_contain_text("Published")
    shot(page, "job-detail-published")
    by_product = {i["product_id"]: i for i in live.api(
        "get", f"/api/jobs/{job_id}/items?limit=100").get_json()["data"]}
    assert _descriptions(live.sandbox) == {pid: item["proposed"]
                                           for pid, item in by_product.items()}
    expect(row.locator("[data-publish-stats]")).to_contain_text("60 published")

    # Revert one item: the original value goes back to Shopify.
    second = rows.nth(3)
    second_id = second.get_attribute("data-item-id")
    second.get_by_role("button", name=re.compile("^Revert")).click()
    page.locator("dialog[open]").get_by_role("button", name="Revert").click()
    expect(second.locator("[data-item-status]")).to_contain_text("Reverted", timeout=30_000)
    item = live.api("get", f"/api/items/{second_id}").get_json()["data"]
    assert _descriptions(live.sandbox)[item["product_id"]] == item["original"]


def test_failed_job_shows_its_reason_and_is_deleted_after_confirming(live, page):
    page.goto(live.path("/"))
    expect(page.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")
    created = live.api("post", "/api/jobs", json={"kind": "counter", "count": 4,
                                                   "fail": [0, 1, 2, 3], "title": "Broken counters",
                                                   "reference": "PO-1234"})
    job_id = created.get_json()["data"]["id"]
    row = page.locator(f'tr[data-job-id="{job_id}"]')
    expect(row.locator("[data-status-cell] .badge")).to_have_text("Failed", timeout=30_000)
    expect(row).to_contain_text("PO-1234")
    reason = _job(live, job_id)["error"]
    assert reason
    row.get_by_role("button", name="Why it failed").hover()
    expect(row.get_by_role("tooltip")).to_be_visible()
    expect(row.get_by_role("tooltip")).to_have_text(reason)
    shot(page, "jobs-failed", full_page=False)

    # The detail page states the reason too.
    row.locator("a.job-title").click()
    expect(page.locator("[data-failure-banner]")).to_contain_text(reason)
    page.go_back()

    # Delete asks first and says what goes; Escape keeps the job and returns focus.
    row = page.locator(f'tr[data-job-id="{job_id}"]')
    delete = row.get_by_role("button", name="Delete Broken counters")
    delete.click()
    dialog = page.locator("dialog[open]")
    expect(dialog).to_contain_text("Broken counters")
    expect(dialog).to_contain_text("its 4 items")
    expect(dialog).to_contain_text("cannot be undone")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(delete).to_be_focused()
    expect(row).to_be_visible()

    delete.click()
    page.locator("dialog[open]").get_by_role("button", name="Delete job").click()
    expect(row).to_have_count(0)
    expect(page.locator("#shelf-toasts")).to_contain_text("Job deleted")
    assert live.api("get", f"/api/jobs/{job_id}").status_code == 404


def test_filters_search_and_infinite_scroll(live, page):
    for n in range(27):
        live.api("post", "/api/jobs", json={"kind": "counter", "count": 1, "mode": "test",
                                             "title": f"Alpha batch {n:02d}"})
    for n in range(18):
        live.api("post", "/api/jobs", json={"kind": "counter", "count": 1,
                                             "title": f"Beta batch {n:02d}"})
    wait_until(lambda: all(j["status"] == "completed" for j in live.api(
        "get", "/api/jobs?limit=100").get_json()["data"]))

    page.goto(live.path("/"))
    rows = page.locator("tbody[data-rows] tr")
    expect(rows).to_have_count(20)
    expect(page.locator("[data-end]")).to_be_hidden()
    page.locator("[data-sentinel]").scroll_into_view_if_needed()
    # The sentinel may still be in view once the second page lands, so the third page
    # can follow at once on a slow machine: wait for the second, not for exactly 40.
    page.wait_for_function("document.querySelectorAll('tbody[data-rows] tr').length >= 40")
    assert rows.count() in (40, 45)
    page.locator("[data-sentinel]").scroll_into_view_if_needed()
    expect(rows).to_have_count(45)
    expect(page.locator("[data-end]")).to_have_text("Showing all 45 jobs")
    expect(page.locator("[data-load-more]")).to_be_hidden()

    page.get_by_label("Search jobs").fill("alpha")
    expect(rows.first).to_contain_text("Alpha batch 26")
    assert "q=alpha" in page.url
    page.locator("[data-sentinel]").scroll_into_view_if_needed()
    expect(rows).to_have_count(27)
    expect(page.locator("[data-end]")).to_have_text("Showing all 27 jobs")

    page.get_by_label("Search jobs").fill("")
    page.get_by_text("More filters").click()  # the mode filter sits in the expanded panel
    page.get_by_label("Mode").select_option("production")
    expect(rows).to_have_count(18)
    expect(rows.first).to_contain_text("Beta batch 17")
    expect(page.locator("[data-end]")).to_have_text("Showing all 18 jobs")
    page.get_by_label("Status").select_option("failed")
    expect(page.locator("[data-no-match]")).to_be_visible()
    page.locator("[data-clear-filters]").click()
    expect(rows.first).to_contain_text("Beta batch 17")
    expect(page.get_by_label("Mode")).to_have_value("")
    page.get_by_role("button", name="Load more").or_(page.locator("[data-end]")).first.wait_for()

    # Archive from the row: it leaves the list, and "Show archived" brings it back.
    first = rows.first
    title = first.locator("a.job-title").inner_text()
    first.get_by_role("button", name=f"Archive {title}").click()
    expect(page.locator("tbody[data-rows]")).not_to_contain_text(title)
    page.get_by_label("Show archived").check()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(title)
    expect(rows.first.locator("[data-archived-badge]")).to_be_visible()
    shot(page, "jobs-archived-filter")


def test_new_job_shows_field_errors_from_the_api(live, page):
    page.goto(live.path("/jobs/new"))
    page.locator("label.choice", has_text="Products with a tag").click()
    expect(page.locator("[data-count-text]")).to_contain_text("Type a tag")
    page.get_by_role("button", name="Create job").click()
    scope_error = page.locator('[data-error-for="/scope"]')
    expect(scope_error).to_be_visible()
    expect(scope_error).to_have_text("Type a tag")  # the form's words, not the API's
    expect(page.locator("[data-error-summary]")).to_be_focused()
    shot(page, "new-job-errors")

    page.get_by_role("textbox", name="Tag", exact=True).fill("no-such-tag-anywhere")
    expect(page.locator("[data-count-text]")).to_contain_text("No products match this scope")
    # Creating it anyway is refused with a plain sentence, not an empty "Completed" job.
    page.get_by_role("button", name="Create job").click()
    expect(scope_error).to_contain_text("No products have the tag “no-such-tag-anywhere”")
    page.locator('label.choice-card:has(input[value="alt_text"])').click()
    expect(page.get_by_text("Overwrite existing alt text")).to_be_visible()
    page.locator("label.choice", has_text="Only products missing").click()
    expect(page.locator("[data-count-text]")).to_contain_text("products")

    # Pick products with our own picker (App Bridge's is not there offline).
    page.locator("label.choice", has_text="Products I pick").click()
    page.get_by_role("button", name="Browse products").click()
    picker = page.locator("dialog[open]")
    expect(picker.locator(".picker-results label").first).to_be_visible()
    picker.locator(".picker-results input").nth(0).check()
    picker.locator(".picker-results input").nth(1).check()
    picker.get_by_role("button", name="Select").click()
    expect(page.locator("[data-picked-list] li")).to_have_count(2)
    expect(page.locator("[data-count-text]")).to_contain_text("2 products")
    page.get_by_role("button", name="Create job").click()
    page.wait_for_url(re.compile(r"/jobs/(?!new)[0-9a-z]+$"))
    job = _job(live, job_id_from(page.url))
    assert job["field"] == "alt_text" and job["scope"]["type"] == "products"
    assert len(job["scope"]["ids"]) == 2


def test_settings_preview_validation_and_save(live, page):
    page.goto(live.path("/settings"))
    preview = page.locator('[data-preview="seo_title"]')
    expect(preview).to_contain_text("Built-in template")
    page.locator("#tpl-seo_title").fill("{{ title }} by {{ vendor }}")
    expect(preview).to_contain_text("Merino Crew Sweater by Northwind")
    page.locator("#tpl-seo_title").fill("{{ title ")
    expect(preview.locator(".error-text")).to_be_visible()
    page.locator("#tpl-seo_title").fill("{{ title }} | {{ shop_name }}")
    expect(preview).to_contain_text("Merino Crew Sweater | Northwind")

    page.get_by_label("Tone").select_option("luxury")
    page.locator("#len-description").fill("5")
    save = page.get_by_role("button", name="Save")
    expect(save).to_be_enabled()
    save.click()
    error = page.locator('[data-error-for="/lengths/description"]')
    expect(error).to_be_visible()
    expect(page.locator("#len-description")).to_have_attribute("aria-invalid", "true")
    shot(page, "settings-errors")
    page.locator("#len-description").fill("180")
    save.click()
    expect(page.locator("#shelf-toasts")).to_contain_text("Settings saved")
    expect(save).to_be_disabled()

    stored = live.api("get", "/api/settings").get_json()["data"]
    assert stored["tone"] == "luxury" and stored["lengths"]["description"] == 180
    assert stored["templates"]["seo_title"] == "{{ title }} | {{ shop_name }}"
    page.reload()
    expect(page.get_by_label("Tone")).to_have_value("luxury")
    expect(page.locator("#len-description")).to_have_value("180")


def test_settings_retention_choice_is_checked_and_saved(live, page):
    page.goto(live.path("/settings"))
    days = page.get_by_label("Delete item details of jobs finished more than this many days ago")
    expect(days).to_have_value("0")
    days.fill("3")
    save = page.get_by_role("button", name="Save")
    save.click()
    error = page.locator('[data-error-for="/retention_days"]')
    expect(error).to_be_visible()
    expect(error).to_contain_text("7 to 3650")
    days.fill("90")
    page.get_by_label("Include results that were never published or can still be reverted").check()
    save.click()
    expect(page.locator("#shelf-toasts")).to_contain_text("Settings saved")
    stored = live.api("get", "/api/settings").get_json()["data"]
    assert stored["retention_days"] == 90 and stored["retention_include_unpublished"] is True
    page.reload()
    expect(days).to_have_value("90")
