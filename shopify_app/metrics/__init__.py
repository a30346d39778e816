"""Prometheus counters and histograms, and one-line helpers to move them.

Every process (gunicorn workers, RQ workers) records into the same metric names.
With PROMETHEUS_MULTIPROC_DIR set before the process starts, prometheus-client
writes the values to files there and `/metrics` adds up every process's files;
without it they live in this process only (development and tests).

Labels stay bounded: job kinds, queue names, outcomes, providers, and the
Shopify plan's bucket size instead of the shop (thousands of shops would be
thousands of series).
"""
from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

# Metrics register here rather than in prometheus-client's global registry, so
# importing this module twice (tests, app factories) never clashes.
REGISTRY = CollectorRegistry(auto_describe=True)

ITEMS_PROCESSED = Counter("shelf_items_processed", "Job items finished, by kind and outcome",
                          ["kind", "outcome"], registry=REGISTRY)
JOBS_FINISHED = Counter("shelf_jobs_finished", "Jobs that reached a final status",
                        ["kind", "status"], registry=REGISTRY)
SHOPIFY_POINTS = Counter("shelf_shopify_points_used",
                         "Admin API query cost spent, by the shop's bucket size",
                         ["bucket"], registry=REGISTRY)
SHOPIFY_THROTTLE_WAITS = Counter("shelf_shopify_throttle_waits",
                                 "Times a call waited for Admin API points", ["bucket", "reason"],
                                 registry=REGISTRY)
SHOPIFY_THROTTLE_SECONDS = Counter("shelf_shopify_throttle_wait_seconds",
                                   "Seconds spent waiting for Admin API points", ["bucket"],
                                   registry=REGISTRY)
PROVIDER_LATENCY = Histogram("shelf_provider_request_seconds",
                             "AI and vision provider request time", ["provider"],
                             buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 90),
                             registry=REGISTRY)
PROVIDER_ERRORS = Counter("shelf_provider_errors", "Failed provider requests",
                          ["provider", "reason"], registry=REGISTRY)
PUBLISHES = Counter("shelf_publishes", "Results written to (or reverted in) the store",
                    ["action", "outcome"], registry=REGISTRY)
REAPER_RECOVERIES = Counter("shelf_reaper_recoveries", "Work the reaper found stuck and resumed",
                            ["what"], registry=REGISTRY)
FAN_OUTS_HANDED_OVER = Counter("shelf_fan_outs_handed_over",
                               "Fan-outs of large jobs moved off the high queue before reading",
                               ["queue"], registry=REGISTRY)
API_RATE_LIMITED = Counter("shelf_api_rate_limited", "API requests refused by the per-shop limit",
                           registry=REGISTRY)


def items_processed(kind: str, succeeded: int, failed: int) -> None:
    if succeeded:
        ITEMS_PROCESSED.labels(kind, "succeeded").inc(succeeded)
    if failed:
        ITEMS_PROCESSED.labels(kind, "failed").inc(failed)


def job_finished(kind: str, status: str) -> None:
    JOBS_FINISHED.labels(kind, status).inc()


def bucket_label(maximum_available: float | None) -> str:
    """The shop's bucket size names its plan tier (1000 standard … 20000 Plus)."""
    return str(int(maximum_available)) if maximum_available else "unknown"


def shopify_points(maximum_available: float | None, cost: float) -> None:
    if cost > 0:
        SHOPIFY_POINTS.labels(bucket_label(maximum_available)).inc(cost)


def shopify_throttle_wait(maximum_available: float | None, reason: str, seconds: float) -> None:
    bucket = bucket_label(maximum_available)
    SHOPIFY_THROTTLE_WAITS.labels(bucket, reason).inc()
    SHOPIFY_THROTTLE_SECONDS.labels(bucket).inc(max(seconds, 0.0))


def provider_request(provider: str, seconds: float, error: str | None = None) -> None:
    PROVIDER_LATENCY.labels(provider).observe(seconds)
    if error:
        PROVIDER_ERRORS.labels(provider, error).inc()


def publish(action: str, outcome: str, count: int = 1) -> None:
    if count:
        PUBLISHES.labels(action, outcome).inc(count)


def reaper_recovered(counts: dict[str, int]) -> dict[str, int]:
    """Count a reaper run's recoveries by what was recovered; returns `counts` unchanged."""
    for what, count in counts.items():
        if count:
            REAPER_RECOVERIES.labels(what).inc(count)
    return counts


def fan_out_handed_over(queue: str) -> None:
    FAN_OUTS_HANDED_OVER.labels(queue).inc()


def api_rate_limited() -> None:
    API_RATE_LIMITED.inc()
