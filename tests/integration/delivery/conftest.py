"""Delivery tests: the app sends through the test SMTP server; WhatsApp is configured
against a mocked Cloud API host (never contacted for real)."""
from __future__ import annotations

from typing import Any

import pytest

from shopify_app.extensions import db
from shopify_app.jobs.ids import new_id
from shopify_app.models import Job, Shop
from shopify_app.models.job import dumps
from shopify_app.models.types import utcnow

WHATSAPP_BASE = "https://graph.whatsapp.test/v21.0"
WHATSAPP_URL = f"{WHATSAPP_BASE}/1098765/messages"
FILES = {"html": "https://shelf.example/files/cat-1/index.html?sig=abc",
         "pdf": "https://shelf.example/files/cat-1/catalog.pdf?sig=def",
         "zip": "https://shelf.example/files/cat-1/catalog.zip?sig=ghi"}


@pytest.fixture
def app(make_app, smtp_server):  # type: ignore[no-untyped-def]
    app = make_app(SMTP_URL=smtp_server.url,
                   SHELF_MAIL_FROM="Shelf Catalogs <catalogs@shelf.example>",
                   WHATSAPP_TOKEN="wa-test-token", WHATSAPP_PHONE_NUMBER_ID="1098765",
                   WHATSAPP_API_BASE_URL=WHATSAPP_BASE)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def shop(app) -> Shop:  # type: ignore[no-untyped-def]
    shop = Shop(domain="northwind.myshopify.com", name="Northwind & Sons",
                email="owner@northwind.example", installed_at=utcnow())
    db.session.add(shop)
    db.session.commit()
    return shop


def catalog_job(shop: Shop, *, mode: str = "production", status: str = "completed",
                name: str | None = "Jane Doe", email: str | None = "jane@buyer.example",
                phone: str | None = None, reference: str | None = "PO-1234",
                files: Any = FILES, kind: str = "build_catalog") -> Job:
    job = Job(id=new_id(), shop_id=shop.id, kind=kind, title=f"Catalog for {name}",
              status=status, mode=mode, customer_name=name, customer_email=email,
              reference=reference, definition_id=new_id(),
              params_json=dumps({"customer_phone": phone, "files": files}),
              total=3, succeeded=3, completed_at=utcnow() if status != "processing" else None)
    db.session.add(job)
    db.session.commit()
    return job
