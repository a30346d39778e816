"""Signed webhooks with bodies Shopify would never send, and bodies sent in chunks.

A malformed payload is recorded as failed with the reason and never retried; a
chunked body over the size limit is a 413, one under it is verified and accepted.
"""
from __future__ import annotations

import io
import json
import socket
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from shopify_app import reaper
from shopify_app.extensions import db
from shopify_app.models import Shop, WebhookEvent
from shopify_app.models.types import utcnow
from shopify_app.webhooks import handlers
from tests.conftest import API_SECRET
from tests.helpers import webhook_headers

SHOP = "test-shop.myshopify.com"


@pytest.fixture
def installed_shop(app):  # type: ignore[no-untyped-def]
    shop = Shop(domain=SHOP, access_token="shpat_live", installed_at=utcnow())
    db.session.add(shop)
    db.session.commit()
    return shop


def post_raw(client, topic: str, body: bytes):  # type: ignore[no-untyped-def]
    return client.post("/webhooks", data=body, headers=webhook_headers(body, API_SECRET, topic))


def reap_as_if_minutes_passed() -> int:
    for event in db.session.scalars(select(WebhookEvent)):
        event.received_at = utcnow() - timedelta(minutes=30)
    db.session.commit()
    return reaper.reap()["webhook_events"]


MALFORMED = [
    ("customers/data_request", b"[]", "not an object"),
    ("customers/redact", b'"x"', "not an object"),
    ("app/uninstalled", b"null", "not an object"),
    ("customers/data_request", b'{"customer":"abc"}', "/customer"),
    ("customers/redact", b'{"customer":["abc"]}', "/customer"),
    ("customers/redact", b'{"customer":{"id":{"deep":1}}}', "/customer/id"),
    ("products/create", b'{"id": 1, "images": "x"}', "/images"),
    ("products/update", b'{"id": 1, "tags": 5}', "/tags"),
    ("products/create", b'{"id": 1, "variants": [1, 2]}', "/variants/0"),
    ("products/update", b'{"id": 1, "options": {"a": 1}}', "/options"),
    ("shop/redact", b'{"shop_domain": "other-shop.myshopify.com"}', "other-shop"),
    ("shop/redact", b"[1]", "not an object"),
    ("products/create", b'{"id":', "not valid JSON"),
    ("products/create", b"[" * 5000 + b"]" * 5000, "nested too deeply"),
    ("app/uninstalled", b"", "not valid JSON"),
]


@pytest.mark.parametrize("topic, body, reason", MALFORMED)
def test_malformed_signed_payload_fails_once_and_is_not_retried(
        client, installed_shop, run_worker, topic, body, reason):
    response = post_raw(client, topic, body)
    assert response.status_code == 200
    run_worker()

    db.session.expire_all()
    event = db.session.scalars(select(WebhookEvent)).one()
    assert event.outcome == "failed"
    assert event.detail.startswith("malformed payload:")
    assert reason in event.detail
    assert event.processed_at is not None
    # The reaper leaves it alone: nothing is re-queued, however long it waits.
    assert reap_as_if_minutes_passed() == 0
    assert reap_as_if_minutes_passed() == 0
    # And the shop is untouched (a redact naming another shop deletes nothing).
    shop = db.session.get(Shop, installed_shop.id)
    assert shop is not None and shop.access_token == "shpat_live"


def test_well_formed_payloads_of_every_topic_still_work(client, installed_shop, run_worker):
    bodies = {
        "customers/data_request": {"shop_domain": SHOP, "customer": {"id": 7},
                                   "orders_requested": [1]},
        "customers/redact": {"shop_domain": SHOP, "customer": {"id": "7"},
                             "orders_to_redact": []},
        "products/update": {"id": 5, "title": "Shirt", "tags": "a, b", "images": [],
                            "variants": [{"sku": "S", "price": "1.00"}], "options": None},
        "app/uninstalled": {"id": 1, "domain": "shop.example", "myshopify_domain": SHOP},
    }
    for topic, payload in bodies.items():
        assert post_raw(client, topic, json.dumps(payload).encode()).status_code == 200
    run_worker()
    outcomes = {e.topic: (e.outcome, e.detail) for e in db.session.scalars(select(WebhookEvent))}
    assert {topic: outcome for topic, (outcome, _) in outcomes.items()} == \
        dict.fromkeys(bodies, "processed"), outcomes


def test_a_handler_that_keeps_failing_is_given_up_after_a_limit(
        client, installed_shop, monkeypatch):
    def broken(shop_domain, payload):  # type: ignore[no-untyped-def]
        raise RuntimeError("the handler has a bug")

    monkeypatch.setitem(handlers.HANDLERS, "customers/redact", broken)
    assert post_raw(client, "customers/redact", b'{"customer": {"id": 1}}').status_code == 200
    event_id = db.session.scalars(select(WebhookEvent.id)).one()
    for attempt in range(1, handlers.MAX_ATTEMPTS):
        with pytest.raises(RuntimeError):
            handlers.process(event_id)
        db.session.expire_all()
        event = db.session.get(WebhookEvent, event_id)
        assert (event.outcome, event.attempts) == ("pending", attempt)
    assert handlers.process(event_id).startswith("gave up after")
    db.session.expire_all()
    event = db.session.get(WebhookEvent, event_id)
    assert event.outcome == "failed"
    assert "the handler has a bug" in event.detail
    assert reap_as_if_minutes_passed() == 0


# --- chunked bodies -------------------------------------------------------------------

LIMIT = 1024


def _chunked(client, body: bytes, headers: dict[str, str], *, terminated: bool = True):  # type: ignore[no-untyped-def]
    sent = {k: v for k, v in headers.items() if k.lower() != "content-length"}
    sent["Transfer-Encoding"] = "chunked"
    overrides = {"wsgi.input_terminated": True} if terminated else {}
    return client.post("/webhooks", input_stream=io.BytesIO(body), headers=sent,
                       environ_overrides=overrides)


def test_chunked_body_over_the_limit_is_413_not_401(make_app):
    client = make_app(SHELF_MAX_BODY_BYTES=str(LIMIT)).test_client()
    for size in (LIMIT + 1, LIMIT * 4):
        body = b"{" + b" " * (size - 2) + b"}"
        response = _chunked(client, body, webhook_headers(body, API_SECRET, "products/create"))
        assert response.status_code == 413, size
        assert response.get_json()["errors"][0]["title"] == "Payload Too Large"


def test_chunked_body_within_the_limit_is_verified_and_accepted(make_app):
    app = make_app(SHELF_MAX_BODY_BYTES=str(LIMIT))
    client = app.test_client()
    for size in (40, LIMIT):
        body = json.dumps({"id": size, "pad": ""}).encode()
        body = body[:-2] + b" " * (size - len(body)) + body[-2:]
        assert len(body) == size
        response = _chunked(client, body, webhook_headers(body, API_SECRET, "customers/redact"))
        assert response.status_code == 200, (size, response.get_json())
        assert response.get_json() == {"data": {"status": "accepted"}}
        tampered = _chunked(client, body.replace(b'"id": ', b'"id":0'),
                            webhook_headers(body, API_SECRET, "customers/redact"))
        assert tampered.status_code == 401


def test_chunked_body_a_server_cannot_terminate_is_411(make_app):
    client = make_app(SHELF_MAX_BODY_BYTES=str(LIMIT)).test_client()
    body = b'{"id": 1}'
    response = _chunked(client, body, webhook_headers(body, API_SECRET, "customers/redact"),
                        terminated=False)
    assert response.status_code == 411
    assert "Content-Length" in response.get_json()["errors"][0]["detail"]


def _raw_chunked_post(port: int, body: bytes, headers: dict[str, str]) -> int:
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 300]), body[i:i + 300])
                      for i in range(0, len(body), 300)) + b"0\r\n\r\n"
    request = (f"POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               f"Transfer-Encoding: chunked\r\nConnection: close\r\n{head}\r\n").encode()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request + chunks)
        answer = b""
        while b"\r\n" not in answer:
            data = sock.recv(4096)
            if not data:
                break
            answer += data
    return int(answer.split(b" ", 2)[1])


def test_real_server_chunked_bodies(make_app):
    app = make_app(SHELF_MAX_BODY_BYTES=str(LIMIT))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_port
        big = json.dumps({"id": 1, "pad": "x" * (LIMIT * 3)}).encode()
        small = json.dumps({"id": 2, "pad": "x" * 500}).encode()
        assert _raw_chunked_post(port, big, webhook_headers(
            big, API_SECRET, "customers/redact")) == 413
        assert _raw_chunked_post(port, small, webhook_headers(
            small, API_SECRET, "customers/redact")) == 200
    finally:
        server.shutdown()
        server.server_close()
