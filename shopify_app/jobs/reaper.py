"""Finds job work whose RQ job is gone (worker killed, Redis restarted) and queues it again."""
from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from rq.job import Job as RQJob
from rq.job import JobStatus as RQStatus
from sqlalchemy import func, select

from shopify_app.extensions import db, redis_ext
from shopify_app.jobs import coordination, dispatch, keys, runner
from shopify_app.jobs.status import ItemStatus, JobStatus
from shopify_app.models import Job, JobItem
from shopify_app.models.types import utcnow

log = logging.getLogger(__name__)
WAITING = {RQStatus.SCHEDULED, RQStatus.DEFERRED}


def _rq_alive(rq_id: str | None) -> bool:
    """Queued, or started recently enough that its lease may not exist yet."""
    if not rq_id:
        return False
    try:
        job = RQJob.fetch(rq_id, connection=redis_ext.client)
        status = job.get_status(refresh=False)
    except Exception:  # noqa: BLE001 — gone or unreadable
        return False
    if status == RQStatus.QUEUED:
        # A worker killed mid-dequeue can lose a job that still says "queued":
        # trust the status only while the id really is in its queue.
        return redis_ext.client.lpos(f"rq:queue:{job.origin}", rq_id) is not None
    if status in WAITING:
        return True
    if status == RQStatus.STARTED and job.started_at is not None:
        started = job.started_at.replace(tzinfo=UTC)
        return datetime.now(UTC) - started < timedelta(seconds=keys.lease_seconds())
    return False


def _fan_out_alive(job: Job) -> bool:
    """Running, or queued under any of its ids (on `high`, or handed over by size)."""
    return (coordination.lease_alive(job.id, keys.FAN_OUT_BATCH)
            or any(_rq_alive(rq_id) for rq_id in keys.fan_out_rq_ids(job.id)))


def reap_jobs(grace: timedelta | None = None) -> dict[str, int]:
    """Queue again whatever active job work has no live lease and no live RQ job.

    Only work quiet for `grace` (default: keys.reaper_grace()) is looked at, so
    work being queued or started right now is left alone. Batches are judged one
    by one: a dead worker's batch is picked up while other workers keep going on
    the rest of its job.
    """
    from shopify_app.jobs import publishing

    counts = {"fan_outs": 0, "batches": 0, "finalized": 0,
              "publishing_items": publishing.reap_stuck()}
    if grace is None:
        grace = timedelta(seconds=keys.reaper_grace())
    cutoff = utcnow() - grace
    active = list(db.session.scalars(select(Job).where(
        Job.status.in_(JobStatus.ACTIVE)).order_by(Job.updated_at).limit(1000)))
    for job in active:
        if not job.enumerated:
            if job.updated_at < cutoff and not _fan_out_alive(job):
                dispatch.enqueue_fan_out(job)  # on the queue of the items stored so far
                counts["fan_outs"] += 1
            continue
        if _finishing_lost(job):
            dispatch.enqueue_finishing(job)
            counts["finalized"] += 1
            continue
        counts["batches"] += _reap_batches(job, cutoff)
        if job.updated_at < cutoff and runner.maybe_finalize(job.id):
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
        and not _rq_alive(keys.finish_rq_id(job.id))


def _reap_batches(job: Job, cutoff: datetime) -> int:
    open_batches = dict(db.session.execute(
        select(JobItem.batch, func.max(JobItem.updated_at)).where(
            JobItem.job_id == job.id, JobItem.status.in_(ItemStatus.OPEN),
            JobItem.batch <= job.dispatch_cursor).group_by(JobItem.batch)).all())
    requeued = 0
    for batch, touched in open_batches.items():
        if touched is not None and touched >= cutoff:
            continue  # started or recorded just now: its worker is alive
        if coordination.lease_alive(job.id, batch):
            continue
        if _rq_alive(coordination.queued_rq_job(job.id, batch)):
            continue
        dispatch.enqueue_batch(job, batch)
        requeued += 1
    if not open_batches and job.updated_at < cutoff:
        # Nothing in flight but undispatched batches remain: restart the window.
        requeued += dispatch.dispatch(job.id, slots=dispatch.window())
    return requeued
