"""Rows for API tests that need a reviewable job without running one against Shopify."""
from __future__ import annotations

from sqlalchemy import select

from shopify_app.extensions import db
from shopify_app.jobs.ids import new_id
from shopify_app.models import Job, JobItem, Shop


def reviewable_job(domain: str, count: int, *, publish_status: str = "unpublished",
                   kind: str = "generate") -> tuple[str, list[int]]:
    """A finished generate job in review with `count` succeeded items; (job id, item ids)."""
    shop = db.session.scalars(select(Shop).where(Shop.domain == domain)).one()
    job = Job(id=new_id(), shop_id=shop.id, kind=kind, field="description",
              title="Descriptions for review", status="review", total=count,
              succeeded=count, pending_review=count, enumerated=True)
    db.session.add(job)
    db.session.add_all(JobItem(job_id=job.id, position=position, batch=0, status="succeeded",
                               publish_status=publish_status,
                               product_id=f"gid://shopify/Product/{position + 1}",
                               product_title=f"Product {position + 1}",
                               original=f"old {position}", proposed=f"new {position}",
                               published_value=f"new {position}"
                               if publish_status == "published" else None)
                       for position in range(count))
    db.session.commit()
    ids = list(db.session.scalars(select(JobItem.id).where(JobItem.job_id == job.id)
                                  .order_by(JobItem.id)))
    return job.id, ids


def catalog_rows(domain: str, job_id: str) -> tuple[str, str]:
    """An active demo definition and a catalog row for the job: (definition id, catalog id)."""
    from shopify_app.catalogs.demo import seed_demo_definition
    from shopify_app.models import Catalog

    definition, _created = seed_demo_definition(domain)
    shop = db.session.scalars(select(Shop).where(Shop.domain == domain)).one()
    catalog = Catalog(id=new_id(), shop_id=shop.id, job_id=job_id, definition_id=definition.id,
                      definition_name=definition.name, customer_name="Acme Retail",
                      customer_email="buyer@acme.example", reference="PO-1", rows=3)
    db.session.add(catalog)
    db.session.commit()
    return definition.id, catalog.id


def a_schedule(domain: str) -> str:
    """A daily schedule of the shop (not due for a day); its id."""
    from datetime import timedelta

    from shopify_app.models import Schedule
    from shopify_app.models.job import dumps
    from shopify_app.models.types import utcnow

    shop = db.session.scalars(select(Shop).where(Shop.domain == domain)).one()
    schedule = Schedule(id=new_id(), shop_id=shop.id, name="Nightly descriptions",
                        template_json=dumps({"kind": "generate", "field": "description",
                                             "scope": {"type": "all"}}),
                        frequency="daily", hour=3, minute=0, timezone="UTC", paused=False,
                        next_run_at=utcnow() + timedelta(days=1))
    db.session.add(schedule)
    db.session.commit()
    return schedule.id
