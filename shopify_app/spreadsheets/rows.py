"""Reading one row into changes: keys, ``[clear]``, and validation.

Rules that keep a file from destroying data by accident: an absent column or
an empty cell leaves the value alone; only the exact token ``[clear]`` clears
a field (and only fields that may be empty). A row with any error changes
nothing, so fixing and re-uploading it is always safe.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .columns import ColumnMapping
from .errors import RowError
from .fields import FIELDS, IMAGE, OPTION_KEYS, PRODUCT, VARIANT
from .html import sanitize_description
from .model import FieldChange, ImageRef, Notice, ProductRef, RowResult, VariantRef
from .reader import SheetRow
from .values import (
    AUTO,
    CLEAR_TOKEN,
    MAX_ALT,
    MAX_SEO_DESCRIPTION,
    MAX_SEO_TITLE,
    MAX_TITLE,
    LimitProblem,
    ValueProblem,
    check_length,
    format_price,
    one_line,
    parse_gid,
    parse_position,
    parse_price,
    parse_status,
    parse_tags,
)

SANITIZED_NOTE = "The description's HTML was cleaned: unsafe parts (scripts, event handlers, " \
                 "unsafe links) were removed."


@dataclass(frozen=True)
class RowSettings:
    """``decimal``: "." or "," for prices, or "auto" to take the file's hint."""

    decimal: str = AUTO


# (field, text) → the text kept for a key cell (see ImportSettings.key_text).
KeyText = Callable[[str, str], str]


class _Row:
    """One row being read: collects values, errors and notices."""

    def __init__(self, row: SheetRow, mapping: ColumnMapping, decimal: str,
                 defer: bool = False, key_text: KeyText | None = None) -> None:
        self.row = row
        self.mapping = mapping
        self.decimal = decimal
        self.defer = defer
        self.key_text = key_text
        self.errors: list[RowError] = []
        self.notices: list[Notice] = []
        self.problems: dict[str, str] = {}  # field → the rule its value breaks (deferred)

    def cell(self, index: int | None) -> str:
        return self.row.cells[index].strip() if index is not None else ""

    def fail(self, message: str, field_name: str | None = None) -> None:
        column = None
        if field_name is not None:
            index = self.mapping.setter(field_name)
            index = index if index is not None else self.mapping.key(field_name)
            column = self.mapping.columns[index].header if index is not None else None
        self.errors.append(RowError(message, line=self.row.line, column=column))

    def key_value(self, field_name: str) -> Any:
        text = self.cell(self.mapping.key(field_name))
        if not text:
            return None
        try:
            if field_name == "image_position":
                return parse_position(text)
            if field_name in ("id", "variant_id", "image_id"):
                text = parse_gid(field_name, text)
        except ValueProblem as problem:
            self.fail(problem.message, field_name)
            return None
        text = text.lower() if field_name == "handle" else text
        return self.key_text(field_name, text) if self.key_text is not None else text

    def values(self) -> dict[str, Any]:
        """Field → parsed value (None = clear) for every non-empty settable cell."""
        found: dict[str, Any] = {}
        cells = self.row.cells
        for field_name, index in self.mapping._setters.items():
            raw = cells[index]
            text = raw.strip()
            if not text:
                continue
            if text == CLEAR_TOKEN:
                if FIELDS[field_name].clearable:
                    found[field_name] = None
                else:
                    self.fail(f"{FIELDS[field_name].label} can't be cleared.", field_name)
                continue
            try:
                found[field_name] = self.parse(field_name, raw)
            except ValueProblem as problem:
                # Only a limit can be the store's own value breaking it (values.py).
                if self.defer and isinstance(problem, LimitProblem):
                    found[field_name] = one_line(text)
                    self.problems[field_name] = problem.message
                else:
                    self.fail(problem.message, field_name)
        return found

    def parse(self, field_name: str, raw: str) -> Any:
        text = raw.strip()
        if field_name in ("price", "compare_at_price"):
            label = FIELDS[field_name].label
            return format_price(parse_price(text, self.decimal, label=label))
        if field_name == "status":
            return parse_status(text)
        if field_name == "tags":
            return parse_tags(text)
        if field_name == "description_html":
            cleaned, altered = sanitize_description(raw)
            if not altered:
                # Only re-serialised: keep the file's own markup, so an unchanged
                # description reads back equal to the store's.
                return raw
            self.notices.append(Notice(self.row.line, SANITIZED_NOTE, field_name))
            return cleaned
        if field_name == "seo_title":
            return check_length(field_name, one_line(text), MAX_SEO_TITLE,
                                " Search engines cut longer titles off.")
        if field_name == "seo_description":
            return check_length(field_name, one_line(text), MAX_SEO_DESCRIPTION)
        if field_name == "image_alt":
            return check_length(field_name, one_line(text), MAX_ALT)
        return check_length(field_name, one_line(text), MAX_TITLE)


def interpret_row(row: SheetRow, mapping: ColumnMapping, decimal: str, *,
                  defer: bool = False, key_text: KeyText | None = None) -> RowResult:
    """The changes one row asks for, or its errors (then it changes nothing).

    With ``defer``, a value past a limit (a ``LimitProblem``) is a change carrying its
    ``problem`` rather than an error: only the caller knows whether it is the store's
    value already. A value that can't be read fails its row either way.
    """
    if row.error is not None:
        return RowResult(row.line, row.cells, errors=(row.error,))
    reading = _Row(row, mapping, decimal, defer, key_text)
    values = reading.values()
    product_id, handle = reading.key_value("id"), reading.key_value("handle")
    product = ProductRef(product_id, handle) if product_id or handle else None
    targets: dict[str, Any] = {}
    levels = {FIELDS[f].level for f in values}
    if PRODUCT in levels:
        targets[PRODUCT] = product
        if product is None:
            reading.fail("This row changes the product but has no handle or product ID.")
    if VARIANT in levels:
        variant_id, sku = reading.key_value("variant_id"), reading.key_value("sku")
        options = tuple(value for value in (reading.cell(mapping.key(k)) for k in OPTION_KEYS)
                        if value)
        targets[VARIANT] = (VariantRef(variant_id, sku, product, options)
                            if variant_id or sku or product else None)
        if targets[VARIANT] is None:
            reading.fail("This row changes a price but has no SKU, variant ID or handle.")
        _check_prices(reading, values)
    if IMAGE in levels:
        image_id, position = reading.key_value("image_id"), reading.key_value("image_position")
        url = reading.cell(mapping.key("image_url")) or None
        has_image = image_id or (product and (position or url))
        targets[IMAGE] = ImageRef(image_id, product, position, url) if has_image else None
        if not has_image:
            reading.fail("This row changes alt text but doesn't say which image: add the "
                         "image ID, or the handle with the image position or URL.")
    if reading.errors:
        for field_name, message in reading.problems.items():
            reading.fail(message, field_name)  # the row fails anyway: say everything
        return RowResult(row.line, row.cells, errors=tuple(reading.errors),
                         notices=tuple(reading.notices))
    changes = tuple(FieldChange(targets[FIELDS[f].level], f, v, row.line,
                                note=_note(reading.notices, f),
                                problem=reading.problems.get(f))
                    for f, v in values.items())
    return RowResult(row.line, row.cells, changes=changes, notices=tuple(reading.notices))


def _note(notices: list[Notice], field_name: str) -> str | None:
    if not notices:
        return None
    return next((n.message for n in notices if n.field == field_name), None)


def _check_prices(reading: _Row, values: dict[str, Any]) -> None:
    if reading.problems.keys() & {"price", "compare_at_price"}:
        return  # not numbers: nothing to compare
    price, compare_at = values.get("price"), values.get("compare_at_price")
    if price is not None and compare_at is not None and Decimal(compare_at) < Decimal(price):
        reading.notices.append(Notice(
            reading.row.line, f"The compare-at price {compare_at} is below the price {price}, "
            "so no discount will show.", "compare_at_price"))


def interpret_rows(rows: Iterable[SheetRow], mapping: ColumnMapping,
                   decimal: str, *, defer: bool = False) -> Iterator[RowResult]:
    """``interpret_row`` over a stream of rows (constant memory)."""
    for row in rows:
        yield interpret_row(row, mapping, decimal, defer=defer)
