"""Variant prices against the sandbox store: read, write grouped by product,
refusals, conflicts, and exactly-once writes through dropped answers."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import requests

from shopify_app.sandbox import SandboxServer
from shopify_app.shopify import (
    CONFLICT,
    USER_ERROR,
    AdminClient,
    PriceChange,
    ShopifyError,
    StaticTokenProvider,
    WriteInterruptedError,
    read_variant_prices,
    set_variant_prices,
)

pytestmark = pytest.mark.e2e

FAULTY_SHOP = "prices-faulty.myshopify.com"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(products=60, plan="plus", seed=3) as server:
        yield server


class CountingSession(requests.Session):
    """Tallies the operations sent and the connections that dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.tally: Counter = Counter()

    def post(self, url: Any, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.tally[json.loads(kwargs.get("data") or "{}").get("operationName")] += 1
        try:
            return super().post(url, *args, **kwargs)
        except requests.ConnectionError:
            self.tally["dropped"] += 1
            raise


def make_client(server: SandboxServer, redis: Any, shop: str | None = None,
                token: str | None = None,
                session: requests.Session | None = None) -> AdminClient:
    return AdminClient(shop or server.shop,
                       token_provider=StaticTokenProvider(token or server.token()),
                       redis=redis, admin_origin=server.origin, throttle_deadline=60.0,
                       session=session)


@pytest.fixture
def client(sandbox: SandboxServer, redis_client: Any) -> Iterator[AdminClient]:
    with make_client(sandbox, redis_client) as admin:
        yield admin


def write_log(server: SandboxServer, shop: str) -> list[dict[str, Any]]:
    response = requests.get(f"{server.origin}/sandbox/shops/{shop}/writes", timeout=10)
    response.raise_for_status()
    return [w for w in response.json()["writes"]
            if w["operation"] == "productVariantsBulkUpdate"]


def raised(price: str | None, by: str) -> str:
    return str((Decimal(price or "0") + Decimal(by)).quantize(Decimal("0.01")))


def test_prices_are_read_and_written_per_variant(sandbox: SandboxServer,
                                                  client: AdminClient) -> None:
    store = sandbox.store()
    variants = sorted(store.variants.values(), key=lambda v: v["_n"])[:40]
    current = read_variant_prices(client, [v["id"] for v in variants])
    assert {i: p.price for i, p in current.items() if p} == {v["id"]: v["price"]
                                                              for v in variants}
    changes = [PriceChange(v["id"], current[v["id"]].product_id, price=raised(v["price"], "1.5"),
                           compare_at_price=raised(v["price"], "9"),
                           previous=current[v["id"]].values()) for v in variants]
    outcomes = set_variant_prices(client, changes, check_first=True)
    assert [o.target_id for o in outcomes if not o.ok] == []
    again = read_variant_prices(client, [c.variant_id for c in changes])
    assert {i: (p.price, p.compare_at_price) for i, p in again.items() if p} == {
        c.variant_id: (c.price, c.compare_at_price) for c in changes}
    log = write_log(sandbox, sandbox.shop)
    assert Counter(w["target"] for w in log) == Counter(c.variant_id for c in changes)
    assert all(w["changed"] and w["via"] == "api" for w in log)


def test_a_refused_variant_does_not_stop_the_others(sandbox: SandboxServer,
                                                    client: AdminClient) -> None:
    store = sandbox.store()
    product = next(p for p in store.products.values() if len(p["variants"]) >= 2)
    other = next(p for p in store.products.values() if p["id"] != product["id"])
    first, second = product["variants"][:2]
    stranger = other["variants"][0]
    outcomes = set_variant_prices(client, [
        PriceChange(first["id"], product["id"], price="10.00"),
        PriceChange(second["id"], product["id"], price="-1.00"),
        PriceChange(stranger["id"], product["id"], price="11.00")])
    assert [o.ok for o in outcomes] == [True, False, False]
    assert outcomes[1].reason == USER_ERROR
    assert outcomes[1].error_message == "Prices can't be negative"
    assert outcomes[2].error_message == "This variant belongs to another product"
    assert first["price"] == "10.00" and stranger["price"] != "11.00"


def test_a_price_changed_in_the_store_since_it_was_read_is_not_overwritten(
        sandbox: SandboxServer, client: AdminClient) -> None:
    variant = sorted(sandbox.store().variants.values(), key=lambda v: v["_n"])[-1]
    before = read_variant_prices(client, [variant["id"]])[variant["id"]]
    variant["price"] = "77.77"  # the merchant edits the price in Shopify admin
    (outcome,) = set_variant_prices(client, [PriceChange(
        variant["id"], before.product_id, price="1.00", previous=before.values())],
        check_first=True)
    assert outcome.reason == CONFLICT and outcome.value["price"] == "77.77"
    assert variant["price"] == "77.77"


def test_prices_are_written_exactly_once_through_dropped_answers(
        sandbox: SandboxServer, redis_client: Any) -> None:
    created = requests.post(f"{sandbox.origin}/sandbox/shops", timeout=30, json={
        "shop": FAULTY_SHOP, "products": 40, "plan": "plus", "token": True})
    created.raise_for_status()
    token = created.json()["access_token"]
    store = sandbox.store(FAULTY_SHOP)
    variants = sorted(store.variants.values(), key=lambda v: v["_n"])
    wanted = {v["id"]: PriceChange(v["id"], f"gid://shopify/Product/{v['_product_id']}",
                                   price=raised(v["price"], "2"),
                                   previous={"price": v["price"]}) for v in variants}
    requests.put(f"{sandbox.origin}/sandbox/faults", timeout=10, json={
        "error_rate": 0.1, "drop_rate": 0.05, "drop_after_rate": 0.15, "seed": 5,
    }).raise_for_status()
    pending = dict(wanted)
    session = CountingSession()
    try:
        with make_client(sandbox, redis_client, FAULTY_SHOP, token, session) as admin:
            for _ in range(8):
                try:
                    outcomes = set_variant_prices(admin, list(pending.values()))
                except WriteInterruptedError as exc:
                    outcomes = exc.outcomes
                except ShopifyError:
                    continue
                for outcome in outcomes:
                    if outcome.ok:
                        pending.pop(outcome.target_id, None)
                if not pending:
                    break
    finally:
        requests.delete(f"{sandbox.origin}/sandbox/faults", timeout=10).raise_for_status()
    assert not pending
    assert session.tally["dropped"] > 0  # answers really were lost...
    assert session.tally["VariantPricesByIds"] > 0  # ...and read back before any resend
    assert {v["id"]: v["price"] for v in variants} == {i: c.price for i, c in wanted.items()}
    changed = Counter(w["target"] for w in write_log(sandbox, FAULTY_SHOP) if w["changed"])
    assert changed == Counter(list(wanted))  # each price changed once, though answers were lost
