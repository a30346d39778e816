"""JSON log lines: one object per line with the request id, shop and job id."""
from __future__ import annotations

import io
import json
import logging

import pytest

from shopify_app.config import ConfigError, load_config
from shopify_app.logs import RequestIdFilter
from tests.integration.conftest import SHOP


@pytest.fixture
def log_lines(app):  # type: ignore[no-untyped-def]
    """Everything the app's log handler writes, in JSON, while the test runs."""
    handler = next(h for h in logging.getLogger().handlers
                   if any(isinstance(f, RequestIdFilter) for f in h.filters))
    app.config["SHELF_LOG_FORMAT"] = "json"
    from shopify_app.logs import configure_logging

    configure_logging(app)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(previous)
    app.config["SHELF_LOG_FORMAT"] = "text"
    configure_logging(app)


def test_a_requests_log_line_carries_its_request_id_and_shop(api, log_lines):
    response = api.get("/api/jobs", headers={"X-Request-Id": "req-0123456789abcdef"})
    assert response.status_code == 200
    lines = [line for line in log_lines() if line.get("path") == "/api/jobs"]
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == "req-0123456789abcdef"
    assert line["shop"] == SHOP
    assert line["level"] == "INFO" and line["status"] == 200
    assert line["message"].startswith("GET /api/jobs 200")
    assert line["time"][:4].isdigit() and "job_id" in line


def test_an_anonymous_request_has_no_shop(client, log_lines):
    assert client.get("/healthz").status_code == 200
    (line,) = [line for line in log_lines() if line.get("path") == "/healthz"]
    assert line["shop"] is None and len(line["request_id"]) == 32


def test_a_worker_task_logs_the_job_it_works_on(app, log_lines, monkeypatch):
    import rq

    from shopify_app.logs import reset_request_id, set_request_id

    class Task:
        id, args, kwargs = "batch-1", ("01a235bce330f610d39639b9d1", 3), {}

    monkeypatch.setattr(rq, "get_current_job", lambda: Task())
    token = set_request_id("rq:batch-1")
    try:
        logging.getLogger("shopify_app.jobs.runner").info("batch done")
    finally:
        reset_request_id(token)
    (line,) = [line for line in log_lines() if line["message"] == "batch done"]
    assert line["job_id"] == "01a235bce330f610d39639b9d1"
    assert line["request_id"] == "rq:batch-1" and line["shop"] is None
    monkeypatch.setattr(rq, "get_current_job", lambda: None)
    logging.getLogger("shopify_app.jobs.runner").info("idle")
    (idle,) = [line for line in log_lines() if line["message"] == "idle"]
    assert idle["job_id"] is None


def test_log_format_defaults_and_rejects_nonsense():
    base = {"SHOPIFY_API_KEY": "k", "SHOPIFY_API_SECRET": "s" * 32}
    assert load_config("/tmp", base)["SHELF_LOG_FORMAT"] == "text"
    assert load_config("/tmp", {**base, "SHELF_LOG_FORMAT": "JSON"})["SHELF_LOG_FORMAT"] == "json"
    with pytest.raises(ConfigError, match="SHELF_LOG_FORMAT"):
        load_config("/tmp", {**base, "SHELF_LOG_FORMAT": "xml"})
