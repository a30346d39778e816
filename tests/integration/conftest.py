from __future__ import annotations

import time

import pytest

SHOP = "test-shop.myshopify.com"


@pytest.fixture
def api(client, tokens, shopify_oauth):  # type: ignore[no-untyped-def]
    """Call the API as a staff member of SHOP (user 1 is the shop's first staff: admin)."""

    class Api:
        def __init__(self, user: str = "1", shop: str = SHOP) -> None:
            self.user, self.shop = user, shop

        def as_user(self, user: str, shop: str = SHOP) -> Api:
            return Api(user, shop)

        def __getattr__(self, method: str):  # type: ignore[no-untyped-def]
            def call(path: str, **kwargs):  # type: ignore[no-untyped-def]
                headers = {**tokens.header(self.shop, self.user), **kwargs.pop("headers", {})}
                return getattr(client, method)(path, headers=headers, **kwargs)

            return call

    return Api()


@pytest.fixture
def wait_for():  # type: ignore[no-untyped-def]
    def wait(predicate, timeout: float = 30.0, interval: float = 0.05):  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(interval)
        raise AssertionError("condition not met in time")

    return wait
