"""Schedules of a shop: create, read, change, pause and delete, with their recent runs."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from shopify_app.extensions import db
from shopify_app.jobs.errors import InvalidInput, NotFound
from shopify_app.jobs.ids import new_id
from shopify_app.jobs.kinds import get_kind, kind_names
from shopify_app.jobs.kinds.scope_check import empty_scope_allowed
from shopify_app.jobs.serialize import iso
from shopify_app.models import Schedule, ScheduleRun, Shop, StaffMember
from shopify_app.models.job import MODES, STRATEGIES, dumps
from shopify_app.models.types import utcnow
from shopify_app.schedules import periods, validate

MAX_PER_SHOP = 50
RECENT_RUNS = 10


def frequency_of(schedule: Schedule) -> periods.Frequency:
    return periods.Frequency(kind=schedule.frequency, hour=schedule.hour,
                             minute=schedule.minute, weekday=schedule.weekday,
                             timezone=schedule.timezone)


def _check_template(shop: Shop, staff: StaffMember | None, template: dict[str, Any]) -> None:
    """The template must make a valid job today (the kind's own validation)."""
    kind = template.get("kind")
    if kind not in kind_names():
        raise InvalidInput([("template.kind", f"kind must be one of: {', '.join(kind_names())}")])
    if template.get("mode", "production") not in MODES:
        raise InvalidInput([("template.mode", "mode must be production or test")])
    if template.get("strategy", "review") not in STRATEGIES:
        raise InvalidInput([("template.strategy", "strategy must be review or auto_publish")])
    try:
        with empty_scope_allowed():
            get_kind(kind).validate(template, shop, staff)
    except InvalidInput as exc:
        raise InvalidInput([(f"template.{field}", problem)
                            for field, problem in exc.problems]) from exc


def list_schedules(shop: Shop) -> list[Schedule]:
    return list(db.session.scalars(select(Schedule).where(Schedule.shop_id == shop.id)
                                   .order_by(Schedule.created_at, Schedule.id)))


def get_schedule(shop: Shop, schedule_id: str) -> Schedule:
    schedule = db.session.get(Schedule, schedule_id) \
        if isinstance(schedule_id, str) and len(schedule_id) <= 26 else None
    if schedule is None or schedule.shop_id != shop.id:
        raise NotFound(f"Schedule {schedule_id} was not found")
    return schedule


def create(shop: Shop, staff: StaffMember | None, body: dict[str, Any]) -> Schedule:
    values = validate.parse(body)
    _check_template(shop, staff, values["template"])
    if len(list_schedules(shop)) >= MAX_PER_SHOP:
        raise InvalidInput([("name", f"a store can have at most {MAX_PER_SHOP} schedules")])
    schedule = Schedule(id=new_id(), shop_id=shop.id,
                        created_by=staff.shopify_user_id if staff else None)
    _apply(schedule, values)
    db.session.add(schedule)
    db.session.commit()
    return schedule


def update(shop: Shop, staff: StaffMember | None, schedule: Schedule,
           body: dict[str, Any]) -> Schedule:
    values = validate.parse(body, current=_current(schedule))
    if "template" in body:
        _check_template(shop, staff, values["template"])
    _apply(schedule, values)
    db.session.commit()
    return schedule


def delete(schedule: Schedule) -> None:
    db.session.delete(schedule)
    db.session.commit()


def _apply(schedule: Schedule, values: dict[str, Any]) -> None:
    schedule.name, schedule.template_json = values["name"], dumps(values["template"])
    schedule.frequency, schedule.timezone = values["frequency"], values["timezone"]
    schedule.hour, schedule.minute, schedule.weekday = \
        values["hour"], values["minute"], values["weekday"]
    schedule.paused = values["paused"]
    # Changing when it runs (or resuming it) starts from now: no catch-up of missed periods.
    schedule.next_run_at = periods.following(frequency_of(schedule), utcnow())
    schedule.updated_at = utcnow()


def _current(schedule: Schedule) -> dict[str, Any]:
    data = schedule_json(schedule, runs=False)
    return {key: data[key] for key in validate.FIELDS if data.get(key) is not None}


def schedule_json(schedule: Schedule, *, runs: bool = True) -> dict[str, Any]:
    freq = frequency_of(schedule)
    data: dict[str, Any] = {
        "id": schedule.id, "name": schedule.name, "template": schedule.template,
        "frequency": schedule.frequency, "timezone": schedule.timezone,
        "paused": schedule.paused, "description": periods.describe(freq),
        "next_run_at": None if schedule.paused else iso(schedule.next_run_at),
        "last_run": {"at": iso(schedule.last_run_at), "outcome": schedule.last_outcome,
                     "job_id": schedule.last_job_id} if schedule.last_run_at else None,
        "created_by": schedule.created_by, "created_at": iso(schedule.created_at),
        "updated_at": iso(schedule.updated_at),
    }
    if schedule.frequency == "hourly":
        data["minute"] = schedule.minute
    else:
        data["time"] = f"{schedule.hour:02d}:{schedule.minute:02d}"
    if schedule.frequency == "weekly":
        data["weekday"] = periods.WEEKDAYS[schedule.weekday or 0]
    if runs:
        data["runs"] = [{"period": run.period, "outcome": run.outcome, "job_id": run.job_id,
                         "message": run.message, "at": iso(run.created_at)}
                        for run in db.session.scalars(
                            select(ScheduleRun).where(ScheduleRun.schedule_id == schedule.id)
                            .order_by(ScheduleRun.id.desc()).limit(RECENT_RUNS))]
    return data
