"""The authorization-code install, for shops that install outside Shopify-managed installation."""
from __future__ import annotations

import secrets
import time
from urllib.parse import urlencode

from flask import current_app

from shopify_app import redis_keys
from shopify_app.auth.hmac_check import valid_query_hmac
from shopify_app.auth.session_token import is_shop_domain
from shopify_app.auth.tokens import store_grant, token_client
from shopify_app.errors import ApiError

STATE_TTL = 600
MAX_CALLBACK_AGE = 24 * 3600


def _state_key(state: str) -> str:
    return redis_keys.oauth_state(state)


def begin_install(shop: str, query: dict[str, str]) -> tuple[str, str]:
    """Validate the request and return (authorize URL, state) for the redirect."""
    cfg = current_app.config
    if not is_shop_domain(shop):
        raise ApiError(400, "shop must be a valid myshopify.com domain, e.g. example.myshopify.com")
    if "hmac" in query and not valid_query_hmac(query, cfg["SHOPIFY_API_SECRET"]):
        raise ApiError(401, "The install link's signature is not valid")
    state = secrets.token_urlsafe(24)
    current_app.extensions["redis"].set(_state_key(state), shop, ex=STATE_TTL)
    params = {"client_id": cfg["SHOPIFY_API_KEY"], "scope": cfg["SHOPIFY_SCOPES"],
              "redirect_uri": f"{cfg['SHOPIFY_APP_URL']}/auth/callback", "state": state}
    origin = cfg["SHOPIFY_ADMIN_ORIGIN"] or f"https://{shop}"
    return f"{origin}/admin/oauth/authorize?{urlencode(params)}", state


def complete_install(query: dict[str, str], cookie_state: str | None) -> str:
    """Check hmac, state, shop and timestamp; redeem the code; return the shop domain."""
    cfg = current_app.config
    shop = query.get("shop", "")
    if not is_shop_domain(shop):
        raise ApiError(400, "The callback did not name a valid myshopify.com shop")
    if not valid_query_hmac(query, cfg["SHOPIFY_API_SECRET"]):
        raise ApiError(401, "The callback's signature is not valid")
    state = query.get("state", "")
    stored = current_app.extensions["redis"].getdel(_state_key(state)) if state else None
    if stored is None or stored.decode() != shop or state != cookie_state:
        raise ApiError(401, "The install request expired or did not start here; "
                            "start the install again")
    try:
        timestamp = int(query.get("timestamp", "0"))
    except ValueError:
        timestamp = 0
    if abs(time.time() - timestamp) > MAX_CALLBACK_AGE:
        raise ApiError(401, "The callback is too old; start the install again")
    code = query.get("code", "")
    if not code:
        raise ApiError(400, "The callback carried no authorization code")
    store_grant(shop, token_client().redeem_code(shop, code))
    return shop


def embedded_app_url(shop: str) -> str:
    cfg = current_app.config
    if cfg["SHOPIFY_ADMIN_ORIGIN"]:
        return f"{cfg['SHOPIFY_APP_URL']}/?{urlencode({'shop': shop})}"
    store = shop.removesuffix(".myshopify.com")
    return f"https://admin.shopify.com/store/{store}/apps/{cfg['SHOPIFY_API_KEY']}"
