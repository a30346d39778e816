"""The monitor page's figures: KPI counts and recent activity across every job kind."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from shopify_app.auth.staff import staff_names
from shopify_app.extensions import db
from shopify_app.jobs.serialize import iso
from shopify_app.models import Job, JobEvent, Shop, ShopJobTotals
from shopify_app.models.job import ACTIVE_STATUSES
from shopify_app.models.types import utcnow

RECENT = 25
# Events read per line shown, so runs of item events still fill the list.
GROUP_READ = 20
NOT_STAFF = {None, "system", "auto-publish"}


def kpis(shop: Shop) -> dict[str, int]:
    """Counts over time windows come from the list indexes; lifetime sums from the
    per-kind totals that triggers maintain, so no query reads every job of the shop."""
    now = utcnow()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    mine = Job.shop_id == shop.id
    # archived leads the list indexes: naming both values keeps each count a range scan.
    either = Job.archived.in_((False, True))
    totals = db.session.execute(
        select(ShopJobTotals.kind, ShopJobTotals.succeeded, ShopJobTotals.published,
               ShopJobTotals.pending_review).where(ShopJobTotals.shop_id == shop.id)).all()
    return {
        "jobs_today": _count(mine, either, Job.created_at >= today),
        "running": _count(mine, either, Job.status.in_(ACTIVE_STATUSES)),
        "failed_7d": _count(mine, either, Job.status == "failed",
                            Job.created_at >= now - timedelta(days=7)),
        "items_generated": sum(row.succeeded for row in totals if row.kind == "generate"),
        "items_published": sum(row.published for row in totals),
        "awaiting_review": sum(row.pending_review for row in totals),
    }


def _count(*conditions: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(Job).where(*conditions)) or 0


def recent_activity(shop: Shop, limit: int = RECENT) -> list[dict[str, Any]]:
    """The latest events, newest first. A run of one action on many items of a job (a
    publish all writes one event per item) is one line that counts its items."""
    rows = db.session.execute(
        select(JobEvent, Job.title, Job.kind).join(Job, Job.id == JobEvent.job_id)
        .where(JobEvent.shop_id == shop.id)
        .order_by(JobEvent.id.desc()).limit(limit * GROUP_READ)).all()
    recent: list[dict[str, Any]] = []
    run = 0  # item events folded into the last line
    for event, title, kind in rows:
        last = recent[-1] if recent else None
        if (last is not None and event.item_id and last["item_id"]
                and (last["job_id"], last["action"], last["actor"])
                == (event.job_id, event.action, event.actor)):
            run += 1
            last["data"] = {"items": run}  # the values of one item say nothing of the run
            continue
        if len(recent) == limit:
            break
        run = 1
        recent.append({"id": str(event.id), "action": event.action, "actor": event.actor,
                       "job_id": event.job_id, "job_title": title, "kind": kind,
                       "item_id": str(event.item_id) if event.item_id else None,
                       # An item's line counts items; its values stay in the job's trail.
                       "data": {"items": 1} if event.item_id else event.data,
                       "created_at": iso(event.created_at)})
    # Staff actors by name where Shopify gave one (pages never show a bare user id).
    names = staff_names(shop.id, {line["actor"] for line in recent} - NOT_STAFF)
    for line in recent:
        line["actor_name"] = names.get(line["actor"])
    return recent
