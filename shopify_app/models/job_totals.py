"""Per-shop, per-kind sums of job counters, kept current by database triggers.

The monitor reads these few rows instead of summing every job a shop ever ran.
Triggers on `jobs` (migrations 0009 and 0010) add each insert's, update's and delete's
difference, so every writer of the job counters keeps them right without knowing.
"""
from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from shopify_app.extensions import db


class ShopJobTotals(db.Model):
    __tablename__ = "shop_job_totals"

    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"),
                                         primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    jobs: Mapped[int] = mapped_column(BigInteger, default=0)
    # Of `jobs`, how many are archived (0010): unfiltered lists take their total from here.
    archived: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    succeeded: Mapped[int] = mapped_column(BigInteger, default=0)
    published: Mapped[int] = mapped_column(BigInteger, default=0)
    pending_review: Mapped[int] = mapped_column(BigInteger, default=0)
