"""How a reviewable kind's results reach the store and come back out.

The engine (jobs/publishing.py) claims items, hands them to the kind's publisher,
records the outcomes and settles the job; it never looks at the values. A
publisher decides, per item: written (`done`), held back because someone changed
the value meanwhile (`conflict`), or `failed`, with a reason a merchant reads.

Most kinds swap one value for another: `ValueSwapPublisher` does the compare
before writing, so such a kind only says how to read and write its values.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any

from shopify_app.shopify.outcomes import same_value

if TYPE_CHECKING:
    from shopify_app.jobs.kinds.base import JobView
    from shopify_app.models import JobItem

DONE, CONFLICT, FAILED = "done", "conflict", "failed"
MISSING = object()  # the target no longer exists in the store
CONFLICT_MESSAGE = "Changed in Shopify since Shelf read it: review it to keep theirs or overwrite"


@dataclass
class Outcome:
    """One item's result. `value` is what the store holds now (what we wrote, or the
    conflicting value). `replaced` is set when a forced write overwrote a value that
    was not the one the item expected: reverting puts that value back."""

    verdict: str
    message: str | None = None
    value: Any = None
    replaced: str | None = None


@dataclass
class PublishContext:
    """What a publisher may use: the job, its shop's Admin API client (lazily), whether
    the merchant forced the write, whether the selection is large enough for bulk, and
    `remember` to store an item's intent before writing (so a retry repeats it)."""

    job: JobView
    force: bool
    use_bulk: bool
    client_factory: Callable[[], Any]
    remember: Callable[[JobItem, str], None]
    _client: Any = dataclass_field(default=None, repr=False)

    def shopify(self) -> Any:
        if self._client is None:
            self._client = self.client_factory()
        return self._client


class Publisher:
    """The interface. Items are the job's rows, claimed for this action."""

    def publish(self, items: list[JobItem], context: PublishContext) -> dict[int, Outcome]:
        raise NotImplementedError

    def revert(self, items: list[JobItem], context: PublishContext) -> dict[int, Outcome]:
        raise NotImplementedError

    def validate_edit(self, job: JobView, item: JobItem, value: Any) -> str:
        """The value to store for a merchant's edit; raise InvalidInput (field "proposed")."""
        raise NotImplementedError


@dataclass(frozen=True)
class Write:
    item_id: int
    target: str
    value: str
    previous: Any


class ValueSwapPublisher(Publisher):
    """Publish writes `proposed` where `original` was; revert writes `original` back.

    Before each write the value in the store is compared with the one the item
    expects to replace. Equal to what we would write: a retried task, recorded
    without writing again. Different from what we expect: a conflict, unless the
    merchant forces it, and then the overwritten value is kept for the revert.
    """

    def target(self, job: JobView, item: JobItem) -> str:
        return item.target_id or item.product_id or ""

    def read(self, context: PublishContext, targets: list[str]) -> dict[str, Any]:
        """The value each target holds now, MISSING when it is gone."""
        raise NotImplementedError

    def write(self, context: PublishContext, writes: list[Write]) -> dict[int, Outcome]:
        """Write each value; one outcome per item id (value = what the store now holds)."""
        raise NotImplementedError

    def publish(self, items: list[JobItem], context: PublishContext) -> dict[int, Outcome]:
        return self._swap(items, context, publishing=True)

    def revert(self, items: list[JobItem], context: PublishContext) -> dict[int, Outcome]:
        return self._swap(items, context, publishing=False)

    def _swap(self, items: list[JobItem], context: PublishContext, *,
              publishing: bool) -> dict[int, Outcome]:
        targets = {item.id: self.target(context.job, item) for item in items}
        try:
            current = self.read(context, sorted(set(targets.values())))
        except Exception as exc:
            if getattr(exc, "retryable", False):
                raise  # the task is retried; the items stay claimed
            message = f"Could not read the current values from Shopify: {exc}"[:2000]
            return {item.id: Outcome(FAILED, message) for item in items}
        originals = {item.id: item.original for item in items}
        outcomes: dict[int, Outcome] = {}
        writes: list[Write] = []
        for item in items:
            now = current.get(targets[item.id], MISSING)
            desired = (item.proposed if publishing else item.original) or ""
            expected = item.original if publishing else item.published_value
            if now is MISSING:
                outcomes[item.id] = Outcome(FAILED, "This product or image no longer exists")
            elif same_value(now, desired):
                outcomes[item.id] = Outcome(DONE, value=now)  # already there: a retried task
            elif not same_value(now, expected) and not context.force:
                outcomes[item.id] = Outcome(CONFLICT, CONFLICT_MESSAGE, value=now)
            else:
                writes.append(Write(item.id, targets[item.id], desired, now))
        written = self.write(context, writes) if writes else {}
        for change in writes:
            outcome = written.get(change.item_id) or Outcome(
                FAILED, "Shopify did not answer for this item")
            if outcome.verdict == CONFLICT and outcome.value is None:
                outcome.value = change.previous
            forced_over = not same_value(change.previous, originals[change.item_id])
            if outcome.verdict == DONE and publishing and forced_over:
                outcome.replaced = change.previous  # the merchant's value, kept for revert
            outcomes[change.item_id] = outcome
        return outcomes
