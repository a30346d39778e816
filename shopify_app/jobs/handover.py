"""A large job's fan-out leaves the `high` queue before it reads its scope.

Every fan-out starts on `high`, because a job's size is known only once its scope
has been read. A kind that can say cheaply how big its job will be (a capped product
count, the rows of an uploaded file) lets the fan-out of a large job hand itself over
to the queue its size belongs to, so it never holds a `high` worker while it waits
for the shop's Admin API points and small interactive jobs queue behind it.
"""
from __future__ import annotations

import logging

from rq import get_current_job

from shopify_app import metrics
from shopify_app.extensions import QUEUE_NAMES, queues
from shopify_app.jobs import dispatch
from shopify_app.jobs.kinds.base import JobKind, RunContext
from shopify_app.models import Job

log = logging.getLogger(__name__)


def running_on() -> str | None:
    """The name of the queue the current RQ job came from (None outside RQ)."""
    current = get_current_job()
    if current is None:
        return None
    return next((name for name in QUEUE_NAMES if queues.get(name).name == current.origin),
                None)


def target_queue(job: Job, kind: JobKind, context: RunContext) -> str | None:
    """The queue to hand the fan-out over to, or None to read the scope right here.

    Only a fan-out on `high` that has stored nothing yet asks: one resuming after
    stored items was queued by their count already. A hint that fails costs nothing
    but the hand-over.
    """
    if job.total or running_on() != "high":
        return None
    try:
        hint = kind.size_hint(context)
    except Exception as exc:  # noqa: BLE001 - a Shopify error here must not fail the job
        log.warning("size hint of %s job %s failed, reading it on high: %s",
                    job.kind, job.id, exc)
        return None
    if hint is None or hint <= dispatch.SMALL_JOB:
        return None
    queue = dispatch.queue_name_for(hint)
    log.info("fan-out of %s job %s hands over to %s: about %s items", job.kind, job.id,
             queue, hint)
    return queue


def hand_over(job: Job, queue: str) -> None:
    """Queue the fan-out again on `queue`, under that queue's own RQ id."""
    dispatch.enqueue_fan_out(job, queue)
    metrics.fan_out_handed_over(queue)
