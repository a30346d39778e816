"""Server-rendered pages embedded in Shopify admin.

Each page view gets a Viewer (the verified shop and the staff member behind the
page request), reads what it shows through the same services the JSON API
uses, and renders it; the page's ES modules then keep it live through the API.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import redis
from flask import (
    Blueprint,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response

from shopify_app.auth.current import authenticate
from shopify_app.auth.dev_login import DEV_USER_ID, mint_dev_session_token
from shopify_app.auth.session_token import InvalidSessionToken, decode_id_token
from shopify_app.auth.staff import staff_for
from shopify_app.errors import ApiError
from shopify_app.jobs import events
from shopify_app.models import Shop, StaffMember
from shopify_app.shops import find_shop
from shopify_app.web import page_format, page_session

bp = Blueprint("pages", __name__)
log = logging.getLogger(__name__)

# Query parameters Shopify admin gives the app; links between pages carry them along
# (App Bridge supplies a fresh id_token through the bounce page).
NAV_PARAMS = ("shop", "host", "embedded")


@dataclass(frozen=True)
class Viewer:
    shop: Shop
    staff: StaffMember
    dev_login: bool
    problem: str | None = None

    @property
    def role(self) -> str:
        return self.staff.role

    def can(self, role: str) -> bool:
        return self.staff.has_role(role)


def _viewer(session: page_session.PageSession) -> Viewer:
    cfg = current_app.config
    if session.dev_login:
        shop = find_shop(session.shop)
        if shop is None or not shop.access_token:
            # First visit of the dev shop: the same token exchange an API call would do.
            claims = decode_id_token(mint_dev_session_token(session.shop),
                                     cfg["SHOPIFY_API_KEY"], cfg["SHOPIFY_API_SECRET"])
            try:
                shop, staff = authenticate(claims)
            except ApiError as exc:
                # No store to talk to (the sandbox is not running): show the empty pages
                # and say why, rather than an error page.
                log.warning("dev login could not reach %s: %s", session.shop, exc.detail)
                return Viewer(Shop(id=0, domain=session.shop),
                              StaffMember(shop_id=0, shopify_user_id=DEV_USER_ID, role="admin"),
                              True, problem=exc.detail)
            return Viewer(shop, staff, True)
        return Viewer(shop, staff_for(shop, DEV_USER_ID), True)
    # resolve() verified the id_token and loaded the shop and staff member already.
    return Viewer(session.shop_row, session.staff, False)


def page_viewer() -> Viewer | Response:
    """The viewer of this page request, or the redirect that gets a session first."""
    session = page_session.resolve()
    if isinstance(session, Response):
        return session
    try:
        return _viewer(session)
    except InvalidSessionToken:
        return redirect(page_session.bounce_url())


def page_view(view: Callable[..., Response]) -> Callable[..., Response]:
    """Decorate a view taking the Viewer first; unauthenticated requests are redirected."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        viewer = page_viewer()
        if isinstance(viewer, Response):
            return viewer
        # Read the stream position before the page's data, so live updates miss nothing.
        g.shelf_last_event_id = _last_event_id(viewer.shop)
        return view(viewer, *args, **kwargs)

    return wrapper


def _last_event_id(shop: Shop) -> str:
    """Where this page's data stands in the shop's event stream: the page's live updates
    start from here, so nothing that happens between render and connect is missed."""
    try:
        return events.last_id(shop)
    except redis.RedisError:
        return ""


def render(template: str, viewer: Viewer, status: int = 200, **context: Any) -> Response:
    response = make_response(render_template(
        template, shop=viewer.shop.domain, shop_name=viewer.shop.name or viewer.shop.domain,
        dev_login=viewer.dev_login, viewer=viewer, role=viewer.role,
        last_event_id=g.get("shelf_last_event_id") or _last_event_id(viewer.shop),
        api_key=current_app.config["SHOPIFY_API_KEY"], **context), status)
    response.headers["Link"] = page_session.LINK_HEADER
    return response


def render_page(template: str, **context: object) -> Response:
    viewer = page_viewer()
    if isinstance(viewer, Response):
        return viewer
    return render(template, viewer, **context)


def nav_query() -> dict[str, str]:
    return {key: request.args[key] for key in NAV_PARAMS if request.args.get(key)}


def page_url(endpoint: str, **values: Any) -> str:
    """url_for that keeps Shopify's shop/host/embedded parameters."""
    query = {**nav_query(), **{k: v for k, v in values.items() if v not in (None, "")}}
    return url_for(endpoint, **query)


def with_nav(path: str) -> str:
    query = nav_query()
    return f"{path}?{urlencode(query)}" if query else path


@bp.app_context_processor
def _page_helpers() -> dict[str, Any]:
    return {"page_url": page_url, "nav_query": nav_query, "fmt": page_format}


@bp.get("/welcome")
def welcome() -> Response:
    """Shown to a browser that opened the app outside Shopify admin."""
    error = request.args.get("error")
    message = "That is not a valid myshopify.com domain." if error == "invalid-shop" else None
    return make_response(render_template(
        "welcome.html", api_key=current_app.config["SHOPIFY_API_KEY"], error=message))


from shopify_app.web import pages_admin, pages_catalogs, pages_jobs  # noqa: E402,F401 — each adds its routes to bp
