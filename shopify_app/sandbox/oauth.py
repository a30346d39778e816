"""/admin/oauth: token exchange, refresh tokens and the authorization-code grant."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import jwt
from flask import Blueprint, Response, current_app, jsonify, redirect, request

from .state import AuthCode, RefreshRecord, SandboxState

blueprint = Blueprint("sandbox_oauth", __name__)

TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token"
OFFLINE = "urn:shopify:params:oauth:token-type:offline-access-token"
ONLINE = "urn:shopify:params:oauth:token-type:online-access-token"
SHOP_RE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9-]*\.myshopify\.com$")
CODE_TTL = 600
ONLINE_TTL = 86_399


# The store's staff, by user id (the dev login is user 1, the owner).
STAFF = {
    "1": ("Alex", "Morgan", True, False),
    "2": ("Priya", "Shah", False, False),
    "3": ("Sam", "Okafor", False, False),
    "4": ("Jordan", "Lee", False, True),
}


def associated_user(user_id: str, shop: str) -> dict[str, Any]:
    """The `associated_user` of an online token: a known staff member, or a plausible one."""
    first, last, owner, collaborator = STAFF.get(user_id, ("Staff", f"Member {user_id}",
                                                          False, False))
    return {
        "id": int(user_id) if user_id.isdigit() else user_id,
        "first_name": first,
        "last_name": last,
        "email": f"{first.lower()}.{last.split()[-1].lower()}@{shop}",
        "email_verified": True,
        "account_owner": owner,
        "locale": "en",
        "collaborator": collaborator,
    }


def _state() -> SandboxState:
    return current_app.extensions["sandbox"]


def _error(status: int, error: str, description: str) -> Response:
    response = jsonify({"error": error, "error_description": description})
    response.status_code = status
    return response


def _params() -> dict[str, str]:
    """Form body, JSON body and query string, in that order of precedence."""
    params: dict[str, Any] = dict(request.args)
    body = request.get_json(silent=True)
    if isinstance(body, dict):
        params.update(body)
    params.update(request.form.to_dict())
    return {k: str(v) for k, v in params.items() if v is not None}


def oauth_hmac(params: Mapping[str, str], secret: str) -> str:
    """Hex HMAC-SHA256 over the sorted, escaped `k=v` pairs without `hmac` (Shopify's rule)."""
    pairs = []
    for key, value in params.items():
        if key == "hmac":
            continue
        k = str(key).replace("%", "%25").replace("=", "%3D")
        v = str(value).replace("%", "%25")
        pairs.append(f"{k}={v}".replace("&", "%26"))
    message = "&".join(sorted(pairs))
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def host_param(shop: str) -> str:
    """The base64 `host` Shopify adds to app URLs: admin.shopify.com/store/<name>."""
    raw = f"admin.shopify.com/store/{shop.split('.')[0]}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _check_client(state: SandboxState, params: Mapping[str, str]) -> Response | None:
    config = state.config
    same_id = hmac.compare_digest(params.get("client_id", ""), config.api_key)
    same_secret = hmac.compare_digest(params.get("client_secret", ""), config.api_secret)
    if not (same_id and same_secret):
        return _error(401, "invalid_client", "Client credentials are invalid.")
    return None


def _token_response(state: SandboxState, shop: str, scope: str, expiring: bool) -> dict[str, Any]:
    ttl = state.config.access_token_ttl if expiring else None
    record = state.mint_token(shop, ttl=ttl, scope=scope)
    body: dict[str, Any] = {"access_token": record.token, "scope": scope}
    if expiring:
        refresh = RefreshRecord(
            token="shprt_" + secrets.token_hex(16),
            shop=shop,
            scope=scope,
            expires_at=time.time() + state.config.refresh_token_ttl,
        )
        with state.lock:
            state.refresh_tokens[refresh.token] = refresh
        body.update(
            expires_in=state.config.access_token_ttl,
            refresh_token=refresh.token,
            refresh_token_expires_in=state.config.refresh_token_ttl,
        )
    return body


def _shop_from_dest(dest: str) -> str | None:
    host = urlsplit(dest).hostname or ""
    return host if SHOP_RE.match(host) else None


def _token_exchange(state: SandboxState, params: Mapping[str, str]) -> Response:
    if params.get("subject_token_type") != ID_TOKEN:
        return _error(400, "invalid_request", "subject_token_type must be " + ID_TOKEN)
    requested = params.get("requested_token_type", OFFLINE)
    if requested not in (OFFLINE, ONLINE):
        return _error(400, "invalid_request", "Unsupported requested_token_type.")
    try:
        claims = jwt.decode(
            params.get("subject_token", ""),
            state.config.api_secret,
            algorithms=["HS256"],
            audience=state.config.api_key,
            leeway=10,
            options={"require": ["exp", "aud", "dest"]},
        )
    except jwt.PyJWTError as exc:
        return _error(400, "invalid_subject_token", f"Subject token is invalid: {exc}")
    shop = _shop_from_dest(str(claims.get("dest", "")))
    if shop is None:
        return _error(400, "invalid_subject_token", "Subject token has an invalid dest claim.")
    iss = claims.get("iss")
    if iss is not None and _shop_from_dest(str(iss)) != shop:
        return _error(400, "invalid_subject_token", "Subject token iss and dest do not match.")
    state.ensure_shop(shop)
    if requested == ONLINE:
        record = state.mint_token(shop, ttl=ONLINE_TTL, scope=state.config.scopes)
        user_id = str(claims.get("sub") or "1")
        return jsonify(
            {
                "access_token": record.token,
                "scope": state.config.scopes,
                "expires_in": ONLINE_TTL,
                "associated_user_scope": state.config.scopes,
                "associated_user": associated_user(user_id, shop),
            }
        )
    expiring = params.get("expiring") in ("1", "true")
    return jsonify(_token_response(state, shop, state.config.scopes, expiring))


def _refresh(state: SandboxState, params: Mapping[str, str]) -> Response:
    token = params.get("refresh_token", "")
    with state.lock:
        record = state.refresh_tokens.get(token)
        if record is None or record.retired or record.expires_at < time.time():
            return _error(
                400, "invalid_grant", "The refresh token is invalid, expired or already used."
            )
        record.retired = True  # each refresh token works once
    return jsonify(_token_response(state, record.shop, record.scope, expiring=True))


def _authorization_code(state: SandboxState, params: Mapping[str, str]) -> Response:
    with state.lock:
        code = state.auth_codes.get(params.get("code", ""))
        if code is None or code.used or code.expires_at < time.time():
            return _error(
                400, "invalid_request", "The authorization code was not found or was already used"
            )
        code.used = True
    expiring = params.get("expiring") in ("1", "true")
    return jsonify(_token_response(state, code.shop, code.scope, expiring))


@blueprint.post("/admin/oauth/access_token")
def access_token() -> Response:
    state = _state()
    params = _params()
    failure = _check_client(state, params)
    if failure is not None:
        return failure
    grant = params.get("grant_type")
    if grant == TOKEN_EXCHANGE:
        return _token_exchange(state, params)
    if grant == "refresh_token":
        return _refresh(state, params)
    if grant in (None, "authorization_code") and "code" in params:
        return _authorization_code(state, params)
    return _error(400, "unsupported_grant_type", f"Unsupported grant_type {grant!r}.")


@blueprint.get("/admin/oauth/authorize")
def authorize() -> Response:
    """Approve at once and redirect back with a code, as a merchant clicking Install would."""
    state = _state()
    args = request.args
    if args.get("client_id") != state.config.api_key:
        return _error(400, "invalid_request", "Unknown client_id.")
    redirect_uri = args.get("redirect_uri", "")
    if not redirect_uri.startswith(("http://", "https://")):
        return _error(400, "invalid_request", "redirect_uri must be an http(s) URL.")
    shop = _requested_shop(state)
    if shop is None:
        return _error(400, "invalid_request", "Unknown shop: pass ?shop=NAME.myshopify.com.")
    state.ensure_shop(shop)
    code = AuthCode(
        secrets.token_hex(16),
        shop,
        args.get("scope") or state.config.scopes,
        time.time() + CODE_TTL,
    )
    with state.lock:
        state.auth_codes[code.code] = code
    params = {
        "code": code.code,
        "host": host_param(shop),
        "shop": shop,
        "state": args.get("state", ""),
        "timestamp": str(int(time.time())),
    }
    params["hmac"] = oauth_hmac(params, state.config.api_secret)
    parts = urlsplit(redirect_uri)
    query = (parts.query + "&" if parts.query else "") + urlencode(params)
    return redirect(urlunsplit((parts.scheme, parts.netloc, parts.path, query, "")), code=302)


def _requested_shop(state: SandboxState) -> str | None:
    shop = request.args.get("shop")
    if not shop:
        host = (request.headers.get("X-Forwarded-Host") or request.host or "").split(":")[0]
        shop = (
            host if SHOP_RE.match(host) else (state.config.shops[0] if state.config.shops else None)
        )
    return shop if shop and SHOP_RE.match(shop) else None
