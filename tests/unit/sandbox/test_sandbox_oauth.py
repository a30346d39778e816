"""Token exchange, refresh and the authorization-code grant."""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from urllib.parse import parse_qsl, urlsplit

import jwt
import pytest
import requests

# The development secret is shorter than PyJWT recommends; that is the point of a dev secret.
pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")

KEY, SECRET = "shelf-dev-key", "shelf-dev-secret"
EXCHANGE = {
    "client_id": KEY,
    "client_secret": SECRET,
    "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
    "subject_token_type": "urn:ietf:params:oauth:token-type:id_token",
    "requested_token_type": "urn:shopify:params:oauth:token-type:offline-access-token",
}


def id_token(shop: str, secret: str = SECRET, aud: str = KEY, exp_in: int = 60,
             sub: str = "42") -> str:
    now = int(time.time())
    claims = {
        "iss": f"https://{shop}/admin",
        "dest": f"https://{shop}",
        "aud": aud,
        "sub": sub,
        "exp": now + exp_in,
        "nbf": now - 5,
        "iat": now,
        "jti": str(uuid.uuid4()),
        "sid": "s1",
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def _token_url(sandbox):
    return sandbox.origin + "/admin/oauth/access_token"


def _shop_name(sandbox):
    return sandbox.shop


def _graphql_ok(sandbox, token):
    response = requests.post(
        sandbox.graphql_url,
        json={"query": "{ shop { myshopifyDomain } }"},
        headers={"X-Shopify-Access-Token": token},
        timeout=10,
    )
    return response.status_code == 200 and "data" in response.json()


def test_token_exchange_grants_an_expiring_offline_token(sandbox):
    shop = f"tx-{uuid.uuid4().hex[:8]}.myshopify.com"
    response = requests.post(
        _token_url(sandbox),
        data={**EXCHANGE, "subject_token": id_token(shop), "expiring": "1"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["access_token"].startswith("shpat_")
    assert body["refresh_token"].startswith("shprt_")
    assert body["expires_in"] == 3600 and body["refresh_token_expires_in"] == 7_776_000
    assert body["scope"]
    assert shop in sandbox.state.shops  # created and seeded on first exchange
    assert _graphql_ok(sandbox, body["access_token"])


def test_token_exchange_without_expiring_has_no_refresh_fields(sandbox):
    response = requests.post(
        _token_url(sandbox), json={**EXCHANGE, "subject_token": id_token(sandbox.shop)}, timeout=10
    )
    assert set(response.json()) == {"access_token", "scope"}


def test_token_exchange_rejects_bad_subject_tokens(sandbox):
    for bad in (
        id_token(sandbox.shop, secret="other-secret"),
        id_token(sandbox.shop, aud="other-app"),
        id_token(sandbox.shop, exp_in=-60),
        "not-a-jwt",
    ):
        response = requests.post(
            _token_url(sandbox), data={**EXCHANGE, "subject_token": bad}, timeout=10
        )
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_subject_token"


def test_online_exchange_names_the_tokens_user(sandbox):
    from shopify_app.auth.token_client import AssociatedUser, TokenClient

    online = {**EXCHANGE,
              "requested_token_type": "urn:shopify:params:oauth:token-type:online-access-token"}
    response = requests.post(
        _token_url(sandbox), data={**online, "subject_token": id_token(sandbox.shop, sub="2")},
        timeout=10)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["expires_in"] > 0 and body["associated_user_scope"]
    user = body["associated_user"]
    assert (user["id"], user["first_name"], user["last_name"]) == (2, "Priya", "Shah")
    assert user["email"] == f"priya.shah@{sandbox.shop}"
    assert user["account_owner"] is False and user["collaborator"] is False
    assert "refresh_token" not in body

    # An id the table does not know still gets a plausible user; the app's client reads it.
    client = TokenClient(KEY, SECRET, sandbox.origin)
    assert client.exchange_online(sandbox.shop, id_token(sandbox.shop, sub="777")) == \
        AssociatedUser(id="777", first_name="Staff", last_name="Member 777",
                       email=f"staff.777@{sandbox.shop}", account_owner=False,
                       collaborator=False)
    owner = client.exchange_online(sandbox.shop, id_token(sandbox.shop, sub="1"))
    assert owner is not None and owner.account_owner and owner.first_name == "Alex"


def test_wrong_client_credentials(sandbox):
    response = requests.post(
        _token_url(sandbox),
        data={**EXCHANGE, "client_secret": "nope", "subject_token": id_token(sandbox.shop)},
        timeout=10,
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_refresh_retires_the_old_refresh_token(sandbox):
    first = requests.post(
        _token_url(sandbox),
        data={**EXCHANGE, "subject_token": id_token(sandbox.shop), "expiring": "1"},
        timeout=10,
    ).json()
    refresh = {
        "client_id": KEY,
        "client_secret": SECRET,
        "grant_type": "refresh_token",
        "refresh_token": first["refresh_token"],
    }
    second = requests.post(_token_url(sandbox), data=refresh, timeout=10)
    assert second.status_code == 200
    pair = second.json()
    assert pair["access_token"] != first["access_token"]
    assert pair["refresh_token"] != first["refresh_token"]
    assert _graphql_ok(sandbox, pair["access_token"])
    again = requests.post(_token_url(sandbox), data=refresh, timeout=10)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def test_expired_access_token_is_rejected(sandbox):
    token = sandbox.token(ttl=-1)
    response = requests.post(
        sandbox.graphql_url,
        json={"query": "{ shop { id } }"},
        headers={"X-Shopify-Access-Token": token},
        timeout=10,
    )
    assert response.status_code == 401


def test_authorization_code_grant(sandbox):
    shop = f"ac-{uuid.uuid4().hex[:8]}.myshopify.com"
    response = requests.get(
        sandbox.origin + "/admin/oauth/authorize",
        params={
            "client_id": KEY,
            "scope": "read_products",
            "redirect_uri": "https://app.example/auth/callback",
            "state": "nonce-1",
            "shop": shop,
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.netloc == "app.example" and location.path == "/auth/callback"
    params = dict(parse_qsl(location.query))
    assert params["shop"] == shop and params["state"] == "nonce-1" and params["host"]
    message = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "hmac")
    assert params["hmac"] == hmac.new(SECRET.encode(), message.encode(), hashlib.sha256).hexdigest()

    token = requests.post(
        _token_url(sandbox),
        data={"client_id": KEY, "client_secret": SECRET, "code": params["code"]},
        timeout=10,
    )
    assert token.status_code == 200
    assert token.json()["scope"] == "read_products"
    assert _graphql_ok(sandbox, token.json()["access_token"])
    reused = requests.post(
        _token_url(sandbox),
        data={"client_id": KEY, "client_secret": SECRET, "code": params["code"]},
        timeout=10,
    )
    assert reused.status_code == 400


def test_authorize_without_a_shop_uses_the_first_configured_shop(sandbox):
    response = requests.get(
        sandbox.origin + "/admin/oauth/authorize",
        params={
            "client_id": KEY,
            "scope": "read_products",
            "state": "s",
            "redirect_uri": "http://127.0.0.1:8080/auth/callback",
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    assert dict(parse_qsl(urlsplit(response.headers["Location"]).query))["shop"] == sandbox.shop
