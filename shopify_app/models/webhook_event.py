"""One webhook delivery we accepted, kept so a repeated delivery does nothing twice."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shopify_app.extensions import db
from shopify_app.models.types import UTCDateTime, utcnow

OUTCOMES = ("pending", "processed", "ignored", "failed")


class WebhookEvent(db.Model):
    __tablename__ = "webhook_events"
    __table_args__ = (
        UniqueConstraint("topic", "event_id", name="uq_webhook_events_topic_event"),
        Index("ix_webhook_events_shop_received", "shop_domain", "received_at"),
        Index("ix_webhook_events_outcome_received", "outcome", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255))
    webhook_id: Mapped[str | None] = mapped_column(String(255))
    topic: Mapped[str] = mapped_column(String(100))
    shop_domain: Mapped[str] = mapped_column(String(255))
    api_version: Mapped[str | None] = mapped_column(String(20))
    payload: Mapped[str] = mapped_column(Text)
    triggered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(20), default="pending")
    detail: Mapped[str | None] = mapped_column(Text)
    # Failed handler runs; past a limit the event is recorded as failed, not retried.
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    request_id: Mapped[str | None] = mapped_column(String(64))
