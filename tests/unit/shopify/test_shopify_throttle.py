"""The per-shop bucket estimate shared through Redis."""
from __future__ import annotations

import pytest

from shopify_app.shopify.cost import cost_shape
from shopify_app.shopify.throttle import RECHECK_SECONDS, SharedBucket, ThrottleStatus

from .conftest import SHOP, ok

SHOP_DATA = {"shop": {"name": "Test", "myshopifyDomain": SHOP, "currencyCode": "EUR"}}
NOW = 1_700_000_000.0


def test_two_clients_of_one_shop_share_the_estimate(make_client, stub, fake_clock) -> None:
    first, second = make_client(), make_client()
    # The first client learns that only 100 points are left, refilling at 50/s.
    stub.on("ShopInfo", ok(SHOP_DATA, requested=1, available=100.0, rate=50.0))
    first.execute("ShopInfo")
    assert fake_clock.sleeps == []
    # The second client, a separate object, runs a query known to cost 300:
    # it waits (300 - 100) / 50 = 4 s before sending.
    variables = {"query": "tag:x", "limit": None}
    second.bucket.remember_cost(cost_shape("ProductsCount", variables), 300)
    stub.on("ProductsCount", ok({"productsCount": {"count": 1, "precision": "EXACT"}}))
    second.execute("ProductsCount", variables)
    assert sum(fake_clock.sleeps) == pytest.approx(4.0, abs=0.06)
    assert stub.count("ProductsCount") == 1

def test_a_reservation_larger_than_available_waits_before_sending(
        make_client, stub, fake_clock) -> None:
    client = make_client()
    stub.on("ShopInfo", ok(SHOP_DATA, requested=1, available=5.0, rate=50.0))
    client.execute("ShopInfo")
    # A mutation costs 10: 5 are available, 5 more take 0.1 s at 50/s.
    stub.on("TagsAdd", ok({"tagsAdd": {"node": None, "userErrors": []}}))
    client.execute("TagsAdd", {"id": "gid://shopify/Product/1", "tags": ["x"]})
    assert sum(fake_clock.sleeps) == pytest.approx(0.1, abs=0.01)
    assert stub.count("TagsAdd") == 1


def test_another_shop_has_its_own_bucket(redis_client) -> None:
    busy = SharedBucket(redis_client, "busy.myshopify.com")
    busy.settle(None, NOW, ThrottleStatus(1000.0, 0.0, 50.0))
    calm = SharedBucket(redis_client, "calm.myshopify.com")
    reservation, wait = calm.try_acquire(500, NOW)
    assert reservation is not None and wait == 0
    assert busy.try_acquire(500, NOW)[0] is None


def test_reservations_are_deducted_and_refill_over_time(redis_client) -> None:
    bucket = SharedBucket(redis_client, SHOP)
    bucket.settle(None, NOW, ThrottleStatus(1000.0, 600.0, 100.0))
    assert bucket.try_acquire(400, NOW)[0] is not None
    reservation, wait = bucket.try_acquire(400, NOW)
    assert reservation is None and wait == pytest.approx(2.0)
    assert bucket.try_acquire(400, NOW + 2.0)[0] is not None


def test_settling_subtracts_other_callers_in_flight_reservations(redis_client) -> None:
    bucket = SharedBucket(redis_client, SHOP)
    mine, _ = bucket.try_acquire(100, NOW)
    theirs, _ = bucket.try_acquire(300, NOW)
    assert mine and theirs
    # Shopify reports 900 left after our call; theirs is not sent yet.
    assert bucket.settle(mine, NOW, ThrottleStatus(1000.0, 900.0, 50.0)) == pytest.approx(600.0)
    # Once theirs is settled without a status and without refund, nothing changes.
    assert bucket.settle(theirs, NOW, None) == pytest.approx(600.0)


def test_refund_gives_back_a_reservation_that_was_never_sent(redis_client) -> None:
    bucket = SharedBucket(redis_client, SHOP)
    reservation, _ = bucket.try_acquire(250, NOW)
    assert bucket.available(NOW) == pytest.approx(750.0)
    bucket.settle(reservation, NOW, None, refund=True)
    assert bucket.available(NOW) == pytest.approx(1000.0)


def test_a_dead_workers_reservation_expires(redis_client) -> None:
    bucket = SharedBucket(redis_client, SHOP, hold_seconds=30.0)
    bucket.try_acquire(300, NOW)  # never settled
    later = NOW + 31.0
    assert bucket.settle(None, later, ThrottleStatus(1000.0, 1000.0, 50.0)) == 1000.0


COUNT_VARS = {"query": "tag:x", "limit": None}
COUNT_DATA = {"productsCount": {"count": 1, "precision": "EXACT"}}


def _meanwhile(fake_clock, event):  # type: ignore[no-untyped-def]
    """A ``sleep`` for the client during whose first nap ``event`` happens."""
    def sleep(seconds: float) -> None:
        fake_clock.sleep(seconds)
        if len(fake_clock.sleeps) == 1:
            event()
    return sleep


def test_a_waiting_caller_notices_another_callers_refund(make_client, stub, fake_clock) -> None:
    first = make_client()
    stub.on("ShopInfo", ok(SHOP_DATA, requested=1, available=100.0, rate=50.0))
    first.execute("ShopInfo")
    # 700 points with 100 left at 50/s: a 12 s wait, worked out now...
    second = make_client(sleep=_meanwhile(fake_clock, lambda: first.bucket.settle(
        None, fake_clock.now, ThrottleStatus(1000.0, 900.0, 50.0))))
    second.bucket.remember_cost(cost_shape("ProductsCount", COUNT_VARS), 700)
    # ...but another caller's answer soon shows 900 points: Shopify refunded
    # what its query had reserved and did not use.
    stub.on("ProductsCount", ok(COUNT_DATA))
    second.execute("ProductsCount", COUNT_VARS)
    assert sum(fake_clock.sleeps) == pytest.approx(RECHECK_SECONDS)
    assert stub.count("ProductsCount") == 1


def test_a_caller_waiting_on_the_assumed_plan_starts_once_shopify_reports_the_real_one(
        make_client, stub, fake_clock) -> None:
    first = make_client()
    # Nothing heard from Shopify yet: the estimate assumes 1,000 points at 50/s,
    # and another caller's 700-point query has just taken most of them.
    taken, _ = first.bucket.try_acquire(700, fake_clock.now)
    assert taken is not None
    second = make_client(sleep=_meanwhile(fake_clock, lambda: first.bucket.settle(
        taken, fake_clock.now, ThrottleStatus(2000.0, 1300.0, 100.0))))
    second.bucket.remember_cost(cost_shape("ProductsCount", COUNT_VARS), 700)
    stub.on("ProductsCount", ok(COUNT_DATA, available=600.0, maximum=2000.0, rate=100.0))
    second.execute("ProductsCount", COUNT_VARS)
    # (700 - 300) / 50 = 8 s on the assumed plan; the real bucket had plenty.
    assert sum(fake_clock.sleeps) == pytest.approx(RECHECK_SECONDS)
    assert stub.count("ProductsCount") == 1


def test_a_cost_above_the_bucket_size_waits_for_a_full_bucket(redis_client) -> None:
    bucket = SharedBucket(redis_client, SHOP)
    bucket.settle(None, NOW, ThrottleStatus(500.0, 400.0, 50.0))
    reservation, wait = bucket.try_acquire(900, NOW)
    assert reservation is None and wait == pytest.approx(2.0)


def test_the_reported_requested_cost_is_reused(make_client, stub, fake_clock) -> None:
    client = make_client()
    stub.on("ShopInfo", ok(SHOP_DATA, requested=700, available=1000.0, rate=100.0),
            ok(SHOP_DATA, requested=700, available=1000.0, rate=100.0))
    client.execute("ShopInfo")
    # Drain the shared bucket to 300 points: the next ShopInfo must reserve 700.
    client.bucket.settle(None, fake_clock.now, ThrottleStatus(1000.0, 300.0, 100.0))
    client.execute("ShopInfo")
    assert sum(fake_clock.sleeps) == pytest.approx(4.0)


def test_throttle_status_parsing_rejects_garbage() -> None:
    assert ThrottleStatus.from_extensions(None) is None
    assert ThrottleStatus.from_extensions({"cost": {"throttleStatus": {}}}) is None
    parsed = ThrottleStatus.from_extensions({"cost": {"throttleStatus": {
        "maximumAvailable": 2000, "currentlyAvailable": 1500, "restoreRate": 100}}})
    assert parsed == ThrottleStatus(2000.0, 1500.0, 100.0)
