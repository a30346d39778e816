"""What each webhook topic does. Every handler is safe to run twice and after uninstall."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from shopify_app import shops
from shopify_app.extensions import db
from shopify_app.models import WebhookEvent
from shopify_app.models.types import utcnow
from shopify_app.webhooks import payloads

log = logging.getLogger(__name__)
Handler = Callable[[str, dict[str, Any]], str]
# Handler runs that raise before the event is recorded as failed instead of retried.
MAX_ATTEMPTS = 12


def app_uninstalled(shop_domain: str, payload: dict[str, Any]) -> str:
    if not shops.mark_uninstalled(shop_domain):
        return "shop was not known"
    return "tokens deleted, shop marked uninstalled"


def shop_redact(shop_domain: str, payload: dict[str, Any]) -> str:
    deleted = shops.redact_shop(shop_domain)
    return f"deleted {deleted} rows"


def customers_data_request(shop_domain: str, payload: dict[str, Any]) -> str:
    """The answer, recorded with the event: every catalog job holding the customer's data
    (Shelf stores customer data nowhere else), with its catalog and deliveries."""
    customer = payload.get("customer") or {}
    shop = shops.find_shop(shop_domain)
    if shop is None:
        return f"no customer data stored for customer {customer.get('id')}"
    from shopify_app.catalogs.customer_data import customer_report, describe

    return describe(customer.get("id"), customer_report(shop, customer.get("email")))


def customers_redact(shop_domain: str, payload: dict[str, Any]) -> str:
    customer = payload.get("customer") or {}
    shop = shops.find_shop(shop_domain)
    if shop is None:
        return f"no customer data stored for customer {customer.get('id')}"
    from shopify_app.catalogs.files import redact_customer

    done = redact_customer(shop, customer.get("email"))
    return (f"customer {customer.get('id')}: {done['jobs']} catalog jobs redacted, "
            f"{done['files']} files deleted")


def _with_installed_shop(action: Callable[[Any, dict[str, Any]], str]) -> Handler:
    def handle(shop_domain: str, payload: dict[str, Any]) -> str:
        shop = shops.find_shop(shop_domain)
        if shop is None or not shop.is_installed:
            return "shop is not installed"
        return action(shop, payload)

    return handle


def products_create(shop_domain: str, payload: dict[str, Any]) -> str:
    from shopify_app.jobs import auto

    return _with_installed_shop(auto.product_created)(shop_domain, payload)


def products_update(shop_domain: str, payload: dict[str, Any]) -> str:
    from shopify_app.jobs import auto

    return _with_installed_shop(auto.product_updated)(shop_domain, payload)


HANDLERS: dict[str, Handler] = {
    "products/create": products_create,
    "products/update": products_update,
    "app/uninstalled": app_uninstalled,
    "shop/redact": shop_redact,
    "customers/data_request": customers_data_request,
    "customers/redact": customers_redact,
}


def process(event_id: int) -> str | None:
    """Run the handler of a stored event once; a repeated call does nothing."""
    event = db.session.get(WebhookEvent, event_id)
    if event is None or event.outcome != "pending":
        return None
    topic, shop_domain = event.topic, event.shop_domain
    handler = HANDLERS.get(topic)
    if handler is None:
        event.outcome, event.detail = "ignored", f"no handler for {topic}"
        event.processed_at = utcnow()
        db.session.commit()
        return event.detail
    try:
        detail = handler(shop_domain, payloads.parse(topic, event.payload, shop_domain))
    except payloads.MalformedPayload as exc:
        db.session.rollback()
        return _settle_failed(event_id, f"malformed payload: {exc}")
    except Exception as exc:
        db.session.rollback()
        event = db.session.get(WebhookEvent, event_id)
        if event is None:
            raise
        event.attempts = (event.attempts or 0) + 1
        if event.attempts >= MAX_ATTEMPTS:
            db.session.commit()
            log.exception("webhook %s for %s failed %d times", topic, shop_domain,
                          event.attempts)
            return _settle_failed(event_id, f"gave up after {event.attempts} attempts: {exc}")
        # Stays pending: RQ retries it, and the reaper picks up what RQ gave up on.
        event.detail = f"attempt {event.attempts} failed: {exc}"[:2000]
        db.session.commit()
        raise
    # shop/redact deletes the event row itself along with the rest of the shop.
    event = db.session.get(WebhookEvent, event_id)
    if event is not None:
        event.outcome, event.detail, event.processed_at = "processed", detail, utcnow()
        db.session.commit()
    log.info("webhook %s for %s: %s", topic, shop_domain, detail)
    return detail


def _settle_failed(event_id: int, reason: str) -> str | None:
    """Record the event as failed for good: the reaper only re-queues pending events."""
    event = db.session.get(WebhookEvent, event_id)
    if event is None:
        return None
    event.outcome, event.detail, event.processed_at = "failed", reason[:2000], utcnow()
    db.session.commit()
    log.warning("webhook %s for %s failed: %s", event.topic, event.shop_domain, reason)
    return event.detail
