"""Server-rendered pages embedded in Shopify admin."""
from __future__ import annotations

from flask import Blueprint, current_app, make_response, render_template, request
from werkzeug.wrappers import Response

from shopify_app.web import page_session

bp = Blueprint("pages", __name__)


def render_page(template: str, **context: object) -> Response:
    session = page_session.resolve()
    if isinstance(session, Response):
        return session
    response = make_response(render_template(
        template, shop=session.shop, dev_login=session.dev_login,
        api_key=current_app.config["SHOPIFY_API_KEY"], **context))
    response.headers["Link"] = page_session.LINK_HEADER
    return response


@bp.get("/")
def home() -> Response:
    return render_page("home.html", page_title="Shelf")


@bp.get("/welcome")
def welcome() -> Response:
    """Shown to a browser that opened the app outside Shopify admin."""
    error = request.args.get("error")
    message = "That is not a valid myshopify.com domain." if error == "invalid-shop" else None
    return make_response(render_template(
        "welcome.html", api_key=current_app.config["SHOPIFY_API_KEY"], error=message))
