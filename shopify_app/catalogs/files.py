"""Removing catalog files and personal data: job delete, shop/redact, customers/redact."""
from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import delete, update

from shopify_app.extensions import db
from shopify_app.models import Catalog, CatalogDefinition, Job, JobEvent, Shop
from shopify_app.models.job import dumps
from shopify_app.storage import job_prefix, shop_prefix, storage

log = logging.getLogger(__name__)
FILES = {"html": ("catalog.html", "text/html"), "pdf": ("catalog.pdf", "application/pdf"),
         "zip": ("catalog.zip", "application/zip")}


def delete_job_files(job: Job) -> int:
    """Every stored file of the job, and its catalog row."""
    removed = storage().delete_prefix(job_prefix(job.shop_id, job.id))
    db.session.execute(delete(Catalog).where(Catalog.job_id == job.id))
    log.info("deleted %d stored files of job %s", removed, job.id)
    return removed


def delete_shop_files(shop: Shop) -> int:
    """Everything the shop ever stored: catalogs, logos, the image cache (shop/redact)."""
    removed = storage().delete_prefix(shop_prefix(shop.id))
    db.session.execute(delete(Catalog).where(Catalog.shop_id == shop.id))
    db.session.execute(delete(CatalogDefinition).where(CatalogDefinition.shop_id == shop.id))
    db.session.commit()
    return removed


def redact_customer(shop: Shop, email: str | None) -> dict[str, int]:
    """customers/redact: the files and personal data of catalog jobs for that email.

    The jobs stay (the merchant's history, counts and audit trail) with the customer's
    name, email, phone and item rows removed; their catalogs and files are deleted.
    """
    from shopify_app.catalogs.customer_data import customer_jobs

    jobs = customer_jobs(shop, email)
    files = 0
    for job in jobs:
        files += delete_job_files(job)
        params: dict[str, Any] = job.params
        params["items"] = []
        options = job.options
        options.pop("customer_phone", None)
        job.params_json, job.options_json = dumps(params), dumps(options)
        job.customer_name, job.customer_email = "[redacted]", None
        job.reference = None  # an order number can point back to the customer
        job.catalog_id, job.file_locations_json = None, None
        job.title = "Catalog (customer data redacted)"
        job.search_text = job.title.lower()
        # The audit trail repeated the title, which named the customer.
        db.session.execute(update(JobEvent).where(JobEvent.job_id == job.id)
                           .values(data_json=None))
        db.session.commit()
    from shopify_app.delivery.records import forget_recipients

    forget_recipients([job.id for job in jobs])  # delivery outcomes quote the address
    return {"jobs": len(jobs), "files": files}
