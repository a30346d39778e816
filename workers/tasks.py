"""RQ task functions: take ids, reload rows, safe to run twice. The logic lives in services."""
from __future__ import annotations

import logging

from rq import get_current_job

from shopify_app.logs import reset_request_id, set_request_id
from workers.context import app_context

log = logging.getLogger(__name__)


def _bind_job_id() -> object:
    job = get_current_job()
    return set_request_id(f"rq:{job.id}" if job else "rq:-")


def process_webhook_event(event_id: int) -> str | None:
    token = _bind_job_id()
    try:
        with app_context():
            from shopify_app.webhooks import handlers

            return handlers.process(event_id)
    finally:
        reset_request_id(token)  # type: ignore[arg-type]


def reap() -> dict[str, int]:
    """Re-enqueue work whose RQ job vanished (worker killed, Redis restarted)."""
    token = _bind_job_id()
    try:
        with app_context():
            from shopify_app import reaper

            return reaper.reap()
    finally:
        reset_request_id(token)  # type: ignore[arg-type]


def reap_and_reschedule() -> dict[str, int]:
    """The periodic reaper: run once, then book the next run."""
    result = reap()
    with app_context():
        from flask import current_app

        from workers.worker import schedule_reaper

        schedule_reaper(current_app.extensions["queues"]["low"], chained=True)
    return result
