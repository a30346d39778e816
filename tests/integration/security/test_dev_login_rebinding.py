"""Dev login is for a browser on the developer's own machine, and nothing else.

A page on another site whose DNS name re-binds to 127.0.0.1 (DNS rebinding), any
request that went through a proxy, and any non-development SHELF_ENV are refused.
"""
from __future__ import annotations

import pytest

from shopify_app.auth.dev_login import is_loopback_host
from shopify_app.auth.session_token import decode_bearer
from shopify_app.config import ConfigError
from tests.conftest import API_KEY, API_SECRET

DEV_SHOP = "dev-shop.myshopify.com"
LOOPBACK = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def dev_client(make_app):  # type: ignore[no-untyped-def]
    return make_app(SHELF_DEV_LOGIN="1", SHELF_DEV_SHOP=DEV_SHOP).test_client()


def mint(client, host="localhost:8080", origin="same", **headers):  # type: ignore[no-untyped-def]
    sent = {"Host": host, **headers}
    if origin == "same":
        sent["Origin"] = f"http://{host}"
    elif origin is not None:
        sent["Origin"] = origin
    return client.post("/dev/session-token", headers=sent, environ_base=LOOPBACK)


@pytest.mark.parametrize("host", ["localhost", "localhost:8080", "127.0.0.1", "127.0.0.1:8080",
                                  "[::1]", "[::1]:8080", "LOCALHOST:8080"])
def test_loopback_host_with_its_own_origin_gets_a_token(dev_client, host):
    response = mint(dev_client, host)
    assert response.status_code == 200, host
    assert response.get_json()["data"]["shop"] == DEV_SHOP
    assert response.headers["Cache-Control"] == "no-store"
    claims = decode_bearer(f"Bearer {response.get_json()['data']['token']}", API_KEY, API_SECRET)
    assert claims.shop == DEV_SHOP


@pytest.mark.parametrize("host", [
    "evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost.evil.example",
    "localhost.", "0.0.0.0:8080", "10.0.0.5:8080", "[::ffff:127.0.0.1]:8080", "[::1",
    "localhost:80x", "localhost:", "127.1:8080", "",
])
def test_foreign_host_is_refused_even_from_loopback(dev_client, host):
    """DNS rebinding: the browser talks to 127.0.0.1 but says Host: evil.example."""
    assert mint(dev_client, host).status_code == 404
    page = dev_client.get("/", headers={"Host": host}, environ_base=LOOPBACK)
    assert page.status_code == 302
    assert DEV_SHOP not in page.get_data(as_text=True)


@pytest.mark.parametrize("origin", [
    None, "null", "http://evil.example", "http://evil.example:8080", "https://localhost:8080",
    "http://localhost:9999", "http://127.0.0.1:8080", "http://localhost:8080.evil.example",
])
def test_post_without_the_apps_own_origin_is_refused(dev_client, origin):
    assert mint(dev_client, "localhost:8080", origin=origin).status_code == 404


def test_cross_site_fetch_metadata_is_refused(dev_client):
    assert mint(dev_client, **{"Sec-Fetch-Site": "cross-site"}).status_code == 404
    assert mint(dev_client, **{"Sec-Fetch-Site": "same-site"}).status_code == 404
    assert mint(dev_client, **{"Sec-Fetch-Site": "same-origin"}).status_code == 200


@pytest.mark.parametrize("header, value", [
    ("X-Forwarded-For", ""), ("X-Forwarded-For", "127.0.0.1"), ("X-Forwarded-Proto", "https"),
    ("X-Forwarded-Host", "localhost"), ("X-Forwarded-Port", "443"), ("Forwarded", "for=127.0.0.1"),
    ("Forwarded-For", "127.0.0.1"), ("Via", "1.1 proxy"), ("X-Real-IP", "127.0.0.1"),
    ("CF-Connecting-IP", "127.0.0.1"), ("True-Client-IP", "127.0.0.1"),
    ("X-Client-IP", "127.0.0.1"), ("X-Cluster-Client-IP", "127.0.0.1"),
    ("Fastly-Client-IP", "127.0.0.1"), ("Client-IP", "127.0.0.1"),
    ("X-Original-Forwarded-For", "127.0.0.1"), ("X-Amzn-Trace-Id", "Root=1-abc"),
    ("X-Envoy-External-Address", "127.0.0.1"),
])
def test_any_proxy_header_is_refused_even_empty(dev_client, header, value):
    assert mint(dev_client, **{header: value}).status_code == 404
    page = dev_client.get("/", headers={"Host": "localhost", header: value},
                          environ_base=LOOPBACK)
    assert page.status_code == 302


@pytest.mark.parametrize("environment", ["production", "prod", "prd", "live", "staging",
                                         "stage", "Production", " PRD ", "qa", "preview"])
def test_non_development_shelf_env_refuses_dev_login(make_app, environment):
    with pytest.raises(ConfigError, match="SHELF_DEV_LOGIN"):
        make_app(SHELF_DEV_LOGIN="1", SHELF_ENV=environment)


@pytest.mark.parametrize("environment", ["prd", "live", "staging"])
def test_non_development_shelf_env_is_production_at_start_up(make_app, environment):
    with pytest.raises(ConfigError, match="SHELF_ENCRYPTION_KEY"):
        make_app(SHELF_ENV=environment, SHELF_ENCRYPTION_KEY="")
    app = make_app(SHELF_ENV=environment)
    assert app.config["SHELF_PRODUCTION"] is True
    assert app.config["SHELF_DEV_LOGIN"] is False


@pytest.mark.parametrize("environment", ["", "dev", "development", "local", "test", "testing"])
def test_development_shelf_env_allows_dev_login(make_app, environment):
    client = make_app(SHELF_DEV_LOGIN="1", SHELF_ENV=environment).test_client()
    assert mint(client).status_code == 200


def test_dev_login_switched_to_production_at_runtime_is_refused(make_app):
    app = make_app(SHELF_DEV_LOGIN="1")
    app.config["SHELF_ENV"] = "live"
    assert mint(app.test_client()).status_code == 404


@pytest.mark.parametrize("host, loopback", [
    ("localhost", True), ("127.0.0.1:1", True), ("127.8.9.10", True), ("[::1]:65535", True),
    ("::1", False), ("[::1]x", False), ("localhost:123456", False), ("evil.example", False),
    (None, False),
])
def test_loopback_host_names(host, loopback):
    assert is_loopback_host(host) is loopback
