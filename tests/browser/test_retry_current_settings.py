"""Retry failed after fixing a template: by default the retry uses the settings as they are
now and says what changed, so the items succeed; "as created" keeps the old ones."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser
BROKEN = "{{ title }} · {{ title }} · {{ title }}"  # too long for real titles
FIXED = "{{ title }}"


def _templates(live, text):  # type: ignore[no-untyped-def]
    settings = live.api("get", "/api/settings").get_json()["data"]
    saved = live.api("put", "/api/settings", json={
        "templates": {**settings["templates"], "seo_title": text}})
    assert saved.status_code == 200, saved.get_json()


def _create(live, count=3):  # type: ignore[no-untyped-def]
    # The longest titles: three of them run past an SEO title's length.
    products = sorted(live.sandbox.store().products.values(),
                      key=lambda p: (-len(p["title"]), p["_n"]))[:count]
    created = live.api("post", "/api/jobs", json={
        "kind": "generate", "field": "seo_title", "title": "Template titles",
        "scope": {"type": "products", "ids": [p["id"] for p in products]}})
    assert created.status_code == 201, created.get_json()
    return created.get_json()["data"]["id"]


def test_retry_with_current_settings_after_fixing_a_template(live, page):
    _templates(live, BROKEN)
    job_id = _create(live)
    page.goto(live.path(f"/jobs/{job_id}"))
    expect(page.locator('[data-count="failed"]')).to_have_text("3", timeout=60_000)

    _templates(live, FIXED)
    page.get_by_role("button", name="Retry failed").first.click()
    dialog = page.locator("dialog[open]")
    expect(dialog.get_by_label("With current settings")).to_be_checked()
    expect(dialog.locator("[data-retry-changes]")).to_contain_text("Template for SEO titles edited")
    shot(page, "retry-current-settings", full_page=False)
    dialog.get_by_role("button", name="Retry failed").click()
    expect(page.locator("#shelf-toasts")).to_contain_text(
        "Retrying the failed items with current settings: Template for SEO titles edited")
    expect(page.locator('[data-count="succeeded"]')).to_have_text("3", timeout=60_000)
    expect(page.locator('[data-count="failed"]')).to_have_text("0")
    items = live.api("get", f"/api/jobs/{job_id}/items").get_json()["data"]
    assert all(" · " not in item["proposed"] for item in items)


def test_retry_as_created_keeps_the_frozen_settings(live, page):
    _templates(live, BROKEN)
    job_id = _create(live, count=2)
    page.goto(live.path(f"/jobs/{job_id}"))
    expect(page.locator('[data-count="failed"]')).to_have_text("2", timeout=60_000)
    _templates(live, FIXED)
    page.get_by_role("button", name="Retry failed").first.click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_role("radio", name=re.compile("^As created")).check()
    dialog.get_by_role("button", name="Retry failed").click()
    expect(page.locator('[data-count="failed"]')).to_have_text("2", timeout=60_000)
    assert live.api("post", f"/api/jobs/{job_id}/retry",
                    json={"settings": "sometimes"}).status_code == 422
    assert live.api("post", f"/api/jobs/{job_id}/retry",
                    json={"settngs": "current"}).status_code == 422
