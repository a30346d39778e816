"""A job kind for engine tests and benchmarks: instant work, failures on demand.

Body: {"kind": "counter", "count": N, "fail": [positions], "flaky": [positions],
       "sleep": seconds per item, "enumerate_sleep": seconds per item listed,
       "size_hint": what size_hint() says (a number, or "error" to raise), "title": ...}
Every processed item bumps a Redis counter, so tests can see how often it ran.
"""
from __future__ import annotations

import time
from typing import Any

import redis

from shopify_app.errors import ValidationError
from shopify_app.jobs.kinds import ItemInput, ItemResult, ItemSpec, JobKind, NewJob, register


class CounterKind(JobKind):
    name = "counter"
    stage = "generating"
    reviewable = False
    batch_size = 50

    def __init__(self, redis_url: str | None = None) -> None:
        self.redis_url = redis_url

    def validate(self, body: dict[str, Any], shop, staff) -> NewJob:  # type: ignore[no-untyped-def]
        count = body.get("count")
        if not isinstance(count, int) or not 0 <= count <= 100_000:
            raise ValidationError([("count", "count must be a whole number from 0 to 100000")])
        return NewJob(title=str(body.get("title") or f"{count} counters"), field="counter",
                      params={"count": count, "fail": body.get("fail", []),
                              "flaky": body.get("flaky", []), "sleep": body.get("sleep", 0),
                              "enumerate_sleep": body.get("enumerate_sleep", 0),
                              "size_hint": body.get("size_hint")},
                      customer_name=body.get("customer_name"), reference=body.get("reference"))

    def size_hint(self, context):  # type: ignore[no-untyped-def]
        hint = context.job.params.get("size_hint")
        if hint == "error":
            raise RuntimeError("the products count failed")  # as a Shopify error would
        return hint

    def enumerate(self, context):  # type: ignore[no-untyped-def]
        params = context.job.params
        for position in range(params["count"]):
            if params.get("enumerate_sleep"):
                time.sleep(params["enumerate_sleep"])  # a slow catalog read
            yield ItemSpec(product_id=f"gid://shopify/Product/{position + 1}",
                           product_title=f"Product {position + 1}", original=str(position),
                           input={"n": position})

    def process(self, item: ItemInput, context) -> ItemResult:  # type: ignore[no-untyped-def]
        params = context.job.params
        if self.redis_url:
            redis.Redis.from_url(self.redis_url).hincrby(f"counter:{context.job.id}",
                                                         str(item.id), 1)
        if params.get("sleep"):
            time.sleep(params["sleep"])
        position = item.input["n"]
        if position in params.get("fail", []):
            return ItemResult(ok=False, error=f"Item {position} is broken on purpose")
        if position in params.get("flaky", []) and item.attempts < 2:
            return ItemResult(ok=False, error="Provider timed out", retryable=True)
        return ItemResult(ok=True, proposed=f"value {position}", tokens_in=1, tokens_out=2)


def register_kinds() -> None:
    import os

    register(CounterKind(os.environ.get("SHELF_COUNTER_REDIS_URL")))
