"""Forged or loose session tokens: every claim Shopify sets is required and checked."""
from __future__ import annotations

import base64
import json
import time

import jwt
import pytest
from sqlalchemy import select

from shopify_app.extensions import db
from shopify_app.models import Shop
from tests.conftest import API_KEY, API_SECRET

SHOP = "test-shop.myshopify.com"


def _unsigned(claims: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def forged(tokens, case: str) -> str:  # type: ignore[no-untyped-def]
    now = int(time.time())
    overrides = {
        "no-exp": {"exp": None},
        "no-nbf": {"nbf": None},
        "no-iat": {"iat": None},
        "no-jti": {"jti": None},
        "no-sid": {"sid": None},
        "no-aud": {"aud": None},
        "no-iss": {"iss": None},
        "no-dest": {"dest": None},
        "empty-sub": {"sub": ""},
        "http-dest": {"dest": f"http://{SHOP}", "iss": f"http://{SHOP}/admin"},
        "http-iss": {"iss": f"http://{SHOP}/admin"},
        "http-dest-only": {"dest": f"http://{SHOP}"},
        "iss-other-shop": {"iss": "https://other-shop.myshopify.com/admin"},
        "dest-other-shop": {"dest": "https://other-shop.myshopify.com"},
        "iss-not-admin": {"iss": f"https://{SHOP}/"},
        "iss-admin-subpath": {"iss": f"https://{SHOP}/admin/evil"},
        "dest-with-port": {"dest": f"https://{SHOP}:8443"},
        "dest-with-userinfo": {"dest": f"https://attacker@{SHOP}"},
        "dest-with-path": {"dest": f"https://{SHOP}/somewhere"},
        "dest-not-myshopify": {"dest": "https://evil.example", "iss": "https://evil.example/admin"},
        "dest-not-a-string": {"dest": ["https://" + SHOP]},
        "wrong-audience": {"aud": "another-app"},
        "issued-in-future": {"iat": now + 600, "nbf": now - 5},
        "expired": {"exp": now - 60},
    }
    if case == "wrong-signature":
        return tokens.token(SHOP, secret="someone-elses-secret-0123456789abcdef0123")
    if case == "alg-none":
        return _unsigned(tokens.claims(SHOP))
    if case == "alg-hs512":
        return jwt.encode(tokens.claims(SHOP), API_SECRET, algorithm="HS512")
    return tokens.token(SHOP, **overrides[case])


CASES = ["no-exp", "no-nbf", "no-iat", "no-jti", "no-sid", "no-aud", "no-iss", "no-dest",
         "empty-sub", "http-dest", "http-iss", "http-dest-only", "iss-other-shop",
         "dest-other-shop", "iss-not-admin", "iss-admin-subpath", "dest-with-port",
         "dest-with-userinfo", "dest-with-path", "dest-not-myshopify", "dest-not-a-string",
         "wrong-audience", "issued-in-future", "expired", "wrong-signature", "alg-none",
         "alg-hs512"]


@pytest.mark.parametrize("case", CASES)
def test_forged_or_loose_token_is_refused_by_the_api(client, tokens, shopify_oauth, case):
    token = forged(tokens, case)
    response = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401, (case, response.get_json())
    assert response.headers["X-Shopify-Retry-Invalid-Session-Request"] == "1"
    assert response.get_json()["errors"][0]["detail"].startswith("Invalid session token")
    # Nothing was exchanged or created for a refused token.
    assert shopify_oauth.calls == []
    assert db.session.scalar(select(Shop.id)) is None


@pytest.mark.parametrize("case", ["no-exp", "http-dest", "iss-other-shop", "alg-none"])
def test_forged_id_token_does_not_open_a_page(client, tokens, shopify_oauth, case):
    response = client.get("/", query_string={"shop": SHOP, "embedded": "1",
                                             "id_token": forged(tokens, case)})
    assert response.status_code == 302
    assert "/auth/session-token" in response.headers["Location"]
    assert shopify_oauth.calls == []


def test_a_token_exactly_as_shopify_issues_it_is_accepted(client, tokens, shopify_oauth):
    response = client.get("/api/me", headers=tokens.header(SHOP, "42"))
    assert response.status_code == 200
    assert response.get_json()["data"]["shop"] == SHOP
    assert response.get_json()["data"]["user_id"] == "42"


def test_claims_check_is_the_same_for_any_api_key(tokens):
    from shopify_app.auth.session_token import InvalidSessionToken, decode_bearer

    header = f"Bearer {tokens.token(SHOP)}"
    assert decode_bearer(header, API_KEY, API_SECRET).shop == SHOP
    with pytest.raises(InvalidSessionToken):
        decode_bearer(header, "", API_SECRET)
