"""How a Shopify failure behind a product or collection search reaches the API client."""
from __future__ import annotations

from shopify_app.catalog_lookup import _shopify_failure
from shopify_app.shopify import ShopifyError, ThrottledError


def test_a_throttled_search_is_429_with_the_wait_in_whole_seconds():
    error = _shopify_failure(ThrottledError("bucket empty", retry_after=2.3))
    assert error.status == 429 and error.headers == {"Retry-After": "3"}
    # Shopify said nothing about the wait: at least a second, never 0 or a blank header.
    assert _shopify_failure(ThrottledError("bucket empty")).headers == {"Retry-After": "1"}


def test_other_failures_are_503_without_a_wait():
    error = _shopify_failure(ShopifyError("bad gateway"))
    assert error.status == 503 and error.headers == {}
