"""A large job's fan-out leaves the `high` queue before reading its scope; small ones and
failed hints stay; the reaper, resume and shop/redact know the handed-over ids."""
from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from rq import SimpleWorker
from rq.job import Job as RQJob
from sqlalchemy import func, select

from shopify_app import metrics
from shopify_app.extensions import db
from shopify_app.jobs import keys, runner
from shopify_app.jobs.reaper import reap_jobs
from shopify_app.models import Job, JobItem
from shopify_app.models.job import job_update
from tests.integration.conftest import SHOP
from tests.integration.jobs.test_lifecycle import create

ALL = ("high", "default", "low")


def work(app, *names: str) -> None:  # type: ignore[no-untyped-def]
    """Drain the named queues with a real RQ worker listening on those alone."""
    queues = app.extensions["queues"]
    SimpleWorker([queues[n] for n in names], connection=app.extensions["redis"]).work(burst=True)


def _job(job_id: str) -> Job:
    db.session.rollback()
    return db.session.get(Job, job_id, populate_existing=True)


def _stored(job_id: str) -> int:
    return db.session.scalar(select(func.count()).select_from(JobItem)
                             .where(JobItem.job_id == job_id)) or 0


def _handed_over(queue: str) -> float:
    return metrics.REGISTRY.get_sample_value("shelf_fan_outs_handed_over_total",
                                             {"queue": queue}) or 0.0


def _queued(app, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    return app.extensions["queues"][name].job_ids


@pytest.mark.parametrize(("hint", "queue"), [(300, "default"), (2_500, "low")])
def test_a_large_hint_hands_the_fan_out_over_and_the_job_completes(
        api, app, redis_client, hint, queue):
    job = create(api, count=150, size_hint=hint)
    before = _handed_over(queue)
    work(app, "high")  # a worker of `high` alone reads nothing of it
    waiting = _job(job["id"])
    assert (waiting.status, waiting.total, waiting.enumerated) == ("pending", 0, False)
    assert _stored(job["id"]) == 0
    assert _queued(app, queue) == [keys.fan_out_rq_id(job["id"], queue)]
    assert _queued(app, "high") == []
    assert _handed_over(queue) == before + 1

    work(app, *ALL)
    done = _job(job["id"])
    assert (done.status, done.total, done.succeeded, done.failed) == ("completed", 150, 150, 0)
    assert len(redis_client.hgetall(f"counter:{job['id']}")) == 150
    continuation = RQJob.fetch(keys.fan_out_rq_id(job["id"], queue), connection=redis_client)
    assert continuation.origin == app.extensions["queues"][queue].name
    assert continuation.get_status() == "finished"


def test_a_small_hint_keeps_the_fan_out_on_high(api, app, redis_client):
    job = create(api, count=30, size_hint=30)
    before = _handed_over("default")
    work(app, "high")
    done = _job(job["id"])
    assert (done.status, done.total, done.succeeded) == ("completed", 30, 30)
    assert _handed_over("default") == before
    for queue in ("default", "low"):
        assert not RQJob.exists(keys.fan_out_rq_id(job["id"], queue), connection=redis_client)


def test_a_hint_that_fails_reads_on_high_as_before(api, app, caplog):
    job = create(api, count=60, size_hint="error")
    with caplog.at_level(logging.WARNING, logger="shopify_app.jobs.handover"):
        work(app, "high")
    done = _job(job["id"])
    assert (done.status, done.total, done.succeeded) == ("completed", 60, 60)
    assert "size hint of counter job" in caplog.text and "products count failed" in caplog.text


def test_the_reaper_finds_a_handed_over_fan_out_alive_and_requeues_a_lost_one(
        api, app, redis_client):
    job = create(api, count=150, size_hint=300)
    work(app, "high")
    continuation = keys.fan_out_rq_id(job["id"], "default")
    assert _queued(app, "default") == [continuation]

    assert reap_jobs(grace=timedelta(0))["fan_outs"] == 0  # queued: alive, not doubled
    assert _queued(app, "default") == [continuation] and _queued(app, "high") == []

    redis_client.flushdb()  # as if Redis restarted: the queued continuation is gone
    assert reap_jobs(grace=timedelta(0))["fan_outs"] == 1
    # Nothing is stored yet: back on high, where the hint hands it over again.
    assert _queued(app, "high") == [keys.fan_out_rq_id(job["id"])]
    work(app, "high")
    assert _queued(app, "default") == [continuation]
    work(app, *ALL)
    assert (_job(job["id"]).status, _job(job["id"]).succeeded) == ("completed", 150)


def _lost_mid_fan_out(job_id: str, redis_client) -> None:  # type: ignore[no-untyped-def]
    """A fan-out that stored its items, then died before saying it had read them all."""
    runner.fan_out(job_id)
    db.session.execute(job_update().where(Job.id == job_id).values(enumerated=False))
    db.session.commit()
    redis_client.flushdb()


def test_a_lost_fan_out_with_many_items_stored_goes_straight_to_its_size_queue(
        api, app, redis_client):
    job = create(api, count=300)
    _lost_mid_fan_out(job["id"], redis_client)
    assert _job(job["id"]).total == 300

    assert reap_jobs(grace=timedelta(0))["fan_outs"] == 1
    assert _queued(app, "default") == [keys.fan_out_rq_id(job["id"], "default")]
    assert _queued(app, "high") == []
    for _ in range(10):
        work(app, *ALL)
        if _job(job["id"]).status == "completed":
            break
        reap_jobs(grace=timedelta(0))  # the batches queued before the loss
    done = _job(job["id"])
    assert (done.status, done.total, done.succeeded) == ("completed", 300, 300)
    assert _stored(job["id"]) == 300  # resumed after the stored items, none added twice


def test_resume_queues_the_fan_out_of_a_large_job_on_its_size_queue(api, app, redis_client):
    job = create(api, count=300)
    _lost_mid_fan_out(job["id"], redis_client)
    assert api.post(f"/api/jobs/{job['id']}/pause").status_code == 200
    resumed = api.post(f"/api/jobs/{job['id']}/resume")
    assert resumed.status_code == 200, resumed.get_json()
    assert _queued(app, "default") == [keys.fan_out_rq_id(job["id"], "default")]
    assert _queued(app, "high") == []


def test_resume_leaves_a_fan_out_that_is_still_reading_alone(api, app, redis_client):
    job = create(api, count=30)
    assert api.post(f"/api/jobs/{job['id']}/pause").status_code == 200
    redis_client.set(keys.lease_key(job["id"], keys.FAN_OUT_BATCH), "a-live-worker", ex=60)
    redis_client.delete(*[f"rq:job:{i}" for i in keys.fan_out_rq_ids(job["id"])])
    app.extensions["queues"]["high"].empty()
    assert api.post(f"/api/jobs/{job['id']}/resume").status_code == 200
    assert _queued(app, "high") == []  # its reader is alive and goes on by itself


def test_shop_redact_deletes_a_handed_over_fan_out(api, app, redis_client):
    from shopify_app.shops import redact_shop

    job = create(api, count=150, size_hint=300)
    work(app, "high")
    continuation = keys.fan_out_rq_id(job["id"], "default")
    assert redis_client.exists(f"rq:job:{continuation}")
    redact_shop(SHOP)
    assert not redis_client.exists(f"rq:job:{continuation}")
    assert _queued(app, "default") == []
