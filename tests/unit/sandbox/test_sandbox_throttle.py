"""Calculated query cost and the per-shop leaky bucket."""

from __future__ import annotations

import threading

import requests

from shopify_app.sandbox.bucket import LeakyBucket, Plan

QUERY = "{ products(first: 10) { nodes { id } } }"  # requested cost 12


def _plan(api, **body):
    response = api.control("PUT", f"/shops/{api.shop}/plan", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_throttled_when_the_bucket_is_drained(api):
    _plan(api, restore_rate=1, maximum=30)
    first = api.gql(QUERY)
    assert first["extensions"]["cost"]["throttleStatus"]["maximumAvailable"] == 30.0
    assert "data" in first
    _plan(api, available=5)
    body = api.gql(QUERY)
    assert "data" not in body
    assert body["errors"] == [
        {
            "message": "Throttled",
            "extensions": {
                "code": "THROTTLED",
                "documentation": "https://shopify.dev/api/usage/rate-limits",
            },
        }
    ]
    cost = body["extensions"]["cost"]
    assert cost["requestedQueryCost"] == 12
    assert cost["actualQueryCost"] is None
    assert cost["throttleStatus"]["currentlyAvailable"] < 12


def test_throttled_as_http_429_when_asked(api, faults):
    _plan(api, restore_rate=1, maximum=30, available=0)
    faults.update({"throttle_status": 429})
    response = api.post(QUERY)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    assert response.json()["errors"][0]["extensions"]["code"] == "THROTTLED"


def test_throttle_next_forces_throttling(api, faults):
    faults.update({"throttle_next": 1})
    assert api.gql(QUERY)["errors"][0]["message"] == "Throttled"
    assert "data" in api.gql(QUERY)


def test_unused_cost_is_refunded(api):
    _plan(api, restore_rate=0.001, maximum=2000)
    before = api.gql("{ shop { id } }")["extensions"]["cost"]["throttleStatus"][
        "currentlyAvailable"
    ]
    body = api.gql('{ products(first: 100, query: "tag:no-such-tag") { nodes { id } } }')
    cost = body["extensions"]["cost"]
    assert cost["requestedQueryCost"] == 102 and cost["actualQueryCost"] == 2
    assert cost["throttleStatus"]["currentlyAvailable"] == before - 2


def test_max_cost_exceeded(api):
    body = api.gql("{ products(first: 250) { nodes { id media(first: 10) { nodes { id } } } } }")
    error = body["errors"][0]
    assert error["extensions"]["code"] == "MAX_COST_EXCEEDED"
    assert error["extensions"]["cost"] > 1000 and error["extensions"]["maxCost"] == 1000
    assert "data" not in body


def test_mutation_costs_ten(api):
    product = next(iter(api.store.products.values()))
    body = api.gql(
        """mutation($p: ProductUpdateInput!) { productUpdate(product: $p) {
        product { id title } userErrors { field message } } }""",
        {"p": {"id": product["id"], "title": "Renamed"}},
    )
    assert body["extensions"]["cost"]["requestedQueryCost"] == 10


def test_concurrent_clients_are_charged_exactly(api):
    _plan(api, restore_rate=0.001, maximum=2000)
    spent: list[int] = []

    def client():
        for _ in range(8):
            body = requests.post(
                api.server.graphql_url,
                json={"query": '{ products(first: 5, query: "status:active") { nodes { id } } }'},
                headers={"X-Shopify-Access-Token": api.token},
                timeout=10,
            ).json()
            spent.append(body["extensions"]["cost"]["actualQueryCost"])

    threads = [threading.Thread(target=client) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(spent) == 32
    left = api.store.bucket.status()["currentlyAvailable"]
    assert 2000 - sum(spent) - 1 <= left <= 2000 - sum(spent) + 1


def test_bucket_is_thread_safe_and_refills():
    now = [0.0]
    bucket = LeakyBucket(Plan("custom", 10.0, 100.0), clock=lambda: now[0])
    granted = []

    def take():
        for _ in range(50):
            granted.append(bucket.charge(1)[0])

    threads = [threading.Thread(target=take) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert granted.count(True) == 100  # exactly the bucket, not one point more
    assert bucket.status()["currentlyAvailable"] == 0
    now[0] += 2.5
    assert bucket.status()["currentlyAvailable"] == 25
    assert bucket.seconds_until(35) == 1.0


def test_plans_follow_shopify_rates():
    assert Plan.named("standard").restore_rate == 100 and Plan.named("standard").maximum == 2000
    assert Plan.named("advanced").restore_rate == 200
    assert Plan.named("plus").maximum == 20_000
    assert Plan.named("enterprise").restore_rate == 2000
    assert Plan.parse("custom:5:50") == Plan("custom", 5.0, 50.0)
