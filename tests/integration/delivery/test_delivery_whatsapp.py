"""WhatsApp delivery: the Cloud API request a production job sends, and its failures."""
from __future__ import annotations

import json

import responses

from shopify_app.delivery import records
from shopify_app.delivery.service import deliver
from shopify_app.extensions import db
from shopify_app.models import Job
from tests.integration.delivery.conftest import FILES, WHATSAPP_URL, catalog_job


def test_production_sends_the_cloud_api_request_shape(shop, smtp_server):
    job = catalog_job(shop, phone="+44 (20) 7946-0958")
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, WHATSAPP_URL, json={
            "messaging_product": "whatsapp",
            "contacts": [{"input": "442079460958", "wa_id": "442079460958"}],
            "messages": [{"id": "wamid.HBgLNDQyMDc5NDYwOTU4"}]})
        outcome = deliver(job.id)
        assert len(mock.calls) == 1
        request = mock.calls[0].request

    assert request.headers["Authorization"] == "Bearer wa-test-token"
    assert request.headers["Content-Type"] == "application/json"
    body = json.loads(request.body)
    text = body.pop("text")
    assert body == {"messaging_product": "whatsapp", "recipient_type": "individual",
                    "to": "442079460958", "type": "text"}
    assert text["preview_url"] is True
    assert text["body"].startswith("Hello Jane Doe,\nNorthwind & Sons has sent you a catalog "
                                   "for PO-1234.\nView it here: " + FILES["html"])
    assert FILES["pdf"] in text["body"]

    assert outcome["whatsapp"]["status"] == "sent" and outcome["email"]["status"] == "sent"
    row = records.rows_for(job.id)["whatsapp"]
    assert (row.recipient, row.message_id) == ("+442079460958", "wamid.HBgLNDQyMDc5NDYwOTU4")


def test_a_4xx_is_a_permanent_failure_with_a_readable_reason(shop, smtp_server):
    job = catalog_job(shop, phone="+14155550100")
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, WHATSAPP_URL, status=400, json={"error": {
            "message": "(#131047) Re-engagement message", "type": "OAuthException",
            "code": 131047, "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam"}})
        outcome = deliver(job.id)["whatsapp"]
    assert outcome["status"] == "failed" and outcome["retryable"] is False
    assert outcome["error"].startswith("WhatsApp answered 400 (error 131047): more than 24 "
                                       "hours have passed")
    # The email still went out and the catalog job is untouched.
    assert len(smtp_server.messages) == 1
    assert db.session.get(Job, job.id, populate_existing=True).status == "completed"


def test_a_5xx_is_retryable_and_a_rerun_sends_only_what_failed(shop, smtp_server):
    job = catalog_job(shop, phone="+14155550100")
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, WHATSAPP_URL, status=503, body="upstream unavailable")
        outcome = deliver(job.id)["whatsapp"]
    assert outcome["status"] == "failed" and outcome["retryable"] is True
    assert outcome["error"] == "WhatsApp answered 503: Service Unavailable"

    with responses.RequestsMock() as mock:
        mock.add(responses.POST, WHATSAPP_URL, json={"messages": [{"id": "wamid.2"}]})
        second = deliver(job.id)
    assert second == {"whatsapp": {"to": "+14155550100", "audience": "customer",
                                   "status": "sent", "error": None, "retryable": False}}
    assert len(smtp_server.messages) == 1  # the email was not sent twice


def test_a_number_without_country_code_fails_without_calling_whatsapp(shop, smtp_server):
    job = catalog_job(shop, phone="020 7946 0958")
    with responses.RequestsMock() as mock:
        outcome = deliver(job.id)["whatsapp"]
        assert len(mock.calls) == 0
    assert outcome["status"] == "failed" and "international format" in outcome["error"]


def test_unconfigured_whatsapp_is_skipped_with_the_reason(app, shop, smtp_server):
    app.config["WHATSAPP_TOKEN"] = None
    job = catalog_job(shop, phone="+14155550100")
    outcome = deliver(job.id)
    assert outcome["whatsapp"]["status"] == "skipped"
    assert "WHATSAPP_TOKEN" in outcome["whatsapp"]["error"]
    assert outcome["email"]["status"] == "sent"


def test_without_a_phone_there_is_no_whatsapp_outcome(shop, smtp_server):
    job = catalog_job(shop)
    with responses.RequestsMock():
        assert set(deliver(job.id)) == {"email"}
