"""Who is looking at a page: the shop from a valid id_token, or the dev shop."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import current_app, g, redirect, request, url_for
from werkzeug.wrappers import Response

from shopify_app.auth.current import authenticate
from shopify_app.auth.dev_login import dev_login_allowed
from shopify_app.auth.session_token import InvalidSessionToken, decode_id_token, is_shop_domain
from shopify_app.models import Shop, StaffMember
from shopify_app.shops import find_shop

LINK_HEADER = ", ".join([
    '<https://cdn.shopify.com>; rel="preconnect"',
    '<https://cdn.shopify.com/shopifycloud/app-bridge.js>; rel="preload"; as="script"',
    '<https://cdn.shopify.com/shopifycloud/polaris.js>; rel="preload"; as="script"',
])


@dataclass(frozen=True)
class PageSession:
    shop: str
    dev_login: bool
    # Set when a verified id_token was authenticated: the rows it loaded, for reuse.
    shop_row: Shop | None = None
    staff: StaffMember | None = None


def bounce_url() -> str:
    """The App Bridge 'patch ID token' page, asked to reload this URL with a fresh token."""
    query = {k: v for k, v in request.args.items() if k != "id_token"}
    reload_query = urlencode(query)
    reload_target = request.path + (f"?{reload_query}" if reload_query else "")
    return url_for("auth.session_token_bounce", **query, **{"shopify-reload": reload_target})


def resolve() -> PageSession | Response:
    """A PageSession to render with, or the redirect that gets one."""
    cfg = current_app.config
    shop = request.args.get("shop", "")
    if shop:
        if not is_shop_domain(shop):
            return redirect(url_for("pages.welcome", error="invalid-shop"))
        g.page_shop = shop
        token = request.args.get("id_token")
        if token:
            try:
                claims = decode_id_token(token, cfg["SHOPIFY_API_KEY"], cfg["SHOPIFY_API_SECRET"])
            except InvalidSessionToken:
                return redirect(bounce_url())
            if claims.shop == shop.lower():
                shop_row, staff = authenticate(claims)
                return PageSession(shop=claims.shop, dev_login=False, shop_row=shop_row,
                                   staff=staff)
            return redirect(bounce_url())
        if request.args.get("embedded") == "1" or request.args.get("host"):
            return redirect(bounce_url())
        known = find_shop(shop)
        if known is None or not known.is_installed:
            return redirect(url_for("auth.install", shop=shop))
        from shopify_app.auth.oauth import embedded_app_url

        if not cfg["SHOPIFY_ADMIN_ORIGIN"]:
            return redirect(embedded_app_url(shop))
    if dev_login_allowed(request):
        g.page_shop = cfg["SHELF_DEV_SHOP"]
        return PageSession(shop=cfg["SHELF_DEV_SHOP"], dev_login=True)
    return redirect(url_for("pages.welcome"))
