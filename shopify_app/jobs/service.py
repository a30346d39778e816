"""The rules of a job's life: create, cancel, retry, archive, delete. Views call these."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, func, select

from shopify_app.extensions import db
from shopify_app.jobs import coordination, dispatch, events, search
from shopify_app.jobs.errors import InvalidInput, NotFound, StateConflict
from shopify_app.jobs.ids import is_job_id, new_id
from shopify_app.jobs.kinds import get_kind, kind_names
from shopify_app.jobs.serialize import job_summary
from shopify_app.logs import current_request_id
from shopify_app.models import Job, JobEvent, JobItem, Shop, StaffMember
from shopify_app.models.job import (
    ACTIVE_STATUSES,
    FINISHED_STATUSES,
    MODES,
    OPEN_ITEM_STATUSES,
    RETRYABLE_STATUSES,
    STRATEGIES,
    dumps,
    item_update,
    job_update,
)
from shopify_app.models.types import utcnow
from shopify_app.settings import strategy_for

log = logging.getLogger(__name__)


def audit(job: Job, action: str, actor: str | None, data: dict[str, Any] | None = None,
          item_id: int | None = None) -> None:
    db.session.add(JobEvent(shop_id=job.shop_id, job_id=job.id, item_id=item_id, action=action,
                            actor=actor or "system", data_json=dumps(data),
                            request_id=current_request_id()))


def get_job(shop: Shop, job_id: str) -> Job:
    """The shop's job, or NotFound — another shop's id looks exactly like a missing one."""
    job = db.session.get(Job, job_id) if is_job_id(job_id) else None
    if job is None or job.shop_id != shop.id:
        raise NotFound(f"Job {job_id} was not found")
    return job


def create_job(shop: Shop, staff: StaffMember | None, body: dict[str, Any], *,
               created_by: str | None = None, schedule_id: str | None = None,
               on_create: Callable[[Job], None] | None = None) -> Job:
    """Validate, store (committed before enqueue, so a worker always finds it), enqueue.

    `on_create` adds rows that must be committed with the job or not at all (a
    schedule's run for its period)."""
    kind_name = body.get("kind")
    if not isinstance(kind_name, str) or kind_name not in kind_names():
        raise InvalidInput([("kind", f"kind must be one of: {', '.join(kind_names())}")])
    mode = body.get("mode", "production")
    problems = []
    if mode not in MODES:
        problems.append(("mode", "mode must be production or test"))
    strategy = body.get("strategy")
    if strategy is not None and strategy not in STRATEGIES:
        problems.append(("strategy", "strategy must be review or auto_publish"))
    if problems:
        raise InvalidInput(problems)
    spec = get_kind(kind_name).validate(body, shop, staff)
    job = Job(
        id=new_id(), shop_id=shop.id, kind=kind_name, field=spec.field,
        title=(spec.title or kind_name)[:255], status="pending", mode=mode,
        strategy=strategy or strategy_for(shop), scope_json=dumps(spec.scope),
        options_json=dumps(spec.options), params_json=dumps(spec.params),
        customer_name=spec.customer_name, customer_email=spec.customer_email,
        reference=spec.reference, definition_id=spec.definition_id,
        provider=spec.provider, model=spec.model,
        search_text=search.search_document((spec.title, spec.customer_name,
                                            spec.customer_email, spec.reference)),
        created_by=created_by or (staff.shopify_user_id if staff else None),
        request_id=current_request_id(), schedule_id=schedule_id,
    )
    db.session.add(job)
    audit(job, "created", job.created_by, {"kind": kind_name, "title": job.title,
                                           **({"schedule_id": schedule_id}
                                              if schedule_id else {})})
    if on_create is not None:
        on_create(job)
    db.session.commit()
    dispatch.enqueue_fan_out(job)
    events.publish(shop.id, [("job.created", job_summary(job))])
    return job


def cancel_job(job: Job, actor: str | None) -> Job:
    """Stop at the next item: pending items become skipped, in-flight results are dropped."""
    paused_run = job.status == "paused" and job.paused_from in ACTIVE_STATUSES
    if job.status not in ACTIVE_STATUSES and not paused_run:
        raise StateConflict(f"Only pending, processing or paused jobs can be cancelled; "
                            f"this one is {job.status}")
    moved = db.session.execute(job_update().where(
        Job.id == job.id, Job.status.in_((*ACTIVE_STATUSES, "paused"))).values(
        status="cancelled", stage=None, paused_by=None, paused_at=None, paused_from=None,
        completed_at=utcnow(), updated_at=utcnow())).rowcount
    if not moved:
        db.session.rollback()
        raise StateConflict("The job finished before it could be cancelled")
    coordination.flag_cancelled(job.id)
    skipped = db.session.execute(item_update().where(
        JobItem.job_id == job.id, JobItem.status.in_(OPEN_ITEM_STATUSES))
        .values(status="skipped", updated_at=utcnow())).rowcount
    db.session.execute(job_update().where(Job.id == job.id).values(
        skipped=Job.skipped + skipped))
    audit(job, "cancelled", actor, {"skipped": skipped})
    db.session.commit()
    db.session.refresh(job)
    events.publish(job.shop_id, [("job.updated", job_summary(job))])
    return job


def retry_changes(job: Job) -> tuple[dict[str, Any] | None, list[str]]:
    """The params a retry "with current settings" would use, and what that changes."""
    if job.kind not in kind_names():
        return None, []
    kind = get_kind(job.kind)
    current = kind.current_params(job, db.session.get(Shop, job.shop_id))
    if current is None or current == job.params:
        return None, []
    return current, kind.describe_changes(job.params, current)


def retry_job(job: Job, actor: str | None, *, current_settings: bool = True) -> Job:
    """Run the failed items again (and only them), by default with the shop's settings as
    they are now, so fixing a template or a tone is what a retry tries."""
    if job.status not in RETRYABLE_STATUSES or not job.failed:
        raise StateConflict("Retry is offered only for jobs with failed items "
                            "(failed or completed with errors)")
    changes: list[str] = []
    if current_settings:
        params, changes = retry_changes(job)
        if params is not None:
            job.params_json = dumps(params)
    reset = db.session.execute(item_update().where(
        JobItem.job_id == job.id, JobItem.status == "failed")
        .values(status="pending", error=None, updated_at=utcnow())).rowcount
    db.session.execute(job_update().where(Job.id == job.id).values(
        status="processing", stage=get_kind(job.kind).stage, error=None, completed_at=None,
        failed=Job.failed - reset, dispatch_cursor=-1, run_number=Job.run_number + 1,
        updated_at=utcnow()))
    coordination.clear_cancelled(job.id)
    audit(job, "retried", actor, {"items": reset, "current_settings": current_settings,
                                  "changes": changes})
    db.session.commit()
    db.session.refresh(job)
    dispatch.dispatch(job.id, slots=dispatch.window())
    events.publish(job.shop_id, [("job.updated", job_summary(job))])
    return job


def set_archived(job: Job, archived: bool, actor: str | None) -> Job:
    if archived and not (job.finished or job.status == "review"):
        raise StateConflict("Only finished jobs can be archived")
    job.archived = archived
    audit(job, "archived" if archived else "unarchived", actor)
    db.session.commit()
    events.publish(job.shop_id, [("job.updated", job_summary(job))])
    return job


def delete_job(job: Job, actor: str | None) -> None:
    """Finished jobs only: removes items, stored files and the job itself."""
    if job.status not in FINISHED_STATUSES:
        raise StateConflict(f"A {job.status} job cannot be deleted; cancel it first"
                            if job.status in ACTIVE_STATUSES
                            else f"A job in {job.status} cannot be deleted; finish or cancel it")
    if job.kind in kind_names():
        get_kind(job.kind).delete_files(job)
    shop_id, job_id, batches = job.shop_id, job.id, job.batch_count
    delete_items(job_id)
    db.session.execute(delete(JobEvent).where(JobEvent.job_id == job_id))
    db.session.execute(delete(Job).where(Job.id == job_id))
    db.session.commit()
    coordination.forget_job(job_id, batches)
    log.info("job %s deleted by %s", job_id, actor)
    events.publish(shop_id, [("job.deleted", {"id": job_id})])


def delete_items(job_id: str, chunk: int = 5_000) -> int:
    """Delete a job's items in chunks so a 50,000-item job does not lock the table long."""
    total = 0
    while True:
        ids = list(db.session.scalars(select(JobItem.id).where(JobItem.job_id == job_id)
                                      .limit(chunk)))
        if not ids:
            return total
        total += db.session.execute(delete(JobItem).where(JobItem.id.in_(ids))).rowcount or 0
        db.session.commit()


def cancel_shop_jobs(shop: Shop, actor: str = "system") -> int:
    """Cancel every pending or processing job of the shop (it uninstalled)."""
    running = list(db.session.scalars(select(Job).where(
        Job.shop_id == shop.id, Job.status.in_(ACTIVE_STATUSES))))
    cancelled = 0
    for job in running:
        try:
            cancel_job(job, actor)
            cancelled += 1
        except StateConflict:
            pass  # it finished meanwhile
    return cancelled


def delete_shop_jobs(shop: Shop) -> int:
    """Every job of the shop with its items, events and files (shop/redact)."""
    jobs = list(db.session.scalars(select(Job).where(Job.shop_id == shop.id)))
    for job in jobs:
        coordination.flag_cancelled(job.id)
        if job.kind in kind_names():
            get_kind(job.kind).delete_files(job)
        delete_items(job.id)
        db.session.execute(delete(JobEvent).where(JobEvent.job_id == job.id))
        db.session.execute(delete(Job).where(Job.id == job.id))
        db.session.commit()
        coordination.forget_job(job.id, job.batch_count)
    db.session.execute(delete(JobEvent).where(JobEvent.shop_id == shop.id))
    db.session.commit()
    return len(jobs)


def count_jobs(shop: Shop) -> int:
    return db.session.scalar(select(func.count()).select_from(Job)
                             .where(Job.shop_id == shop.id)) or 0
