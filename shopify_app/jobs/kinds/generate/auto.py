"""Content for new products with no click, and again when a product's facts change.

Products created within a short window are coalesced into one job per field.
`products/update` starts re-generation only when the product's facts changed
(title, vendor, type, tags, options, variants) — never for our own writes,
which touch only descriptions, SEO and alt text, so they cannot loop.
"""
from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from shopify_app import redis_keys
from shopify_app import settings as shop_settings
from shopify_app.extensions import db, redis_ext
from shopify_app.jobs import auto
from shopify_app.models import Shop
from workers import tasks

log = logging.getLogger(__name__)
DONE_TTL = 24 * 3600


def _pending_key(shop_id: redis_keys.ShopRef) -> str:
    return redis_keys.for_shop(shop_id).auto_pending()


def _done_key(shop_id: redis_keys.ShopRef) -> str:
    return redis_keys.for_shop(shop_id).auto_done()


def _facts_key(shop_id: redis_keys.ShopRef, product_gid: str) -> str:
    return redis_keys.for_shop(shop_id).auto_facts(product_gid)


def _merchant_tags(raw: Any) -> list[str]:
    tags = raw.split(",") if isinstance(raw, str) else list(raw or ())
    own = auto.own_tag_prefixes()
    return sorted(t.strip() for t in tags
                  if t.strip() and not (own and t.strip().lower().startswith(own)))


def facts_hash(payload: dict[str, Any]) -> str:
    """A fingerprint of what generated text depends on (not the text itself)."""
    facts = {
        "title": payload.get("title"), "vendor": payload.get("vendor"),
        "product_type": payload.get("product_type"),
        "tags": _merchant_tags(payload.get("tags")),
        "options": [(o.get("name"), o.get("values")) for o in payload.get("options") or ()],
        "variants": [(v.get("sku"), v.get("price"), v.get("title"))
                     for v in payload.get("variants") or ()],
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True, default=str).encode()).hexdigest()


class GenerationWatcher:
    def product_created(self, shop: Shop, gid: str, payload: dict[str, Any]) -> str:
        redis_ext.client.set(_facts_key(shop, gid), facts_hash(payload), ex=auto.FACTS_TTL)
        return _queue(shop, gid, "created")

    def product_updated(self, shop: Shop, gid: str, payload: dict[str, Any]) -> str:
        redis = redis_ext.client
        new_hash = facts_hash(payload)
        old_hash = redis.get(_facts_key(shop, gid))
        redis.set(_facts_key(shop, gid), new_hash, ex=auto.FACTS_TTL)
        if not shop_settings.stored_settings(shop).get("regenerate_on_update"):
            return "re-generation on update is off"
        if old_hash is None or old_hash.decode() == new_hash:
            return "product facts unchanged (or first seen)"
        redis.srem(_done_key(shop), gid)
        return _queue(shop, gid, "updated")


WATCHER = GenerationWatcher()


def _enabled_fields(shop: Shop) -> list[str]:
    return [f for f, on in shop_settings.stored_settings(shop)["auto_generate"].items() if on]


def _queue(shop: Shop, gid: str, why: str) -> str:
    fields = _enabled_fields(shop)
    if not fields:
        return "auto-generation is off"
    redis = redis_ext.client
    if redis.sismember(_done_key(shop), gid):
        return "already generated for this product"
    redis.sadd(_pending_key(shop), gid)
    auto.schedule_flush(tasks.flush_auto_jobs, shop.id,
                        redis_keys.for_shop(shop).auto_generate_job())
    return f"product {why}: queued for {', '.join(fields)}"


def flush(shop_id: int) -> list[str]:
    """Create one job per enabled field for the products collected in the window."""
    from shopify_app.jobs import service

    shop = db.session.get(Shop, shop_id)
    products = auto.take_pending(_pending_key(shop_id))
    if shop is None or not shop.is_installed or not products:
        return []
    created = []
    for field in _enabled_fields(shop):
        body = {"kind": "generate", "field": field,
                "scope": {"type": "products", "ids": products},
                "title": f"New products — {field.replace('_', ' ')} ({len(products)})"}
        created.append(service.create_job(shop, None, body, created_by="auto").id)
    redis = redis_ext.client
    redis.sadd(_done_key(shop_id), *products)
    redis.expire(_done_key(shop_id), DONE_TTL)
    log.info("auto-generation for %s: %d products, jobs %s", shop.domain, len(products), created)
    return created
