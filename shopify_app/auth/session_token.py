"""Verify App Bridge session (ID) tokens and name the shop and user they speak for.

Shopify signs these JWTs with the app's secret (HS256) and gives them about a
minute of life. Every claim Shopify sets is required, so a token that never
expires, or that names a non-HTTPS or mismatched shop, is refused outright.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jwt

SHOP_DOMAIN = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9-]*\.myshopify\.com$")
ALGORITHM = "HS256"
BEARER = "Bearer "
REQUIRED_CLAIMS = ("iss", "dest", "aud", "sub", "exp", "nbf", "iat", "jti", "sid")
# App Bridge sometimes mints a token a moment before the server's clock agrees.
LEEWAY_SECONDS = 10


class InvalidSessionToken(Exception):
    """The token is missing, malformed, expired, forged or for another app."""


@dataclass(frozen=True)
class SessionClaims:
    shop: str
    user_id: str
    session_id: str
    token: str


def is_shop_domain(value: str | None) -> bool:
    return bool(value) and bool(SHOP_DOMAIN.match(value or ""))


def shop_from_dest(dest: Any) -> str:
    """The shop of a `dest` claim, which must be exactly `https://<shop>.myshopify.com`."""
    if not isinstance(dest, str):
        raise InvalidSessionToken("Invalid session token: dest is not a URL")
    parts = urlsplit(dest)
    host = parts.hostname or ""
    exact = (parts.scheme == "https" and parts.netloc == host and not parts.query
             and not parts.fragment and parts.path in ("", "/"))
    if not exact or not is_shop_domain(host):
        raise InvalidSessionToken("Invalid session token: dest is not an https "
                                  "myshopify.com shop")
    return host.lower()


def _verified_payload(token: str, api_key: str, secret: str) -> dict[str, Any]:
    try:
        return jwt.decode(token, secret, algorithms=[ALGORITHM], audience=api_key,
                          leeway=LEEWAY_SECONDS,
                          options={"require": list(REQUIRED_CLAIMS), "verify_signature": True,
                                   "verify_exp": True, "verify_nbf": True,
                                   "verify_iat": True, "verify_aud": True})
    except jwt.PyJWTError as exc:
        raise InvalidSessionToken(f"Invalid session token: {exc}") from exc


def decode_bearer(header: str | None, api_key: str, secret: str) -> SessionClaims:
    """Decode `Authorization: Bearer <jwt>`; raise InvalidSessionToken with a reason."""
    if not header:
        raise InvalidSessionToken("Missing Authorization header with a session token")
    if not api_key or not secret:
        raise InvalidSessionToken("The app has no API key or secret configured")
    if not header.startswith(BEARER):
        raise InvalidSessionToken("Invalid session token: the Authorization header is not "
                                  "a Bearer token")
    token = header[len(BEARER):]
    payload = _verified_payload(token, api_key, secret)
    shop = shop_from_dest(payload["dest"])
    issuer = payload["iss"]
    if not isinstance(issuer, str) or issuer.lower() != f"https://{shop}/admin":
        raise InvalidSessionToken("Invalid session token: iss is not the admin of the "
                                  "dest shop")
    user_id = payload["sub"]
    if not isinstance(user_id, str) or not user_id.strip():
        raise InvalidSessionToken("Invalid session token: no user")
    return SessionClaims(shop=shop, user_id=user_id,
                         session_id=str(payload["sid"]), token=token)


def decode_id_token(token: str | None, api_key: str, secret: str) -> SessionClaims:
    """The same checks for an `id_token` query parameter."""
    return decode_bearer(f"{BEARER}{token}" if token else None, api_key, secret)
