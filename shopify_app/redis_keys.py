"""Every Redis key that belongs to one shop is named here, and nowhere else.

A shop's keys live under a random namespace stored on its row (`shops.redis_namespace`),
never under its integer id: SQLite hands a deleted shop's id to the next install, and
keys named by that id would show the new shop the old one's events. The namespace
also lets shop/redact find every key of a shop with one SCAN pattern.

The Admin API rate-limit bucket is the exception: Shopify's bucket belongs to the
store (its myshopify.com domain), so ours is named by the domain too.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from sqlalchemy import select

from shopify_app.shopify.throttle import bucket_keys

if TYPE_CHECKING:
    from shopify_app.models import Shop

SHOP_PREFIX = "shelf:shop:"
OAUTH_STATE_PREFIX = "shelf:oauth-state:"
TOKEN_LOCK_PREFIX = "shelf:lock:token:"


def new_namespace() -> str:
    """A fresh namespace for a new shop row: 128 random bits, never reused."""
    return secrets.token_hex(16)


@dataclass(frozen=True)
class ShopKeys:
    """The key names of one shop. `present` is False for a shop with no row."""

    namespace: str
    present: bool = True

    def _key(self, *parts: str) -> str:
        return ":".join((f"{SHOP_PREFIX}{self.namespace}", *parts))

    @property
    def pattern(self) -> str:
        """Matches every key of the shop (for SCAN)."""
        return f"{SHOP_PREFIX}{self.namespace}:*"

    def events_stream(self) -> str:
        return self._key("events")

    def api_rate(self) -> str:
        """The shop's API rate limit state (one GCRA timestamp)."""
        return self._key("api", "rate")

    def events_channel(self) -> str:
        return self._key("events", "live")

    def auto_pending(self) -> str:
        return self._key("auto", "pending")

    def auto_done(self) -> str:
        return self._key("auto", "done")

    def auto_facts(self, product_gid: str) -> str:
        return self._key("auto", "facts", product_gid)

    def auto_images(self, product_gid: str) -> str:
        return self._key("auto", "images", product_gid)

    def auto_reanalyze(self) -> str:
        return self._key("auto", "reanalyze")

    def ai_results_prefix(self) -> str:
        return self._key("ai", "result")

    def auto_generate_job(self) -> str:
        """The RQ job id of the shop's pending auto-generation flush."""
        return f"auto-generate-{self.namespace}"

    def auto_analyze_job(self) -> str:
        return f"auto-analyze-{self.namespace}"

    def staff_profile(self, shopify_user_id: str) -> str:
        """How fresh a staff member's name is (queued, fresh, failed), by its expiry."""
        return self._key("staff", "profile", shopify_user_id)

    def staff_profile_job_prefix(self) -> str:
        return f"staff-profile-{self.namespace}-"

    def staff_profile_job(self, staff_id: int) -> str:
        """The RQ job id of a staff member's name look-up."""
        return f"{self.staff_profile_job_prefix()}{staff_id}"


# Stands in for a shop whose row is gone: reads find nothing, and writers check
# `present` so nothing is written for a deleted shop.
ABSENT = ShopKeys(namespace="absent", present=False)


# A shop row, its id (looked up when needed), or keys already resolved.
ShopRef: TypeAlias = "Shop | ShopKeys | int | None"


def for_shop(shop: ShopRef) -> ShopKeys:
    """The keys of a shop, given the row, its id (looked up) or keys already resolved."""
    if isinstance(shop, ShopKeys):
        return shop
    if shop is None:
        return ABSENT
    if isinstance(shop, int):
        from shopify_app.extensions import db
        from shopify_app.models import Shop

        with db.session.no_autoflush:
            namespace = db.session.scalar(
                select(Shop.redis_namespace).where(Shop.id == shop))
        return ShopKeys(namespace) if namespace else ABSENT
    return ShopKeys(shop.redis_namespace) if shop.redis_namespace else ABSENT


def throttle_keys(domain: str) -> list[str]:
    """The Admin API cost bucket of a store (named by domain, like Shopify's own)."""
    return bucket_keys(domain)


def token_lock(domain: str) -> str:
    """Held while one process exchanges or refreshes the shop's access token."""
    return f"{TOKEN_LOCK_PREFIX}{domain}"


def oauth_state(state: str) -> str:
    """An install in progress; its value is the shop domain."""
    return f"{OAUTH_STATE_PREFIX}{state}"


def legacy_keys(shop_id: int) -> tuple[list[str], list[str]]:
    """Names (and SCAN patterns) used before namespaces, when keys carried the row id."""
    names = [f"shelf:events:{shop_id}", f"shelf:auto:pending:{shop_id}",
             f"shelf:auto:done:{shop_id}", f"shelf:auto:reanalyze:{shop_id}"]
    patterns = [f"shelf:auto:facts:{shop_id}:*", f"shelf:auto:images:{shop_id}:*"]
    return names, patterns
