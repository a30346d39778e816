"""The export form in the browser: format, layout and picked columns reach the job, and the
finished job offers its file."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import wait_until

pytestmark = pytest.mark.browser


def test_export_form_sends_the_picked_columns_and_format(live, page):
    page.goto(live.path("/jobs/new"))
    page.locator("label.choice-card", has_text="Spreadsheet export").click()
    panel = page.locator('[data-kind-panel="export"]').last
    expect(panel).to_be_visible()
    panel.locator("label.choice", has_text="Excel workbook").click()
    panel.locator("label.choice", has_text="Description (HTML)").click()  # off
    panel.locator("label.choice", has_text="SKU").click()
    panel.locator("label.choice", has_text="Price").first.click()
    page.get_by_role("button", name="Create job").click()
    page.wait_for_url(re.compile(r"/jobs/(?!new)[0-9a-z]+$"))
    job_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    job = live.api("get", f"/api/jobs/{job_id}").get_json()["data"]
    assert job["kind"] == "export" and job["options"]["format"] == "xlsx"
    columns = job["options"]["columns"]
    assert "sku" in columns and "price" in columns and "description_html" not in columns
    assert columns[:2] == ["id", "handle"]  # page order
    wait_until(lambda: live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["status"]
               == "completed")
    files = live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["file_locations"]
    assert files[0]["name"].endswith(".xlsx")
    page.reload()
    link = page.locator("[data-file-list] a").first
    expect(link).to_contain_text(files[0]["name"])
    assert "/files/" in (link.get_attribute("href") or "")  # a signed link, not the key
