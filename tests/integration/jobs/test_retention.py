"""Retention: each shop chooses how long finished jobs keep their items; the job stays,
and undecided or revertible results stay unless the merchant included them."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from rq.registry import ScheduledJobRegistry
from sqlalchemy import func, select, update

from shopify_app import retention
from shopify_app.extensions import db
from shopify_app.models import Job, JobEvent, JobItem
from shopify_app.models.types import utcnow
from tests.integration.conftest import SHOP
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
    _finished_job(api, run_worker)  # finishing a job books the nightly run
    retention.ensure_scheduled()  # once: the day's task id is fixed
    booked = [task for task in registry.get_job_ids() if task.startswith(retention.TASK_PREFIX)]
    assert len(booked) == 1
    run_at = registry.get_scheduled_time(booked[0])
    assert run_at.hour == retention.RUN_HOUR_UTC


def _choose(api, **settings) -> None:  # type: ignore[no-untyped-def]
    response = api.put("/api/settings", json=settings)
    assert response.status_code == 200, response.get_json()


def test_nothing_is_purged_until_the_merchant_chooses_a_period(api, run_worker):
    old = _finished_job(api, run_worker)
    assert api.get("/api/settings").get_json()["data"]["retention_days"] == 0
    assert retention.purge_by_policy() == {"jobs": 0, "items": 0}
    _choose(api, retention_days=0, retention_include_unpublished=True)
    assert retention.purge_by_policy() == {"jobs": 0, "items": 0}
    assert _items(old) == 3
    _choose(api, retention_days=30)
    assert retention.purge_by_policy() == {"jobs": 1, "items": 3}
    assert _items(old) == 0


def test_each_shop_is_purged_by_its_own_choice(api, run_worker):
    mine = _finished_job(api, run_worker, age=utcnow() - timedelta(days=40))
    stranger = api.as_user("900", shop="other-shop.myshopify.com")
    theirs = stranger.post("/api/jobs", json={"kind": "counter", "count": 2}).get_json()["data"]
    run_worker()
    db.session.execute(update(Job).where(Job.id == theirs["id"]).values(
        completed_at=OLD, updated_at=OLD))
    db.session.commit()
    _choose(api, retention_days=60)  # mine is 40 days old: not yet
    assert retention.purge_by_policy() == {"jobs": 0, "items": 0}
    _choose(api, retention_days=30)
    assert retention.purge_by_policy() == {"jobs": 1, "items": 3}
    assert _items(mine) == 0
    assert _items(theirs["id"]) == 2  # the other shop never opted in


def test_unpublished_and_revertible_results_go_only_when_the_merchant_included_them(
        api, run_worker):
    unpublished = _finished_job(api, run_worker, kind="shout")
    published = _finished_job(api, run_worker, kind="shout")
    in_flight = _finished_job(api, run_worker, kind="shout")
    in_review = _finished_job(api, run_worker, status="review")
    db.session.execute(update(JobItem).where(JobItem.job_id == published)
                       .values(publish_status="published"))
    db.session.execute(update(JobItem).where(JobItem.job_id == in_flight, JobItem.position == 0)
                       .values(publish_status="publishing"))
    db.session.commit()
    _choose(api, retention_days=30)
    assert retention.purge_by_policy() == {"jobs": 0, "items": 0}
    _choose(api, retention_include_unpublished=True)
    assert retention.purge_by_policy() == {"jobs": 2, "items": 6}
    assert _items(unpublished) == _items(published) == 0
    # Never, whatever the choice: a write to the store in flight, a job in review.
    assert _items(in_flight) == 3 and _items(in_review) == 3
    event = db.session.scalars(select(JobEvent).where(JobEvent.job_id == published,
                                                      JobEvent.action == "items_purged")).one()
    assert event.data == {"items": 3, "older_than_days": 30, "unpublished_included": True}


def test_the_cli_without_an_age_follows_the_shops_choices(app, api, run_worker):
    old = _finished_job(api, run_worker)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["jobs", "purge-items"])
    assert result.exit_code == 0 and "purged 0 items of 0 jobs" in result.output
    _choose(api, retention_days=7)
    result = runner.invoke(args=["jobs", "purge-items"])
    assert "purged 3 items of 1 jobs" in result.output and _items(old) == 0


@pytest.mark.parametrize("body, message", [
    ({"retention_days": 3}, "7 to 3650"), ({"retention_days": 3651}, "7 to 3650"),
    ({"retention_days": -1}, "7 to 3650"), ({"retention_days": "30"}, "7 to 3650"),
    ({"retention_days": True}, "7 to 3650"), ({"retention_days": 30.5}, "7 to 3650"),
    ({"retention_days": None}, "cannot be null"),
    ({"retention_include_unpublished": "yes"}, "true or false"),
    ({"retention_include_unpublished": 1}, "true or false"),
])
def test_a_bad_retention_choice_is_422_naming_the_field(api, body, message):
    response = api.put("/api/settings", json=body)
    assert response.status_code == 422
    (error,) = response.get_json()["errors"]
    field = next(iter(body))
    assert error["source"]["pointer"] == f"/{field}" and message in error["detail"]
    assert api.get("/api/settings").get_json()["data"][field] in (0, False)


def test_only_an_admin_chooses_retention(api):
    api.get("/api/me")  # user 1 is seen first: admin; user 2 then gets the default, write
    writer = api.as_user("2")
    assert writer.get("/api/settings").status_code == 200
    assert writer.put("/api/settings", json={"retention_days": 30}).status_code == 403
    assert api.get("/api/settings").get_json()["data"]["retention_days"] == 0


def test_the_settings_page_shows_the_choice(api, client, tokens):  # type: ignore[no-untyped-def]
    _choose(api, retention_days=45, retention_include_unpublished=True)
    response = client.get("/settings", query_string={
        "shop": SHOP, "host": "YWRtaW4", "embedded": "1", "id_token": tokens.token(SHOP)})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Data retention" in html
    assert 'name="retention_days" data-type="int" value="45"' in html
    assert re.search(r'name="retention_include_unpublished" data-type="bool"\s*checked', html)
