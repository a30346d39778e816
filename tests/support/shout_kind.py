"""A reviewable kind added by the test suite alone: it proves the plug-in boundary.

`shout` reads labels from a tiny key-value "store" (a Redis hash standing in for
the shop's data), proposes each in capitals, and publishes through its own
publisher, which compares before writing like every value-swap publisher. No
engine, web or script file knows it: the pages show it from its Presentation.

Body: {"kind": "shout", "keys": ["a", "b"], "title": ...}
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from shopify_app.extensions import redis_ext
from shopify_app.jobs.errors import InvalidInput
from shopify_app.jobs.kinds import ItemInput, ItemResult, ItemSpec, JobKind, NewJob, RunContext
from shopify_app.jobs.kinds.base import JobView, Presentation
from shopify_app.jobs.kinds.publisher import (
    DONE,
    MISSING,
    Outcome,
    PublishContext,
    ValueSwapPublisher,
    Write,
)

MAX_LENGTH = 40


def store_key(shop_id: int) -> str:
    return f"test:shout-store:{shop_id}"


class ShoutPublisher(ValueSwapPublisher):
    def read(self, context: PublishContext, targets: list[str]) -> dict[str, Any]:
        values = redis_ext.client.hmget(store_key(context.job.shop_id), targets)
        return {key: MISSING if value is None else value.decode()
                for key, value in zip(targets, values, strict=True)}

    def write(self, context: PublishContext, writes: list[Write]) -> dict[int, Outcome]:
        redis_ext.client.hset(store_key(context.job.shop_id),
                              mapping={w.target: w.value for w in writes})
        return {w.item_id: Outcome(DONE, value=w.value) for w in writes}

    def validate_edit(self, job: JobView, item: Any, value: Any) -> str:
        if not isinstance(value, str) or not value.strip() or len(value) > MAX_LENGTH:
            raise InvalidInput([("proposed", f"a label is 1 to {MAX_LENGTH} characters of text")])
        return value.strip()


class ShoutKind(JobKind):
    name = "shout"
    stage = "generating"
    reviewable = True
    batch_size = 10
    publisher = ShoutPublisher()

    def presentation(self, job) -> Presentation:  # type: ignore[no-untyped-def]
        return Presentation(label="Shouted labels", icon="text", publish_verb="Apply",
                            result_label="Label")

    def validate(self, body: dict[str, Any], shop, staff) -> NewJob:  # type: ignore[no-untyped-def]
        keys = body.get("keys")
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
            raise InvalidInput([("keys", "keys must be a list of store keys")])
        return NewJob(title=str(body.get("title") or "Shout"), params={"keys": keys})

    def enumerate(self, context: RunContext) -> Iterator[ItemSpec]:
        keys = context.job.params["keys"]
        values = redis_ext.client.hmget(store_key(context.shop.id), keys)
        for key, value in zip(keys, values, strict=True):
            yield ItemSpec(product_title=f"Label {key}", target_id=key,
                           original=(value or b"").decode())

    def process(self, item: ItemInput, context: RunContext) -> ItemResult:
        if not item.original:
            return ItemResult(ok=False, error="Nothing to shout")
        return ItemResult(ok=True, proposed=item.original.upper() + "!")


def register_kinds() -> None:
    from shopify_app.jobs.kinds import register

    register(ShoutKind())
