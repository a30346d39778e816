"""Jobs started by webhooks: new products get their content with no click.

Products created within a short window are coalesced into one job per field.
`products/update` starts re-generation only when the product's facts changed
(title, vendor, type, tags, options, variants) — never for our own writes,
which touch only descriptions, SEO and alt text, so they cannot loop.
"""
from __future__ import annotations

import hashlib
import json
import logging
from datetime import timedelta
from typing import Any

from flask import current_app

from shopify_app import settings as shop_settings
from shopify_app.extensions import db
from shopify_app.models import Shop
from workers import tasks

log = logging.getLogger(__name__)
WINDOW = timedelta(seconds=30)
FACTS_TTL = 90 * 24 * 3600
DONE_TTL = 24 * 3600


def _pending_key(shop_id: int) -> str:
    return f"shelf:auto:pending:{shop_id}"


def _done_key(shop_id: int) -> str:
    return f"shelf:auto:done:{shop_id}"


def _facts_key(shop_id: int, product_gid: str) -> str:
    return f"shelf:auto:facts:{shop_id}:{product_gid}"


# Tags Shelf itself writes (image analysis): they must not count as the merchant's change.
OWN_TAG_PREFIXES = ("color:", "pattern:", "material:", "style:", "category:",
                    "sleeve-length:", "neckline:")


def _merchant_tags(raw: Any) -> list[str]:
    tags = raw.split(",") if isinstance(raw, str) else list(raw or ())
    return sorted(t.strip() for t in tags
                  if t.strip() and not t.strip().lower().startswith(OWN_TAG_PREFIXES))


def images_hash(payload: dict[str, Any]) -> str:
    images = [(i.get("id"), i.get("src")) for i in payload.get("images") or ()]
    return hashlib.sha256(json.dumps(images, default=str).encode()).hexdigest()


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


def _product_gid(payload: dict[str, Any]) -> str | None:
    gid = payload.get("admin_graphql_api_id")
    if isinstance(gid, str) and gid.startswith("gid://shopify/Product/"):
        return gid
    raw = payload.get("id")
    return f"gid://shopify/Product/{raw}" if isinstance(raw, int) else None


def product_created(shop: Shop, payload: dict[str, Any]) -> str:
    gid = _product_gid(payload)
    if gid is None:
        return "no product id in the payload"
    redis = current_app.extensions["redis"]
    redis.set(_facts_key(shop.id, gid), facts_hash(payload), ex=FACTS_TTL)
    redis.set(f"shelf:auto:images:{shop.id}:{gid}", images_hash(payload), ex=FACTS_TTL)
    return _queue(shop, gid, "created")


def product_updated(shop: Shop, payload: dict[str, Any]) -> str:
    gid = _product_gid(payload)
    if gid is None:
        return "no product id in the payload"
    images = _images_changed(shop, gid, payload)
    redis = current_app.extensions["redis"]
    new_hash = facts_hash(payload)
    old_hash = redis.get(_facts_key(shop.id, gid))
    redis.set(_facts_key(shop.id, gid), new_hash, ex=FACTS_TTL)
    outcome = [images] if images else []
    if not shop_settings.stored_settings(shop).get("regenerate_on_update"):
        return "; ".join([*outcome, "re-generation on update is off"])
    if old_hash is None or old_hash.decode() == new_hash:
        return "; ".join([*outcome, "product facts unchanged (or first seen)"])
    redis.srem(_done_key(shop.id), gid)
    return "; ".join([*outcome, _queue(shop, gid, "updated")])


def _images_changed(shop: Shop, gid: str, payload: dict[str, Any]) -> str | None:
    """Queue a re-analysis when the images changed and the shop asked for it."""
    redis = current_app.extensions["redis"]
    key = f"shelf:auto:images:{shop.id}:{gid}"
    new_hash, old_hash = images_hash(payload), redis.get(key)
    redis.set(key, new_hash, ex=FACTS_TTL)
    if old_hash is None or old_hash.decode() == new_hash:
        return None
    if not shop_settings.stored_settings(shop).get("reanalyze_on_image_change"):
        return None
    redis.sadd(f"shelf:auto:reanalyze:{shop.id}", gid)
    queue = current_app.extensions["queues"]["default"]
    job_id = f"auto-analyze-{shop.id}"
    existing = queue.fetch_job(job_id)
    if existing is None or existing.get_status(refresh=False) not in ("scheduled", "queued"):
        queue.enqueue_in(WINDOW, tasks.flush_auto_analysis, kwargs={"shop_id": shop.id},
                         job_id=job_id)
    return "images changed: re-analysis queued"


def flush_analysis(shop_id: int) -> str | None:
    """One analyze_images job for the products whose images changed in the window."""
    from shopify_app.jobs import service

    shop = db.session.get(Shop, shop_id)
    redis = current_app.extensions["redis"]
    pipe = redis.pipeline()
    pipe.smembers(f"shelf:auto:reanalyze:{shop_id}")
    pipe.delete(f"shelf:auto:reanalyze:{shop_id}")
    members, _ = pipe.execute()
    products = sorted(m.decode() for m in members)
    if shop is None or not shop.is_installed or not products:
        return None
    job = service.create_job(shop, None, {
        "kind": "analyze_images", "scope": {"type": "products", "ids": products},
        "title": f"Changed images ({len(products)})"}, created_by="auto")
    return job.id


def _queue(shop: Shop, gid: str, why: str) -> str:
    fields = [f for f, on in shop_settings.stored_settings(shop)["auto_generate"].items() if on]
    if not fields:
        return "auto-generation is off"
    redis = current_app.extensions["redis"]
    if redis.sismember(_done_key(shop.id), gid):
        return "already generated for this product"
    redis.sadd(_pending_key(shop.id), gid)
    # One flush per shop per window: the deterministic id makes repeats no-ops.
    queue = current_app.extensions["queues"]["default"]
    job_id = f"auto-generate-{shop.id}"
    existing = queue.fetch_job(job_id)
    if existing is None or existing.get_status(refresh=False) not in ("scheduled", "queued"):
        queue.enqueue_in(WINDOW, tasks.flush_auto_jobs, kwargs={"shop_id": shop.id},
                         job_id=job_id)
    return f"product {why}: queued for {', '.join(fields)}"


def flush(shop_id: int) -> list[str]:
    """Create one job per enabled field for the products collected in the window."""
    from shopify_app.jobs import service

    shop = db.session.get(Shop, shop_id)
    redis = current_app.extensions["redis"]
    pipe = redis.pipeline()
    pipe.smembers(_pending_key(shop_id))
    pipe.delete(_pending_key(shop_id))
    members, _ = pipe.execute()
    products = sorted(m.decode() for m in members)
    if shop is None or not shop.is_installed or not products:
        return []
    fields = [f for f, on in shop_settings.stored_settings(shop)["auto_generate"].items() if on]
    created = []
    for field in fields:
        body = {"kind": "generate", "field": field,
                "scope": {"type": "products", "ids": products},
                "title": f"New products — {field.replace('_', ' ')} ({len(products)})"}
        created.append(service.create_job(shop, None, body, created_by="auto").id)
    redis.sadd(_done_key(shop_id), *products)
    redis.expire(_done_key(shop_id), DONE_TTL)
    log.info("auto-generation for %s: %d products, jobs %s", shop.domain, len(products), created)
    return created
