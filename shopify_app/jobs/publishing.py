"""Publishing results to the store and reverting them, item by item, never twice.

The engine's part is kind-agnostic: claim the eligible items (publish_status →
publishing), queue the writes, hand the claimed items to the kind's publisher,
record each outcome with its audit entry, and settle the job. What is compared,
written or taken back is the publisher's business (jobs/kinds/publisher.py).
"""
from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from flask import current_app
from rq import get_current_job
from sqlalchemy import func, select

from shopify_app import metrics
from shopify_app.extensions import db, queues
from shopify_app.jobs import events, keys, publish_tasks
from shopify_app.jobs.errors import StateConflict
from shopify_app.jobs.kinds import JobKind, get_kind, kind_names
from shopify_app.jobs.kinds.base import JobView
from shopify_app.jobs.kinds.publisher import CONFLICT, DONE, FAILED, Outcome, PublishContext
from shopify_app.jobs.serialize import item_change, job_summary
from shopify_app.jobs.service import audit
from shopify_app.models import Job, JobItem, Shop
from shopify_app.models.job import (
    LOCKED_STATUSES,
    PUBLISHABLE_JOB_STATUSES,
    PUBLISHABLE_STATUSES,
    UNDECIDED_STATUSES,
    dumps,
    item_update,
    job_update,
)
from shopify_app.models.types import utcnow
from shopify_app.shopify.errors import ShopifyError
from workers import tasks

log = logging.getLogger(__name__)
PUBLISH, REVERT = "publish", "revert"
TASK_CHUNK = 50
# Kept for callers that imported them from here.
PUBLISHABLE = PUBLISHABLE_STATUSES
OPEN_STATUSES = UNDECIDED_STATUSES


def bulk_threshold() -> int:
    return int(current_app.config.get("SHELF_BULK_PUBLISH_THRESHOLD", 250))


def publishable_kind(job: Job) -> JobKind | None:
    """The job's kind when its results go to the store through a publisher."""
    if job.kind not in kind_names():
        return None
    kind = get_kind(job.kind)
    return kind if kind.reviewable and kind.publisher is not None else None


def request_publish(job: Job, item_ids: list[int] | None, *, actor: str,
                    force: bool = False, hold_flagged: bool = False) -> dict[str, int]:
    """`hold_flagged` leaves items with unsupported claims for the merchant to review
    (auto-publish); a merchant's own request publishes them."""
    return _request(job, item_ids, actor=actor, force=force, action=PUBLISH,
                    hold_flagged=hold_flagged)


def request_revert(job: Job, item_ids: list[int] | None, *, actor: str,
                   force: bool = False) -> dict[str, int]:
    return _request(job, item_ids, actor=actor, force=force, action=REVERT)


def _request(job: Job, item_ids: list[int] | None, *, actor: str, force: bool,
             action: str, hold_flagged: bool = False) -> dict[str, int]:
    """Claim the eligible items (publish_status → publishing) and queue the writes."""
    if publishable_kind(job) is None:
        raise StateConflict("This job's results are final: there is nothing to publish")
    eligible = PUBLISHABLE_STATUSES if action == PUBLISH else ("published",)
    if force:
        eligible = (*eligible, "conflict")
    conditions = [JobItem.job_id == job.id, JobItem.status == "succeeded",
                  JobItem.publish_status.in_(eligible)]
    if item_ids is not None:
        conditions.append(JobItem.id.in_(item_ids))
    if hold_flagged:
        conditions.append(JobItem.flagged.is_(False))
    claimed = list(db.session.scalars(item_update().where(*conditions).values(
        publish_status="publishing", publish_action=action, updated_at=utcnow())
        .returning(JobItem.id)))
    if item_ids is not None and len(item_ids) == 1 and not claimed:
        db.session.rollback()
        raise StateConflict(f"This item cannot be {action}ed in its current state"
                            + ("" if force else " (use force to overwrite a conflict)"))
    data: dict[str, Any] = {"items": len(claimed), "force": force}
    if hold_flagged:
        data["held_flagged"] = job.flagged or 0
    audit(job, f"{action}_requested", actor, data)
    if claimed and job.status in PUBLISHABLE_JOB_STATUSES:
        db.session.execute(job_update().where(Job.id == job.id).values(
            stage="publishing", updated_at=utcnow()))
    db.session.commit()
    # Announce "publishing" before any worker can announce the outcome.
    events.publish(job.shop_id, [("items.updated", {"job_id": job.id, "items": [
        item_change(i, "succeeded", "publishing") for i in claimed[:500]]})])
    enqueue_writes(job.id, sorted(claimed), action, force, actor)
    return {"queued": len(claimed)}


def enqueue_writes(job_id: str, item_ids: list[int], action: str, force: bool,
                   actor: str) -> None:
    """Small selections in chunks of normal mutations; large ones as one bulk operation."""
    if len(item_ids) > bulk_threshold():
        _enqueue(job_id, item_ids, action, force, actor, True, 6 * 3600)
        return
    for start in range(0, len(item_ids), TASK_CHUNK):
        _enqueue(job_id, item_ids[start:start + TASK_CHUNK], action, force, actor, False, 1800)


def _enqueue(job_id: str, item_ids: list[int], action: str, force: bool, actor: str,
             use_bulk: bool, timeout: int) -> None:
    rq_id = keys.publish_rq_id(job_id)
    publish_tasks.register(job_id, rq_id, item_ids)  # before a worker can finish it
    queues.get("high").enqueue(tasks.publish_items, kwargs={
        "job_id": job_id, "item_ids": item_ids, "action": action, "force": force,
        "actor": actor, "use_bulk": use_bulk}, job_id=rq_id, job_timeout=timeout)


def reap_stuck(older_than: timedelta | None = None) -> int:
    """Queue again the items left `publishing` with no queued or running task on them.

    A running task renews a lease, so "no live task" is known once a lease has
    passed; re-running is safe because the publishers compare before writing.
    """
    age = timedelta(seconds=publish_tasks.lease_seconds()) if older_than is None else older_than
    rows = db.session.execute(select(JobItem.job_id, JobItem.publish_action, JobItem.id).where(
        JobItem.publish_status == "publishing", JobItem.updated_at < utcnow() - age)
        .limit(50_000)).all()
    covered: dict[str, set[int]] = {}
    groups: dict[tuple[str, str], list[int]] = {}
    for job_id, action, item_id in rows:
        if job_id not in covered:
            covered[job_id] = publish_tasks.covered_items(job_id)
        if item_id not in covered[job_id]:
            groups.setdefault((job_id, action or PUBLISH), []).append(item_id)
    ids = [item_id for item_ids in groups.values() for item_id in item_ids]
    if ids:  # restart the clock so the next reaper pass does not queue them again
        db.session.execute(item_update().where(JobItem.id.in_(ids)).values(updated_at=utcnow()))
        db.session.commit()
    for (job_id, action), item_ids in groups.items():
        enqueue_writes(job_id, sorted(item_ids), action, False, "reaper")
    return len(ids)


def run(job_id: str, item_ids: list[int], action: str, force: bool, actor: str,
        use_bulk: bool) -> dict[str, int]:
    """The worker side: the kind's publisher writes, the engine records. Safe to run twice."""
    rq_job = get_current_job()
    rq_id = rq_job.id if rq_job is not None else None
    try:
        with publish_tasks.lease(rq_id) as held:
            if not held:  # the same task is running elsewhere
                return {}
            return _run(job_id, item_ids, action, force, actor, use_bulk)
    finally:
        if rq_id is not None:
            publish_tasks.forget(job_id, rq_id)


def _run(job_id: str, item_ids: list[int], action: str, force: bool, actor: str,
         use_bulk: bool) -> dict[str, int]:
    from shopify_app.shopify_access import client_for

    job = db.session.get(Job, job_id)
    if job is None or job.status == "paused":
        return {}  # a paused job's items stay `publishing`; resuming queues them again
    items = list(db.session.scalars(select(JobItem).where(
        JobItem.id.in_(item_ids), JobItem.job_id == job_id,
        JobItem.publish_status == "publishing", JobItem.publish_action == action)))
    kind = publishable_kind(job)
    if not items:
        return settle(job_id)
    if kind is None:  # the code of this kind is gone: say so rather than hang
        _fail_all(job, items, "This kind of job can no longer be published", action, actor)
        return settle(job_id)
    shop = db.session.get(Shop, job.shop_id)
    context = PublishContext(job=JobView.of(job), force=force, use_bulk=use_bulk,
                             client_factory=lambda: client_for(shop.domain),
                             remember=_remember)
    write = kind.publisher.publish if action == PUBLISH else kind.publisher.revert
    not_done = "Not published" if action == PUBLISH else "Not reverted"
    retry = "Use Retry publish" if action == PUBLISH else "Revert again"
    try:
        outcomes = publish_tasks.with_retries(lambda: write(items, context))
    except publish_tasks.GaveUp as exc:
        _fail_all(job, items, f"{not_done}: {exc.reason}. {retry} once the store answers.",
                  action, actor)
        return settle(job_id)
    except ShopifyError as exc:  # refused for good: access, authentication, a bad answer
        _fail_all(job, items, f"{not_done}: {exc.message}", action, actor)
        return settle(job_id)
    except Exception:
        log.exception("publish task of job %s failed", job_id)
        db.session.rollback()
        items = list(db.session.scalars(select(JobItem).where(
            JobItem.id.in_(item_ids), JobItem.publish_status == "publishing")))
        _fail_all(job, items, f"{not_done}: Shelf hit an unexpected error (it is logged). "
                  f"{retry}.", action, actor)
        return settle(job_id)
    _record(job, items, outcomes, action, force, actor)
    return settle(job_id)


def _remember(item: JobItem, value: str) -> None:
    """Store what a publisher is about to write, before writing it (a retry reuses it)."""
    item.published_value = value
    db.session.commit()


def _record(job: Job, items: list[JobItem], outcomes: dict[int, Outcome], action: str,
            force: bool, actor: str) -> None:
    now = utcnow()
    changes = []
    for item in items:
        outcome = outcomes.get(item.id) or Outcome("failed", "The write was not attempted")
        if outcome.verdict == DONE:
            _record_done(job, item, outcome, action, force, actor, now)
        else:
            item.publish_status = outcome.verdict
            item.error = (outcome.message or "")[:2000] or None
            if outcome.verdict == CONFLICT:
                audit(job, f"{action}_conflict", actor, {"current": outcome.value},
                      item_id=item.id)
        item.updated_at = now
        changes.append(item_change(item.id, item.status, item.publish_status, item.error))
    db.session.commit()
    for item in items:
        metrics.publish(action, item.publish_status)
    events.publish(job.shop_id, [("items.updated", {"job_id": job.id, "items": changes})])


def _record_done(job: Job, item: JobItem, outcome: Outcome, action: str, force: bool,
                 actor: str, now: Any) -> None:
    target = item.target_id or item.product_id
    if action == REVERT:
        item.publish_status = "reverted"
        audit(job, ("force_" if force else "") + action, actor,
              {"old": item.published_value, "new": item.original, "target": target},
              item_id=item.id)
    else:
        data: dict[str, Any] = {"old": item.original, "new": outcome.value, "target": target}
        if outcome.replaced is not None:
            # A forced publish overwrote the merchant's own value: that is what a revert
            # must put back, so it becomes the item's original (the audit keeps both).
            data.update(old=outcome.replaced, overwrote=outcome.replaced,
                        original_before=item.original)
            item.original = outcome.replaced
        item.publish_status, item.published_value, item.published_at = \
            "published", outcome.value, now
        audit(job, ("force_" if force else "") + action, actor, data, item_id=item.id)
    item.error = None


def _fail_all(job: Job, items: list[JobItem], message: str, action: str, actor: str) -> None:
    _record(job, items, {item.id: Outcome(FAILED, message) for item in items}, action, False,
            actor)


def settle(job_id: str) -> dict[str, int]:
    """Recount publish states and move the job on when nothing is left to decide."""
    counts = dict(db.session.execute(select(JobItem.publish_status, func.count()).where(
        JobItem.job_id == job_id, JobItem.status == "succeeded")
        .group_by(JobItem.publish_status)).all())
    job = db.session.get(Job, job_id, populate_existing=True)
    pending = sum(counts.get(s, 0) for s in UNDECIDED_STATUSES)
    values: dict[str, Any] = {"published": counts.get("published", 0),
                              "pending_review": pending, "updated_at": utcnow()}
    if not counts.get("publishing") and job.stage == "publishing":
        values["stage"] = None
        if job.status in PUBLISHABLE_JOB_STATUSES:
            if pending:
                values["status"], values["completed_at"] = "review", None
            else:
                values["status"] = "completed_with_errors" if job.failed else "completed"
                values["completed_at"] = utcnow()
    db.session.execute(job_update().where(Job.id == job_id).values(**values))
    db.session.commit()
    job = db.session.get(Job, job_id, populate_existing=True)
    events.publish(job.shop_id, [("job.updated", job_summary(job))])
    return {k: int(v) for k, v in counts.items()}


def edit_item(item: JobItem, job: Job, proposed: Any, actor: str) -> JobItem:
    """Replace a proposed value before publishing, validated the way the kind says."""
    kind = publishable_kind(job)
    if kind is None:
        raise StateConflict("This job's results are final and cannot be edited")
    if item.status != "succeeded" or item.publish_status in LOCKED_STATUSES:
        raise StateConflict("Only unpublished results can be edited; revert it first")
    value = kind.publisher.validate_edit(JobView.of(job), item, proposed)
    audit(job, "edit", actor, {"old": item.proposed, "new": value}, item_id=item.id)
    item.proposed, item.updated_at = value, utcnow()
    checks = kind.checks_for(job, item.input, value) if isinstance(value, str) else None
    if checks is not None:  # the merchant's own words are checked like the model's
        from shopify_app.jobs.proposals import recount_flags

        item.checks_json, item.flagged = dumps(checks), bool(checks)
        db.session.flush()
        recount_flags(job.id)
        kind.rescore(job, [item.id])
    db.session.commit()
    events.publish(job.shop_id, [("items.updated", {"job_id": job.id, "items": [
        item_change(item.id, item.status, item.publish_status)]})])
    return item
