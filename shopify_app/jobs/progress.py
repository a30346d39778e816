"""Writes item results and the job's counts in small transactions, and announces them.

Each item moves out of pending/processing with a conditional UPDATE, and the
job's counters only grow by the rows that really moved: a re-run batch, or a
result that lands after a cancel, can never count twice.
"""
from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

from shopify_app.extensions import db
from shopify_app.jobs import events
from shopify_app.jobs.kinds import ItemResult
from shopify_app.jobs.serialize import item_change, job_summary
from shopify_app.models import Job, JobItem
from shopify_app.models.job import dumps, item_update, job_update
from shopify_app.models.types import utcnow

FLUSH_EVERY_ITEMS = 25
FLUSH_EVERY_SECONDS = 0.5
OPEN = ("pending", "processing")


class ProgressWriter:
    def __init__(self, job: Job, *, reviewable: bool) -> None:
        self.job_id = job.id
        self.shop_id = job.shop_id
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
        deltas = {"succeeded": 0, "failed": 0, "pending_review": 0,
                  "tokens_in": 0, "tokens_out": 0, "cost": 0.0}
        changes: list[dict[str, Any]] = []
        now = utcnow()
        for item_id, result in self.pending:
            status = "succeeded" if result.ok else "failed"
            values: dict[str, Any] = {
                "status": status, "updated_at": now,
                "error": None if result.ok else (result.error or "Failed")[:2000],
            }
            if result.ok:
                values["proposed"] = result.proposed
                values["analysis_json"] = dumps(result.analysis)
                values["tokens_in"], values["tokens_out"] = result.tokens_in, result.tokens_out
                values["cost"] = result.cost
            moved = db.session.execute(item_update().where(
                JobItem.id == item_id, JobItem.status.in_(OPEN)).values(**values)).rowcount
            if not moved:
                continue  # cancelled meanwhile, or already recorded by an earlier run
            deltas[status] += 1
            if result.ok:
                deltas["pending_review"] += int(self.reviewable)
                deltas["tokens_in"] += result.tokens_in
                deltas["tokens_out"] += result.tokens_out
                deltas["cost"] += result.cost
            changes.append(item_change(item_id, status, "unpublished", values["error"]))
        if self.released:
            db.session.execute(item_update().where(
                JobItem.id.in_(self.released), JobItem.status == "processing")
                .values(status="pending", updated_at=now))
        if any(deltas.values()):
            db.session.execute(job_update().where(Job.id == self.job_id).values(
                succeeded=Job.succeeded + deltas["succeeded"],
                failed=Job.failed + deltas["failed"],
                pending_review=Job.pending_review + deltas["pending_review"],
                tokens_in=Job.tokens_in + deltas["tokens_in"],
                tokens_out=Job.tokens_out + deltas["tokens_out"],
                cost=Job.cost + Decimal(str(deltas["cost"])), updated_at=now))
        db.session.commit()
        self.pending, self.released = [], []
        self.last_flush = time.monotonic()
        if changes:
            job = db.session.get(Job, self.job_id, populate_existing=True)
            events.publish(self.shop_id, [
                ("items.updated", {"job_id": self.job_id, "items": changes}),
                ("job.updated", job_summary(job)),
            ])
