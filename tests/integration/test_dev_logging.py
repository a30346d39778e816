"""Worker log lines are printed once: the RQ command line's own handlers give way to ours."""
from __future__ import annotations

import logging

from rq.logutils import setup_loghandlers

from shopify_app.logs import configure_logging


def test_rq_handlers_added_before_the_app_are_dropped(app):
    logger = logging.getLogger("rq.worker")
    saved_handlers, saved_root = list(logger.handlers), list(logging.getLogger().handlers)
    try:
        logger.handlers = []
        logging.getLogger().handlers = []
        setup_loghandlers("INFO")  # what `rq worker` does before the app exists
        assert any(type(h).__module__.startswith("rq.") for h in logger.handlers)
        configure_logging(app)
        assert not logger.handlers  # records reach the root handler only: printed once
        assert logging.getLogger().handlers
    finally:
        logger.handlers, logging.getLogger().handlers = saved_handlers, saved_root
