"""Jobs started by webhooks: new or changed products get their work with no click.

Each kind that reacts to products has a watcher (JobKind.watcher()); this module
hands every products/create and products/update payload to each watcher and keeps
what they share: the product's id, the per-shop window that coalesces products
into one job, and the tags Shelf writes itself (never a merchant's change).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Protocol

from shopify_app.extensions import queues, redis_ext
from shopify_app.jobs.kinds import get_kind, kind_names
from shopify_app.models import Shop

log = logging.getLogger(__name__)
WINDOW = timedelta(seconds=30)
FACTS_TTL = 90 * 24 * 3600
WAITING = ("scheduled", "queued")


class Watcher(Protocol):
    def product_created(self, shop: Shop, gid: str, payload: dict[str, Any]) -> str | None: ...

    def product_updated(self, shop: Shop, gid: str, payload: dict[str, Any]) -> str | None: ...


def watchers() -> list[Watcher]:
    found = []
    for name in kind_names():
        watcher = get_kind(name).watcher()
        if watcher is not None:
            found.append(watcher)
    return found


def own_tag_prefixes() -> tuple[str, ...]:
    """Tag prefixes some kind writes itself: changes to them are Shelf's, not the merchant's."""
    return tuple(prefix for name in kind_names() for prefix in get_kind(name).owned_tag_prefixes)


def product_gid(payload: dict[str, Any]) -> str | None:
    gid = payload.get("admin_graphql_api_id")
    if isinstance(gid, str) and gid.startswith("gid://shopify/Product/"):
        return gid
    raw = payload.get("id")
    return f"gid://shopify/Product/{raw}" if isinstance(raw, int) else None


def schedule_flush(task: Callable[..., Any], shop_id: int, job_id: str) -> None:
    """Book one flush per shop per window: the deterministic id makes repeats no-ops."""
    queue = queues.get("default")
    existing = queue.fetch_job(job_id)
    if existing is None or existing.get_status(refresh=False) not in WAITING:
        queue.enqueue_in(WINDOW, task, kwargs={"shop_id": shop_id}, job_id=job_id)


def take_pending(key: str) -> list[str]:
    """Read and clear a window's set of product ids in one round trip."""
    pipe = redis_ext.client.pipeline()
    pipe.smembers(key)
    pipe.delete(key)
    members, _ = pipe.execute()
    return sorted(m.decode() for m in members)


def product_created(shop: Shop, payload: dict[str, Any]) -> str:
    gid = product_gid(payload)
    if gid is None:
        return "no product id in the payload"
    outcomes = [w.product_created(shop, gid, payload) for w in watchers()]
    return "; ".join(o for o in outcomes if o) or "nothing to do"


def product_updated(shop: Shop, payload: dict[str, Any]) -> str:
    gid = product_gid(payload)
    if gid is None:
        return "no product id in the payload"
    outcomes = [w.product_updated(shop, gid, payload) for w in watchers()]
    return "; ".join(o for o in outcomes if o) or "nothing to do"
