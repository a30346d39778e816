"""Reading and writing an import's values in Shopify, grouped the cheapest way: product
fields one productUpdate per product, prices one productVariantsBulkUpdate per product,
alt text in fileUpdate batches. Targets are `values.target_key` strings."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from shopify_app.jobs.kinds.publisher import CONFLICT, DONE, FAILED, MISSING, Outcome, Write
from shopify_app.shopify import (
    AltTextChange,
    PriceChange,
    ProductFields,
    WriteOutcome,
    get_products,
    read_alt_texts,
    read_variant_prices,
    run_mutations,
    set_alt_texts,
    set_variant_prices,
)
from shopify_app.shopify.outcomes import CONFLICT as CONFLICT_REASON

from . import values

READ_CHUNK = 250
TEXT_ONLY = ProductFields(text=True)


def read_current(client: Any, targets: Iterable[str]) -> dict[str, Any]:
    """The canonical text each target holds now, MISSING when its object is gone."""
    by_kind: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for key in targets:
        field, target_id, _ = values.parse_target(key)
        kind = ("price" if field in values.PRICE_FIELDS else
                "image" if field in values.IMAGE_FIELDS else "product")
        by_kind[kind].append((key, field, target_id))
    current: dict[str, Any] = {}
    for kind, entries in by_kind.items():
        ids = sorted({target_id for _, _, target_id in entries})
        if kind == "product":
            found: dict[str, Any] = get_products(client, ids, TEXT_ONLY)
        elif kind == "price":
            found = read_variant_prices(client, ids)
        else:
            found = {}
            for start in range(0, len(ids), READ_CHUNK):
                found.update(read_alt_texts(client, ids[start:start + READ_CHUNK]))
        for key, field, target_id in entries:
            current[key] = _value_of(kind, field, found.get(target_id, False))
    return current


def _value_of(kind: str, field: str, found: Any) -> Any:
    if found is None or found is False:
        return MISSING
    if kind == "product":
        return values.product_value(found, field)
    if kind == "price":
        return values.as_text(field, getattr(found, field))
    return values.as_text(field, found)


def write_all(client: Any, writes: list[Write], *, use_bulk: bool) -> dict[int, Outcome]:
    groups: dict[str, list[Write]] = defaultdict(list)
    for write in writes:
        field = values.parse_target(write.target)[0]
        groups["price" if field in values.PRICE_FIELDS else
               "image" if field in values.IMAGE_FIELDS else "product"].append(write)
    outcomes: dict[int, Outcome] = {}
    if groups["product"]:
        outcomes.update(_write_products(client, groups["product"], use_bulk))
    if groups["price"]:
        outcomes.update(_write_prices(client, groups["price"]))
    if groups["image"]:
        outcomes.update(_write_alt(client, groups["image"]))
    return outcomes


def _outcome(result: WriteOutcome | None, write: Write, now: Any = None) -> Outcome:
    if result is None:
        return Outcome(FAILED, "Shopify did not answer for this item")
    if result.ok:
        return Outcome(DONE, value=write.value if now is None else now)
    if result.reason == CONFLICT_REASON:
        return Outcome(CONFLICT, result.error_message, value=write.previous)
    return Outcome(FAILED, result.error_message or "Shopify refused this value")


def _write_products(client: Any, writes: list[Write], use_bulk: bool) -> dict[int, Outcome]:
    """One productUpdate per product carrying every field the selection changes."""
    per_product: dict[str, list[Write]] = defaultdict(list)
    for write in writes:
        per_product[values.parse_target(write.target)[1]].append(write)
    variables = [{"product": values.product_input(
        product_id, {values.parse_target(w.target)[0]: w.value for w in group})}
        for product_id, group in per_product.items()]
    results = run_mutations(client, "ProductUpdateImport", variables,
                            target_of=lambda v: v["product"]["id"], field_name="product",
                            use_bulk=use_bulk)
    by_product = {result.target_id: result for result in results}
    outcomes: dict[int, Outcome] = {}
    for product_id, group in per_product.items():
        result = by_product.get(product_id)
        saved = ((result.value or {}).get("product") if result is not None and result.ok
                 and isinstance(result.value, dict) else None)
        for write in group:
            field = values.parse_target(write.target)[0]
            now = _saved_value(saved, field, write.value)
            outcomes[write.item_id] = _outcome(result, write, now)
    return outcomes


def _saved_value(saved: dict[str, Any] | None, field: str, fallback: str) -> str:
    """What Shopify holds after the write (it may normalise HTML); ours if not answered."""
    if not saved:
        return fallback
    seo = saved.get("seo") or {}
    raw = {"title": saved.get("title"), "vendor": saved.get("vendor"),
           "product_type": saved.get("productType"), "status": saved.get("status"),
           "tags": saved.get("tags"), "description_html": saved.get("descriptionHtml"),
           "seo_title": seo.get("title"), "seo_description": seo.get("description")}
    if field not in raw or (raw[field] is None and field not in ("seo_title", "seo_description")):
        return fallback
    return values.as_text(field, raw[field])


def _write_prices(client: Any, writes: list[Write]) -> dict[int, Outcome]:
    """One change per variant (price and compare-at together), grouped by product."""
    per_variant: dict[str, list[Write]] = defaultdict(list)
    products: dict[str, str] = {}
    for write in writes:
        _, variant_id, product_id = values.parse_target(write.target)
        per_variant[variant_id].append(write)
        products[variant_id] = product_id
    changes = []
    for variant_id, group in per_variant.items():
        wanted = {values.parse_target(w.target)[0]: w for w in group}
        price, compare = wanted.get("price"), wanted.get("compare_at_price")
        previous = {name: (w.previous if w.previous is not MISSING else None)
                    for name, w in wanted.items()}
        changes.append(PriceChange(
            variant_id=variant_id, product_id=products[variant_id],
            price=price.value if price else None,
            compare_at_price=compare.value if compare and compare.value else None,
            clear_compare_at=bool(compare and not compare.value), previous=previous))
    results = {r.target_id: r for r in set_variant_prices(client, changes)}
    return {w.item_id: _outcome(results.get(variant_id), w)
            for variant_id, group in per_variant.items() for w in group}


def _write_alt(client: Any, writes: list[Write]) -> dict[int, Outcome]:
    changes = [AltTextChange(values.parse_target(w.target)[1], w.value,
                             w.previous if isinstance(w.previous, str) else None)
               for w in writes]
    results = {r.target_id: r for r in set_alt_texts(client, changes)}
    return {w.item_id: _outcome(results.get(values.parse_target(w.target)[1]), w)
            for w in writes}
