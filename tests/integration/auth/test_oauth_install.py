"""The authorization-code install: HMAC and state checks on both legs."""
from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

from sqlalchemy import select

from shopify_app.auth.hmac_check import query_hmac
from shopify_app.extensions import db
from shopify_app.models import Shop
from tests.conftest import API_SECRET

SHOP = "install-shop.myshopify.com"


def signed(params: dict[str, str]) -> dict[str, str]:
    return {**params, "hmac": query_hmac(params, API_SECRET)}


def start_install(client) -> str:  # type: ignore[no-untyped-def]
    response = client.get("/auth/install", query_string={"shop": SHOP})
    assert response.status_code == 302
    target = urlparse(response.headers["Location"])
    assert target.netloc == SHOP and target.path == "/admin/oauth/authorize"
    params = parse_qs(target.query)
    assert params["redirect_uri"] == ["http://localhost:8080/auth/callback"]
    assert params["scope"] == ["read_products,write_products,write_files"]
    return params["state"][0]


def test_full_install_stores_the_token(client, shopify_oauth):
    state = start_install(client)
    query = signed({"code": "auth-code-1", "shop": SHOP, "state": state,
                    "timestamp": str(int(time.time())), "host": "YWRtaW4"})
    response = client.get("/auth/callback", query_string=query)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("https://admin.shopify.com/store/install-shop/")
    assert shopify_oauth.calls[-1]["code"] == "auth-code-1"
    shop = db.session.scalars(select(Shop).where(Shop.domain == SHOP)).one()
    assert shop.access_token == "shpat_secret_1" and shop.is_installed


def test_callback_with_bad_hmac_is_refused(client, shopify_oauth):
    state = start_install(client)
    query = signed({"code": "c", "shop": SHOP, "state": state, "timestamp": str(int(time.time()))})
    query["code"] = "tampered"
    response = client.get("/auth/callback", query_string=query)
    assert response.status_code == 401
    assert shopify_oauth.calls == []


def test_callback_with_unknown_state_is_refused(client, shopify_oauth):
    start_install(client)
    query = signed({"code": "c", "shop": SHOP, "state": "forged-state",
                    "timestamp": str(int(time.time()))})
    assert client.get("/auth/callback", query_string=query).status_code == 401
    assert shopify_oauth.calls == []


def test_state_cannot_be_replayed(client, shopify_oauth):
    state = start_install(client)
    query = signed({"code": "c", "shop": SHOP, "state": state, "timestamp": str(int(time.time()))})
    assert client.get("/auth/callback", query_string=query).status_code == 302
    assert client.get("/auth/callback", query_string=query).status_code == 401


def test_install_refuses_a_non_shopify_domain(client):
    response = client.get("/auth/install", query_string={"shop": "evil.example.com"},
                          headers={"Accept": "text/html"})
    assert response.status_code == 400
    assert "myshopify.com" in response.get_data(as_text=True)


def test_install_link_with_bad_hmac_is_refused(client):
    response = client.get("/auth/install", query_string={"shop": SHOP, "hmac": "00",
                                                         "timestamp": "1"})
    assert response.status_code == 401
