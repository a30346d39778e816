"""Merchant words on the job page: a cancelled job says how many were skipped instead of
"N of N done · 100%", and a job in review says it waits for review instead of "Finished —"."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import wait_until

pytestmark = pytest.mark.browser


def _job(live, job_id):  # type: ignore[no-untyped-def]
    return live.api("get", f"/api/jobs/{job_id}").get_json()["data"]


def test_cancelled_job_counts_only_what_ran(live, page):
    created = live.api("post", "/api/jobs", json={"kind": "counter", "count": 300, "sleep": 0.02,
                                                   "title": "Stopped early"})
    job_id = created.get_json()["data"]["id"]
    wait_until(lambda: _job(live, job_id)["counts"]["succeeded"] >= 20)
    assert live.api("post", f"/api/jobs/{job_id}/cancel", json={}).status_code == 200
    job = _job(live, job_id)
    done = job["counts"]["succeeded"] + job["counts"]["failed"]
    assert job["counts"]["skipped"] > 0
    page.goto(live.path(f"/jobs/{job_id}"))
    text = page.locator("[data-progress-text]")
    expect(text).to_contain_text(f"{done} of 300 items done")
    expect(text).to_contain_text(f"cancelled, {job['counts']['skipped']} skipped")
    expect(text).not_to_contain_text("300 of 300")


def test_job_in_review_waits_for_review_rather_than_finished_dash(live, page):
    products = sorted(live.sandbox.store().products.values(), key=lambda p: p["_n"])[:2]
    created = live.api("post", "/api/jobs", json={
        "kind": "generate", "field": "seo_title",
        "scope": {"type": "products", "ids": [p["id"] for p in products]}})
    job_id = created.get_json()["data"]["id"]
    page.goto(live.path(f"/jobs/{job_id}"))
    expect(page.locator("[data-job-badge]")).to_contain_text("Review", timeout=60_000)
    expect(page.locator("[data-completed]")).to_have_text("Waiting for your review")
