"""Session-token auth on /api: exactly one token exchange, and every bad token is a 401."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import select, text

from shopify_app.extensions import db
from shopify_app.models import Shop, StaffMember

SHOP = "test-shop.myshopify.com"


def assert_401_envelope(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 401
    assert response.headers["X-Shopify-Retry-Invalid-Session-Request"] == "1"
    error = response.get_json()["errors"][0]
    assert error["status"] == "401"
    assert error["title"] == "Unauthorized"
    assert error["detail"]
    assert error["request_id"] == response.headers["X-Request-Id"]


def test_valid_token_gets_me_and_exchanges_once(client, tokens, shopify_oauth):
    first = client.get("/api/me", headers=tokens.header(SHOP, "101"))
    second = client.get("/api/me", headers=tokens.header(SHOP, "101"))

    assert first.status_code == 200, first.get_json()
    assert first.get_json() == {"data": {"shop": SHOP, "shop_name": None, "user_id": "101",
                                         "role": "admin"}}
    assert second.status_code == 200
    assert len(shopify_oauth.exchanges) == 1
    exchange = shopify_oauth.exchanges[0]
    assert exchange["_shop"] == SHOP
    assert exchange["requested_token_type"] == \
        "urn:shopify:params:oauth:token-type:offline-access-token"
    assert exchange["subject_token_type"] == "urn:ietf:params:oauth:token-type:id_token"
    assert exchange["expiring"] == "1"
    shop = db.session.scalars(select(Shop).where(Shop.domain == SHOP)).one()
    assert shop.access_token == "shpat_secret_1"
    assert shop.refresh_token == "shprt_1"
    assert shop.is_installed


def test_first_staff_is_admin_later_staff_get_default_role(client, tokens, shopify_oauth):
    assert client.get("/api/me", headers=tokens.header(SHOP, "1")).get_json()["data"]["role"] \
        == "admin"
    second = client.get("/api/me", headers=tokens.header(SHOP, "2")).get_json()["data"]
    assert second["role"] == "write"
    assert db.session.scalar(select(StaffMember.role).where(
        StaffMember.shopify_user_id == "2")) == "write"


def test_token_stored_encrypted(client, tokens, shopify_oauth):
    client.get("/api/me", headers=tokens.header(SHOP))
    raw_access, raw_refresh = db.session.execute(
        text("SELECT access_token, refresh_token FROM shops")).one()
    assert "shpat_secret_1" not in raw_access
    assert "shprt_1" not in raw_refresh
    assert raw_access.startswith("gAAAA")  # a Fernet token


@pytest.mark.parametrize("case", [
    "missing", "not-bearer", "garbage", "expired", "wrong-signature", "wrong-audience",
    "not-myshopify", "iss-dest-mismatch", "not-yet-valid", "no-sub",
])
def test_bad_session_tokens_are_401(client, tokens, shopify_oauth, case):
    now = int(time.time())
    headers = {
        "missing": {},
        "not-bearer": {"Authorization": f"Token {tokens.token()}"},
        "garbage": {"Authorization": "Bearer not.a.jwt"},
        "expired": tokens.header(exp=now - 60, nbf=now - 120, iat=now - 120),
        "wrong-signature": tokens.header(secret="someone-elses-secret-0123456789abcdef0123"),
        "wrong-audience": tokens.header(aud="another-app"),
        "not-myshopify": tokens.header(iss="https://evil.example.com/admin",
                                       dest="https://evil.example.com"),
        "iss-dest-mismatch": tokens.header(dest="https://other-shop.myshopify.com"),
        "not-yet-valid": tokens.header(nbf=now + 300),
        "no-sub": tokens.header(sub=None),
    }[case]
    response = client.get("/api/me", headers=headers)
    assert_401_envelope(response)
    assert shopify_oauth.calls == []
    assert db.session.scalar(select(Shop.id)) is None


def test_rejected_token_exchange_is_401(client, tokens, shopify_oauth):
    shopify_oauth.fail_with = (400, {"error": "invalid_subject_token"})
    assert_401_envelope(client.get("/api/me", headers=tokens.header(SHOP)))


def test_shopify_down_during_exchange_is_503(client, tokens, shopify_oauth, monkeypatch):
    monkeypatch.setattr("shopify_app.auth.token_client.time.sleep", lambda _s: None)
    shopify_oauth.fail_with = (502, {"error": "bad gateway"})
    response = client.get("/api/me", headers=tokens.header(SHOP))
    assert response.status_code == 503
    assert response.get_json()["errors"][0]["status"] == "503"


def test_expiring_token_is_refreshed_not_exchanged(client, tokens, shopify_oauth):
    shopify_oauth.expires_in = 60  # inside the refresh margin: stale at once
    client.get("/api/me", headers=tokens.header(SHOP))
    shopify_oauth.expires_in = 3600
    response = client.get("/api/me", headers=tokens.header(SHOP))

    assert response.status_code == 200
    assert len(shopify_oauth.exchanges) == 1
    assert [c["refresh_token"] for c in shopify_oauth.refreshes] == ["shprt_1"]
    shop = db.session.scalars(select(Shop).where(Shop.domain == SHOP)).one()
    db.session.refresh(shop)
    assert shop.access_token == "shpat_secret_2"
    assert shop.refresh_token == "shprt_2"


def test_refused_refresh_falls_back_to_exchange(client, tokens, shopify_oauth):
    shopify_oauth.expires_in = 60
    client.get("/api/me", headers=tokens.header(SHOP))
    shop = db.session.scalars(select(Shop).where(Shop.domain == SHOP)).one()
    shop.refresh_token = "shprt_retired"
    db.session.commit()

    shopify_oauth.refuse_refresh = True
    response = client.get("/api/me", headers=tokens.header(SHOP))

    assert response.status_code == 200
    assert len(shopify_oauth.refreshes) == 1
    assert len(shopify_oauth.exchanges) == 2
