"""The Admin GraphQL client: one object per shop per unit of work."""
from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import requests

from shopify_app import metrics

from . import cost as costs
from .documents import Document, load
from .errors import (
    AccessDeniedError,
    AuthError,
    BadResponseError,
    MaxCostExceededError,
    NotFoundError,
    OutcomeUnknownError,
    ShopUnavailableError,
    ThrottledError,
    TransientError,
)
from .throttle import RECHECK_SECONDS, Reservation, SharedBucket, ThrottleStatus
from .transport import MaybeSent, NotSent, Reply, backoff_delay, post_graphql

DEFAULT_API_VERSION = "2026-10"


class TokenProvider(Protocol):
    """Where the client gets the shop's access token.

    ``refresh_access_token`` is called at most once per request, after a 401
    or 403; raising :class:`AuthError` from it means the shop must
    re-authenticate (the client then calls ``mark_needs_reauth``). Other
    exceptions propagate unchanged.
    """

    def access_token(self) -> str: ...

    def refresh_access_token(self) -> str: ...

    def mark_needs_reauth(self) -> None: ...


class StaticTokenProvider:
    """A fixed token, for tests and tools: refreshing returns the same token."""

    def __init__(self, token: str) -> None:
        self._token = token
        self.needs_reauth = False

    def access_token(self) -> str:
        return self._token

    def refresh_access_token(self) -> str:
        return self._token

    def mark_needs_reauth(self) -> None:
        self.needs_reauth = True


class AdminClient:
    """Executes the named documents of ``graphql/`` against one shop.

    Args:
        shop_domain: ``example.myshopify.com``.
        token_provider: see :class:`TokenProvider`.
        redis: a Redis client holding the shop's shared cost bucket.
        admin_origin: send requests to ``<admin_origin>/admin/api/...`` instead
            of ``https://<shop_domain>`` (a local fake Shopify, a proxy).
        timeout: ``(connect, read)`` seconds per HTTP request.
        max_attempts: attempts for 5xx answers, timeouts and connection errors.
        throttle_deadline: longest total wait for rate limits in one call.
        sleep, clock: injected so tests never really wait.
    """

    def __init__(self, shop_domain: str, *, token_provider: TokenProvider, redis: Any,
                 admin_origin: str | None = None, api_version: str = DEFAULT_API_VERSION,
                 timeout: tuple[float, float] = (5, 30), max_attempts: int = 5,
                 throttle_deadline: float = 180.0, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.time,
                 rng: random.Random | None = None) -> None:
        self.shop_domain = shop_domain
        self.api_version = api_version
        origin = (admin_origin or f"https://{shop_domain}").rstrip("/")
        self.url = f"{origin}/admin/api/{api_version}/graphql.json"
        self.token_provider = token_provider
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.throttle_deadline = throttle_deadline
        self.session = session or requests.Session()
        self.sleep = sleep
        self.clock = clock
        self.bucket = SharedBucket(redis, shop_domain)
        self.bucket_size: float | None = None  # the plan's bucket, once Shopify told us
        self._rng = rng or random.Random()

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> AdminClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def execute(self, operation_name: str, variables: Mapping[str, Any] | None = None) -> dict:
        """Run the operation in ``graphql/<operation_name>.graphql``; return ``data``.

        Waits for the shared rate limit, retries throttled calls until
        ``throttle_deadline``, retries 5xx/timeouts of queries (and of retry-safe
        mutations) with back-off, refreshes the token once on 401/403. A mutation whose outcome is
        unknown raises :class:`OutcomeUnknownError` instead of being resent.
        """
        document = load(operation_name)
        variables = dict(variables or {})
        shape = costs.cost_shape(operation_name, variables)
        estimate = (self.bucket.remembered_cost(shape)
                    or costs.estimate_cost(document, variables))
        deadline = self.clock() + self.throttle_deadline
        failures = 0
        refreshed = False
        token = self.token_provider.access_token()
        while True:
            reservation = self._reserve(estimate, deadline, operation_name)
            try:
                reply = post_graphql(self.session, self.url, self._headers(token),
                                     {"query": document.text, "variables": variables,
                                      "operationName": operation_name}, self.timeout)
            except NotSent as exc:
                self.bucket.settle(reservation, self.clock(), None, refund=True)
                failures = self._back_off(failures, operation_name, exc)
                continue
            except MaybeSent as exc:
                self.bucket.settle(reservation, self.clock(), None)
                if not document.retry_safe:
                    raise OutcomeUnknownError(f"No answer to {operation_name}: {exc}",
                                              operation=operation_name) from exc
                failures = self._back_off(failures, operation_name, exc)
                continue
            status = ThrottleStatus.from_extensions(reply.extensions)
            self.bucket_size = status.maximum_available if status else self.bucket_size
            self.bucket.settle(reservation, self.clock(), status,
                               refund=reply.status in (401, 403, 429))
            if reply.status in (401, 403):
                if refreshed:
                    self.token_provider.mark_needs_reauth()
                    raise AuthError(f"Shopify refused the access token ({reply.status})",
                                    operation=operation_name)
                refreshed = True
                token = self._refresh()
                continue
            if reply.status == 429 or "THROTTLED" in reply.error_codes:
                estimate = _requested_cost(reply) or estimate  # Shopify's figure wins
                self._wait_throttled(reply, status, estimate, deadline, operation_name)
                continue
            if reply.status >= 500 or "INTERNAL_SERVER_ERROR" in reply.error_codes:
                message = f"Shopify answered {reply.status} to {operation_name}"
                if not document.retry_safe:
                    raise OutcomeUnknownError(message, operation=operation_name)
                failures = self._back_off(failures, operation_name, message)
                continue
            metrics.shopify_points(self.bucket_size, _spent_cost(reply))
            return self._data(document, reply, shape)

    # -- helpers ---------------------------------------------------------

    def _headers(self, token: str) -> dict[str, str]:
        return {"X-Shopify-Access-Token": token, "Content-Type": "application/json",
                "Accept": "application/json"}

    def _refresh(self) -> str:
        try:
            return self.token_provider.refresh_access_token()
        except AuthError:
            self.token_provider.mark_needs_reauth()
            raise

    def _reserve(self, estimate: float, deadline: float, operation: str) -> Reservation:
        while True:
            reservation, wait = self.bucket.try_acquire(estimate, self.clock())
            if reservation is not None:
                return reservation
            if self.clock() + wait > deadline:
                raise ThrottledError(f"Rate limit: {operation} would wait past its deadline",
                                     operation=operation, retry_after=wait)
            metrics.shopify_throttle_wait(self.bucket_size, "shared_bucket", wait)
            self.sleep(min(max(wait, 0.05), RECHECK_SECONDS))

    def _wait_throttled(self, reply: Reply, status: ThrottleStatus | None, estimate: float,
                        deadline: float, operation: str) -> None:
        """Throttled calls were not executed: wait for the refill, then resend."""
        wait = reply.retry_after()
        if wait is None and status is not None:
            wait = max(0.0, (estimate - status.currently_available) / status.restore_rate)
        wait = max(wait if wait is not None else 1.0, 0.05)
        if self.clock() + wait > deadline:
            raise ThrottledError(f"Throttled: {operation} would wait past its deadline",
                                 operation=operation, retry_after=wait)
        metrics.shopify_throttle_wait(self.bucket_size, "throttled", wait)
        self.sleep(wait)

    def _back_off(self, failures: int, operation: str, cause: object) -> int:
        failures += 1
        if failures >= self.max_attempts:
            raise TransientError(f"{operation} failed {failures} times: {cause}",
                                 operation=operation)
        self.sleep(backoff_delay(failures - 1, rng=self._rng))
        return failures

    def _data(self, document: Document, reply: Reply, shape: str) -> dict:
        name = document.name
        if reply.status == 404:
            raise NotFoundError(f"Shop {self.shop_domain} not found", operation=name)
        if reply.status in (402, 423):
            raise ShopUnavailableError(f"Shop {self.shop_domain} is unavailable "
                                       f"({reply.status})", operation=name)
        if reply.body is None:
            message = f"Unreadable answer to {name} (HTTP {reply.status})"
            if document.is_mutation and reply.status == 200:
                raise OutcomeUnknownError(message, operation=name)
            raise BadResponseError(message, operation=name)
        codes = reply.error_codes
        if "ACCESS_DENIED" in codes:
            raise AccessDeniedError(reply.error_summary(), operation=name)
        if "MAX_COST_EXCEEDED" in codes:
            raise MaxCostExceededError(reply.error_summary(), operation=name)
        if reply.errors or reply.status >= 400:
            raise BadResponseError(f"{name}: {reply.error_summary()}", operation=name)
        data = reply.body.get("data")
        if not isinstance(data, dict):
            raise BadResponseError(f"{name}: the answer has no data", operation=name)
        requested = _requested_cost(reply)
        if requested is not None:
            self.bucket.remember_cost(shape, requested)
        return data


def _spent_cost(reply: Reply) -> float:
    cost = (reply.extensions or {}).get("cost")
    actual = cost.get("actualQueryCost") if isinstance(cost, dict) else None
    return float(actual) if isinstance(actual, int | float) else 0.0


def _requested_cost(reply: Reply) -> float | None:
    cost = (reply.extensions or {}).get("cost")
    requested = cost.get("requestedQueryCost") if isinstance(cost, dict) else None
    return float(requested) if isinstance(requested, int | float) and requested > 0 else None
