"""Liveness for load balancers: can we reach the database and Redis?"""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from werkzeug.wrappers import Response

from shopify_app.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    checks = {"database": "ok", "redis": "ok"}
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 — any failure means unhealthy
        checks["database"] = f"error: {type(exc).__name__}"
        db.session.rollback()
    try:
        current_app.extensions["redis"].ping()
    except Exception as exc:  # noqa: BLE001
        checks["redis"] = f"error: {type(exc).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    response = jsonify({"data": {"status": "ok" if healthy else "unavailable", **checks}})
    response.status_code = 200 if healthy else 503
    return response
