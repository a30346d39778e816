"""Re-analysis when a product's images change, if the shop asked for it.

Changed products within a short window are coalesced into one job.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from shopify_app import redis_keys
from shopify_app import settings as shop_settings
from shopify_app.extensions import db, redis_ext
from shopify_app.jobs import auto
from shopify_app.models import Shop
from workers import tasks

# Tags this kind writes: they must not count as the merchant's change elsewhere.
OWN_TAG_PREFIXES = ("color:", "pattern:", "material:", "style:", "category:",
                    "sleeve-length:", "neckline:")


def _images_key(shop_id: redis_keys.ShopRef, gid: str) -> str:
    return redis_keys.for_shop(shop_id).auto_images(gid)


def _pending_key(shop_id: redis_keys.ShopRef) -> str:
    return redis_keys.for_shop(shop_id).auto_reanalyze()


def images_hash(payload: dict[str, Any]) -> str:
    images = [(i.get("id"), i.get("src")) for i in payload.get("images") or ()]
    return hashlib.sha256(json.dumps(images, default=str).encode()).hexdigest()


class ImageWatcher:
    def product_created(self, shop: Shop, gid: str, payload: dict[str, Any]) -> None:
        redis_ext.client.set(_images_key(shop, gid), images_hash(payload),
                             ex=auto.FACTS_TTL)

    def product_updated(self, shop: Shop, gid: str, payload: dict[str, Any]) -> str | None:
        """Queue a re-analysis when the images changed and the shop asked for it."""
        redis = redis_ext.client
        key = _images_key(shop, gid)
        new_hash, old_hash = images_hash(payload), redis.get(key)
        redis.set(key, new_hash, ex=auto.FACTS_TTL)
        if old_hash is None or old_hash.decode() == new_hash:
            return None
        if not shop_settings.stored_settings(shop).get("reanalyze_on_image_change"):
            return None
        redis.sadd(_pending_key(shop), gid)
        auto.schedule_flush(tasks.flush_auto_analysis, shop.id,
                            redis_keys.for_shop(shop).auto_analyze_job())
        return "images changed: re-analysis queued"


WATCHER = ImageWatcher()


def flush(shop_id: int) -> str | None:
    """One analyze_images job for the products whose images changed in the window."""
    from shopify_app.jobs import service

    shop = db.session.get(Shop, shop_id)
    products = auto.take_pending(_pending_key(shop_id))
    if shop is None or not shop.is_installed or not products:
        return None
    job = service.create_job(shop, None, {
        "kind": "analyze_images", "scope": {"type": "products", "ids": products},
        "title": f"Changed images ({len(products)})"}, created_by="auto")
    return job.id
