"""Auth endpoints: the App Bridge bounce page, OAuth install, dev session tokens."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
)
from werkzeug.wrappers import Response

from shopify_app.auth import oauth
from shopify_app.auth.dev_login import mint_dev_session_token, token_request_allowed
from shopify_app.auth.session_token import is_shop_domain

bp = Blueprint("auth", __name__)
STATE_COOKIE = "shelf_oauth_state"


@bp.get("/auth/session-token")
def session_token_bounce() -> Response:
    """App Bridge reads `shopify-reload` and reloads it with a fresh id_token."""
    shop = request.args.get("shop", "")
    if is_shop_domain(shop):
        g.page_shop = shop
    return make_response(render_template(
        "bounce.html", api_key=current_app.config["SHOPIFY_API_KEY"]))


@bp.get("/auth/install")
def install() -> Response:
    shop = request.args.get("shop", "").strip().lower()
    url, state = oauth.begin_install(shop, request.args.to_dict())
    response = redirect(url)
    response.set_cookie(STATE_COOKIE, state, max_age=oauth.STATE_TTL, httponly=True,
                        secure=request.is_secure, samesite="Lax", path="/auth")
    return response


@bp.get("/auth/callback")
def callback() -> Response:
    shop = oauth.complete_install(request.args.to_dict(), request.cookies.get(STATE_COOKIE))
    response = redirect(oauth.embedded_app_url(shop))
    response.delete_cookie(STATE_COOKIE, path="/auth")
    return response


@bp.post("/dev/session-token")
def dev_session_token() -> Response:
    """Dev login only: a session token for the dev shop, as App Bridge would give."""
    if not token_request_allowed(request):
        abort(404)
    shop = current_app.config["SHELF_DEV_SHOP"]
    response = jsonify({"data": {"token": mint_dev_session_token(shop), "shop": shop}})
    response.headers["Cache-Control"] = "no-store"
    return response
