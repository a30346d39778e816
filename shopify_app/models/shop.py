"""A store that installed the app, with its offline access token."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Boolean, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shopify_app.extensions import db
from shopify_app.models.types import EncryptedText, UTCDateTime, utcnow

# Refresh a little before expiry so a request never starts with a token that
# dies mid-flight.
TOKEN_REFRESH_MARGIN = timedelta(minutes=5)


def _new_redis_namespace() -> str:
    from shopify_app.redis_keys import new_namespace

    return new_namespace()


class Shop(db.Model):
    __tablename__ = "shops"
    __table_args__ = (UniqueConstraint("redis_namespace", name="uq_shops_redis_namespace"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    domain: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str | None] = mapped_column(String(255))
    # The shop owner's email from Shopify: where test-mode catalogs go.
    email: Mapped[str | None] = mapped_column(String(255))
    plan_name: Mapped[str | None] = mapped_column(String(100))
    scopes: Mapped[str | None] = mapped_column(String(1000))
    access_token: Mapped[str | None] = mapped_column(EncryptedText)
    access_token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refresh_token: Mapped[str | None] = mapped_column(EncryptedText)
    refresh_token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    needs_reauth: Mapped[bool] = mapped_column(Boolean, default=False)
    default_staff_role: Mapped[str] = mapped_column(String(10), default="write")
    # Names the shop's Redis keys (see redis_keys): random, so never shared with a
    # later shop that happens to get this row's id.
    redis_namespace: Mapped[str] = mapped_column(String(32), default=_new_redis_namespace)
    # The staff member who became the shop's first admin; set once, by a conditional
    # UPDATE, so parallel first requests cannot make several admins.
    admin_claimed_by: Mapped[str | None] = mapped_column(String(64))
    installed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    uninstalled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def is_installed(self) -> bool:
        return self.installed_at is not None and self.uninstalled_at is None

    def has_usable_token(self, now: datetime | None = None) -> bool:
        """An access token that will not expire within the refresh margin."""
        if not self.access_token or self.needs_reauth or not self.is_installed:
            return False
        if self.access_token_expires_at is None:
            return True
        return self.access_token_expires_at - TOKEN_REFRESH_MARGIN > (now or utcnow())

    def can_refresh(self, now: datetime | None = None) -> bool:
        if not self.refresh_token:
            return False
        expires = self.refresh_token_expires_at
        return expires is None or expires > (now or utcnow())

    def forget_tokens(self) -> None:
        self.access_token = None
        self.access_token_expires_at = None
        self.refresh_token = None
        self.refresh_token_expires_at = None

    def __repr__(self) -> str:
        return f"<Shop {self.domain}>"
