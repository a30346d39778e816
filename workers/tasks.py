"""RQ task functions: take ids, reload rows, safe to run twice. The logic lives in services."""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from rq import get_current_job

from shopify_app.logs import reset_request_id, set_request_id
from workers.context import app_context

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def task(func: F) -> F:
    """Run inside the app context with the RQ job id on every log line."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        job = get_current_job()
        token = set_request_id(f"rq:{job.id}" if job else "rq:-")
        try:
            with app_context():
                return func(*args, **kwargs)
        finally:
            reset_request_id(token)

    return wrapper  # type: ignore[return-value]


@task
def process_webhook_event(event_id: int) -> str | None:
    from shopify_app.webhooks import handlers

    return handlers.process(event_id)


@task
def fan_out_job(job_id: str) -> None:
    from shopify_app.jobs import runner

    runner.fan_out(job_id)


@task
def process_job_batch(job_id: str, batch: int) -> None:
    from shopify_app.jobs import runner

    runner.process_batch(job_id, batch)


@task
def finish_job(job_id: str) -> None:
    from shopify_app.jobs import runner

    runner.run_finishing_stage(job_id)


@task
def reap() -> dict[str, int]:
    """Re-enqueue work whose RQ job vanished (worker killed, Redis restarted)."""
    from shopify_app import reaper

    return reaper.reap()


@task
def reap_and_reschedule() -> dict[str, int]:
    """Runs once. Reaper runs booked in Redis by earlier versions still find this name;
    workers now reap on their own timer (workers.maintenance) and book nothing."""
    from shopify_app import reaper

    return reaper.reap()


@task
def publish_items(job_id: str, item_ids: list[int], action: str, force: bool, actor: str,
                  use_bulk: bool) -> dict[str, int]:
    from shopify_app.jobs import publishing

    return publishing.run(job_id, item_ids, action, force, actor, use_bulk)


@task
def flush_auto_jobs(shop_id: int) -> list[str]:
    from shopify_app.jobs.kinds.generate import auto

    return auto.flush(shop_id)


@task
def flush_auto_analysis(shop_id: int) -> str | None:
    from shopify_app.jobs.kinds.analyze_images import auto

    return auto.flush(shop_id)


@task
def deliver_catalog(job_id: str, channels: list[str] | None = None, actor: str = "system",
                    resend: bool = False) -> dict:
    """Email / WhatsApp a finished catalog; a channel already sent is skipped unless resend."""
    from shopify_app.delivery import service

    return service.run_task(job_id, channels, actor, resend)


@task
def look_up_staff_profile(staff_id: int, id_token: str) -> str:
    """A staff member's name and email from Shopify; a late run gives up quietly."""
    from shopify_app.auth import staff_profile

    return staff_profile.look_up(staff_id, id_token)
