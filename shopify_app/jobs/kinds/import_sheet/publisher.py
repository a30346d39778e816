"""Publishing an import: each item swaps one field of one product, variant or image.

ValueSwapPublisher does the compare before writing (the value read at import time
must still be there, else a conflict; a forced write keeps what it overwrote for
the revert); writes.py reads and writes the values, grouped by kind of field.
"""
from __future__ import annotations

from typing import Any

from shopify_app.jobs.errors import InvalidInput
from shopify_app.jobs.kinds.base import JobView
from shopify_app.jobs.kinds.publisher import Outcome, PublishContext, ValueSwapPublisher, Write
from shopify_app.models import JobItem
from shopify_app.spreadsheets import CLEAR_TOKEN, FIELDS, SpreadsheetError

from . import values, writes
from .edits import check_value


class ImportPublisher(ValueSwapPublisher):
    def target(self, job: JobView, item: JobItem) -> str:
        field = (item.input or {}).get("field", "")
        return values.target_key(field, item.target_id or item.product_id or "",
                                 item.product_id)

    def read(self, context: PublishContext, targets: list[str]) -> dict[str, Any]:
        return writes.read_current(context.shopify(), targets)

    def write(self, context: PublishContext, changes: list[Write]) -> dict[int, Outcome]:
        return writes.write_all(context.shopify(), changes, use_bulk=context.use_bulk)

    def validate_edit(self, job: JobView, item: JobItem, value: Any) -> str:
        """An edit obeys the rules a file's cell obeys (numbers, lengths, safe HTML)."""
        field = (item.input or {}).get("field", "")
        if not isinstance(value, str):
            raise InvalidInput([("proposed", "proposed must be text")])
        if field not in values.IMPORTED:
            raise InvalidInput([("proposed", "this item can't be edited")])
        if value.strip() == CLEAR_TOKEN or not value.strip():
            if not FIELDS[field].clearable:
                raise InvalidInput([("proposed", f"{values.label(field)} can't be empty")])
            return ""
        try:
            return check_value(field, value)
        except SpreadsheetError as exc:
            raise InvalidInput([("proposed", exc.message)]) from exc
