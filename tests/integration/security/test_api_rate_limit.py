"""Per-shop API rate limit: 429 with Retry-After in the header and the envelope."""
from __future__ import annotations

import pytest

from tests.integration.conftest import SHOP

OTHER = "other-shop.myshopify.com"


@pytest.fixture
def limited(make_app, tokens, shopify_oauth):  # type: ignore[no-untyped-def]
    """An app allowing 60 requests a minute per shop with a burst of 3."""
    app = make_app(SHELF_API_RATE_PER_MINUTE="60", SHELF_API_BURST="3")
    with app.app_context():
        client = app.test_client()

        def get(path: str, shop: str = SHOP, user: str = "1"):  # type: ignore[no-untyped-def]
            return client.get(path, headers=tokens.header(shop, user))

        yield get


def test_a_runaway_shop_gets_429_and_others_do_not(limited):
    answers = [limited("/api/jobs").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 200]  # one request plus the burst
    refused = limited("/api/jobs")
    assert refused.status_code == 429
    retry = int(refused.headers["Retry-After"])
    assert 1 <= retry <= 2
    (error,) = refused.get_json()["errors"]
    assert error["status"] == "429" and error["meta"]["retry_after"] == retry
    assert "retry in" in error["detail"] and error["request_id"]
    # Another shop, and another staff member of no other shop, are not slowed down.
    assert limited("/api/jobs", shop=OTHER).status_code == 200
    # The limit is the shop's, not the user's: a second staff member is refused too.
    assert limited("/api/jobs", user="2").status_code == 429


def test_unauthenticated_requests_do_not_spend_a_shops_allowance(limited, client):
    for _ in range(10):
        assert client.get("/api/jobs", headers={"Authorization": "Bearer forged"}
                          ).status_code == 401
    assert limited("/api/jobs").status_code == 200


def test_the_limit_can_be_turned_off(make_app, tokens, shopify_oauth):
    app = make_app(SHELF_API_RATE_PER_MINUTE="0", SHELF_API_BURST="0")
    with app.app_context():
        client = app.test_client()
        answers = {client.get("/api/me", headers=tokens.header(SHOP, "1")).status_code
                   for _ in range(20)}
    assert answers == {200}
