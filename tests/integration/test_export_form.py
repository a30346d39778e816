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
