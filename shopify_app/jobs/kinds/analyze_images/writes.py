"""Writing approved image analyses to Shopify as tags and/or metafields, and undoing it.

Tags are only ever added (tagsAdd): the merchant's own tags are never removed,
and a tag the product already had is not counted as ours, so a revert removes
exactly the tags we added. Metafields remember the value they replaced.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from shopify_app.shopify import (
    AdminClient,
    MetafieldChange,
    ProductFields,
    add_tags,
    delete_metafields,
    get_products,
    read_metafields,
    remove_tags,
    set_metafields,
)
from shopify_app.shopify.outcomes import same_value

MAX_TAGS = 250


def publish(client: AdminClient, product_id: str, proposal: dict[str, Any], target: str,
            intent: dict[str, Any] | None, remember: Callable[[dict[str, Any]], None],
            ) -> tuple[str, str | None, dict[str, Any] | None]:
    """Returns (verdict, message, what we wrote) — verdict done | failed.

    `intent` is what an earlier, interrupted run decided to add: reusing it keeps
    a retried task from mistaking its own tags for the merchant's.
    """
    written: dict[str, Any] = {"tags_added": [], "metafields": []}
    if intent and intent.get("tags_added") is not None and target in ("tags", "both"):
        if intent["tags_added"]:
            outcome = add_tags(client, product_id, intent["tags_added"])
            if not outcome.ok:
                return "failed", outcome.error_message, None
        written["tags_added"] = intent["tags_added"]
    elif target in ("tags", "both") and proposal.get("tags"):
        product = get_products(client, [product_id], ProductFields(text=False))[product_id]
        if product is None:
            return "failed", "This product no longer exists", None
        have = {t.casefold() for t in product.tags}
        room = MAX_TAGS - len(product.tags)
        new = [t for t in proposal["tags"] if t.casefold() not in have][:max(room, 0)]
        remember({"tags_added": new, "metafields": []})
        if new:
            outcome = add_tags(client, product_id, new)
            if not outcome.ok:
                return "failed", outcome.error_message, None
        written["tags_added"] = new
    if target in ("metafields", "both") and proposal.get("metafields"):
        keys = [(m["namespace"], m["key"]) for m in proposal["metafields"]]
        before = read_metafields(client, [product_id], keys)
        changes = [MetafieldChange(product_id, m["namespace"], m["key"], m["value"], m["type"])
                   for m in proposal["metafields"]]
        for change, outcome in zip(changes, set_metafields(client, changes), strict=True):
            if not outcome.ok:
                return "failed", outcome.error_message, written
            previous = before.get(change.ident)
            written["metafields"].append({
                "namespace": change.namespace, "key": change.key, "value": change.value,
                "previous": previous.get("value") if previous else None,
                "previous_type": previous.get("type") if previous else None})
    return "done", None, written


def revert(client: AdminClient, product_id: str, written: dict[str, Any], *, force: bool,
           ) -> tuple[str, str | None]:
    """Remove what publish() added; a metafield changed by someone else is a conflict."""
    metafields = written.get("metafields") or []
    if metafields:
        current = read_metafields(client, [product_id],
                                  [(m["namespace"], m["key"]) for m in metafields])
        for entry in metafields:
            now = current.get((product_id, entry["namespace"], entry["key"]))
            if now is not None and not same_value(now.get("value"), entry["value"]) \
                    and not force:
                return "conflict", (f"{entry['namespace']}.{entry['key']} was changed in "
                                    "Shopify since it was written; force to revert anyway")
        restore = [MetafieldChange(product_id, m["namespace"], m["key"], m["previous"],
                                   m.get("previous_type")) for m in metafields if m["previous"]]
        remove = [(product_id, m["namespace"], m["key"]) for m in metafields
                  if not m["previous"]]
        for outcome in [*set_metafields(client, restore), *delete_metafields(client, remove)]:
            if not outcome.ok:
                return "failed", outcome.error_message
    tags = written.get("tags_added") or []
    if tags:
        outcome = remove_tags(client, product_id, tags)
        if not outcome.ok:
            return "failed", outcome.error_message
    return "done", None


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))
