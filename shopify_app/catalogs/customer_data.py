"""customers/data_request: what Shelf holds about one customer of a shop.

Shelf keeps customer data only in catalog jobs: the name, email, phone and reference
the merchant entered, the catalog built for them, and where each delivery went. The
report lists every catalog job whose customer email matches, with its deliveries; the
webhook's recorded answer is the text of that report, for the merchant to pass on.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from shopify_app.extensions import db
from shopify_app.jobs.serialize import iso
from shopify_app.models import Catalog, Job, JobDelivery, Shop

CATALOG_KIND = "build_catalog"
MAX_LISTED = 50  # jobs spelled out in the recorded answer; the count covers the rest


def customer_jobs(shop: Shop, email: str | None) -> list[Job]:
    """The shop's catalog jobs for that customer email (case does not matter), oldest first."""
    if not email or not email.strip():
        return []
    return list(db.session.scalars(select(Job).where(
        Job.shop_id == shop.id, Job.kind == CATALOG_KIND,
        func.lower(Job.customer_email) == email.strip().lower()).order_by(Job.created_at)))


def customer_report(shop: Shop, email: str | None) -> list[dict[str, Any]]:
    """One entry per catalog job: the customer's details, the catalog, the deliveries."""
    jobs = customer_jobs(shop, email)
    ids = [job.id for job in jobs]
    deliveries: dict[str, list[JobDelivery]] = {}
    catalogs: dict[str, Catalog] = {}
    if ids:
        for row in db.session.scalars(select(JobDelivery).where(JobDelivery.job_id.in_(ids))
                                      .order_by(JobDelivery.channel)):
            deliveries.setdefault(row.job_id, []).append(row)
        catalogs = {c.job_id: c for c in db.session.scalars(
            select(Catalog).where(Catalog.job_id.in_(ids)))}
    report = []
    for job in jobs:
        catalog = catalogs.get(job.id)
        report.append({
            "job_id": job.id, "created_at": iso(job.created_at), "status": job.status,
            "mode": job.mode, "customer": {"name": job.customer_name,
                                           "email": job.customer_email,
                                           "phone": job.options.get("customer_phone")},
            "reference": job.reference, "rows": job.total,
            "catalog": None if catalog is None else {
                "id": catalog.id, "files": [f["name"] for f in catalog.files]},
            "deliveries": [{"channel": d.channel, "status": d.status, "to": d.recipient,
                            "sent_at": iso(d.sent_at)} for d in deliveries.get(job.id, [])],
        })
    return report


def describe(customer_id: Any, report: list[dict[str, Any]]) -> str:
    """The report as the text recorded for the data request."""
    if not report:
        return f"no customer data stored for customer {customer_id}"
    lines = [f"customer {customer_id}: {len(report)} catalog job"
             f"{'' if len(report) == 1 else 's'} hold their data"]
    for entry in report[:MAX_LISTED]:
        person = entry["customer"]
        who = ", ".join(str(v) for v in (person["name"], person["email"], person["phone"]) if v)
        sent = "; ".join(f"{d['channel']} {d['status']}" + (f" to {d['to']}" if d["to"] else "")
                         + (f" at {d['sent_at']}" if d["sent_at"] else "")
                         for d in entry["deliveries"]) or "no delivery"
        files = ", ".join(entry["catalog"]["files"]) if entry["catalog"] else "no catalog files"
        lines.append(f"- job {entry['job_id']} ({entry['created_at']}, {entry['mode']}, "
                     f"{entry['status']}): {who}; reference {entry['reference'] or 'none'}; "
                     f"{entry['rows']} rows; {files}; deliveries: {sent}")
    if len(report) > MAX_LISTED:
        lines.append(f"- and {len(report) - MAX_LISTED} more catalog jobs")
    return "\n".join(lines)
