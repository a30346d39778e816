"""Fixtures for the Admin API client tests: a fake clock, a scripted GraphQL
endpoint on top of ``responses``, and a client wired to both."""
from __future__ import annotations

import json
import random
from collections import defaultdict, deque
from collections.abc import Iterator
from typing import Any

import pytest
import responses

from shopify_app.shopify import AdminClient, StaticTokenProvider

SHOP = "test-shop.myshopify.com"
URL = f"https://{SHOP}/admin/api/2026-10/graphql.json"


class FakeClock:
    """``clock`` and ``sleep`` for the client: sleeping only moves time on."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def cost_ext(requested: int = 10, available: float = 990.0, maximum: float = 1000.0,
             rate: float = 50.0) -> dict[str, Any]:
    return {"cost": {"requestedQueryCost": requested, "actualQueryCost": requested,
                     "throttleStatus": {"maximumAvailable": maximum,
                                        "currentlyAvailable": available,
                                        "restoreRate": rate}}}


def ok(data: dict[str, Any], **cost: Any) -> dict[str, Any]:
    """A successful GraphQL answer with cost extensions."""
    return {"data": data, "extensions": cost_ext(**cost)}


def throttled(available: float = 0.0, requested: int = 10, rate: float = 50.0) -> dict:
    return {"errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}],
            "extensions": {"cost": {"requestedQueryCost": requested, "actualQueryCost": None,
                                    "throttleStatus": {"maximumAvailable": 1000.0,
                                                       "currentlyAvailable": available,
                                                       "restoreRate": rate}}}}


class GraphQLStub:
    """Answers each operation from its own queue of scripted replies.

    A reply is a JSON body (HTTP 200), a ``(status, body, headers)`` tuple, or an
    exception instance to raise. The last reply of a queue is not repeated:
    an unexpected extra call fails the test.
    """

    def __init__(self, mock: responses.RequestsMock, url: str = URL) -> None:
        self.queues: dict[str, deque] = defaultdict(deque)
        self.calls: list[tuple[str, dict[str, Any], dict[str, str]]] = []
        mock.add_callback(responses.POST, url, callback=self._handle)

    def on(self, operation: str, *replies: Any) -> GraphQLStub:
        self.queues[operation].extend(replies)
        return self

    def count(self, operation: str) -> int:
        return sum(1 for name, _, _ in self.calls if name == operation)

    def variables(self, operation: str) -> list[dict[str, Any]]:
        return [v for name, v, _ in self.calls if name == operation]

    def _handle(self, request: Any) -> Any:
        body = json.loads(request.body)
        name = body["operationName"]
        self.calls.append((name, body.get("variables") or {}, dict(request.headers)))
        if not self.queues[name]:
            raise AssertionError(f"unexpected call to {name}")
        reply = self.queues[name].popleft()
        if isinstance(reply, Exception):
            return reply
        if isinstance(reply, tuple):
            status, payload, headers = reply
            text = payload if isinstance(payload, str) else json.dumps(payload)
            return status, headers, text
        return 200, {}, json.dumps(reply)


@pytest.fixture
def mock() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def stub(mock: responses.RequestsMock) -> GraphQLStub:
    return GraphQLStub(mock)


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tokens() -> StaticTokenProvider:
    return StaticTokenProvider("shpat_test")


@pytest.fixture
def make_client(redis_client: Any, fake_clock: FakeClock, tokens: StaticTokenProvider):
    def factory(**overrides: Any) -> AdminClient:
        options: dict[str, Any] = {"token_provider": tokens, "redis": redis_client,
                                   "sleep": fake_clock.sleep, "clock": fake_clock.clock,
                                   "rng": random.Random(7)}
        options.update(overrides)
        return AdminClient(SHOP, **options)
    return factory


@pytest.fixture
def client(make_client: Any) -> AdminClient:
    return make_client()
