"""Pausing and resuming a job: no new work starts while paused, nothing is done twice after.

A paused job is `paused` in the database — the durable truth, so a pause survives
restarts of every process. Workers look at the status before each batch and
before each publish task: a batch already running finishes (its items count), a
batch that was queued finds the job paused and leaves its items pending, and
publish tasks leave their items `publishing`. Resuming puts the status back and
queues again what the pause left: unfinished batches (their items were never
recorded, so running them is not running them twice — results are recorded
with conditional updates), the fan-out if it had not finished, and the writes
of items still waiting to be published.
"""
from __future__ import annotations

from sqlalchemy import distinct, select

from shopify_app.extensions import db
from shopify_app.jobs import coordination, dispatch, events, keys, publishing
from shopify_app.jobs.errors import StateConflict
from shopify_app.jobs.serialize import job_summary
from shopify_app.jobs.service import audit
from shopify_app.jobs.status import JobStatus
from shopify_app.models import Job, JobItem
from shopify_app.models.job import ACTIVE_STATUSES, OPEN_ITEM_STATUSES, item_update, job_update
from shopify_app.models.types import utcnow

# Finished or reviewed jobs whose publishing (stage "publishing") can be paused.
PUBLISHING_STATUSES = ("review", "completed", "completed_with_errors")


def pause_job(job: Job, actor: str | None) -> Job:
    publishing_only = job.status in PUBLISHING_STATUSES and job.stage == "publishing"
    if job.status not in ACTIVE_STATUSES and not publishing_only:
        raise StateConflict("Only pending or processing jobs, or jobs that are publishing, "
                            f"can be paused; this one is {job.status}")
    moved = db.session.execute(job_update().where(
        Job.id == job.id, Job.status == job.status).values(
        status=JobStatus.PAUSED, paused_from=job.status, paused_by=actor, paused_at=utcnow(),
        updated_at=utcnow())).rowcount
    if not moved:
        db.session.rollback()
        raise StateConflict("The job changed before it could be paused; look again")
    audit(job, "paused", actor, {"from": job.status, "stage": job.stage})
    db.session.commit()
    return _announce(job)


def resume_job(job: Job, actor: str | None) -> Job:
    if job.status != JobStatus.PAUSED:
        raise StateConflict(f"Only paused jobs can be resumed; this one is {job.status}")
    back_to = job.paused_from or ("processing" if job.started_at else "pending")
    moved = db.session.execute(job_update().where(Job.id == job.id, Job.status == JobStatus.PAUSED)
                               .values(status=back_to, paused_from=None, paused_by=None,
                                       paused_at=None, updated_at=utcnow())).rowcount
    if not moved:
        db.session.rollback()
        raise StateConflict("The job changed before it could be resumed; look again")
    audit(job, "resumed", actor, {"to": back_to})
    db.session.commit()
    db.session.refresh(job)
    _restart(job)
    return _announce(job)


def _restart(job: Job) -> None:
    """Queue again whatever the pause left waiting."""
    if job.status in ACTIVE_STATUSES and not job.enumerated:
        # A fan-out still reading (a pause does not stop one) finishes by itself; queued
        # again under the same id it would overwrite the running one in RQ.
        if not coordination.lease_alive(job.id, keys.FAN_OUT_BATCH):
            # Resumes after the items already stored, on the queue of their count.
            dispatch.enqueue_fan_out(job)
    elif job.status == "processing":
        _restart_batches(job)
    _restart_writes(job)
    from shopify_app.jobs import runner

    runner.maybe_finalize(job.id)  # every item may have finished while it was paused


def _restart_batches(job: Job) -> None:
    """Unfinished batches run again from the first: items left `processing` by a batch
    with no live lease (its worker is gone) go back to pending first."""
    open_batches = sorted(db.session.scalars(select(distinct(JobItem.batch)).where(
        JobItem.job_id == job.id, JobItem.status.in_(OPEN_ITEM_STATUSES))))
    if not open_batches:
        return
    orphaned = [b for b in open_batches if not coordination.lease_alive(job.id, b)]
    if orphaned:
        db.session.execute(item_update().where(
            JobItem.job_id == job.id, JobItem.batch.in_(orphaned),
            JobItem.status == "processing").values(status="pending", updated_at=utcnow()))
    # Dispatch claims batches after the cursor: start it before the first open one.
    db.session.execute(job_update().where(Job.id == job.id).values(
        dispatch_cursor=open_batches[0] - 1))
    db.session.commit()
    dispatch.dispatch(job.id, slots=dispatch.window())


def _restart_writes(job: Job) -> None:
    rows = db.session.execute(select(JobItem.publish_action, JobItem.id).where(
        JobItem.job_id == job.id, JobItem.publish_status == "publishing")).all()
    groups: dict[str, list[int]] = {}
    for action, item_id in rows:
        groups.setdefault(action or publishing.PUBLISH, []).append(item_id)
    for action, item_ids in groups.items():
        publishing.enqueue_writes(job.id, sorted(item_ids), action, False, "resume")


def _announce(job: Job) -> Job:
    db.session.refresh(job)
    events.publish(job.shop_id, [("job.updated", job_summary(job))])
    return job
