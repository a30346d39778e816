"""Finds durable work (rows in the database) that lost its RQ job, and enqueues it again."""
from __future__ import annotations

import logging
from datetime import timedelta

from rq.job import Job as RQJob
from rq.job import JobStatus

from shopify_app import metrics
from shopify_app.extensions import redis_ext
from shopify_app.models.types import utcnow
from shopify_app.webhooks import intake

log = logging.getLogger(__name__)
WEBHOOK_GRACE = timedelta(minutes=2)
LIVE_STATUSES = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED,
                 JobStatus.SCHEDULED}


def _rq_job_alive(job_id: str) -> bool:
    try:
        status = RQJob.fetch(job_id, connection=redis_ext.client).get_status(refresh=False)
    except Exception:  # noqa: BLE001 — NoSuchJobError or a damaged hash: treat as gone
        return False
    return status in LIVE_STATUSES


def reap() -> dict[str, int]:
    """One reaper round: webhook events, then jobs. Workers run it on their own timer
    (see workers.maintenance); `flask reap` runs it by hand."""
    requeued = 0
    for event in intake.pending_events(older_than=utcnow() - WEBHOOK_GRACE):
        if not _rq_job_alive(intake.rq_job_id(event.id)):
            intake.enqueue(event)
            requeued += 1
    if requeued:
        log.info("reaper re-enqueued %d webhook events", requeued)
    from shopify_app.jobs.reaper import reap_jobs
    from shopify_app.schedules import tick

    return metrics.reaper_recovered({"webhook_events": requeued, **reap_jobs(),
                                     "scheduled_jobs": tick(utcnow())})
