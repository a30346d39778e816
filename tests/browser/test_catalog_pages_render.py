"""The catalog pages render on the server: definitions, catalogs, the catalog job form, roles."""
from __future__ import annotations

import re

import pytest

from tests.browser.test_page_render import SHOP, _html, call, page  # noqa: F401 — fixtures

DEFINITION = {"name": "Wholesale grid", "layout": "grid", "currency": "EUR",
              "number_format": "de_DE"}


def _definition(call, **extra):  # type: ignore[no-untyped-def]  # noqa: F811
    response = call("post", "/api/catalog-definitions", json={**DEFINITION, **extra})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["data"]


@pytest.mark.parametrize("path", ["/definitions", "/definitions/new", "/catalogs"])
def test_catalog_pages_render_with_nav(page, path):  # noqa: F811
    response = page(path)
    assert response.status_code == 200
    html = _html(response)
    assert "/catalogs?" in html and "/definitions?" in html
    links = [link for link in re.findall(r'href="(/[^"]*)"', html)
             if not link.startswith("/static/")]
    assert all("shop=" in link for link in links)


def test_definitions_list_shows_layout_status_and_use(page, call):  # noqa: F811
    active = _definition(call)
    _definition(call, name="Old line sheet", layout="line_sheet", active=False)
    html = _html(page("/definitions"))
    row = html.split(f'data-definition-id="{active["id"]}"', 1)[1].split("</tr>", 1)[0]
    assert "Wholesale grid" in row and "Grid" in row and "Active" in row and "0 jobs" in row
    assert "Line sheet" in html and "Inactive" in html
    assert "data-delete-definition" in html and "data-toggle-active" in html


def test_definition_editor_shows_every_field(page, call):  # noqa: F811
    definition = _definition(call, branding={"accent_color": "#aa3300", "cover_page": True,
                                             "header_text": "Spring prices"})
    html = _html(page(f"/definitions/{definition['id']}"))
    for name in ("name", "description", "active", "layout", "custom_template", "columns",
                 "price_source", "currency", "number_format", "image_size", "grouping",
                 "page_size", "logo", "accent_color", "header_text", "footer_text",
                 "cover_page"):
        assert f'name="{name}"' in html, name
    assert 'value="#aa3300"' in html and "Spring prices" in html
    assert 'sandbox=""' in html  # the preview frame runs nothing
    assert page("/definitions/nope").status_code == 404


def test_another_shops_definition_is_a_404_page(page, call):  # noqa: F811
    definition = _definition(call)
    assert page(f"/definitions/{definition['id']}", shop="other-shop.myshopify.com"
                ).status_code == 404


def test_read_role_sees_no_create_edit_or_delete(page, call):  # noqa: F811
    definition = _definition(call)
    page("/", user="9")
    call("put", "/api/settings", json={"roles": {"9": "read"}})
    listing = _html(page("/definitions", user="9"))
    assert "Wholesale grid" in listing
    main = listing.split("<main", 1)[1]
    assert "data-new-definition" not in main and "data-toggle-active" not in main
    assert "data-delete-definition" not in main
    editor = _html(page(f"/definitions/{definition['id']}", user="9"))
    assert "data-save" not in editor and "<fieldset class=\"plain\" disabled>" in editor
    # write: edits and toggles, but deleting is for admins
    call("put", "/api/settings", json={"roles": {"9": "write"}})
    writer = _html(page("/definitions", user="9"))
    assert "data-toggle-active" in writer and "data-delete-definition" not in writer


def test_new_job_form_offers_only_active_definitions(page, call):  # noqa: F811
    html = _html(page("/jobs/new"))
    assert "data-no-definitions" in html and "/definitions?" in html
    active = _definition(call)
    inactive = _definition(call, name="Retired", active=False)
    html = _html(page("/jobs/new"))
    assert "data-no-definitions" not in html
    assert f'value="{active["id"]}"' in html and f'value="{inactive["id"]}"' not in html
    for name in ("customer_name", "customer_email", "customer_phone", "reference"):
        assert f'name="{name}"' in html
    assert "data-no-scope" in html and "data-paste-rows" in html and "data-csv-file" in html


def test_a_stored_catalog_page_may_be_framed_by_the_app_only(app, client):
    from urllib.parse import urlsplit

    from shopify_app.storage import storage, url_for_key

    storage().put("shops/1/jobs/x/catalog.html", b"<h1>Catalog</h1>", "text/html")
    link = url_for_key("shops/1/jobs/x/catalog.html", filename="catalog.html", inline=True)
    response = client.get(urlsplit(link["url"]).path)
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    origin = app.config["SHOPIFY_APP_URL"].rstrip("/")
    ancestors = policy.split("frame-ancestors", 1)[1].split()
    assert policy.startswith("sandbox;") and "script-src" not in policy
    assert origin in ancestors and "https://admin.shopify.com" in ancestors
    assert "*" not in ancestors
