"""Redis keys that coordinate workers: batch leases with heartbeats, cancel flags, markers.

The database is the source of truth; these keys only say who is working on
what right now, so they may vanish (Redis restart) without losing anything:
the reaper re-enqueues whatever has no lease and no queued RQ job.
"""
from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import redis

from shopify_app.extensions import redis_ext
from shopify_app.jobs.keys import KEEP_SECONDS, cancel_key, lease_key, lease_seconds, queued_key

# Renew our lease; take it back if it vanished (a Redis restart or flush), so the
# reaper does not hand a batch that is still running to a second worker.
_EXTEND = """
local holder = redis.call('get', KEYS[1])
if holder == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
if not holder then
  return redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) and 1 or 0
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


def _redis() -> redis.Redis:
    return redis_ext.client


@contextmanager
def batch_lease(job_id: str, batch: int) -> Iterator[bool]:
    """Hold the batch's lease while working, renewed by a heartbeat thread.

    Yields False when another live worker holds it: a duplicate run then does nothing.
    """
    connection = _redis()
    key, token = lease_key(job_id, batch), secrets.token_hex(8)
    ttl_ms = int(lease_seconds() * 1000)
    if not connection.set(key, token, nx=True, px=ttl_ms):
        yield False
        return
    stop = threading.Event()
    extend = connection.register_script(_EXTEND)

    def heartbeat() -> None:
        while not stop.wait(ttl_ms / 3000):
            # A failed beat is retried by the next one; the database keeps the truth.
            with suppress(redis.RedisError):
                extend(keys=[key], args=[token, ttl_ms])

    beater = threading.Thread(target=heartbeat, name=f"lease-{job_id}-{batch}", daemon=True)
    beater.start()
    try:
        yield True
    finally:
        stop.set()
        beater.join(timeout=5)
        with suppress(redis.RedisError):
            connection.register_script(_RELEASE)(keys=[key], args=[token])


def lease_alive(job_id: str, batch: int) -> bool:
    return bool(_redis().exists(lease_key(job_id, batch)))


def mark_queued(job_id: str, batch: int, rq_job_id: str) -> None:
    _redis().set(queued_key(job_id, batch), rq_job_id, ex=KEEP_SECONDS)


def queued_rq_job(job_id: str, batch: int) -> str | None:
    value = _redis().get(queued_key(job_id, batch))
    return value.decode() if value else None


def flag_cancelled(job_id: str) -> None:
    _redis().set(cancel_key(job_id), "1", ex=KEEP_SECONDS)


def clear_cancelled(job_id: str) -> None:
    _redis().delete(cancel_key(job_id))


def is_cancelled(job_id: str) -> bool:
    try:
        return bool(_redis().exists(cancel_key(job_id)))
    except redis.RedisError:
        return False


class CancelWatch:
    """Asks Redis whether the job was cancelled, at most every `interval` seconds.

    Instant items would otherwise pay a round trip each; 50 ms is still "stops
    at the next item" for anyone watching. The cancel itself is durable in the
    database, so even a missed flag only costs finished work being discarded.
    """

    def __init__(self, job_id: str, interval: float = 0.05) -> None:
        self.job_id, self.interval = job_id, interval
        self.checked_at, self.cancelled = -1.0, False
        self.lock = threading.Lock()

    def __call__(self) -> bool:
        now = time.monotonic()
        with self.lock:
            if not self.cancelled and now - self.checked_at >= self.interval:
                self.cancelled, self.checked_at = is_cancelled(self.job_id), now
            return self.cancelled


def forget_job(job_id: str, batch_count: int) -> None:
    connection = _redis()
    keys = [cancel_key(job_id)] + [queued_key(job_id, b) for b in range(batch_count)]
    for start in range(0, len(keys), 500):
        connection.delete(*keys[start:start + 500])
