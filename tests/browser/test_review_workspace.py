"""The job page as a review workspace: the first screen shows the job and its first items,
names instead of ids, one status and a picture per row, Regenerate in the bulk bar, and a
preview that publishes, skips and edits (rich text, sanitized on save) without leaving it."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_until
from tests.browser.test_accessibility import _violations
from tests.browser.test_mobile_layout import _no_sideways_scroll

pytestmark = pytest.mark.browser


def test_review_workspace(live, page):
    collection = next(c for c in live.sandbox.store().collections.values()
                      if len(c["_product_ids"]) >= 4)
    created = live.api("post", "/api/jobs", json={
        "kind": "generate", "field": "description",
        "scope": {"type": "collection", "id": collection["id"]}})
    assert created.status_code == 201, created.get_json()
    job = created.get_json()["data"]
    # The job names its collection: in its scope, its default title and its page.
    assert job["scope"]["title"] == collection["title"]
    assert collection["title"] in job["title"]
    wait_until(lambda: live.api("get", f"/api/jobs/{job['id']}").get_json()["data"]["status"]
               == "review")

    page.goto(live.path(f"/jobs/{job['id']}"))
    subtitle = page.locator(".page-header .subtitle")
    expect(subtitle).to_contain_text(f"Collection: {collection['title']}")
    assert collection["legacyResourceId"] not in subtitle.inner_text()
    details = page.locator("[data-details]")
    expect(details).to_contain_text("Created by")
    expect(details.locator("dd").first).to_have_text("You")
    # Details and the first items share the first screen (1280 × 900).
    assert details.bounding_box()["y"] + details.bounding_box()["height"] <= 900
    rows = page.locator("tr[data-item-id]")
    for index in range(3):
        box = rows.nth(index).bounding_box()
        assert box["y"] + box["height"] <= 900, (index, box)
    shot(page, "review-first-screen", full_page=False)

    # Each row: the product's picture and one status.
    first = rows.first
    expect(first.locator("img.thumb")).to_have_count(1)
    assert re.match(r"https?://.+/images/", first.locator("img.thumb").get_attribute("src"))
    expect(first.locator("[data-item-status] .badge:not([data-flagged])")).to_have_count(1)
    expect(first.locator("[data-item-status]")).to_have_text("Unpublished")

    # The bulk bar offers Regenerate, since this kind can write a result again.
    rows.nth(3).locator("[data-select]").check()
    page.get_by_role("button", name="Regenerate selected").click()
    dialog = page.locator("dialog[open]")
    expect(dialog).to_contain_text("1 selected item")
    dialog.get_by_label(re.compile("^Instruction")).fill("shorter")
    dialog.get_by_role("button", name="Regenerate 1").click()
    expect(rows.nth(3).locator("[data-proposal-count]")).to_have_text("2 proposals")

    # The preview as a review flow. Publish: the result is queued and the next one shows.
    titles = [live.api("get", f"/api/items/{rows.nth(i).get_attribute('data-item-id')}")
              .get_json()["data"]["product_title"] for i in range(3)]
    first.get_by_role("button", name=re.compile("^Preview")).click()
    heading = page.locator("dialog[open] h2").first
    expect(heading).to_have_text(titles[0])
    page.locator("dialog[open]").get_by_role("button", name="Publish", exact=True).click()
    expect(heading).to_have_text(titles[1])
    expect(first.locator("[data-item-status]")).to_have_text("Published", timeout=30_000)
    # Skip: nothing is written, the next one shows.
    page.locator("dialog[open]").get_by_role("button", name="Skip").click()
    expect(heading).to_have_text(titles[2])
    expect(rows.nth(1).locator("[data-item-status]")).to_have_text("Unpublished")

    # Edit in the preview: rich text, with the HTML source behind a toggle.
    third_id = rows.nth(2).get_attribute("data-item-id")
    page.locator("dialog[open]").get_by_role("button", name="Edit", exact=True).click()
    surface = page.locator("dialog[open] [data-rich-surface]")
    expect(surface).to_be_focused()
    assert surface.get_attribute("contenteditable") == "true"
    surface.press("Control+a")
    page.keyboard.type("Written in the preview, warm and clear for every shopper.")
    surface.press("Control+a")
    page.locator("dialog[open]").get_by_role("button", name="Bold").click()
    expect(surface.locator("b, strong")).to_have_count(1)
    assert not _violations(page), "editor in the preview"
    page.locator("dialog[open]").get_by_role("button", name="HTML").click()
    source = page.locator("dialog[open] [data-rich-source]")
    expect(source).to_have_value(re.compile("<b>Written in the preview"))
    source.fill('<p>Written in the preview, <strong>warm</strong> and clear for every shopper.</p>'
                '<p>Second paragraph.</p><script>alert(1)</script><img src="x" onerror="alert(1)">'
                '<a href="javascript:alert(1)">link</a>')
    page.locator("dialog[open]").get_by_role("button", name="Save").click()
    # Still in the preview, on the same item, showing the saved result.
    expect(page.locator("dialog[open] [data-editor]")).to_have_count(0)
    expect(heading).to_have_text(titles[2])
    saved = live.api("get", f"/api/items/{third_id}").get_json()["data"]["proposed"]
    assert "Written in the preview, <strong>warm</strong>" in saved
    assert "script" not in saved and "onerror" not in saved and "javascript" not in saved
    diff = page.locator("dialog[open] [data-word-diff]")
    expect(diff).to_contain_text("Written")
    assert "shopper.Second" not in diff.inner_text()  # paragraphs stay separate words
    page.keyboard.press("Escape")
    snippet = rows.nth(2).locator(".snippet.proposed")
    expect(snippet).to_contain_text("Written in the preview")
    expect(snippet).to_contain_text("every shopper. Second paragraph.")

    # 390 px: no sideways scroll with the new pieces either.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(rows.first).to_be_visible()
    _no_sideways_scroll(page, "job-detail")
    # The preview's buttons (previous, next, skip, edit, publish…) all stay on screen.
    rows.nth(1).get_by_role("button", name=re.compile("^Preview")).click()
    buttons = page.locator("dialog[open] .modal-footer .btn")
    expect(buttons.first).to_be_visible()
    assert buttons.count() >= 5
    for button in buttons.all():
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert box["y"] >= 0 and box["y"] + box["height"] <= 844, box  # the body scrolls
    shot(page, "preview-390", full_page=False)
    page.keyboard.press("Escape")

    # The activity names the viewer, not a staff id.
    page.goto(live.path("/monitor"))
    activity = page.locator("[data-activity]")
    expect(activity).to_contain_text("You created")
    assert "Staff 1" not in activity.inner_text()

    # /welcome looks like the rest of the app: the same tokens, font and buttons.
    page.goto(live.path("/welcome"))
    install = page.get_by_role("button", name="Install Shelf")
    expect(install).to_be_visible()
    looks = install.evaluate("""el => ({font: getComputedStyle(document.body).fontFamily,
        bg: getComputedStyle(el).backgroundColor,
        card: getComputedStyle(el.closest('.card')).backgroundColor})""")
    assert "serif" not in looks["font"].replace("sans-serif", ""), looks
    assert looks["bg"] not in ("rgba(0, 0, 0, 0)", "rgb(239, 239, 239)"), looks
    assert looks["card"] == "rgb(255, 255, 255)", looks
    _no_sideways_scroll(page, "welcome")
    assert not _violations(page), "welcome"
    shot(page, "welcome-390")


def test_alt_text_rows_name_the_image_not_its_id(live, page):
    product = sorted(live.sandbox.store().products.values(), key=lambda p: p["_n"])[0]
    created = live.api("post", "/api/jobs", json={
        "kind": "generate", "field": "alt_text", "title": "Alt texts",
        "options": {"overwrite": True}, "scope": {"type": "products", "ids": [product["id"]]}})
    assert created.status_code == 201, created.get_json()
    job_id = created.get_json()["data"]["id"]
    wait_until(lambda: live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["status"]
               in ("review", "completed"))
    items = live.api("get", f"/api/jobs/{job_id}/items").get_json()["data"]
    assert items and [i["target_label"] for i in items] == \
        [f"Image {n}" for n in range(1, len(items) + 1)]
    assert all(i["thumbnail"] for i in items)
    page.goto(live.path(f"/jobs/{job_id}"))
    cell = page.locator("tr[data-item-id] .product-cell").first
    expect(cell.locator("[data-target-label]")).to_have_text("Image 1")
    assert items[0]["target_id"].rsplit("/", 1)[-1] not in cell.inner_text()
