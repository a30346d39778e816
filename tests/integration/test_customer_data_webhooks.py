"""customers/data_request answers with every catalog job holding the customer's data and
its deliveries; customers/redact removes that data, the catalogs and the addresses, and
leaves other customers and other shops alone."""
from __future__ import annotations

from sqlalchemy import select

from shopify_app.extensions import db
from shopify_app.jobs.ids import new_id
from shopify_app.models import Catalog, Job, JobDelivery, Shop, WebhookEvent
from shopify_app.models.job import dumps
from shopify_app.models.types import utcnow
from tests.integration.test_webhooks import SHOP, installed_shop, post  # noqa: F401

JANE = "jane@buyer.example"


def catalog_job(shop: Shop, email: str, *, reference: str = "PO-1", phone: str | None = None,
                delivered: bool = False) -> Job:
    job = Job(id=new_id(), shop_id=shop.id, kind="build_catalog", title="Catalog for Jane",
              status="completed", mode="production", customer_name="Jane Doe",
              customer_email=email, reference=reference, total=12, completed_at=utcnow(),
              options_json=dumps({"customer_phone": phone}))
    db.session.add(job)
    db.session.flush()
    catalog = Catalog(id=new_id(), shop_id=shop.id, job_id=job.id, customer_email=email,
                      files_json=dumps([{"name": "catalog.pdf", "key": f"k/{job.id}"}]))
    db.session.add(catalog)
    job.catalog_id = catalog.id
    if delivered:
        now = utcnow()
        db.session.add_all([
            JobDelivery(job_id=job.id, shop_id=shop.id, channel="email", status="sent",
                        audience="customer", recipient=email, attempts=1, sent_at=now,
                        created_at=now, updated_at=now),
            JobDelivery(job_id=job.id, shop_id=shop.id, channel="whatsapp", status="failed",
                        audience="customer", recipient=phone, attempts=1,
                        error=f"WhatsApp refused {phone}", created_at=now, updated_at=now)])
    db.session.commit()
    return job


def answer(client, run_worker, topic: str, customer: dict, shop: str = SHOP) -> WebhookEvent:  # type: ignore[no-untyped-def]
    assert post(client, topic, {"shop_domain": shop, "customer": customer}).status_code == 200
    run_worker()
    db.session.expire_all()
    return db.session.scalars(select(WebhookEvent).where(WebhookEvent.topic == topic)
                              .order_by(WebhookEvent.id.desc())).first()


def test_data_request_lists_the_customers_catalog_jobs_and_deliveries(
        client, installed_shop, run_worker):  # noqa: F811
    other_shop = Shop(domain="other-shop.myshopify.com", installed_at=utcnow())
    db.session.add(other_shop)
    db.session.commit()
    first = catalog_job(installed_shop, JANE, reference="PO-4711", phone="+14155550123",
                        delivered=True)
    second = catalog_job(installed_shop, "Jane@Buyer.example", reference="PO-4712")
    someone_else = catalog_job(installed_shop, "max@buyer.example", reference="PO-9")
    elsewhere = catalog_job(other_shop, JANE, reference="PO-OTHER")

    event = answer(client, run_worker, "customers/data_request", {"id": 7, "email": JANE})
    assert event.outcome == "processed"
    detail = event.detail
    assert detail.startswith("customer 7: 2 catalog jobs hold their data")
    assert first.id in detail and second.id in detail
    assert "PO-4711" in detail and "+14155550123" in detail and "catalog.pdf" in detail
    assert f"email sent to {JANE}" in detail and "whatsapp failed" in detail
    assert someone_else.id not in detail and elsewhere.id not in detail
    assert "PO-OTHER" not in detail and "max@" not in detail


def test_redact_removes_the_data_then_a_data_request_finds_none(
        client, installed_shop, run_worker):  # noqa: F811
    mine = catalog_job(installed_shop, JANE, reference="PO-4711", phone="+14155550123",
                       delivered=True)
    kept = catalog_job(installed_shop, "max@buyer.example", reference="PO-9", delivered=True)

    event = answer(client, run_worker, "customers/redact", {"id": 7, "email": JANE.upper()})
    assert event.outcome == "processed" and "1 catalog jobs redacted" in event.detail
    job = db.session.get(Job, mine.id)
    assert (job.customer_name, job.customer_email, job.reference) == ("[redacted]", None, None)
    assert "customer_phone" not in job.options and job.catalog_id is None
    assert db.session.scalars(select(Catalog).where(Catalog.job_id == mine.id)).all() == []
    rows = db.session.scalars(select(JobDelivery).where(JobDelivery.job_id == mine.id)).all()
    assert {(r.channel, r.status, r.recipient, r.error) for r in rows} == {
        ("email", "sent", None, None), ("whatsapp", "failed", None, None)}
    other = db.session.get(Job, kept.id)
    assert (other.customer_email, other.reference) == ("max@buyer.example", "PO-9")
    assert db.session.scalars(select(JobDelivery.recipient).where(
        JobDelivery.job_id == kept.id, JobDelivery.channel == "email")).one() == \
        "max@buyer.example"

    again = answer(client, run_worker, "customers/data_request", {"id": 7, "email": JANE})
    assert again.detail == "no customer data stored for customer 7"


def test_a_request_without_an_email_or_with_a_bad_one(client, installed_shop, run_worker):  # noqa: F811
    catalog_job(installed_shop, JANE)
    event = answer(client, run_worker, "customers/data_request", {"id": 8})
    assert event.detail == "no customer data stored for customer 8"
    bad = answer(client, run_worker, "customers/redact", {"id": 8, "email": 12345})
    assert bad.outcome == "failed" and "malformed payload" in bad.detail
    assert db.session.scalars(select(Job.customer_email)).all() == [JANE]
