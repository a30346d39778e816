"""The JSON error envelope, request ids, body limits and /healthz."""
from __future__ import annotations

import pytest

from shopify_app.config import ConfigError


def test_unknown_api_path_is_404_envelope_with_request_id(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    error = response.get_json()["errors"][0]
    assert error["status"] == "404" and error["title"] == "Not Found"
    assert error["request_id"] == response.headers["X-Request-Id"]


def test_wrong_method_is_405_envelope(client, tokens, shopify_oauth):
    response = client.post("/api/me", headers=tokens.header())
    assert response.status_code == 405
    assert response.get_json()["errors"][0]["title"] == "Method Not Allowed"
    assert "GET" in response.headers["Allow"]


def test_upstream_request_id_is_kept_and_bad_ones_replaced(client):
    kept = client.get("/healthz", headers={"X-Request-Id": "req-abcdef123456"})
    assert kept.headers["X-Request-Id"] == "req-abcdef123456"
    replaced = client.get("/healthz", headers={"X-Request-Id": "bad id <script>"})
    assert replaced.headers["X-Request-Id"] != "bad id <script>"
    assert len(replaced.headers["X-Request-Id"]) == 32


def test_unexpected_error_is_500_envelope_without_internals(make_app):
    app = make_app()

    @app.get("/api/boom")
    def boom():  # type: ignore[no-untyped-def]
        raise RuntimeError("secret internals")

    response = app.test_client().get("/api/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret internals" not in body
    assert response.get_json()["errors"][0]["request_id"] == response.headers["X-Request-Id"]


def test_page_errors_are_readable_html(client):
    response = client.get("/no-such-page", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Not Found" in response.get_data(as_text=True)


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["data"] == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_503_when_redis_is_unreachable(make_app):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["data"]["redis"].startswith("error")
    assert response.get_json()["data"]["database"] == "ok"


def test_production_requires_an_encryption_key(make_app):
    with pytest.raises(ConfigError, match="SHELF_ENCRYPTION_KEY"):
        make_app(SHELF_ENV="production", SHELF_ENCRYPTION_KEY="")
