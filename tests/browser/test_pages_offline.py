"""Every page renders styled and usable with every non-app host blocked; screenshots saved."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_until

pytestmark = pytest.mark.browser


def _style(page, selector: str, prop: str) -> str:  # type: ignore[no-untyped-def]
    return page.eval_on_selector(selector, f"el => getComputedStyle(el).{prop}")


def test_every_page_is_styled_without_network(live, page):
    created = live.api("post", "/api/jobs", json={"kind": "counter", "count": 3, "fail": [2],
                                                   "title": "Styled counters"})
    assert created.status_code == 201
    job_id = created.get_json()["data"]["id"]
    wait_until(lambda: live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["status"]
               == "completed_with_errors")

    pages = {"jobs": "/", "new-job": "/jobs/new", "job-detail": f"/jobs/{job_id}",
             "monitor": "/monitor", "settings": "/settings"}
    for name, path in pages.items():
        page.goto(live.path(path))
        # Our CSS over the vendored Polaris tokens is applied: surface colours, radii, font.
        assert _style(page, "body", "backgroundColor") == "rgb(241, 241, 241)"
        assert _style(page, ".page-header h1", "fontWeight") == "700"
        assert _style(page, ".app-nav-fallback", "display") == "flex"
        card = page.locator(".card, .kpi").first
        expect(card).to_be_visible()
        assert card.evaluate("el => getComputedStyle(el).borderTopLeftRadius") == "12px"
        # The vendored Polaris icons load from our own origin.
        icon = page.locator(".icon").first
        assert "/static/vendor/polaris-icons/" in icon.evaluate(
            "el => getComputedStyle(el).maskImage || getComputedStyle(el).webkitMaskImage")
        page.wait_for_load_state("networkidle")
        shot(page, name)

    assert any("cdn.shopify.com" in url for url in live.blocked), live.blocked
    assert not any(urlparse_host(url) == "127.0.0.1" and url.startswith(live.url)
                   for url in live.blocked)


def urlparse_host(url: str) -> str:
    from urllib.parse import urlparse

    return urlparse(url).hostname or ""


def test_status_badges_use_words_and_icons(live, page):
    created = live.api("post", "/api/jobs", json={"kind": "counter", "count": 2, "fail": [0, 1],
                                                   "title": "Always failing"})
    job_id = created.get_json()["data"]["id"]
    wait_until(lambda: live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["status"]
               == "failed")
    page.goto(live.path("/"))
    row = page.locator(f'tr[data-job-id="{job_id}"]')
    badge = row.locator(".badge").first
    expect(badge).to_have_text("Failed")
    assert badge.locator(".icon").count() == 1
    # The reason shows on hover and on keyboard focus.
    reason = row.locator('[role="tooltip"]')
    expect(reason).to_be_hidden()
    row.get_by_role("button", name="Why it failed").focus()
    expect(reason).to_be_visible()
    expect(reason).to_contain_text(re.compile(r"\w"))
    page.mouse.move(0, 0)
    page.locator("#job-search").focus()
    expect(reason).to_be_hidden()
    row.get_by_role("button", name="Why it failed").hover()
    expect(reason).to_be_visible()


def test_monitor_refreshes_live(live, page):
    page.goto(live.path("/monitor"))
    jobs_today = page.locator('[data-kpi="jobs_today"] [data-kpi-value]')
    expect(jobs_today).to_have_text("0")
    expect(page.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")
    live.api("post", "/api/jobs", json={"kind": "counter", "count": 1, "fail": [0],
                                         "title": "Seen on the monitor"})
    expect(jobs_today).to_have_text("1")
    expect(page.locator('[data-kpi="failed_7d"] [data-kpi-value]')).to_have_text("1")
    expect(page.locator("[data-activity]")).to_contain_text("Seen on the monitor")
    shot(page, "monitor-live")
