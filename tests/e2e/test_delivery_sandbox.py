"""Delivery against the sandbox store: the shop owner's email comes from Shopify."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from shopify_app.delivery.service import enqueue_delivery
from shopify_app.extensions import db
from shopify_app.jobs.ids import new_id
from shopify_app.models import Job, Shop
from shopify_app.models.job import dumps
from shopify_app.models.types import utcnow

pytestmark = pytest.mark.e2e


@pytest.fixture
def e2e_app(make_app, sandbox, smtp_server):  # type: ignore[no-untyped-def]
    app = make_app(SHOPIFY_ADMIN_ORIGIN=sandbox.origin, SMTP_URL=smtp_server.url,
                   SHELF_MAIL_FROM="Shelf <catalogs@shelf.example>")
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_a_test_job_goes_to_the_owner_email_read_from_the_store(shop_api, sandbox,
                                                                 smtp_server, run_worker):
    shop = db.session.scalars(select(Shop).where(Shop.domain == sandbox.shop)).one()
    assert shop.email is None
    job = Job(id=new_id(), shop_id=shop.id, kind="build_catalog", title="Catalog",
              status="completed", mode="test", customer_name="Jane Doe",
              customer_email="jane@buyer.example", reference="PO-9", completed_at=utcnow(),
              params_json=dumps({"files": {"html": "https://shelf.example/c/index.html"}}))
    db.session.add(job)
    db.session.commit()
    enqueue_delivery(job.id)
    enqueue_delivery(job.id)  # a duplicate enqueue sends nothing more
    run_worker()

    assert [m.rcpt_tos for m in smtp_server.messages] == [[f"owner@{sandbox.shop}"]]
    db.session.refresh(shop)
    assert shop.email == f"owner@{sandbox.shop}" and shop.name
    assert shop.name in smtp_server.messages[0].message["Subject"]
    shown = shop_api.get(f"/api/jobs/{job.id}").get_json()["data"]["delivery"]
    assert shown["email"]["status"] == "sent" and shown["email"]["audience"] == "merchant"
