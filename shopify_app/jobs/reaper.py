"""Finds job work whose RQ job is gone (worker killed, Redis restarted) and queues it again."""
from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from flask import current_app
from rq.job import Job as RQJob
from rq.job import JobStatus
from sqlalchemy import distinct, select

from shopify_app.extensions import db
from shopify_app.jobs import coordination, dispatch, runner
from shopify_app.models import Job, JobItem
from shopify_app.models.types import utcnow

log = logging.getLogger(__name__)
WAITING = {JobStatus.SCHEDULED, JobStatus.DEFERRED}
FAN_OUT_BATCH = -1


def _rq_alive(rq_id: str | None) -> bool:
    """Queued, or started recently enough that its lease may not exist yet."""
    if not rq_id:
        return False
    try:
        job = RQJob.fetch(rq_id, connection=current_app.extensions["redis"])
        status = job.get_status(refresh=False)
    except Exception:  # noqa: BLE001 — gone or unreadable
        return False
    if status == JobStatus.QUEUED:
        # A worker killed mid-dequeue can lose a job that still says "queued":
        # trust the status only while the id really is in its queue.
        connection = current_app.extensions["redis"]
        return connection.lpos(f"rq:queue:{job.origin}", rq_id) is not None
    if status in WAITING:
        return True
    if status == JobStatus.STARTED and job.started_at is not None:
        started = job.started_at.replace(tzinfo=UTC)
        return datetime.now(UTC) - started < timedelta(seconds=coordination.lease_seconds())
    return False


def _fan_out_alive(job: Job) -> bool:
    return coordination.lease_alive(job.id, FAN_OUT_BATCH) or _rq_alive(f"fanout-{job.id}")


def reap_jobs(grace: timedelta = timedelta(seconds=30)) -> dict[str, int]:
    from shopify_app.jobs import publishing

    counts = {"fan_outs": 0, "batches": 0, "finalized": 0,
              "publishing_items": publishing.reap_stuck()}
    cutoff = utcnow() - grace
    active = list(db.session.scalars(select(Job).where(
        Job.status.in_(("pending", "processing")), Job.updated_at < cutoff).limit(1000)))
    for job in active:
        if not job.enumerated:
            if not _fan_out_alive(job):
                dispatch.enqueue_fan_out(job)
                counts["fan_outs"] += 1
            continue
        if _finishing_lost(job):
            dispatch.enqueue_finishing(job)
            counts["finalized"] += 1
            continue
        counts["batches"] += _reap_batches(job)
        if runner.maybe_finalize(job.id):
            counts["finalized"] += 1
    if any(counts.values()):
        log.info("job reaper: %s", counts)
    return counts


def _finishing_lost(job: Job) -> bool:
    """In its finishing stage (building a catalog) with nobody working on it."""
    from shopify_app.jobs.kinds import get_kind, kind_names

    if job.kind not in kind_names() or job.stage is None \
            or job.stage != get_kind(job.kind).finishing_stage:
        return False
    return not coordination.lease_alive(job.id, runner.FINISH_LEASE) \
        and not _rq_alive(f"finish-{job.id}")


def _reap_batches(job: Job) -> int:
    open_batches = list(db.session.scalars(select(distinct(JobItem.batch)).where(
        JobItem.job_id == job.id, JobItem.status.in_(("pending", "processing")),
        JobItem.batch <= job.dispatch_cursor)))
    requeued = 0
    for batch in open_batches:
        if coordination.lease_alive(job.id, batch):
            continue
        if _rq_alive(coordination.queued_rq_job(job.id, batch)):
            continue
        dispatch.enqueue_batch(job, batch)
        requeued += 1
    if not open_batches:
        # Nothing in flight but undispatched batches remain: restart the window.
        requeued += dispatch.dispatch(job.id, slots=dispatch.window())
    return requeued
