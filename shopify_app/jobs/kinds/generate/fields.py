"""Reading and writing one product field in Shopify, the same way for publish and revert.

A field knows where its value lives (the product, or one image for alt text),
how to read the current values of many targets at once, and how to write many
values with per-target outcomes (bulk mutation above a threshold).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from shopify_app.jobs.kinds.publisher import MISSING
from shopify_app.shopify import (
    AdminClient,
    AltTextChange,
    ProductFields,
    ProductTextChange,
    WriteOutcome,
    get_products,
    read_alt_texts,
    run_mutations,
    set_alt_texts,
    update_product_text,
)

TEXT_FIELDS = {"description": "description_html", "seo_title": "seo_title",
               "seo_description": "seo_description"}
READ_CHUNK = 250


@dataclass(frozen=True)
class Change:
    target_id: str
    value: str
    previous: str | None


def read_current(client: AdminClient, field: str, target_ids: list[str]) -> dict[str, Any]:
    """The value each target holds now (MISSING when it is gone)."""
    current: dict[str, Any] = {}
    for start in range(0, len(target_ids), READ_CHUNK):
        chunk = target_ids[start:start + READ_CHUNK]
        if field == "alt_text":
            for media_id, alt in read_alt_texts(client, chunk).items():
                current[media_id] = MISSING if alt is False else alt
            continue
        attribute = TEXT_FIELDS[field]
        for product_id, product in get_products(client, chunk,
                                                ProductFields(text=True)).items():
            current[product_id] = MISSING if product is None else getattr(product, attribute)
    return current


def write(client: AdminClient, field: str, changes: list[Change], *,
          use_bulk: bool) -> dict[str, WriteOutcome]:
    """Write every change; one outcome per target id."""
    if not changes:
        return {}
    if field == "alt_text":
        outcomes = set_alt_texts(client, [AltTextChange(c.target_id, c.value, c.previous)
                                          for c in changes])
        return {o.target_id: o for o in outcomes}
    attribute = TEXT_FIELDS[field]
    if use_bulk:
        variables = [{"product": _product_input(field, c)} for c in changes]
        outcomes = run_mutations(client, "ProductUpdateText", variables,
                                 target_of=lambda v: v["product"]["id"],
                                 field_name="product_text")
        return {o.target_id: o for o in outcomes}
    results = {}
    for change in changes:
        results[change.target_id] = update_product_text(client, ProductTextChange(
            change.target_id, previous={attribute: change.previous},
            **{attribute: change.value}))
    return results


def written_value(field: str, outcome: WriteOutcome, fallback: str) -> str:
    """What Shopify now holds after a successful write (it may normalise HTML)."""
    value = outcome.value
    if isinstance(value, dict):
        value = value.get(TEXT_FIELDS.get(field, ""), None)
    return fallback if value in (None, "") and fallback else (value or "")


def _product_input(field: str, change: Change) -> dict[str, Any]:
    if field == "description":
        return {"id": change.target_id, "descriptionHtml": change.value}
    key = "title" if field == "seo_title" else "description"
    return {"id": change.target_id, "seo": {key: change.value}}


def targets(items: Iterable[Any], field: str) -> list[str]:
    return [target_of(item, field) for item in items]


def target_of(item: Any, field: str) -> str:
    return item.target_id if field == "alt_text" else item.product_id
