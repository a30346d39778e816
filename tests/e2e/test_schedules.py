"""Scheduled sweeps with a fake clock: many workers ticking start one job per period."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from shopify_app import schedules
from shopify_app.extensions import db
from shopify_app.models import Job, Schedule, ScheduleRun

pytestmark = pytest.mark.e2e


def _create(api, **overrides):  # type: ignore[no-untyped-def]
    body = {"name": "Nightly descriptions", "frequency": "hourly", "minute": 0,
            "timezone": "Europe/Berlin",
            "template": {"kind": "generate", "field": "description",
                         "scope": {"type": "all"}, "strategy": "review"}, **overrides}
    response = api.post("/api/schedules", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["data"]


def _tick_from_workers(app, now, workers=4, ticks=3):  # type: ignore[no-untyped-def]
    """`workers` threads, each with its own app context and session, ticking together."""
    barrier, created, errors = threading.Barrier(workers), [], []

    def worker() -> None:
        try:
            with app.app_context():
                barrier.wait()
                for _ in range(ticks):
                    created.append(schedules.tick(now))
                db.session.remove()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return sum(created)


def _jobs(schedule_id):  # type: ignore[no-untyped-def]
    db.session.expire_all()
    return list(db.session.scalars(select(Job).where(Job.schedule_id == schedule_id)
                                   .order_by(Job.created_at)))


def test_one_job_per_period_with_many_workers(shop_api, e2e_app):
    schedule = _create(shop_api)
    with e2e_app.app_context():
        first = db.session.get(Schedule, schedule["id"]).next_run_at
    assert _tick_from_workers(e2e_app, first - timedelta(minutes=1)) == 0  # not due yet

    inside = first + timedelta(minutes=5)
    assert _tick_from_workers(e2e_app, inside) == 1
    assert _tick_from_workers(e2e_app, inside + timedelta(minutes=40)) == 0  # same period
    with e2e_app.app_context():
        jobs = _jobs(schedule["id"])
        assert len(jobs) == 1 and jobs[0].created_by is None
        assert jobs[0].kind == "generate" and jobs[0].field == "description"

    # A restart changes nothing: the period's run is in the database.
    assert _tick_from_workers(e2e_app, inside + timedelta(minutes=50), workers=2) == 0
    assert _tick_from_workers(e2e_app, first + timedelta(hours=1, minutes=1)) == 1
    with e2e_app.app_context():
        jobs = _jobs(schedule["id"])
        assert len(jobs) == 2
        runs = db.session.scalar(select(func.count()).select_from(ScheduleRun).where(
            ScheduleRun.schedule_id == schedule["id"]))
        assert runs == 2

    shown = shop_api.get(f"/api/schedules/{schedule['id']}").get_json()["data"]
    assert shown["last_run"]["outcome"] == "created"
    assert shown["last_run"]["job_id"] == jobs[1].id
    assert [r["job_id"] for r in shown["runs"]] == [jobs[1].id, jobs[0].id]
    job = shop_api.get(f"/api/jobs/{jobs[0].id}").get_json()["data"]
    assert job["schedule_id"] == schedule["id"]
    page = shop_api.get(f"/jobs/{jobs[0].id}")
    if page.status_code == 200:
        assert "data-schedule" in page.get_data(as_text=True)


def test_empty_scope_creates_no_job(shop_api, e2e_app):
    schedule = _create(shop_api, name="Tagged", template={
        "kind": "generate", "field": "description",
        "scope": {"type": "tag", "value": "no-product-has-this-tag"}})
    with e2e_app.app_context():
        due = db.session.get(Schedule, schedule["id"]).next_run_at
    assert _tick_from_workers(e2e_app, due + timedelta(minutes=1)) == 0
    with e2e_app.app_context():
        assert _jobs(schedule["id"]) == []
    shown = shop_api.get(f"/api/schedules/{schedule['id']}").get_json()["data"]
    assert shown["last_run"]["outcome"] == "skipped"
    assert [r["outcome"] for r in shown["runs"]] == ["skipped"]


def test_paused_schedule_does_not_run_and_edits_move_the_next_run(shop_api, e2e_app):
    schedule = _create(shop_api, frequency="daily", time="06:30")
    assert schedule["description"] == "Every day at 06:30 (Europe/Berlin)"
    paused = shop_api.patch(f"/api/schedules/{schedule['id']}", json={"paused": True})
    assert paused.status_code == 200 and paused.get_json()["data"]["next_run_at"] is None
    with e2e_app.app_context():
        due = db.session.get(Schedule, schedule["id"]).next_run_at
    assert _tick_from_workers(e2e_app, due + timedelta(minutes=1), workers=1) == 0
    weekly = shop_api.patch(f"/api/schedules/{schedule['id']}", json={
        "paused": False, "frequency": "weekly", "weekday": "friday", "time": "07:00"}).get_json()
    assert weekly["data"]["description"] == "Every Friday at 07:00 (Europe/Berlin)"
    assert weekly["data"]["next_run_at"]
    assert shop_api.get("/api/schedules").get_json()["meta"]["results"]["total"] == 1
    assert shop_api.delete(f"/api/schedules/{schedule['id']}").status_code == 204
    assert shop_api.get(f"/api/schedules/{schedule['id']}").status_code == 404
