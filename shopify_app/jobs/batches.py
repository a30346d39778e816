"""Running a batch's items: mark them started, run them (on the kind's threads), record.

Kinds with several threads keep them busy across batch boundaries (see Rolling).
"""
from __future__ import annotations

import logging
import queue
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import Any

import redis
from flask import copy_current_request_context, current_app, has_request_context
from sqlalchemy import select

from shopify_app.extensions import db, queues, redis_ext
from shopify_app.jobs import coordination, dispatch, keys
from shopify_app.jobs.kinds import ItemInput, ItemResult, RunContext
from shopify_app.jobs.progress import ProgressWriter
from shopify_app.jobs.status import ItemStatus, JobStatus
from shopify_app.models import Job, JobItem
from shopify_app.models.job import item_update
from shopify_app.models.types import utcnow

log = logging.getLogger(__name__)
RETRY_DELAYS = (5, 30, 120)
# How long one RQ job may keep taking over its job's next batches (see Rolling):
# a random share of this, so that workers which started together do not all stop
# (and drain) together.
CHAIN_SECONDS = 30.0
WAITING_LOOKAHEAD = 64


def start_items(job_id: str, batch: int) -> list[ItemInput]:
    """The batch's unfinished items, marked processing (one more attempt each)."""
    items = list(db.session.scalars(select(JobItem).where(
        JobItem.job_id == job_id, JobItem.batch == batch,
        JobItem.status.in_(ItemStatus.OPEN)).order_by(JobItem.position)))
    if not items:
        return []
    # Snapshot before the commit below expires the rows (and would reload each one).
    inputs = [ItemInput(id=i.id, position=i.position, product_id=i.product_id,
                        product_title=i.product_title, target_id=i.target_id,
                        original=i.original, input=i.input, attempts=i.attempts + 1)
              for i in items]
    db.session.execute(item_update().where(JobItem.id.in_([i.id for i in inputs])).values(
        status=ItemStatus.PROCESSING, attempts=JobItem.attempts + 1, updated_at=utcnow()))
    db.session.commit()
    return inputs


def run_item(kind: Any, item: ItemInput, context: RunContext,
              cancelled: coordination.CancelWatch) -> ItemResult | None:
    """One item's result; None once the job is cancelled."""
    if cancelled():
        return None
    try:
        return kind.process(item, context)
    except Exception as exc:  # noqa: BLE001 — a kind's bug fails the item, not the batch
        log.exception("item %s of job %s raised", item.id, context.job.id)
        return ItemResult(ok=False, error=f"Unexpected error: {exc}",
                          retryable=bool(getattr(exc, "retryable", False)))


def take(kind: Any, writer: ProgressWriter, item: ItemInput, result: ItemResult,
          retry_attempts: list[int]) -> None:
    """Record a result, or put the item back for a later run after a transient error."""
    if not result.ok and result.retryable and item.attempts < kind.max_attempts:
        writer.release(item.id)
        retry_attempts.append(item.attempts)
    else:
        writer.record(item.id, result)


def retry_delay(retry_attempts: list[int]) -> float | None:
    if not retry_attempts:
        return None
    return RETRY_DELAYS[min(max(retry_attempts) - 1, len(RETRY_DELAYS) - 1)]


_HUNGRY = object()  # a thread started the last item it was given


class Rolling:
    """Runs a batch on the kind's threads, and keeps them busy past the batch's end.

    Kinds with several threads wait on something slow (a model API, downloads). A
    batch's threads would idle while its slowest items finish, and again while the
    worker hands over to its next RQ job; with a shared concurrency limit, those
    idle threads are idle provider slots. So once the last of the batch's items has
    started, the run takes over the job's next batch itself: it claims it from the
    dispatch cursor (as dispatch() would before queueing it) under its own lease,
    and feeds it to the same threads. Each taken-over batch keeps its own lease until
    its items are recorded, and is queued again like any batch if some of them hit
    transient errors.

    Taking over stops when the job has no batch left, after CHAIN_SECONDS, after a
    transient error, on cancel, and as soon as anything other than this job's own
    batches waits in this job's queue or a queue served before it: other work still
    gets a worker at the next batch boundary.
    """

    def __init__(self, kind: Any, job: Job, context: RunContext,
                 writer: ProgressWriter) -> None:
        self.kind, self.job_id, self.context, self.writer = kind, job.id, context, writer
        self.cancelled = coordination.CancelWatch(job.id)
        ordered = queues.all()
        own = dispatch.queue_for(job)
        self.watched = [q.key for q in ordered[:1 + [q.name for q in ordered].index(own.name)]]
        self.messages: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.unstarted = 0
        self.open: dict[int, int] = {}  # batch -> items not finished yet
        self.retries: dict[int, list[int]] = {}
        self.leases: dict[int, ExitStack] = {}  # batches taken over
        self.until = time.monotonic() + CHAIN_SECONDS * random.uniform(0.5, 1.0)
        self.taking_over = True
        self.stopped = False  # cancelled: results are no longer recorded
        self.requeued = 0

    def run(self, first: int, inputs: list[ItemInput]) -> tuple[float | None, int]:
        app = current_app._get_current_object()  # type: ignore[attr-defined]

        def in_app(item: ItemInput) -> ItemResult | None:
            with app.app_context():
                return run_item(self.kind, item, self.context, self.cancelled)

        call = copy_current_request_context(in_app) if has_request_context() else in_app

        def work(batch: int, item: ItemInput) -> None:
            with self.lock:
                self.unstarted -= 1
                if not self.unstarted:
                    self.messages.put(_HUNGRY)
            # Whatever happens, a message must arrive: the run waits for each item's.
            result: ItemResult | None = ItemResult(
                ok=False, error="The item stopped unexpectedly", retryable=True)
            try:
                result = call(item)
            finally:
                self.messages.put((batch, item, result))

        pool = ThreadPoolExecutor(max_workers=self.kind.concurrency,
                                  thread_name_prefix=f"job-{self.job_id}")
        try:
            self._feed(pool, work, first, inputs)
            while self.open:
                message = self.messages.get()
                if message is _HUNGRY:
                    self._take_over(pool, work)
                    continue
                batch, item, result = message
                self._result(batch, item, result)
                self.open[batch] -= 1
                if not self.open[batch]:
                    del self.open[batch]
                    if batch != first:
                        self._finish(batch)
            self.writer.flush(final=True)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            for lease in self.leases.values():  # only after a failure or a cancel
                lease.close()
        return retry_delay(self.retries.get(first, [])), self.requeued

    def _feed(self, pool: ThreadPoolExecutor, work: Any, batch: int,
              inputs: list[ItemInput]) -> None:
        self.open[batch] = len(inputs)
        with self.lock:
            self.unstarted += len(inputs)
        for item in inputs:
            pool.submit(work, batch, item)

    def _result(self, batch: int, item: ItemInput, result: ItemResult | None) -> None:
        if result is None:
            self.stopped, self.taking_over = True, False
            return  # cancelled: unfinished items were skipped by the cancel itself
        if self.stopped:
            return
        if not result.ok and result.retryable:
            self.taking_over = False  # a struggling provider gets no extra work
        take(self.kind, self.writer, item, result, self.retries.setdefault(batch, []))

    def _take_over(self, pool: ThreadPoolExecutor, work: Any) -> None:
        if not self.taking_over:
            return
        if time.monotonic() >= self.until or self.cancelled() or self._others_waiting():
            self.taking_over = False
            return
        claimed = _claim_next_batch(self.job_id)
        if claimed is None:
            self.taking_over = False
            return
        batch, lease, inputs = claimed
        self.leases[batch] = lease
        self._feed(pool, work, batch, inputs)

    def _finish(self, batch: int) -> None:
        """A taken-over batch is done: store its results, free its lease, retry it later."""
        self.writer.flush(final=True)
        self.leases.pop(batch).close()
        delay = retry_delay(self.retries.pop(batch, []))
        if delay is None or self.stopped:
            return
        job = db.session.get(Job, self.job_id, populate_existing=True)
        if job is not None and job.status == JobStatus.PROCESSING:
            dispatch.enqueue_batch(job, batch, delay=delay)
            self.requeued += 1

    def _others_waiting(self) -> bool:
        """Whether anything but this job's own batches waits in a queue this worker serves
        before (or with) this job's. Only the front of each queue is read: this job has
        no more than its window queued, so anything else shows up there."""
        own = keys.batch_rq_prefix(self.job_id).encode()
        try:
            pipe = redis_ext.client.pipeline(transaction=False)
            for key in self.watched:
                pipe.lrange(key, 0, WAITING_LOOKAHEAD - 1)
            waiting = [entry for entries in pipe.execute() for entry in entries]
        except redis.RedisError:
            return True  # when in doubt, hand the worker back
        return any(not (entry if isinstance(entry, bytes) else str(entry).encode())
                   .startswith(own) for entry in waiting)


def _claim_next_batch(job_id: str) -> tuple[int, ExitStack, list[ItemInput]] | None:
    """The job's next undispatched batch, claimed and leased for this run; once every
    batch is dispatched, one that is queued but has not started yet."""
    while True:
        claimed = dispatch.claim_next_batch(job_id)
        if claimed is None:
            job = db.session.get(Job, job_id, populate_existing=True)
            if job is None or job.status != JobStatus.PROCESSING:
                return None
            return _claim_queued_batch(job_id, job.dispatch_cursor)
        leased = _lease_and_start(job_id, claimed[1])
        if leased is not None:
            return leased
        # Someone else holds it (a reaper's re-queue), or nothing is left: look again.


def _claim_queued_batch(job_id: str,
                        cursor: int) -> tuple[int, ExitStack, list[ItemInput]] | None:
    """At the end of a job, a queued batch that no run has started (no item attempted).

    Its RQ job then finds the lease taken, or nothing left to do; since no batch is
    left to dispatch, its finishing queues nothing either. Batches waiting for a
    retry have attempted items and keep their back-off.
    """
    batches = list(db.session.scalars(select(JobItem.batch).where(
        JobItem.job_id == job_id, JobItem.status == ItemStatus.PENDING, JobItem.attempts == 0,
        JobItem.batch <= cursor).group_by(JobItem.batch).order_by(JobItem.batch).limit(8)))
    for batch in batches:
        claimed = _lease_and_start(job_id, batch)
        if claimed is not None:
            return claimed
    return None


def _lease_and_start(job_id: str, batch: int) -> tuple[int, ExitStack, list[ItemInput]] | None:
    lease = ExitStack()
    if lease.enter_context(coordination.batch_lease(job_id, batch)):
        inputs = start_items(job_id, batch)
        if inputs:
            return batch, lease, inputs
    lease.close()
    return None
