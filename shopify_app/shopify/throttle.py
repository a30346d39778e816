"""A per-shop estimate of Shopify's cost bucket, shared through Redis.

Every worker on every machine that talks to one shop reads and updates the same
Redis hash, in Lua scripts so each step is atomic. A caller *reserves* a
query's requested cost before sending it (waiting while the estimate is too
low), then *settles* the reservation with the ``throttleStatus`` Shopify sent
back. Reservations still in flight are remembered (with an expiry, in case a
worker dies) and subtracted from what Shopify reports, since Shopify has not
seen them yet.
"""
from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# A caller waiting for points looks at the shared estimate again at least this
# often: other callers' settlements raise it at any time (Shopify refunds the
# part of a requested cost a query did not use, and its first throttleStatus
# replaces the assumed plan), so a wait worked out once is often far too long.
RECHECK_SECONDS = 0.5

# Bucket state: avail (points), max, rate (points/s), ts (when avail was true).
_COMMON = """
local function state(now, default_max, default_rate)
  local h = redis.call('HMGET', KEYS[1], 'avail', 'max', 'rate', 'ts')
  local max = tonumber(h[2]) or default_max
  local rate = tonumber(h[3]) or default_rate
  local avail = tonumber(h[1]) or max
  local ts = tonumber(h[4]) or now
  if now > ts then avail = math.min(max, avail + (now - ts) * rate) end
  return avail, max, rate
end
local function inflight(now, skip)
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  local total = 0
  for _, member in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    if member ~= skip then total = total + tonumber(string.match(member, '|(.+)$')) end
  end
  return total
end
local function save(avail, max, rate, now, ttl)
  redis.call('HSET', KEYS[1], 'avail', tostring(avail), 'max', tostring(max),
             'rate', tostring(rate), 'ts', tostring(now))
  redis.call('EXPIRE', KEYS[1], ttl)
  redis.call('EXPIRE', KEYS[2], ttl)
end
"""

# ARGV: now, cost, member, hold_seconds, default_max, default_rate, ttl
# Returns {granted (0/1), seconds to wait as a string}.
_ACQUIRE = _COMMON + """
local now, cost = tonumber(ARGV[1]), tonumber(ARGV[2])
local avail, max, rate = state(now, tonumber(ARGV[5]), tonumber(ARGV[6]))
local need = math.min(cost, max)
inflight(now, '')
if avail + 0.01 >= need then  -- tolerance for float clock arithmetic
  save(avail - need, max, rate, now, tonumber(ARGV[7]))
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[3])
  return {1, '0'}
end
save(avail, max, rate, now, tonumber(ARGV[7]))
return {0, tostring((need - avail) / rate)}
"""

# ARGV: now, member, currentlyAvailable ('' if unknown), max, rate, refund, ttl,
#       default_max, default_rate
_SETTLE = _COMMON + """
local now = tonumber(ARGV[1])
local avail, max, rate = state(now, tonumber(ARGV[8]), tonumber(ARGV[9]))
local removed = redis.call('ZREM', KEYS[2], ARGV[2])
if ARGV[3] ~= '' then
  max, rate = tonumber(ARGV[4]), tonumber(ARGV[5])
  avail = tonumber(ARGV[3]) - inflight(now, ARGV[2])
elseif removed == 1 then
  avail = math.min(max, avail + tonumber(ARGV[6]))
end
save(avail, max, rate, now, tonumber(ARGV[7]))
return tostring(avail)
"""


@dataclass(frozen=True)
class ThrottleStatus:
    """Shopify's ``extensions.cost.throttleStatus``."""

    maximum_available: float
    currently_available: float
    restore_rate: float

    @classmethod
    def from_extensions(cls, extensions: Mapping[str, Any] | None) -> ThrottleStatus | None:
        """Read it from a response's ``extensions``; None when absent or malformed."""
        try:
            raw = extensions["cost"]["throttleStatus"]  # type: ignore[index]
            status = cls(float(raw["maximumAvailable"]), float(raw["currentlyAvailable"]),
                         float(raw["restoreRate"]))
        except (KeyError, TypeError, ValueError):
            return None
        return status if status.restore_rate > 0 and status.maximum_available > 0 else None


DEFAULT_KEY_PREFIX = "shopify:throttle:"


def bucket_keys(shop: str, key_prefix: str = DEFAULT_KEY_PREFIX) -> list[str]:
    """The estimate hash and the in-flight reservations of one shop's bucket."""
    return [f"{key_prefix}{shop}", f"{key_prefix}{shop}:inflight"]


@dataclass(frozen=True)
class Reservation:
    member: str
    cost: float


class SharedBucket:
    """The cost bucket estimate of one shop, stored in Redis.

    Args:
        redis: a ``redis.Redis`` client (any ``decode_responses`` setting).
        shop: the shop domain; one bucket per shop.
        default_maximum / default_rate: assumed until Shopify tells us (the
            smallest published plan, so a new shop is never overrun).
        hold_seconds: how long a reservation may stay unsettled before it is
            presumed lost (its worker died) and forgotten.
    """

    def __init__(self, redis: Any, shop: str, *, key_prefix: str = DEFAULT_KEY_PREFIX,
                 default_maximum: float = 1000.0, default_rate: float = 50.0,
                 hold_seconds: float = 120.0, ttl_seconds: int = 3600) -> None:
        self._redis = redis
        self._keys = bucket_keys(shop, key_prefix)
        self._cost_key = f"{key_prefix}costs"
        self._defaults = (default_maximum, default_rate)
        self._hold = hold_seconds
        self._ttl = ttl_seconds
        self._acquire = redis.register_script(_ACQUIRE)
        self._settle = redis.register_script(_SETTLE)

    def try_acquire(self, cost: float, now: float) -> tuple[Reservation | None, float]:
        """Reserve ``cost`` points now if the estimate covers them.

        Returns ``(reservation, 0)`` on success, else ``(None, seconds to wait)``.
        """
        member = f"{uuid.uuid4().hex}|{float(cost)!r}"
        granted, wait = self._acquire(keys=self._keys, args=[
            repr(now), repr(float(cost)), member, repr(self._hold),
            repr(self._defaults[0]), repr(self._defaults[1]), self._ttl])
        if int(granted) == 1:
            return Reservation(member, float(cost)), 0.0
        return None, max(float(_text(wait)), 0.0)

    def settle(self, reservation: Reservation | None, now: float,
               status: ThrottleStatus | None, *, refund: bool = False) -> float:
        """Close a reservation. With Shopify's ``status`` the estimate is reset
        to it (minus other callers' in-flight reservations); without one the
        reserved points are given back only when ``refund`` (nothing was sent).
        Returns the new estimate."""
        args = [repr(now), reservation.member if reservation else "",
                "", "", "", repr(reservation.cost if reservation else 0.0), self._ttl,
                repr(self._defaults[0]), repr(self._defaults[1])]
        if status is not None:
            args[2:5] = [repr(status.currently_available), repr(status.maximum_available),
                         repr(status.restore_rate)]
        elif not refund:
            args[5] = "0"
        return float(_text(self._settle(keys=self._keys, args=args)))

    def available(self, now: float) -> float:
        """The current estimate (for tests and diagnostics)."""
        raw = self._redis.hgetall(self._keys[0])
        values = {_text(k): float(_text(v)) for k, v in raw.items()}
        if not values:
            return self._defaults[0]
        elapsed = max(0.0, now - values["ts"])
        return min(values["max"], values["avail"] + elapsed * values["rate"])

    def remembered_cost(self, shape: str) -> float | None:
        """The requested cost Shopify last reported for this operation shape."""
        raw = self._redis.hget(self._cost_key, shape)
        return float(_text(raw)) if raw is not None else None

    def remember_cost(self, shape: str, cost: float) -> None:
        self._redis.hset(self._cost_key, shape, repr(float(cost)))


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
