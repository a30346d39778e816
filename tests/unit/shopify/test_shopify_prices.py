"""Variant prices: grouped per product, per-variant outcomes, no blind rewrite."""
from __future__ import annotations

import pytest
import requests

from shopify_app.shopify import (
    CONFLICT,
    NOT_ATTEMPTED,
    NOT_FOUND,
    USER_ERROR,
    PriceChange,
    WriteInterruptedError,
    read_variant_prices,
    set_variant_prices,
)
from shopify_app.shopify.prices import same_price

from .conftest import ok, throttled

P1, P2 = "gid://shopify/Product/1", "gid://shopify/Product/2"


def vid(n: int) -> str:
    return f"gid://shopify/ProductVariant/{n}"


def saved(*variants: tuple[int, str, str | None]) -> dict:
    return ok({"productVariantsBulkUpdate": {"productVariants": [
        {"id": vid(n), "price": price, "compareAtPrice": compare} for n, price, compare in variants
    ], "userErrors": []}})


def refused(*errors: dict) -> dict:
    return ok({"productVariantsBulkUpdate": {"productVariants": None,
                                             "userErrors": list(errors)}})


def prices(*variants: tuple[int, str, str | None]) -> dict:
    return ok({"nodes": [{"id": vid(n), "sku": f"SKU-{n}", "price": price,
                          "compareAtPrice": compare, "product": {"id": P1}}
                         for n, price, compare in variants]})


def test_changes_are_grouped_by_product_in_order(client, stub) -> None:
    changes = [PriceChange(vid(1), P1, price="12.90"),
               PriceChange(vid(3), P2, price="5.00", compare_at_price="7.50"),
               PriceChange(vid(2), P1, compare_at_price="20.00")]
    stub.on("ProductVariantsBulkUpdatePrices", saved((1, "12.90", None), (2, "10.00", "20.00")),
            saved((3, "5.00", "7.50")))
    outcomes = set_variant_prices(client, changes)
    assert [o.target_id for o in outcomes] == [vid(1), vid(3), vid(2)]
    assert all(o.ok for o in outcomes)
    assert outcomes[2].value == {"price": "10.00", "compare_at_price": "20.00"}
    sent = stub.variables("ProductVariantsBulkUpdatePrices")
    assert sent == [
        {"productId": P1, "variants": [{"id": vid(1), "price": "12.90"},
                                       {"id": vid(2), "compareAtPrice": "20.00"}]},
        {"productId": P2, "variants": [{"id": vid(3), "price": "5.00",
                                        "compareAtPrice": "7.50"}]}]


def test_clearing_the_compare_at_price_sends_null(client, stub) -> None:
    stub.on("ProductVariantsBulkUpdatePrices", saved((1, "10.00", None)))
    (outcome,) = set_variant_prices(client, [PriceChange(vid(1), P1, clear_compare_at=True)])
    assert outcome.ok
    assert stub.variables("ProductVariantsBulkUpdatePrices")[0]["variants"] == [
        {"id": vid(1), "compareAtPrice": None}]


def test_a_refused_variant_fails_alone_and_the_rest_is_resent(client, stub) -> None:
    changes = [PriceChange(vid(1), P1, price="1.00"), PriceChange(vid(2), P1, price="-1")]
    stub.on("ProductVariantsBulkUpdatePrices",
            refused({"field": ["variants", "1", "price"], "code": "NEGATIVE_PRICE_VALUE",
                     "message": "Price must be greater than or equal to 0"}),
            saved((1, "1.00", None)))
    first, second = set_variant_prices(client, changes)
    assert first.ok
    assert not second.ok and second.reason == USER_ERROR
    assert second.error_message == "Prices can't be negative"
    assert [len(v["variants"]) for v in stub.variables("ProductVariantsBulkUpdatePrices")] == [2, 1]


def test_throttled_calls_wait_and_write_once(client, stub, fake_clock) -> None:
    stub.on("ProductVariantsBulkUpdatePrices", throttled(), saved((1, "3.00", None)))
    (outcome,) = set_variant_prices(client, [PriceChange(vid(1), P1, price="3.00")])
    assert outcome.ok and fake_clock.sleeps  # waited for the bucket, no error
    assert stub.count("ProductVariantsBulkUpdatePrices") == 2


def test_unknown_outcome_reads_back_before_writing_again(client, stub) -> None:
    change = PriceChange(vid(1), P1, price="12.90", previous={"price": "11.00"})
    stub.on("ProductVariantsBulkUpdatePrices", requests.exceptions.ReadTimeout("slow"))
    stub.on("VariantPricesByIds", prices((1, "12.9", None)))  # ours: "12.9" is "12.90"
    (outcome,) = set_variant_prices(client, [change])
    assert outcome.ok and stub.count("ProductVariantsBulkUpdatePrices") == 1


def test_unknown_outcome_with_the_old_price_writes_again(client, stub) -> None:
    change = PriceChange(vid(1), P1, price="12.90", previous={"price": "11.00"})
    stub.on("ProductVariantsBulkUpdatePrices", (503, "", {}), saved((1, "12.90", None)))
    stub.on("VariantPricesByIds", prices((1, "11.00", None)))
    (outcome,) = set_variant_prices(client, [change])
    assert outcome.ok and stub.count("ProductVariantsBulkUpdatePrices") == 2


def test_unknown_outcome_with_another_price_is_a_conflict(client, stub) -> None:
    change = PriceChange(vid(1), P1, price="12.90", previous={"price": "11.00"})
    stub.on("ProductVariantsBulkUpdatePrices", requests.exceptions.ReadTimeout("slow"))
    stub.on("VariantPricesByIds", prices((1, "9.99", None)))
    (outcome,) = set_variant_prices(client, [change])
    assert outcome.reason == CONFLICT and outcome.value["price"] == "9.99"
    assert stub.count("ProductVariantsBulkUpdatePrices") == 1


def test_check_first_skips_prices_that_moved_since_they_were_read(client, stub) -> None:
    changes = [PriceChange(vid(1), P1, price="2.00", previous={"price": "1.00"}),
               PriceChange(vid(2), P1, price="3.00", previous={"price": "1.00"}),
               PriceChange(vid(9), P1, price="3.00", previous={"price": "1.00"})]
    stub.on("VariantPricesByIds", prices((1, "1.00", None), (2, "1.50", None)))
    stub.on("ProductVariantsBulkUpdatePrices", saved((1, "2.00", None)))
    first, second, gone = set_variant_prices(client, changes, check_first=True)
    assert first.ok
    assert second.reason == CONFLICT and second.value["price"] == "1.50"
    assert gone.reason == NOT_FOUND
    assert stub.variables("ProductVariantsBulkUpdatePrices")[0]["variants"] == [
        {"id": vid(1), "price": "2.00"}]


def test_an_interrupted_run_reports_what_was_not_sent(client, stub) -> None:
    changes = [PriceChange(vid(1), P1, price="1.00"), PriceChange(vid(2), P2, price="2.00")]
    stub.on("ProductVariantsBulkUpdatePrices", saved((1, "1.00", None)),
            (401, {"errors": "bad token"}, {}), (401, {"errors": "bad token"}, {}))
    with pytest.raises(WriteInterruptedError) as caught:
        set_variant_prices(client, changes)
    done, unsent = caught.value.outcomes
    assert done.ok and unsent.reason == NOT_ATTEMPTED


def test_read_variant_prices_marks_missing_variants(client, stub) -> None:
    stub.on("VariantPricesByIds", ok({"nodes": [
        {"id": vid(1), "sku": "A", "price": "5.00", "compareAtPrice": "6.00",
         "product": {"id": P1}}, None]}))
    found = read_variant_prices(client, [vid(1), vid(2)])
    assert found[vid(1)].compare_at_price == "6.00" and found[vid(1)].product_id == P1
    assert found[vid(2)] is None


def test_same_price() -> None:
    assert same_price("12.9", "12.90") and same_price(None, "")
    assert not same_price("12.90", "12.91") and not same_price(None, "0.00")
