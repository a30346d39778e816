"""POST /api/jobs/<id>/deliver: resend a completed catalog; every refusal says why."""
from __future__ import annotations

import json
from datetime import timedelta

import jsonschema
import pytest
import responses
from sqlalchemy import select

from shopify_app.delivery import records
from shopify_app.delivery.service import deliver
from shopify_app.extensions import db
from shopify_app.models import JobDelivery, JobEvent, Shop, StaffMember
from shopify_app.models.types import utcnow
from tests.integration.conftest import SHOP
from tests.integration.delivery.conftest import WHATSAPP_URL, catalog_job


@pytest.fixture
def merchant(api) -> Shop:  # type: ignore[no-untyped-def]
    """The API's shop, with the name and email Shopify would have told us."""
    assert api.get("/api/me").status_code == 200
    shop = db.session.scalars(select(Shop).where(Shop.domain == SHOP)).one()
    shop.name, shop.email = "Test Shop", "owner@test-shop.example"
    db.session.commit()
    return shop


def _schema(client, name: str) -> jsonschema.Draft202012Validator:  # type: ignore[no-untyped-def]
    document = client.get("/api/openapi.json").get_json()
    text = json.dumps({"$defs": document["components"]["schemas"],
                       "$ref": f"#/$defs/{name}"}).replace("#/components/schemas/", "#/$defs/")
    return jsonschema.Draft202012Validator(json.loads(text))


def _age(job_id: str, seconds: int) -> None:
    """Pretend the last delivery happened `seconds` ago."""
    for row in records.rows_for(job_id).values():
        row.sent_at = utcnow() - timedelta(seconds=seconds)
    db.session.commit()


def test_resend_queues_a_delivery_that_the_worker_sends(api, client, merchant, smtp_server,
                                                        run_worker):
    job = catalog_job(merchant)
    deliver(job.id)
    _age(job.id, 120)
    response = api.post(f"/api/jobs/{job.id}/deliver", json={"channels": ["email"]})
    assert response.status_code == 202, response.get_json()
    data = response.get_json()["data"]
    assert data["channels"] == ["email"] and data["job"]["id"] == job.id
    _schema(client, "DeliveryQueued").validate(response.get_json())

    run_worker()
    assert [m.rcpt_tos for m in smtp_server.messages] == [["jane@buyer.example"]] * 2
    shown = api.get(f"/api/jobs/{job.id}").get_json()["data"]
    _schema(client, "Job").validate(shown)
    assert shown["delivery"]["email"]["status"] == "sent"
    assert shown["delivery"]["email"]["to"] == "jane@buyer.example"
    assert shown["delivery"]["email"]["attempts"] == 2
    actions = [(e.action, e.actor) for e in db.session.scalars(
        select(JobEvent).where(JobEvent.job_id == job.id).order_by(JobEvent.id))]
    assert actions == [("delivery.sent", "system"), ("delivery.requested", "1"),
                       ("delivery.sent", "1")]


def test_no_body_resends_every_channel_that_can_send(api, merchant, smtp_server, run_worker,
                                                     shopify_oauth):
    job = catalog_job(merchant, phone="+14155550100")
    shopify_oauth.mock.add(responses.POST, WHATSAPP_URL, json={"messages": [{"id": "wamid.1"}]})
    response = api.post(f"/api/jobs/{job.id}/deliver")
    assert response.status_code == 202
    assert response.get_json()["data"]["channels"] == ["email", "whatsapp"]
    run_worker()
    assert len(smtp_server.messages) == 1
    sent = [c for c in shopify_oauth.mock.calls if c.request.url == WHATSAPP_URL]
    assert len(sent) == 1 and json.loads(sent[0].request.body)["to"] == "14155550100"
    assert {c: r["status"] for c, r in records.summary(job.id).items()} == {
        "email": "sent", "whatsapp": "sent"}


def test_a_test_job_resends_only_to_the_merchant(api, merchant, smtp_server, run_worker):
    job = catalog_job(merchant, mode="test", phone="+14155550100")
    response = api.post(f"/api/jobs/{job.id}/deliver")
    assert response.get_json()["data"]["channels"] == ["email"]
    run_worker()
    assert [m.rcpt_tos for m in smtp_server.messages] == [["owner@test-shop.example"]]
    refused = api.post(f"/api/jobs/{job.id}/deliver", json={"channels": ["whatsapp"]})
    assert refused.status_code == 422
    assert "test jobs send nothing on WhatsApp" in refused.get_json()["errors"][0]["detail"]


@pytest.mark.parametrize(("body", "pointer", "words"), [
    ({"channels": ["email"], "force": True}, "/force", "force is not a field"),
    ({"channels": "email"}, "/channels", "non-empty list"),
    ({"channels": []}, "/channels", "non-empty list"),
    ({"channels": ["fax"]}, "/channels", "email, whatsapp"),
    ({"channels": ["whatsapp"]}, "/channels", "no phone number"),
])
def test_bad_bodies_are_422_naming_the_field(api, merchant, smtp_server, body, pointer, words):
    job = catalog_job(merchant)
    response = api.post(f"/api/jobs/{job.id}/deliver", json=body)
    assert response.status_code == 422
    error = response.get_json()["errors"][0]
    assert error["source"]["pointer"] == pointer and words in error["detail"]
    assert smtp_server.messages == []


def test_a_body_that_is_not_json_is_refused(api, merchant):
    job = catalog_job(merchant)
    assert api.post(f"/api/jobs/{job.id}/deliver", data="channels=email",
                    content_type="text/plain").status_code == 415
    assert api.post(f"/api/jobs/{job.id}/deliver", data="[1,",
                    content_type="application/json").status_code == 400


def test_another_shops_job_and_a_missing_one_are_404(api, merchant, smtp_server, run_worker):
    other = Shop(domain="rival.myshopify.com", name="Rival", email="o@rival.example",
                 installed_at=utcnow())
    db.session.add(other)
    db.session.commit()
    theirs = catalog_job(other)
    for job_id in (theirs.id, "01NOSUCHJOB", "x" * 300):
        response = api.post(f"/api/jobs/{job_id}/deliver", json={})
        assert response.status_code == 404
    run_worker()
    assert smtp_server.messages == []


def test_only_completed_catalog_jobs_can_be_resent(api, merchant):
    for job, words in [(catalog_job(merchant, status="processing"), "this one is processing"),
                       (catalog_job(merchant, status="failed"), "this one is failed"),
                       (catalog_job(merchant, kind="counter"), "Only catalog jobs")]:
        response = api.post(f"/api/jobs/{job.id}/deliver", json={})
        assert response.status_code == 409
        assert words in response.get_json()["errors"][0]["detail"]
    assert api.post(f"/api/jobs/{catalog_job(merchant, status='completed_with_errors').id}"
                    "/deliver").status_code == 202


def test_a_delivery_under_way_is_not_started_again(api, merchant):
    job = catalog_job(merchant)
    db.session.add(JobDelivery(job_id=job.id, shop_id=merchant.id, channel="email",
                               status="sending", attempts=1, updated_at=utcnow()))
    db.session.commit()
    response = api.post(f"/api/jobs/{job.id}/deliver")
    assert response.status_code == 409
    assert "being sent right now" in response.get_json()["errors"][0]["detail"]


def test_a_resend_right_after_a_send_is_refused_for_a_minute(api, merchant, smtp_server,
                                                             run_worker):
    job = catalog_job(merchant)
    deliver(job.id)
    response = api.post(f"/api/jobs/{job.id}/deliver")
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 61
    assert "less than a minute ago" in response.get_json()["errors"][0]["detail"]
    _age(job.id, 61)
    assert api.post(f"/api/jobs/{job.id}/deliver").status_code == 202
    run_worker()
    assert len(smtp_server.messages) == 2


def test_the_read_role_cannot_resend(api, merchant, smtp_server):
    job = catalog_job(merchant)
    reader = api.as_user("3")
    reader.get("/api/me")
    staff = db.session.scalars(select(StaffMember).where(
        StaffMember.shop_id == merchant.id, StaffMember.shopify_user_id == "3")).one()
    staff.role = "read"
    db.session.commit()
    response = reader.post(f"/api/jobs/{job.id}/deliver", json={})
    assert response.status_code == 403
    assert "write" in response.get_json()["errors"][0]["detail"]
    assert reader.get(f"/api/jobs/{job.id}").get_json()["data"]["delivery"] == {}


def test_a_forged_token_is_refused(client, merchant, tokens):
    job = catalog_job(merchant)
    headers = tokens.header(SHOP, "1", secret="not-the-app-secret-0123456789abcdef")
    assert client.post(f"/api/jobs/{job.id}/deliver", json={}, headers=headers).status_code == 401
