"""shop/redact leaves nothing of the shop in Redis, and a later shop that gets the same
row id (SQLite reuses it) cannot read anything of the old one."""
from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import select

from shopify_app.extensions import db
from shopify_app.jobs import coordination
from shopify_app.models import Shop
from shopify_app.shopify.throttle import SharedBucket
from tests.conftest import API_SECRET
from tests.helpers import webhook_headers

OLD = "old-shop.myshopify.com"
NEW = "new-shop.myshopify.com"
ALL_FIELDS_OFF = {"description": False, "seo_title": False, "seo_description": False,
                  "alt_text": False}


def webhook(client, topic: str, payload: dict, shop: str = OLD):  # type: ignore[no-untyped-def]
    body = json.dumps(payload).encode()
    response = client.post("/webhooks", data=body,
                           headers=webhook_headers(body, API_SECRET, topic, shop))
    assert response.status_code == 200
    return response


def sse_events(client, token: str, **query: str) -> list[dict]:  # type: ignore[no-untyped-def]
    response = client.get("/api/events", query_string={"token": token, **query})
    assert response.status_code == 200
    events, current = [], {}
    for line in response.get_data(as_text=True).splitlines():
        if not line:
            if "event" in current:
                events.append(current)
            current = {}
        elif line.startswith("event: "):
            current["event"] = line[7:]
        elif line.startswith("data: "):
            current["data"] = json.loads(line[6:])
    return events


def everything_in(redis_client) -> dict[bytes, bytes]:  # type: ignore[no-untyped-def]
    """Every key with a dump of its value, whatever its type."""
    dump = {}
    for key in redis_client.scan_iter(count=1000):
        if key.startswith(b"counter:"):
            continue  # the test-only counter kind's own bookkeeping, not the app's
        kind = redis_client.type(key)
        if kind == b"string":
            value = [redis_client.get(key)]
        elif kind == b"hash":
            value = [b"%s=%s" % pair for pair in redis_client.hgetall(key).items()]
        elif kind == b"set":
            value = list(redis_client.smembers(key))
        elif kind == b"zset":
            value = list(redis_client.zrange(key, 0, -1))
        elif kind == b"list":
            value = list(redis_client.lrange(key, 0, -1))
        elif kind == b"stream":
            value = [json.dumps({k.decode(): v.decode() for k, v in fields.items()}).encode()
                     for _, fields in redis_client.xrange(key)]
        else:
            value = []
        dump[key] = b"\n".join(v or b"" for v in value)
    return dump


@pytest.fixture
def sse_app(app):  # type: ignore[no-untyped-def]
    app.config["SHELF_SSE_MAX_SECONDS"] = 0.3  # the stream ends right after its replay
    return app


def test_redact_removes_every_key_and_a_reused_id_replays_nothing(
        sse_app, client, tokens, shopify_oauth, run_worker, redis_client):
    headers = tokens.header(OLD, "1")
    assert client.get("/api/me", headers=headers).status_code == 200
    old = db.session.scalars(select(Shop).where(Shop.domain == OLD)).one()
    old_id, namespace = old.id, old.redis_namespace
    assert len(namespace) == 32

    # Activity that leaves state in Redis: a job and its live events, webhooks that
    # start auto-generation, the Admin API rate-limit bucket, an install in progress.
    settings = {"auto_generate": {**ALL_FIELDS_OFF, "description": True},
                "regenerate_on_update": True, "reanalyze_on_image_change": True}
    assert client.put("/api/settings", json=settings, headers=headers).status_code == 200
    job = client.post("/api/jobs", json={"kind": "counter", "count": 3}, headers=headers)
    assert job.status_code in (200, 201, 202), job.get_json()
    job_id = job.get_json()["data"]["id"]
    run_worker()
    product = {"id": 42, "title": "Linen shirt", "tags": "summer",
               "images": [{"id": 1, "src": "https://cdn.example/a.png"}]}
    webhook(client, "products/create", product)
    webhook(client, "products/update", {**product, "title": "Linen shirt II",
                                        "images": [{"id": 2, "src": "https://cdn.example/b"}]})
    SharedBucket(redis_client, OLD).try_acquire(10, time.time())
    assert client.get("/auth/install", query_string={"shop": OLD}).status_code == 302
    redis_client.set(f"shelf:events:{old_id}", "written before namespaces")  # older release
    # A batch of the shop's job still holds its lease while the redact arrives.
    redis_client.set(coordination.lease_key(job_id, 0), "worker-token", ex=60)
    run_worker()

    # The replay the new shop will try below does show the old shop its own events.
    own = sse_events(client, tokens.token(OLD, "1"), updated_since="2000-01-01T00:00:00Z")
    assert job_id in {event["data"].get("id") for event in own}

    before = everything_in(redis_client)
    assert any(namespace.encode() in key for key in before), "activity left no shop keys"
    assert any(job_id.encode() in value for value in before.values())
    assert any(OLD.encode() in key for key in before)

    webhook(client, "shop/redact", {"shop_id": old_id, "shop_domain": OLD})
    run_worker()

    db.session.expire_all()
    assert db.session.scalar(select(Shop).where(Shop.domain == OLD)) is None
    after = everything_in(redis_client)
    for key, value in after.items():
        for secret in (namespace.encode(), OLD.encode(), job_id.encode(), b"Linen"):
            assert secret not in key, f"{key!r} is left after redact"
            assert secret not in value, f"{key!r} still mentions {secret!r}"
    assert f"shelf:events:{old_id}".encode() not in after
    assert not [k for k in after if k.startswith((b"shelf:shop:", b"shelf:auto:",
                                                  b"shelf:events:", b"shelf:oauth-state:"))]
    # Nothing that names the shop is left queued for later either.
    assert not [k for k in after if k.startswith(b"rq:job:auto-")]

    # A new shop installs and, on SQLite, gets the very same row id.
    new_headers = tokens.header(NEW, "1")
    assert client.get("/api/me", headers=new_headers).status_code == 200
    new = db.session.scalars(select(Shop).where(Shop.domain == NEW)).one()
    if db.engine.dialect.name == "sqlite":
        assert new.id == old_id
    assert new.redis_namespace != namespace

    replayed = sse_events(client, tokens.token(NEW, "1"),
                          updated_since="2000-01-01T00:00:00Z")
    assert replayed == []
    assert sse_events(client, tokens.token(NEW, "1"), last_event_id="0-0") == []
    assert client.get("/api/jobs", headers=new_headers).get_json()["data"] == []


def test_redact_of_a_shop_with_no_row_still_clears_its_domain_keys(
        client, run_worker, redis_client):
    SharedBucket(redis_client, OLD).try_acquire(10, time.time())
    assert redis_client.exists(f"shopify:throttle:{OLD}")
    webhook(client, "shop/redact", {"shop_domain": OLD})
    run_worker()
    assert not [k for k in redis_client.scan_iter() if OLD.encode() in k]


def test_events_of_a_deleted_shop_are_not_written(app, client, tokens, shopify_oauth,
                                                   run_worker, redis_client):
    from shopify_app.jobs import events

    assert client.get("/api/me", headers=tokens.header(OLD, "1")).status_code == 200
    old = db.session.scalars(select(Shop).where(Shop.domain == OLD)).one()
    old_id = old.id
    webhook(client, "shop/redact", {"shop_domain": OLD})
    run_worker()
    db.session.expire_all()
    events.publish(old_id, [("job.updated", {"id": "late"})])
    assert not [k for k in redis_client.scan_iter()
                if k.startswith((b"shelf:shop:", b"shelf:events:"))]


def test_events_stream_expires_when_a_shop_is_idle(client, tokens, shopify_oauth, run_worker,
                                                    redis_client):
    from shopify_app.jobs.events import STREAM_TTL_SECONDS
    from shopify_app.redis_keys import for_shop

    headers = tokens.header(OLD, "1")
    client.post("/api/jobs", json={"kind": "counter", "count": 1}, headers=headers)
    run_worker()
    shop = db.session.scalars(select(Shop).where(Shop.domain == OLD)).one()
    ttl = redis_client.ttl(for_shop(shop).events_stream())
    assert 0 < ttl <= STREAM_TTL_SECONDS
