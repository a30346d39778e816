"""Webhooks: HMAC, dedupe, fast answer, and each topic's effect after a real RQ worker runs."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, inspect, select, text

from shopify_app.extensions import db
from shopify_app.models import Shop, StaffMember, WebhookEvent
from shopify_app.models.types import utcnow
from tests.conftest import API_SECRET
from tests.helpers import webhook_headers

SHOP = "test-shop.myshopify.com"


@pytest.fixture
def installed_shop(app):  # type: ignore[no-untyped-def]
    shop = Shop(domain=SHOP, access_token="shpat_live", refresh_token="shprt_live",
                installed_at=utcnow())
    db.session.add(shop)
    db.session.flush()
    db.session.add(StaffMember(shop_id=shop.id, shopify_user_id="1", role="admin"))
    db.session.commit()
    return shop


def post(client, topic, payload, *, shop=SHOP, event_id=None, secret=API_SECRET, headers=None):  # type: ignore[no-untyped-def]
    body = json.dumps(payload).encode()
    sent = webhook_headers(body, secret, topic, shop, event_id)
    sent.update(headers or {})
    return client.post("/webhooks", data=body, headers=sent)


def test_app_uninstalled_deletes_token_and_marks_shop(client, installed_shop, run_worker):
    response = post(client, "app/uninstalled", {"id": 1, "domain": SHOP})
    assert response.status_code == 200
    assert response.get_json() == {"data": {"status": "accepted"}}
    run_worker()

    db.session.expire_all()
    shop = db.session.get(Shop, installed_shop.id)
    assert shop.uninstalled_at is not None
    assert shop.access_token is None and shop.refresh_token is None
    event = db.session.scalars(select(WebhookEvent)).one()
    assert event.outcome == "processed"
    assert event.processed_at is not None


def test_wrong_hmac_is_401_and_has_no_effect(client, installed_shop, run_worker):
    response = post(client, "app/uninstalled", {"id": 1}, secret="not-the-app-secret")
    assert response.status_code == 401
    assert response.get_json()["errors"][0]["status"] == "401"
    missing = client.post("/webhooks", data=b"{}", headers={"X-Shopify-Topic": "app/uninstalled"})
    assert missing.status_code == 401
    run_worker()

    db.session.expire_all()
    assert db.session.get(Shop, installed_shop.id).access_token == "shpat_live"
    assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 0


def test_tampered_body_is_401(client, installed_shop):
    body = json.dumps({"id": 1}).encode()
    headers = webhook_headers(body, API_SECRET, "app/uninstalled")
    response = client.post("/webhooks", data=body + b" ", headers=headers)
    assert response.status_code == 401


def test_same_event_twice_has_one_effect(client, installed_shop, run_worker, app):
    calls: list[str] = []
    from shopify_app.webhooks import handlers

    original = handlers.HANDLERS["app/uninstalled"]

    def counting(shop_domain, payload):  # type: ignore[no-untyped-def]
        calls.append(shop_domain)
        return original(shop_domain, payload)

    handlers.HANDLERS["app/uninstalled"] = counting
    try:
        first = post(client, "app/uninstalled", {"id": 1}, event_id="evt-1")
        second = post(client, "app/uninstalled", {"id": 1}, event_id="evt-1")
        run_worker()
    finally:
        handlers.HANDLERS["app/uninstalled"] = original

    assert first.get_json()["data"]["status"] == "accepted"
    assert second.status_code == 200
    assert second.get_json()["data"]["status"] == "duplicate"
    assert calls == [SHOP]
    assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 1


def test_webhook_id_is_the_fallback_event_id(client, installed_shop):
    body = b'{"id": 1}'
    headers = webhook_headers(body, API_SECRET, "customers/data_request")
    del headers["X-Shopify-Event-Id"]
    assert client.post("/webhooks", data=body, headers=headers).status_code == 200
    again = client.post("/webhooks", data=body, headers=headers)
    assert again.get_json()["data"]["status"] == "duplicate"


def test_shop_redact_leaves_no_row_of_that_shop(client, installed_shop, run_worker):
    other = Shop(domain="other-shop.myshopify.com", access_token="x", installed_at=utcnow())
    db.session.add(other)
    db.session.commit()
    post(client, "customers/data_request", {"customer": {"id": 7}})
    post(client, "shop/redact", {"shop_id": 1, "shop_domain": SHOP})
    post(client, "customers/data_request", {"customer": {"id": 8}},
         shop="other-shop.myshopify.com")
    run_worker()

    db.session.expire_all()
    inspector = inspect(db.engine)
    for table in inspector.get_table_names():
        columns = [column["name"] for column in inspector.get_columns(table)]
        for column in ("domain", "shop_domain"):
            if column in columns:
                count = db.session.scalar(text(
                    f"SELECT count(*) FROM {table} WHERE {column} = :shop"), {"shop": SHOP})
                assert count == 0, f"{table} still has rows for {SHOP}"
        if "shop_id" in columns:
            count = db.session.scalar(text(f"SELECT count(*) FROM {table} WHERE shop_id = :id"),
                                      {"id": installed_shop.id})
            assert count == 0, f"{table} still has rows for {SHOP}"
    assert db.session.scalars(select(Shop.domain)).all() == ["other-shop.myshopify.com"]
    assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 1


def test_compliance_topics_are_recorded_and_answered(client, installed_shop, run_worker):
    assert post(client, "customers/data_request", {"customer": {"id": 7}}).status_code == 200
    assert post(client, "customers/redact", {"customer": {"id": 7}}).status_code == 200
    run_worker()
    events = db.session.scalars(select(WebhookEvent).order_by(WebhookEvent.id)).all()
    assert [(e.topic, e.outcome) for e in events] == [
        ("customers/data_request", "processed"), ("customers/redact", "processed")]
    assert "customer 7" in events[0].detail


def test_webhooks_after_uninstall_are_handled(client, run_worker):
    """No shop row at all: every topic still answers 200 and settles; redact removes the rest."""
    gone = "gone-shop.myshopify.com"
    for topic in ("app/uninstalled", "customers/redact", "products/create"):
        assert post(client, topic, {"id": 1}, shop=gone).status_code == 200
    run_worker()
    outcomes = {e.topic: e.outcome for e in db.session.scalars(select(WebhookEvent))}
    assert outcomes == {"app/uninstalled": "processed", "customers/redact": "processed",
                        "products/create": "processed"}

    assert post(client, "shop/redact", {"shop_domain": gone}, shop=gone).status_code == 200
    run_worker()
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 0


def test_malformed_webhooks_are_rejected(client, app):
    body = b'{"id": 1}'
    headers = webhook_headers(body, API_SECRET, "app/uninstalled", shop="not a shop")
    assert client.post("/webhooks", data=body, headers=headers).status_code == 400
    headers = webhook_headers(body, API_SECRET, "")
    assert client.post("/webhooks", data=body, headers=headers).status_code == 400


def test_oversized_webhook_is_413(make_app):
    app = make_app(SHELF_MAX_BODY_BYTES="1024")
    body = json.dumps({"blob": "x" * 4096}).encode()
    response = app.test_client().post(
        "/webhooks", data=body, headers=webhook_headers(body, API_SECRET, "products/create"))
    assert response.status_code == 413
    assert response.get_json()["errors"][0]["title"] == "Payload Too Large"


def test_event_stays_pending_when_redis_is_down_and_reaper_requeues_it(
        client, installed_shop, run_worker, app, monkeypatch):
    from datetime import timedelta

    from shopify_app import reaper

    def broken_enqueue(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionError("redis down")

    queue = app.extensions["queues"]["default"]
    monkeypatch.setattr(queue, "enqueue", broken_enqueue)
    assert post(client, "app/uninstalled", {"id": 1}).status_code == 200
    monkeypatch.undo()
    event = db.session.scalars(select(WebhookEvent)).one()
    assert event.outcome == "pending"

    event.received_at = utcnow() - timedelta(minutes=10)
    db.session.commit()
    assert reaper.reap()["webhook_events"] == 1
    run_worker()
    db.session.expire_all()
    assert db.session.get(Shop, installed_shop.id).uninstalled_at is not None


def test_uninstall_cancels_running_jobs_and_redact_deletes_them(
        client, installed_shop, run_worker, app):
    from shopify_app.jobs import service
    from shopify_app.models import Job, JobEvent, JobItem

    staff = db.session.scalars(select(StaffMember)).one()
    finished = service.create_job(installed_shop, staff, {"kind": "counter", "count": 3})
    run_worker()
    running = service.create_job(installed_shop, staff, {"kind": "counter", "count": 80})
    from shopify_app.jobs import runner

    runner.fan_out(running.id)

    post(client, "app/uninstalled", {"id": 1})
    from shopify_app.webhooks import handlers

    # Handle the webhook before the queued batches get a worker: the job is mid-run.
    handlers.process(db.session.scalars(select(WebhookEvent.id)).one())
    run_worker()
    db.session.expire_all()
    assert db.session.get(Job, running.id).status == "cancelled"
    assert db.session.get(Job, running.id).skipped == 80
    assert db.session.get(Job, finished.id).status == "completed"

    post(client, "shop/redact", {"shop_domain": SHOP})
    run_worker()
    for model in (Job, JobItem, JobEvent):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0
