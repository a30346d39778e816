"""Development login: run the pages outside Shopify admin as a configured dev shop.

Independent locks keep it out of production and out of reach of other sites:

- configuration: SHELF_DEV_LOGIN=1, SHELF_ENV unset or a development value
  (anything else refuses to start), and a loopback SHOPIFY_APP_URL;
- the connection: straight from a loopback address, with no header any proxy,
  CDN or load balancer adds (even an empty one);
- the name the browser used: a loopback Host (`localhost`, `127.0.0.1`, `[::1]`,
  any port), so a page on another site that rebinds its DNS name to 127.0.0.1
  is refused;
- minting a token (a POST) also needs an Origin equal to the app's own
  origin, as browsers send on every POST, and no cross-site Sec-Fetch-Site.
"""
from __future__ import annotations

import ipaddress
import logging
import time
import uuid

import jwt
from flask import Request, current_app

from shopify_app.config import DEVELOPMENT_ENVIRONMENTS

log = logging.getLogger(__name__)
DEV_USER_ID = "1"
TOKEN_LIFETIME = 60

# Headers that only appear when something stands between the browser and the app.
PROXY_HEADERS = frozenset({
    "forwarded", "forwarded-for", "forwarded-host", "forwarded-proto", "via",
    "x-real-ip", "true-client-ip", "x-client-ip", "x-cluster-client-ip", "client-ip",
    "fastly-client-ip", "x-original-forwarded-for", "x-proxyuser-ip", "x-original-host",
    "akamai-origin-hop",
})
PROXY_HEADER_PREFIXES = ("x-forwarded-", "cf-", "fastly-", "x-envoy-", "x-amzn-",
                         "x-azure-", "x-appengine-")
SAME_ORIGIN_FETCH = {"same-origin", "none"}


def _is_loopback_address(address: str | None) -> bool:
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


def is_loopback_host(host: str | None) -> bool:
    """`localhost`, a loopback IPv4 address or `[::1]`, each with an optional port."""
    value = (host or "").strip().lower()
    if value.startswith("["):
        name, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return False
        return _is_loopback_address(name) and ":" in name
    name, colon, port = value.partition(":")
    if colon and not (port.isdigit() and len(port) <= 5):
        return False
    return name == "localhost" or (_is_loopback_address(name) and "." in name)


def _proxy_header(request: Request) -> str | None:
    for name, _value in request.headers.items():
        lowered = name.lower()
        if lowered in PROXY_HEADERS or lowered.startswith(PROXY_HEADER_PREFIXES):
            return name
    return None


def refusal(request: Request) -> str | None:
    """Why this request may not use dev login, or None when it may."""
    cfg = current_app.config
    if not cfg.get("SHELF_DEV_LOGIN"):
        return "dev login is off"
    if cfg.get("SHELF_PRODUCTION") or cfg.get("SHELF_ENV", "") not in DEVELOPMENT_ENVIRONMENTS:
        return "SHELF_ENV is not a development environment"
    proxy = _proxy_header(request)
    if proxy:
        return f"proxy header {proxy}"
    if not _is_loopback_address(request.remote_addr):
        return "not from a loopback address"
    if not is_loopback_host(request.headers.get("Host")):
        return "Host is not a loopback name"
    return None


def token_request_refusal(request: Request) -> str | None:
    """Why this POST may not mint a dev session token: also same-origin only."""
    reason = refusal(request)
    if reason:
        return reason
    origin = request.headers.get("Origin")
    if not origin:
        return "no Origin header"
    if origin.lower() != f"{request.scheme}://{request.headers['Host']}".lower():
        return "Origin is not the app's own origin"
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site.lower() not in SAME_ORIGIN_FETCH:
        return "Sec-Fetch-Site is not same-origin"
    return None


def dev_login_allowed(request: Request) -> bool:
    """Whether a page request may render as the dev shop."""
    return refusal(request) is None


def token_request_allowed(request: Request) -> bool:
    reason = token_request_refusal(request)
    if reason and current_app.config.get("SHELF_DEV_LOGIN"):
        log.warning("dev session token refused: %s", reason)
    return reason is None


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
