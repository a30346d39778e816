"""Publishing generated text: one product field (or one image's alt text) swapped for ours."""
from __future__ import annotations

from typing import Any

from shopify_app.ai import GenerationSettings, InvalidOutputError, validate_output
from shopify_app.jobs.errors import InvalidInput
from shopify_app.jobs.kinds.base import JobView
from shopify_app.jobs.kinds.generate import fields
from shopify_app.jobs.kinds.publisher import (
    CONFLICT,
    DONE,
    FAILED,
    Outcome,
    PublishContext,
    ValueSwapPublisher,
    Write,
)
from shopify_app.models import JobItem


class TextPublisher(ValueSwapPublisher):
    def target(self, job: JobView, item: JobItem) -> str:
        return fields.target_of(item, job.field or "")

    def read(self, context: PublishContext, targets: list[str]) -> dict[str, Any]:
        return fields.read_current(context.shopify(), context.job.field or "", targets)

    def write(self, context: PublishContext, writes: list[Write]) -> dict[int, Outcome]:
        field = context.job.field or ""
        changes = [fields.Change(w.target, w.value, w.previous) for w in writes]
        results = fields.write(context.shopify(), field, changes, use_bulk=context.use_bulk)
        outcomes: dict[int, Outcome] = {}
        for change in writes:
            result = results.get(change.target)
            if result is None:
                continue
            if result.ok:
                outcomes[change.item_id] = Outcome(
                    DONE, value=fields.written_value(field, result, change.value))
            elif result.reason == "conflict":
                outcomes[change.item_id] = Outcome(CONFLICT, result.error_message,
                                                   value=change.previous)
            else:
                outcomes[change.item_id] = Outcome(FAILED, result.error_message)
        return outcomes

    def validate_edit(self, job: JobView, item: JobItem, value: Any) -> str:
        """An edit obeys the rules generated text obeys (length, allowed HTML)."""
        if not isinstance(value, str):
            raise InvalidInput([("proposed", "proposed must be text")])
        settings = GenerationSettings.from_mapping(job.params.get("settings"), job.options)
        try:
            return validate_output(job.field, value, settings, from_model=False)
        except InvalidOutputError as exc:
            raise InvalidInput([("proposed", str(exc))]) from exc
