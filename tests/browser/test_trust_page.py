"""Fact guard and SEO scores on the job page: an auto-publish job holds the items whose text
makes claims the product's facts do not support, and the page shows those claims."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_until

pytestmark = pytest.mark.browser
PLANTED = "<p>Handmade in Italy from 100% cashmere, it holds 12 litres.</p>"


def _plant_claims(live, titles):  # type: ignore[no-untyped-def]
    """A merchant template that adds false claims to the texts of some products."""
    from shopify_app.ai.providers.template import default_templates

    settings = live.api("get", "/api/settings").get_json()["data"]
    template = (default_templates("en")["description"]
                + "{% if title in " + json.dumps(sorted(titles)) + " %}" + PLANTED
                + "{% endif %}")
    body = {key: settings[key] for key in settings if key not in ("provider", "tones", "fields")}
    body["templates"] = {**settings.get("templates", {}), "description": template}
    saved = live.api("put", "/api/settings", json=body)
    assert saved.status_code == 200, saved.get_json()


def test_auto_publish_holds_three_flagged_items_with_claims_highlighted(live, page):
    products = sorted(live.sandbox.store().products.values(), key=lambda p: p["_n"])[:20]
    planted = {p["title"] for p in products[:3]}
    assert len(planted) == 3
    _plant_claims(live, planted)
    created = live.api("post", "/api/jobs", json={
        "kind": "generate", "field": "description", "strategy": "auto_publish",
        "title": "Descriptions with a guard", "scope": {"type": "products",
                                                        "ids": [p["id"] for p in products]}})
    assert created.status_code == 201, created.get_json()
    job_id = created.get_json()["data"]["id"]
    job = wait_until(lambda: (lambda j: j if j["status"] == "review" else None)(
        live.api("get", f"/api/jobs/{job_id}").get_json()["data"]), timeout=240)
    assert job["counts"]["published"] == 17 and job["counts"]["flagged"] == 3

    page.goto(live.path(f"/jobs/{job_id}"))
    expect(page.locator('[data-count="published"]')).to_have_text("17")
    expect(page.locator('[data-count="flagged"]')).to_have_text("3")
    expect(page.locator("tr[data-item-id]")).to_have_count(20)
    flagged_rows = page.locator("tr[data-item-id]:has([data-flagged])")
    expect(flagged_rows).to_have_count(3)
    for title in planted:
        row = page.locator("tr[data-item-id]", has_text=title)
        expect(row.locator("[data-flagged]")).to_contain_text("to check")
        expect(row.locator("mark[data-claim]").first).to_be_visible()
        expect(row.locator("[data-claims]")).to_contain_text("cashmere")
        expect(row.locator("[data-seo-score]")).to_be_visible()
    expect(page.locator("[data-seo-average]")).to_be_visible()
    shot(page, "trust-flagged-rows")

    page.get_by_role("link", name="Claims to check").click()
    expect(page.locator("tr[data-item-id]")).to_have_count(3)
    first = page.locator("tr[data-item-id]").first
    first.get_by_role("button", name="Preview").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("[data-preview-claims] mark").first).to_be_visible()
    expect(dialog.locator("[data-preview-seo]")).to_contain_text("SEO score")
    shot(page, "trust-preview-claims", full_page=False)
    dialog.locator("[data-dialog-action=cancel]").click()
    item_id = first.get_attribute("data-item-id")
    first.get_by_role("button", name="Publish").click()  # the merchant publishes anyway
    expect(page.locator(f'tr[data-item-id="{item_id}"]')).to_have_attribute(
        "data-publish-status", "published", timeout=180_000)
    assert live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["counts"][
        "published"] == 18

    page.goto(live.path(f"/jobs/{job_id}?sort=seo_score"))
    scores = [int(v) for v in page.locator("[data-seo-score]").evaluate_all(
        "nodes => nodes.map(n => n.dataset.seoScore)")]
    assert scores == sorted(scores) and len(scores) == 20


def test_settings_schedules_create_pause_edit_and_delete(live, page):
    page.goto(live.path("/settings"))
    form = page.locator("[data-schedule-form]")
    form.get_by_label("Name").fill("Nightly alt text")
    form.get_by_label("Field").select_option("alt_text")
    form.get_by_label("Products").select_option("missing")
    form.get_by_label("How often").select_option("weekly")
    form.get_by_label("Day").select_option("friday")
    form.get_by_label("Time", exact=True).fill("04:30")
    form.get_by_label("Time zone").fill("Mars/Olympus")
    form.get_by_role("button", name="Add schedule").click()
    expect(form.locator('[data-error-for="/timezone"]')).to_contain_text("IANA")
    form.get_by_label("Time zone").fill("Europe/Berlin")
    form.get_by_role("button", name="Add schedule").click()
    row = page.locator("tr[data-schedule-id]", has_text="Nightly alt text")
    expect(row).to_contain_text("Every Friday at 04:30 (Europe/Berlin)")
    expect(row.locator("time")).to_have_count(1)  # the next run
    expect(row).to_contain_text("Not yet")
    schedule = live.api("get", "/api/schedules").get_json()["data"][0]
    assert schedule["template"]["scope"] == {"type": "missing", "field": "alt_text"}
    assert schedule["template"]["field"] == "alt_text"
    shot(page, "schedules-settings")

    row.get_by_role("button", name="Pause").click()
    expect(row).to_contain_text("Paused")
    assert live.api("get", "/api/schedules").get_json()["data"][0]["paused"] is True
    row.get_by_role("button", name="Resume").click()
    expect(row.get_by_role("button", name="Pause")).to_be_visible()

    row.get_by_role("button", name="Edit").click()
    form.get_by_label("How often").select_option("hourly")
    form.get_by_label("Minutes past the hour").fill("45")
    form.get_by_role("button", name="Update schedule").click()
    expect(row).to_contain_text("Every hour at :45 (Europe/Berlin)")

    page.reload()
    row = page.locator("tr[data-schedule-id]", has_text="Nightly alt text")
    expect(row).to_contain_text("Every hour at :45")
    row.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(page.locator("tr[data-schedule-id]")).to_have_count(0)
    assert live.api("get", "/api/schedules").get_json()["data"] == []


def test_regenerate_from_the_row_and_pick_an_earlier_proposal(live, page):
    products = sorted(live.sandbox.store().products.values(), key=lambda p: p["_n"])[:2]
    created = live.api("post", "/api/jobs", json={
        "kind": "generate", "field": "seo_title", "strategy": "review",
        "scope": {"type": "products", "ids": [p["id"] for p in products]}})
    job_id = created.get_json()["data"]["id"]
    wait_until(lambda: live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["status"]
               == "review", timeout=240)
    page.goto(live.path(f"/jobs/{job_id}"))
    row = page.locator("tr[data-item-id]").first
    item_id = row.get_attribute("data-item-id")
    row.get_by_role("button", name="Regenerate").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Instruction (optional)").fill("mention the gift box")
    dialog.get_by_role("button", name="Regenerate").click()
    expect(page.locator(f'tr[data-item-id="{item_id}"] [data-proposal-count]')).to_have_text(
        "2 proposals")
    item = live.api("get", f"/api/items/{item_id}").get_json()["data"]
    assert item["proposals"][1]["instruction"] == "mention the gift box"

    page.locator(f'tr[data-item-id="{item_id}"]').get_by_role("button", name="Preview").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("[data-proposal]")).to_have_count(2)
    dialog.locator('[data-proposal="0"]').get_by_role("button", name="Use this one").click()
    wait_until(lambda: live.api("get", f"/api/items/{item_id}").get_json()["data"][
        "proposals"][0]["chosen"])


def test_pause_and_resume_from_the_job_page(live, page):
    created = live.api("post", "/api/jobs", json={"kind": "counter", "count": 600,
                                                  "sleep": 0.02, "title": "Slow counters"})
    job_id = created.get_json()["data"]["id"]
    page.goto(live.path(f"/jobs/{job_id}"))
    header = page.locator("[data-job-header]")
    header.get_by_role("button", name="Pause").click()
    expect(header.locator("[data-job-badge]")).to_contain_text("Paused")
    expect(page.locator("[data-paused-banner]")).to_be_visible()
    job = live.api("get", f"/api/jobs/{job_id}").get_json()["data"]
    assert job["status"] == "paused" and job["paused_by"] == "1"
    page.reload()
    expect(page.locator("[data-paused-by]")).to_have_text(re.compile(r"^You · "))
    shot(page, "job-paused")
    page.locator("[data-job-header]").get_by_role("button", name="Resume").click()
    expect(page.locator("[data-paused-banner]")).to_be_hidden()
    wait_until(lambda: live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["status"]
               == "completed", timeout=240)
    done = live.api("get", f"/api/jobs/{job_id}").get_json()["data"]
    assert done["counts"]["succeeded"] == 600
