"""The monitor page's figures: KPI counts and recent activity across every job kind."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import case, func, select

from shopify_app.extensions import db
from shopify_app.jobs.serialize import iso
from shopify_app.models import Job, JobEvent, Shop
from shopify_app.models.job import ACTIVE_STATUSES
from shopify_app.models.types import utcnow

RECENT = 25


def kpis(shop: Shop) -> dict[str, int]:
    now = utcnow()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    row = db.session.execute(select(
        func.count(case((Job.created_at >= today, 1))),
        func.count(case((Job.status.in_(ACTIVE_STATUSES), 1))),
        func.count(case(((Job.status == "failed") & (Job.created_at >= now - timedelta(days=7)),
                         1))),
        func.coalesce(func.sum(case((Job.kind == "generate", Job.succeeded), else_=0)), 0),
        func.coalesce(func.sum(Job.published), 0),
        func.coalesce(func.sum(Job.pending_review), 0),
    ).where(Job.shop_id == shop.id)).one()
    keys = ("jobs_today", "running", "failed_7d", "items_generated", "items_published",
            "awaiting_review")
    return {key: int(value or 0) for key, value in zip(keys, row, strict=True)}


def recent_activity(shop: Shop, limit: int = RECENT) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(JobEvent, Job.title, Job.kind).join(Job, Job.id == JobEvent.job_id)
        .where(JobEvent.shop_id == shop.id)
        .order_by(JobEvent.id.desc()).limit(limit)).all()
    return [{"id": str(event.id), "action": event.action, "actor": event.actor,
             "job_id": event.job_id, "job_title": title, "kind": kind,
             "item_id": str(event.item_id) if event.item_id else None,
             "data": event.data, "created_at": iso(event.created_at)}
            for event, title, kind in rows]
