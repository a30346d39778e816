"""How many requests to one provider may run at once, across every worker.

A Redis sorted set holds one member per slot in use, scored by when its lease
runs out. Acquiring (in one Lua script, on Redis's clock) first drops expired
leases. Leases are short (seconds) and a heartbeat thread in the holding process
renews them while the request runs, so a live holder keeps its slot however long
the provider takes, and a killed worker's slots come back within one lease.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from .errors import ConcurrencyTimeoutError

log = logging.getLogger(__name__)

_ACQUIRE = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
  return 1
end
return 0
"""

# Renew the caller's leases; put back any that Redis lost (restart, flush) while
# there is room, so the limit holds again as soon as Redis is back.
_RENEW = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local lease = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
for i = 3, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) or
     redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
    redis.call('ZADD', KEYS[1], now + lease, ARGV[i])
  end
end
redis.call('PEXPIRE', KEYS[1], lease * 2)
return 1
"""
DEFAULT_LEASE_SECONDS = 6.0


class Limiter(Protocol):
    def slot(self) -> contextlib.AbstractContextManager[None]:
        ...


class NullLimiter:
    """No limit (the template writer, or concurrency set to 0)."""

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        yield


class LocalLimiter:
    """A limit within this process only (no Redis configured)."""

    def __init__(self, limit: int, *, wait_timeout: float = 60.0) -> None:
        self.limit = limit
        self.wait_timeout = wait_timeout
        self._semaphore = threading.BoundedSemaphore(limit)

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        if not self._semaphore.acquire(timeout=self.wait_timeout):
            raise ConcurrencyTimeoutError("no free slot for the text provider in "
                                          f"{self.wait_timeout:.0f}s")
        try:
            yield
        finally:
            self._semaphore.release()


def limiter_key(provider: str, base_url: str, prefix: str = "shelf:ai:slots") -> str:
    """One key per provider endpoint, whatever the worker or shop."""
    digest = hashlib.sha256(f"{provider}|{base_url.rstrip('/')}".encode()).hexdigest()[:24]
    return f"{prefix}:{provider}:{digest}"


class RedisLimiter:
    """A counting semaphore shared by every process that uses the same Redis key.

    Args:
        redis: a ``redis.Redis`` client.
        key: see :func:`limiter_key`.
        limit: how many holders at once.
        lease_seconds: how long a slot stays taken once its holder stops renewing it
            (the holder renews every third of it while it holds the slot).
        wait_timeout: how long :meth:`slot` waits for a free slot.
    """

    def __init__(self, redis: Any, key: str, limit: int, *,
                 lease_seconds: float = DEFAULT_LEASE_SECONDS,
                 wait_timeout: float = 60.0, poll_interval: float = 0.05,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.redis = redis
        self.key = key
        self.limit = limit
        self.lease_ms = max(1, int(lease_seconds * 1000))
        self.wait_timeout = wait_timeout
        self.poll_interval = poll_interval
        self.sleep = sleep
        self.clock = clock
        self._script = redis.register_script(_ACQUIRE)
        self._renew_script = redis.register_script(_RENEW)
        self._held: set[str] = set()
        self._held_lock = threading.Lock()
        self._renewer: threading.Thread | None = None

    def try_acquire(self) -> str | None:
        """Take a slot if one is free now; returns its token (to release) or ``None``.

        The slot's lease is renewed in the background until :meth:`release`.
        """
        token = uuid.uuid4().hex
        granted = self._script(keys=[self.key], args=[token, self.limit, self.lease_ms])
        if int(granted) != 1:
            return None
        self._hold(token)
        return token

    def acquire(self) -> str:
        """Wait for a slot; raises :class:`ConcurrencyTimeoutError` after ``wait_timeout``."""
        deadline = self.clock() + self.wait_timeout
        while True:
            token = self.try_acquire()
            if token is not None:
                return token
            if self.clock() >= deadline:
                raise ConcurrencyTimeoutError(
                    f"all {self.limit} slots for the text provider stayed busy for "
                    f"{self.wait_timeout:.0f}s")
            # Jitter keeps waiting workers from polling in lock-step.
            self.sleep(self.poll_interval * random.uniform(0.5, 1.5))

    def release(self, token: str) -> None:
        with self._held_lock:
            self._held.discard(token)
        self.redis.zrem(self.key, token)

    def renew(self) -> int:
        """Extend every lease this object holds by a full lease; returns how many."""
        # Under the lock: a token released meanwhile must not be put back.
        with self._held_lock:
            tokens = list(self._held)
            if tokens:
                self._renew_script(keys=[self.key], args=[self.lease_ms, self.limit, *tokens])
        return len(tokens)

    def _hold(self, token: str) -> None:
        with self._held_lock:
            self._held.add(token)
            if self._renewer is None or not self._renewer.is_alive():
                self._renewer = threading.Thread(target=self._renew_while_held, daemon=True,
                                                 name=f"slot-lease-{self.key[-8:]}")
                self._renewer.start()

    def _renew_while_held(self) -> None:
        """Heartbeat: renew every third of a lease; stop once nothing is held."""
        while True:
            time.sleep(self.lease_ms / 3000)
            with self._held_lock:
                if not self._held:
                    self._renewer = None
                    return
            try:
                self.renew()
            except Exception:  # noqa: BLE001 — Redis away: the next beat tries again
                log.debug("could not renew slot leases on %s", self.key, exc_info=True)

    def in_use(self) -> int:
        """Slots held right now, expired leases not counted."""
        now_s, now_us = self.redis.time()
        return int(self.redis.zcount(self.key, f"({now_s * 1000 + now_us // 1000}", "+inf"))

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        token = self.acquire()
        try:
            yield
        finally:
            self.release(token)
