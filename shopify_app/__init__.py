"""Shelf: bulk catalog content for Shopify merchants."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. `config` overrides what the environment says (tests use it)."""
    from shopify_app import crypto, models  # noqa: F401 — models registers the tables
    from shopify_app.config import load_config
    from shopify_app.extensions import db, migrate, queues, redis_ext
    from shopify_app.logs import configure_logging
    from shopify_app.web import init_app as init_web

    app = Flask(__name__, instance_relative_config=True,
                template_folder="../templates", static_folder="../static")
    env = dict(config.get("ENV", {})) if config and "ENV" in config else None
    app.config.update(load_config(app.instance_path, env))
    if config:
        app.config.update({k: v for k, v in config.items() if k != "ENV"})

    app.json.sort_keys = False  # keep envelopes in the order we build them
    configure_logging(app)
    crypto.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir()))
    redis_ext.init_app(app)
    queues.init_app(app)
    init_web(app)
    from shopify_app.jobs.kinds import load_kinds

    load_kinds(app.config["SHELF_EXTRA_KINDS"])
    _register_cli(app)
    return app


def _migrations_dir() -> Any:
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "migrations"


def _register_cli(app: Flask) -> None:
    from shopify_app import cli

    cli.init_app(app)
