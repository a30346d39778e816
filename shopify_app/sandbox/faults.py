"""Fault injection: latency, edge 5xx, dropped connections, forced throttling.

Faults apply to the Shopify-facing routes (`/admin/...`) only, never to the
`/sandbox/...` control and file routes, so a test can always inspect state.
"""

from __future__ import annotations

import contextlib
import dataclasses
import random
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_EDGE_PAGES = {
    502: b"<html><head><title>502 Bad Gateway</title></head>"
    b"<body><h1>502 Bad Gateway</h1></body></html>",
    503: b"<html><head><title>503 Service Unavailable</title></head>"
    b"<body><h1>503 Service Unavailable</h1></body></html>",
}


@dataclass
class FaultSettings:
    latency_ms: int = 0  # added to every Shopify-facing request
    latency_jitter_ms: int = 0  # plus a uniform 0..jitter
    error_rate: float = 0.0  # share of requests answered 502/503 by "the edge"
    drop_rate: float = 0.0  # share of requests whose connection is closed unanswered
    drop_after_rate: float = 0.0  # same, but after the request has been carried out
    fail_next: int = 0  # the next N requests answer 503 (deterministic)
    drop_next: int = 0  # the next N requests are dropped unanswered
    throttle_next: int = 0  # the next N GraphQL calls answer THROTTLED
    throttle_status: int = 200  # HTTP status of THROTTLED answers: 200 or 429
    bulk_denied: bool = False  # bulk operations answer ACCESS_DENIED
    webhook_duplicate_rate: float = 0.0  # share of webhooks delivered twice
    seed: int | None = None  # seeds the fault dice for repeatable runs

    def validate(self) -> None:
        for name in ("error_rate", "drop_rate", "drop_after_rate", "webhook_duplicate_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        for name in ("latency_ms", "latency_jitter_ms", "fail_next", "drop_next", "throttle_next"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.throttle_status not in (200, 429):
            raise ValueError("throttle_status must be 200 or 429")


_FIELD_TYPES = {f.name: f.type for f in dataclasses.fields(FaultSettings)}


def coerce_settings(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Turn loosely typed input (env vars, JSON) into FaultSettings field values."""
    out: dict[str, Any] = {}
    for key, raw in changes.items():
        if key not in _FIELD_TYPES:
            raise ValueError(f"unknown setting {key!r}")
        kind = str(_FIELD_TYPES[key])
        if raw is None:
            out[key] = None if "None" in kind else 0
        elif "bool" in kind:
            out[key] = (
                raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes", "on")
            )
        elif "float" in kind:
            out[key] = float(raw)
        else:
            out[key] = int(raw)
    return out


class Faults:
    """Thread-safe holder of the fault settings and their dice."""

    def __init__(self, settings: FaultSettings | None = None) -> None:
        self._lock = threading.Lock()
        self.settings = settings or FaultSettings()
        self.settings.validate()
        self._rng = random.Random(self.settings.seed)

    def update(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        values = coerce_settings(changes)
        with self._lock:
            candidate = dataclasses.replace(self.settings, **values)
            candidate.validate()
            self.settings = candidate
            if "seed" in values:
                self._rng = random.Random(candidate.seed)
            return dataclasses.asdict(candidate)

    def reset(self) -> dict[str, Any]:
        with self._lock:
            self.settings = FaultSettings()
            self._rng = random.Random()
            return dataclasses.asdict(self.settings)

    def as_dict(self) -> dict[str, Any]:
        with self._lock:
            return dataclasses.asdict(self.settings)

    def plan_request(self) -> tuple[float, str | None, int]:
        """Decide one request's fate: (delay seconds, action, status).

        action is None, "error", "drop" or "drop_after".
        """
        with self._lock:
            s = self.settings
            delay = s.latency_ms / 1000.0
            if s.latency_jitter_ms:
                delay += self._rng.uniform(0, s.latency_jitter_ms) / 1000.0
            if s.fail_next > 0:
                s.fail_next -= 1
                return delay, "error", 503
            if s.drop_next > 0:
                s.drop_next -= 1
                return delay, "drop", 0
            if s.error_rate and self._rng.random() < s.error_rate:
                return delay, "error", self._rng.choice((502, 503))
            if s.drop_rate and self._rng.random() < s.drop_rate:
                return delay, "drop", 0
            if s.drop_after_rate and self._rng.random() < s.drop_after_rate:
                return delay, "drop_after", 0
            return delay, None, 0

    def take_throttle(self) -> bool:
        with self._lock:
            if self.settings.throttle_next > 0:
                self.settings.throttle_next -= 1
                return True
            return False

    @property
    def throttle_status(self) -> int:
        return self.settings.throttle_status

    @property
    def bulk_denied(self) -> bool:
        return self.settings.bulk_denied

    def duplicate_webhook(self) -> bool:
        with self._lock:
            rate = self.settings.webhook_duplicate_rate
            return bool(rate) and self._rng.random() < rate


def _drop_connection(environ: Mapping[str, Any]) -> None:
    """Close the client's socket without a response.

    Shutting the socket down makes the client read EOF before any status line
    (requests raises ConnectionError); raising ConnectionAbortedError tells
    werkzeug the peer is gone, so it writes nothing and logs nothing.
    """
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    raise ConnectionAbortedError("connection dropped by fault injection")


class FaultMiddleware:
    """WSGI wrapper applying Faults to paths under the given prefixes."""

    def __init__(
        self,
        app: Callable[..., Iterable[bytes]],
        faults: Faults,
        prefixes: tuple[str, ...] = ("/admin/",),
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.app = app
        self.faults = faults
        self.prefixes = prefixes
        self._sleep = sleep

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if not environ.get("PATH_INFO", "").startswith(self.prefixes):
            return self.app(environ, start_response)
        delay, action, status = self.faults.plan_request()
        if delay:
            self._sleep(delay)
        if action == "error":
            body = _EDGE_PAGES[status]
            reason = "Bad Gateway" if status == 502 else "Service Unavailable"
            start_response(
                f"{status} {reason}",
                [("Content-Type", "text/html"), ("Content-Length", str(len(body)))],
            )
            return [body]
        if action == "drop":
            _drop_connection(environ)
        if action == "drop_after":
            result = self.app(environ, lambda *args, **kwargs: lambda data: None)
            try:
                for _chunk in result:
                    pass
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
            _drop_connection(environ)
        return self.app(environ, start_response)
