"""Putting a job's work on RQ: which queue, how many batches in flight, idempotent ids.

Each job keeps only a small window of batches queued; finishing a batch queues
the next. Jobs therefore interleave in the queues instead of one shop's 50,000
items standing in front of another shop's 10.
"""
from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from flask import current_app
from rq import Queue, Retry
from sqlalchemy import func, select

from shopify_app.extensions import db
from shopify_app.jobs import coordination
from shopify_app.models import Job, JobItem
from shopify_app.models.job import job_update

log = logging.getLogger(__name__)
SMALL_JOB = 100
LARGE_JOB = 2_000


def queue_for(job: Job) -> Queue:
    """Small interactive jobs first, big batch work last."""
    queues = current_app.extensions["queues"]
    if job.total <= SMALL_JOB:
        return queues["high"]
    return queues["default"] if job.total <= LARGE_JOB else queues["low"]


def window() -> int:
    return int(current_app.config.get("SHELF_BATCH_WINDOW", 4))


def enqueue_fan_out(job: Job) -> None:
    queue = current_app.extensions["queues"]["high"]
    queue.enqueue("workers.tasks.fan_out_job", job.id, job_id=f"fanout-{job.id}",
                  job_timeout=3600, description=f"fan out {job.kind} job {job.id}",
                  retry=Retry(max=3, interval=[10, 60, 300]))


def enqueue_finishing(job: Job) -> None:
    """Queue the finishing stage again (the reaper does, after a worker died in it)."""
    queue = current_app.extensions["queues"]["default"]
    queue.enqueue("workers.tasks.finish_job", job.id, job_id=f"finish-{job.id}",
                  job_timeout=3600, description=f"finish {job.kind} job {job.id}")


def enqueue_batch(job: Job, batch: int, delay: float = 0) -> None:
    """Queue one batch. The RQ id is fresh each time; the lease stops double work."""
    queue = queue_for(job)
    rq_id = f"batch-{job.id}-{batch}-{secrets.token_hex(4)}"
    coordination.mark_queued(job.id, batch, rq_id)
    kwargs = {"job_id": rq_id, "job_timeout": 3600, "failure_ttl": 7 * 24 * 3600,
              "description": f"{job.kind} job {job.id} batch {batch}"}
    if delay:
        queue.enqueue_in(timedelta(seconds=delay), "workers.tasks.process_job_batch",
                         job.id, batch, **kwargs)
    else:
        queue.enqueue("workers.tasks.process_job_batch", job.id, batch, **kwargs)


def dispatch(job_id: str, slots: int = 1) -> int:
    """Claim and queue up to `slots` more batches with pending items. Returns how many."""
    queued = 0
    while queued < slots:
        job = db.session.get(Job, job_id, populate_existing=True)
        if job is None or job.status != "processing":
            break
        cursor = job.dispatch_cursor
        next_batch = db.session.scalar(select(func.min(JobItem.batch)).where(
            JobItem.job_id == job_id, JobItem.status == "pending", JobItem.batch > cursor))
        if next_batch is None:
            break
        claimed = db.session.execute(
            job_update().where(Job.id == job_id, Job.dispatch_cursor == cursor)
            .values(dispatch_cursor=next_batch)).rowcount
        db.session.commit()
        if not claimed:
            continue  # another worker claimed it first; look again
        enqueue_batch(job, next_batch)
        queued += 1
    return queued
