"""Catalogs in the browser: a definition with a live preview, a catalog job from pasted rows
followed live to completion, the catalog viewed and downloaded, definitions and roles."""
from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import job_id_from, shot, wait_until

pytestmark = pytest.mark.browser

# Records every text the job page's stage line shows, from the first paint on.
STAGE_RECORDER = """
window.__stages = [];
new MutationObserver(() => {
  const node = document.querySelector('[data-stage]');
  const text = node ? node.textContent.trim() : '';
  if (text && window.__stages[window.__stages.length - 1] !== text) window.__stages.push(text);
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def _skus(sandbox, count: int) -> list[tuple[str, str]]:
    """(sku, product title) of products with an image."""
    found = []
    for product in sorted(sandbox.store().products.values(), key=lambda p: p["_n"]):
        if product["media"] and product["variants"][0].get("sku"):
            found.append((product["variants"][0]["sku"], product["title"]))
        if len(found) == count:
            return found
    raise AssertionError("not enough products in the sandbox")


def _no_horizontal_scroll(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), \
        page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def _create_definition(page, live, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live.path("/definitions"))
    expect(page.get_by_role("heading", name="No catalog definitions yet")).to_be_visible()
    page.get_by_role("link", name="New definition").click()
    page.wait_for_url(re.compile(r"/definitions/new"))
    page.locator("#def-name").fill(name)
    page.get_by_label("List", exact=True).check()
    page.locator('[name="columns"][value="barcode"]').check()
    page.locator("#def-currency").fill("EUR")
    page.locator("#def-locale").select_option("de_DE")
    page.locator("#def-accent").fill("#aa3300")
    page.locator("#def-header").fill("Spring wholesale prices")
    # The live preview: rendered by the server, shown in a frame that runs nothing.
    frame = page.frame_locator("[data-preview-frame]")
    expect(frame.locator("body")).to_contain_text("Spring wholesale prices")
    expect(frame.locator("body")).to_contain_text("€")
    assert page.locator("[data-preview-frame]").get_attribute("sandbox") == ""
    # A custom template that reaches for Python internals is refused on save, inline.
    page.get_by_label("Custom template").check()
    page.locator("#def-template").fill("{{ ''.__class__.__mro__ }}")
    page.get_by_role("button", name="Create definition").click()
    error = page.locator('[data-error-for="/custom_template"]')
    expect(error).to_be_visible()
    page.get_by_label("List", exact=True).check()
    shot(page, "catalog-definition-editor")
    page.set_viewport_size({"width": 390, "height": 844})
    _no_horizontal_scroll(page)
    shot(page, "catalog-definition-editor-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Create definition").click()
    page.wait_for_url(re.compile(r"/definitions\?|/definitions$"))
    expect(page.locator("tr[data-definition-id]")).to_have_count(1)
    expect(page.locator("tr[data-definition-id]")).to_contain_text(name)


def test_definition_then_catalog_job_from_pasted_rows_to_pdf(live, context):
    page = context.new_page()
    _create_definition(page, live, "Spring line")

    picked = _skus(live.sandbox, 3)
    # A little latency on Shopify's side, so each stage is on screen long enough to see.
    requests.put(f"{live.sandbox.origin}/sandbox/faults", json={"latency_ms": 400},
                 timeout=10).raise_for_status()
    page.add_init_script(STAGE_RECORDER)
    page.goto(live.path("/jobs/new"))
    page.locator("label.choice-card", has_text="Catalog").click()
    expect(page.locator("[data-scope-card]")).to_be_hidden()
    expect(page.locator("#cat-definition")).to_have_value(re.compile(".+"))
    page.locator("#cat-customer-name").fill("Acme Retail")
    page.locator("#cat-customer-email").fill("not-an-email")
    page.locator("#cat-reference").fill("PO-4711")
    page.get_by_role("button", name="Paste from a spreadsheet").click()
    pasted = "\n".join(f"{sku}\tRow {n}\t{n + 1}\t{10 + n}.50" for n, (sku, _t) in
                       enumerate(picked)) + "\nNO-SUCH-SKU\t\t1\t2"
    page.locator("[data-paste-area]").fill(pasted)
    page.get_by_role("button", name="Add rows").click()
    rows = page.locator("[data-item-rows] tr")
    expect(rows).to_have_count(4)
    expect(rows.first.locator('[data-col="sku"]')).to_have_value(picked[0][0])
    # A row without SKU and a bad email: the 422 names the field and the row, inline.
    page.get_by_role("button", name="Add item").click()
    rows.nth(4).locator('[data-col="description"]').fill("forgot the sku")
    page.get_by_role("button", name="Create job").click()
    expect(page.locator('[data-error-for="/items[5]"]')).to_have_text("items[5].sku is required")
    # The field is named by its label, as the merchant sees it, not by the API's key.
    expect(page.locator('[data-error-for="/customer_email"]')).to_have_text(
        "Customer email is not a valid email address")
    expect(page.locator("[data-error-list]")).to_contain_text("Customer email is not")
    expect(rows.nth(4).locator('[data-col="sku"]')).to_have_attribute("aria-invalid", "true")
    shot(page, "catalog-new-job-errors")
    page.set_viewport_size({"width": 390, "height": 844})
    _no_horizontal_scroll(page)
    shot(page, "catalog-new-job-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    rows.nth(4).get_by_role("button", name="Remove row 5").click()
    expect(rows).to_have_count(4)
    page.locator("#cat-customer-email").fill("buyer@acme.example")
    page.get_by_role("button", name="Create job").click()
    page.wait_for_url(re.compile(r"/jobs/(?!new)[0-9a-z]+"))
    job_id = job_id_from(page.url)

    # Followed live: Image resolution, then Building, then completed with one unknown row.
    expect(page.locator("[data-job-badge]")).to_contain_text("errors", timeout=90_000)
    stages = page.evaluate("window.__stages")
    assert "Image resolution…" in stages and "Building…" in stages, stages
    assert stages.index("Image resolution…") < stages.index("Building…")
    requests.delete(f"{live.sandbox.origin}/sandbox/faults", timeout=10)
    files = page.locator("[data-file-list] li")
    expect(files).to_have_count(3)
    expect(page.locator("[data-delivery-list] [data-channel]").first).to_be_visible(
        timeout=30_000)
    shot(page, "catalog-job-detail")

    # The catalog itself, in a sandboxed frame.
    page.locator("[data-view-file]").click()
    dialog = page.locator("dialog[open]")
    assert dialog.locator("iframe").get_attribute("sandbox") == ""
    catalog = dialog.frame_locator("iframe").locator("body")
    for _sku, title in picked:
        expect(catalog).to_contain_text(title)
    page.keyboard.press("Escape")

    # The jobs list shows customer, reference, definition and rows.
    page.goto(live.path("/"))
    row = page.locator(f'tr[data-job-id="{job_id}"]')
    for text in ("Acme Retail", "buyer@acme.example", "PO-4711", "Spring line", "4 rows"):
        expect(row).to_contain_text(text)
    expect(row.locator("[data-outcome]").first).to_have_text("Files ready")

    # The catalogs page: the PDF downloads as a PDF; a share link can be made.
    page.goto(live.path("/catalogs"))
    entry = page.locator("tr[data-catalog-id]")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Acme Retail")
    expect(entry).to_contain_text("PO-4711")
    expect(entry).to_contain_text("Spring line")
    # On a phone each catalog is a card whose values say what they are.
    expect(entry.locator('td[data-label="Reference"]')).to_have_text("PO-4711")
    expect(entry.locator('td[data-label="Rows"]')).to_be_visible()
    with page.expect_download() as download_info:
        entry.locator('[data-file="pdf"]').click()
    pdf = open(download_info.value.path(), "rb").read()  # noqa: SIM115
    assert pdf.startswith(b"%PDF-") and len(pdf) > 1000
    response = page.request.get(entry.locator('[data-file="pdf"]').get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    entry.get_by_role("button", name=re.compile("^Copy a share link")).click()
    link = page.locator("[data-share-url]")
    expect(link).to_have_value(re.compile(r"/files/"))
    shared = page.request.get(link.input_value())
    assert shared.ok and picked[0][1] in shared.text()
    page.get_by_role("button", name="Done").click()
    # The expanded filter panel narrows the list to one mode of job.
    page.get_by_text("More filters").click()
    page.get_by_label("Mode").select_option("test")
    expect(entry).to_have_count(0)
    expect(page.locator("[data-no-match]")).to_be_visible()
    assert "mode=test" in page.url
    page.get_by_label("Mode").select_option("production")
    expect(entry).to_have_count(1)
    shot(page, "catalogs-page")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(entry).to_be_visible()
    _no_horizontal_scroll(page)
    shot(page, "catalogs-page-390")
    assert not live.blocked or all("cdn.shopify.com" in url for url in live.blocked)


def test_definitions_deactivate_delete_refused_and_read_role(live, page):
    used = live.api("post", "/api/catalog-definitions", json={"name": "In use"}).get_json()
    spare = live.api("post", "/api/catalog-definitions", json={"name": "Spare"}).get_json()
    sku = _skus(live.sandbox, 1)[0][0]
    created = live.api("post", "/api/jobs", json={
        "kind": "build_catalog", "definition_id": used["data"]["id"], "mode": "test",
        "customer": {"name": "Bo", "email": "bo@example.com"}, "items": [{"sku": sku}]})
    assert created.status_code == 201, created.get_json()

    page.goto(live.path("/definitions"))
    in_use = page.locator(f'tr[data-definition-id="{used["data"]["id"]}"]')
    expect(in_use).to_contain_text("1 job")
    # Deleting a used definition is refused, and the page says what to do instead.
    in_use.get_by_role("button", name="Delete In use").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("used by 1 job")
    expect(dialog).to_contain_text("deactivate it instead")
    shot(page, "definitions-delete-refused", full_page=False)
    dialog.get_by_role("button", name="OK").click()
    # Deactivate: the list says so and the New job form no longer offers it.
    in_use.get_by_role("button", name="Deactivate In use").click()
    expect(in_use.locator("[data-active-badge]")).to_have_text("Inactive")
    assert live.api("get", f"/api/catalog-definitions/{used['data']['id']}"
                    ).get_json()["data"]["active"] is False
    # An unused definition is deleted.
    spare_row = page.locator(f'tr[data-definition-id="{spare["data"]["id"]}"]')
    spare_row.get_by_role("button", name="Delete Spare").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(spare_row).to_have_count(0)
    assert live.api("get", f"/api/catalog-definitions/{spare['data']['id']}").status_code == 404
    page.goto(live.path("/jobs/new"))
    page.locator("label.choice-card", has_text="Catalog").click()
    expect(page.locator("[data-no-definitions]")).to_be_visible()
    expect(page.get_by_role("button", name="Create job")).to_be_disabled()
    shot(page, "catalog-new-job-no-definition")

    # A read-only staff member sees the definitions and catalogs, with nothing to change.
    with live.app.app_context():
        from shopify_app.extensions import db
        from shopify_app.models import StaffMember

        for staff in db.session.query(StaffMember).all():
            staff.role = "read"
        db.session.commit()
    page.goto(live.path("/definitions"))
    expect(in_use).to_be_visible()
    expect(page.get_by_role("link", name="New definition")).to_have_count(0)
    expect(page.locator("[data-toggle-active], [data-delete-definition]")).to_have_count(0)
    page.goto(live.path(f"/definitions/{used['data']['id']}"))
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    expect(page.locator("#def-name")).to_be_disabled()
    page.goto(live.path("/catalogs"))
    expect(page.get_by_role("link", name="New catalog job")).to_have_count(0)
    shot(page, "definitions-read-only")
    wait_until(lambda: True)
