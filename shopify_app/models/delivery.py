"""How a finished catalog reached (or did not reach) its recipient: one row per channel."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shopify_app.extensions import db
from shopify_app.models.job import BigId
from shopify_app.models.types import UTCDateTime, utcnow

CHANNELS = ("email", "whatsapp")
DELIVERY_STATUSES = ("sending", "sent", "failed", "skipped")


class JobDelivery(db.Model):
    __tablename__ = "job_deliveries"
    __table_args__ = (
        UniqueConstraint("job_id", "channel", name="uq_job_deliveries_job_channel"),
        # Monitor KPIs: deliveries sent / failed per shop over a period.
        Index("ix_job_deliveries_shop_status", "shop_id", "status", "updated_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    # "customer" or "merchant" (test mode), and the address or number used.
    audience: Mapped[str | None] = mapped_column(String(20))
    recipient: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    message_id: Mapped[str | None] = mapped_column(String(255))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
