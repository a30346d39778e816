"""What workers run: fan out a job into items, process a batch, finalize the job."""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import copy_current_request_context, current_app, has_request_context
from sqlalchemy import func, insert, or_, select

from shopify_app.extensions import db
from shopify_app.jobs import coordination, dispatch, events
from shopify_app.jobs.kinds import ItemInput, ItemResult, RunContext, get_kind
from shopify_app.jobs.kinds.base import JobView, ShopView
from shopify_app.jobs.progress import ProgressWriter
from shopify_app.jobs.serialize import job_summary
from shopify_app.models import Job, JobItem, Shop
from shopify_app.models.job import dumps, item_update, job_update
from shopify_app.models.types import utcnow

log = logging.getLogger(__name__)
INSERT_CHUNK = 500
RETRY_DELAYS = (5, 30, 120)
FAN_OUT_LEASE = -1  # the fan-out holds the lease of a batch number no batch uses


def _context(job: Job) -> RunContext:
    shop = db.session.get(Shop, job.shop_id)
    return RunContext(shop=ShopView(id=shop.id, domain=shop.domain), job=JobView.of(job))


def _announce(job: Job) -> None:
    events.publish(job.shop_id, [("job.updated", job_summary(job))])


def fan_out(job_id: str) -> None:
    """Enumerate the job's items into rows, then queue the first window of batches.

    Safe to run twice: it resumes after the items already stored.
    """
    job = db.session.get(Job, job_id)
    if job is None or job.status not in ("pending", "processing") or job.enumerated:
        return
    with coordination.batch_lease(job_id, FAN_OUT_LEASE) as acquired:
        if acquired:
            _fan_out(job)


def _fan_out(job: Job) -> None:
    job_id = job.id
    kind = get_kind(job.kind)
    if job.status == "pending":
        job.status, job.stage, job.started_at = "processing", "fetching", utcnow()
        db.session.commit()
        _announce(job)
    existing = db.session.scalar(select(func.count()).select_from(JobItem)
                                 .where(JobItem.job_id == job_id)) or 0
    position, rows = 0, []
    try:
        for spec in kind.enumerate(_context(job)):
            if position >= existing:
                rows.append({
                    "job_id": job_id, "position": position, "batch": position // kind.batch_size,
                    "product_id": spec.product_id, "product_title": spec.product_title,
                    "target_id": spec.target_id, "original": spec.original,
                    "input_json": dumps(spec.input), "status": "pending",
                    "publish_status": "unpublished", "created_at": utcnow(),
                    "updated_at": utcnow(),
                })
            position += 1
            if len(rows) >= INSERT_CHUNK:
                _insert_items(job_id, rows, position)
                rows = []
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
    if position == 0:
        maybe_finalize(job_id)
        return
    dispatch.dispatch(job_id, slots=dispatch.window())


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
    if job is None or job.status != "processing":
        return
    with coordination.batch_lease(job_id, batch) as acquired:
        if not acquired:
            log.info("batch %s/%s is already being processed elsewhere", job_id, batch)
            return
        retry_in = _run_batch(job, batch)
    if retry_in is not None:
        job = db.session.get(Job, job_id, populate_existing=True)
        if job is not None and job.status == "processing":
            dispatch.enqueue_batch(job, batch, delay=retry_in)
    else:
        dispatch.dispatch(job_id, slots=1)
    maybe_finalize(job_id)


def _run_batch(job: Job, batch: int) -> float | None:
    """Returns a delay when some items hit transient errors and should run again."""
    kind = get_kind(job.kind)
    items = list(db.session.scalars(select(JobItem).where(
        JobItem.job_id == job.id, JobItem.batch == batch,
        JobItem.status.in_(("pending", "processing"))).order_by(JobItem.position)))
    if not items:
        return None
    # Snapshot before the commit below expires the rows (and would reload each one).
    inputs = [ItemInput(id=i.id, position=i.position, product_id=i.product_id,
                        product_title=i.product_title, target_id=i.target_id,
                        original=i.original, input=i.input, attempts=i.attempts + 1)
              for i in items]
    db.session.execute(item_update().where(JobItem.id.in_([i.id for i in inputs])).values(
        status="processing", attempts=JobItem.attempts + 1, updated_at=utcnow()))
    db.session.commit()
    context = _context(job)
    writer = ProgressWriter(job, reviewable=kind.reviewable and job.strategy == "review")
    retry_attempts: list[int] = []
    for item, result in _results(kind, inputs, context, job.id):
        if result is None:
            break  # cancelled: the rest were skipped by the cancel itself
        if not result.ok and result.retryable and item.attempts < kind.max_attempts:
            writer.release(item.id)
            retry_attempts.append(item.attempts)
            continue
        writer.record(item.id, result)
    writer.flush(final=True)
    if retry_attempts:
        return RETRY_DELAYS[min(max(retry_attempts) - 1, len(RETRY_DELAYS) - 1)]
    return None


def _results(kind: Any, inputs: list[ItemInput], context: RunContext, job_id: str):  # type: ignore[no-untyped-def]
    """(item, result) in order; result None once the job is cancelled."""

    cancelled = coordination.CancelWatch(job_id)

    def run(item: ItemInput) -> ItemResult | None:
        if cancelled():
            return None
        try:
            return kind.process(item, context)
        except Exception as exc:  # noqa: BLE001 — a kind's bug fails the item, not the batch
            log.exception("item %s of job %s raised", item.id, job_id)
            return ItemResult(ok=False, error=f"Unexpected error: {exc}",
                              retryable=bool(getattr(exc, "retryable", False)))

    if kind.concurrency <= 1 or len(inputs) == 1:
        for item in inputs:
            yield item, run(item)
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def in_app(item: ItemInput) -> ItemResult | None:
        with app.app_context():
            return run(item)

    runner = copy_current_request_context(in_app) if has_request_context() else in_app
    with ThreadPoolExecutor(max_workers=kind.concurrency) as pool:
        yield from zip(inputs, pool.map(runner, inputs), strict=True)


def maybe_finalize(job_id: str) -> bool:
    """Give the job its terminal status once every item is done. Exactly once."""
    job = db.session.get(Job, job_id, populate_existing=True)
    if job is None or job.status != "processing" or not job.enumerated:
        return False
    unfinished = db.session.scalar(select(func.count()).select_from(JobItem).where(
        JobItem.job_id == job_id, JobItem.status.in_(("pending", "processing"))))
    if unfinished:
        return False
    kind = get_kind(job.kind)
    status, error = terminal_status(job, kind.reviewable)
    stage = None
    if kind.reviewable and job.strategy == "auto_publish" and job.succeeded:
        status, stage = "processing", "publishing"  # settles once publishing is done
    won = db.session.execute(job_update().where(
        Job.id == job_id, Job.status == "processing",
        or_(Job.stage.is_(None), Job.stage != "publishing"))
        .values(status=status, stage=stage, error=error,
                completed_at=utcnow() if status not in ("review", "processing") else None,
                updated_at=utcnow())).rowcount
    db.session.commit()
    if not won:
        return False
    job = db.session.get(Job, job_id, populate_existing=True)
    try:
        kind.finalize(_context(job))
    except Exception as exc:  # noqa: BLE001
        log.exception("finalizing job %s failed", job_id)
        fail_job(job_id, f"The job's last step failed: {exc}")
        return True
    _announce(db.session.get(Job, job_id, populate_existing=True))
    return True


def terminal_status(job: Job, reviewable: bool) -> tuple[str, str | None]:
    if job.total and job.failed == job.total:
        reason = db.session.scalar(
            select(JobItem.error).where(JobItem.job_id == job.id, JobItem.status == "failed")
            .group_by(JobItem.error).order_by(func.count().desc()).limit(1))
        return "failed", f"All {job.total} items failed. Most common reason: {reason}"
    if reviewable and job.strategy == "review" and job.pending_review:
        return "review", None
    if job.failed:
        return "completed_with_errors", None
    return "completed", None


def fail_job(job_id: str, message: str) -> None:
    db.session.execute(job_update().where(Job.id == job_id, Job.status.in_(
        ("pending", "processing"))).values(status="failed", stage=None, error=message[:2000],
                                             completed_at=utcnow(), updated_at=utcnow()))
    db.session.commit()
    job = db.session.get(Job, job_id, populate_existing=True)
    if job is not None:
        _announce(job)

