"""JSON over HTTP to a model API, retried the way rate-limited APIs expect.

429, 408, 5xx, timeouts and dropped connections are retried with exponential
back-off and full jitter, honouring ``Retry-After`` (seconds or an HTTP date)
when the server sends one. A wait longer than we are willing to block a worker
for is not slept: the error goes up with ``retry_after`` so the job can be
re-queued for later instead. Generating text has no side effect, so repeating
a request that may have reached the server is safe.
"""
from __future__ import annotations

import email.utils
import json
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from shopify_app import metrics

from .errors import (
    BadRequestError,
    ConcurrencyTimeoutError,
    ProviderAuthError,
    ProviderError,
    ProviderUnavailableError,
    RateLimitedError,
)
from .limiter import Limiter, NullLimiter

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 520, 522, 524, 529})


@dataclass(frozen=True)
class RetryPolicy:
    """``max_attempts`` counts the first try. Delays are in seconds."""

    max_attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 20.0
    max_retry_after: float = 60.0


def parse_retry_after(value: str | None, now: float) -> float | None:
    """``Retry-After`` as seconds from ``now``: a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def error_detail(body: Any, text: str) -> str:
    """The provider's own error message (OpenAI and Anthropic both use ``error.message``)."""
    if isinstance(body, Mapping):
        error = body.get("error")
        if isinstance(error, Mapping) and error.get("message"):
            return str(error["message"])[:300]
        if isinstance(error, str):
            return error[:300]
        if body.get("message"):
            return str(body["message"])[:300]
    return " ".join(text.split())[:200]


def _pooled_session() -> requests.Session:
    """A connection pool with room for every worker thread of a batch.

    Keep-alive connections are reused across items; requests' default pool of
    10 would drop and reopen connections when more threads share it.
    """
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=32)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


class JsonClient:
    """POSTs JSON over one pool of keep-alive connections, one concurrency slot per attempt."""

    def __init__(self, provider: str, *, session: requests.Session | None = None,
                 timeout: tuple[float, float] = (5.0, 90.0),
                 policy: RetryPolicy | None = None, limiter: Limiter | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.time,
                 rng: random.Random | None = None) -> None:
        self.provider = provider
        self.session = session or _pooled_session()
        self.timeout = timeout
        self.policy = policy or RetryPolicy()
        self.limiter = limiter or NullLimiter()
        self.sleep = sleep
        self.clock = clock
        self.rng = rng or random.Random()

    def post(self, url: str, headers: Mapping[str, str], payload: Mapping[str, Any]) -> Any:
        """POST ``payload`` and return the parsed JSON answer.

        Raises:
            RateLimitedError, ProviderUnavailableError: retryable; retries ran out
                (or the server asked for a longer wait than ``max_retry_after``).
            ConcurrencyTimeoutError: no concurrency slot came free in time.
            ProviderAuthError: 401/403.
            BadRequestError: any other 4xx.
        """
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._once(url, headers, payload)
            except ProviderError as exc:
                # A full limiter already waited its timeout; waiting again helps nobody.
                if (not exc.retryable or attempt >= self.policy.max_attempts
                        or isinstance(exc, ConcurrencyTimeoutError)):
                    raise
                delay = self._delay(exc, attempt)
                if delay is None:
                    raise
                log.info("%s: %s; retrying in %.1fs (attempt %d of %d)", self.provider,
                         exc.message, delay, attempt + 1, self.policy.max_attempts)
                self.sleep(delay)

    def _delay(self, exc: ProviderError, attempt: int) -> float | None:
        if exc.retry_after is not None:
            # Longer than we block a worker: let the job engine schedule it.
            return exc.retry_after if exc.retry_after <= self.policy.max_retry_after else None
        ceiling = min(self.policy.max_delay, self.policy.base_delay * 2 ** (attempt - 1))
        return self.rng.uniform(0, ceiling)

    def _once(self, url: str, headers: Mapping[str, str], payload: Mapping[str, Any]) -> Any:
        started = time.monotonic()
        try:
            answer = self._exchange(url, headers, payload)
        except ProviderError as exc:
            metrics.provider_request(self.provider, time.monotonic() - started,
                                     type(exc).__name__)
            raise
        metrics.provider_request(self.provider, time.monotonic() - started)
        return answer

    def _exchange(self, url: str, headers: Mapping[str, str],
                  payload: Mapping[str, Any]) -> Any:
        try:
            with self.limiter.slot():
                response = self.session.post(
                    url, data=json.dumps(payload),
                    headers={"Content-Type": "application/json", **headers},
                    timeout=self.timeout)
                text = response.text
        except requests.Timeout as exc:
            raise ProviderUnavailableError(f"{self.provider} did not answer in time",
                                           provider=self.provider) from exc
        except requests.RequestException as exc:
            raise ProviderUnavailableError(
                f"could not reach {self.provider}: {type(exc).__name__}",
                provider=self.provider) from exc
        try:
            body = json.loads(text) if text else None
        except ValueError:
            body = None
        status = response.status_code
        if 200 <= status < 300:
            if body is None:
                raise ProviderUnavailableError(
                    f"{self.provider} answered with something that is not JSON",
                    provider=self.provider, status=status)
            return body
        detail = error_detail(body, text)
        message = f"{self.provider} answered {status}: {detail}"
        retry_after = parse_retry_after(response.headers.get("Retry-After"), self.clock())
        if status == 429:
            raise RateLimitedError(message, provider=self.provider, status=status,
                                   retry_after=retry_after)
        if status in RETRY_STATUSES:
            raise ProviderUnavailableError(message, provider=self.provider, status=status,
                                           retry_after=retry_after)
        if status in (401, 403):
            raise ProviderAuthError(f"{self.provider} refused the API key ({status}): {detail}",
                                    provider=self.provider, status=status)
        raise BadRequestError(message, provider=self.provider, status=status)
