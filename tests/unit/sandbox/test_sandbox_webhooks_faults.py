"""Webhooks to the app, and fault injection on the Shopify-facing routes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import queue
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from shopify_app.sandbox import SandboxServer

SECRET = "receiver-test-secret"


@pytest.fixture
def receiver() -> Iterator[tuple[str, queue.Queue]]:
    """A tiny HTTP server standing in for the app's /webhooks endpoint."""
    received: queue.Queue = queue.Queue()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.put((dict(self.headers), body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", received
    server.shutdown()
    server.server_close()


def test_webhook_is_signed_and_rest_shaped(receiver):
    url, received = receiver
    with SandboxServer(products=5, app_url=url, api_secret=SECRET) as sandbox:
        token = sandbox.token()
        product = next(iter(sandbox.store().products.values()))
        response = requests.post(
            sandbox.graphql_url,
            headers={"X-Shopify-Access-Token": token},
            json={
                "query": 'mutation($id: ID!) { tagsAdd(id: $id, tags: ["hooked"]) '
                "{ userErrors { message } } }",
                "variables": {"id": product["id"]},
            },
            timeout=10,
        )
        assert response.status_code == 200
        headers, body = received.get(timeout=5)
    expected = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
    assert headers["X-Shopify-Hmac-Sha256"] == expected
    assert headers["X-Shopify-Topic"] == "products/update"
    assert headers["X-Shopify-Shop-Domain"] == sandbox.shop
    assert headers["X-Shopify-API-Version"] == "2026-10"
    assert headers["X-Shopify-Webhook-Id"] and headers["X-Shopify-Event-Id"]
    assert headers["X-Shopify-Triggered-At"]
    payload = json.loads(body)
    assert payload["id"] == product["_n"]
    assert payload["admin_graphql_api_id"] == product["id"]
    assert "hooked" in payload["tags"].split(", ")
    assert payload["variants"][0]["sku"] == product["variants"][0]["sku"]
    assert payload["images"][0]["src"].startswith(sandbox.origin)


def test_control_created_product_fires_products_create(receiver):
    url, received = receiver
    with SandboxServer(products=3, app_url=url) as sandbox:
        created = requests.post(
            f"{sandbox.origin}/sandbox/shops/{sandbox.shop}/products",
            json={"title": "Brand New Lamp", "tags": ["new"]},
            timeout=10,
        )
        assert created.status_code == 201
        headers, body = received.get(timeout=5)
        assert headers["X-Shopify-Topic"] == "products/create"
        assert json.loads(body)["title"] == "Brand New Lamp"
        assert len(sandbox.store().products) == 4


def test_failed_delivery_is_logged_not_raised():
    with SandboxServer(products=3, app_url="http://127.0.0.1:9") as sandbox:
        product = next(iter(sandbox.store().products.values()))
        requests.patch(
            f"{sandbox.origin}/sandbox/shops/{sandbox.shop}/products/{product['_n']}",
            json={"title": "Edited by merchant"},
            timeout=10,
        )
        assert sandbox.state.webhooks.flush(5)
        delivery = sandbox.state.webhooks.deliveries[0]
        assert delivery["status"] is None and "ConnectionError" in delivery["error"]
        assert requests.get(f"{sandbox.origin}/sandbox/state", timeout=5).status_code == 200


def test_edge_errors(api, faults):
    faults.update({"fail_next": 2})
    assert api.post("{ shop { id } }").status_code == 503
    assert api.post("{ shop { id } }").status_code == 503
    assert api.post("{ shop { id } }").status_code == 200

    faults.update({"error_rate": 1.0, "seed": 7})
    statuses = {api.post("{ shop { id } }").status_code for _ in range(10)}
    assert statuses <= {502, 503} and statuses
    # control routes are never faulted
    assert api.control("GET", "/state").status_code == 200


def test_dropped_connection(api, faults):
    faults.update({"drop_next": 1})
    with pytest.raises(requests.ConnectionError):
        api.post("{ shop { id } }")
    assert api.post("{ shop { id } }").status_code == 200


def test_dropped_after_the_write_happened(api, faults):
    product = next(iter(api.store.products.values()))
    faults.update({"drop_after_rate": 1.0})
    with pytest.raises(requests.ConnectionError):
        api.post(
            'mutation($id: ID!) { tagsAdd(id: $id, tags: ["once"]) { userErrors { message } } }',
            {"id": product["id"]},
        )
    faults.reset()
    assert "once" in product["tags"]  # the client saw an error, yet the write landed
    assert [w["operation"] for w in api.store.writes] == ["tagsAdd"]


def test_latency_is_added(api, faults):
    import time

    faults.update({"latency_ms": 150})
    started = time.monotonic()
    api.post("{ shop { id } }")
    assert time.monotonic() - started >= 0.15


def test_faults_endpoint_validates(api):
    bad = api.control("PUT", "/faults", json={"error_rate": 3})
    assert bad.status_code == 400
    unknown = api.control("PUT", "/faults", json={"gremlins": 1})
    assert unknown.status_code == 400
    ok = api.control("PUT", "/faults", json={"latency_ms": 0, "seed": 1})
    assert ok.status_code == 200 and ok.json()["seed"] == 1
    assert api.control("DELETE", "/faults").json()["seed"] is None
