"""axe-core (vendored from npm: tests/browser/vendor/axe.min.js) on every page, desktop and
390 px: no serious or critical violations. Every kind of control shows a focus ring."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_until

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def _violations(page) -> list[dict]:  # type: ignore[no-untyped-def]
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const found = await axe.run(document, {resultTypes: ["violations"]});
        return found.violations.filter((v) => ["serious", "critical"].includes(v.impact))
            .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                          nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}));
    }""")
    return result


def _job_pages(live) -> dict[str, str]:  # type: ignore[no-untyped-def]
    products = sorted(live.sandbox.store().products.values(), key=lambda p: p["_n"])[:3]
    created = live.api("post", "/api/jobs", json={
        "kind": "generate", "field": "seo_title", "title": "Accessible titles",
        "scope": {"type": "products", "ids": [p["id"] for p in products]}})
    job_id = created.get_json()["data"]["id"]
    wait_until(lambda: live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["status"]
               == "review")
    return {"jobs": "/", "new-job": "/jobs/new", "job-detail": f"/jobs/{job_id}",
            "monitor": "/monitor", "settings": "/settings", "welcome": "/welcome"}


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_or_critical_axe_violations_on_any_page(live, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in _job_pages(live).items():
        page.goto(live.path(path))
        page.wait_for_load_state("networkidle")
        found = _violations(page)
        assert not found, (name, width, found)
    # A dialog too: the item preview.
    page.goto(live.path(_job_pages(live)["job-detail"]))
    page.locator("tr[data-item-id]").first.get_by_role("button", name="Preview").first.click()
    expect(page.locator("dialog[open]")).to_be_visible()
    assert not _violations(page), "preview dialog"


def test_every_kind_of_button_shows_a_focus_ring(live, page):
    pages = _job_pages(live)
    page.goto(live.path(pages["job-detail"]))
    row = page.locator("tr[data-item-id]").first
    controls = {
        "primary": row.locator(".btn.primary").first,
        "tertiary": row.locator(".btn.tertiary").first,
        "plain": row.locator(".btn").first,
        "checkbox": row.locator("[data-select]"),
    }
    for name, control in controls.items():
        control.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
        expect(control).to_be_focused()
        ring = control.evaluate("""el => { const s = getComputedStyle(el);
            return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
        assert ring["style"] != "none" and ring["width"] >= 2, (name, ring)
    header = page.locator("[data-job-actions] .btn").first
    header.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    shot(page, "focus-ring", full_page=False)
    # Icon-only and destructive buttons, in a dialog.
    row.get_by_role("button", name="Preview").first.click()
    close = page.locator("dialog[open] .icon-only")
    # The dialog opens once the item is read again: keys pressed before would move the
    # focus on the page behind it.
    expect(close).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    expect(close).to_be_focused()
    ring = close.evaluate("el => getComputedStyle(el).outlineStyle")
    assert ring != "none"
