"""Redis restarted (no persistence) under running workers, then a worker killed.

This module's app and workers use a Redis of their own that the test restarts on
the same port; the counter kind keeps its tallies in the session's Redis, which
stays up, so they survive the restart.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator

import pytest
import redis
from rq import Worker

from tests.conftest import _free_port
from tests.integration.jobs.test_lifecycle import create
from tests.integration.jobs.test_recovery import (
    FAST,
    RECOVERY_BOUND,
    assert_every_item_done_once,
    in_flight,
    job_row,
)


class RestartableRedis:
    """A redis-server without persistence that can be stopped and started on one port."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = tempfile.mkdtemp(prefix="shelf-redis-restart-")
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed: run `make setup`"
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.workdir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()  # no shutdown save: everything in it is gone
            self.proc.wait(timeout=10)
            self.proc = None


@pytest.fixture
def own_redis() -> Iterator[RestartableRedis]:
    server = RestartableRedis()
    server.start()
    yield server
    server.stop()
    shutil.rmtree(server.workdir, ignore_errors=True)


@pytest.fixture
def app(make_app, own_redis):  # type: ignore[no-untyped-def]
    app = make_app(REDIS_URL=own_redis.url, **FAST)
    with app.app_context():
        yield app
        from shopify_app.extensions import db

        db.session.remove()
        db.engine.dispose()


def test_redis_restart_mid_job_then_a_worker_killed_the_job_still_completes(
        api, app, worker_processes, wait_for, redis_url, own_redis):
    job = create(api, count=600, sleep=0.01)
    procs = worker_processes(3, burst=False, REDIS_URL=own_redis.url, **FAST)
    wait_for(lambda: job_row(job["id"]).succeeded >= 100 and in_flight(job["id"]),
             timeout=60, interval=0.01)

    own_redis.stop()
    time.sleep(2)  # the workers notice: dequeues and lease heartbeats fail
    own_redis.start()
    restarted_at = time.monotonic()
    connection = redis.Redis.from_url(own_redis.url)
    assert all(proc.poll() is None for proc in procs)  # the workers did not exit

    # The workers register again and keep working.
    wait_for(lambda: len(Worker.all(connection=connection)) == 3, timeout=30)
    progress = job_row(job["id"]).succeeded
    wait_for(lambda: job_row(job["id"]).succeeded > progress + 50
             and in_flight(job["id"]), timeout=60, interval=0.01)

    victim = procs[0]
    caught = in_flight(job["id"])
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=10)

    wait_for(lambda: job_row(job["id"]).status == "completed", timeout=RECOVERY_BOUND)
    assert time.monotonic() - restarted_at < RECOVERY_BOUND
    # Items in flight at the restart may have run twice too: up to a window of batches.
    assert_every_item_done_once(job["id"], 600, redis_url, in_flight_at_kill=caught + 200)
    assert all(proc.poll() is None for proc in procs[1:])


def test_sigterm_stops_a_worker_waiting_for_redis(app, worker_processes, wait_for, own_redis):
    (proc,) = worker_processes(1, burst=False, REDIS_URL=own_redis.url, **FAST)
    connection = redis.Redis.from_url(own_redis.url)
    wait_for(lambda: [w.get_state() for w in Worker.all(connection=connection)] == ["idle"],
             timeout=30)
    own_redis.stop()
    time.sleep(1.5)  # it is retrying now

    proc.send_signal(signal.SIGTERM)

    proc.wait(timeout=20)  # stops instead of waiting for Redis for ever
