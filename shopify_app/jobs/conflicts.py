"""Resolving a conflict with the merchant's eyes open.

A conflict means the value in the store is no longer the one Shelf read. The
merchant sees three values — what Shelf read, what the store holds now (read
live, never the stale copy), what Shelf proposes — and chooses: keep theirs,
overwrite (a forced publish, jobs/publishing.py), or edit starting from theirs.
"""
from __future__ import annotations

from typing import Any

from shopify_app.extensions import db
from shopify_app.jobs import events
from shopify_app.jobs.errors import StateConflict
from shopify_app.jobs.kinds.base import JobView
from shopify_app.jobs.kinds.publisher import MISSING, PublishContext, ValueSwapPublisher
from shopify_app.jobs.publishing import publishable_kind
from shopify_app.jobs.serialize import item_change
from shopify_app.jobs.service import audit
from shopify_app.models import Job, JobItem, Shop
from shopify_app.models.types import utcnow
from shopify_app.shopify.errors import ShopifyError

KEEP_THEIRS, EDIT_FROM_THEIRS = "keep_theirs", "edit_from_theirs"
CHOICES = (KEEP_THEIRS, EDIT_FROM_THEIRS)


def _publisher(job: Job) -> ValueSwapPublisher:
    kind = publishable_kind(job)
    if kind is None or not isinstance(kind.publisher, ValueSwapPublisher):
        raise StateConflict("This kind of result cannot be compared with the store")
    return kind.publisher


def live_value(job: Job, item: JobItem) -> dict[str, Any]:
    """The value the store holds for the item right now: {"value", "missing"}."""
    from shopify_app.shopify_access import client_for

    publisher = _publisher(job)
    shop = db.session.get(Shop, job.shop_id)
    view = JobView.of(job)
    context = PublishContext(job=view, force=False, use_bulk=False,
                             client_factory=lambda: client_for(shop.domain),
                             remember=lambda *_: None)
    target = publisher.target(view, item)
    try:
        value = publisher.read(context, [target]).get(target, MISSING)
    except ShopifyError as exc:
        raise StateConflict(f"Shopify could not be read just now ({exc.message}); "
                            "try again in a moment") from exc
    if value is MISSING:
        return {"value": None, "missing": True}
    return {"value": value or "", "missing": False}


def resolve(job: Job, item: JobItem, choice: str, actor: str) -> JobItem:
    """Keep the store's value (Shelf's stays unpublished), or start an edit from it."""
    if item.publish_status != "conflict":
        raise StateConflict("Only a result in conflict can be resolved this way")
    current = live_value(job, item)
    if current["missing"]:
        raise StateConflict("This product or image no longer exists in Shopify")
    theirs = current["value"]
    audit(job, "conflict_resolved", actor, {"choice": choice, "theirs": theirs,
                                            "read": item.original, "proposed": item.proposed},
          item_id=item.id)
    # Their value becomes the one Shelf read, so publishing later replaces it knowingly.
    item.original = theirs
    if choice == EDIT_FROM_THEIRS:
        item.proposed = theirs
    item.publish_status, item.error, item.updated_at = "unpublished", None, utcnow()
    db.session.commit()
    events.publish(job.shop_id, [("items.updated", {"job_id": job.id, "items": [
        item_change(item.id, item.status, item.publish_status)]})])
    return item
