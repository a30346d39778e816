"""The job page after a revert: reverted results have a tab and can be published again."""
from __future__ import annotations

import re

from tests.integration.conftest import SHOP
from tests.support.seed import reviewable_job


def _page(client, tokens, path: str, **args: str) -> str:  # type: ignore[no-untyped-def]
    query = {"shop": SHOP, "host": "YWRtaW4", "embedded": "1", "id_token": tokens.token(SHOP),
             **args}
    response = client.get(path, query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _publish_all(html: str) -> str:
    return re.search(r"<button[^>]*data-publish-all[^>]*>", html).group(0)


def test_reverted_results_have_a_tab_and_publish_all_stays_available(
        api, client, tokens):  # type: ignore[no-untyped-def]
    api.get("/api/me")
    job_id, _ids = reviewable_job(SHOP, 3, publish_status="reverted")

    html = _page(client, tokens, f"/jobs/{job_id}")
    assert re.search(r'data-tab="reverted"[^>]*>Reverted <span[^>]*>3</span>', html)
    assert "disabled" not in _publish_all(html)

    reverted = _page(client, tokens, f"/jobs/{job_id}", items="reverted")
    assert reverted.count("data-item-id=") == 3
    counts = api.get(f"/api/jobs/{job_id}/items/counts").get_json()
    assert counts["data"]["reverted"] == 3 and counts["data"]["unpublished"] == 0


def test_publish_all_is_disabled_once_everything_is_published(api, client, tokens):  # type: ignore[no-untyped-def]
    api.get("/api/me")
    job_id, _ids = reviewable_job(SHOP, 2, publish_status="published")
    from shopify_app.extensions import db
    from shopify_app.models import Job
    db.session.get(Job, job_id).published = 2
    db.session.commit()

    assert "disabled" in _publish_all(_page(client, tokens, f"/jobs/{job_id}"))


def test_a_job_that_publishes_nothing_shows_no_publish_counts_tabs_or_strategy(
        api, client, tokens):  # type: ignore[no-untyped-def]
    from shopify_app.extensions import db
    from shopify_app.models import Job

    api.get("/api/me")
    job_id, _ids = reviewable_job(SHOP, 2, kind="export")
    db.session.get(Job, job_id).status = "processing"
    db.session.commit()

    html = _page(client, tokens, f"/jobs/{job_id}")
    tabs = re.findall(r'data-tab="(\w+)"', html)
    assert tabs[1:] == ["all", "failed"]  # the first is the items card's own data-tab
    assert 'data-count="pending_review"' not in html and "<dt>Strategy</dt>" not in html
    assert "proposed and original" not in html and "Exported" in html
    # Its files card is there before the file is, so the file can appear when it is written.
    assert "data-job-outputs" in html and "The files appear here" in html


def test_a_catalog_row_reads_as_its_facts_not_as_json(api, client, tokens):  # type: ignore[no-untyped-def]
    import json

    from shopify_app.extensions import db
    from shopify_app.models import Job, JobItem

    api.get("/api/me")
    job_id, ids = reviewable_job(SHOP, 2, kind="build_catalog")
    db.session.get(Job, job_id).status = "completed"
    found, missing = (db.session.get(JobItem, item_id) for item_id in ids)
    found.original, found.proposed = None, json.dumps(
        {"variant_id": "gid://shopify/ProductVariant/1", "sku": "SKU-1", "quantity": 3,
         "row_price": "12.50", "options": "", "description": "Blue mug"})
    missing.status, missing.original, missing.proposed = "failed", None, None
    missing.error = "SKU NOPE was not found in the store"
    db.session.commit()

    html = _page(client, tokens, f"/jobs/{job_id}")
    row = re.search(rf'<tr data-item-id="{found.id}".*?</tr>', html, re.S).group(0)
    assert "gid://" not in row and "{" not in row.split("data-item-text")[1]
    assert re.search(r"SKU</span> SKU-1 · .*Quantity</span> 3 · .*Price</span> 12.50", row)
    assert "Options" not in row  # an empty fact is left out
    assert "Found" in row  # the kind's word for a row it could place in the catalog
    failed = re.search(rf'<tr data-item-id="{missing.id}".*?</tr>', html, re.S).group(0)
    assert "was not found" in failed and "Was:" not in failed


def _rows_html(api, job_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    response = api.get(f"/api/jobs/{job_id}/items?include=html")
    assert response.status_code == 200
    return [item["html"] for item in response.get_json()["data"]]


def test_rows_have_checkboxes_only_where_a_selection_can_be_acted_on(
        api, client, tokens):  # type: ignore[no-untyped-def]
    api.get("/api/me")
    exported, _ids = reviewable_job(SHOP, 2, kind="export")
    html = _page(client, tokens, f"/jobs/{exported}")
    assert html.count("data-item-id=") == 2
    assert "data-select" not in html and 'class="check-cell"' not in html
    assert "data-bulk-bar" not in html
    # Rows the scripts add later come from the same macro and agree.
    assert all("data-select" not in row and "check-cell" not in row
               for row in _rows_html(api, exported))

    generated, _ids = reviewable_job(SHOP, 2)
    html = _page(client, tokens, f"/jobs/{generated}")
    assert html.count("data-select-all") == 1 and html.count('data-select value=') == 2
    assert all('data-select value=' in row for row in _rows_html(api, generated))
