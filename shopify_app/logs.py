"""Logging with the request id, shop and job id on every line, as text or JSON.

SHELF_LOG_FORMAT=json writes one JSON object per line (time, level, message,
logger, request_id, shop, job_id and any `extra=` fields) for log shippers;
`text` stays readable for `make dev`. Web requests carry their request id and,
once authenticated, the shop; worker tasks carry `rq:<id>` and the Shelf job
they work on.
"""
from __future__ import annotations

import contextvars
import logging
import re
import uuid

from flask import Flask, g, has_request_context
from pythonjsonlogger.json import JsonFormatter

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
LOG_FORMATS = ("text", "json")
# Shelf job ids (26 characters) given as an RQ task's first argument or `job_id=`.
_JOB_ID_LENGTH = 26


def new_request_id(offered: str | None = None) -> str:
    """Keep a well-formed id from an upstream proxy, else make one."""
    if offered and _VALID_REQUEST_ID.match(offered):
        return offered
    return uuid.uuid4().hex


def set_request_id(value: str) -> contextvars.Token[str]:
    return _request_id.set(value)


def reset_request_id(token: contextvars.Token[str]) -> None:
    _request_id.reset(token)


def current_request_id() -> str:
    return _request_id.get()


def _request_shop() -> str | None:
    if not has_request_context():
        return None
    shop = g.get("shop")
    if shop is not None:
        return getattr(shop, "domain", None)
    return g.get("page_shop")


def _task_job_id() -> str | None:
    """The Shelf job an RQ task works on, from the task's arguments."""
    try:
        from rq import get_current_job

        task = get_current_job()
    except Exception:  # noqa: BLE001 — logging must never fail
        return None
    if task is None:
        return None
    try:
        candidate = task.kwargs.get("job_id") or (task.args[0] if task.args else None)
    except Exception:  # noqa: BLE001 — an unreadable payload is not ours to report
        return None
    return candidate if isinstance(candidate, str) and len(candidate) == _JOB_ID_LENGTH else None


class RequestIdFilter(logging.Filter):
    """Adds request_id, shop and job_id (None when unknown) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        if not hasattr(record, "shop"):
            record.shop = _request_shop()
        if not hasattr(record, "job_id"):
            record.job_id = _task_job_id()
        return True


def json_formatter() -> logging.Formatter:
    return JsonFormatter(
        "%(asctime)s %(levelname)s %(message)s %(name)s %(request_id)s %(shop)s %(job_id)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        datefmt="%Y-%m-%dT%H:%M:%S%z")


def configure_logging(app: Flask) -> None:
    """Attach the context filter and the configured format to the root logger."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers
                    if any(isinstance(f, RequestIdFilter) for f in h.filters)), None)
    if handler is None:
        handler = logging.StreamHandler()
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
    json_lines = app.config.get("SHELF_LOG_FORMAT") == "json"
    handler.setFormatter(json_formatter() if json_lines else logging.Formatter(LOG_FORMAT))
    if root.level == logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    app.logger.propagate = True
    app.logger.handlers.clear()
    # The RQ command line attaches its own handlers before the app exists; records also
    # reach ours through the root, so without this every worker line is printed twice.
    for name in ("rq.worker", "rq.scheduler"):
        logger = logging.getLogger(name)
        logger.handlers = [h for h in logger.handlers
                           if not type(h).__module__.startswith("rq.")]
