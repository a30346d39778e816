"""What happens to a shop's data when it uninstalls or asks to be forgotten."""
from __future__ import annotations

import functools
import logging

import redis
from flask import current_app
from sqlalchemy import delete, select

from shopify_app import redis_keys, redis_purge
from shopify_app.extensions import db
from shopify_app.models import Job, Shop, StaffMember, WebhookEvent
from shopify_app.models.types import utcnow

log = logging.getLogger(__name__)


def find_shop(domain: str) -> Shop | None:
    return db.session.scalars(select(Shop).where(Shop.domain == domain)).first()


def mark_uninstalled(domain: str) -> bool:
    """Forget the tokens and mark the shop uninstalled; False when we never knew it."""
    shop = find_shop(domain)
    if shop is None:
        return False
    shop.forget_tokens()
    if shop.uninstalled_at is None:
        shop.uninstalled_at = utcnow()
    db.session.commit()
    from shopify_app.jobs.service import cancel_shop_jobs

    cancelled = cancel_shop_jobs(shop)
    log.info("%s uninstalled the app; %d running jobs cancelled", domain, cancelled)
    return True


def redact_shop(domain: str) -> int:
    """Delete every row and Redis key stored for the shop. Returns how many rows went."""
    deleted = 0
    shop = find_shop(domain)
    event_ids = list(db.session.scalars(
        select(WebhookEvent.id).where(WebhookEvent.shop_domain == domain)))
    jobs = dict(db.session.execute(select(Job.id, Job.batch_count).where(
        Job.shop_id == shop.id)).tuples().all()) if shop is not None else {}
    forget_in_redis = functools.partial(
        redis_purge.purge_shop, current_app.extensions["redis"],
        keys=redis_keys.for_shop(shop), domain=domain,
        shop_id=shop.id if shop is not None else None, webhook_event_ids=event_ids,
        jobs=jobs)
    # Redis first, while the row still names the shop's namespace: if this fails the
    # delivery is retried and can still find every key.
    redis_keys_deleted = forget_in_redis()
    if shop is not None:
        from shopify_app.jobs.service import delete_shop_jobs

        deleted += delete_shop_jobs(shop)
        from shopify_app.catalogs.files import delete_shop_files

        files = delete_shop_files(shop)  # catalogs, logos, the image cache
        log.info("redacted %s: %d stored files deleted", domain, files)
        deleted += db.session.execute(
            delete(StaffMember).where(StaffMember.shop_id == shop.id)).rowcount or 0
        db.session.delete(shop)
        deleted += 1
    deleted += db.session.execute(
        delete(WebhookEvent).where(WebhookEvent.shop_domain == domain)).rowcount or 0
    db.session.commit()
    try:
        # Again: work that was still running may have written a key meanwhile.
        redis_keys_deleted += forget_in_redis()
    except redis.RedisError:
        log.warning("second Redis pass of the redact of %s failed", domain, exc_info=True)
    log.info("redacted %s: %d rows and %d Redis keys deleted", domain, deleted,
             redis_keys_deleted)
    return deleted
