"""Scheduled sweeps: a job template run every hour, day or week, and its runs."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shopify_app.extensions import db
from shopify_app.models.job import BigId, loads
from shopify_app.models.types import UTCDateTime, utcnow

FREQUENCIES = ("hourly", "daily", "weekly")


class Schedule(db.Model):
    __tablename__ = "schedules"
    __table_args__ = (
        Index("ix_schedules_due", "paused", "next_run_at"),
        Index("ix_schedules_shop", "shop_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    # The body a job is created from: kind, field, scope, options, strategy, mode.
    template_json: Mapped[str] = mapped_column(Text)
    frequency: Mapped[str] = mapped_column(String(10))
    hour: Mapped[int] = mapped_column(Integer, default=0)
    minute: Mapped[int] = mapped_column(Integer, default=0)
    weekday: Mapped[int | None] = mapped_column(Integer)  # 0 = Monday
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str | None] = mapped_column(String(64))
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_outcome: Mapped[str | None] = mapped_column(String(20))
    last_job_id: Mapped[str | None] = mapped_column(String(26))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def template(self) -> dict[str, Any]:
        return loads(self.template_json) or {}


class ScheduleRun(db.Model):
    """One period of a schedule, claimed once: the unique key is what keeps many workers
    and restarts from starting a period's job twice."""

    __tablename__ = "schedule_runs"
    __table_args__ = (UniqueConstraint("schedule_id", "period", name="uq_schedule_runs_period"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    schedule_id: Mapped[str] = mapped_column(ForeignKey("schedules.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(32))
    # created (a job), skipped (empty scope) or failed (the template no longer validates).
    outcome: Mapped[str] = mapped_column(String(20))
    job_id: Mapped[str | None] = mapped_column(String(26))
    message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
