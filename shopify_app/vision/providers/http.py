"""POST a JSON request to a provider, retrying throttling and transient failures.

429, 408 and 5xx answers, timeouts and dropped connections are retried with
exponential back-off, or after the provider's ``Retry-After`` when it sends
one. A ``Retry-After`` longer than the policy allows is not slept through in
a worker thread: it raises at once so the job can be rescheduled.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from ..errors import ProviderAuthError, ProviderResponseError, ProviderTransientError

_RETRYABLE_STATUSES = {408, 429, 500, 502, 503, 504}


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry one request."""

    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 30.0

    def backoff(self, attempt: int) -> float:
        return min(self.max_delay, self.base_delay * (2 ** attempt))


DEFAULT_POLICY = RetryPolicy()


class ThreadSessions:
    """A ``requests`` session per thread, or the one session a caller supplied.

    ``requests`` does not promise that a session is safe to share between
    threads, and one provider is shared by a job's worker threads.
    """

    def __init__(self, session: requests.Session | None = None) -> None:
        self._given = session
        self._local = threading.local()

    def get(self) -> requests.Session:
        if self._given is not None:
            return self._given
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Parse ``Retry-After`` (seconds or an HTTP date) into seconds from now."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def post_json(session: requests.Session, url: str, payload: Mapping[str, Any], *,
              provider: str, headers: Mapping[str, str] | None = None,
              timeout: tuple[float, float] = (5.0, 60.0),
              policy: RetryPolicy | None = None,
              sleep: Callable[[float], None] = time.sleep) -> dict[str, Any]:
    """Send one JSON request and return the JSON object it answers.

    Raises:
        ProviderTransientError: throttled or failing after every attempt (retryable).
        ProviderAuthError: 401 or 403.
        ProviderResponseError: another 4xx, or a 2xx whose body is not a JSON object.
    """
    policy = policy or DEFAULT_POLICY
    last: ProviderTransientError | None = None
    for attempt in range(max(1, policy.attempts)):
        delay = policy.backoff(attempt)
        try:
            response = session.post(url, json=dict(payload), headers=dict(headers or {}),
                                    timeout=timeout)
        except requests.Timeout:
            last = ProviderTransientError(f"The {provider} provider did not answer in time",
                                          provider=provider)
        except requests.RequestException:
            last = ProviderTransientError(f"The {provider} provider could not be reached",
                                          provider=provider)
        else:
            status = response.status_code
            if 200 <= status < 300:
                return _json_object(response, provider)
            if status in (401, 403):
                raise ProviderAuthError(f"The {provider} provider refused the API key "
                                        f"(HTTP {status})", provider=provider)
            if status not in _RETRYABLE_STATUSES:
                raise ProviderResponseError(
                    f"The {provider} provider refused the request: HTTP {status}: "
                    f"{_snippet(response)}", provider=provider)
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            last = ProviderTransientError(
                f"The {provider} provider is busy or failing (HTTP {status})",
                provider=provider, retry_after=wait)
            if wait is not None:
                if wait > policy.max_retry_after:
                    raise last
                delay = wait
        if attempt + 1 < policy.attempts:
            sleep(delay)
    assert last is not None
    raise last


def _json_object(response: requests.Response, provider: str) -> dict[str, Any]:
    try:
        body = response.json()
    except (ValueError, requests.RequestException) as exc:
        raise ProviderResponseError(f"The {provider} provider answered with something that "
                                    "is not JSON", provider=provider) from exc
    if not isinstance(body, dict):
        raise ProviderResponseError(f"The {provider} provider answered with an unexpected "
                                    "JSON shape", provider=provider)
    return body


def _snippet(response: requests.Response, limit: int = 200) -> str:
    try:
        body = response.json()
        error = body.get("error") if isinstance(body, dict) else None
        message = error.get("message") if isinstance(error, dict) else error
        text = str(message) if message else json.dumps(body)
    except ValueError:
        text = response.text
    return " ".join(text.split())[:limit]
