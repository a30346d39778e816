"""One Flask app per worker process, so task functions can use the app's services."""
from __future__ import annotations

import os
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from flask import Flask, has_app_context

_app: Flask | None = None
_pid: int | None = None


def worker_app() -> Flask:
    """Build the app once per process; after a fork, drop the parent's DB connections."""
    global _app, _pid
    if _app is None:
        from shopify_app import create_app

        _app, _pid = create_app(), os.getpid()
    elif _pid != os.getpid():
        from shopify_app.extensions import db

        with _app.app_context():
            db.engine.dispose(close=False)
        _pid = os.getpid()
    return _app


def app_context() -> AbstractContextManager[Any]:
    """The current app context if there is one (tests, SimpleWorker), else the worker's."""
    if has_app_context():
        return nullcontext()
    return worker_app().app_context()
