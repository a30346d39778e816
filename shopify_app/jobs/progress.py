"""Writes item results and the job's counts in small transactions, and announces them.

Items move out of pending/processing with one conditional UPDATE per outcome
(`... WHERE status IN (pending, processing) RETURNING id`), and the job's
counters only grow by the rows that really moved: a re-run batch, or a result
that lands after a cancel, can never count twice.
"""
from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, update

from shopify_app import metrics
from shopify_app.extensions import db
from shopify_app.jobs import events
from shopify_app.jobs.kinds import ItemResult
from shopify_app.jobs.serialize import item_change, job_summary
from shopify_app.models import Job, JobItem
from shopify_app.models.job import OPEN_ITEM_STATUSES, dumps, item_update, job_update
from shopify_app.models.types import utcnow

FLUSH_EVERY_ITEMS = 50
FLUSH_EVERY_SECONDS = 0.5
OPEN = OPEN_ITEM_STATUSES


class ProgressWriter:
    def __init__(self, job: Job, *, reviewable: bool) -> None:
        self.job_id = job.id
        self.shop_id = job.shop_id
        self.kind = job.kind
        self.reviewable = reviewable
        self.pending: list[tuple[int, ItemResult]] = []
        self.released: list[int] = []
        self.last_flush = time.monotonic()

    def record(self, item_id: int, result: ItemResult) -> None:
        self.pending.append((item_id, result))
        self.flush()

    def release(self, item_id: int) -> None:
        """Put an item back to pending so its batch can run it again later."""
        self.released.append(item_id)

    def flush(self, final: bool = False) -> None:
        due = (len(self.pending) >= FLUSH_EVERY_ITEMS
               or time.monotonic() - self.last_flush >= FLUSH_EVERY_SECONDS)
        if not (final or due) or not (self.pending or self.released):
            return
        now = utcnow()
        results = dict(self.pending)
        moved_ok = self._move([i for i, r in results.items() if r.ok], "succeeded", now)
        moved_failed = self._move([i for i, r in results.items() if not r.ok], "failed", now)
        items = JobItem.__table__
        connection = db.session.connection()
        if moved_ok:
            # Core executemany: one round of statements for all rows, no ORM bookkeeping.
            connection.execute(update(items).where(items.c.id == bindparam("item_id")).values(
                proposed=bindparam("proposed"), analysis_json=bindparam("analysis"),
                checks_json=bindparam("checks"), flagged=bindparam("flagged"),
                tokens_in=bindparam("tin"), tokens_out=bindparam("tout"),
                cost=bindparam("cost"), error=None), [
                {"item_id": i, "proposed": results[i].proposed,
                 "analysis": dumps(results[i].analysis),
                 "checks": dumps(results[i].checks), "flagged": bool(results[i].checks),
                 "tin": results[i].tokens_in,
                 "tout": results[i].tokens_out, "cost": results[i].cost} for i in moved_ok])
        if moved_failed:
            connection.execute(update(items).where(items.c.id == bindparam("item_id")).values(
                error=bindparam("error")), [
                {"item_id": i, "error": (results[i].error or "Failed")[:2000]}
                for i in moved_failed])
        if self.released:
            db.session.execute(item_update().where(
                JobItem.id.in_(self.released), JobItem.status == "processing")
                .values(status="pending", updated_at=now))
        summary = None
        if moved_ok or moved_failed:
            ok = [results[i] for i in moved_ok]
            summary = db.session.execute(job_update().where(Job.id == self.job_id).values(
                succeeded=Job.succeeded + len(moved_ok),
                failed=Job.failed + len(moved_failed),
                pending_review=Job.pending_review + (len(moved_ok) if self.reviewable else 0),
                flagged=Job.flagged + sum(1 for r in ok if r.checks),
                tokens_in=Job.tokens_in + sum(r.tokens_in for r in ok),
                tokens_out=Job.tokens_out + sum(r.tokens_out for r in ok),
                cost=Job.cost + Decimal(str(sum(r.cost for r in ok))), updated_at=now,
            ).returning(*SUMMARY_COLUMNS)).one()
        db.session.commit()
        metrics.items_processed(self.kind, len(moved_ok), len(moved_failed))
        self.pending, self.released = [], []
        self.last_flush = time.monotonic()
        if summary is not None:
            changes = [item_change(i, "succeeded", "unpublished") for i in moved_ok] + [
                item_change(i, "failed", "unpublished", (results[i].error or "Failed")[:2000])
                for i in moved_failed]
            events.publish(self.shop_id, [
                ("items.updated", {"job_id": self.job_id, "items": changes}),
                ("job.updated", job_summary(_SummaryRow(summary))),
            ])

    def _move(self, item_ids: list[int], status: str, now: Any) -> list[int]:
        if not item_ids:
            return []
        return list(db.session.scalars(item_update().where(
            JobItem.id.in_(item_ids), JobItem.status.in_(OPEN))
            .values(status=status, updated_at=now).returning(JobItem.id)))


SUMMARY_COLUMNS = (Job.id, Job.status, Job.stage, Job.archived, Job.error, Job.total,
                   Job.succeeded, Job.failed, Job.skipped, Job.published, Job.pending_review,
                   Job.flagged, Job.paused_by, Job.updated_at, Job.completed_at)


class _SummaryRow:
    """Just enough of a Job for job_summary(), built from the UPDATE's RETURNING row."""

    def __init__(self, row: Any) -> None:
        for column, value in zip(SUMMARY_COLUMNS, row, strict=True):
            setattr(self, column.key, value)

    @property
    def progress(self) -> int:
        return Job.progress.fget(self)  # type: ignore[attr-defined]

    @property
    def done(self) -> int:
        return self.succeeded + self.failed + self.skipped
