"""The tick: start the job of every due schedule, at most once per schedule and period.

Every worker ticks from its periodic maintenance, so several may find the same
schedule due at once, and a worker may die half-way. The period's row in
`schedule_runs` (unique on schedule and period) is committed in the same
transaction as the job it started, so exactly one tick wins each period and a
crash leaves either both or neither.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from shopify_app.extensions import db
from shopify_app.jobs import service as jobs
from shopify_app.jobs.errors import JobError
from shopify_app.jobs.kinds import get_kind, kind_names
from shopify_app.jobs.kinds.scope_check import empty_scope_allowed
from shopify_app.models import Schedule, ScheduleRun, Shop
from shopify_app.schedules import periods
from shopify_app.schedules.service import frequency_of

log = logging.getLogger(__name__)
MAX_PER_TICK = 200


def tick(now: datetime) -> int:
    """Run the schedules due at `now` (aware UTC). Returns how many jobs were created."""
    due = list(db.session.scalars(select(Schedule.id).where(
        Schedule.paused.is_(False), Schedule.next_run_at <= now)
        .order_by(Schedule.next_run_at).limit(MAX_PER_TICK)))
    created = 0
    for schedule_id in due:
        try:
            created += _run(schedule_id, now)
        except Exception:  # noqa: BLE001 — one broken schedule must not stop the others
            db.session.rollback()
            log.exception("schedule %s could not run", schedule_id)
    return created


def _run(schedule_id: str, now: datetime) -> int:
    schedule = db.session.get(Schedule, schedule_id, populate_existing=True)
    if schedule is None or schedule.paused or schedule.next_run_at is None \
            or schedule.next_run_at > now:
        return 0  # another worker moved it on meanwhile
    freq = frequency_of(schedule)
    period = periods.period_key(freq, now)
    if db.session.scalar(select(ScheduleRun.id).where(ScheduleRun.schedule_id == schedule_id,
                                                      ScheduleRun.period == period)):
        _advance(schedule_id, now)
        return 0
    shop = db.session.get(Shop, schedule.shop_id)
    template = schedule.template
    problem = _cannot_run(shop, template)
    if problem is not None:
        return _record(schedule_id, period, now, "failed", message=problem)
    try:
        if _scope_is_empty(shop, template):
            return _record(schedule_id, period, now, "skipped",
                           message="No product needed it this time")
    except Exception as exc:  # noqa: BLE001 — Shopify unreachable: try again next tick
        log.warning("schedule %s: could not count its scope: %s", schedule_id, exc)
        db.session.rollback()
        return 0
    try:
        job = jobs.create_job(shop, None, template, schedule_id=schedule_id,
                              on_create=lambda job: db.session.add(ScheduleRun(
                                  schedule_id=schedule_id, period=period, outcome="created",
                                  job_id=job.id)))
    except IntegrityError:
        db.session.rollback()  # another worker started this period's job
        _advance(schedule_id, now)
        return 0
    except JobError as exc:  # the template no longer makes a valid job
        db.session.rollback()
        return _record(schedule_id, period, now, "failed", message=exc.detail)
    _advance(schedule_id, now, outcome="created", job_id=job.id)
    return 1


def _cannot_run(shop: Shop | None, template: dict[str, Any]) -> str | None:
    if shop is None or shop.uninstalled_at is not None:
        return "The app is not installed in this store"
    if template.get("kind") not in kind_names():
        return f"The job kind {template.get('kind')} is no longer available"
    return None


def _scope_is_empty(shop: Shop, template: dict[str, Any]) -> bool:
    """Whether the job would have nothing to do: its scope covers no product."""
    from shopify_app.shopify import count_scope, iter_scope
    from shopify_app.shopify_access import client_for

    with empty_scope_allowed():
        spec = get_kind(template["kind"]).validate(template, shop, None)
    scope = spec.scope
    if not isinstance(scope, dict) or not scope.get("type"):
        return False
    client = client_for(shop.domain)
    counted = count_scope(client, scope, limit=1)
    if counted.count == 0:
        return True
    if counted.upper_bound:  # a local filter ("missing alt text") still applies
        return next(iter(iter_scope(client, scope, use_bulk=False)), None) is None
    return False


def _record(schedule_id: str, period: str, now: datetime, outcome: str, *,
            message: str | None = None) -> int:
    db.session.add(ScheduleRun(schedule_id=schedule_id, period=period, outcome=outcome,
                               message=message))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        _advance(schedule_id, now)
        return 0
    _advance(schedule_id, now, outcome=outcome)
    return 0


def _advance(schedule_id: str, now: datetime, *, outcome: str | None = None,
             job_id: str | None = None) -> None:
    schedule = db.session.get(Schedule, schedule_id, populate_existing=True)
    if schedule is None:
        return
    schedule.next_run_at = periods.following(frequency_of(schedule), now)
    if outcome is not None:
        schedule.last_run_at, schedule.last_outcome = now, outcome
        schedule.last_job_id = job_id
    db.session.commit()
