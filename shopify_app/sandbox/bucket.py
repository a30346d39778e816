"""Per-shop leaky bucket for calculated query cost, with Shopify's plan rates."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

# Restore rate in points per second; the bucket holds BUCKET_FACTOR seconds of it.
PLAN_RATES: dict[str, float] = {
    "standard": 100.0,
    "advanced": 200.0,
    "plus": 1000.0,
    "enterprise": 2000.0,
}
BUCKET_FACTOR = 20

# How each plan presents itself through `shop { plan { ... } }`.
PLAN_DISPLAY_NAMES: dict[str, str] = {
    "standard": "Basic",
    "advanced": "Advanced",
    "plus": "Plus",
    "enterprise": "Plus",
}


@dataclass(frozen=True)
class Plan:
    name: str
    restore_rate: float
    maximum: float

    @classmethod
    def named(cls, name: str) -> Plan:
        key = name.strip().lower()
        if key not in PLAN_RATES:
            raise ValueError(f"unknown plan {name!r}; expected one of {sorted(PLAN_RATES)}")
        rate = PLAN_RATES[key]
        return cls(key, rate, rate * BUCKET_FACTOR)

    @classmethod
    def parse(cls, spec: str | Mapping[str, Any]) -> Plan:
        """Accept a plan name, `custom:RATE:MAXIMUM`, or a mapping.

        A mapping may name a plan and override `restore_rate` / `maximum`
        (tests use a tiny bucket to reach THROTTLED quickly).
        """
        if isinstance(spec, str):
            if spec.startswith("custom:"):
                _, rate, maximum = spec.split(":")
                return cls("custom", float(rate), float(maximum))
            return cls.named(spec)
        name = spec.get("name")
        base = cls.named(name) if name and name != "custom" else None
        rate = float(spec.get("restore_rate", base.restore_rate if base else 100.0))
        maximum = float(spec.get("maximum", base.maximum if base else rate * BUCKET_FACTOR))
        if rate <= 0 or maximum <= 0:
            raise ValueError("restore_rate and maximum must be positive")
        same = base is not None and (rate, maximum) == (base.restore_rate, base.maximum)
        return cls(base.name if same and base else "custom", rate, maximum)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "restore_rate": self.restore_rate, "maximum": self.maximum}


class LeakyBucket:
    """Thread-safe bucket: refills continuously, charged up front, refunded after."""

    def __init__(self, plan: Plan, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._plan = plan
        self._available = plan.maximum
        self._stamp = clock()
        self._spent = 0.0  # points charged and not refunded, since start (benchmarks)

    @property
    def plan(self) -> Plan:
        return self._plan

    @property
    def points_spent(self) -> float:
        with self._lock:
            return self._spent

    def _refill(self) -> None:
        now = self._clock()
        elapsed = max(0.0, now - self._stamp)
        self._stamp = now
        self._available = min(
            self._plan.maximum, self._available + elapsed * self._plan.restore_rate
        )

    def _status(self) -> dict[str, Any]:
        return {
            "maximumAvailable": float(self._plan.maximum),
            "currentlyAvailable": int(math.floor(self._available)),
            "restoreRate": float(self._plan.restore_rate),
        }

    def charge(self, cost: int) -> tuple[bool, dict[str, Any]]:
        """Take `cost` points if the bucket holds them; never goes negative."""
        with self._lock:
            self._refill()
            if cost > self._available:
                return False, self._status()
            self._available -= cost
            self._spent += cost
            return True, self._status()

    def refund(self, points: float) -> dict[str, Any]:
        with self._lock:
            self._refill()
            if points > 0:
                self._available = min(self._plan.maximum, self._available + points)
                self._spent -= points
            return self._status()

    def status(self) -> dict[str, Any]:
        with self._lock:
            self._refill()
            return self._status()

    def seconds_until(self, cost: int) -> float:
        """How long until `cost` points are available (0 when they already are)."""
        with self._lock:
            self._refill()
            missing = min(cost, self._plan.maximum) - self._available
            return max(0.0, missing / self._plan.restore_rate)

    def set_plan(self, plan: Plan) -> None:
        with self._lock:
            self._refill()
            self._plan = plan
            self._available = plan.maximum

    def set_available(self, points: float) -> None:
        with self._lock:
            self._refill()
            self._available = max(0.0, min(self._plan.maximum, float(points)))
