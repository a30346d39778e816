"""Jobs, their items, and the audit trail of what happened to them."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    false,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.dml import Update

from shopify_app.extensions import db
from shopify_app.models.types import UTCDateTime, utcnow

JOB_STATUSES = ("pending", "processing", "paused", "review", "completed",
                "completed_with_errors", "failed", "cancelled")
FINISHED_STATUSES = ("completed", "completed_with_errors", "failed", "cancelled")
ACTIVE_STATUSES = ("pending", "processing")
# Jobs whose failed items may be run again.
RETRYABLE_STATUSES = ("failed", "completed_with_errors", "review")
# Jobs whose results may be published: running, in review, or done.
PUBLISHABLE_JOB_STATUSES = ("processing", "review", "completed", "completed_with_errors")
# Every stage a job reports: the engine's (fetching, publishing) and each kind's
# own stage and finishing stage (a test checks the registered kinds use no other).
STAGES = ("fetching", "generating", "analyzing", "image_resolution", "building",
          "publishing", "reading", "writing", "exporting", "importing")
ITEM_STATUSES = ("pending", "processing", "succeeded", "failed", "skipped")
# Items not done yet: waiting for a batch or in one.
OPEN_ITEM_STATUSES = ("pending", "processing")
PUBLISH_STATUSES = ("unpublished", "publishing", "published", "failed", "conflict", "reverted")
# Results that may be published, and those still waiting for a decision.
PUBLISHABLE_STATUSES = ("unpublished", "failed", "reverted")
UNDECIDED_STATUSES = ("unpublished", "publishing", "failed", "conflict")
# Results a merchant may no longer edit (being written, or in the store).
LOCKED_STATUSES = ("publishing", "published")
MODES = ("production", "test")
STRATEGIES = ("review", "auto_publish")

# SQLite only autoincrements INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def _loads(text: str | None) -> Any:
    return json.loads(text) if text else None


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, separators=(",", ":"))


class Job(db.Model):
    __tablename__ = "jobs"
    __table_args__ = (
        # The list page: one shop, archived or not, newest first, keyset on (created_at, id).
        Index("ix_jobs_shop_list", "shop_id", "archived", "created_at", "id"),
        # Ending with id, a status or kind filter reads its jobs in the lists' order.
        Index("ix_jobs_shop_status_order", "shop_id", "archived", "status", "created_at", "id"),
        Index("ix_jobs_shop_kind_order", "shop_id", "archived", "kind", "created_at", "id"),
        Index("ix_jobs_status_updated", "status", "updated_at"),
    )

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    field: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[str] = mapped_column(String(30), default="pending")
    stage: Mapped[str | None] = mapped_column(String(30))
    mode: Mapped[str] = mapped_column(String(20), default="production")
    strategy: Mapped[str] = mapped_column(String(20), default="review")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    scope_json: Mapped[str | None] = mapped_column(Text)
    options_json: Mapped[str | None] = mapped_column(Text)
    params_json: Mapped[str | None] = mapped_column(Text)
    customer_name: Mapped[str | None] = mapped_column(String(255))
    customer_email: Mapped[str | None] = mapped_column(String(255))
    reference: Mapped[str | None] = mapped_column(String(255))
    # Lower-cased title, customer and reference in one column: one LIKE, not four.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    total: Mapped[int] = mapped_column(Integer, default=0)
    succeeded: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    published: Mapped[int] = mapped_column(Integer, default=0)
    pending_review: Mapped[int] = mapped_column(Integer, default=0)
    batch_count: Mapped[int] = mapped_column(Integer, default=0)
    dispatch_cursor: Mapped[int] = mapped_column(Integer, default=-1)
    run_number: Mapped[int] = mapped_column(Integer, default=1)
    enumerated: Mapped[bool] = mapped_column(Boolean, default=False)
    tokens_in: Mapped[int] = mapped_column(BigInteger, default=0)
    tokens_out: Mapped[int] = mapped_column(BigInteger, default=0)
    cost: Mapped[float] = mapped_column(Numeric(14, 6), default=0)
    provider: Mapped[str | None] = mapped_column(String(40))
    model: Mapped[str | None] = mapped_column(String(100))
    file_locations_json: Mapped[str | None] = mapped_column(Text)
    catalog_id: Mapped[str | None] = mapped_column(String(26))
    definition_id: Mapped[str | None] = mapped_column(String(26))
    error: Mapped[str | None] = mapped_column(Text)
    # Items whose text makes claims the product's facts do not support.
    flagged: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    seo_average: Mapped[int | None] = mapped_column(Integer)
    seo_average_before: Mapped[int | None] = mapped_column(Integer)
    schedule_id: Mapped[str | None] = mapped_column(String(26))
    paused_by: Mapped[str | None] = mapped_column(String(64))
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The status a paused job goes back to when resumed.
    paused_from: Mapped[str | None] = mapped_column(String(30))
    created_by: Mapped[str | None] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def scope(self) -> dict[str, Any]:
        return _loads(self.scope_json) or {}

    @property
    def options(self) -> dict[str, Any]:
        return _loads(self.options_json) or {}

    @property
    def params(self) -> dict[str, Any]:
        return _loads(self.params_json) or {}

    @property
    def file_locations(self) -> list[dict[str, Any]]:
        return _loads(self.file_locations_json) or []

    @property
    def done(self) -> int:
        return self.succeeded + self.failed + self.skipped

    @property
    def progress(self) -> int:
        if not self.total:
            return 100 if self.status in FINISHED_STATUSES or self.status == "review" else 0
        return min(100, (self.done * 100) // self.total)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_STATUSES


class JobItem(db.Model):
    __tablename__ = "job_items"
    __table_args__ = (
        Index("ix_job_items_job_id", "job_id", "id"),
        Index("ix_job_items_job_status", "job_id", "status", "batch"),
        # The job page's tab counts read only this index.
        Index("ix_job_items_job_counts", "job_id", "status", "publish_status"),
        Index("ix_job_items_job_publish", "job_id", "publish_status", "id"),
        Index("ix_job_items_job_batch", "job_id", "batch", "position"),
        Index("ix_job_items_job_flagged", "job_id", "flagged", "id"),
        Index("ix_job_items_job_seo", "job_id", "seo_score", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    batch: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[str | None] = mapped_column(String(100))
    product_title: Mapped[str | None] = mapped_column(String(512))
    target_id: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    publish_status: Mapped[str] = mapped_column(String(20), default="unpublished")
    # While publish_status is "publishing": which write is under way (publish or revert),
    # so the reaper can finish it after a crash.
    publish_action: Mapped[str | None] = mapped_column(String(10))
    input_json: Mapped[str | None] = mapped_column(Text)
    original: Mapped[str | None] = mapped_column(Text)
    proposed: Mapped[str | None] = mapped_column(Text)
    published_value: Mapped[str | None] = mapped_column(Text)
    analysis_json: Mapped[str | None] = mapped_column(Text)
    # Fact checks of the proposed text (claims without support); flagged when any.
    checks_json: Mapped[str | None] = mapped_column(Text)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # SEO scores before and after, with reasons; seo_score is the proposed text's.
    seo_json: Mapped[str | None] = mapped_column(Text)
    seo_score: Mapped[int | None] = mapped_column(Integer)
    # Earlier proposals, oldest first, kept when the item is generated again.
    proposals_json: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    tokens_in: Mapped[int] = mapped_column(Integer, default=0)
    tokens_out: Mapped[int] = mapped_column(Integer, default=0)
    cost: Mapped[float] = mapped_column(Numeric(12, 6), default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def input(self) -> dict[str, Any]:
        return _loads(self.input_json) or {}

    @property
    def analysis(self) -> Any:
        return _loads(self.analysis_json)

    @property
    def checks(self) -> list[dict[str, Any]]:
        return _loads(self.checks_json) or []

    @property
    def seo(self) -> dict[str, Any] | None:
        return _loads(self.seo_json)

    @property
    def proposals(self) -> list[dict[str, Any]]:
        return _loads(self.proposals_json) or []


class JobEvent(db.Model):
    """Audit trail: who did what to which job or item, with old and new values."""

    __tablename__ = "job_events"
    __table_args__ = (
        Index("ix_job_events_job", "job_id", "id"),
        # The monitor reads a shop's latest events by id.
        Index("ix_job_events_shop_recent", "shop_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"))
    job_id: Mapped[str | None] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    item_id: Mapped[int | None] = mapped_column(BigId)
    action: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str | None] = mapped_column(String(64))
    data_json: Mapped[str | None] = mapped_column(Text)
    request_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def data(self) -> Any:
        return _loads(self.data_json)


dumps = _dumps
loads = _loads


def job_update() -> Update:
    """An UPDATE of jobs that leaves loaded objects alone (callers reload what they need)."""
    return update(Job).execution_options(synchronize_session=False)


def item_update() -> Update:
    return update(JobItem).execution_options(synchronize_session=False)
