"""Publishing results to Shopify and reverting them, item by item, never twice.

Before each write the current value in Shopify is compared with the value the
item expects to replace (the original for a publish, what we published for a
revert). A different value means someone changed it meanwhile: the item goes
to `conflict` and is not overwritten unless the merchant forces it. A task
that runs again after a crash sees its own value already there and records it
without writing again.
"""
from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from shopify_app.errors import ApiError
from shopify_app.extensions import db
from shopify_app.jobs import events
from shopify_app.jobs.serialize import item_change, job_summary
from shopify_app.jobs.service import audit
from shopify_app.models import Job, JobItem, Shop
from shopify_app.models.job import item_update, job_update
from shopify_app.models.types import utcnow
from workers import tasks

log = logging.getLogger(__name__)
PUBLISHABLE = ("unpublished", "failed", "reverted")
TASK_CHUNK = 50
OPEN_STATUSES = ("unpublished", "publishing", "failed", "conflict")


def bulk_threshold() -> int:
    return int(current_app.config.get("SHELF_BULK_PUBLISH_THRESHOLD", 250))


def request_publish(job: Job, item_ids: list[int] | None, *, actor: str,
                    force: bool = False) -> dict[str, int]:
    return _request(job, item_ids, actor=actor, force=force, action="publish")


def request_revert(job: Job, item_ids: list[int] | None, *, actor: str,
                   force: bool = False) -> dict[str, int]:
    return _request(job, item_ids, actor=actor, force=force, action="revert")


def _request(job: Job, item_ids: list[int] | None, *, actor: str, force: bool,
             action: str) -> dict[str, int]:
    """Claim the eligible items (publish_status → publishing) and queue the writes."""
    if job.kind not in ("generate", "analyze_images"):
        raise ApiError(409, f"{job.kind} jobs have nothing to publish")
    eligible = (PUBLISHABLE + (("conflict",) if force else ())) if action == "publish" \
        else (("published",) + (("conflict",) if force else ()))
    conditions = [JobItem.job_id == job.id, JobItem.status == "succeeded",
                  JobItem.publish_status.in_(eligible)]
    if item_ids is not None:
        conditions.append(JobItem.id.in_(item_ids))
    claimed = list(db.session.scalars(item_update().where(*conditions).values(
        publish_status="publishing", publish_action=action, updated_at=utcnow())
        .returning(JobItem.id)))
    if item_ids is not None and len(item_ids) == 1 and not claimed:
        db.session.rollback()
        raise ApiError(409, f"This item cannot be {action}ed in its current state"
                       + ("" if force else " (use force to overwrite a conflict)"))
    audit(job, f"{action}_requested", actor, {"items": len(claimed), "force": force})
    if claimed and job.status in ("processing", "review", "completed", "completed_with_errors"):
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
    queue = current_app.extensions["queues"]["high"]
    if len(item_ids) > bulk_threshold():
        queue.enqueue(tasks.publish_items, kwargs={
            "job_id": job_id, "item_ids": item_ids, "action": action, "force": force,
            "actor": actor, "use_bulk": True}, job_timeout=6 * 3600)
        return
    for start in range(0, len(item_ids), TASK_CHUNK):
        queue.enqueue(tasks.publish_items, kwargs={
            "job_id": job_id, "item_ids": item_ids[start:start + TASK_CHUNK], "action": action,
            "force": force, "actor": actor, "use_bulk": False}, job_timeout=1800)


def reap_stuck(older_than: timedelta = timedelta(minutes=10)) -> int:
    """Queue again the writes of items left `publishing` by a lost task (safe: run re-reads)."""
    rows = db.session.execute(select(JobItem.job_id, JobItem.publish_action, JobItem.id).where(
        JobItem.publish_status == "publishing", JobItem.updated_at < utcnow() - older_than)
        .limit(50_000)).all()
    groups: dict[tuple[str, str], list[int]] = {}
    for job_id, action, item_id in rows:
        groups.setdefault((job_id, action or "publish"), []).append(item_id)
    ids = [item_id for _, _, item_id in rows]
    if ids:  # restart the clock so the next reaper pass does not queue them again
        db.session.execute(item_update().where(JobItem.id.in_(ids)).values(updated_at=utcnow()))
        db.session.commit()
    for (job_id, action), item_ids in groups.items():
        enqueue_writes(job_id, sorted(item_ids), action, False, "reaper")
    return len(ids)


def run(job_id: str, item_ids: list[int], action: str, force: bool, actor: str,
        use_bulk: bool) -> dict[str, int]:
    """The worker side: compare, write, record. Safe to run twice."""
    from shopify_app.jobs import fields
    from shopify_app.shopify_access import client_for

    job = db.session.get(Job, job_id)
    if job is None:
        return {}
    items = list(db.session.scalars(select(JobItem).where(
        JobItem.id.in_(item_ids), JobItem.job_id == job_id,
        JobItem.publish_status == "publishing", JobItem.publish_action == action)))
    if not items:
        return settle(job_id)
    shop = db.session.get(Shop, job.shop_id)
    client = client_for(shop.domain)
    if job.kind == "analyze_images":
        _run_analysis(job, items, client, action, force, actor)
        return settle(job_id)
    field = job.field
    targets = fields.targets(items, field)
    try:
        current = fields.read_current(client, field, targets)
    except Exception as exc:
        if getattr(exc, "retryable", False):
            raise  # RQ retries the task; the items stay claimed
        _fail_all(job, items, f"Could not read the current values from Shopify: {exc}")
        return settle(job_id)
    decisions: dict[int, tuple[str, str | None, Any]] = {}
    to_write: list[tuple[JobItem, Any]] = []
    for item in items:
        now = current.get(fields.target_of(item, field), fields.MISSING)
        desired = item.proposed if action == "publish" else item.original
        expected = item.original if action == "publish" else item.published_value
        if now is fields.MISSING:
            decisions[item.id] = ("failed", "This product or image no longer exists", now)
        elif _same(now, desired):
            decisions[item.id] = ("done", None, now)  # already there: a retried task
        elif not _same(now, expected) and not force:
            decisions[item.id] = ("conflict", "Changed in Shopify since Shelf read it; "
                                              "review and force to overwrite", now)
        else:
            to_write.append((item, now))
    changes = [fields.Change(fields.target_of(item, field),
                             item.proposed if action == "publish" else item.original or "",
                             now) for item, now in to_write]
    outcomes = fields.write(client, field, changes, use_bulk=use_bulk)
    for item, now in to_write:
        outcome = outcomes.get(fields.target_of(item, field))
        if outcome is not None and outcome.ok:
            desired = item.proposed if action == "publish" else item.original
            decisions[item.id] = ("done", None, fields.written_value(field, outcome, desired or ""))
        elif outcome is not None and outcome.reason == "conflict":
            decisions[item.id] = ("conflict", outcome.error_message, now)
        else:
            decisions[item.id] = ("failed", outcome.error_message if outcome else
                                  "Shopify did not answer for this item", now)
    _record(job, items, decisions, action, force, actor)
    return settle(job_id)


def _run_analysis(job: Job, items: list[JobItem], client: Any, action: str, force: bool,
                  actor: str) -> None:
    """Tags and metafields are per product and additive: no read-compare like text."""
    import json

    from shopify_app.jobs import analysis_writes

    decisions: dict[int, tuple[str, str | None, Any]] = {}
    for item in items:
        stored = json.loads(item.published_value) if item.published_value else None
        if action == "publish":
            def remember(intent: dict[str, Any], item: JobItem = item) -> None:
                item.published_value = analysis_writes.dumps(intent)
                db.session.commit()

            verdict, message, written = analysis_writes.publish(
                client, item.product_id, json.loads(item.proposed or "{}"),
                job.options.get("target", "tags"), stored, remember)
            value = analysis_writes.dumps(written) if written is not None else None
        else:
            verdict, message = analysis_writes.revert(client, item.product_id, stored or {},
                                                      force=force)
            value = item.published_value
        decisions[item.id] = (verdict, message, value)
    _record(job, items, decisions, action, force, actor)


def _same(a: Any, b: Any) -> bool:
    from shopify_app.shopify.outcomes import same_value

    return same_value(a, b)


def _record(job: Job, items: list[JobItem], decisions: dict[int, tuple[str, str | None, Any]],
            action: str, force: bool, actor: str) -> None:
    now = utcnow()
    changes = []
    for item in items:
        verdict, message, value = decisions[item.id]
        old = item.original if action == "publish" else item.published_value
        if verdict == "done":
            item.publish_status = "published" if action == "publish" else "reverted"
            item.published_value = value if action == "publish" else item.published_value
            item.published_at = now if action == "publish" else item.published_at
            item.error = None
            audit(job, ("force_" if force else "") + action, actor,
                  {"old": old, "new": value, "target": item.target_id or item.product_id},
                  item_id=item.id)
        else:
            item.publish_status = verdict
            item.error = message
            if verdict == "conflict":
                audit(job, f"{action}_conflict", actor, {"current": value}, item_id=item.id)
        item.updated_at = now
        changes.append(item_change(item.id, item.status, item.publish_status, item.error))
    db.session.commit()
    events.publish(job.shop_id, [("items.updated", {"job_id": job.id, "items": changes})])


def _fail_all(job: Job, items: list[JobItem], message: str) -> None:
    for item in items:
        item.publish_status, item.error = "failed", message[:2000]
    db.session.commit()


def settle(job_id: str) -> dict[str, int]:
    """Recount publish states and move the job on when nothing is left to decide."""
    counts = dict(db.session.execute(select(JobItem.publish_status, func.count()).where(
        JobItem.job_id == job_id, JobItem.status == "succeeded")
        .group_by(JobItem.publish_status)).all())
    job = db.session.get(Job, job_id, populate_existing=True)
    pending = sum(counts.get(s, 0) for s in OPEN_STATUSES)
    values: dict[str, Any] = {"published": counts.get("published", 0),
                              "pending_review": pending, "updated_at": utcnow()}
    if not counts.get("publishing") and job.stage == "publishing":
        values["stage"] = None
        if job.status in ("processing", "review", "completed", "completed_with_errors"):
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
    """Replace a proposed value before publishing, validated like generated text."""
    from shopify_app.ai import GenerationSettings, InvalidOutputError, validate_output
    from shopify_app.errors import ValidationError

    if not isinstance(proposed, str):
        raise ValidationError([("proposed", "proposed must be text")])
    if item.status != "succeeded" or item.publish_status in ("publishing", "published"):
        raise ApiError(409, "Only unpublished results can be edited; revert it first")
    settings = GenerationSettings.from_mapping(job.params.get("settings"), job.options)
    try:
        value = validate_output(job.field, proposed, settings, from_model=False)
    except InvalidOutputError as exc:
        raise ValidationError([("proposed", str(exc))]) from exc
    audit(job, "edit", actor, {"old": item.proposed, "new": value}, item_id=item.id)
    item.proposed, item.updated_at = value, utcnow()
    db.session.commit()
    events.publish(job.shop_id, [("items.updated", {"job_id": job.id, "items": [
        item_change(item.id, item.status, item.publish_status)]})])
    return item
