"""Staff names come from Shopify's online token exchange, in the background, and pages
show them for other staff members' actions."""
from __future__ import annotations

import json
import re
import time
from datetime import timedelta

from sqlalchemy import select

from shopify_app import redis_keys
from shopify_app.auth import staff_profile
from shopify_app.extensions import db
from shopify_app.jobs.service import audit
from shopify_app.models import Job, Shop, StaffMember
from shopify_app.models.types import utcnow
from tests.conftest import API_SECRET
from tests.helpers import webhook_headers
from tests.integration.conftest import SHOP
from tests.support.seed import reviewable_job

ANA = {"id": 202, "first_name": "Ana", "last_name": "Ruiz", "email": "ana@example.com",
       "email_verified": True, "account_owner": False, "locale": "es", "collaborator": False}


def _page(client, tokens, path: str, user: str = "1", token: str | None = None):  # type: ignore[no-untyped-def]
    query = {"shop": SHOP, "host": "YWRtaW4", "embedded": "1",
             "id_token": token or tokens.token(SHOP, user)}
    return client.get(path, query_string=query)


def _staff(user: str) -> StaffMember | None:
    db.session.expire_all()
    return db.session.scalars(select(StaffMember).where(
        StaffMember.shopify_user_id == user)).first()


def _activity(html: str) -> str:
    listed = re.search(r'<ul class="activity".*?</ul>', html, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", listed))


def _job_by(user: str) -> str:
    job_id, _ids = reviewable_job(SHOP, 2)
    job = db.session.get(Job, job_id)
    job.created_by = user
    audit(job, "publish_requested", user, {"items": 2})
    db.session.commit()
    return job_id


def test_a_first_page_load_stores_the_name_and_pages_show_it(
        api, client, tokens, shopify_oauth, run_worker):  # type: ignore[no-untyped-def]
    api.get("/api/me")  # installs the shop; user 1 is its admin
    run_worker()
    shopify_oauth.users["202"] = ANA
    job_id = _job_by("202")
    token = tokens.token(SHOP, "202")
    asked = len(shopify_oauth.online_exchanges)

    first = _page(client, tokens, f"/jobs/{job_id}", token=token)
    assert first.status_code == 200
    # The page did not wait for Shopify: the look-up is queued.
    assert _staff("202").name is None
    assert len(shopify_oauth.online_exchanges) == asked
    run_worker()

    staff = _staff("202")
    assert (staff.name, staff.email) == ("Ana Ruiz", "ana@example.com")
    assert shopify_oauth.online_exchanges[-1]["subject_token"] == token
    assert len(shopify_oauth.exchanges) == 1  # the shop's offline token: once, at install

    html = _page(client, tokens, f"/jobs/{job_id}").get_data(as_text=True)
    assert re.search(r"<dt>Created by</dt><dd>Ana Ruiz</dd>", html)
    assert "A staff member" not in html
    activity = _activity(_page(client, tokens, "/monitor").get_data(as_text=True))
    assert "Ana Ruiz asked to publish Descriptions for review (2 items)" in activity
    assert "A staff member" not in activity
    recent = api.get("/api/monitor").get_json()["data"]["recent"]
    assert [(e["actor"], e["actor_name"]) for e in recent] == [("202", "Ana Ruiz")]
    # Ana herself is "You".
    own = _page(client, tokens, f"/jobs/{job_id}", user="202").get_data(as_text=True)
    assert "<dt>Created by</dt><dd>You</dd>" in own


def test_the_name_is_looked_up_once_then_again_when_stale(
        api, client, tokens, shopify_oauth, run_worker, redis_client):  # type: ignore[no-untyped-def]
    api.get("/api/me")
    run_worker()
    assert len(shopify_oauth.online_exchanges) == 1
    assert _staff("1").name == "Staff Member 1"

    def visit_an_hour_later() -> None:
        _staff("1").last_seen_at = utcnow() - timedelta(hours=1)
        db.session.commit()
        api.get("/api/me")
        run_worker()

    # Seen again after a while, the name still fresh: no new look-up.
    shop = db.session.scalars(select(Shop).where(Shop.domain == SHOP)).one()
    visit_an_hour_later()
    assert len(shopify_oauth.online_exchanges) == 1

    # The freshness key lives 30 days; once it has gone the next visit asks again.
    marker = redis_keys.for_shop(shop).staff_profile("1")
    assert 29 * 86400 < redis_client.ttl(marker) <= 30 * 86400
    redis_client.delete(marker)
    shopify_oauth.users["1"] = {**ANA, "id": 1, "first_name": "Alex", "last_name": "Stone"}
    visit_an_hour_later()
    assert len(shopify_oauth.online_exchanges) == 2
    assert _staff("1").name == "Alex Stone"


def test_the_task_is_safe_to_run_twice_and_gives_up_when_late(
        api, tokens, shopify_oauth, run_worker):  # type: ignore[no-untyped-def]
    from workers import tasks

    api.get("/api/me")
    run_worker()
    staff_id = _staff("1").id
    assert tasks.look_up_staff_profile(staff_id, tokens.token(SHOP, "1")) == "fresh already"
    assert len(shopify_oauth.online_exchanges) == 1

    shop = db.session.scalars(select(Shop).where(Shop.domain == SHOP)).one()
    from flask import current_app
    current_app.extensions["redis"].delete(redis_keys.for_shop(shop).staff_profile("1"))
    now = int(time.time())
    late = tokens.token(SHOP, "1", exp=now - 60, iat=now - 120, nbf=now - 125)
    assert tasks.look_up_staff_profile(staff_id, late) == "token expired"
    assert tasks.look_up_staff_profile(staff_id, tokens.token(SHOP, "2")) == "wrong token"
    assert tasks.look_up_staff_profile(staff_id + 999, tokens.token(SHOP, "1")) == "gone"
    assert len(shopify_oauth.online_exchanges) == 1  # none of these asked Shopify


def test_a_failing_exchange_leaves_the_page_working_and_the_name_empty(
        api, client, tokens, shopify_oauth, run_worker, redis_client):  # type: ignore[no-untyped-def]
    api.get("/api/me")
    run_worker()
    job_id = _job_by("303")
    shopify_oauth.online_fail_with = (400, {"error": "invalid_request",
                                            "error_description": "Online tokens are off"})

    response = _page(client, tokens, f"/jobs/{job_id}", user="303")
    assert response.status_code == 200
    run_worker()
    assert len(shopify_oauth.online_exchanges) == 2
    assert (_staff("303").name, _staff("303").email) == (None, None)
    # Not asked again on every request: the failure waits an hour.
    shop = db.session.scalars(select(Shop).where(Shop.domain == SHOP)).one()
    marker = redis_keys.for_shop(shop).staff_profile("303")
    assert 0 < redis_client.ttl(marker) <= int(staff_profile.RETRY_AFTER_FAILURE.total_seconds())

    # Shopify answering without a user is no better, and no worse.
    shopify_oauth.online_fail_with = None
    shopify_oauth.users["404"] = None
    assert _page(client, tokens, f"/jobs/{job_id}", user="404").status_code == 200
    run_worker()
    assert _staff("404").name is None
    html = _page(client, tokens, f"/jobs/{job_id}").get_data(as_text=True)
    assert "<dt>Created by</dt><dd>A staff member</dd>" in html


def test_redis_down_never_breaks_the_page(api, client, tokens, shopify_oauth, monkeypatch):  # type: ignore[no-untyped-def]
    import redis

    api.get("/api/me")
    job_id = _job_by("505")

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise redis.ConnectionError("down")

    monkeypatch.setattr(redis.Redis, "set", broken)
    assert _page(client, tokens, f"/jobs/{job_id}", user="505").status_code == 200
    assert _staff("505") is not None


def test_forged_or_expired_tokens_never_reach_the_exchange(
        api, client, tokens, shopify_oauth, run_worker, app):  # type: ignore[no-untyped-def]
    api.get("/api/me")
    run_worker()
    before = len(shopify_oauth.online_exchanges)
    now = int(time.time())
    forged = tokens.token(SHOP, "606", secret="not-the-secret-but-just-as-long-as-one")
    expired = tokens.token(SHOP, "607", exp=now - 60, iat=now - 120, nbf=now - 125)

    for token in (forged, expired):
        assert _page(client, tokens, "/monitor", token=token).status_code == 302
        response = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
    run_worker()

    assert len(shopify_oauth.online_exchanges) == before
    assert _staff("606") is None and _staff("607") is None
    queued = [rq_id for queue in app.extensions["queues"].values() for rq_id in queue.job_ids]
    assert queued == []


def test_a_name_with_html_is_shown_as_text(api, client, tokens, shopify_oauth, run_worker):  # type: ignore[no-untyped-def]
    api.get("/api/me")
    run_worker()
    shopify_oauth.users["808"] = {**ANA, "id": 808, "first_name": "<script>alert(1)</script>",
                                  "last_name": "<b>Bold</b>"}
    job_id = _job_by("808")
    assert _page(client, tokens, "/monitor", user="808").status_code == 200
    run_worker()
    assert _staff("808").name == "<script>alert(1)</script> <b>Bold</b>"

    for path in (f"/jobs/{job_id}", "/monitor"):
        html = _page(client, tokens, path).get_data(as_text=True)
        assert "<script>alert(1)" not in html and "<b>Bold" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;Bold&lt;/b&gt;" in html
    # The API hands the name over as data, for monitor.js to set as text.
    recent = api.get("/api/monitor").get_json()["data"]["recent"]
    assert recent[0]["actor_name"] == "<script>alert(1)</script> <b>Bold</b>"


def test_shop_redact_removes_staff_names_and_queued_look_ups(
        api, client, tokens, shopify_oauth, run_worker, redis_client):  # type: ignore[no-untyped-def]
    from shopify_app.shops import redact_shop

    api.get("/api/me")
    run_worker()
    assert _staff("1").email == "staff1@example.com"
    _page(client, tokens, "/monitor", user="909")  # a look-up queued, not yet run
    assert list(redis_client.scan_iter("rq:job:staff-profile-*"))

    redact_shop(SHOP)  # what the shop/redact webhook runs

    db.session.expire_all()
    assert db.session.scalars(select(StaffMember)).all() == []
    # The queued look-up (its arguments hold an ID token) went with the shop.
    assert not list(redis_client.scan_iter("rq:job:staff-profile-*"))
    assert not list(redis_client.scan_iter("shelf:shop:*"))
    run_worker()
    assert len(shopify_oauth.online_exchanges) == 1


def test_the_shop_redact_webhook_removes_staff_names(
        api, client, tokens, shopify_oauth, run_worker):  # type: ignore[no-untyped-def]
    shopify_oauth.users["1"] = ANA
    api.get("/api/me")
    run_worker()
    assert _staff("1").name == "Ana Ruiz"
    shop_id = db.session.scalars(select(Shop.id).where(Shop.domain == SHOP)).one()
    body = json.dumps({"shop_domain": SHOP, "shop_id": shop_id}).encode()
    response = client.post("/webhooks", data=body,
                           headers=webhook_headers(body, API_SECRET, "shop/redact", SHOP))
    assert response.status_code == 200
    run_worker()

    db.session.expire_all()
    names = db.session.execute(select(StaffMember.name, StaffMember.email)).all()
    assert names == []
