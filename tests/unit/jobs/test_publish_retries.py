"""Publish writes retry transient store errors with growing pauses, within a budget."""
from __future__ import annotations

import pytest

from shopify_app.jobs.publish_tasks import GaveUp, merchant_reason, transient, with_retries
from shopify_app.shopify.errors import (
    AccessDeniedError,
    OutcomeUnknownError,
    ThrottledError,
    TransientError,
)


class Clock:
    def __init__(self) -> None:
        self.now, self.sleeps = 0.0, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_transient_errors_are_retried_until_the_call_succeeds():
    clock, calls = Clock(), []

    def call() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise TransientError("ProductsByIds failed 5 times: Shopify answered 503")
        return "written"

    assert with_retries(call, budget=60, sleep=clock.sleep, clock=clock) == "written"
    assert clock.sleeps == [2.0, 4.0]


def test_a_store_that_keeps_failing_gives_up_within_the_budget_with_its_reason():
    clock = Clock()

    def call() -> None:
        raise TransientError("ProductsByIds failed 5 times: Shopify answered 502 to ProductsByIds")

    with pytest.raises(GaveUp) as info:
        with_retries(call, budget=40, sleep=clock.sleep, clock=clock)
    assert clock.now <= 40
    assert info.value.reason == "Shopify kept answering 502 Bad Gateway (5 tries)"
    assert clock.sleeps == [2.0, 4.0, 8.0, 15.0]


def test_refusals_are_not_retried():
    clock = Clock()

    def call() -> None:
        raise AccessDeniedError("Access denied for productUpdate")

    with pytest.raises(AccessDeniedError):
        with_retries(call, budget=40, sleep=clock.sleep, clock=clock)
    assert clock.sleeps == []


def test_what_counts_as_transient():
    assert transient(OutcomeUnknownError("No answer to ProductUpdateText"))
    assert transient(ThrottledError("slow down"))
    assert not transient(AccessDeniedError("no"))
    assert not transient(ValueError("a bug"))
    assert merchant_reason(ThrottledError("x"), 2) == \
        "Shopify kept asking Shelf to slow down (2 tries)"
    assert merchant_reason(TransientError("connection reset"), 3) == \
        "Shopify did not answer (3 tries: connection reset)"
