"""What happens to a shop's data when it uninstalls or asks to be forgotten."""
from __future__ import annotations

import logging

from sqlalchemy import delete, select

from shopify_app.extensions import db
from shopify_app.models import Shop, StaffMember, WebhookEvent
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
    """Delete every row stored for the shop. Returns how many rows went."""
    deleted = 0
    shop = find_shop(domain)
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
    log.info("redacted %s: %d rows deleted", domain, deleted)
    return deleted
