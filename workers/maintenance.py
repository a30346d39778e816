"""Every worker's own maintenance thread: the reaper, delayed jobs, staying registered.

Nothing here is booked in Redis. Each live worker wakes on its own timer and a
short lock (SET NX PX) decides which one runs a round, so a Redis restart or
flush, a round that raises, or the loss of any number of workers never stops
recovery: as long as one worker runs, rounds keep coming.

- The reaper (shopify_app.reaper.reap) runs at most once per
  SHELF_REAPER_INTERVAL across all workers; its lock is simply left to expire,
  so a worker that dies mid-round holds nobody up for longer than that.
- Jobs queued for later (retry back-offs, debounce windows) are moved onto their
  queues once they are due, about every second. This replaces RQ's scheduler
  process, which a killed worker would leave running.
"""
from __future__ import annotations

import logging
import random
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
from flask import Flask
from rq import Queue
from rq.job import Job as RQJob
from rq.registry import ScheduledJobRegistry
from rq.utils import current_timestamp

from shopify_app.jobs import keys

log = logging.getLogger(__name__)
SCHEDULER_EVERY = 1.0

_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


def take_round(connection: redis.Redis, key: str, ttl_seconds: float) -> str | None:
    """This worker runs the round if it sets the lock first; returns its token."""
    token = secrets.token_hex(8)
    if connection.set(key, token, nx=True, px=max(1, int(ttl_seconds * 1000))):
        return token
    return None


def end_round(connection: redis.Redis, key: str, token: str) -> None:
    connection.register_script(_RELEASE)(keys=[key], args=[token])


def enqueue_due_jobs(connection: redis.Redis, queues: list[Queue]) -> int:
    """Move jobs whose time has come from each queue's scheduled registry onto the queue."""
    moved = 0
    for queue in queues:
        registry = ScheduledJobRegistry(queue=queue)
        job_ids = registry.get_jobs_to_schedule(current_timestamp())
        if not job_ids:
            continue
        with connection.pipeline() as pipe:
            for job in RQJob.fetch_many(job_ids, connection=connection,
                                        serializer=queue.serializer):
                if job is not None:
                    queue._enqueue_job(job, pipeline=pipe,  # noqa: SLF001 — RQ's own path
                                       at_front=job.should_enqueue_at_front())
                    moved += 1
            for job_id in job_ids:
                registry.remove(job_id, pipeline=pipe)
            pipe.execute()
    return moved


class Maintenance:
    """Runs the rounds on a daemon thread until stop(); each round's errors are logged
    and the next round comes anyway."""

    def __init__(self, app: Flask, *, on_tick: Callable[[], Any] | None = None,
                 reap: Callable[[], Any] | None = None) -> None:
        self.app = app
        self.on_tick = on_tick
        self.reap = reap or _reap
        self.interval = float(app.config.get("SHELF_REAPER_INTERVAL",
                                             keys.DEFAULT_REAPER_INTERVAL))
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        self.next_reap = 0.0  # a new worker looks for orphaned work right away
        self.rounds = 0
        self.redis_down = False

    @property
    def connection(self) -> redis.Redis:
        return self.app.extensions["redis"]

    def start(self) -> None:
        if self.thread is None or not self.thread.is_alive():
            self.stopping.clear()
            self.thread = threading.Thread(target=self._run, name="shelf-maintenance",
                                           daemon=True)
            self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout=10)

    def _run(self) -> None:
        while not self.stopping.wait(SCHEDULER_EVERY * random.uniform(0.8, 1.2)):
            self.tick()

    def tick(self) -> None:
        """One wake-up: each part on its own, so one failing never skips the others."""
        self._guarded("scheduled jobs", self._enqueue_due)
        if self.on_tick is not None:
            self._guarded("worker registration", self.on_tick)
        if time.monotonic() >= self.next_reap:
            # A little jitter keeps workers that started together from racing each round.
            self.next_reap = time.monotonic() + self.interval * random.uniform(0.9, 1.1)
            self._guarded("reaper", self._reap_round)

    def _guarded(self, what: str, step: Callable[[], Any]) -> None:
        try:
            step()
        except redis.RedisError as exc:
            if not self.redis_down:  # once per outage, not every second
                log.warning("maintenance: %s skipped, Redis unavailable: %s", what, exc)
            self.redis_down = True
        except Exception:  # noqa: BLE001 — the next round must come whatever this one hit
            log.exception("maintenance: %s failed", what)
        else:
            if self.redis_down:
                log.info("maintenance: Redis is back")
            self.redis_down = False

    def _enqueue_due(self) -> None:
        token = take_round(self.connection, keys.SCHEDULER_LOCK, 30)
        if token is None:
            return
        try:
            with self.app.app_context():
                from shopify_app.extensions import queues

                enqueue_due_jobs(self.connection, queues.all())
        finally:
            end_round(self.connection, keys.SCHEDULER_LOCK, token)

    def _reap_round(self) -> None:
        # Left to expire, not released: at most one round per interval across workers.
        if take_round(self.connection, keys.REAPER_LOCK, self.interval) is None:
            return
        self.rounds += 1
        with self.app.app_context():
            from shopify_app.extensions import db

            try:
                self.reap()
            finally:
                db.session.remove()


def _reap() -> Any:
    from shopify_app import reaper

    return reaper.reap()
