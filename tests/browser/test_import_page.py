"""The import form and an import job's page in the browser: a file is uploaded and previewed
(format, column mapping, first rows, counts), the job is created from it, and its page shows
the summary per field with the failed rows to download. Bad files say what is wrong."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import job_id_from, shot, wait_until
from tests.browser.test_accessibility import _violations
from tests.browser.test_mobile_layout import _no_sideways_scroll

pytestmark = pytest.mark.browser
SETTLED = ("review", "completed", "completed_with_errors", "failed")


def _products(live, n):  # type: ignore[no-untyped-def]
    return sorted(live.sandbox.store().products.values(), key=lambda p: p["_n"])[:n]


def _sheet(live, tmp_path: Path) -> Path:
    """Two titles changed, one as it is, one unknown handle, one SEO title over the limit,
    and a column Shelf doesn't know."""
    first, second, third, fourth = _products(live, 4)
    rows = ["handle,title,seo_title,notes",
            f"{first['handle']},{first['title']} (new),,keep",
            f"{second['handle']},{second['title']} (new),,",
            f"{third['handle']},{third['title']},,",
            "no-such-handle-anywhere,Ghost,,",
            f"{fourth['handle']},,{'x' * 80},"]
    path = tmp_path / "edited products.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _open_import(live, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(live.path("/jobs/new"))
    page.locator('label.choice-card:has(input[name="kind"][value="import"])').click()
    expect(page.locator("[data-import-form]")).to_be_visible()
    expect(page.locator("[data-scope-card]")).to_be_hidden()  # the file names the products


def _preview_file(live, page, path, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Write `lines` as a CSV file, choose it on the Import page, wait for its preview."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _open_import(live, page)
    page.locator("[data-import-file]").set_input_files(str(path))
    expect(page.locator("[data-import-preview]")).to_be_visible()


def test_upload_preview_create_and_summary(live, page, tmp_path):
    _open_import(live, page)
    page.locator("[data-import-file]").set_input_files(str(_sheet(live, tmp_path)))
    preview = page.locator("[data-import-preview]")
    expect(preview).to_be_visible()
    facts = page.locator("[data-file-facts]")
    expect(facts).to_contain_text("UTF-8")
    expect(facts).to_contain_text("comma")
    expect(facts).to_contain_text("Handle")  # rows are found by their handle
    mapping = page.locator("[data-column-mapping]")
    expect(mapping.locator('tr[data-column="title"]')).to_contain_text("Imported")
    expect(mapping.locator('tr[data-column="notes"]')).to_contain_text("not a column Shelf knows")
    rows = page.locator("[data-preview-rows] tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.nth(0)).to_contain_text("(new)")
    # An SEO title over the limit fails only if the store's differs: a warning, not a failure.
    checked = page.locator('[data-preview-rows] tr[data-line="6"]')
    expect(checked).to_have_attribute("data-row-state", "checked")
    expect(checked.locator(".item-warning")).to_contain_text("the limit is 70")
    expect(checked).to_contain_text("unless your store already has this SEO title")
    expect(page.locator("[data-unless-unchanged]")).to_contain_text("1 row sets a value")
    expect(page.locator("[data-import-counts]")).to_contain_text("Rows read")
    expect(page.locator('[data-field-counts] tr[data-field="title"]')).to_be_visible()
    expect(page.locator("[data-decimal-choice]")).to_be_hidden()  # no price column
    assert not _violations(page), "import preview"
    shot(page, "import-preview")

    page.get_by_role("button", name="Create import job").click()
    page.wait_for_url(re.compile(r"/jobs/(?!new)[0-9a-z]+$"))
    job_id = job_id_from(page.url)
    job = live.api("get", f"/api/jobs/{job_id}").get_json()["data"]
    upload_id = job["options"]["upload_id"]
    assert job["kind"] == "import" and upload_id and job["options"].get("decimal", "auto") == "auto"
    wait_until(lambda: live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["status"]
               in SETTLED)

    page.reload()
    card = page.locator("[data-job-summary]")
    expect(card).to_be_visible()
    table = card.locator("[data-summary-table]")
    expect(table).to_contain_text("Title")
    problems = card.locator("[data-summary-problems]")
    expect(problems).to_contain_text("Line 5")
    expect(problems).to_contain_text("no-such-handle-anywhere")
    expect(problems).to_contain_text("Line 6")
    # The item rows name the field each value is for, in the import's own words.
    item = page.locator("tr[data-item-id]").first
    expect(item).to_contain_text("Title")
    # One status per row: a value read from the file waits for review, unpublished.
    expect(item).to_contain_text("Unpublished")
    expect(item).not_to_contain_text("Generated")
    expect(page.locator("[data-file-list]")).to_contain_text("Failed rows")
    assert not _violations(page), "import job page"
    shot(page, "import-job")
    # The preview shows original → proposed, the proposed value coming from the file.
    item.get_by_role("button", name="Preview").click()
    dialog = page.locator("dialog[open]")
    expect(dialog.locator('[data-value="proposed"]')).to_contain_text("Your file")
    expect(dialog.locator('[data-value="read"]')).to_be_visible()
    assert not _violations(page), "import item preview"
    page.keyboard.press("Escape")

    with page.expect_download() as download:
        card.locator("[data-summary-file]").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "no-such-handle-anywhere" in text and "x" * 80 in text
    assert _products(live, 1)[0]["handle"] not in text  # only the rows that failed


def test_bad_files_say_what_is_wrong_at_390_px(live, page, tmp_path, monkeypatch):
    page.set_viewport_size({"width": 390, "height": 844})
    _open_import(live, page)
    error = page.locator("[data-upload-error]")
    chooser = page.locator("[data-import-file]")

    # Creating the job before any upload names the missing file beside the upload button.
    page.get_by_role("button", name="Create job").click()
    expect(page.locator('[data-error-for="/options/upload_id"]')).to_contain_text("upload")

    no_key = tmp_path / "no key.csv"
    no_key.write_text("title,vendor\nShirt,Acme\n", encoding="utf-8")
    chooser.set_input_files(str(no_key))
    expect(error).to_be_visible()
    expect(error).to_be_focused()
    expect(error).to_contain_text(re.compile(r"handle|SKU|id", re.I))
    expect(page.locator("[data-import-preview]")).to_be_hidden()

    garbage = tmp_path / "photo.csv"
    garbage.write_bytes(bytes(range(256)) * 64)
    chooser.set_input_files(str(garbage))
    expect(error).to_contain_text(re.compile(r"encoding|text|read", re.I))

    # A small limit stands in for a 60 MB file: the server refuses it with 413.
    import shopify_app.uploads.service as service
    import shopify_app.web.api.uploads as uploads_api

    monkeypatch.setattr(uploads_api, "MAX_UPLOAD_BYTES", 1000)
    monkeypatch.setattr(service, "MAX_UPLOAD_BYTES", 1000)
    big = tmp_path / "big.csv"
    big.write_text("handle,title\n" + "a-handle,A title\n" * 10_000, encoding="utf-8")
    chooser.set_input_files(str(big))
    expect(error).to_contain_text("Split it into smaller files")
    monkeypatch.undo()

    # A good file with prices and a semicolon: the decimal choice appears, and fits 390 px.
    product = _products(live, 1)[0]
    priced = tmp_path / "prices.csv"
    priced.write_text(f"handle;price\n{product['handle']};12,90\n", encoding="utf-8")
    # Dropped on the drop zone rather than chosen.
    page.locator("[data-drop-zone]").evaluate("""(zone, text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], "prices.csv", {type: "text/csv"}));
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, cancelable: true}));
    }""", priced.read_text(encoding="utf-8"))
    expect(page.locator("[data-import-preview]")).to_be_visible()
    expect(error).to_be_hidden()
    choice = page.locator("[data-decimal-choice]")
    expect(choice).to_be_visible()
    expect(choice).to_contain_text("decimal comma")
    _no_sideways_scroll(page, "import preview")
    assert not _violations(page), "import preview at 390 px"
    shot(page, "mobile-import-preview")
    page.locator('[name="import_decimal"][value=","]').check()
    page.get_by_role("button", name="Create import job").click()
    page.wait_for_url(re.compile(r"/jobs/(?!new)[0-9a-z]+$"))
    job_id = job_id_from(page.url)
    assert live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["options"]["decimal"] == ","
    # The summary card, first pending then filled in without a reload, fits 390 px too.
    expect(page.locator("[data-summary-table]")).to_contain_text("Price")
    _no_sideways_scroll(page, "import job")
    shot(page, "mobile-import-job")


def test_a_row_that_clashes_with_an_earlier_one_shows_why_it_fails(live, page, tmp_path):
    """Two lines give one product two titles: the later line fails, and its row in the
    preview says so, with the problem counted against the whole row."""
    first, second = _products(live, 2)
    _preview_file(live, page, tmp_path / "clash.csv", [
        "handle,title", f"{first['handle']},{first['title']} A",
        f"{first['handle']},{first['title']} B", f"{second['handle']},{second['title']} (new)"])
    clash = page.locator('[data-preview-rows] tr[data-line="3"]')
    expect(clash).to_have_attribute("data-row-state", "failed")
    expect(clash).to_contain_text("Keep one of the two values")
    expect(page.locator('[data-field-counts] tr[data-field="row"]')).to_contain_text("Whole row")


def test_values_past_a_limit_are_checked_against_the_store(live, page, tmp_path):
    """The store's own over-long SEO title is a warning in the preview and nothing to do in
    the job; a price that is not a number fails in both; markup in a cell stays text."""
    import requests

    first, second, third = _products(live, 3)
    long_title = "A very long search title kept by the store, longer than a file may set it"
    numeric = first["id"].rsplit("/", 1)[-1]
    requests.patch(f"{live.sandbox.origin}/sandbox/shops/{live.sandbox.shop}/products/"
                   f"{numeric}", json={"seo": {"title": long_title}},
                   timeout=10).raise_for_status()
    markup = '<img src=x onerror="window.injected=1">' + "m" * 40
    variant = second["variants"][0]["id"]
    _preview_file(live, page, tmp_path / "limits.csv", [
        "handle,seo_title,variant_id,price",
        f'{first["handle"]},"{long_title}",,',
        f'{second["handle"]},,{variant},abc',
        f'{third["handle"]},"{markup.replace(chr(34), 2 * chr(34))}",,'])

    counts = page.locator("[data-import-counts]")
    expect(counts.locator(".count-box.critical dd")).to_have_text("1")  # the price only
    expect(counts.locator(".count-box.warning")).to_contain_text("Rows checked against your store")
    expect(counts.locator(".count-box.warning dd")).to_have_text("2")
    note = page.locator("[data-unless-unchanged]")
    expect(note).to_be_visible()
    expect(note).to_contain_text("2 rows set values longer or larger than Shelf allows")
    expect(page.locator('[data-field-counts] tr[data-field="seo_title"] '
                        '[data-checked-count]')).to_have_text("2")
    rows = page.locator("[data-preview-rows]")
    expect(rows.locator('tr[data-line="2"]')).to_have_attribute("data-row-state", "checked")
    price_row = rows.locator('tr[data-line="3"]')
    expect(price_row).to_have_attribute("data-row-state", "failed")
    expect(price_row.locator(".item-error")).to_contain_text("not a number")
    marked = rows.locator('tr[data-line="4"]')
    expect(marked).to_have_attribute("data-row-state", "checked")
    expect(marked).to_contain_text('<img src=x onerror="window.injected=1">')  # as text
    expect(marked.locator(".item-warning")).to_contain_text("the limit is 70")
    assert page.locator("[data-import-preview] img").count() == 0
    assert page.evaluate("window.injected") is None
    assert not _violations(page), "import preview with warnings"
    shot(page, "import-preview-checked")

    page.get_by_role("button", name="Create import job").click()
    page.wait_for_url(re.compile(r"/jobs/(?!new)[0-9a-z]+$"))
    job_id = job_id_from(page.url)
    wait_until(lambda: live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["status"]
               in SETTLED)
    summary = live.api("get", f"/api/jobs/{job_id}").get_json()["data"]["import_summary"]
    # The store's own title is unchanged; the new over-long one and the price fail.
    assert [row["line"] for row in summary["failed"]] == [3, 4], summary
    assert summary["fields"]["seo_title"] == {"change": 0, "unchanged": 1, "invalid": 1}
