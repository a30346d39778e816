"""What workers run: fan out a job into items, process a batch, finalize the job."""
from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import distinct, func, insert, or_, select

from shopify_app import metrics, retention
from shopify_app.extensions import db
from shopify_app.jobs import batches, coordination, dispatch, events, handover, keys, publishing
from shopify_app.jobs.kinds import RunContext, get_kind, kind_names
from shopify_app.jobs.kinds.base import JobView, ShopView
from shopify_app.jobs.progress import ProgressWriter
from shopify_app.jobs.serialize import job_summary
from shopify_app.jobs.status import ItemStatus, JobStatus, Stage
from shopify_app.models import Job, JobItem, Shop
from shopify_app.models.job import dumps, job_update
from shopify_app.models.types import utcnow

log = logging.getLogger(__name__)
INSERT_CHUNK = 500
FINISH_LEASE = keys.FINISH_BATCH


def _context(job: Job) -> RunContext:
    shop = db.session.get(Shop, job.shop_id)
    return RunContext(shop=ShopView(id=shop.id, domain=shop.domain), job=JobView.of(job))


def _announce(job: Job) -> None:
    events.publish(job.shop_id, [("job.updated", job_summary(job))])


def fan_out(job_id: str) -> None:
    """Enumerate the job's items into rows, queueing the first window of batches as
    soon as the first of them are stored.

    Safe to run twice: it resumes after the items already stored. A large job's
    fan-out on `high` hands itself over to its size's queue first (see handover).
    """
    job = db.session.get(Job, job_id)
    if job is None or job.status not in JobStatus.ACTIVE or job.enumerated:
        return
    handed_to = None
    with coordination.batch_lease(job_id, keys.FAN_OUT_BATCH) as acquired:
        if acquired:
            handed_to = handover.target_queue(job, get_kind(job.kind), _context(job))
            if handed_to is None:
                _fan_out(job)
    if handed_to is not None:
        # Queued once the lease is released, so the continuation never finds it taken.
        handover.hand_over(job, handed_to)


def _fan_out(job: Job) -> None:
    job_id = job.id
    kind = get_kind(job.kind)
    if job.status == JobStatus.PENDING:
        job.status, job.stage, job.started_at = JobStatus.PROCESSING, Stage.FETCHING, utcnow()
        db.session.commit()
        _announce(job)
    existing = db.session.scalar(select(func.count()).select_from(JobItem)
                                 .where(JobItem.job_id == job_id)) or 0
    position, rows = 0, []
    # Rows are stored whole batches at a time, so every stored batch is complete and
    # may run while the rest are still being read; the first chunk is just large
    # enough to fill the window (and to say the job is not a small one).
    chunk = max(kind.batch_size * dispatch.window(), dispatch.SMALL_JOB + 1)
    try:
        for spec in kind.enumerate(_context(job)):
            if position >= existing:
                rows.append({
                    "job_id": job_id, "position": position, "batch": position // kind.batch_size,
                    "product_id": spec.product_id, "product_title": spec.product_title,
                    "target_id": spec.target_id, "original": spec.original,
                    "input_json": dumps(spec.input), "status": ItemStatus.PENDING,
                    "publish_status": "unpublished", "created_at": utcnow(),
                    "updated_at": utcnow(),
                })
            position += 1
            if len(rows) >= chunk and position % kind.batch_size == 0:
                _insert_items(job_id, rows, position)
                rows, chunk = [], INSERT_CHUNK
                _fill_window(job_id)
        _insert_items(job_id, rows, position)
    except Exception as exc:
        db.session.rollback()
        if getattr(exc, "retryable", False) and _retries_left():
            raise  # RQ retries the fan-out; stored items are kept
        log.warning("fan-out of job %s failed: %s", job_id, exc)
        fail_job(job_id, f"Could not read the products for this job: {exc}")
        return
    batch_count = (position + kind.batch_size - 1) // kind.batch_size
    db.session.execute(job_update().where(Job.id == job_id).values(
        total=position, batch_count=batch_count, enumerated=True, stage=kind.stage,
        updated_at=utcnow()))
    db.session.commit()
    job = db.session.get(Job, job_id, populate_existing=True)
    _announce(job)
    if position:
        _fill_window(job_id)
    maybe_finalize(job_id)  # the batches stored early may all be done already


def _fill_window(job_id: str) -> None:
    """Queue batches until the job has its window of them dispatched and unfinished."""
    job = db.session.get(Job, job_id, populate_existing=True)
    if job is None or job.status != JobStatus.PROCESSING:
        return
    open_batches = db.session.scalar(select(func.count(distinct(JobItem.batch))).where(
        JobItem.job_id == job_id, JobItem.status.in_(ItemStatus.OPEN),
        JobItem.batch <= job.dispatch_cursor)) or 0
    dispatch.dispatch(job_id, slots=max(0, dispatch.window() - open_batches))


def _retries_left() -> bool:
    from rq import get_current_job

    current = get_current_job()
    return bool(current is not None and current.retries_left)


def _insert_items(job_id: str, rows: list[dict[str, Any]], position: int) -> None:
    if rows:
        db.session.execute(insert(JobItem), rows)
    db.session.execute(job_update().where(Job.id == job_id).values(total=position))
    db.session.commit()


def process_batch(job_id: str, batch: int) -> None:
    """Process one batch's unfinished items; items already done are left alone."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != JobStatus.PROCESSING:
        return
    with coordination.batch_lease(job_id, batch) as acquired:
        if not acquired:
            log.info("batch %s/%s is already being processed elsewhere", job_id, batch)
            return
        retry_in, requeued = _run_batch(job, batch)
    if retry_in is not None:
        job = db.session.get(Job, job_id, populate_existing=True)
        if job is not None and job.status == JobStatus.PROCESSING:
            dispatch.enqueue_batch(job, batch, delay=retry_in)
    else:
        # A finished batch makes room for one more, unless a batch this run took
        # over was queued again for a retry and already stands in that place.
        dispatch.dispatch(job_id, slots=max(0, 1 - requeued))
    maybe_finalize(job_id)


def _run_batch(job: Job, batch: int) -> tuple[float | None, int]:
    """Returns a delay when some items hit transient errors and should run again, and
    how many batches taken over by this run were queued again for the same reason."""
    kind = get_kind(job.kind)
    inputs = batches.start_items(job.id, batch)
    if not inputs:
        return None, 0
    context = _context(job)
    writer = ProgressWriter(job, reviewable=kind.reviewable and job.strategy == "review")
    if kind.concurrency > 1:
        return batches.Rolling(kind, job, context, writer).run(batch, inputs)
    cancelled = coordination.CancelWatch(job.id)
    retry_attempts: list[int] = []
    for item in inputs:
        result = batches.run_item(kind, item, context, cancelled)
        if result is None:
            break  # cancelled: the rest were skipped by the cancel itself
        batches.take(kind, writer, item, result, retry_attempts)
    writer.flush(final=True)
    return batches.retry_delay(retry_attempts), 0


def maybe_finalize(job_id: str) -> bool:
    """Give the job its terminal status once every item is done. Exactly once."""
    job = db.session.get(Job, job_id, populate_existing=True)
    if job is None or job.status != JobStatus.PROCESSING or not job.enumerated:
        return False
    unfinished = db.session.scalar(select(func.count()).select_from(JobItem).where(
        JobItem.job_id == job_id, JobItem.status.in_(ItemStatus.OPEN)))
    if unfinished:
        return False
    kind = get_kind(job.kind)
    status, error = terminal_status(job, kind.reviewable)
    stage = None
    settle: tuple[str, str | None] | None = None
    auto_publish = _auto_publishes(job)
    if auto_publish:
        # settles once publishing is done
        status, stage = JobStatus.PROCESSING, Stage.PUBLISHING
    elif kind.finishing_stage and status != JobStatus.FAILED:
        settle = (status, error)
        status, stage, error = JobStatus.PROCESSING, kind.finishing_stage, None
    won = db.session.execute(job_update().where(
        Job.id == job_id, Job.status == JobStatus.PROCESSING,
        or_(Job.stage.is_(None), Job.stage.notin_(_finishing_stages())))
        .values(status=status, stage=stage, error=error,
                completed_at=(None if status in (JobStatus.REVIEW, JobStatus.PROCESSING)
                              else utcnow()),
                updated_at=utcnow())).rowcount
    db.session.commit()
    if not won:
        return False
    metrics.job_finished(job.kind, status)
    retention.ensure_scheduled()
    job = db.session.get(Job, job_id, populate_existing=True)
    if settle is not None:
        _announce(job)  # the finishing stage shows while it runs
        run_finishing_stage(job_id)
        return True
    try:
        kind.finalize(_context(job))
    except Exception as exc:  # noqa: BLE001
        log.exception("finalizing job %s failed", job_id)
        fail_job(job_id, f"The job's last step failed: {exc}")
        return True
    if auto_publish:
        # The strategy is the engine's: reviewable results of an auto-publish job go
        # straight to the store, whatever the kind.
        job = db.session.get(Job, job_id, populate_existing=True)
        # Items whose text makes unsupported claims wait for the merchant.
        if not publishing.request_publish(job, None, actor="auto-publish",
                                          hold_flagged=True)["queued"]:
            publishing.settle(job_id)
    _announce(db.session.get(Job, job_id, populate_existing=True))
    return True


def _auto_publishes(job: Job) -> bool:
    return bool(job.strategy == "auto_publish" and job.succeeded
                and publishing.publishable_kind(job) is not None)


def run_finishing_stage(job_id: str) -> None:
    """Run the kind's finishing stage under a lease, then give the job its terminal status.

    Safe to run twice (the reaper runs it again after a crash): a second run while the
    first is alive does nothing, and the stage itself rebuilds from the stored items.
    """
    job = db.session.get(Job, job_id, populate_existing=True)
    if job is None or job.status != JobStatus.PROCESSING:
        return
    kind = get_kind(job.kind)
    if not kind.finishing_stage or job.stage != kind.finishing_stage:
        return
    with coordination.batch_lease(job_id, FINISH_LEASE) as acquired:
        if not acquired:
            return
        try:
            kind.finalize(_context(job))
        except Exception as exc:  # noqa: BLE001
            log.exception("finishing job %s failed", job_id)
            fail_job(job_id, f"The job's last step failed: {exc}")
            return
        job = db.session.get(Job, job_id, populate_existing=True)
        status, error = terminal_status(job, kind.reviewable)
        won = db.session.execute(job_update().where(
            Job.id == job_id, Job.status == JobStatus.PROCESSING,
            Job.stage == kind.finishing_stage)
            .values(status=status, stage=None, error=error, completed_at=utcnow(),
                    updated_at=utcnow())).rowcount
        db.session.commit()
    job = db.session.get(Job, job_id, populate_existing=True)
    _announce(job)
    if won:
        try:
            kind.finished(job)
        except Exception:  # noqa: BLE001 - the job is done; what follows must not undo it
            log.exception("after finishing job %s", job_id)


def _finishing_stages() -> tuple[str, ...]:
    """Stages entered once every item is done: the job must not be finalized a second time."""
    return ("publishing", *sorted({get_kind(name).finishing_stage for name in kind_names()
                                   if get_kind(name).finishing_stage}))


def terminal_status(job: Job, reviewable: bool) -> tuple[str, str | None]:
    if job.total and job.failed == job.total:
        reason = db.session.scalar(
            select(JobItem.error).where(JobItem.job_id == job.id,
                                        JobItem.status == ItemStatus.FAILED)
            .group_by(JobItem.error).order_by(func.count().desc()).limit(1))
        return JobStatus.FAILED, f"All {job.total} items failed. Most common reason: {reason}"
    if reviewable and job.strategy == "review" and job.pending_review:
        return JobStatus.REVIEW, None
    if job.failed:
        return JobStatus.COMPLETED_WITH_ERRORS, None
    return JobStatus.COMPLETED, None


def fail_job(job_id: str, message: str) -> None:
    failed = db.session.execute(job_update().where(Job.id == job_id, Job.status.in_(
        JobStatus.ACTIVE)).values(status=JobStatus.FAILED, stage=None, error=message[:2000],
                                             completed_at=utcnow(), updated_at=utcnow())).rowcount
    db.session.commit()
    job = db.session.get(Job, job_id, populate_existing=True)
    if job is not None:
        if failed:
            metrics.job_finished(job.kind, "failed")
        _announce(job)

