"""HTTP surface: pages, the JSON API, webhooks and health."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    import json

    from shopify_app.web import (
        api,
        auth_routes,
        errors,
        files,
        health,
        pages,
        request_context,
        webhooks,
    )

    app.jinja_env.filters["fromjson"] = json.loads
    request_context.init_app(app)
    errors.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(auth_routes.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(webhooks.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(files.bp)
