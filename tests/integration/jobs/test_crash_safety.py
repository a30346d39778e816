"""A worker killed with SIGKILL mid-batch, or a Redis restart, leaves no item stuck."""
from __future__ import annotations

import time
from datetime import timedelta

import redis
from sqlalchemy import func, select

from shopify_app.extensions import db
from shopify_app.jobs import runner
from shopify_app.jobs.reaper import reap_jobs
from shopify_app.models import Job, JobItem
from tests.helpers import kill_tree
from tests.integration.jobs.test_lifecycle import create


def _in_flight(job_id: str) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(JobItem).where(
        JobItem.job_id == job_id, JobItem.status == "processing")) or 0


def _job(job_id: str) -> Job:
    return db.session.get(Job, job_id, populate_existing=True)


def test_sigkill_mid_job_then_reaper_completes_every_item_once(
        api, app, worker_processes, wait_for, redis_url):
    app.config["SHELF_LEASE_SECONDS"] = 2
    job = create(api, count=400, sleep=0.01)
    (proc,) = worker_processes(1, burst=False, SHELF_LEASE_SECONDS="2")
    wait_for(lambda: _job(job["id"]).succeeded >= 100 and _in_flight(job["id"]), timeout=60,
             interval=0.01)
    kill_tree(proc.pid)  # the worker and anything it started: a machine dying
    proc.wait(timeout=10)
    stuck = _job(job["id"])
    assert stuck.status == "processing" and stuck.succeeded < 400

    time.sleep(2.5)  # the dead worker's lease runs out
    requeued = reap_jobs(grace=timedelta(0))
    assert requeued["batches"] >= 1
    worker_processes(1, burst=False, SHELF_LEASE_SECONDS="2")
    wait_for(lambda: _job(job["id"]).status == "completed", timeout=90)

    done = _job(job["id"])
    assert (done.total, done.succeeded, done.failed, done.skipped) == (400, 400, 0, 0)
    assert db.session.scalar(select(func.count()).select_from(JobItem).where(
        JobItem.job_id == job["id"], JobItem.status != "succeeded")) == 0
    runs = {int(k): int(v) for k, v in
            redis.Redis.from_url(redis_url).hgetall(f"counter:{job['id']}").items()}
    assert len(runs) == 400
    # Only items in flight at the kill (not yet committed) may have run twice.
    assert sum(1 for count in runs.values() if count > 1) <= 50


def test_redis_restart_loses_queued_batches_and_reaper_requeues_them(
        api, app, run_worker, redis_client):
    job = create(api, count=300)
    runner.fan_out(job["id"])
    assert _job(job["id"]).dispatch_cursor >= 0
    redis_client.flushdb()  # as if Redis restarted without persistence

    run_worker()
    assert _job(job["id"]).succeeded == 0  # nothing left in any queue
    reap_jobs(grace=timedelta(0))
    for _ in range(10):
        run_worker()
        if _job(job["id"]).status == "completed":
            break
    assert (_job(job["id"]).status, _job(job["id"]).succeeded) == ("completed", 300)


def test_lost_fan_out_is_requeued(api, app, run_worker, redis_client):
    job = create(api, count=10)
    redis_client.flushdb()
    assert reap_jobs(grace=timedelta(0))["fan_outs"] == 1
    run_worker()
    assert _job(job["id"]).status == "completed"


def test_flask_jobs_reap_command(api, app, run_worker, redis_client):
    job = create(api, count=10)
    redis_client.flushdb()
    result = app.test_cli_runner().invoke(args=["jobs", "reap"])
    assert "fan_outs: 1" in result.output
    run_worker()
    assert _job(job["id"]).status == "completed"
