"""Recovery with nothing but live workers: every worker killed, then one new one started.

Nobody calls the reaper here: the workers run it on their own timer. A job must
finish with every item done once (in effect) within 2 x SHELF_LEASE_SECONDS + 60 s.
"""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import redis
from sqlalchemy import func, select

from shopify_app.extensions import db
from shopify_app.models import Job, JobItem
from tests.integration.jobs.test_lifecycle import create

LEASE = 2
# Small lease and reaper interval so the tests run in seconds; the bound is the same rule.
FAST = {"SHELF_LEASE_SECONDS": str(LEASE), "SHELF_REAPER_INTERVAL": "1"}
RECOVERY_BOUND = 2 * LEASE + 60


def job_row(job_id: str) -> Job:
    db.session.rollback()
    return db.session.get(Job, job_id, populate_existing=True)


def in_flight(job_id: str) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(JobItem).where(
        JobItem.job_id == job_id, JobItem.status == "processing")) or 0


def session_members(session_id: int) -> list[int]:
    """Processes still alive in a worker's session (it was started as a session leader)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session_id and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def kill_all(procs) -> None:  # type: ignore[no-untyped-def]
    """SIGKILL each worker process alone: nothing it started may outlive it."""
    for proc in procs:
        os.kill(proc.pid, signal.SIGKILL)
    for proc in procs:
        proc.wait(timeout=10)
        assert session_members(proc.pid) == []  # no scheduler or other child left behind


def assert_every_item_done_once(job_id: str, count: int, counter_url: str,
                                in_flight_at_kill: int) -> None:
    done = job_row(job_id)
    assert (done.status, done.total, done.succeeded, done.failed) == ("completed", count,
                                                                      count, 0)
    assert db.session.scalar(select(func.count()).select_from(JobItem).where(
        JobItem.job_id == job_id, JobItem.status != "succeeded")) == 0
    runs = {int(k): int(v) for k, v in
            redis.Redis.from_url(counter_url).hgetall(f"counter:{job_id}").items()}
    item_ids = set(db.session.scalars(select(JobItem.id).where(JobItem.job_id == job_id)))
    assert set(runs) == item_ids  # every item ran
    # Only items in flight when a worker died (not yet recorded) may have run twice.
    assert sum(1 for n in runs.values() if n > 1) <= in_flight_at_kill


def test_every_worker_killed_during_fan_out_then_one_new_worker_finishes_the_job(
        api, app, worker_processes, wait_for, redis_url):
    job = create(api, count=300, enumerate_sleep=0.01)  # ~3 s to list the products
    procs = worker_processes(2, burst=False, **FAST)
    wait_for(lambda: job_row(job["id"]).status == "processing", timeout=30, interval=0.02)
    time.sleep(0.5)
    stuck = job_row(job["id"])
    assert not stuck.enumerated and stuck.stage == "fetching"

    kill_all(procs)
    killed_at = time.monotonic()
    assert not job_row(job["id"]).enumerated  # the fan-out died with them
    worker_processes(1, burst=False, **FAST)

    wait_for(lambda: job_row(job["id"]).status == "completed", timeout=RECOVERY_BOUND)
    assert time.monotonic() - killed_at < RECOVERY_BOUND
    assert_every_item_done_once(job["id"], 300, redis_url, in_flight_at_kill=0)


def test_every_worker_killed_during_a_batch_then_one_new_worker_finishes_the_job(
        api, app, worker_processes, wait_for, redis_url):
    job = create(api, count=400, sleep=0.01)
    procs = worker_processes(2, burst=False, **FAST)
    wait_for(lambda: job_row(job["id"]).succeeded >= 100 and in_flight(job["id"]),
             timeout=60, interval=0.01)

    kill_all(procs)
    killed_at = time.monotonic()
    stuck = job_row(job["id"])
    assert stuck.status == "processing" and stuck.succeeded < 400
    caught = in_flight(job["id"])
    assert caught  # batches were cut off mid-way
    worker_processes(1, burst=False, **FAST)

    wait_for(lambda: job_row(job["id"]).status == "completed", timeout=RECOVERY_BOUND)
    assert time.monotonic() - killed_at < RECOVERY_BOUND
    assert_every_item_done_once(job["id"], 400, redis_url, in_flight_at_kill=caught)


def test_sigterm_stops_an_idle_worker(app, worker_processes, wait_for, redis_client):
    from rq import Worker

    (proc,) = worker_processes(1, burst=False, **FAST)
    # Idle: past start-up, waiting for work with its signal handlers in place.
    wait_for(lambda: [w.get_state() for w in Worker.all(connection=redis_client)] == ["idle"],
             timeout=30)

    proc.send_signal(signal.SIGTERM)

    assert proc.wait(timeout=20) == 0
    assert Worker.all(connection=redis_client) == []
