"""Putting a job's work on RQ: which queue, how many batches in flight, idempotent ids.

Each job keeps only a small window of batches queued; finishing a batch queues
the next. Jobs therefore interleave in the queues instead of one shop's 50,000
items standing in front of another shop's 10.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from rq import Queue, Retry
from sqlalchemy import func, select

from shopify_app.extensions import db, queues
from shopify_app.jobs import coordination, keys
from shopify_app.jobs.status import ItemStatus, JobStatus
from shopify_app.models import Job, JobItem
from shopify_app.models.job import job_update
from workers import tasks

log = logging.getLogger(__name__)
SMALL_JOB = 100
LARGE_JOB = 2_000


def queue_name_for(size: int) -> str:
    """Small interactive jobs first, big batch work last."""
    if size <= SMALL_JOB:
        return "high"
    return "default" if size <= LARGE_JOB else "low"


def queue_for(job: Job) -> Queue:
    return queues.get(queue_name_for(job.total))


def window() -> int:
    return int(current_app.config.get("SHELF_BATCH_WINDOW", 4))


def enqueue_fan_out(job: Job, queue: str | None = None) -> None:
    """Queue the job's fan-out: on `queue`, or on the queue of the items stored so far
    (a new job's on `high`; one resumed after storing many goes where its size belongs)."""
    name = queue or queue_name_for(job.total)
    queues.get(name).enqueue(
        tasks.fan_out_job, kwargs={"job_id": job.id}, job_id=keys.fan_out_rq_id(job.id, name),
        job_timeout=keys.RQ_JOB_TIMEOUT, description=f"fan out {job.kind} job {job.id}",
        retry=Retry(max=3, interval=[10, 60, 300]))


def enqueue_finishing(job: Job) -> None:
    """Queue the finishing stage again (the reaper does, after a worker died in it)."""
    queue = current_app.extensions["queues"]["default"]
    queue.enqueue("workers.tasks.finish_job", job.id, job_id=keys.finish_rq_id(job.id),
                  job_timeout=keys.RQ_JOB_TIMEOUT, description=f"finish {job.kind} job {job.id}")


def enqueue_batch(job: Job, batch: int, delay: float = 0) -> None:
    """Queue one batch. The RQ id is fresh each time; the lease stops double work."""
    queue = queue_for(job)
    rq_id = keys.batch_rq_id(job.id, batch)
    coordination.mark_queued(job.id, batch, rq_id)
    options = {"kwargs": {"job_id": job.id, "batch": batch}, "job_id": rq_id,
               "job_timeout": keys.RQ_JOB_TIMEOUT, "failure_ttl": keys.KEEP_SECONDS,
               "description": f"{job.kind} job {job.id} batch {batch}"}
    if delay:
        queue.enqueue_in(timedelta(seconds=delay), tasks.process_job_batch, **options)
    else:
        queue.enqueue(tasks.process_job_batch, **options)


def claim_next_batch(job_id: str) -> tuple[Job, int] | None:
    """Move the job's dispatch cursor onto its next batch with pending items.

    The cursor only moves forward, by a compare-and-set, so each batch is claimed
    by exactly one caller (a dispatcher that queues it, or a run that takes it over).
    Returns the job and the claimed batch, or None when there is nothing to claim.
    """
    while True:
        job = db.session.get(Job, job_id, populate_existing=True)
        if job is None or job.status != JobStatus.PROCESSING:
            return None
        cursor = job.dispatch_cursor
        batch = db.session.scalar(select(func.min(JobItem.batch)).where(
            JobItem.job_id == job_id, JobItem.status == ItemStatus.PENDING,
            JobItem.batch > cursor))
        if batch is None:
            return None
        claimed = db.session.execute(
            job_update().where(Job.id == job_id, Job.dispatch_cursor == cursor)
            .values(dispatch_cursor=batch)).rowcount
        db.session.commit()
        if claimed:
            return job, batch
        # another worker claimed it first; look again


def dispatch(job_id: str, slots: int = 1) -> int:
    """Claim and queue up to `slots` more batches with pending items. Returns how many."""
    queued = 0
    while queued < slots:
        claimed = claim_next_batch(job_id)
        if claimed is None:
            break
        enqueue_batch(*claimed)
        queued += 1
    return queued
