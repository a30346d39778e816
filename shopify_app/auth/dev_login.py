"""Development login: run the pages outside Shopify admin as a configured dev shop.

Three independent locks keep it out of production: SHELF_DEV_LOGIN=1 must be
set, the app must not be configured for production (SHELF_ENV=production is
refused at start-up, and a non-loopback SHOPIFY_APP_URL turns it off), and the
request itself must come straight from loopback with no proxy in between.
"""
from __future__ import annotations

import ipaddress
import time
import uuid

import jwt
from flask import Request, current_app

PROXY_HEADERS = ("X-Forwarded-For", "X-Real-Ip", "Forwarded", "X-Forwarded-Host")
DEV_USER_ID = "1"
TOKEN_LIFETIME = 60


def _is_loopback(address: str | None) -> bool:
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


def dev_login_allowed(request: Request) -> bool:
    cfg = current_app.config
    if not cfg.get("SHELF_DEV_LOGIN") or cfg.get("SHELF_PRODUCTION"):
        return False
    if any(request.headers.get(name) for name in PROXY_HEADERS):
        return False
    return _is_loopback(request.remote_addr)


def mint_dev_session_token(shop: str, user_id: str = DEV_USER_ID) -> str:
    """A session token shaped exactly like App Bridge's, for the dev shop only."""
    cfg = current_app.config
    now = int(time.time())
    claims = {
        "iss": f"https://{shop}/admin", "dest": f"https://{shop}", "aud": cfg["SHOPIFY_API_KEY"],
        "sub": user_id, "exp": now + TOKEN_LIFETIME, "nbf": now - 1, "iat": now,
        "jti": uuid.uuid4().hex, "sid": f"dev-{user_id}",
    }
    return jwt.encode(claims, cfg["SHOPIFY_API_SECRET"], algorithm="HS256")
