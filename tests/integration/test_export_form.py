"""The New job page offers the export with its format, layout and column choices."""
from __future__ import annotations

from tests.integration.conftest import SHOP


def test_new_job_page_shows_the_export_form(api, client, tokens):  # type: ignore[no-untyped-def]
    assert api.get("/api/me").status_code == 200
    page = client.get("/jobs/new", query_string={
        "shop": SHOP, "host": "YWRtaW4", "embedded": "1", "id_token": tokens.token(SHOP)})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'data-kind-panel="export"' in text
    assert 'data-option="format"' in text and 'value="xlsx"' in text
    assert 'data-option="layout"' in text and 'value="shopify"' in text
    columns = text.count('data-option="columns" data-type="list"')
    assert columns == 18  # every column a merchant can pick
    assert "Download products as CSV or Excel" in text
    # An export publishes nothing, so the form hides the publishing choice for it.
    assert 'value="export" data-no-strategy' in text


def test_the_export_form_offers_earlier_jobs_by_title_not_by_id(api, client, tokens):  # type: ignore[no-untyped-def]
    from tests.support.seed import reviewable_job

    assert api.get("/api/me").status_code == 200
    query = {"shop": SHOP, "host": "YWRtaW4", "embedded": "1", "id_token": tokens.token(SHOP)}
    empty = client.get("/jobs/new", query_string=query).get_data(as_text=True)
    assert "No job with results yet" in empty and "Job ID" not in empty

    job_id, _ = reviewable_job(SHOP, 2)
    other = "other-shop.myshopify.com"
    assert api.as_user("1", shop=other).get("/api/me").status_code == 200
    theirs, _ = reviewable_job(other, 1)
    text = client.get("/jobs/new", query_string=query).get_data(as_text=True)
    assert f'<option value="{job_id}">Descriptions for review · ' in text
    assert theirs not in text  # another store's jobs are never offered
