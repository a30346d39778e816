"""Per-shop rate limit of Shelf's own API, shared by every web process through Redis.

A generic cell rate algorithm (GCRA): one Redis key per shop holds the time the
shop's next request is "due"; a request may arrive up to `burst` intervals
early. One atomic script per request, clocked by Redis so web hosts with
skewed clocks agree. Whatever one shop sends, other shops' keys are untouched,
so a runaway client slows only its own shop.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import redis

log = logging.getLogger(__name__)

# KEYS[1]: the shop's key. ARGV: interval between requests (µs), burst tolerance (µs).
# Returns {allowed (0/1), microseconds until the next request would be allowed}.
_GCRA = """
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local allow_at = tat - tolerance
if now < allow_at then
  return {0, allow_at - now}
end
local new_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX',
           math.ceil((new_tat - now) / 1000) + 1000)
return {1, 0}
"""


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: float  # seconds; 0 when allowed


class ApiRateLimiter:
    def __init__(self, connection: redis.Redis, per_minute: int, burst: int) -> None:
        self.connection = connection
        self.enabled = per_minute > 0
        self.interval_us = 60_000_000 // max(per_minute, 1)
        self.tolerance_us = self.interval_us * max(burst, 0)
        self._script: Any = connection.register_script(_GCRA)

    def check(self, key: str) -> Verdict:
        if not self.enabled:
            return Verdict(True, 0.0)
        try:
            allowed, wait_us = self._script(keys=[key],
                                            args=[self.interval_us, self.tolerance_us])
        except redis.RedisError:
            # Without Redis nothing else works either; do not add a second failure.
            log.warning("API rate limit unavailable; letting the request through")
            return Verdict(True, 0.0)
        return Verdict(bool(int(allowed)), int(wait_us) / 1_000_000)
