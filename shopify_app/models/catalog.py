"""Catalog definitions (how a catalog looks) and the catalogs built from them."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shopify_app.extensions import db
from shopify_app.models.types import UTCDateTime, utcnow


class CatalogDefinition(db.Model):
    __tablename__ = "catalog_definitions"
    __table_args__ = (
        Index("ix_catalog_definitions_shop", "shop_id", "active", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    layout: Mapped[str] = mapped_column(String(20), default="grid")
    custom_template: Mapped[str | None] = mapped_column(Text)
    # Columns, prices, currency, images, grouping, branding, page: one validated object.
    settings_json: Mapped[str] = mapped_column(Text, default="{}")
    logo_key: Mapped[str | None] = mapped_column(String(512))
    created_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def settings(self) -> dict[str, Any]:
        return json.loads(self.settings_json or "{}")


class Catalog(db.Model):
    """One built catalog: what the Catalogs page lists and its files' keys."""

    __tablename__ = "catalogs"
    __table_args__ = (
        Index("ix_catalogs_shop_created", "shop_id", "created_at", "id"),
        Index("ix_catalogs_job", "job_id"),
    )

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"))
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    definition_id: Mapped[str | None] = mapped_column(String(26))
    definition_name: Mapped[str] = mapped_column(String(120), default="")
    customer_name: Mapped[str | None] = mapped_column(String(255))
    customer_email: Mapped[str | None] = mapped_column(String(255))
    reference: Mapped[str | None] = mapped_column(String(255))
    rows: Mapped[int] = mapped_column(Integer, default=0)
    unknown_rows: Mapped[int] = mapped_column(Integer, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    files_json: Mapped[str] = mapped_column(Text, default="[]")
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    build_seconds: Mapped[float | None] = mapped_column(db.Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def files(self) -> list[dict[str, Any]]:
        return json.loads(self.files_json or "[]")
