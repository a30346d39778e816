"""Logging with the request id (or the worker's job id) on every line."""
from __future__ import annotations

import contextvars
import logging
import re
import uuid

from flask import Flask

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


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


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


def configure_logging(app: Flask) -> None:
    """Attach the request-id filter to the root handlers once per process."""
    root = logging.getLogger()
    if not any(isinstance(f, RequestIdFilter) for h in root.handlers for f in h.filters):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
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
