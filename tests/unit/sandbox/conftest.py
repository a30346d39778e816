"""Fixtures: an in-process sandbox per test module, and a fresh shop per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from shopify_app.sandbox import SandboxServer

PRODUCTS = 40


class Api:
    """A shop on the sandbox, with a token, spoken to over HTTP."""

    def __init__(self, server: SandboxServer, shop: str) -> None:
        self.server = server
        self.shop = shop
        self.token = server.token(shop)

    @property
    def store(self) -> Any:
        return self.server.store(self.shop)

    def post(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> requests.Response:
        return requests.post(
            self.server.graphql_url,
            json={"query": query, "variables": variables or {}},
            headers={"X-Shopify-Access-Token": token or self.token},
            timeout=10,
        )

    def gql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST a document and return the JSON body (asserting HTTP 200)."""
        response = self.post(query, variables)
        assert response.status_code == 200, response.text
        return response.json()

    def control(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return requests.request(method, f"{self.server.origin}/sandbox{path}", timeout=10, **kwargs)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(products=PRODUCTS, shops=["sandbox-test.myshopify.com"]) as server:
        yield server


@pytest.fixture
def api(sandbox: SandboxServer) -> Api:
    """A freshly seeded shop, so tests can write without seeing each other."""
    domain = f"t-{uuid.uuid4().hex[:10]}.myshopify.com"
    sandbox.state.ensure_shop(domain, products=PRODUCTS)
    return Api(sandbox, domain)


@pytest.fixture
def faults(sandbox: SandboxServer) -> Iterator[Any]:
    """The server's fault settings, reset after the test."""
    yield sandbox.state.faults
    sandbox.state.faults.reset()
