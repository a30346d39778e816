"""A file's changes against the store's values: the items to review, the values that
are already the store's, and the rows that can't be used. Pure: no database, no client.

A value equal to the store's becomes no item: it is counted as `unchanged` in the
summary, so the review lists only what would really change (an unchanged export
imported back gives an empty review, not thousands of skipped rows). The limits a
value must obey (lengths, counts: `values.LimitProblem` in the spreadsheet library)
apply only to values that would change: a store whose SEO title is longer than a file
may set still imports its own export back. A value that can't be read never reaches
here: its row failed when read.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from shopify_app.jobs.kinds.base import ItemSpec
from shopify_app.spreadsheets import CURRENT, ChangeSet, FailedRow, FieldChange, RowResult

from . import values
from .targets import Index, Target, Wanted

FAILED_SHOWN = 50


@dataclass
class Plan:
    items: list[ItemSpec] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, name: str, what: str, by: int = 1) -> None:
        row = self.counts.setdefault(name, {"change": 0, "unchanged": 0, "invalid": 0})
        row[what] += by


Found = dict[tuple[Any, ...], Target | str]


def wanted_keys(changes: ChangeSet) -> Wanted:
    wanted = Wanted()
    for change in changes.changes():
        wanted.add(change.target, change.field)
    return wanted


def current_value(name: str, target: Target) -> str:
    if name in values.PRICE_FIELDS:
        return values.as_text(name, getattr(target.variant, name))
    if name == "image_alt":
        return values.as_text(name, target.image.alt)
    return values.product_value(target.product, name)


class Settle:
    """ChangeSet's `settle` for a file read against the index: whether a change's
    value is the store's already (then only the fact it was set is kept). Remembers
    what each reference names, as `found`."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.found: Found = {}

    def __call__(self, change: FieldChange, key: tuple[Any, ...]) -> bool:
        target = self.found.get(key)  # keyed by the ChangeSet's own key tuple
        if target is None:
            target = self.found[key] = self.index.resolve(change.target)
        if isinstance(target, str) or change.field not in values.IMPORTED:
            return False
        return values.same(change.field, current_value(change.field, target),
                           values.as_text(change.field, change.value))


def resolve_all(changes: ChangeSet, index: Index) -> Found:
    """Each reference of the file → its object, or why the store has none."""
    found: Found = {}
    for change in changes.changes():
        if change.target.key not in found:
            found[change.target.key] = index.resolve(change.target)
    return found


def broken(changes: ChangeSet, found: Found) -> dict[tuple[Any, str], str]:
    """(object key, field) → the rule its value breaks, for values that would change."""
    problems: dict[tuple[Any, str], str] = {}
    for change in changes.changes():
        target = found[change.target.key]
        if change.problem is None or change.value is CURRENT or isinstance(target, str):
            continue
        if not values.same(change.field, current_value(change.field, target),
                           values.as_text(change.field, change.value)):
            problems[(change.target.key, change.field)] = change.problem
    return problems


def build(changes: ChangeSet, found: Found,
          withdrawn: set[tuple[Any, str]] = frozenset()) -> Plan:  # type: ignore[assignment]
    """The items: values that differ from the store's, leaving out those only failed
    rows set (`withdrawn`: a row that fails changes nothing)."""
    plan = Plan()
    for name, count in changes.invalid_by_field.items():
        if name in values.IMPORTED:
            plan.count(name, "invalid", count)
    kept: list[tuple[FieldChange, Target, str, str]] = []
    for change in changes.changes():
        if change.field not in values.IMPORTED:
            continue
        target = found[change.target.key]
        if isinstance(target, str) or (change.target.key, change.field) in withdrawn:
            plan.count(change.field, "invalid")
            continue
        if change.value is CURRENT:  # found equal to the store's while reading
            plan.count(change.field, "unchanged")
            continue
        original = current_value(change.field, target)
        proposed = values.as_text(change.field, change.value)
        if values.same(change.field, original, proposed):
            plan.count(change.field, "unchanged")
            continue
        if change.problem is not None:  # its row is failed (failed_rows): never an item
            plan.count(change.field, "invalid")
            continue
        kept.append((change, target, original, proposed))
    prices = _prices_after(kept)
    for change, target, original, proposed in kept:
        plan.count(change.field, "change")
        plan.items.append(_item(change, target, original, proposed, prices))
    return plan


def _prices_after(kept: Iterable[tuple[FieldChange, Target, str, str]]
                  ) -> dict[str, dict[str, str]]:
    """Each changed variant's price and compare-at price once the import is published."""
    after: dict[str, dict[str, str]] = {}
    for change, found, _, proposed in kept:
        if change.field in values.PRICE_FIELDS:
            variant = found.variant
            now = after.setdefault(variant.id, {
                "price": values.canonical_price(variant.price),
                "compare_at_price": values.canonical_price(variant.compare_at_price)})
            now[change.field] = proposed
    return after


def _warnings(change: FieldChange, found: Target,
              prices: dict[str, dict[str, str]]) -> list[str]:
    warnings = [change.note] if change.note else []
    if change.field in values.PRICE_FIELDS:
        now = prices[found.variant.id]
        try:
            below = (now["compare_at_price"] and now["price"]
                     and Decimal(now["compare_at_price"]) < Decimal(now["price"]))
        except InvalidOperation:
            below = False
        if below:
            warnings.append(f"The compare-at price {now['compare_at_price']} is below the "
                            f"price {now['price']}, so no discount will show.")
    return warnings


def describe(found: Target, name: str) -> str:
    """Which object of the product a row changes, for the item's title."""
    if found.variant is not None and len(found.product.variants or ()) > 1:
        return f" ({found.variant.title or found.variant.sku or 'variant'})"
    if found.image is not None:
        images = [m.id for m in found.product.media or ()]
        position = images.index(found.image.id) + 1 if found.image.id in images else None
        return f" (image {position})" if position else " (image)"
    return ""


def _item(change: FieldChange, found: Target, original: str, proposed: str,
          prices: dict[str, dict[str, str]]) -> ItemSpec:
    name = change.field
    target = (found.variant.id if found.variant is not None
              else found.image.id if found.image is not None else found.product.id)
    title = found.product.title or found.product.handle
    return ItemSpec(
        product_id=found.product.id,
        product_title=f"{title} — {values.label(name)}{describe(found, name)}"[:255],
        target_id=target, original=original,
        input={"field": name, "label": values.label(name), "proposed": proposed,
               "line": change.line, "handle": found.product.handle,
               "product": found.product.title, "warnings": _warnings(change, found, prices),
               "html": name == "description_html"})


def failed_rows(found: Found, changes: ChangeSet, results: Iterable[RowResult]
                ) -> tuple[list[FailedRow], set[tuple[Any, str]]]:
    """The file's unusable rows: those the reader refused and, from a second read of the
    rows, those naming an object the store does not have or setting a value that breaks
    a rule and is not the store's; with the values that only such rows set (to leave
    out: a row that fails changes nothing)."""
    failed = list(changes.failed)
    unresolved = {key: reason for key, reason in found.items() if isinstance(reason, str)}
    problems = broken(changes, found)
    if not unresolved and not problems:
        return failed, set()
    refused = {row.line for row in failed}
    # Values first set by a failing row, until a later good row sets them too (rows come
    # in order, so the first setter's fate is known by then): these are left out.
    withdrawn: set[tuple[Any, str]] = set()
    for result in results:
        if not result.ok or result.line in refused:
            continue
        reasons = tuple(dict.fromkeys(
            unresolved.get(c.target.key) or problems[(c.target.key, c.field)]
            for c in result.changes
            if c.target.key in unresolved or (c.target.key, c.field) in problems))
        if reasons:
            failed.append(FailedRow(result.line, result.cells, reasons))
            withdrawn.update((c.target.key, c.field) for c in result.changes
                             if c.target.key not in unresolved
                             and changes.first_line(c.target.key, c.field) == result.line)
        elif withdrawn:
            withdrawn.difference_update((c.target.key, c.field) for c in result.changes)
    return sorted(failed, key=lambda row: row.line), withdrawn


def summary(plan: Plan, changes: ChangeSet, failed: list[FailedRow]) -> dict[str, Any]:
    return {"rows_read": changes.rows_read, "failed_rows": len(failed),
            "items": len(plan.items),
            "fields": {name: plan.counts[name] for name in values.IMPORTED
                       if name in plan.counts},
            "failed": [{"line": row.line, "reason": row.message}
                       for row in failed[:FAILED_SHOWN]],
            "notices": [{"line": n.line, "message": n.message} for n in changes.notices[:20]]}
