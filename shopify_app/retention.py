"""Retention: purge the items of jobs that finished long ago, once a day.

With SHELF_RETENTION_DAYS > 0, a daily task deletes the items (the bulk of the
database) of jobs that reached a final status more than that many days ago.
The job row, its counts and its audit trail stay, with an `items_purged` event.

A job of a publishing kind is left whole while any of its results still needs
the merchant or can still be undone: a succeeded item that is unpublished,
being published, failed to publish or in conflict, or that is published (a
revert needs its original). Jobs in review or still running are never touched.
"""
from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import redis
from flask import current_app
from rq.job import Job as RQJob
from sqlalchemy import and_, delete, exists, select

from shopify_app.extensions import db
from shopify_app.models import Job, JobItem
from shopify_app.models.job import FINISHED_STATUSES, UNDECIDED_STATUSES
from shopify_app.models.types import utcnow

log = logging.getLogger(__name__)

# Results that keep their job's items: waiting for a decision, or revertible.
KEPT_PUBLISH_STATUSES = (*UNDECIDED_STATUSES, "published")
DELETE_CHUNK = 5000
JOBS_PER_RUN = 500
MAX_ROUNDS = 40  # a night's run stops after this many rounds; the rest waits a day
RUN_HOUR_UTC = 3  # a quiet hour for most stores
TASK_PREFIX = "shelf-retention-"


def retention_days() -> int:
    return int(current_app.config.get("SHELF_RETENTION_DAYS") or 0)


def _kept(job_id: Any) -> Any:
    return exists().where(JobItem.job_id == job_id, JobItem.status == "succeeded",
                          JobItem.publish_status.in_(KEPT_PUBLISH_STATUSES))


def _unpublishable_kinds() -> list[str]:
    """Kinds whose results never go to the store: nothing of theirs waits or reverts."""
    from shopify_app.jobs.kinds import registered

    return [kind.name for kind in registered()
            if not (kind.reviewable and kind.publisher is not None)]


def _protected(job: Any) -> Any:
    """SQL: the job's items must stay (its kind publishes and a result is kept)."""
    return and_(Job.kind.not_in(_unpublishable_kinds()), _kept(job.id))


def purge(older_than: timedelta, now: datetime | None = None,
          limit: int = JOBS_PER_RUN) -> dict[str, int]:
    """Delete the items of up to `limit` old finished jobs; safe to run twice."""
    from shopify_app.jobs.service import audit

    cutoff = (now or utcnow()) - older_than
    # updated_at >= completed_at, so the status index narrows this to old finished jobs.
    candidates = db.session.scalars(
        select(Job).where(Job.status.in_(FINISHED_STATUSES), Job.updated_at < cutoff,
                          Job.completed_at < cutoff,
                          exists().where(JobItem.job_id == Job.id), ~_protected(Job))
        .order_by(Job.updated_at).limit(limit)).all()
    purged_jobs = purged_items = 0
    for job in candidates:
        removed = 0
        while True:
            chunk = select(JobItem.id).where(JobItem.job_id == job.id).limit(DELETE_CHUNK)
            # Re-checked on every chunk: a publish that started meanwhile keeps the job whole.
            if db.session.scalar(select(Job.id).where(Job.id == job.id, _protected(Job))):
                break
            count = db.session.execute(delete(JobItem).where(JobItem.id.in_(chunk))
                                       .execution_options(synchronize_session=False)).rowcount
            db.session.commit()
            removed += count
            if count < DELETE_CHUNK:
                break
        if removed:
            audit(job, "items_purged", "retention",
                  {"items": removed, "older_than_days": older_than.days})
            db.session.commit()
            purged_jobs += 1
            purged_items += removed
    if purged_jobs:
        log.info("retention purged %d items of %d jobs", purged_items, purged_jobs)
    return {"jobs": purged_jobs, "items": purged_items}


def next_run(now: datetime) -> datetime:
    run = now.replace(hour=RUN_HOUR_UTC, minute=0, second=0, microsecond=0)
    return run if run > now else run + timedelta(days=1)


def ensure_scheduled() -> None:
    """Book the next daily run unless it is booked (one RQ job id per day)."""
    if retention_days() <= 0:
        return
    queue = current_app.extensions["queues"]["low"]
    run_at = next_run(datetime.now(UTC))
    task_id = f"{TASK_PREFIX}{run_at:%Y%m%d}"
    try:
        if not RQJob.exists(task_id, connection=queue.connection):
            queue.enqueue_at(run_at, "shopify_app.retention.scheduled_purge", job_id=task_id)
    except redis.RedisError:
        log.warning("could not book the retention run; the next finished job will")


def scheduled_purge() -> dict[str, int]:
    """The RQ task: purge, then book tomorrow's run."""
    from workers.context import app_context

    with app_context():
        days = retention_days()
        total = {"jobs": 0, "items": 0}
        for _ in range(MAX_ROUNDS if days > 0 else 0):
            result = purge(timedelta(days=days))
            total = {key: total[key] + result[key] for key in total}
            if result["jobs"] < JOBS_PER_RUN:
                break
        ensure_scheduled()
        return total
