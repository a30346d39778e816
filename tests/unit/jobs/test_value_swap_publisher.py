"""The compare-before-write rules every value-swap publisher shares."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from shopify_app.jobs.kinds.base import Presentation
from shopify_app.jobs.kinds.publisher import (
    DONE,
    FAILED,
    MISSING,
    Outcome,
    PublishContext,
    ValueSwapPublisher,
    Write,
)


class DictPublisher(ValueSwapPublisher):
    def __init__(self, store: dict[str, str], fail_read: Exception | None = None) -> None:
        self.store, self.fail_read, self.written = store, fail_read, []

    def read(self, context: PublishContext, targets: list[str]) -> dict[str, Any]:
        if self.fail_read:
            raise self.fail_read
        return {t: self.store.get(t, MISSING) for t in targets}

    def write(self, context: PublishContext, writes: list[Write]) -> dict[int, Outcome]:
        self.written += writes
        for change in writes:
            self.store[change.target] = change.value
        return {w.item_id: Outcome(DONE, value=w.value) for w in writes}


def _item(item_id: int, target: str, original: str, proposed: str,
          published: str | None = None) -> Any:
    return SimpleNamespace(id=item_id, target_id=target, product_id=None, original=original,
                           proposed=proposed, published_value=published)


def _context(force: bool = False) -> PublishContext:
    return PublishContext(job=SimpleNamespace(shop_id=1), force=force, use_bulk=False,
                          client_factory=lambda: None, remember=lambda item, value: None)


def test_publish_writes_where_the_original_still_is():
    publisher = DictPublisher({"a": "old"})
    outcomes = publisher.publish([_item(1, "a", "old", "new")], _context())
    assert outcomes[1].verdict == DONE and outcomes[1].replaced is None
    assert publisher.store == {"a": "new"}


def test_a_changed_value_is_a_conflict_unless_forced_and_then_it_is_kept():
    publisher = DictPublisher({"a": "merchant"})
    held = publisher.publish([_item(1, "a", "old", "new")], _context())
    assert held[1].verdict == "conflict" and held[1].value == "merchant"
    assert publisher.store == {"a": "merchant"}
    forced = publisher.publish([_item(1, "a", "old", "new")], _context(force=True))
    assert forced[1].verdict == DONE and forced[1].replaced == "merchant"


def test_a_retried_task_finds_its_value_and_writes_nothing():
    publisher = DictPublisher({"a": "new"})
    outcomes = publisher.publish([_item(1, "a", "old", "new")], _context())
    assert outcomes[1].verdict == DONE and publisher.written == []


def test_revert_compares_with_what_was_published():
    publisher = DictPublisher({"a": "new", "b": "edited later"})
    outcomes = publisher.revert([_item(1, "a", "old", "new", "new"),
                                 _item(2, "b", "old", "new", "new")], _context())
    assert outcomes[1].verdict == DONE and publisher.store["a"] == "old"
    assert outcomes[2].verdict == "conflict" and publisher.store["b"] == "edited later"


def test_a_missing_target_fails_with_a_reason():
    outcomes = DictPublisher({}).publish([_item(1, "gone", "old", "new")], _context())
    assert outcomes[1].verdict == FAILED and "no longer exists" in outcomes[1].message


def test_read_errors_fail_the_items_unless_retryable():
    broken = DictPublisher({"a": "old"}, fail_read=RuntimeError("boom"))
    outcomes = broken.publish([_item(1, "a", "old", "new")], _context())
    assert outcomes[1].verdict == FAILED and "boom" in outcomes[1].message
    transient = RuntimeError("throttled")
    transient.retryable = True  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError):
        DictPublisher({"a": "old"}, fail_read=transient).publish(
            [_item(1, "a", "old", "new")], _context())


def test_presentation_words_the_actions_and_hides_them_when_not_reviewable():
    shown = Presentation(label="Image analysis", publish_verb="Approve").to_dict(reviewable=True)
    assert shown["actions"]["publish_all"] == "Approve all" and shown["editable"] is True
    final = Presentation(label="Export").to_dict(reviewable=False)
    assert final["actions"] == {} and final["editable"] is False
