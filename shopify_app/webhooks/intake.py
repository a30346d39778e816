"""Record a verified webhook delivery exactly once and hand it to a worker."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from rq import Retry
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from shopify_app.extensions import db
from shopify_app.logs import current_request_id
from shopify_app.models import WebhookEvent
from workers import tasks

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    topic: str
    shop_domain: str
    event_id: str
    webhook_id: str | None
    api_version: str | None
    triggered_at: datetime | None
    body: str


def parse_timestamp(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def record(delivery: Delivery) -> WebhookEvent | None:
    """Store the delivery; None when this event was already received (a duplicate)."""
    existing = db.session.scalars(select(WebhookEvent).where(
        WebhookEvent.topic == delivery.topic, WebhookEvent.event_id == delivery.event_id)).first()
    if existing is not None:
        return None
    event = WebhookEvent(
        event_id=delivery.event_id, webhook_id=delivery.webhook_id, topic=delivery.topic,
        shop_domain=delivery.shop_domain, api_version=delivery.api_version,
        payload=delivery.body, triggered_at=delivery.triggered_at,
        request_id=current_request_id(),
    )
    db.session.add(event)
    try:
        db.session.commit()
    except IntegrityError:
        # A concurrent delivery of the same event won the insert.
        db.session.rollback()
        return None
    return event


def rq_job_id(event_id: int) -> str:
    """One RQ job per event: enqueueing it again replaces the first."""
    return f"webhook-{event_id}"


def enqueue(event: WebhookEvent) -> None:
    """Hand the event to a worker. If Redis is down the row stays pending for the reaper."""
    queue = current_app.extensions["queues"]["default"]
    try:
        queue.enqueue(tasks.process_webhook_event, kwargs={"event_id": event.id},
                      job_id=rq_job_id(event.id), job_timeout=600,
                      retry=Retry(max=3, interval=[10, 60, 300]),
                      description=f"webhook {event.topic} event {event.id}")
    except Exception:  # noqa: BLE001 — the stored row is the durable record
        log.exception("could not enqueue webhook event %s; it stays pending", event.id)


def pending_events(older_than: datetime, limit: int = 500) -> list[WebhookEvent]:
    return list(db.session.scalars(
        select(WebhookEvent).where(WebhookEvent.outcome == "pending",
                                   WebhookEvent.received_at < older_than)
        .order_by(WebhookEvent.received_at).limit(limit)))
