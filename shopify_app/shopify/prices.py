"""Variant prices: read by variant id, written with ``productVariantsBulkUpdate``.

Shopify updates variants one product per call, so changes are grouped by
product (at most 250 variants a call). A call is all-or-nothing: variants
Shopify refused fail with its message and the rest of their call is sent once
more without them. An unknown outcome is never resent blindly: the variants
are read back first — our prices → success; still the previous ones → write
again (bounded); anything else → a conflict, left for the merchant.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .client import AdminClient
from .errors import ShopifyError, WriteInterruptedError
from .messages import FieldError
from .outcomes import (
    CONFLICT,
    NOT_FOUND,
    OUTCOME_UNKNOWN,
    WriteOutcome,
    not_attempted,
    user_errors,
)
from .write_loop import write_until_decided

PRICE_FIELD = "price"
MAX_VARIANTS_PER_CALL = 250
MAX_IDS_PER_READ = 250


@dataclass(frozen=True)
class VariantPrice:
    """A variant's prices as Shopify holds them (decimal strings)."""

    id: str
    product_id: str | None
    sku: str | None
    price: str | None
    compare_at_price: str | None

    def values(self) -> dict[str, str | None]:
        return {"price": self.price, "compare_at_price": self.compare_at_price}


@dataclass(frozen=True)
class PriceChange:
    """New prices for one variant.

    ``price`` / ``compare_at_price`` of ``None`` leave the value alone;
    ``clear_compare_at`` removes the compare-at price. ``previous`` holds the
    values read before (keys ``price``, ``compare_at_price``): it tells an
    unknown outcome apart from someone else's edit, and ``set_variant_prices(
    check_first=True)`` refuses to overwrite a price that moved since.
    """

    variant_id: str
    product_id: str
    price: str | None = None
    compare_at_price: str | None = None
    clear_compare_at: bool = False
    previous: Mapping[str, str | None] | None = None

    def desired(self) -> dict[str, str | None]:
        wanted: dict[str, str | None] = {}
        if self.price is not None:
            wanted["price"] = self.price
        if self.clear_compare_at:
            wanted["compare_at_price"] = None
        elif self.compare_at_price is not None:
            wanted["compare_at_price"] = self.compare_at_price
        return wanted

    def as_input(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.variant_id}
        if self.price is not None:
            data["price"] = self.price
        if self.clear_compare_at:
            data["compareAtPrice"] = None
        elif self.compare_at_price is not None:
            data["compareAtPrice"] = self.compare_at_price
        return data


def same_price(a: str | None, b: str | None) -> bool:
    """Equal as amounts ("12.9" is "12.90"); no price and "" are alike."""
    if not a or not b:
        return not a and not b
    try:
        return Decimal(a) == Decimal(b)
    except InvalidOperation:
        return a.strip() == b.strip()


def _holds(current: Mapping[str, str | None], wanted: Mapping[str, str | None]) -> bool:
    return all(same_price(current.get(k), v) for k, v in wanted.items())


def read_variant_prices(client: AdminClient, variant_ids: Iterable[str]
                        ) -> dict[str, VariantPrice | None]:
    """Prices of variants by id; ``None`` for variants that no longer exist."""
    wanted = list(dict.fromkeys(variant_ids))
    found: dict[str, VariantPrice | None] = dict.fromkeys(wanted)
    for start in range(0, len(wanted), MAX_IDS_PER_READ):
        data = client.execute("VariantPricesByIds",
                              {"ids": wanted[start:start + MAX_IDS_PER_READ]})
        for node in data.get("nodes") or ():
            if node and node.get("id") in found and "price" in node:
                found[node["id"]] = VariantPrice(
                    id=node["id"], product_id=(node.get("product") or {}).get("id"),
                    sku=node.get("sku"), price=node.get("price"),
                    compare_at_price=node.get("compareAtPrice"))
    return found


def _write_call(client: AdminClient, product_id: str, chunk: list[PriceChange]
                ) -> dict[str, WriteOutcome]:
    """One call. Variants refused only because another of the call was are
    left out of the result, to be resent."""
    data = client.execute("ProductVariantsBulkUpdatePrices", {
        "productId": product_id, "variants": [c.as_input() for c in chunk]})
    payload = data.get("productVariantsBulkUpdate") or {}
    errors = user_errors(payload)
    if not errors:
        saved = {v["id"]: v for v in payload.get("productVariants") or () if v and v.get("id")}
        return {c.variant_id: WriteOutcome.success(c.variant_id, PRICE_FIELD, _saved_values(
            saved.get(c.variant_id), c)) for c in chunk}
    by_index: dict[int, list[FieldError]] = {}
    general: list[FieldError] = []
    for error in errors:
        index = error.input_index
        if index is not None and index < len(chunk):
            by_index.setdefault(index, []).append(error)
        else:
            general.append(error)
    outcomes = {}
    for index, change in enumerate(chunk):
        if index in by_index:
            outcomes[change.variant_id] = WriteOutcome.rejected(change.variant_id, PRICE_FIELD,
                                                                by_index[index])
        elif len(chunk) == 1 or (general and not by_index):
            outcomes[change.variant_id] = WriteOutcome.rejected(change.variant_id, PRICE_FIELD,
                                                                general)
    return outcomes


def _saved_values(saved: Mapping[str, Any] | None, change: PriceChange) -> dict[str, Any]:
    if saved is None:
        return change.desired()
    return {"price": saved.get("price"), "compare_at_price": saved.get("compareAtPrice")}


def _reconcile(client: AdminClient, chunk: list[PriceChange],
               outcomes: dict[str, WriteOutcome]) -> list[PriceChange]:
    """After an unknown outcome: settle what a re-read shows; return what to resend."""
    current = read_variant_prices(client, [c.variant_id for c in chunk])
    resend = []
    for change in chunk:
        now = current[change.variant_id]
        if now is None:
            outcomes[change.variant_id] = WriteOutcome.failed(
                change.variant_id, PRICE_FIELD, NOT_FOUND, "This variant no longer exists")
        elif _holds(now.values(), change.desired()):
            outcomes[change.variant_id] = WriteOutcome.success(change.variant_id, PRICE_FIELD,
                                                               now.values())
        elif change.previous is None or _holds(now.values(), {
                k: change.previous.get(k) for k in change.desired()}):
            resend.append(change)
        else:
            outcomes[change.variant_id] = _conflict(change, now)
    return resend


def _conflict(change: PriceChange, now: VariantPrice) -> WriteOutcome:
    return WriteOutcome.failed(change.variant_id, PRICE_FIELD, CONFLICT,
                               "The price was changed in Shopify by someone else meanwhile",
                               value=now.values())


def _set_call(client: AdminClient, product_id: str, chunk: list[PriceChange],
              max_rewrites: int, outcomes: dict[str, WriteOutcome]) -> None:
    """Write one product's chunk, recording each decided variant as it goes."""
    def send(pending: list[PriceChange]) -> list[PriceChange]:
        return write_until_decided(
            pending, write=lambda part: _write_call(client, product_id, part),
            reconcile=lambda part, known: _reconcile(client, part, known),
            ident=lambda change: change.variant_id, target=lambda change: change.variant_id,
            field=PRICE_FIELD, max_rewrites=max_rewrites, outcomes=outcomes)

    # The rest were refused only along with the others: once more without them.
    for change in send(send(chunk)):
        outcomes[change.variant_id] = WriteOutcome.failed(
            change.variant_id, PRICE_FIELD, OUTCOME_UNKNOWN,
            "Shopify neither saved nor refused this price")


def _check_first(client: AdminClient, changes: list[PriceChange],
                 outcomes: dict[str, WriteOutcome]) -> list[PriceChange]:
    """Leave out (as conflicts or not found) variants whose prices moved since read."""
    current = read_variant_prices(client, [c.variant_id for c in changes])
    kept = []
    for change in changes:
        now = current[change.variant_id]
        if now is None:
            outcomes[change.variant_id] = WriteOutcome.failed(
                change.variant_id, PRICE_FIELD, NOT_FOUND, "This variant no longer exists")
        elif change.previous is not None and not _holds(now.values(), {
                k: change.previous.get(k) for k in change.desired()}):
            outcomes[change.variant_id] = _conflict(change, now)
        else:
            kept.append(change)
    return kept


def set_variant_prices(client: AdminClient, changes: Iterable[PriceChange], *,
                       check_first: bool = False, max_rewrites: int = 1) -> list[WriteOutcome]:
    """Write variant prices, one ``productVariantsBulkUpdate`` per product (and
    per 250 variants); one outcome per change, in order.

    Args:
        check_first: read the variants before writing and report a conflict
            for any whose price no longer matches ``previous``.
        max_rewrites: how often a write whose outcome was unknown may be sent
            again after the re-read shows it was not applied.

    Raises:
        WriteInterruptedError: an error stopped the run; it carries every
            change's outcome so far (``not_attempted`` for the unsent ones).
    """
    items = list(changes)
    results: dict[str, WriteOutcome] = {}
    for change in items:
        if not change.desired():
            results[change.variant_id] = WriteOutcome.success(change.variant_id, PRICE_FIELD,
                                                              None)
    try:
        todo = [c for c in items if c.variant_id not in results]
        if check_first and todo:
            todo = _check_first(client, todo, results)
        groups: dict[str, list[PriceChange]] = {}
        for change in todo:
            groups.setdefault(change.product_id, []).append(change)
        for product_id, group in groups.items():
            for start in range(0, len(group), MAX_VARIANTS_PER_CALL):
                _set_call(client, product_id, group[start:start + MAX_VARIANTS_PER_CALL],
                          max_rewrites, results)
    except ShopifyError as exc:
        outcomes = [results.get(c.variant_id) or not_attempted(c.variant_id, PRICE_FIELD, exc)
                    for c in items]
        raise WriteInterruptedError(outcomes, exc) from exc
    return [results[c.variant_id] for c in items]
