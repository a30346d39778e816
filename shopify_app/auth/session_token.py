"""Verify App Bridge session (ID) tokens and name the shop and user they speak for."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlparse

from shopify import session_token as shopify_session_token

SHOP_DOMAIN = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9-]*\.myshopify\.com$")


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


def decode_bearer(header: str | None, api_key: str, secret: str) -> SessionClaims:
    """Decode `Authorization: Bearer <jwt>`; raise InvalidSessionToken with a reason."""
    if not header:
        raise InvalidSessionToken("Missing Authorization header with a session token")
    if not api_key or not secret:
        raise InvalidSessionToken("The app has no API key or secret configured")
    try:
        payload = shopify_session_token.decode_from_header(header, api_key, secret)
    except shopify_session_token.SessionTokenError as exc:
        raise InvalidSessionToken(f"Invalid session token: {exc}") from exc
    shop = urlparse(str(payload.get("dest", ""))).hostname or ""
    if not is_shop_domain(shop):
        raise InvalidSessionToken("Invalid session token: dest is not a myshopify.com shop")
    user_id = str(payload.get("sub") or "")
    if not user_id:
        raise InvalidSessionToken("Invalid session token: no user")
    return SessionClaims(shop=shop.lower(), user_id=user_id,
                         session_id=str(payload.get("sid", "")), token=header[len("Bearer "):])


def decode_id_token(token: str | None, api_key: str, secret: str) -> SessionClaims:
    """The same checks for an `id_token` query parameter."""
    return decode_bearer(f"Bearer {token}" if token else None, api_key, secret)
