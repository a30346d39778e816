"""Retention: old finished jobs lose their items, never undecided or revertible ones."""
from __future__ import annotations

from datetime import timedelta

from rq.registry import ScheduledJobRegistry
from sqlalchemy import func, select, update

from shopify_app import retention
from shopify_app.extensions import db
from shopify_app.models import Job, JobEvent, JobItem
from shopify_app.models.types import utcnow
from tests.integration.jobs.test_lifecycle import create

OLD = utcnow() - timedelta(days=120)


def _finished_job(api, run_worker, count: int = 3, age=OLD, **changes) -> str:  # type: ignore[no-untyped-def]
    job = create(api, count=count)
    run_worker()
    db.session.execute(update(Job).where(Job.id == job["id"])
                       .values(completed_at=age, updated_at=age, **changes))
    db.session.commit()
    return job["id"]


def _items(job_id: str) -> int:
    return db.session.scalar(select(func.count()).select_from(JobItem)
                             .where(JobItem.job_id == job_id))


def test_old_finished_jobs_lose_their_items_and_keep_their_record(api, run_worker):
    old = _finished_job(api, run_worker, count=7)
    recent = _finished_job(api, run_worker, age=utcnow() - timedelta(days=2))
    assert retention.purge(timedelta(days=90)) == {"jobs": 1, "items": 7}
    assert _items(old) == 0 and _items(recent) == 3
    body = api.get(f"/api/jobs/{old}").get_json()["data"]
    assert body["counts"]["succeeded"] == 7  # the job's figures stay
    event = db.session.scalars(select(JobEvent).where(JobEvent.job_id == old,
                                                      JobEvent.action == "items_purged")).one()
    assert event.data == {"items": 7, "older_than_days": 90} and event.actor == "retention"
    assert retention.purge(timedelta(days=90)) == {"jobs": 0, "items": 0}  # twice is harmless


def test_undecided_or_revertible_results_of_a_publishing_kind_stay(api, run_worker):
    unpublished = _finished_job(api, run_worker, kind="shout")
    published = _finished_job(api, run_worker, kind="shout")
    reverted = _finished_job(api, run_worker, kind="shout")
    in_review = _finished_job(api, run_worker, status="review")
    db.session.execute(update(JobItem).where(JobItem.job_id == published)
                       .values(publish_status="published"))
    db.session.execute(update(JobItem).where(JobItem.job_id == reverted)
                       .values(publish_status="reverted"))
    db.session.commit()
    assert retention.purge(timedelta(days=90)) == {"jobs": 1, "items": 3}
    assert _items(reverted) == 0
    assert _items(unpublished) == _items(published) == _items(in_review) == 3


def test_the_cli_purges_and_the_daily_run_is_booked_once(app, api, run_worker):
    old = _finished_job(api, run_worker)
    result = app.test_cli_runner().invoke(args=["jobs", "purge-items", "--older-than-days", "30"])
    assert result.exit_code == 0, result.output
    assert "purged 3 items of 1 jobs" in result.output and _items(old) == 0
    refused = app.test_cli_runner().invoke(args=["jobs", "purge-items", "--older-than-days", "0"])
    assert refused.exit_code != 0

    registry = ScheduledJobRegistry(queue=app.extensions["queues"]["low"])
    booked = [task for task in registry.get_job_ids() if task.startswith(retention.TASK_PREFIX)]
    assert booked == []  # SHELF_RETENTION_DAYS unset: nothing is booked
    app.config["SHELF_RETENTION_DAYS"] = 30
    _finished_job(api, run_worker)  # finishing a job books the nightly run
    retention.ensure_scheduled()
    booked = [task for task in registry.get_job_ids() if task.startswith(retention.TASK_PREFIX)]
    assert len(booked) == 1
    run_at = registry.get_scheduled_time(booked[0])
    assert run_at.hour == retention.RUN_HOUR_UTC
