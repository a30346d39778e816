"""Embedded pages: CSP, App Bridge, the id_token bounce, and the locked-down dev login."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from shopify_app.config import ConfigError

SHOP = "test-shop.myshopify.com"


def test_home_with_valid_id_token_renders_embedded_page(client, tokens, shopify_oauth):
    query = {"shop": SHOP, "host": "YWRtaW4", "embedded": "1", "id_token": tokens.token(SHOP)}
    response = client.get("/", query_string=query)

    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == \
        f"frame-ancestors https://{SHOP} https://admin.shopify.com;"
    html = response.get_data(as_text=True)
    assert '<meta name="shopify-api-key" content="test-api-key' in html
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
    assert scripts[0] == "https://cdn.shopify.com/shopifycloud/app-bridge.js"
    assert "app-bridge.js" in response.headers["Link"]
    assert len(shopify_oauth.exchanges) == 1


def test_document_without_id_token_goes_to_bounce_page(client):
    response = client.get("/", query_string={"shop": SHOP, "host": "YWRtaW4", "embedded": "1"})
    assert response.status_code == 302
    target = urlparse(response.headers["Location"])
    assert target.path == "/auth/session-token"
    params = parse_qs(target.query)
    assert params["shop"] == [SHOP]
    assert "id_token" not in params
    reload_url = params["shopify-reload"][0]
    assert reload_url.startswith("/?") and "embedded=1" in reload_url


def test_invalid_id_token_goes_to_bounce_page(client, tokens):
    bad = tokens.token(SHOP, secret="wrong-secret-0123456789abcdef0123456789")
    response = client.get("/", query_string={"shop": SHOP, "embedded": "1", "id_token": bad})
    assert response.status_code == 302
    assert urlparse(response.headers["Location"]).path == "/auth/session-token"


def test_bounce_page_loads_app_bridge_with_csp(client):
    response = client.get("/auth/session-token", query_string={"shop": SHOP})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-api-key="test-api-key' in html
    assert "https://cdn.shopify.com/shopifycloud/app-bridge.js" in html
    assert response.headers["Content-Security-Policy"].startswith(f"frame-ancestors https://{SHOP}")


def test_outside_admin_without_dev_login_shows_welcome(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/welcome")
    welcome = client.get("/welcome")
    assert welcome.status_code == 200
    assert welcome.headers["Content-Security-Policy"] == \
        "frame-ancestors https://admin.shopify.com;"


def test_dev_login_from_loopback_renders_dev_shop(make_app):
    app = make_app(SHELF_DEV_LOGIN="1", SHELF_DEV_SHOP="dev-shop.myshopify.com")
    client = app.test_client()
    page = client.get("/", environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert page.status_code == 200
    assert "dev-shop.myshopify.com" in page.get_data(as_text=True)
    minted = client.post("/dev/session-token", environ_base={"REMOTE_ADDR": "::1"},
                         headers={"Origin": "http://localhost"})
    assert minted.status_code == 200
    assert minted.get_json()["data"]["shop"] == "dev-shop.myshopify.com"


@pytest.mark.parametrize("environ, headers", [
    ({"REMOTE_ADDR": "203.0.113.7"}, {}),
    ({"REMOTE_ADDR": "10.0.0.5"}, {}),
    ({"REMOTE_ADDR": "127.0.0.1"}, {"X-Forwarded-For": "203.0.113.7"}),
    ({"REMOTE_ADDR": "127.0.0.1"}, {"Forwarded": "for=203.0.113.7"}),
])
def test_dev_login_refuses_non_loopback_requests(make_app, environ, headers):
    client = make_app(SHELF_DEV_LOGIN="1").test_client()
    assert client.get("/", environ_base=environ, headers=headers).status_code == 302
    assert client.post("/dev/session-token", environ_base=environ,
                       headers={"Origin": "http://localhost", **headers}).status_code == 404


def test_dev_login_cannot_start_in_production(make_app):
    with pytest.raises(ConfigError, match="SHELF_DEV_LOGIN"):
        make_app(SHELF_DEV_LOGIN="1", SHELF_ENV="production")


def test_dev_login_is_off_for_a_public_app_url(make_app):
    app = make_app(SHELF_DEV_LOGIN="1", SHOPIFY_APP_URL="https://shelf.example.com")
    assert app.config["SHELF_DEV_LOGIN"] is False
    client = app.test_client()
    assert client.post("/dev/session-token", headers={"Origin": "http://localhost"},
                       environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 404


def test_dev_login_off_by_default(client):
    assert client.post("/dev/session-token", headers={"Origin": "http://localhost"},
                       environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 404
