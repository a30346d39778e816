"""Catalog delivery by email against a real SMTP server: who gets what, in which mode."""
from __future__ import annotations

import json

import responses
from rq.registry import ScheduledJobRegistry
from sqlalchemy import select

from shopify_app.delivery import records
from shopify_app.delivery.service import deliver, run_task
from shopify_app.extensions import db
from shopify_app.jobs import events
from shopify_app.models import Job, JobEvent
from tests.integration.delivery.conftest import FILES, catalog_job


def _events(job: Job) -> list[JobEvent]:
    return list(db.session.scalars(select(JobEvent).where(JobEvent.job_id == job.id)
                                   .order_by(JobEvent.id)))


def test_production_emails_the_customer_with_the_links(app, shop, smtp_server):
    job = catalog_job(shop)
    outcome = deliver(job.id)

    assert outcome["email"]["status"] == "sent"
    assert [m.rcpt_tos for m in smtp_server.messages] == [["jane@buyer.example"]]
    caught = smtp_server.messages[0]
    message = caught.message
    assert message["To"] == "Jane Doe <jane@buyer.example>"
    assert message["Subject"] == "Your catalog from Northwind & Sons (PO-1234)"
    sender = message["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == ("Northwind & Sons", "catalogs@shelf.example")
    assert message["Reply-To"] == "owner@northwind.example"
    assert caught.mail_from == "catalogs@shelf.example"
    assert message.get_content_type() == "multipart/alternative"
    text, html = caught.part("plain"), caught.part("html")
    for url in FILES.values():
        assert url in text
        assert url.replace("&", "&amp;") in html
    assert "Hello Jane Doe," in text and "Reference: PO-1234" in text
    assert "Northwind &amp; Sons" in html and "Northwind & Sons" not in html

    row = records.rows_for(job.id)["email"]
    assert (row.status, row.recipient, row.audience, row.attempts) == (
        "sent", "jane@buyer.example", "customer", 1)
    assert row.sent_at is not None and row.message_id == message["Message-ID"]
    assert [e.action for e in _events(job)] == ["delivery.sent"]
    assert db.session.get(Job, job.id, populate_existing=True).status == "completed"
    live = app.extensions["redis"].xrange(events.stream_key(shop.id))
    assert live[-1][1][b"type"] == b"job.updated"
    announced = json.loads(live[-1][1][b"data"])
    assert announced["id"] == job.id and announced["delivery"]["email"]["status"] == "sent"


def test_names_cannot_inject_headers_or_markup(shop, smtp_server):
    shop.name = "Evil\r\nBcc: shop@attacker.example"
    db.session.commit()
    job = catalog_job(shop, name="Eve <script>alert(1)</script>\r\nBcc: victim@attacker.example",
                      reference="PO-1\nX-Injected: yes")
    assert deliver(job.id)["email"]["status"] == "sent"

    caught = smtp_server.messages[0]
    assert caught.rcpt_tos == ["jane@buyer.example"]
    headers = {name.lower() for name in caught.message}
    assert "bcc" not in headers and "x-injected" not in headers
    for name in ("To", "From", "Subject"):
        assert "\n" not in str(caught.message[name]) and "\r" not in str(caught.message[name])
    assert caught.message["Subject"] == "Your catalog from Evil Bcc: shop@attacker.example " \
                                        "(PO-1 X-Injected: yes)"
    html = caught.part("html")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_test_mode_sends_only_to_the_merchant(shop, smtp_server):
    job = catalog_job(shop, mode="test", phone="+14155550100")
    with responses.RequestsMock() as mock:  # any WhatsApp call would fail this test
        outcome = deliver(job.id)
        assert len(mock.calls) == 0

    assert outcome["email"]["status"] == "sent" and outcome["email"]["audience"] == "merchant"
    assert outcome["whatsapp"]["status"] == "skipped"
    assert [m.rcpt_tos for m in smtp_server.messages] == [["owner@northwind.example"]]
    message = smtp_server.messages[0].message
    assert "jane@buyer.example" not in message["To"]
    assert message["Subject"].startswith("[Test] Catalog for Jane Doe")
    assert "TEST DELIVERY" in smtp_server.messages[0].part("plain")
    assert message["Reply-To"] is None
    # Run again: nothing is sent and the audit trail gains nothing.
    assert deliver(job.id) == {}
    assert sorted(e.action for e in _events(job)) == ["delivery.sent", "delivery.skipped"]


def test_test_mode_without_a_merchant_email_records_it_and_sends_nothing(shop, smtp_server):
    shop.email = None
    db.session.commit()
    job = catalog_job(shop, mode="test")
    outcome = deliver(job.id)
    assert outcome["email"]["status"] == "skipped"
    assert "No merchant email" in outcome["email"]["error"]
    assert smtp_server.messages == []
    assert records.summary(job.id)["email"]["status"] == "skipped"


def test_merchant_email_is_read_from_shopify_once_and_kept(shop, smtp_server):
    shop.email, shop.name = None, None
    shop.access_token = "shpat_test"
    db.session.commit()
    job = catalog_job(shop, mode="test")
    url = "https://northwind.myshopify.com/admin/api/2026-10/graphql.json"
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, url, json={"data": {"shop": {
            "name": "Northwind Supply", "email": "boss@northwind.example"}}})
        deliver(job.id)
        assert json.loads(mock.calls[0].request.body)["operationName"] == "ShopContact"
        assert mock.calls[0].request.headers["X-Shopify-Access-Token"] == "shpat_test"

    assert [m.rcpt_tos for m in smtp_server.messages] == [["boss@northwind.example"]]
    assert "Northwind Supply" in smtp_server.messages[0].message["Subject"]
    db.session.refresh(shop)
    assert (shop.email, shop.name) == ("boss@northwind.example", "Northwind Supply")
    with responses.RequestsMock():  # stored now: no second request
        assert deliver(job.id, resend=True)["email"]["status"] == "sent"


def test_a_refusing_server_is_recorded_failed_and_a_resend_works(shop, smtp_server):
    job = catalog_job(shop)
    smtp_server.refuse("550 5.1.1 Mailbox unavailable")
    outcome = deliver(job.id)
    assert outcome["email"]["status"] == "failed" and outcome["email"]["retryable"] is False
    assert "550 5.1.1 Mailbox unavailable" in outcome["email"]["error"]
    stored = db.session.get(Job, job.id, populate_existing=True)
    assert (stored.status, stored.error) == ("completed", None)
    assert records.summary(job.id)["email"]["status"] == "failed"

    smtp_server.refuse(None)
    assert deliver(job.id, resend=True, actor="7")["email"]["status"] == "sent"
    assert len(smtp_server.messages) == 1
    row = records.rows_for(job.id)["email"]
    assert (row.status, row.error, row.attempts) == ("sent", None, 2)
    assert [(e.action, e.actor) for e in _events(job)] == [("delivery.failed", "system"),
                                                          ("delivery.sent", "7")]


def test_running_twice_does_not_send_twice_unless_resending(shop, smtp_server):
    job = catalog_job(shop)
    deliver(job.id)
    assert deliver(job.id) == {}
    assert len(smtp_server.messages) == 1
    deliver(job.id, resend=True)
    assert len(smtp_server.messages) == 2


def test_an_unreachable_server_fails_retryably_and_books_a_retry(app, shop, smtp_server):
    from tests.conftest import _free_port

    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{_free_port()}?timeout=5"
    job = catalog_job(shop)
    outcome = run_task(job.id, None, "system", False)
    assert outcome["email"]["status"] == "failed" and outcome["email"]["retryable"] is True
    assert "Could not reach the mail server 127.0.0.1:" in outcome["email"]["error"]
    queue = app.extensions["queues"]["high"]
    scheduled = ScheduledJobRegistry(queue=queue).get_job_ids()
    assert len(scheduled) == 1
    retry = queue.fetch_job(scheduled[0])
    assert retry.func_name == "workers.tasks.deliver_catalog"
    assert retry.args == (job.id, ["email"], "system", False)


def test_jobs_that_are_not_finished_catalogs_deliver_nothing(shop, smtp_server):
    running = catalog_job(shop, status="processing")
    other = catalog_job(shop, kind="counter")
    failed = catalog_job(shop, status="failed")
    assert deliver(running.id) == {} and deliver(other.id) == {} and deliver(failed.id) == {}
    assert deliver("01NOSUCHJOB") == {}
    assert smtp_server.messages == []
    assert records.summary(running.id) == {}


def test_a_catalog_without_links_or_a_bad_address_fails_with_a_reason(shop, smtp_server):
    no_links = catalog_job(shop, files={})
    assert deliver(no_links.id)["email"]["error"] == "The catalog has no download links to send"
    bad = catalog_job(shop, email="not-an-address")
    outcome = deliver(bad.id)["email"]
    assert outcome["status"] == "failed" and "not a valid email address" in outcome["error"]
    assert smtp_server.messages == []


def test_a_bug_in_delivery_never_raises(shop, smtp_server, monkeypatch):
    from shopify_app.delivery import service

    def broken(job):  # type: ignore[no-untyped-def]
        raise RuntimeError("storage is down")

    monkeypatch.setattr(service, "links_for", broken)
    job = catalog_job(shop)
    assert deliver(job.id) == {}
    assert db.session.get(Job, job.id, populate_existing=True).status == "completed"


def test_no_smtp_url_skips_email_with_the_reason(app, shop, smtp_server):
    app.config["SMTP_URL"] = None
    job = catalog_job(shop)
    outcome = deliver(job.id)["email"]
    assert outcome["status"] == "skipped" and "SMTP_URL" in outcome["error"]


def test_delivery_counts_for_the_monitor(shop, smtp_server):
    deliver(catalog_job(shop).id)
    smtp_server.refuse("554 5.7.1 Rejected")
    deliver(catalog_job(shop).id)
    assert records.counts(shop.id) == {"sent": 1, "failed": 1, "skipped": 0}


def test_customer_redaction_forgets_the_addresses_but_keeps_the_outcome(shop, smtp_server):
    job = catalog_job(shop)
    smtp_server.refuse("550 5.1.1 <jane@buyer.example> unknown")
    deliver(job.id)
    assert records.forget_recipients([job.id]) == 1
    shown = records.summary(job.id)["email"]
    assert (shown["status"], shown["to"], shown["error"]) == ("failed", None, None)
    assert "jane@buyer.example" not in json.dumps([e.data for e in _events(job)])


def test_an_unexpected_error_while_sending_is_recorded_not_left_sending(shop, smtp_server,
                                                                         monkeypatch):
    from shopify_app.delivery import service

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyError("boom")

    monkeypatch.setattr(service, "send_email", broken)
    job = catalog_job(shop)
    outcome = deliver(job.id)["email"]
    assert outcome["status"] == "failed" and "KeyError" in outcome["error"]
    assert records.rows_for(job.id)["email"].status == "failed"
    monkeypatch.undo()
    assert deliver(job.id)["email"]["status"] == "sent"
