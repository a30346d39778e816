"""Refuse an over-eager shop's API requests with 429 and how long to wait."""
from __future__ import annotations

import math

from flask import current_app, g

from shopify_app import metrics, redis_keys
from shopify_app.errors import ApiError
from shopify_app.rate_limit import ApiRateLimiter

# Long-lived streams have their own limit on open connections.
EXEMPT_ENDPOINTS = {"api.stream_events"}


def _limiter() -> ApiRateLimiter:
    limiter = current_app.extensions.get("api_rate_limiter")
    if limiter is None:
        cfg = current_app.config
        limiter = ApiRateLimiter(current_app.extensions["redis"],
                                 cfg["SHELF_API_RATE_PER_MINUTE"], cfg["SHELF_API_BURST"])
        current_app.extensions["api_rate_limiter"] = limiter
    return limiter


def enforce(endpoint: str | None) -> None:
    """Raise a 429 envelope when the authenticated shop is over its API rate."""
    if endpoint in EXEMPT_ENDPOINTS:
        return
    verdict = _limiter().check(redis_keys.for_shop(g.shop).api_rate())
    if verdict.allowed:
        return
    metrics.api_rate_limited()
    seconds = max(1, math.ceil(verdict.retry_after))
    raise ApiError(429, f"Too many requests for this shop; retry in {seconds} s",
                   errors=[{"detail": f"Too many requests for this shop; retry in {seconds} s",
                            "meta": {"retry_after": seconds}}],
                   headers={"Retry-After": str(seconds)})
