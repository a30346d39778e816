"""Publish tasks that keep their word: retried with back-off, watched by a lease.

The database says which items are `publishing`; the keys here say whether a live
task is on them. Each queued task records its items, and a running task holds a
lease renewed by a heartbeat, so the reaper queues again exactly the items that
no queued or running task covers once a lease has passed, not minutes later.

A write that meets a transient store error (5xx, timeout, rate limit) is tried
again with back-off inside the task. Retrying is safe: publishers compare before
writing, or remember their intent before writing. When the store keeps failing
for the retry budget the items end `failed` with the store's reason.
"""
from __future__ import annotations

import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http import HTTPStatus
from typing import TypeVar

import redis
from flask import current_app
from rq.job import Job as RQJob
from rq.job import JobStatus

from shopify_app.shopify.errors import OutcomeUnknownError, ShopifyError, ThrottledError

log = logging.getLogger(__name__)
T = TypeVar("T")
TASKS_TTL = 7 * 24 * 3600
FIRST_DELAY, MAX_DELAY = 2.0, 15.0
_EXTEND = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""


class GaveUp(Exception):
    """The store kept failing for the whole retry budget; `reason` is for the merchant."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _redis() -> redis.Redis:
    return current_app.extensions["redis"]


def tasks_key(job_id: str) -> str:
    return f"shelf:publish-tasks:{job_id}"


def lease_key(rq_id: str) -> str:
    return f"shelf:publish-lease:{rq_id}"


def lease_seconds() -> float:
    return float(current_app.config.get("SHELF_LEASE_SECONDS", 60))


def retry_budget() -> float:
    return float(current_app.config.get("SHELF_PUBLISH_RETRY_SECONDS", 40))


def register(job_id: str, rq_id: str, item_ids: list[int]) -> None:
    """Note which items a queued task will write (the reaper leaves them alone)."""
    connection = _redis()
    connection.hset(tasks_key(job_id), rq_id, ",".join(map(str, item_ids)))
    connection.expire(tasks_key(job_id), TASKS_TTL)


def forget(job_id: str, rq_id: str) -> None:
    with suppress(redis.RedisError):
        _redis().hdel(tasks_key(job_id), rq_id)


@contextmanager
def lease(rq_id: str | None) -> Iterator[bool]:
    """Hold the task's lease while it runs. False: another live run holds it."""
    if rq_id is None:  # called outside RQ (tests, the CLI): nothing to watch
        yield True
        return
    connection, key = _redis(), lease_key(rq_id)
    token, ttl_ms = secrets.token_hex(8), int(lease_seconds() * 1000)
    if not connection.set(key, token, nx=True, px=ttl_ms):
        yield False
        return
    stop = threading.Event()
    extend = connection.register_script(_EXTEND)

    def heartbeat() -> None:
        while not stop.wait(ttl_ms / 3000):
            with suppress(redis.RedisError):  # the next beat tries again
                extend(keys=[key], args=[token, ttl_ms])

    beater = threading.Thread(target=heartbeat, name=f"publish-lease-{rq_id}", daemon=True)
    beater.start()
    try:
        yield True
    finally:
        stop.set()
        beater.join(timeout=5)
        with suppress(redis.RedisError):
            if connection.get(key) == token.encode():
                connection.delete(key)


def _task_alive(connection: redis.Redis, rq_id: str) -> bool:
    if connection.exists(lease_key(rq_id)):
        return True
    try:
        job = RQJob.fetch(rq_id, connection=connection)
        status = job.get_status(refresh=False)
    except Exception:  # noqa: BLE001 — gone or unreadable: not alive
        return False
    if status == JobStatus.QUEUED:
        # A worker killed mid-dequeue can leave "queued" on a job no queue holds.
        return connection.lpos(f"rq:queue:{job.origin}", rq_id) is not None
    return status in (JobStatus.SCHEDULED, JobStatus.DEFERRED)


def covered_items(job_id: str) -> set[int]:
    """Items a queued or running task of the job will still write; dead tasks are dropped."""
    connection = _redis()
    covered: set[int] = set()
    for raw_id, raw_items in connection.hgetall(tasks_key(job_id)).items():
        rq_id = raw_id.decode()
        if _task_alive(connection, rq_id):
            covered.update(int(i) for i in raw_items.decode().split(",") if i)
        else:
            connection.hdel(tasks_key(job_id), rq_id)
    return covered


def transient(exc: BaseException) -> bool:
    """Worth trying again: the store was unreachable or busy. A write whose outcome is
    unknown counts too, since the publisher re-reads before writing again."""
    return isinstance(exc, ShopifyError) and (exc.retryable or isinstance(exc, OutcomeUnknownError))


def merchant_reason(exc: BaseException, attempts: int) -> str:
    """Why the store could not be reached, in the store's own words."""
    if isinstance(exc, ThrottledError):
        return f"Shopify kept asking Shelf to slow down ({attempts} tries)"
    detail = getattr(exc, "message", None) or str(exc)
    answered = re.search(r"answered (\d{3})", detail)
    if answered:
        code = int(answered.group(1))
        phrase = HTTPStatus(code).phrase if code in HTTPStatus._value2member_map_ else ""
        return f"Shopify kept answering {code} {phrase}".rstrip() + f" ({attempts} tries)"
    return f"Shopify did not answer ({attempts} tries: {detail})"


def with_retries(call: Callable[[], T], *, budget: float | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> T:
    """Run `call`, trying again on transient store errors with growing pauses.

    Raises GaveUp once the next pause would run past the budget; other errors
    propagate unchanged.
    """
    budget = retry_budget() if budget is None else budget
    started, delay, attempts = clock(), FIRST_DELAY, 0
    while True:
        try:
            return call()
        except Exception as exc:
            if not transient(exc):
                raise
            attempts += 1
            if clock() - started + delay > budget:
                raise GaveUp(merchant_reason(exc, attempts)) from exc
            log.warning("publish attempt %d failed (%s); trying again in %.0f s",
                        attempts, exc, delay)
            sleep(delay)
            delay = min(delay * 2, MAX_DELAY)
